/**
 * Fuzzing the API through `app.request()`, over an embedded database and the audit journal, as
 * `sanctions serve` runs:
 *
 * - random and malformed requests (methods, paths, query strings, headers, keys of every role, JSON and
 *   non-JSON bodies, activities with mangled fields, cap deliveries, exemption records) each get a 2xx
 *   or 4xx answer in the one error shape, never a 5xx and never a throw;
 * - every POST route of the OpenAPI document (a new one fails the suite until it has an arbitrary
 *   here) is sent fields just over their limits (`model/limits.ts`), far over them (3,000 characters
 *   an index cannot hold), nested 10,000 deep, and huge and non-finite numbers (1e308, -0, 1e309): never
 *   a 5xx, and a 400 names the field (and, where the route takes its limits from `model/limits.ts`,
 *   the limit); a route that answers item by item names the field in the item's place;
 * - afterwards a normal check is answered and recorded in the audit log: nothing jammed the journal.
 *
 * Run counts scale with `FUZZ_RUNS` (default 1000), so that the suite stays well under a minute on two
 * cores; raise it for a longer search.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { openAuditJournal, type AuditJournal } from "../src/api/audit-journal.js";
import { auditReaderOf, storedContext, storeRegimeVersion } from "../src/api/stored.js";
import { TEST_KEYS, testApp, testRegime, type TestApp } from "../src/api/testing.js";
import { defaultRegimeDir } from "../src/config/index.js";
import {
  MAX_CODE_LENGTH,
  MAX_ID_LENGTH,
  MAX_JSON_DEPTH,
  MAX_LABEL_LENGTH,
  MAX_NAME_LENGTH,
  MAX_PARTIES,
  MAX_QUANTITY,
  MAX_RESULTS,
  MAX_TEXT_LENGTH,
} from "../src/model/limits.js";
import { activityTypes } from "../src/model/facts.js";
import type { Store } from "../src/store/index.js";
import { pgliteFactory } from "../src/store/testing/factories.js";

/** The scale of every property's run count. */
const RUNS = Math.max(1, Number(process.env["FUZZ_RUNS"] ?? 1000));

const PATHS = [
  "/v1/check",
  "/v1/screen",
  "/v1/regime",
  "/v1/measures/KP-EXP-SEAFOOD",
  "/v1/measures/%E0%A4%A",
  "/v1/timeline",
  "/v1/events",
  "/v1/drafts/diff",
  "/v1/council/vote",
  "/v1/lists/import",
  "/v1/lists",
  "/v1/caps/status",
  "/v1/caps/deliveries",
  "/v1/exemptions",
  "/v1/exemptions/1718-HEX-2021-07",
  "/v1/exemptions/%00",
  "/v1/keys",
  "/v1/keys/key-00000000",
  "/v1/audit/checks",
  "/healthz",
  "/openapi.json",
  "/",
  "/v1",
  "/v1/",
  "//v1/check",
  "/v1/check/",
  "/v1/measures/",
];

const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

const CONTENT_TYPES = [
  undefined,
  "application/json",
  "application/json; charset=utf-8",
  "application/JSON",
  "application/problem+json",
  "text/plain",
  "application/xml",
  "text/csv",
  "application/x-ndjson",
  "application/octet-stream",
  "multipart/form-data; boundary=x",
  "application/x-www-form-urlencoded",
  "",
  ";;;",
];

// Mostly valid keys of every role, so that most requests get past the key check to the handlers.
const authorization = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 12, arbitrary: fc.constantFrom(...Object.values(TEST_KEYS)).map((key) => `Bearer ${key}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((key) => `Bearer ${key}`) },
);

/** The routes as they are meant to be called. */
const ROUTES: readonly (readonly [string, string])[] = [
  ["POST", "/v1/check"],
  ["POST", "/v1/screen"],
  ["GET", "/v1/regime"],
  ["GET", "/v1/measures/KP-EXP-SEAFOOD"],
  ["GET", "/v1/measures/kp-imp-refined"],
  ["GET", "/v1/timeline"],
  ["GET", "/v1/events"],
  ["POST", "/v1/drafts/diff"],
  ["POST", "/v1/council/vote"],
  ["POST", "/v1/lists/import"],
  ["GET", "/v1/lists"],
  ["GET", "/v1/caps/status"],
  ["POST", "/v1/caps/deliveries"],
  ["GET", "/v1/exemptions"],
  ["GET", "/v1/exemptions/1718-HEX-2021-07"],
  ["POST", "/v1/exemptions"],
  ["POST", "/v1/keys"],
  ["GET", "/v1/keys"],
  ["GET", "/v1/audit/checks"],
  ["GET", "/v1/drafts"],
  ["GET", "/v1/drafts/us-2022"],
  ["GET", "/healthz"],
];

const date = fc.oneof(
  fc.constantFrom(
    "2019-12-17",
    "2006-10-13",
    "2017-08-05",
    "2019-02-29",
    "2020-02-29",
    "0000-01-01",
    "9999-12-31",
  ),
  fc.string({ maxLength: 12 }),
);

const queryValue = fc.oneof(
  date,
  fc.string({ maxLength: 20 }),
  fc.constantFrom("%", "%ZZ", "a&b", "[]", "\u0000"),
);
const query = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        "at",
        "from",
        "to",
        "format",
        "dataset",
        "source",
        "x",
        "at[]",
        "year",
        "measure",
        "name",
        "replace",
        "activity",
        "request",
        "batch",
        "limit",
      ),
      fc.oneof(queryValue, fc.constantFrom("2019", "KP-IMP-REFINED", "true", "false")),
    ),
    {
      maxLength: 4,
    },
  )
  .map((pairs) =>
    pairs.length === 0
      ? ""
      : "?" +
        pairs
          .map(([key, value]) => `${key}=${Math.random() < 0.7 ? encodeURIComponent(value) : value}`)
          .join("&"),
  );

/** An activity-like record with some fields mangled: the evaluator must take or refuse it cleanly. */
const activity = fc.record(
  {
    id: fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null)),
    type: fc.constantFrom(...activityTypes, "GOODS", "", "x"),
    date,
    hs: fc.oneof(
      fc.constantFrom("0302.11", "2710.19", "8806.21", "27", "9999.99", "0302.11.00"),
      fc.string({ maxLength: 12 }),
      fc.integer(),
    ),
    from: fc.oneof(fc.constantFrom("KP", "CN", "kp", "XX", " ru "), fc.string({ maxLength: 3 })),
    to: fc.oneof(fc.constantFrom("KP", "CN", "JP"), fc.string({ maxLength: 3 })),
    contractDate: date,
    quantity: fc.oneof(fc.double(), fc.string({ maxLength: 6 }), fc.integer()),
    unit: fc.string({ maxLength: 5 }),
    nationality: fc.constantFrom("KP", "RU"),
    country: fc.constantFrom("RU", "CN", "??"),
    newAuthorization: fc.oneof(fc.boolean(), fc.string({ maxLength: 5 })),
    action: fc.constantFrom("establish", "port-entry", "bunkering", "nope"),
    instrument: fc.constantFrom("transfer", "bulk-cash", "grant", "x"),
    service: fc.constantFrom("crew", "insurance", "x"),
    partnerCountry: fc.constantFrom("KP", "CN"),
    parties: fc.oneof(
      fc.array(
        fc.record(
          {
            name: fc.string({ maxLength: 20 }),
            role: fc.string({ maxLength: 8 }),
            imo: fc.oneof(fc.string({ maxLength: 9 }), fc.integer()),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 3 },
      ),
      fc.anything({ maxDepth: 2 }),
    ),
    vessel: fc.oneof(
      fc.record(
        {
          name: fc.string({ maxLength: 10 }),
          imo: fc.string({ maxLength: 9 }),
          flag: fc.string({ maxLength: 3 }),
        },
        { requiredKeys: [] },
      ),
      fc.anything({ maxDepth: 1 }),
    ),
    purpose: fc.constantFrom("livelihood", "humanitarian", "other"),
    hsEdition: fc.constantFrom("HS2017", "HS2022", "HS1996"),
  },
  { requiredKeys: [] },
);

/** A delivery as `POST /v1/caps/deliveries` takes it, with fields mangled. */
const delivery = fc.record(
  {
    supplier: fc.oneof(fc.constantFrom("China", "Russian Federation", ""), fc.string({ maxLength: 20 })),
    date,
    until: date,
    quantity: fc.oneof(fc.double(), fc.integer(), fc.string({ maxLength: 5 })),
    unit: fc.constantFrom("bbl", "t", "barrels", "kl", ""),
    product: fc.constantFrom("gas-oil", "lpg", "x"),
    estimate: fc.oneof(fc.boolean(), fc.string({ maxLength: 3 })),
    source: fc.string({ maxLength: 20 }),
    measure: fc.constantFrom("KP-IMP-REFINED", "KP-IMP-CRUDE", "KP-EXP-SEAFOOD", "nope", ""),
  },
  { requiredKeys: [] },
);

/** An exemption record, with fields mangled. */
const exemption = fc.record(
  {
    reference: fc.oneof(fc.constantFrom("1718-HEX-2021-07", "2664-WFP"), fc.string({ maxLength: 12 })),
    kind: fc.constantFrom("committee", "carve-out", "x"),
    applicant: fc.string({ maxLength: 10 }),
    actor: fc.constantFrom("World Food Programme", ""),
    category: fc.constantFrom("un", "other", "x"),
    approved: date,
    validityMonths: fc.oneof(fc.integer({ min: -2, max: 200 }), fc.double()),
    validUntil: date,
    activities: fc.array(fc.constantFrom("goods", "joint_venture", "x"), { maxLength: 2 }),
    items: fc.array(
      fc.record(
        {
          description: fc.string({ maxLength: 8 }),
          hs: fc.array(fc.constantFrom("8708", "0302.11", "x"), { maxLength: 2 }),
          quantity: fc.oneof(fc.double(), fc.integer()),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 2 },
    ),
    parties: fc.array(fc.record({ name: fc.string({ maxLength: 8 }) }), { maxLength: 2 }),
    shipments: fc.record(
      { allowed: fc.integer({ min: -1, max: 5 }), used: fc.integer({ min: -1, max: 5 }) },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

const jsonBody = fc.oneof(
  delivery.map((value) => JSON.stringify(value)),
  fc
    .record(
      { role: fc.constantFrom("reader", "analyst", "admin", "root"), label: fc.string({ maxLength: 30 }) },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
  fc.oneof(exemption, fc.array(exemption, { maxLength: 3 })).map((value) => JSON.stringify(value)),
  fc.json({ maxDepth: 4 }),
  activity.map((value) => JSON.stringify(value)),
  fc.array(activity, { maxLength: 5 }).map((value) => JSON.stringify(value)),
  fc
    .record(
      {
        queries: fc.oneof(
          fc.array(
            fc.record(
              {
                name: fc.string({ maxLength: 30 }),
                dob: fc.string({ maxLength: 10 }),
                kind: fc.constantFrom("person", "entity", "vessel", "x"),
              },
              { requiredKeys: [] },
            ),
            { maxLength: 3 },
          ),
          fc.anything({ maxDepth: 1 }),
        ),
        threshold: fc.oneof(fc.double(), fc.string({ maxLength: 3 })),
        limit: fc.oneof(fc.integer(), fc.double()),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
  fc
    .record(
      {
        id: fc.constantFrom("cn-ru-2019", "us-2022", "nope", "../x", "CN-RU-2019", ""),
        at: fc.constantFrom("2019-12-17", "2022-05-26", "2019-02-30", "x"),
        draft: fc.anything({ maxDepth: 2 }),
        activities: fc.array(activity, { maxLength: 3 }),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
  fc
    .record(
      {
        date: date,
        year: fc.oneof(fc.integer({ min: 1990, max: 2030 }), fc.double(), fc.string({ maxLength: 4 })),
        votes: fc.dictionary(
          fc.constantFrom("China", "United States", "France", "Atlantis", "RU", ""),
          fc.oneof(
            fc.constantFrom("yes", "no", "abstain", "absent", "maybe"),
            fc.double(),
            fc.anything({ maxDepth: 1 }),
          ),
        ),
        positions: fc.dictionary(
          fc.constantFrom("China", "Russian Federation", "Kenya", "UK", "x"),
          fc.oneof(
            fc.double(),
            fc.constantFrom("yes", "no"),
            fc.record({ yes: fc.double(), no: fc.double(), abstain: fc.double() }, { requiredKeys: [] }),
            fc.anything({ maxDepth: 1 }),
          ),
        ),
        symbol: fc.string({ maxLength: 10 }),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
);

const rawBody = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    "",
    "{",
    "[",
    "null",
    "[[[[[[[[[[]]]]]]]]]]",
    `${"[".repeat(10_000)}${"]".repeat(10_000)}`,
    `{"id":"d","type":"goods","parties":[{"name":${"[".repeat(10_000)}${"]".repeat(10_000)}}]}`,
    '{"id":"n","type":"goods","date":"2019-12-17","hs":"0302.11","from":"KP","to":"CN","quantity":1e309}',
    '{"id":1e308,"type":"goods","date":"2019-12-17","hs":"0302.11","from":"KP","to":"CN","value":-0}',
    '{"a":',
    "\uFEFF{}",
    "<?xml version='1.0'?><CONSOLIDATED_LIST>",
    '<CONSOLIDATED_LIST dateGenerated="x"><INDIVIDUALS><INDIVIDUAL></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>',
    '1,"X",-0-',
    '{"schema":"Person","id":"x","properties":{}}',
    "record_id,supplier,period_start,period_end,record_type,quantity_barrels\n1,China,2019-01,2019-12,notified_annual_total,5",
  ),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
);

const target = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ROUTES) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...METHODS), fc.constantFrom(...PATHS)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...METHODS), fc.webPath()) },
);

const request = fc.record({
  target,
  query,
  authorization,
  contentType: fc.oneof(
    { weight: 3, arbitrary: fc.constant("application/json") },
    { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
  ),
  body: fc.option(fc.oneof(jsonBody, rawBody), { nil: undefined }),
  requestId: fc.option(fc.string({ maxLength: 80 }), { nil: undefined }),
});

// --- limits: fields just over and far over their limits, deep nesting, huge numbers ---------------

type Path = readonly (string | number)[];

/** A field a client sends, and the limit it may not pass. */
interface Bounded {
  readonly path: Path;
  /** `text`: characters; `items`: array length; `number`: value; `key`: the length of a key of the object at `path`. */
  readonly kind: "text" | "items" | "number" | "key";
  readonly limit: number;
  /** Where the value goes: the JSON body (default), the query string or the path (`{name}`). */
  readonly in?: "query" | "path";
}

/**
 * How a POST route is fuzzed: a body it takes (or nearly), the fields it bounds, how the body is sent.
 * `enforced` routes take their limits from `model/limits.ts` here, so an answer must name the limit
 * and an over-limit value must not be taken; for the others (caps and exemptions set their own) the
 * suite asks for no 5xx and, on a 400, the field named.
 */
interface RouteFuzz {
  readonly base: unknown;
  /** Values of the path's parameters (`{id}`), when it has any. */
  readonly params?: Readonly<Record<string, string>>;
  readonly fields: readonly Bounded[];
  readonly enforced: boolean;
  /** The body's text and content type; JSON by default. */
  readonly send?: (body: unknown) => { readonly text: string; readonly contentType: string };
  /** Routes that answer item by item: where the items are, and where the answer reports a rejected one. */
  readonly items?: { readonly at: Path; readonly answer: "results" | "rejected" };
  /**
   * How a 400 may name a field when not by its dotted path: an activity error writes `parties[0].name`,
   * a list upload names the record or the line.
   */
  readonly names?: (path: Path) => readonly string[] | undefined;
}

/** How a value is broken. */
type Breakage =
  | { readonly how: "just-over" }
  | { readonly how: "far-over"; readonly seed: number }
  | { readonly how: "deep"; readonly depth: number }
  /** A number, a numeric string, or `raw-1e309`: the literal 1e309 in the JSON text (Infinity once parsed). */
  | { readonly how: "number"; readonly value: number | string };

const breakage: fc.Arbitrary<Breakage> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ how: "just-over" as const }) },
  { weight: 3, arbitrary: fc.integer().map((seed) => ({ how: "far-over" as const, seed })) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(10_000, MAX_JSON_DEPTH + 1).map((depth) => ({ how: "deep" as const, depth })),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom<number | string>(
        1e308,
        -0,
        "1e309",
        "raw-1e309",
        MAX_QUANTITY + 1,
        Number.MAX_SAFE_INTEGER,
      )
      .map((value) => ({ how: "number" as const, value })),
  },
);

/**
 * `length` characters that do not compress (a btree index compresses an entry before it measures it),
 * from letters of several scripts; never a NUL or a lone surrogate (refused for another reason).
 */
function noise(seed: number, length: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/ éøßжщ字符한글";
  let state = seed >>> 0 || 1;
  let text = "";
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    text += alphabet.charAt((state >>> 8) % alphabet.length);
  }
  return text;
}

/** Placeholders replaced in the JSON text by what JSON.stringify cannot write. */
const DEEP = "\u0001deep";
const RAW_INFINITY = "\u0001inf";

function replaced(json: string, depth: number): string {
  return json
    .replace(JSON.stringify(DEEP), `${"[".repeat(depth)}${"]".repeat(depth)}`)
    .replace(JSON.stringify(RAW_INFINITY), "1e309");
}

function setAt(value: unknown, path: Path, leaf: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path[path.length - 1] as string | number] = leaf;
  return copy;
}

function getAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>(
    (at, key) => (at as Record<string | number, unknown> | undefined)?.[key],
    value,
  );
}

/** A path as an activity error writes it: `parties[0].name`. */
const activityField = (path: Path): string =>
  path.reduce<string>(
    (text, part) => (typeof part === "number" ? `${text}[${part}]` : text ? `${text}.${part}` : part),
    "",
  );

/** What one fuzzed request is: what was broken, and the text sent. */
interface Broken {
  readonly field: Bounded;
  readonly breakage: Breakage;
  /** Whether the value is over the field's limit (a -0 is not; a number in a text field is not). */
  readonly over: boolean;
  readonly deep: number;
  /** The path's parameters and the query string, as sent. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: string;
  readonly body: string;
  readonly contentType: string;
}

function broken(route: RouteFuzz, field: Bounded, b: Breakage): Broken {
  let value: unknown;
  let over = true;
  let key: string | undefined;
  const long = (seed: number) => noise(seed, Math.max(3000, field.limit * 2));
  if (b.how === "deep") value = DEEP;
  else if (field.kind === "number") {
    value = b.how === "number" ? (b.value === "raw-1e309" ? RAW_INFINITY : b.value) : field.limit + 1;
    over = typeof value !== "number" || value > field.limit || !Number.isFinite(value);
    if (typeof value === "string" && value !== RAW_INFINITY) over = false; // a string is refused as a string
  } else if (b.how === "number") {
    value = b.value === "raw-1e309" ? RAW_INFINITY : b.value;
    over = false;
  } else if (field.kind === "items") {
    const item = (getAt(route.base, field.path) as unknown[])[0];
    value = Array.from({ length: b.how === "far-over" ? field.limit * 2 : field.limit + 1 }, () => item);
  } else {
    const text = b.how === "far-over" ? long(b.seed) : "k".repeat(field.limit + 1);
    if (field.kind === "key") key = text;
    else value = text;
  }
  let body = route.base;
  let query = "";
  const params = { ...route.params };
  if (field.in !== undefined) {
    const name = String(field.path[0]);
    const text = String(value);
    if (field.in === "query") query = `?${name}=${encodeURIComponent(text)}`;
    else params[name] = text;
  } else if (field.kind === "key") {
    // A key over the limit, or a member's value broken otherwise.
    body = setAt(route.base, field.path, key === undefined ? { France: value } : { [key]: "yes" });
  } else body = setAt(route.base, field.path, value);
  const sent = route.send
    ? route.send(body)
    : { text: JSON.stringify(body), contentType: "application/json" };
  return {
    field,
    breakage: b,
    over,
    deep: b.how === "deep" ? b.depth : 0,
    params,
    query,
    body: replaced(sent.text, b.how === "deep" ? b.depth : 0),
    contentType: sent.contentType,
  };
}

const seafood = {
  id: "fz-1",
  type: "goods",
  date: "2019-12-17",
  hs: "0302.11",
  from: "KP",
  to: "CN",
  description: "frozen fish",
  exemption: "1718-HEX-2021-07",
  port: "Nampo",
  unit: "kg",
  quantity: 10,
  value: 100,
  parties: [
    { name: "Ocean Trading", role: "consignee", dob: "1970-01-01", passport: "P123", imo: "9191357" },
  ],
  vessel: { name: "Sea Star", imo: "9191357" },
};

/** The bounded fields of an activity, under `at` (the activity's place in the body). */
function activityFields(at: Path): Bounded[] {
  const fields: [Path, Bounded["kind"], number][] = [
    [["id"], "text", MAX_ID_LENGTH],
    [["date"], "text", MAX_CODE_LENGTH],
    [["hs"], "text", MAX_CODE_LENGTH],
    [["from"], "text", MAX_CODE_LENGTH],
    [["description"], "text", MAX_TEXT_LENGTH],
    [["exemption"], "text", MAX_ID_LENGTH],
    [["port"], "text", MAX_NAME_LENGTH],
    [["unit"], "text", MAX_CODE_LENGTH],
    [["quantity"], "number", MAX_QUANTITY],
    [["value"], "number", MAX_QUANTITY],
    [["parties"], "items", MAX_PARTIES],
    [["parties", 0, "name"], "text", MAX_NAME_LENGTH],
    [["parties", 0, "role"], "text", MAX_CODE_LENGTH],
    [["parties", 0, "dob"], "text", MAX_CODE_LENGTH],
    [["parties", 0, "passport"], "text", MAX_CODE_LENGTH],
    [["parties", 0, "imo"], "text", MAX_CODE_LENGTH],
    [["vessel", "name"], "text", MAX_NAME_LENGTH],
    [["vessel", "imo"], "text", MAX_CODE_LENGTH],
  ];
  return fields.map(([path, kind, limit]) => ({ path: [...at, ...path], kind, limit }));
}

const ftmEntity = { id: "fz-p-1", schema: "Person", datasets: ["fuzz"], properties: { name: ["Kim Chol"] } };

const deliveryBody = {
  supplier: "China",
  date: "2019-03-01",
  quantity: 100,
  unit: "bbl",
  product: "gas-oil",
  source: "fuzz",
};

const committee = {
  reference: "FZ-1718-1",
  kind: "committee",
  applicant: "Relief Org",
  approved: "2021-02-01",
  validityMonths: 9,
  activities: ["goods"],
  items: [{ description: "tractor parts", hs: ["8708"], quantity: 50, unit: "pieces" }],
  parties: [{ name: "Relief Org" }],
  shipments: { allowed: 3, used: 0 },
};

/**
 * An arbitrary for every POST route, by its OpenAPI path. A route of the document that is missing here
 * fails the suite: add it, with the fields it bounds.
 */
const POST_ROUTES: Readonly<Record<string, readonly RouteFuzz[]>> = {
  "/v1/check": [
    { base: seafood, fields: activityFields([]), enforced: true, names: (path) => [activityField(path)] },
    {
      base: [seafood],
      fields: activityFields([0]),
      enforced: true,
      items: { at: [], answer: "results" },
    },
  ],
  "/v1/screen": [
    {
      base: {
        queries: [
          { id: "q-1", name: "Kim Chol", dob: "1970", nationality: "KP", imo: "9191357", passport: "P1" },
        ],
        threshold: 0.8,
        limit: 5,
      },
      fields: [
        { path: ["queries", 0, "id"], kind: "text", limit: MAX_ID_LENGTH },
        { path: ["queries", 0, "name"], kind: "text", limit: MAX_NAME_LENGTH },
        { path: ["queries", 0, "dob"], kind: "text", limit: MAX_CODE_LENGTH },
        { path: ["queries", 0, "nationality"], kind: "text", limit: MAX_CODE_LENGTH },
        { path: ["queries", 0, "imo"], kind: "text", limit: MAX_CODE_LENGTH },
        { path: ["queries", 0, "passport"], kind: "text", limit: MAX_CODE_LENGTH },
        { path: ["limit"], kind: "number", limit: MAX_RESULTS },
        { path: ["threshold"], kind: "number", limit: 1 },
      ],
      enforced: true,
    },
  ],
  "/v1/drafts/diff": [
    {
      base: { id: "us-2022", at: "2022-05-26", activities: [seafood] },
      fields: [
        { path: ["id"], kind: "text", limit: MAX_ID_LENGTH },
        { path: ["at"], kind: "text", limit: MAX_CODE_LENGTH },
        ...activityFields(["activities", 0]),
      ],
      enforced: true,
      items: { at: ["activities"], answer: "rejected" },
    },
  ],
  "/v1/council/vote": [
    {
      base: { symbol: "S/2019/961", title: "A draft", date: "2019-12-16", votes: { China: "yes" } },
      fields: [
        { path: ["symbol"], kind: "text", limit: MAX_ID_LENGTH },
        { path: ["title"], kind: "text", limit: MAX_TEXT_LENGTH },
        { path: ["date"], kind: "text", limit: MAX_CODE_LENGTH },
        { path: ["votes"], kind: "key", limit: MAX_NAME_LENGTH },
        { path: ["positions"], kind: "key", limit: MAX_NAME_LENGTH },
        { path: ["year"], kind: "number", limit: 2100 },
      ],
      enforced: true,
    },
  ],
  "/v1/keys": [
    {
      base: { role: "reader", label: "fuzz" },
      fields: [{ path: ["label"], kind: "text", limit: MAX_LABEL_LENGTH }],
      enforced: true,
    },
  ],
  "/v1/lists/import": [
    {
      base: ftmEntity,
      fields: [
        { path: ["id"], kind: "text", limit: MAX_ID_LENGTH },
        { path: ["datasets", 0], kind: "text", limit: MAX_CODE_LENGTH },
        { path: ["dataset"], kind: "text", limit: MAX_CODE_LENGTH, in: "query" },
        { path: ["source"], kind: "text", limit: MAX_TEXT_LENGTH, in: "query" },
      ],
      enforced: true,
      send: (entity) => ({ text: `${JSON.stringify(entity)}\n`, contentType: "application/x-ndjson" }),
      // A list is not JSON fields: the answer names the record (or its line), or the dataset.
      names: (path) =>
        path[0] === "id" ? ["record 1", "line 1"] : path[0] === "datasets" ? ["dataset name"] : undefined,
    },
  ],
  "/v1/caps/deliveries": [
    {
      base: deliveryBody,
      fields: [
        { path: ["supplier"], kind: "text", limit: MAX_NAME_LENGTH },
        { path: ["source"], kind: "text", limit: MAX_TEXT_LENGTH },
        { path: ["unit"], kind: "text", limit: MAX_CODE_LENGTH },
        { path: ["product"], kind: "text", limit: MAX_CODE_LENGTH },
        { path: ["quantity"], kind: "number", limit: MAX_QUANTITY },
      ],
      enforced: false,
    },
    {
      // The notifications table: a record id over the limit.
      base: { recordId: "fz-1" },
      fields: [
        { path: ["recordId"], kind: "text", limit: MAX_ID_LENGTH },
        { path: ["name"], kind: "text", limit: MAX_ID_LENGTH, in: "query" },
      ],
      enforced: false,
      send: (row) => ({
        text:
          "record_id,supplier,period_start,period_end,record_type,quantity_barrels\n" +
          `"${String((row as { recordId: unknown }).recordId).replaceAll('"', '""')}",China,2019-01,2019-12,notified_annual_total,5\n`,
        contentType: "text/csv",
      }),
      names: (path) => (path[0] === "recordId" ? ["record"] : undefined),
    },
  ],
  "/v1/caps/deliveries/{id}/void": [
    {
      base: { reason: "entered twice" },
      params: { id: "1" },
      fields: [
        { path: ["reason"], kind: "text", limit: MAX_TEXT_LENGTH },
        { path: ["id"], kind: "text", limit: MAX_ID_LENGTH, in: "path" },
      ],
      enforced: false,
    },
  ],
  "/v1/decisions": [
    {
      base: {
        party: "Korea Development Bank",
        list: "UN",
        entry: "KPe.033",
        decision: "false_positive",
        note: "a South Korean state bank",
      },
      fields: [
        { path: ["party"], kind: "text", limit: MAX_NAME_LENGTH },
        { path: ["list"], kind: "text", limit: MAX_CODE_LENGTH },
        { path: ["entry"], kind: "text", limit: MAX_ID_LENGTH },
        { path: ["note"], kind: "text", limit: MAX_TEXT_LENGTH },
      ],
      enforced: true,
    },
  ],
  "/match/{dataset}": [
    {
      base: { queries: { q1: { schema: "Person", properties: { name: ["Kim Chol"], birthDate: "1970" } } } },
      params: { dataset: "default" },
      // A value of a property is a string or a list of them: a broken item is named by its property.
      names: (path) =>
        typeof path.at(-1) === "number" ? [path.join("."), path.slice(0, -1).join(".")] : [path.join(".")],
      fields: [
        { path: ["queries", "q1", "schema"], kind: "text", limit: MAX_CODE_LENGTH },
        { path: ["queries", "q1", "properties", "name", 0], kind: "text", limit: MAX_NAME_LENGTH },
        { path: ["queries", "q1", "properties", "name"], kind: "items", limit: 20 },
        { path: ["dataset"], kind: "text", limit: MAX_CODE_LENGTH, in: "path" },
      ],
      enforced: false,
    },
  ],
  "/v1/exemptions": [
    {
      base: committee,
      fields: [
        { path: ["reference"], kind: "text", limit: MAX_ID_LENGTH },
        { path: ["applicant"], kind: "text", limit: MAX_NAME_LENGTH },
        { path: ["items", 0, "description"], kind: "text", limit: MAX_TEXT_LENGTH },
        { path: ["items", 0, "unit"], kind: "text", limit: MAX_CODE_LENGTH },
        { path: ["items", 0, "quantity"], kind: "number", limit: MAX_QUANTITY },
        { path: ["parties", 0, "name"], kind: "text", limit: MAX_NAME_LENGTH },
        { path: ["validityMonths"], kind: "number", limit: 24 },
      ],
      enforced: false,
    },
  ],
};

interface ErrorAnswer {
  readonly code: string;
  readonly message: string;
  readonly issues?: readonly { readonly path: string; readonly code: string; readonly message: string }[];
}

/** Whether an error answer names one of `fields` (by an issue's path, or in its message) and, if given, `limit`. */
function names(error: ErrorAnswer, fields: readonly string[], limit?: number): boolean {
  const issues = error.issues ?? [];
  const byField = fields.some(
    (field) =>
      issues.some((issue) => issue.path === field || issue.path.startsWith(`${field}.`)) ||
      error.message.includes(field),
  );
  if (!byField || limit === undefined) return byField;
  const texts = [error.message, ...issues.map((issue) => issue.message)];
  return texts.some((text) => new RegExp(`(^|[^0-9.])${limit}([^0-9]|$)`).test(text));
}

/** Asserts what the answer to one broken request must be. */
function judge(route: RouteFuzz, sent: Broken, status: number, text: string): void {
  const where = `POST ${sent.query.slice(0, 120)} ${sent.field.path.join(".")} ${JSON.stringify(sent.breakage)}`;
  const quoted = `${where} → ${status}: ${text.slice(0, 300)}`;
  assert.ok(status < 500, quoted);
  const json = route.send === undefined && sent.field.in === undefined;
  // A body that is not JSON (a list, a table) is not nested JSON fields: only no 5xx is asked of it.
  if (sent.deep > 0 && !json) return;
  if (status >= 400) {
    const parsed = JSON.parse(text) as { error?: ErrorAnswer; detail?: string };
    // The yente-compatible routes answer as yente does, `{"detail": …}`: the words must still name the field.
    const error = parsed.error ?? { code: "detail", message: String(parsed.detail) };
    assert.equal(typeof error.code, "string", quoted);
    if (status !== 400) return;
    if (sent.deep > MAX_JSON_DEPTH && parsed.detail !== undefined) {
      assert.match(parsed.detail, /nested deeper than the limit/, quoted);
      return;
    }
    if (sent.deep > MAX_JSON_DEPTH) {
      // Refused before parsing, where the nesting passes the limit.
      const issue = error.issues?.[0];
      assert.equal(issue?.code, "too_deep", quoted);
      assert.ok(issue.path.startsWith(sent.field.path.join(".")), quoted);
      return;
    }
    const fields = (sent.field.in === undefined ? route.names?.(sent.field.path) : undefined) ?? [
      sent.field.path.join("."),
    ];
    const limit = route.enforced && sent.over && sent.field.kind !== "number" ? sent.field.limit : undefined;
    assert.ok(
      names(error, fields, limit),
      `a 400 that does not name ${fields.join(" or ")} (${limit}): ${quoted}`,
    );
    return;
  }
  assert.ok(sent.deep <= MAX_JSON_DEPTH, `a body nested ${sent.deep} deep was taken: ${quoted}`);
  // Taken: an over-limit value only by a route that answers it in the item's place, naming the field.
  if (!route.enforced || !sent.over || sent.deep > 0) return;
  const items = route.items;
  assert.ok(items, `an over-limit value was taken: ${quoted}`);
  const answer = JSON.parse(text) as Record<
    string,
    { error?: { field?: string; message: string } }[] | undefined
  >;
  const item = answer[items.answer]?.[0];
  assert.equal(item?.error?.field, activityField(sent.field.path.slice(items.at.length + 1)), quoted);
}
describe("API fuzzing", () => {
  let t: TestApp;
  let store: Store;
  let dataDir: string;
  let journal: AuditJournal;
  const journalErrors: unknown[] = [];
  before(async () => {
    store = await pgliteFactory();
    const regime = await testRegime();
    await storeRegimeVersion(store, regime, defaultRegimeDir);
    // In memory where the system has it: the journal syncs every answer, and the search is about
    // answers, not disks.
    dataDir = await mkdtemp(join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "api-fuzz-"));
    // Checks go through the journal into the database, as `sanctions serve` records them.
    journal = await openAuditJournal(store.audit, {
      dir: join(dataDir, "audit-journal"),
      drainMs: 10,
      onError: (error) => journalErrors.push(error),
    });
    const context = storedContext(store, { regime, regimeDir: defaultRegimeDir, dataDir, refreshMs: 0 });
    t = await testApp({
      lists: store.snapshots,
      records: { deliveries: store.deliveries, exemptions: store.exemptions },
      audit: journal,
      auditLog: auditReaderOf(store, context),
      storedKeys: store.keys,
      context,
    });
  });
  after(async () => {
    await journal.close();
    await t.cleanup();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("answers thousands of random requests with 2xx or 4xx, never 5xx, never a throw", async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const [method, path] = r.target;
        const headers = new Headers();
        if (r.authorization !== undefined) {
          try {
            headers.set("authorization", r.authorization);
          } catch {
            // Not a valid header value: a client could not send it either.
          }
        }
        if (r.contentType !== undefined) headers.set("content-type", r.contentType);
        if (r.requestId !== undefined) {
          try {
            headers.set("x-request-id", r.requestId);
          } catch {
            // As above.
          }
        }
        const body = method === "GET" || method === "HEAD" ? undefined : r.body;
        const response = await t.app.request(`${path}${r.query}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body }),
        });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const text = await response.text();
        assert.ok(
          response.status >= 200 && response.status < 500,
          `${method} ${path}${r.query} → ${response.status}: ${text}`,
        );
        if (response.status >= 400 && method !== "HEAD") {
          const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
          assert.equal(typeof body.error?.code, "string");
          assert.equal(typeof body.error?.message, "string");
          assert.ok(!text.includes("    at "), "no stack trace");
        }
      }),
      { numRuns: RUNS * 3 },
    );
    // Both kinds of answers came out, so the fuzzing reached the handlers and not only the guards.
    const ok = [...statuses].filter(([status]) => status < 300).reduce((sum, [, n]) => sum + n, 0);
    assert.ok(ok > RUNS / 40, `only ${ok} successful answers: ${JSON.stringify([...statuses])}`);
  });

  it("evaluates thousands of mangled activities as one array each, item by item", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(activity, { minLength: 1, maxLength: 20 }), async (items) => {
        const response = await t.call("POST", "/v1/check", { role: "reader", body: items });
        assert.equal(response.status, 200);
        const body = (await response.json()) as {
          results: unknown[];
          summary: { evaluated: number; rejected: number };
        };
        assert.equal(body.results.length, items.length);
        assert.equal(body.summary.evaluated + body.summary.rejected, items.length);
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });

  /** The POST routes of the app's OpenAPI document. */
  async function postRoutes(): Promise<string[]> {
    const doc = (await (await t.call("GET", "/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    return Object.entries(doc.paths)
      .filter(([, operations]) => "post" in operations)
      .map(([path]) => path)
      .sort();
  }

  it("has a limits arbitrary for every POST route of the OpenAPI document, and none for a route it lacks", async () => {
    const routes = await postRoutes();
    assert.ok(routes.includes("/v1/check"), routes.join(", "));
    assert.deepEqual(
      routes.filter((path) => !(path in POST_ROUTES)),
      [],
      "POST routes without an arbitrary: add them to POST_ROUTES with the fields they bound",
    );
    assert.deepEqual(
      Object.keys(POST_ROUTES).filter((path) => !routes.includes(path)),
      [],
      "arbitraries of routes the document does not have",
    );
  });

  it("answers over-limit, 10,000-deep and non-finite input on every POST route without a 5xx, naming the field", async () => {
    // Those without an arbitrary fail the test above.
    const routes = (await postRoutes()).filter((path) => path in POST_ROUTES);
    // Indexes rather than the routes themselves, so that a counterexample prints short.
    const fuzzed = fc.constantFrom(...routes).chain((path) => {
      const variants = POST_ROUTES[path] ?? [];
      return fc.nat({ max: variants.length - 1 }).chain((variant) =>
        fc.record({
          path: fc.constant(path),
          variant: fc.constant(variant),
          field: fc.nat({ max: (variants[variant]?.fields.length ?? 1) - 1 }),
          breakage,
        }),
      );
    });
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fuzzed, async ({ path, variant, field, breakage }) => {
        const route = POST_ROUTES[path]?.[variant];
        const bounded = route?.fields[field];
        assert.ok(route && bounded);
        const sent = broken(route, bounded, breakage);
        const url = path.replace(/\{(\w+)\}/g, (_, name: string) =>
          encodeURIComponent(sent.params[name] ?? ""),
        );
        const response = await t.app.request(`${url}${sent.query}`, {
          method: "POST",
          headers: { authorization: `Bearer ${TEST_KEYS.admin}`, "content-type": sent.contentType },
          body: sent.body,
        });
        seen.add(path);
        judge(route, sent, response.status, await response.text());
      }),
      { numRuns: RUNS, includeErrorInReport: true },
    );
    assert.deepEqual([...seen].sort(), routes, "every POST route was sent something");
  });

  it("then answers a normal check and records it in the audit log: nothing jammed the journal", async () => {
    // Rejects if anything journaled cannot be stored (an index row too large, a value jsonb refuses).
    await journal.drain();
    assert.deepEqual(journalErrors, []);
    assert.equal(journal.health().state, "ok");
    const id = `after-the-fuzz-${Date.now()}`;
    const response = await t.call("POST", "/v1/check", {
      role: "reader",
      body: { id, type: "goods", date: "2019-12-17", hs: "0302.11", from: "KP", to: "CN" },
    });
    assert.equal(response.status, 200);
    await journal.drain();
    const found = (await (
      await t.call("GET", `/v1/audit/checks?activity=${id}`, { role: "analyst" })
    ).json()) as { checks: { activity: { id: string } }[] };
    assert.deepEqual(
      found.checks.map((check) => check.activity.id),
      [id],
    );
  });
});
