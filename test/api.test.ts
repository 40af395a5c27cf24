/**
 * The HTTP API through `app.request()` (no sockets): every route, the same JSON as the CLI's `--json`,
 * keys and roles, limits, and the one error shape that never carries a stack trace.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse as parseYaml } from "yaml";
import {
  AuditUnavailableError,
  fixedContext,
  MemoryApiKeyStore,
  type AuditHealth,
  type AuditSink,
  type ContextSource,
} from "../src/api/index.js";
import { TEST_KEYS, testApp, testRegime, type TestApp } from "../src/api/testing.js";
import { defaultRegimeDir } from "../src/config/index.js";
import {
  MAX_CODE_LENGTH,
  MAX_ID_LENGTH,
  MAX_JSON_DEPTH,
  MAX_LABEL_LENGTH,
  MAX_NAME_LENGTH,
  MAX_RESULTS,
  MAX_TEXT_LENGTH,
} from "../src/model/limits.js";
import { runCli } from "./support/cli.js";
import { needsShared, sharedData } from "./support/shared.js";

/** Suites of the shared data are skipped, saying so, on a clone with no ../shared beside it. */
const unList = needsShared("un", "consolidated.xml");

const seafood = { id: "1", type: "goods", date: "2019-12-17", hs: "0302.11", from: "KP", to: "CN" };

interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; code: string }[]; requestId?: string };
}

async function errorOf(response: Response, status: number): Promise<ErrorBody["error"]> {
  assert.equal(response.status, status);
  assert.match(response.headers.get("content-type") ?? "", /application\/json/);
  const body = (await response.json()) as ErrorBody;
  assert.equal(typeof body.error.code, "string");
  assert.equal(typeof body.error.message, "string");
  return body.error;
}

describe("API: public routes", () => {
  let t: TestApp;
  before(async () => (t = await testApp()));
  after(() => t.cleanup());

  it("answers /healthz and /openapi.json without a key", async () => {
    const health = await t.call("GET", "/healthz");
    assert.equal(health.status, 200);
    const body = (await health.json()) as { status: string; regimeVersion: string; listSnapshot: string[] };
    assert.equal(body.status, "ok");
    assert.equal(body.regimeVersion, (await testRegime()).version);
    assert.deepEqual(body.listSnapshot, []);

    const doc = (await (await t.call("GET", "/openapi.json")).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    assert.equal(doc.openapi, "3.1.0");
    for (const path of [
      "/v1/check",
      "/v1/screen",
      "/v1/regime",
      "/v1/measures/{id}",
      "/v1/timeline",
      "/v1/events",
      "/v1/drafts/diff",
      "/v1/council/vote",
      "/v1/lists/import",
    ])
      assert.ok(path in doc.paths, path);
    assert.ok("Activity" in doc.components.schemas);
  });

  it("answers unknown routes with a 404 JSON error, and echoes a well-formed request id", async () => {
    const error = await errorOf(
      await t.call("GET", "/nowhere", { headers: { "x-request-id": "abc-123" } }),
      404,
    );
    assert.equal(error.code, "not_found");
    const response = await t.call("GET", "/v1/nowhere", {
      role: "reader",
      headers: { "x-request-id": "abc-123" },
    });
    assert.equal(response.status, 404);
    assert.equal(response.headers.get("x-request-id"), "abc-123");
    const odd = await t.call("GET", "/healthz", { headers: { "x-request-id": "no spaces allowed\u0001" } });
    assert.notEqual(odd.headers.get("x-request-id"), "no spaces allowed\u0001");
  });
});

describe("API: keys and roles", () => {
  let t: TestApp;
  before(async () => (t = await testApp()));
  after(() => t.cleanup());

  it("refuses requests without a key, with an unknown key or a malformed header", async () => {
    const none = await t.call("GET", "/v1/regime?at=2019-12-17");
    assert.equal((await errorOf(none, 401)).code, "unauthorized");
    assert.match(none.headers.get("www-authenticate") ?? "", /^Bearer/);
    const unknown = await t.call("GET", "/v1/regime", {
      headers: { authorization: "Bearer not-a-key-of-ours-123" },
    });
    assert.equal((await errorOf(unknown, 401)).code, "unauthorized");
    const basic = await t.call("GET", "/v1/regime", {
      headers: { authorization: `Basic ${TEST_KEYS.admin}` },
    });
    assert.equal((await errorOf(basic, 401)).code, "unauthorized");
  });

  it("lets a reader query but not import a list nor apply a draft document", async () => {
    assert.equal((await t.call("GET", "/v1/regime?at=2019-12-17", { role: "reader" })).status, 200);
    assert.equal((await t.call("POST", "/v1/check", { role: "reader", body: seafood })).status, 200);
    const upload = await t.call("POST", "/v1/lists/import", {
      role: "reader",
      body: "<CONSOLIDATED_LIST/>",
      headers: { "content-type": "application/xml" },
    });
    assert.equal((await errorOf(upload, 403)).code, "forbidden");
    const analystUpload = await t.call("POST", "/v1/lists/import", {
      role: "analyst",
      body: "<CONSOLIDATED_LIST/>",
      headers: { "content-type": "application/xml" },
    });
    assert.equal((await errorOf(analystUpload, 403)).code, "forbidden");
    const draft = await t.call("POST", "/v1/drafts/diff", { role: "reader", body: { draft: { id: "x" } } });
    assert.equal((await errorOf(draft, 403)).code, "forbidden");
    assert.equal((await t.call("GET", "/v1/lists", { role: "reader" })).status, 200);
  });

  it("never logs a key, and logs each request with the regime version", async () => {
    await t.call("GET", "/v1/events", { role: "admin" });
    const text = t.logs.join("");
    for (const key of Object.values(TEST_KEYS)) assert.ok(!text.includes(key));
    const line = JSON.parse(t.logs.at(-1) ?? "{}") as Record<string, unknown>;
    assert.equal(line["path"], "/v1/events");
    assert.equal(line["status"], 200);
    assert.equal(line["regimeVersion"], (await testRegime()).version);
    assert.match(String(line["key"]), /^key-[0-9a-f]{8}$/);
  });

  it("runs open only as analyst: no key passes, a wrong key does not, imports stay admin-only", async () => {
    // As the server builds it: open only with no key configured (a configured key turns it off).
    const open = await testApp({ open: true, keys: new MemoryApiKeyStore([]) });
    try {
      assert.equal((await open.call("POST", "/v1/check", { body: seafood })).status, 200);
      const wrong = await open.call("GET", "/v1/events", {
        headers: { authorization: "Bearer wrong-key-000000000000" },
      });
      assert.equal(wrong.status, 401);
      const upload = await open.call("POST", "/v1/lists/import", {
        body: "<x/>",
        headers: { "content-type": "application/xml" },
      });
      assert.equal((await errorOf(upload, 403)).code, "forbidden");
      assert.equal(open.audit.entries[0]?.principal, null);
    } finally {
      await open.cleanup();
    }
  });
});

describe("API: the regime", () => {
  let t: TestApp;
  before(async () => (t = await testApp({ clock: { now: () => new Date("2019-12-17T12:00:00Z") } })));
  after(() => t.cleanup());

  it("GET /v1/regime gives the JSON of `sanctions regime --json`, at today by the app's clock", async () => {
    const api = (await (await t.call("GET", "/v1/regime", { role: "reader" })).json()) as { at: string };
    assert.equal(api.at, "2019-12-17");
    const cli = await runCli(["regime", "--at", "2019-12-17", "--json"]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(api, JSON.parse(cli.stdout));
  });

  it("refuses impossible dates and dates out of order with the field at fault", async () => {
    const bad = await errorOf(await t.call("GET", "/v1/regime?at=2019-02-30", { role: "reader" }), 400);
    assert.equal(bad.code, "invalid_request");
    assert.equal(bad.issues?.[0]?.path, "at");
    const twice = await t.call("GET", "/v1/regime?at=2019-01-01&at=2019-01-02", { role: "reader" });
    assert.equal((await errorOf(twice, 400)).code, "invalid_request");
    const order = await errorOf(
      await t.call("GET", "/v1/timeline?from=2018-02-01&to=2017-08-01", { role: "reader" }),
      400,
    );
    assert.equal(order.issues?.[0]?.code, "dates_out_of_order");
  });

  it("GET /v1/measures/{id}, /v1/timeline and /v1/events", async () => {
    const measure = (await (
      await t.call("GET", "/v1/measures/kp-exp-seafood", { role: "reader" })
    ).json()) as {
      id: string;
    };
    assert.equal(measure.id, "KP-EXP-SEAFOOD");
    assert.equal(
      (await errorOf(await t.call("GET", "/v1/measures/KP-NOPE", { role: "reader" }), 404)).code,
      "not_found",
    );
    const timeline = (await (
      await t.call("GET", "/v1/timeline?from=2017-08-01&to=2018-02-01", { role: "reader" })
    ).json()) as { changes: { measure: string }[] };
    assert.ok(timeline.changes.some((change) => change.measure === "KP-EXP-SEAFOOD"));
    const events = (await (await t.call("GET", "/v1/events", { role: "reader" })).json()) as {
      events: { triggers: unknown[] }[];
    };
    assert.ok(events.events.length > 0);
  });
});

describe("API: POST /v1/check", () => {
  let t: TestApp;
  before(async () => (t = await testApp()));
  after(() => t.cleanup());

  it("answers one activity with the verdict `sanctions check --json` gives, and records it", async () => {
    const response = await t.call("POST", "/v1/check", { role: "analyst", body: seafood });
    assert.equal(response.status, 200);
    const verdict = (await response.json()) as { verdict: string; reasons: { measure: string | null }[] };
    assert.equal(verdict.verdict, "prohibited");
    assert.ok(verdict.reasons.some((reason) => reason.measure === "KP-EXP-SEAFOOD"));
    const entry = t.audit.entries.at(-1);
    assert.ok(entry);
    assert.equal(entry.verdict.verdict, "prohibited");
    assert.equal(entry.activity.id, "1");
    assert.match(entry.principal ?? "", /^key-/);
    assert.equal(entry.requestId, response.headers.get("x-request-id"));
  });

  it("answers an array item by item, as the CLI does line by line (index for line)", async () => {
    const lines = (await readFile(join(import.meta.dirname, "..", "examples", "shipments.jsonl"), "utf8"))
      .trim()
      .split("\n");
    const cli = await runCli(["check", "--json", "--no-progress"], {
      input: lines.join("\n") + "\n",
      env: { SANCTIONS_DATA_DIR: t.dataDir },
    });
    const expected = cli.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const response = await t.call("POST", "/v1/check", {
      role: "reader",
      body: lines.map((line) => JSON.parse(line) as unknown),
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as {
      results: Record<string, unknown>[];
      summary: { evaluated: number; rejected: number };
    };
    assert.equal(body.results.length, expected.length);
    body.results.forEach((result, index) => {
      const want = expected[index] ?? {};
      if ("error" in want) {
        const { line, ...error } = want["error"] as { line: number };
        assert.equal(line, index + 1);
        assert.deepEqual(result, { id: want["id"], error: { ...error, index } });
      } else {
        assert.deepEqual(result, want);
      }
    });
    assert.equal(body.summary.rejected, 1);
    assert.equal(body.summary.evaluated, lines.length - 1);
  });

  it("rejects one bad activity with 400 invalid_activity naming the field", async () => {
    const error = await errorOf(
      await t.call("POST", "/v1/check", { role: "reader", body: { ...seafood, hs: "zz" } }),
      400,
    );
    assert.equal(error.code, "invalid_activity");
    assert.deepEqual(
      error.issues?.map((issue) => [issue.path, issue.code]),
      [["hs", "invalid_hs_code"]],
    );
  });

  it("says what is wrong with the body: not JSON, not JSON at all, too large, too many items", async () => {
    assert.equal(
      (await errorOf(await t.call("POST", "/v1/check", { role: "reader", body: "{bad" }), 400)).code,
      "malformed_json",
    );
    const text = await t.call("POST", "/v1/check", {
      role: "reader",
      body: "x",
      headers: { "content-type": "text/plain" },
    });
    assert.equal((await errorOf(text, 415)).code, "unsupported_media_type");
    const huge = [JSON.stringify({ ...seafood, description: "x".repeat(1_100_000) })].join("");
    assert.equal(
      (await errorOf(await t.call("POST", "/v1/check", { role: "reader", body: huge }), 413)).code,
      "payload_too_large",
    );
    const many = Array.from({ length: 1001 }, (_, i) => ({ ...seafood, id: String(i) }));
    assert.equal(
      (await errorOf(await t.call("POST", "/v1/check", { role: "reader", body: many }), 413)).code,
      "too_many_items",
    );
  });
});

describe("API: drafts and the Council", () => {
  let t: TestApp;
  before(async () => (t = await testApp()));
  after(() => t.cleanup());

  it("POST /v1/drafts/diff with an encoded draft gives `sanctions draft diff --json`", async () => {
    const response = await t.call("POST", "/v1/drafts/diff", {
      role: "reader",
      body: { id: "cn-ru-2019", at: "2019-12-17" },
    });
    assert.equal(response.status, 200);
    const api = (await response.json()) as Record<string, unknown>;
    const cli = await runCli(["draft", "diff", "cn-ru-2019", "--at", "2019-12-17", "--json"]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(api, JSON.parse(cli.stdout));
  });

  it("applies a draft document for an analyst, with the verdicts it would flip", async () => {
    const draft = parseYaml(
      await readFile(join(defaultRegimeDir, "drafts", "cn-ru-2019.yaml"), "utf8"),
    ) as unknown;
    const fish = { id: "fish", type: "goods", date: "2019-12-20", hs: "0303.89", from: "KP", to: "CN" };
    const response = await t.call("POST", "/v1/drafts/diff", {
      role: "analyst",
      body: { draft, at: "2019-12-17", activities: [fish, { id: "bad" }] },
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as {
      changes: { measure: string; change: string }[];
      verdicts: { total: number; changed: number; items: { id: string; before: string; after: string }[] };
      rejected: { id: string; error: { index: number } }[];
    };
    assert.ok(
      body.changes.some((change) => change.measure === "KP-EXP-SEAFOOD" && change.change === "lifted"),
    );
    assert.equal(body.verdicts.total, 1);
    assert.deepEqual(
      body.verdicts.items.map((item) => [item.id, item.before]),
      [["fish", "prohibited"]],
    );
    assert.equal(body.rejected[0]?.error.index, 1);
  });

  it("refuses unknown drafts, paths given as ids, both or neither of id and draft, invalid drafts", async () => {
    const call = (body: unknown) => t.call("POST", "/v1/drafts/diff", { role: "admin", body });
    assert.equal((await errorOf(await call({ id: "no-such-draft" }), 404)).code, "not_found");
    assert.equal((await errorOf(await call({ id: "../../../etc/passwd" }), 404)).code, "not_found");
    assert.equal((await errorOf(await call({}), 400)).code, "invalid_request");
    assert.equal((await errorOf(await call({ id: "cn-ru-2019", draft: {} }), 400)).code, "invalid_request");
    const invalid = await errorOf(await call({ draft: { id: "Bad Id" } }), 400);
    assert.equal(invalid.code, "invalid_draft");
    assert.ok(invalid.issues?.some((issue) => issue.path.startsWith("draft.")));
  });

  it("POST /v1/council/vote: a forecast from positions, a decision from fifteen votes, typed input errors", async () => {
    const forecast = (await (
      await t.call("POST", "/v1/council/vote", {
        role: "reader",
        body: { date: "2019-12-17", positions: { "United States": "no" } },
      })
    ).json()) as { result: string; year: number };
    assert.equal(forecast.result, "forecast");
    assert.equal(forecast.year, 2019);
    const draft = parseYaml(await readFile(join(defaultRegimeDir, "drafts", "us-2022.yaml"), "utf8")) as {
      date: string;
      votes: Record<string, string>;
    };
    const decision = (await (
      await t.call("POST", "/v1/council/vote", {
        role: "reader",
        body: { date: draft.date, votes: draft.votes },
      })
    ).json()) as { result: string; decision: { outcome: string } };
    assert.equal(decision.result, "decision");
    assert.equal(decision.decision.outcome, "not-adopted");
    const unknown = await errorOf(
      await t.call("POST", "/v1/council/vote", {
        role: "reader",
        body: { year: 2019, positions: { Atlantis: "yes" } },
      }),
      400,
    );
    assert.equal(unknown.code, "invalid_council_input");
    assert.equal(unknown.issues?.[0]?.code, "UNKNOWN_MEMBER");
    const noYear = await errorOf(await t.call("POST", "/v1/council/vote", { role: "reader", body: {} }), 400);
    assert.equal(noYear.code, "invalid_request");
  });
});

describe("API: lists", () => {
  let t: TestApp;
  before(async () => (t = await testApp()));
  after(() => t.cleanup());

  it("has no lists at first: screening says so with 409 no_lists", async () => {
    const error = await errorOf(
      await t.call("POST", "/v1/screen", { role: "reader", body: { queries: [{ name: "Kim" }] } }),
      409,
    );
    assert.equal(error.code, "no_lists");
  });

  it("imports the UN list through an admin key; screening and checks use it at once", unList, async () => {
    const xml = await readFile(sharedData("un", "consolidated.xml"));
    const response = await t.app.request("/v1/lists/import?source=un-consolidated.xml", {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_KEYS.admin}`, "content-type": "application/xml" },
      body: xml,
    });
    assert.equal(response.status, 200);
    const imported = (await response.json()) as {
      snapshot: { id: string; list: string; source: string };
      format: string;
    };
    assert.equal(imported.format, "un");
    assert.equal(imported.snapshot.source, "un-consolidated.xml");

    const screen = (await (
      await t.call("POST", "/v1/screen", {
        role: "reader",
        body: { queries: [{ id: 7, name: "Lee Wonho", dob: "1964" }] },
      })
    ).json()) as {
      listSnapshot: string[];
      results: { id: string; query: string; matches: { ref: string }[] }[];
    };
    assert.deepEqual(screen.listSnapshot, [imported.snapshot.id]);
    const [first] = screen.results;
    assert.ok(first);
    assert.equal(first.id, "7");
    assert.equal(first.matches[0]?.ref, "KPi.033");

    const verdict = (await (
      await t.call("POST", "/v1/check", {
        role: "reader",
        body: {
          id: "p",
          type: "goods",
          date: "2020-01-10",
          hs: "8703.23",
          from: "CN",
          to: "TH",
          parties: [{ name: "Ri Won Ho", role: "buyer" }],
        },
      })
    ).json()) as { verdict: string; listSnapshot: string };
    assert.equal(verdict.verdict, "prohibited");
    assert.equal(verdict.listSnapshot, imported.snapshot.id);

    const lists = (await (await t.call("GET", "/v1/lists", { role: "reader" })).json()) as {
      snapshots: { id: string; active: boolean }[];
    };
    assert.deepEqual(
      lists.snapshots.map((s) => [s.id, s.active]),
      [[imported.snapshot.id, true]],
    );
    const health = (await (await t.call("GET", "/healthz")).json()) as { listSnapshot: string[] };
    assert.deepEqual(health.listSnapshot, [imported.snapshot.id]);
  });

  it("refuses uploads that are not lists, leaving the active snapshot as it was", async () => {
    const before = (await (await t.call("GET", "/healthz")).json()) as { listSnapshot: string[] };
    for (const [body, type] of [
      ["", "application/xml"],
      ["hello", "text/plain"],
      ['<?xml version="1.0"?><rss/>', "application/xml"],
      ["<CONSOLIDATED_LIST><INDIVIDUALS>", "application/xml"],
      ['{"schema": "Person"}', "application/x-ndjson"],
    ] as const) {
      const response = await t.call("POST", "/v1/lists/import", {
        role: "admin",
        body,
        headers: { "content-type": type },
      });
      assert.equal((await errorOf(response, 400)).code, "invalid_list", body);
    }
    const after = (await (await t.call("GET", "/healthz")).json()) as { listSnapshot: string[] };
    assert.deepEqual(after, before);
  });
});

describe("API: limits on what a client sends", () => {
  let t: TestApp;
  before(async () => (t = await testApp()));
  after(() => t.cleanup());

  /** Asserts a 400 whose first issue names `path` and whose message names `limit`. */
  async function refused(response: Response, path: string, limit: number): Promise<ErrorBody["error"]> {
    const error = await errorOf(response, 400);
    assert.equal(error.issues?.[0]?.path, path, JSON.stringify(error));
    assert.match(error.message, new RegExp(`\\b${limit}\\b`), error.message);
    return error;
  }

  it(`refuses an activity id over ${MAX_ID_LENGTH} characters with 400 naming id and the limit, and records nothing`, async () => {
    const recorded = t.audit.entries.length;
    const error = await refused(
      await t.call("POST", "/v1/check", { role: "reader", body: { ...seafood, id: "x".repeat(3000) } }),
      "id",
      MAX_ID_LENGTH,
    );
    assert.equal(error.code, "invalid_activity");
    assert.equal(error.issues?.[0]?.code, "over_limit");
    assert.equal(t.audit.entries.length, recorded, "nothing reached the audit log");
    // At the limit it is an ordinary id; in an array, the item over it is rejected in its place.
    const atLimit = "y".repeat(MAX_ID_LENGTH);
    const response = await t.call("POST", "/v1/check", {
      role: "reader",
      body: [
        { ...seafood, id: atLimit },
        { ...seafood, id: "z".repeat(MAX_ID_LENGTH + 1) },
      ],
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as {
      results: { id: string; error?: { field: string; limit: number } }[];
    };
    assert.equal(body.results[0]?.id, atLimit);
    assert.deepEqual([body.results[1]?.error?.field, body.results[1]?.error?.limit], ["id", MAX_ID_LENGTH]);
    assert.deepEqual(
      t.audit.entries.slice(recorded).map((entry) => entry.activity.id),
      [atLimit],
    );
  });

  it(`refuses a JSON body nested deeper than ${MAX_JSON_DEPTH} levels on every JSON route, with 400 naming the limit`, async () => {
    const deep = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
    for (const path of [
      "/v1/check",
      "/v1/screen",
      "/v1/drafts/diff",
      "/v1/council/vote",
      "/v1/caps/deliveries",
      "/v1/exemptions",
      "/v1/keys",
    ]) {
      for (const body of [
        deep(10_000),
        `{"id":"d","type":"goods","parties":[{"name":"x","role":${deep(10_000)}}]}`,
        deep(MAX_JSON_DEPTH + 1),
      ]) {
        const error = await errorOf(await t.call("POST", path, { role: "admin", body }), 400);
        assert.equal(error.code, "invalid_request", path);
        assert.equal(error.issues?.[0]?.code, "too_deep", path);
        assert.match(error.message, new RegExp(`limit of ${MAX_JSON_DEPTH} levels`), path);
      }
    }
    // At the limit, the body is parsed and answered for what it is.
    const atLimit = await t.call("POST", "/v1/check", { role: "reader", body: deep(MAX_JSON_DEPTH) });
    assert.equal(atLimit.status, 200);
  });

  it("refuses 3,000-character references, ids and names in every route's query, path and body, naming the field", async () => {
    const long = "x".repeat(3000);
    const cases: readonly (readonly [string, string, unknown, string, number])[] = [
      ["POST", "/v1/screen", { queries: [{ name: "Kim", id: long }] }, "queries.0.id", MAX_ID_LENGTH],
      ["POST", "/v1/screen", { queries: [{ name: long }] }, "queries.0.name", MAX_NAME_LENGTH],
      [
        "POST",
        "/v1/screen",
        { queries: [{ name: "Kim", passport: long }] },
        "queries.0.passport",
        MAX_CODE_LENGTH,
      ],
      ["POST", "/v1/screen", { queries: [{ name: "Kim" }], limit: MAX_RESULTS + 1 }, "limit", MAX_RESULTS],
      ["POST", "/v1/drafts/diff", { id: long }, "id", MAX_ID_LENGTH],
      ["POST", "/v1/council/vote", { year: 2019, symbol: long }, "symbol", MAX_ID_LENGTH],
      ["POST", "/v1/council/vote", { year: 2019, title: `${long}${long}` }, "title", MAX_TEXT_LENGTH],
      [
        "POST",
        "/v1/council/vote",
        { year: 2019, votes: { [long]: "yes" } },
        `votes.${long}`,
        MAX_NAME_LENGTH,
      ],
      ["POST", "/v1/keys", { role: "reader", label: long }, "label", MAX_LABEL_LENGTH],
      ["GET", `/v1/drafts/${long}`, undefined, "id", MAX_ID_LENGTH],
      ["GET", `/v1/measures/${long}`, undefined, "id", MAX_ID_LENGTH],
      ["DELETE", `/v1/keys/${long}`, undefined, "id", MAX_ID_LENGTH],
      ["GET", `/v1/regime?at=${long}`, undefined, "at", MAX_CODE_LENGTH],
      ["GET", `/v1/audit/checks?activity=${long}`, undefined, "activity", MAX_ID_LENGTH],
      ["GET", `/v1/audit/checks?request=${long}`, undefined, "request", MAX_ID_LENGTH],
      ["GET", `/v1/audit/checks?batch=${long}`, undefined, "batch", MAX_ID_LENGTH],
      ["POST", `/v1/lists/import?dataset=${long}`, "{}", "dataset", MAX_CODE_LENGTH],
      ["POST", `/v1/lists/import?source=${long}${long}`, "{}", "source", MAX_TEXT_LENGTH],
    ];
    for (const [method, path, body, field, limit] of cases) {
      const error = await refused(
        await t.call(method, path, { role: "admin", ...(body === undefined ? {} : { body }) }),
        field,
        limit,
      );
      assert.equal(error.code, "invalid_request", `${method} ${path.slice(0, 40)}`);
    }
  });

  it("names the field of a Council input error, as the client spelled the member", async () => {
    const cases: readonly (readonly [Record<string, unknown>, string, string])[] = [
      [{ year: 2019, positions: { Atlantis: "yes" } }, "positions.Atlantis", "UNKNOWN_MEMBER"],
      [{ year: 2019, votes: { "U.S.": "maybe" } }, "votes.U.S.", "INVALID_VOTE"],
      [{ year: 2019, positions: { France: 2 } }, "positions.France", "INVALID_PROBABILITY"],
      [{ year: 1950, votes: {} }, "year", "YEAR_NOT_COVERED"],
    ];
    for (const [body, path, code] of cases) {
      const error = await errorOf(await t.call("POST", "/v1/council/vote", { role: "reader", body }), 400);
      assert.deepEqual(
        [error.issues?.[0]?.path, error.issues?.[0]?.code],
        [path, code],
        JSON.stringify(body),
      );
    }
  });

  it("refuses a list whose record ids or dataset names are over the limit, naming the record, and keeps the active one", async () => {
    const entity = (id: string, dataset = "dprk") =>
      JSON.stringify({ id, schema: "Person", datasets: [dataset], properties: { name: ["Kim Chol"] } });
    const upload = (lines: readonly string[]) =>
      t.call("POST", "/v1/lists/import?format=ftm", {
        role: "admin",
        body: `${lines.join("\n")}\n`,
        headers: { "content-type": "application/x-ndjson" },
      });
    assert.equal((await upload([entity("p-1")])).status, 200);
    const before = (await (await t.call("GET", "/healthz")).json()) as { listSnapshot: string[] };
    const longId = `q${"7".repeat(2999)}`;
    const byId = await errorOf(await upload([entity("p-1"), entity(longId)]), 400);
    assert.equal(byId.code, "invalid_list");
    assert.match(
      byId.message,
      /^over_limit: record 2 \(id "q7{39}…"\) has an id 3000 characters long; the limit is 256/,
    );
    const byDataset = await errorOf(await upload([entity("p-2", "d".repeat(MAX_CODE_LENGTH + 1))]), 400);
    assert.match(
      byDataset.message,
      new RegExp(
        `dataset name "d{40}…" is ${MAX_CODE_LENGTH + 1} characters long; the limit is ${MAX_CODE_LENGTH}`,
      ),
    );
    const after = (await (await t.call("GET", "/healthz")).json()) as { listSnapshot: string[] };
    assert.deepEqual(after, before, "the active snapshot is the one imported before");
  });
});

describe("API: unexpected failures", () => {
  it("answer 500 internal_error with a request id, never a stack or the error's text, and log it", async () => {
    const broken: ContextSource = {
      current: () => Promise.reject(new Error("secret detail from deep inside")),
      invalidate: () => undefined,
    };
    const t = await testApp({ context: broken });
    try {
      const response = await t.call("POST", "/v1/check", { role: "reader", body: seafood });
      const text = await response.text();
      assert.equal(response.status, 500);
      const body = JSON.parse(text) as ErrorBody;
      assert.equal(body.error.code, "internal_error");
      assert.equal(body.error.requestId, response.headers.get("x-request-id"));
      assert.ok(!text.includes("secret detail"));
      assert.ok(!/\bat .*\.ts:\d+/.test(text));
      const logged = t.logs.find((line) => line.includes("secret detail from deep inside"));
      assert.ok(logged?.includes(body.error.requestId ?? "-"), "the log line carries the request id");
    } finally {
      await t.cleanup();
    }
  });

  it("keeps working from a fixed context (no data directory)", async () => {
    const t = await testApp({ context: fixedContext({}) });
    try {
      assert.equal((await t.call("POST", "/v1/check", { role: "reader", body: seafood })).status, 200);
    } finally {
      await t.cleanup();
    }
  });
});

describe("API: when checks cannot be recorded", () => {
  /** A sink in the state a journal reports, refusing records while `full`. */
  const sinkIn = (health: AuditHealth): AuditSink & { recorded: number } => {
    const sink = {
      recorded: 0,
      record: () => {
        if (health.state === "full")
          return Promise.reject(new AuditUnavailableError("audit_backlog_full", "the audit journal is full"));
        sink.recorded++;
        return Promise.resolve();
      },
      health: () => health,
    };
    return sink;
  };
  const backlog = {
    backlogBatches: 12,
    backlogBytes: 20_000,
    maxBacklogBytes: 1_000_000,
    rejectedBatches: 0,
  };

  it("answers 503 audit_unavailable with Retry-After and no verdict, and /healthz says unavailable", async () => {
    const sink = sinkIn({
      state: "full",
      ...backlog,
      backlogBytes: 1_000_000,
      failingSince: "2026-11-22T10:00:00.000Z",
    });
    const t = await testApp({ audit: sink });
    try {
      for (const body of [seafood, [seafood, { ...seafood, id: "2" }]]) {
        const response = await t.call("POST", "/v1/check", { role: "reader", body });
        const text = await response.text();
        assert.equal(response.status, 503);
        assert.equal(response.headers.get("retry-after"), "5");
        const error = (JSON.parse(text) as ErrorBody).error;
        assert.equal(error.code, "audit_unavailable");
        assert.equal(error.requestId, response.headers.get("x-request-id"));
        assert.ok(!text.includes("prohibited") && !text.includes("verdict"), "no verdict leaves unrecorded");
      }
      assert.equal(sink.recorded, 0);
      // Routes that record nothing still answer.
      assert.equal((await t.call("GET", "/v1/regime?at=2019-12-17", { role: "reader" })).status, 200);
      const health = await t.call("GET", "/healthz");
      assert.equal(health.status, 503);
      const body = (await health.json()) as { status: string; audit: AuditHealth };
      assert.equal(body.status, "unavailable");
      assert.equal(body.audit.state, "full");
      assert.equal(body.audit.failingSince, "2026-11-22T10:00:00.000Z");
      assert.ok(t.logs.some((line) => line.includes("could not be recorded") && line.includes('"level":40')));
      const doc = (await (await t.call("GET", "/openapi.json")).json()) as {
        paths: Record<string, { post?: { responses: Record<string, unknown> } }>;
      };
      assert.ok(doc.paths["/v1/check"]?.post?.responses["503"], "the 503 is in the API description");
    } finally {
      await t.cleanup();
    }
  });

  it("keeps answering while the backlog waits for the database, and /healthz says degraded", async () => {
    const sink = sinkIn({ state: "failing", ...backlog, failingSince: "2026-11-22T10:00:00.000Z" });
    const t = await testApp({ audit: sink });
    try {
      assert.equal((await t.call("POST", "/v1/check", { role: "reader", body: seafood })).status, 200);
      assert.equal(sink.recorded, 1);
      const health = await t.call("GET", "/healthz");
      assert.equal(health.status, 200);
      const body = (await health.json()) as { status: string; audit: AuditHealth };
      assert.equal(body.status, "degraded");
      assert.deepEqual(body.audit, {
        state: "failing",
        ...backlog,
        failingSince: "2026-11-22T10:00:00.000Z",
      });
    } finally {
      await t.cleanup();
    }
  });
});
