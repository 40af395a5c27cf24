/**
 * The limits of an activity record (`./limits.ts`): every string, list and number a client sends is
 * bounded, a value over its limit is an `over_limit` error naming the field and the limit, and the
 * hand-written fast path for goods records accepts exactly what the schema accepts, limits included.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  activitySchema,
  goodsFast,
  parseActivity,
  parseActivityBySchema,
  type ActivityError,
} from "./activity.js";
import { activityFacts, factsOf, type FactValue } from "./facts.js";
import {
  MAX_CODE_LENGTH,
  MAX_ID_LENGTH,
  MAX_NAME_LENGTH,
  MAX_PARTIES,
  MAX_QUANTITY,
  MAX_TEXT_LENGTH,
} from "./limits.js";

const goods = { id: "g-1", type: "goods", date: "2019-12-17", hs: "0302.11", from: "KP", to: "CN" };
const party = {
  name: "Ocean Trading",
  role: "consignee",
  dob: "1970-01-01",
  passport: "P123",
  nationalId: "108-123-456",
  swift: "KUDBKPPY",
  imo: "9191357",
};

/** The record with `value` at the dotted `path` (numbers index arrays). */
function withValue(record: object, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(record) as Record<string, unknown>;
  const keys = path.split(".");
  let at: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[keys[keys.length - 1] as string] = value;
  return copy;
}

const withParty = { ...goods, parties: [party], vessel: { name: "Sea Star", imo: "9191357", flag: "PA" } };

/** Every bounded string of a goods record: where it is, its limit, and how the field is named. */
const strings: readonly (readonly [path: string, limit: number, field: string])[] = [
  ["id", MAX_ID_LENGTH, "id"],
  ["description", MAX_TEXT_LENGTH, "description"],
  ["exemption", MAX_ID_LENGTH, "exemption"],
  ["port", MAX_NAME_LENGTH, "port"],
  ["unit", MAX_CODE_LENGTH, "unit"],
  ["parties.0.name", MAX_NAME_LENGTH, "parties[0].name"],
  ["parties.0.role", MAX_CODE_LENGTH, "parties[0].role"],
  ["parties.0.dob", MAX_CODE_LENGTH, "parties[0].dob"],
  ["parties.0.passport", MAX_CODE_LENGTH, "parties[0].passport"],
  ["parties.0.nationalId", MAX_CODE_LENGTH, "parties[0].nationalId"],
  ["parties.0.swift", MAX_CODE_LENGTH, "parties[0].swift"],
  ["parties.0.imo", MAX_CODE_LENGTH, "parties[0].imo"],
  ["vessel.name", MAX_NAME_LENGTH, "vessel.name"],
  ["vessel.imo", MAX_CODE_LENGTH, "vessel.imo"],
];

/** The error of a record the parser must refuse. */
function refusal(record: unknown): ActivityError {
  const parsed = parseActivity(record);
  if (parsed.ok) assert.fail(`accepted: ${JSON.stringify(parsed.activity).slice(0, 200)}`);
  return parsed.error;
}

describe("activity limits", () => {
  for (const [path, limit, field] of strings) {
    it(`takes ${field} of ${limit} characters and refuses one more, naming the field and the limit`, () => {
      const at = parseActivity(withValue(withParty, path, "a".repeat(limit)));
      assert.equal(at.ok, true, JSON.stringify(at));
      assert.deepEqual(refusal(withValue(withParty, path, "a".repeat(limit + 1))), {
        code: "over_limit",
        message: `${field} is ${limit + 1} characters long; the limit is ${limit}`,
        field,
        limit,
      });
    });
  }

  it("refuses a 3,000-character id, for every type of activity, before anything uses it", () => {
    const long = "x".repeat(3000);
    const records = [
      { ...goods, id: long },
      {
        id: long,
        type: "employment",
        date: "2019-12-17",
        nationality: "KP",
        country: "RU",
        newAuthorization: true,
      },
      { id: long, type: "service", date: "2019-12-17", service: "crew", from: "KP", to: "CN" },
    ];
    for (const record of records) {
      const error = refusal(record);
      assert.equal(error.code, "over_limit", record.type);
      assert.equal(error.field, "id");
      assert.match(error.message, new RegExp(`limit is ${MAX_ID_LENGTH}$`));
    }
  });

  it("bounds the codes the schema reads: country, date, HS code (padding that trimming would remove counts)", () => {
    for (const [path, value] of [
      ["from", `KP${" ".repeat(MAX_CODE_LENGTH)}`],
      ["date", "2".repeat(MAX_CODE_LENGTH + 1)],
      ["hs", `0302.11${" ".repeat(MAX_CODE_LENGTH)}`],
    ] as const) {
      const error = refusal(withValue(goods, path, value));
      assert.equal(error.code, "over_limit", path);
      assert.equal(error.field, path);
      assert.equal(error.limit, MAX_CODE_LENGTH);
    }
  });

  it(`takes ${MAX_PARTIES} parties and refuses one more`, () => {
    const many = (n: number) => ({
      ...goods,
      parties: Array.from({ length: n }, (_, i) => ({ name: `p${i}` })),
    });
    assert.equal(parseActivity(many(MAX_PARTIES)).ok, true);
    assert.deepEqual(refusal(many(MAX_PARTIES + 1)), {
      code: "over_limit",
      message: `parties has ${MAX_PARTIES + 1} items; the limit is ${MAX_PARTIES}`,
      field: "parties",
      limit: MAX_PARTIES,
    });
  });

  it("bounds quantities and values, written as numbers or as CSV text, and refuses infinite ones", () => {
    assert.equal(parseActivity({ ...goods, quantity: MAX_QUANTITY }).ok, true);
    for (const [field, value] of [
      ["quantity", MAX_QUANTITY * 10],
      ["quantity", "1e13"],
      ["value", 1e308],
    ] as const) {
      const error = refusal({ ...goods, [field]: value });
      assert.equal(error.code, "over_limit", `${field} ${value}`);
      assert.equal(error.field, field);
      assert.match(error.message, new RegExp(`over the limit of ${MAX_QUANTITY}$`));
    }
    const payment = {
      id: "p",
      type: "payment",
      date: "2019-12-17",
      from: "CN",
      to: "KP",
      instrument: "transfer",
    };
    assert.equal(refusal({ ...payment, amount: 2e12 }).field, "amount");
    // JSON's 1e309 parses as Infinity, and so does the CSV text "1e309".
    for (const value of [Infinity, "1e309"])
      assert.equal(refusal({ ...goods, quantity: value }).field, "quantity", String(value));
    assert.equal(refusal({ ...goods, id: Infinity }).message, "id Infinity: must be a finite number");
  });

  it("describes a 10,000-deep value in a message without overflowing the stack", () => {
    const deep = JSON.parse(`${"[".repeat(10_000)}${"]".repeat(10_000)}`) as unknown;
    const error = refusal({ ...goods, parties: [{ name: "x", role: deep }] });
    assert.equal(error.field, "parties[0].role");
    assert.equal(
      error.message,
      `parties[0].role ${"[".repeat(37)}...: Invalid input: expected string, received array`,
    );
    // Shallow values are quoted as before: the whole JSON, or its first 37 characters.
    assert.match(refusal({ ...goods, hs: ["03", 2] }).message, /^hs \["03",2\]: /);
    assert.match(
      refusal({ ...goods, hs: { code: "0302".repeat(20) } }).message,
      /^hs \{"code":"0302030203020302030203020302\.\.\.: /,
    );
  });
});

/** A string of about `limit` characters: just under, at, or just over it, sometimes padded with spaces. */
function around(limit: number, base: string): fc.Arbitrary<string> {
  return fc.tuple(fc.integer({ min: -1, max: 1 }), fc.constantFrom("", " ", "  ")).map(([delta, pad]) => {
    const length = Math.max(1, limit + delta - 2 * pad.length);
    return `${pad}${base.repeat(Math.ceil(length / base.length)).slice(0, length)}${pad}`;
  });
}

describe("the goods fast path agrees with the schema", () => {
  it("on records with values at, under and just over each limit", () => {
    const record = fc.record(
      {
        id: fc.oneof(around(MAX_ID_LENGTH, "id-"), fc.constantFrom(1, 1e308, -0)),
        description: around(MAX_TEXT_LENGTH, "frozen fish "),
        exemption: around(MAX_ID_LENGTH, "1718-HEX-"),
        port: around(MAX_NAME_LENGTH, "Nampo "),
        unit: around(MAX_CODE_LENGTH, "kg"),
        hs: fc.oneof(fc.constant("0302.11"), around(MAX_CODE_LENGTH, "0302.11 ")),
        from: fc.oneof(
          fc.constant("KP"),
          around(MAX_CODE_LENGTH, " ").map((pad) => `KP${pad}`),
        ),
        quantity: fc.oneof(
          fc.constantFrom(MAX_QUANTITY, MAX_QUANTITY + 1, 1e308, -0, "1e309", "1e12", "1e13"),
          fc.double({ min: 0, max: 2 * MAX_QUANTITY, noNaN: true }),
        ),
        value: fc.constantFrom(1, MAX_QUANTITY, MAX_QUANTITY * 2),
        parties: fc.array(
          fc.record(
            {
              name: around(MAX_NAME_LENGTH, "Ocean "),
              role: around(MAX_CODE_LENGTH, "c"),
              dob: around(MAX_CODE_LENGTH, "1"),
              passport: around(MAX_CODE_LENGTH, "P"),
              imo: fc.oneof(around(MAX_CODE_LENGTH, "9"), fc.constant(9191357)),
            },
            { requiredKeys: ["name"] },
          ),
          { maxLength: 2 },
        ),
        manyParties: fc.constantFrom(MAX_PARTIES, MAX_PARTIES + 1),
        vessel: fc.record(
          { name: around(MAX_NAME_LENGTH, "Sea "), imo: around(MAX_CODE_LENGTH, "9") },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(record, ({ manyParties, ...fields }) => {
        const input: Record<string, unknown> = { ...goods, ...fields };
        if (manyParties !== undefined && fields.parties === undefined)
          input["parties"] = Array.from({ length: manyParties }, (_, i) => ({ name: `p${i}` }));
        const parsed = parseActivity(input);
        const schema = activitySchema.safeParse(input);
        assert.equal(parsed.ok, schema.success, JSON.stringify(parsed).slice(0, 300));
        if (parsed.ok && schema.success) assert.deepEqual(parsed.activity, schema.data);
      }),
      { numRuns: Number(process.env["FUZZ_RUNS"] ?? 500) },
    );
  });

  it("on generated goods records, valid and subtly invalid in every field: the same activity, or the same error", () => {
    const runs = Number(process.env["FUZZ_RUNS"] ?? 2000);
    let fast = 0;
    let accepted = 0;
    fc.assert(
      fc.property(goodsRecord, (record) => {
        const bySchema = parseActivityBySchema(record);
        // The whole answer: the same activity, or the same error (code, field, message, limit).
        assert.deepStrictEqual(parseActivity(record), bySchema);
        const quick = goodsFast(record);
        if (bySchema.ok) accepted++;
        if (quick === undefined) return;
        fast++;
        assert.ok(bySchema.ok, `the fast path took what the schema refuses: ${JSON.stringify(bySchema)}`);
        assert.deepStrictEqual(quick, bySchema.activity);
        // The same keys in the same order, as the audit log stores the activity's JSON.
        assert.equal(JSON.stringify(quick), JSON.stringify(bySchema.activity));
      }),
      { numRuns: runs },
    );
    // The records reach both paths, and both answers: a test the fast path never ran in could not fail.
    assert.ok(fast > runs / 5, `the fast path took ${fast} of ${runs} records`);
    assert.ok(accepted < runs * 0.9, `the schema accepted ${accepted} of ${runs} records`);
  });
});

/** Values no field takes as they are, or that one of them takes only by a transform. */
const oddValues = fc.constantFrom<unknown>(
  undefined,
  null,
  true,
  false,
  0,
  -0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  "",
  " ",
  [],
  {},
  ["KP"],
);

/** Mostly `valid`, sometimes a subtly wrong value, sometimes an odd one of the wrong type. */
function field(valid: fc.Arbitrary<unknown>, wrong: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 40, arbitrary: valid },
    { weight: 2, arbitrary: wrong },
    { weight: 1, arbitrary: oddValues },
  );
}

const countryCode = field(
  fc.constantFrom("KP", "CN", "RU", "kp", " cn", "Ru "),
  fc.oneof(
    fc.constantFrom("XX", "K P", "KPR", "Korea"),
    around(MAX_CODE_LENGTH, " ").map((pad) => `KP${pad}`),
  ),
);
const isoDate = field(
  fc.constantFrom("2019-12-17", "2020-02-29", "2000-02-29", "2017-08-05", "0100-01-01"),
  fc.constantFrom(
    "2019-02-29",
    "1900-02-29",
    "2019-13-01",
    "2019-00-10",
    "2019-12-32",
    "0099-12-31",
    "2019-1-01",
    " 2019-12-17",
    "2019-12-17 ",
    "2019/12/17",
    "2019-12-17T00:00:00Z",
    "２０19-12-17",
    20191217,
  ),
);
const bool = field(
  fc.constantFrom(true, false, "true", "yes", "1", "false", "no", "0", " YES ", "False"),
  fc.constantFrom("maybe", "y", "2", 1, 0, "truth"),
);
const quantityValue = field(
  fc.oneof(
    fc.double({ min: 0, max: MAX_QUANTITY, noNaN: true }),
    fc.constantFrom(0, MAX_QUANTITY, "12", " 3.5 ", "1e12", "0x10", "-0"),
  ),
  fc.constantFrom(-1, MAX_QUANTITY + 1, "1e13", "1e309", "ten", "-5", "1,000"),
);

/** A value of a fact of the registry, by its kind: the facts are generated from the registry. */
function factValue(value: FactValue): fc.Arbitrary<unknown> {
  switch (value.kind) {
    case "boolean":
      return bool;
    case "date":
      return isoDate;
    case "country":
      return countryCode;
    case "enum":
      return field(
        fc.constantFrom(...value.values),
        fc
          .constantFrom(...value.values)
          .chain((option) => fc.constantFrom(option.toUpperCase(), ` ${option}`, `${option} `, `${option}s`)),
      );
    case "text":
      return field(bounded(value.max, "Rajin"), fc.constant("x".repeat(value.max + 1)));
  }
}

const goodsFactArbitraries = Object.fromEntries(
  factsOf("goods").map((name) => [name, factValue(activityFacts[name].value)]),
);

const partyRecord = fc.record(
  {
    name: field(bounded(MAX_NAME_LENGTH, "Ocean"), fc.constantFrom("   ", "")),
    role: field(fc.constantFrom("consignee", "shipper"), fc.constant("r".repeat(MAX_CODE_LENGTH + 1))),
    kind: field(fc.constantFrom("person", "entity", "vessel"), fc.constantFrom("Person", "ship")),
    country: countryCode,
    nationality: countryCode,
    imo: field(fc.constantFrom("9191357", 9191357, "IMO 9191357"), fc.constant("9".repeat(101))),
    dob: field(fc.constantFrom("1970-01-01", "1970"), fc.constant("1".repeat(101))),
    passport: field(fc.constant("P123"), fc.constant("P".repeat(101))),
    nationalId: field(fc.constant("108-123-456"), fc.constant("1".repeat(101))),
    swift: field(fc.constant("KUDBKPPY"), fc.constant(42)),
  },
  { requiredKeys: [] },
);

const MISSING = Symbol("missing");

/** An optional field: given in one record out of four. */
function optional(value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant(MISSING) }, { weight: 1, arbitrary: value });
}

/** Text of at most `max` characters: mostly short, sometimes at, under or just over the limit. */
function bounded(max: number, base: string): fc.Arbitrary<string> {
  return fc.oneof({ weight: 8, arbitrary: fc.constantFrom(base, ` ${base}`, `${base} `) }, around(max, base));
}

/** A required field: mostly given, sometimes missing. */
function required(value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 30, arbitrary: value }, { weight: 1, arbitrary: fc.constant(MISSING) });
}

/** The optional fields of a goods record: the schema's, the registry's facts, and keys the schema drops. */
const optionalFields: Record<string, fc.Arbitrary<unknown>> = {
  description: field(bounded(MAX_TEXT_LENGTH, "frozen fish"), fc.constant(42)),
  parties: field(
    fc.array(partyRecord, { maxLength: 3 }),
    fc.constantFrom(
      Array.from({ length: MAX_PARTIES + 1 }, (_, i) => ({ name: `p${i}` })),
      [null],
      ["name"],
    ),
  ),
  vessel: field(
    fc.record(
      {
        name: field(fc.constant("Sea Star"), fc.constant("s".repeat(MAX_NAME_LENGTH + 1))),
        imo: field(fc.constantFrom("9191357", 9191357), fc.constant(Number.NaN)),
        flag: countryCode,
      },
      { requiredKeys: [] },
    ),
    fc.constantFrom("Sea Star", [{ name: "Sea Star" }]),
  ),
  quantity: quantityValue,
  value: quantityValue,
  unit: field(bounded(MAX_CODE_LENGTH, "bbl"), fc.constant(5)),
  currency: field(fc.constantFrom("USD", "EUR", "CNY"), fc.constantFrom("usd", "US", "USDX", " USD")),
  hsEdition: field(fc.constantFrom("HS2017", "HS2022"), fc.constantFrom("hs2017", "HS2012", "2017")),
  ...goodsFactArbitraries,
  // Facts of other types and unknown keys: the schema drops them, and so must the fast path.
  workerStatus: fc.constantFrom("host-national", "nope"),
  newAuthorization: bool,
  comment: fc.constantFrom("anything", 1),
};

/** A goods record: every field of the schema, each optional one given in one record out of four. */
const goodsRecord: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    type: fc.constant("goods"),
    id: required(
      field(
        fc.oneof(fc.constantFrom("g-1", "1", 7, 0, 1e21), bounded(MAX_ID_LENGTH, "id-")),
        fc.constantFrom("", " ", "x".repeat(MAX_ID_LENGTH + 1)),
      ),
    ),
    date: required(isoDate),
    hs: required(
      field(
        fc.constantFrom("0302.11", "030211", "0302", "03", "2709.00.10", " 0302.11 ", "8703.23.19.10"),
        fc.oneof(
          fc.constantFrom("0302.1", "abc", "03-02", "", "9999999999999", "0302..11", 30211, 302.11, 8703),
          around(MAX_CODE_LENGTH, " ").map((pad) => `0302.11${pad}`),
        ),
      ),
    ),
    from: required(countryCode),
    to: required(countryCode),
    ...Object.fromEntries(Object.entries(optionalFields).map(([key, value]) => [key, optional(value)])),
  })
  .map((generated) => {
    // A required field is sometimes missing.
    const record: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(generated)) if (value !== MISSING) record[key] = value;
    return record;
  });
