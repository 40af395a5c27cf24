/**
 * The API over the engine's database (an embedded PGlite store from the migrated template), through
 * `app.request()`: caps deliveries and exemption records written by an admin and read by a reader,
 * refused to reader and analyst keys; checks then use the stored ledger and records; every check is
 * recorded in the audit log and replays with zero differences, and an auditor finds it by activity or
 * request and replays it; text the database cannot hold is a 400.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { defaultRegimeDir } from "../src/config/index.js";
import { auditReaderOf, storeAuditSink, storedContext, storeRegimeVersion } from "../src/api/stored.js";
import { testApp, testRegime, type TestApp } from "../src/api/testing.js";
import { sql } from "kysely";
import { replayChecks, type Store } from "../src/store/index.js";
import { pgliteFactory } from "../src/store/testing/factories.js";
import { needsShared, sharedData, skippedWithout } from "./support/shared.js";

/** Suites of the shared data are skipped, saying so, on a clone with no ../shared beside it. */
const notifications = needsShared("trade", "dprk-refined-petroleum-notifications.csv");

const approval = {
  reference: "1718-HEX-JV-1",
  kind: "committee",
  applicant: "Relief Org",
  approved: "2021-02-01",
  validityMonths: 9,
  activities: ["joint_venture"],
  shipments: { allowed: 3, used: 0 },
};

const jv = (id: string, date: string) => ({
  id,
  type: "joint_venture",
  date,
  partnerCountry: "KP",
  country: "CN",
  action: "establish",
  exemption: "1718-HEX-JV-1",
});

const diesel = {
  id: "d1",
  type: "goods",
  date: "2019-12-20",
  hs: "271019",
  description: "diesel",
  from: "CN",
  to: "KP",
  quantity: 100000,
  unit: "bbl",
};

describe("API over the database", () => {
  let store: Store;
  let t: TestApp;
  let dataDir: string;

  before(async () => {
    store = await pgliteFactory();
    const regime = await testRegime();
    await storeRegimeVersion(store, regime, defaultRegimeDir);
    dataDir = await mkdtemp(join(tmpdir(), "api-store-"));
    const context = storedContext(store, { regime, regimeDir: defaultRegimeDir, dataDir, refreshMs: 0 });
    t = await testApp({
      lists: store.snapshots,
      records: { deliveries: store.deliveries, exemptions: store.exemptions },
      audit: storeAuditSink(store),
      auditLog: auditReaderOf(store, context),
      context,
    });
  });

  after(async () => {
    await t.cleanup();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("refuses writes to reader and analyst keys", async () => {
    for (const role of ["reader", "analyst"] as const) {
      const delivery = await t.call("POST", "/v1/caps/deliveries", {
        role,
        body: { supplier: "China", date: "2025-02-03", quantity: 1, unit: "bbl" },
      });
      assert.equal(delivery.status, 403, role);
      const exemption = await t.call("POST", "/v1/exemptions", { role, body: approval });
      assert.equal(exemption.status, 403, role);
      const list = await t.call("POST", "/v1/lists/import", {
        role,
        body: "x",
        headers: { "content-type": "application/xml" },
      });
      assert.equal(list.status, 403, role);
    }
    assert.equal(await store.deliveries.count(), 0);
    assert.equal(await store.exemptions.count(), 0);
  });

  it("imports the notifications table once, and gives the 2019 status", notifications, async () => {
    const csv = await readFile(sharedData("trade", "dprk-refined-petroleum-notifications.csv"), "utf8");
    const post = () =>
      t.call("POST", "/v1/caps/deliveries?name=notifications.csv", {
        role: "admin",
        body: csv,
        headers: { "content-type": "text/csv" },
      });
    const first = await post();
    assert.equal(first.status, 200);
    assert.deepEqual(await first.json(), { added: 31, unchanged: 0, rows: 31, estimates: 3 });
    assert.deepEqual(await (await post()).json(), { added: 0, unchanged: 31, rows: 31, estimates: 3 });
    const status = await t.call("GET", "/v1/caps/status?year=2019", { role: "reader" });
    assert.equal(status.status, 200);
    const s = (await status.json()) as { notified: number; percent: number; notices: { percent: number }[] };
    assert.equal(s.notified, 418000);
    assert.equal(s.percent, 83.6);
    assert.deepEqual(
      s.notices.map((n) => n.percent),
      [75],
    );
    const none = await t.call("GET", "/v1/caps/status?year=2019&measure=KP-EXP-SEAFOOD", { role: "reader" });
    assert.equal(((await none.json()) as { reason: string }).reason, "no_cap_in_force");
  });

  it("records one delivery in tonnes, and refuses a bad unit, date or measure", async () => {
    const added = await t.call("POST", "/v1/caps/deliveries", {
      role: "admin",
      body: { supplier: "China", date: "2025-02-03", quantity: 1200, unit: "t" },
    });
    assert.equal(added.status, 200);
    const body = (await added.json()) as { added: number; delivery: { tonnes: number; kind: string } };
    assert.equal(body.added, 1);
    assert.equal(body.delivery.kind, "notification");
    const status = await t.call("GET", "/v1/caps/status?year=2025", { role: "reader" });
    assert.equal(((await status.json()) as { notified: number }).notified, 9996);
    for (const bad of [
      { supplier: "China", date: "2025-02-03", quantity: 1, unit: "kl" },
      { supplier: "China", date: "2025-02-30", quantity: 1, unit: "bbl" },
      { supplier: "China", date: "2025-02-03", until: "2025-01-01", quantity: 1, unit: "bbl" },
      { supplier: "China", date: "2025-02-03", quantity: -1, unit: "bbl" },
      { supplier: "China", date: "2025-02-03", quantity: 1, unit: "bbl", measure: "KP-NOPE" },
      { supplier: "China\u0000", date: "2025-02-03", quantity: 1, unit: "bbl" },
    ]) {
      const response = await t.call("POST", "/v1/caps/deliveries", { role: "admin", body: bad });
      assert.equal(response.status, 400, JSON.stringify(bad));
    }
    const noType = await t.app.request("/v1/caps/deliveries", {
      method: "POST",
      headers: { authorization: "Bearer admin-key-00000000000000003", "content-type": "text/plain" },
      body: "x",
    });
    assert.equal(noType.status, 415);
  });

  it("adds, lists, shows and replaces exemption records", async () => {
    const added = await t.call("POST", "/v1/exemptions", { role: "admin", body: [approval] });
    assert.equal(added.status, 200);
    assert.deepEqual(await added.json(), { added: 1, replaced: 0, unchanged: 0 });
    const listed = (await (await t.call("GET", "/v1/exemptions", { role: "reader" })).json()) as {
      exemptions: { reference: string; validUntil: string; state: string }[];
    };
    assert.deepEqual(
      listed.exemptions.map((r) => [r.reference, r.validUntil]),
      [["1718-HEX-JV-1", "2021-10-31"]],
    );
    const shown = await t.call("GET", "/v1/exemptions/1718-HEX-JV-1", { role: "reader" });
    assert.equal(((await shown.json()) as { citation: string }).citation, "S/RES/2397 (2017) OP25");
    assert.equal((await t.call("GET", "/v1/exemptions/NOPE", { role: "reader" })).status, 404);
    assert.equal((await t.call("GET", "/v1/exemptions/%00", { role: "reader" })).status, 404);
    const changed = { ...approval, shipments: { allowed: 3, used: 1 } };
    const conflict = await t.call("POST", "/v1/exemptions", { role: "admin", body: changed });
    assert.equal(conflict.status, 409);
    assert.equal(((await conflict.json()) as { error: { code: string } }).error.code, "conflict");
    const replaced = await t.call("POST", "/v1/exemptions?replace=true", { role: "admin", body: changed });
    assert.deepEqual(await replaced.json(), { added: 0, replaced: 1, unchanged: 0 });
    const invalid = await t.call("POST", "/v1/exemptions", {
      role: "admin",
      body: { ...approval, reference: "X", kind: "nope" },
    });
    assert.equal(invalid.status, 400);
    assert.equal(((await invalid.json()) as { error: { code: string } }).error.code, "invalid_exemption");
  });

  it("checks with the stored ledger and records, and every check replays with zero differences", async (context) => {
    if (skippedWithout(context, notifications)) return;
    const response = await t.call("POST", "/v1/check", {
      role: "reader",
      body: [jv("jv", "2021-06-01"), jv("late", "2021-12-01"), diesel, { id: "bad", type: "goods" }],
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { results: { id: string; verdict?: string }[] };
    assert.deepEqual(
      body.results.map((r) => [r.id, r.verdict]),
      [
        ["jv", "permitted"],
        ["late", "prohibited"],
        ["d1", "prohibited"],
        ["bad", undefined],
      ],
    );
    const single = await t.call("POST", "/v1/check", { role: "reader", body: { ...diesel, quantity: 10 } });
    assert.equal(((await single.json()) as { verdict: string }).verdict, "conditional");
    const batches = await store.audit.batches();
    assert.equal(batches.length, 2);
    assert.ok(
      batches.every((b) => b.source.startsWith("api key-") && b.context.ledger && b.context.exemptions),
    );
    const report = await replayChecks(store);
    assert.deepEqual(report, { checks: 4, identical: 4, differences: [] });
  });

  it("looks recorded checks up by activity and by request for an auditor, and replays them", async (context) => {
    if (skippedWithout(context, notifications)) return;
    interface Found {
      checks: {
        id: number;
        batchId: string;
        verdict: string;
        source: string;
        regimeVersion: string;
        result: { reasons: { code: string }[] };
        replay?: { identical?: boolean; kind?: string; recorded?: string; replayed?: string };
      }[];
    }
    const checked = await t.call("POST", "/v1/check", { role: "reader", body: { ...diesel, id: "audited" } });
    assert.equal(checked.status, 200);
    const requestId = checked.headers.get("x-request-id") ?? "";
    const byActivity = await t.call("GET", "/v1/audit/checks?activity=audited&replay=true", {
      role: "analyst",
    });
    assert.equal(byActivity.status, 200);
    const { checks } = (await byActivity.json()) as Found;
    assert.equal(checks.length, 1);
    const [check] = checks;
    assert.equal(check?.verdict, "prohibited");
    assert.ok(check.source.endsWith(` ${requestId}`), check.source);
    assert.equal(check.regimeVersion, (await testRegime()).version);
    assert.ok(check.result.reasons.some((reason) => reason.code === "cap_exceeded"));
    assert.deepEqual(check.replay, { identical: true });
    const byRequest = (await (
      await t.call("GET", `/v1/audit/checks?request=${requestId}`, { role: "admin" })
    ).json()) as Found;
    assert.deepEqual(
      byRequest.checks.map((found) => [found.id, found.replay]),
      [[check.id, undefined]],
    );

    // An altered record no longer replays the same.
    await sql`update audit_checks set verdict = 'permitted' where id = ${check.id}`.execute(
      store.database.db,
    );
    const altered = (await (
      await t.call("GET", "/v1/audit/checks?activity=audited&replay=true", { role: "analyst" })
    ).json()) as Found;
    assert.deepEqual(
      [
        altered.checks[0]?.replay?.kind,
        altered.checks[0]?.replay?.recorded,
        altered.checks[0]?.replay?.replayed,
      ],
      ["verdict", "permitted", "prohibited"],
    );

    assert.equal((await t.call("GET", "/v1/audit/checks?activity=audited", { role: "reader" })).status, 403);
    const none = await t.call("GET", "/v1/audit/checks", { role: "analyst" });
    assert.equal(none.status, 400);
    assert.equal(((await none.json()) as { error: { code: string } }).error.code, "invalid_request");
    const nul = await t.call("GET", "/v1/audit/checks?activity=a%00b", { role: "analyst" });
    assert.deepEqual(await nul.json(), { checks: [] });
    assert.equal(
      (await t.call("GET", "/v1/audit/checks?activity=a&limit=0", { role: "analyst" })).status,
      400,
    );
  });

  it("refuses text the database cannot store, before evaluating or recording anything", async () => {
    const before = await store.audit.count();
    const response = await t.call("POST", "/v1/check", {
      role: "reader",
      body: { ...diesel, id: "a\u0000" },
    });
    assert.equal(response.status, 400);
    const lone = await t.call("POST", "/v1/check", { role: "reader", body: '[{"id":"\\ud800"}]' });
    assert.equal(lone.status, 400);
    const escapedNul = await t.call("POST", "/v1/check", { role: "reader", body: `{"id":"a\\u0000b"}` });
    assert.equal(escapedNul.status, 400);
    assert.equal(await store.audit.count(), before);
  });

  it("stores a character written as an escaped surrogate pair, and text about escapes", async () => {
    const before = await store.audit.count();
    // 🐟 as \ud83d\udc1f: one character, storable; and an escaped backslash before u0000 is text.
    const body = JSON.stringify({ ...diesel, id: "fish-PAIR" }).replace("PAIR", "\\ud83d\\udc1f");
    const pair = await t.call("POST", "/v1/check", { role: "reader", body });
    assert.equal(pair.status, 200, await pair.clone().text());
    assert.equal(((await pair.json()) as { id: string }).id, "fish-\u{1f41f}");
    const text = await t.call("POST", "/v1/check", {
      role: "reader",
      body: { ...diesel, id: "not-a-nul-\\u0000" },
    });
    assert.equal(text.status, 200);
    assert.equal(await store.audit.count(), before + 2);
  });
});

describe("API without a database", () => {
  let t: TestApp;
  before(async () => (t = await testApp()));
  after(() => t.cleanup());

  it("answers the audit lookup with 409 no_store", async () => {
    const response = await t.call("GET", "/v1/audit/checks?activity=x", { role: "analyst" });
    assert.equal(response.status, 409);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, "no_store");
  });

  it("answers the caps and exemptions routes with 409 no_store", async () => {
    for (const [method, path] of [
      ["GET", "/v1/caps/status"],
      ["GET", "/v1/exemptions"],
      ["GET", "/v1/exemptions/X"],
    ] as const) {
      const response = await t.call(method, path, { role: "reader" });
      assert.equal(response.status, 409, path);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, "no_store");
    }
  });
});
