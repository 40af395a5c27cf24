/**
 * Decisions through the API over the database: `POST /v1/check` of a payment to a party whose name
 * alerts on a UN 1718 entry is review; after `POST /v1/decisions` (an analyst's false positive) the same
 * check closes the alert (`party_alert_closed`, naming the decision and the key that made it); a new
 * version of the list that changes the entry reopens it. The decision is in `GET /v1/audit`, and the
 * check recorded with it replays identically through `GET /v1/audit/checks?replay=true`.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { auditReaderOf, storeAuditSink, storedContext, storeRegimeVersion } from "../src/api/stored.js";
import { testApp, testRegime, type TestApp } from "../src/api/testing.js";
import { defaultRegimeDir } from "../src/config/index.js";
import type { Verdict } from "../src/model/contract.js";
import type { Store } from "../src/store/index.js";
import { pgliteFactory } from "../src/store/testing/factories.js";

/** The UN list with one DPRK entity; `alias` adds an alias (the entry changed). */
const unXml = (alias?: string) => `<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-11-01T00:00:00">
  <INDIVIDUALS/>
  <ENTITIES>
    <ENTITY>
      <DATAID>2</DATAID>
      <FIRST_NAME>KOREA UNITED DEVELOPMENT BANK</FIRST_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPe.901</REFERENCE_NUMBER>
      <LISTED_ON>2016-03-02</LISTED_ON>${
        alias === undefined
          ? ""
          : `
      <ENTITY_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>${alias}</ALIAS_NAME></ENTITY_ALIAS>`
      }
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
`;

const payment = {
  id: "pay-kdb",
  type: "payment",
  date: "2026-12-02",
  from: "KR",
  to: "JP",
  instrument: "transfer",
  parties: [{ name: "Korea Development Bank", role: "payee" }],
};

describe("API: decisions applied in checks, in the audit log and replayed", () => {
  let store: Store;
  let t: TestApp;
  let dataDir: string;
  before(async () => {
    store = await pgliteFactory();
    const regime = await testRegime();
    await storeRegimeVersion(store, regime, defaultRegimeDir);
    dataDir = await mkdtemp(join(tmpdir(), "api-decisions-"));
    const context = storedContext(store, { regime, regimeDir: defaultRegimeDir, dataDir, refreshMs: 0 });
    t = await testApp({
      lists: store.snapshots,
      records: { deliveries: store.deliveries, exemptions: store.exemptions, decisions: store.decisions },
      audit: storeAuditSink(store),
      auditLog: auditReaderOf(store, context),
      context,
    });
    await importList(unXml());
  });
  after(async () => {
    await t.cleanup();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function importList(xml: string): Promise<void> {
    const response = await t.call("POST", "/v1/lists/import", {
      role: "admin",
      body: xml,
      headers: { "content-type": "application/xml" },
    });
    assert.equal(response.status, 200, await response.text());
  }

  async function check(id: string): Promise<Verdict> {
    const response = await t.call("POST", "/v1/check", { role: "reader", body: { ...payment, id } });
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as Verdict;
  }

  let decisionId = "";
  let decidedBy = "";

  it("reviews the alert, closes it after POST /v1/decisions, and reopens it when the entry changes", async () => {
    const first = await check("before");
    assert.equal(first.verdict, "review", JSON.stringify(first.reasons));

    const decided = await t.call("POST", "/v1/decisions", {
      role: "analyst",
      body: {
        party: "Korea Development Bank",
        list: "UN",
        entry: "KPe.901",
        decision: "false_positive",
        note: "the ROK's state bank in Seoul",
      },
    });
    assert.equal(decided.status, 200, await decided.clone().text());
    ({ id: decisionId, decidedBy } = (await decided.json()) as { id: string; decidedBy: string });

    const closed = await check("after");
    assert.equal(closed.verdict, "permitted", JSON.stringify(closed.reasons));
    const reason = closed.reasons.find((one) => one.code === "party_alert_closed");
    assert.ok(reason?.code === "party_alert_closed");
    assert.equal(reason.detail.decision.id, decisionId);
    assert.equal(reason.detail.decision.decidedBy, decidedBy);
    assert.match(
      reason.text,
      new RegExp(`${decidedBy} on \\d{4}-\\d{2}-\\d{2} \\(decision ${decisionId}\\)`),
    );

    await importList(unXml("KOREA UNITED DEVELOPMENT BANK OF PYONGYANG"));
    const reopened = await check("reopened");
    assert.equal(reopened.verdict, "review", JSON.stringify(reopened.reasons));
    assert.ok(
      reopened.reasons.some((one) => /alert reopened: .*but the list entry changed since/.test(one.text)),
    );
  });

  it("lists the decision in GET /v1/audit, and replays the check that applied it", async () => {
    const audit = await t.call("GET", "/v1/audit?limit=100", { role: "analyst" });
    assert.equal(audit.status, 200);
    const { entries, total } = (await audit.json()) as {
      entries: { kind: string; id: string; by?: string }[];
      total: number;
    };
    assert.equal(total, entries.length);
    assert.deepEqual(
      entries.filter((entry) => entry.kind === "decision").map((entry) => [entry.id, entry.by]),
      [[decisionId, decidedBy]],
    );
    assert.equal(entries.filter((entry) => entry.kind === "checks").length, 3);
    assert.equal((await t.call("GET", "/v1/audit", { role: "reader" })).status, 403);

    const looked = await t.call("GET", "/v1/audit/checks?activity=after&replay=true", { role: "analyst" });
    const [recorded] = (
      (await looked.json()) as {
        checks: { answers: { decisions?: string[] }; replay: unknown }[];
      }
    ).checks;
    assert.deepEqual(recorded?.answers.decisions, [decisionId]);
    assert.deepEqual(recorded.replay, { identical: true });
  });
});
