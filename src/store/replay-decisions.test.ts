/**
 * Decisions in the audit log: a recorded check keeps the ids of the decisions it applied, and its replay
 * re-applies exactly those (decisions are appended, never changed), so it reproduces the verdict even
 * after a later decision changed what a check says today; a decision the store no longer holds is
 * reported, never replayed as none. The decisions themselves are entries of the audit log.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { defaultRegimeDir } from "../config/index.js";
import { entryHash, indexDecisions, screenerWithDecisions } from "../decisions/index.js";
import { createEvaluator } from "../evaluate/index.js";
import { buildSnapshot } from "../lists/index.js";
import { parseActivity, type Activity } from "../model/activity.js";
import type { ListSnapshot } from "../model/designation.js";
import type { CompiledRegime } from "../model/regime.js";
import { loadRegime } from "../regime/index.js";
import { createScreener } from "../screening/index.js";
import { auditEntries, readRegimeFiles, recordingContext, replayChecks, type Store } from "./index.js";
import { pgliteFactory } from "./testing/factories.js";
import { unitedDevelopmentBank } from "../../test/support/decision-fixtures.js";

const bank = unitedDevelopmentBank;

const input = {
  party: "Korea Development Bank",
  list: "UN",
  entry: "KPe.901",
  note: "the ROK's state bank in Seoul",
} as const;

describe("decisions in the audit log, and replayed", () => {
  let store: Store;
  let regime: CompiledRegime;
  let snapshots: ListSnapshot[];
  let activity: Activity;

  before(async () => {
    store = await pgliteFactory();
    const loaded = await loadRegime(defaultRegimeDir);
    if (!loaded.regime) throw new Error("the embedded regime must load");
    regime = loaded.regime;
    await store.regimes.save(regime.version, await readRegimeFiles(defaultRegimeDir));
    snapshots = [buildSnapshot({ source: "un-1.xml", list: "UN", designations: [bank] })];
    for (const snapshot of snapshots) await store.snapshots.saveActive(snapshot);
    const parsed = parseActivity({
      id: "pay-kdb",
      type: "payment",
      date: "2026-12-02",
      from: "KR",
      to: "JP",
      instrument: "transfer",
      parties: [{ name: "Korea Development Bank", role: "payee" }],
    });
    if (!parsed.ok) throw new Error(parsed.error.message);
    activity = parsed.activity;
  });
  after(() => store.close());

  /** Checks the activity with the decisions stored now, as the CLI and the API do, noting the answers. */
  async function checkNow() {
    const decisions = indexDecisions(await store.decisions.list());
    const recording = recordingContext({
      screener: screenerWithDecisions(createScreener(snapshots), decisions, snapshots),
    });
    const verdict = createEvaluator(regime, recording.context).evaluate(activity);
    return { verdict, answers: recording.take() };
  }

  let falsePositive: string;
  let batchId: string;

  it("records the decisions a check applied with the check", async () => {
    falsePositive = (
      await store.decisions.add(
        { ...input, decision: "false_positive" },
        entryHash(bank),
        "ana",
        "2026-12-01T09:00:00.000Z",
      )
    ).id;
    const { verdict, answers } = await checkNow();
    assert.equal(verdict.verdict, "permitted");
    assert.equal(verdict.reasons[0]?.code, "party_alert_closed");
    assert.deepEqual(answers.decisions, [falsePositive]);
    batchId = await store.audit.record(
      {
        source: "test",
        regimeVersion: regime.version,
        listSnapshot: verdict.listSnapshot,
        context: { ledger: false, exemptions: false, nomenclatures: [] },
      },
      [{ activity, verdict, answers }],
    );
  });

  it("lists the decisions in the audit log, with what, who and when", async () => {
    const { entries, total } = await auditEntries(store);
    assert.equal(total, 2);
    const decision = entries.find((entry) => entry.kind === "decision");
    assert.ok(decision?.kind === "decision");
    assert.equal(decision.id, falsePositive);
    assert.equal(decision.by, "ana");
    assert.equal(decision.decision.decision, "false_positive");
    assert.equal(new Date(decision.recordedAt).toISOString(), "2026-12-01T09:00:00.000Z");
    assert.ok(entries.some((entry) => entry.kind === "checks" && entry.id === batchId));
  });

  it("replays the check with the decisions it applied, though a later decision changed today's answer", async () => {
    await store.decisions.add(
      { ...input, decision: "true_match", note: "same SWIFT code after all" },
      entryHash(bank),
      "bo",
      "2026-12-03T09:00:00.000Z",
    );
    assert.equal((await checkNow()).verdict.verdict, "prohibited", "today the true match decides");
    const report = await replayChecks(store, { batchId });
    assert.deepEqual(report.differences, []);
    assert.equal(report.identical, 1);
  });

  it("refuses to change or remove a stored decision", async () => {
    await assert.rejects(
      store.database.db
        .updateTable("screening_decisions")
        .set({ note: "rewritten" })
        .where("id", "=", falsePositive)
        .execute(),
      /append-only/,
    );
    await assert.rejects(
      store.database.db.deleteFrom("screening_decisions").where("id", "=", falsePositive).execute(),
      /append-only/,
    );
  });

  it("says so when a decision the check applied is no longer stored", async () => {
    // Only an owner who switches the database's guard off can remove one; a replay still says so.
    await sql`alter table screening_decisions disable trigger screening_decisions_append_only`.execute(
      store.database.db,
    );
    await store.database.db.deleteFrom("screening_decisions").where("id", "=", falsePositive).execute();
    const report = await replayChecks(store, { batchId });
    assert.equal(report.identical, 0);
    const [difference] = report.differences;
    assert.ok(difference);
    assert.equal(difference.kind, "decision_missing");
    assert.match(difference.message, new RegExp(`decision ${falsePositive}, which`));
  });
});
