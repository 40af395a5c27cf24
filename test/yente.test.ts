/**
 * The yente-compatible routes, tested with yente-shaped requests: the examples of yente's own
 * documentation (a Person with name and birth date, a Company, a Vessel by IMO number; keys chosen by
 * the client; `ApiKey` authorisation as yente-client sends it), written out here. Every field a yente
 * client reads is checked: `responses[key].results[].{id, caption, schema, properties, datasets,
 * referents, target, first_seen, last_seen, last_change, score, match, explanations}`, `total`,
 * `query`, `limit`, the `x-batch-size` header, and `{"detail": …}` on errors.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fixedContext } from "../src/api/context.js";
import { TEST_KEYS, testApp, type TestApp } from "../src/api/testing.js";
import { buildSnapshot, parseOfacSdnCsv, parseUnConsolidatedXml } from "../src/lists/index.js";
import type { Designation } from "../src/model/designation.js";
import { MAX_NAME_LENGTH } from "../src/model/limits.js";
import { createScreener } from "../src/screening/index.js";
import { needsShared, sharedData } from "./support/shared.js";

const designation = (
  fields: Partial<Designation> & Pick<Designation, "ref" | "list" | "kind">,
): Designation => ({
  programmes: [],
  names: [],
  birthDates: [],
  nationalities: [],
  identifiers: [],
  ...fields,
});

const un = buildSnapshot({
  source: "fixture-un.xml",
  list: "UN",
  importedAt: new Date("2026-11-01T00:00:00Z"),
  designations: [
    designation({
      ref: "KPe.901",
      list: "UN",
      kind: "entity",
      programmes: ["DPRK"],
      names: [{ full: "KOREA UNITED DEVELOPMENT BANK", quality: "primary" }],
      nationalities: ["KP"],
      identifiers: [{ type: "other", value: "KUDBKPPY", note: "SWIFT/BIC" }],
    }),
    designation({
      ref: "KPi.901",
      list: "UN",
      kind: "person",
      programmes: ["DPRK"],
      names: [
        { full: "KIM CHOL NAM", quality: "primary" },
        { full: "KIM CH'OL-NAM", quality: "good" },
      ],
      birthDates: [{ kind: "exact", date: "1970-01-01" }],
      nationalities: ["KP"],
      gender: "male",
      identifiers: [{ type: "passport", value: "PD123456" }],
      listedOn: "2017-06-02",
    }),
    designation({
      ref: "KPe.902",
      list: "UN",
      kind: "vessel",
      programmes: ["DPRK"],
      names: [{ full: "CHON MA SAN", quality: "primary" }],
      identifiers: [{ type: "imo", value: "8660313", valid: true }],
    }),
  ],
});
const ofac = buildSnapshot({
  source: "fixture-sdn.csv",
  list: "OFAC-SDN",
  importedAt: new Date("2026-11-02T00:00:00Z"),
  designations: [
    designation({
      ref: "20001",
      list: "OFAC-SDN",
      kind: "person",
      programmes: ["DPRK2"],
      names: [{ full: "KIM JONG UN", quality: "primary" }],
      birthDates: [{ kind: "exact", date: "1984-01-08" }],
    }),
  ],
});

const yenteKey = { authorization: `ApiKey ${TEST_KEYS.reader}` };

interface YenteResult {
  id: string;
  caption: string;
  schema: string;
  properties: Record<string, string[]>;
  datasets: string[];
  referents: string[];
  target: boolean;
  first_seen: string;
  last_seen: string;
  last_change: string;
  score: number;
  match: boolean;
  explanations: Record<string, { detail: string; score: number; query: string; candidate: string }>;
}
interface YenteResponse {
  status: number;
  results: YenteResult[];
  total: { value: number; relation: string };
  query: { schema: string; properties: Record<string, string[]> };
}

async function match(
  t: TestApp,
  dataset: string,
  queries: Record<string, unknown>,
  query = "",
  headers: Record<string, string> = yenteKey,
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await t.call("POST", `/match/${dataset}${query}`, { body: { queries }, headers });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

const responsesOf = (body: Record<string, unknown>) => body.responses as Record<string, YenteResponse>;

describe("yente-compatible API", () => {
  let t: TestApp;
  before(async () => {
    const snapshots = [un, ofac];
    t = await testApp({ context: fixedContext({ screener: createScreener(snapshots), snapshots }) });
  });
  after(() => t.cleanup());

  it("answers yente's documented /match examples, keyed as the client keyed them, with every field a client reads", async () => {
    const { status, body, headers } = await match(t, "default", {
      person: { schema: "Person", properties: { name: ["Kim Chol Nam"], birthDate: ["1970-01-01"] } },
      company: {
        schema: "Company",
        properties: { name: "Korea United Development Bank", jurisdiction: "kp" },
      },
      vessel: { schema: "Vessel", properties: { name: ["Sea Breeze"], imoNumber: ["8660313"] } },
    });
    assert.equal(status, 200);
    assert.equal(headers.get("x-batch-size"), "3");
    assert.equal(body.limit, 5);
    const responses = responsesOf(body);
    assert.deepEqual(Object.keys(responses).sort(), ["company", "person", "vessel"]);
    for (const response of Object.values(responses)) {
      assert.equal(response.status, 200);
      assert.equal(response.total.relation, "eq");
      const top = response.results[0];
      assert.ok(top, "a result");
      for (const field of ["id", "caption", "schema", "first_seen", "last_seen", "last_change"])
        assert.equal(typeof top[field as keyof YenteResult], "string", field);
      assert.ok(Array.isArray(top.datasets) && Array.isArray(top.referents));
      assert.equal(top.target, true);
      assert.ok(Object.values(top.properties).every((values) => Array.isArray(values)));
      assert.ok(top.score > 0 && top.score <= 1);
      assert.equal(top.match, top.score >= 0.7);
      for (const feature of Object.values(top.explanations)) {
        assert.equal(typeof feature.detail, "string");
        assert.equal(typeof feature.score, "number");
        assert.equal(typeof feature.query, "string");
        assert.equal(typeof feature.candidate, "string");
      }
    }
    const person = responses.person?.results[0];
    assert.ok(person);
    assert.equal(person.id, "un_sc_sanctions-KPi.901");
    assert.equal(person.schema, "Person");
    assert.deepEqual(person.properties.name, ["KIM CHOL NAM"]);
    assert.deepEqual(person.properties.alias, ["KIM CH'OL-NAM"]);
    assert.deepEqual(person.properties.program, ["DPRK"]);
    assert.deepEqual(person.properties.topics, ["sanction"]);
    assert.equal(person.first_seen, "2017-06-02");
    assert.equal(person.match, true);
    assert.deepEqual(responses.person?.query, {
      schema: "Person",
      properties: { name: ["Kim Chol Nam"], birthDate: ["1970-01-01"] },
    });
    const company = responses.company?.results[0];
    assert.ok(company);
    assert.equal(company.schema, "Organization");
    assert.equal(company.caption, "KOREA UNITED DEVELOPMENT BANK");
    // The IMO number alone confirms the vessel, whatever name the query gives it.
    const vessel = responses.vessel?.results[0];
    assert.ok(vessel);
    assert.equal(vessel.id, "un_sc_sanctions-KPe.902");
    assert.equal(vessel.score, 1);
    assert.ok("identifier_imo_confirmed" in vessel.explanations);
    assert.deepEqual(vessel.properties.imoNumber, ["8660313"]);
  });

  it("finds a listed bank by its swiftBic alone, and a listed person by passportNumber under another name", async () => {
    const { status, body } = await match(t, "default", {
      bank: { schema: "Company", properties: { swiftBic: ["KUDBKPPYXXX"] } },
      person: { schema: "Person", properties: { name: ["Ri Su Yong"], passportNumber: ["PD 123456"] } },
    });
    assert.equal(status, 200);
    const responses = responsesOf(body);
    const bank = responses["bank"]?.results[0];
    assert.deepEqual([bank?.id.endsWith("KPe.901"), bank?.score, bank?.match], [true, 1, true]);
    const person = responses["person"]?.results[0];
    assert.deepEqual([person?.id.endsWith("KPi.901"), person?.score], [true, 1]);
  });

  it("applies threshold, limit, exclude_entity_ids and the dataset scope as yente does", async () => {
    const kim = { kim: { schema: "Person", properties: { name: "Kim Jong Un" } } };
    const all = responsesOf((await match(t, "sanctions", kim)).body).kim;
    assert.ok(all);
    assert.equal(all.results[0]?.id, "us_ofac_sdn-20001");
    assert.deepEqual(all.results[0].datasets, ["us_ofac_sdn"]);
    assert.equal(all.total.value, all.results.filter((r) => r.match).length);

    const strict = responsesOf((await match(t, "default", kim, "?threshold=1")).body).kim;
    assert.ok(strict?.results.every((r) => r.match === r.score >= 1));

    const excluded = responsesOf(
      (await match(t, "default", kim, "?exclude_entity_ids=us_ofac_sdn-20001")).body,
    ).kim;
    assert.ok(excluded?.results.every((r) => r.id !== "us_ofac_sdn-20001"));

    const unOnly = responsesOf((await match(t, "un_sc_sanctions", kim)).body).kim;
    assert.ok(unOnly?.results.every((r) => r.datasets.includes("un_sc_sanctions")));
    const included = responsesOf(
      (await match(t, "default", kim, "?include_dataset=un_sc_sanctions")).body,
    ).kim;
    assert.ok(included?.results.every((r) => r.id !== "us_ofac_sdn-20001"));

    const one = await match(
      t,
      "default",
      { q: { schema: "LegalEntity", properties: { name: "Kim" } } },
      "?limit=1",
    );
    assert.equal(one.body.limit, 1);
    assert.ok((responsesOf(one.body).q?.results.length ?? 0) <= 1);
  });

  it("refuses what yente refuses, with {detail} naming what is wrong", async () => {
    const detail = (response: { status: number; body: Record<string, unknown> }, status: number): string => {
      assert.equal(response.status, status);
      assert.equal(typeof response.body.detail, "string");
      return response.body.detail as string;
    };
    const person = { q: { schema: "Person", properties: { name: "Kim" } } };
    assert.equal(detail(await match(t, "nowhere", person), 404), "No such dataset.");
    assert.match(
      detail(await match(t, "default", { q: { schema: "Address", properties: {} } }), 400),
      /schema/,
    );
    assert.match(detail(await match(t, "default", person, "?algorithm=bogus"), 400), /algorithm/);
    assert.match(detail(await match(t, "default", person, "?limit=501"), 400), /limit/);
    assert.match(detail(await match(t, "default", person, "?threshold=2"), 400), /threshold/);
    assert.match(
      detail(await match(t, "default", person, "?include_dataset=nowhere"), 400),
      /include_dataset/,
    );
    const ids = Array.from({ length: 51 }, (_, i) => `exclude_entity_ids=x${i}`).join("&");
    assert.match(detail(await match(t, "default", person, `?${ids}`), 400), /exclude_entity_ids/);
    const many = Object.fromEntries(
      Array.from({ length: 101 }, (_, i) => [`q${i}`, { schema: "Person", properties: { name: "Kim" } }]),
    );
    assert.match(detail(await match(t, "default", many), 400), /at most 100 queries/);
    const long = { q: { schema: "Person", properties: { name: "K".repeat(MAX_NAME_LENGTH + 1) } } };
    assert.match(detail(await match(t, "default", long), 400), /queries\.q\.properties\.name/);
    const config = await t.call("POST", "/match/default", {
      body: { queries: person, config: { nm_number_mismatch: 0.5 } },
      headers: yenteKey,
    });
    assert.match(
      detail({ status: config.status, body: (await config.json()) as Record<string, unknown> }, 400),
      /config/,
    );
    // yente's own algorithm names are answered (by this service's matcher), not refused.
    assert.equal((await match(t, "default", person, "?algorithm=logic-v2")).status, 200);
  });

  it("takes the same keys as /v1, as `ApiKey <key>` or `Bearer <key>`, and refuses without one", async () => {
    const query = { q: { schema: "Person", properties: { name: "Kim Chol Nam" } } };
    const none = await match(t, "default", query, "", {});
    assert.equal(none.status, 401);
    assert.equal(typeof none.body.detail, "string");
    const bearer = await match(t, "default", query, "", { authorization: `Bearer ${TEST_KEYS.reader}` });
    assert.equal(bearer.status, 200);
    const wrong = await match(t, "default", query, "", { authorization: "ApiKey not-a-key-of-ours-000" });
    assert.equal(wrong.status, 401);
    assert.equal((await t.call("GET", "/catalog")).status, 401);
    assert.equal((await t.call("GET", "/readyz")).status, 200);
  });

  it("serves /catalog, /algorithms, /entities/{id}, /search/{dataset} and /readyz", async () => {
    const catalog = (await (await t.call("GET", "/catalog", { headers: yenteKey })).json()) as {
      datasets: { name: string; type: string; entity_count: number }[];
      current: string[];
      outdated: string[];
      index_stale: boolean;
    };
    assert.deepEqual(
      catalog.datasets.map((d) => [d.name, d.type, d.entity_count]),
      [
        ["un_sc_sanctions", "source", 3],
        ["us_ofac_sdn", "source", 1],
        ["default", "collection", 4],
        ["sanctions", "collection", 4],
      ],
    );
    assert.deepEqual(catalog.outdated, []);
    assert.equal(catalog.index_stale, false);

    const algorithms = (await (await t.call("GET", "/algorithms", { headers: yenteKey })).json()) as {
      algorithms: { name: string; description: string }[];
      default: string;
      best: string;
    };
    assert.equal(algorithms.best, algorithms.default);
    assert.ok(
      algorithms.algorithms.some((a) => a.name === algorithms.best && a.description.includes("logic-v2")),
    );

    const entity = await t.call("GET", "/entities/un_sc_sanctions-KPi.901", { headers: yenteKey });
    assert.equal(entity.status, 200);
    const body = (await entity.json()) as { caption: string; properties: Record<string, string[]> };
    assert.equal(body.caption, "KIM CHOL NAM");
    assert.deepEqual(body.properties.passportNumber, ["PD123456"]);
    assert.deepEqual(body.properties.nationality, ["kp"]);
    const missing = await t.call("GET", "/entities/nobody", { headers: yenteKey });
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { detail: "No such entity." });

    const search = (await (
      await t.call("GET", "/search/default?q=kim%20chol%20nam&limit=2", { headers: yenteKey })
    ).json()) as {
      results: { id: string }[];
      total: { value: number };
      limit: number;
      offset: number;
    };
    assert.equal(search.results[0]?.id, "un_sc_sanctions-KPi.901");
    assert.equal(search.limit, 2);
    assert.equal(search.offset, 0);
    const page = (await (await t.call("GET", "/search/us_ofac_sdn", { headers: yenteKey })).json()) as {
      results: { id: string }[];
    };
    assert.deepEqual(
      page.results.map((r) => r.id),
      ["us_ofac_sdn-20001"],
    );

    assert.deepEqual(await (await t.call("GET", "/readyz")).json(), {
      status: "ok",
      algorithm: "sanctions-engine",
    });
  });

  it("is not ready, and says so, before any list is imported", async () => {
    const empty = await testApp({ context: fixedContext({}) });
    try {
      assert.equal((await empty.call("GET", "/readyz")).status, 503);
      const response = await empty.call("POST", "/match/default", {
        body: { queries: { q: { schema: "Person", properties: { name: "Kim" } } } },
        headers: yenteKey,
      });
      assert.equal(response.status, 409);
      assert.match(((await response.json()) as { detail: string }).detail, /No list is imported/);
    } finally {
      await empty.cleanup();
    }
  });
});

const bothLists = needsShared("un", "consolidated.xml").skip ?? needsShared("ofac", "sdn.csv").skip;

describe(
  "yente-compatible API on the UN and OFAC lists",
  bothLists === undefined ? {} : { skip: bothLists },
  () => {
    let t: TestApp;
    before(async () => {
      const unList = await parseUnConsolidatedXml(sharedData("un", "consolidated.xml"));
      const sdn = await parseOfacSdnCsv(sharedData("ofac", "sdn.csv"));
      const snapshots = [
        buildSnapshot({ source: "consolidated.xml", list: "UN", designations: unList.designations }),
        buildSnapshot({ source: "sdn.csv", list: "OFAC-SDN", designations: sdn.designations }),
      ];
      t = await testApp({ context: fixedContext({ screener: createScreener(snapshots), snapshots }) });
    });
    after(() => t.cleanup());

    it("finds Kim Jong Un on OFAC's list, filed under its DPRK programme, and not on the UN's", async () => {
      const { body } = await match(t, "sanctions", {
        kim: { schema: "Person", properties: { name: "Kim Jong Un" } },
      });
      const top = responsesOf(body).kim?.results[0];
      assert.ok(top);
      assert.deepEqual(top.datasets, ["us_ofac_sdn"]);
      assert.ok(top.properties.program?.some((programme) => programme.startsWith("DPRK")));
      const unOnly = responsesOf(
        (
          await match(t, "un_sc_sanctions", {
            kim: { schema: "Person", properties: { name: "Kim Jong Un" } },
          })
        ).body,
      ).kim;
      assert.ok(unOnly?.results.every((result) => !result.match || result.caption !== "KIM JONG UN"));
    });
  },
);
