/**
 * The audit journal (`./audit-journal.ts`): an answer waits for its record on disk; the drain moves
 * records into the audit log and deletes the segment; a start moves what a dead process left (a torn
 * last line dropped), skips batches already stored, and leaves a running process's segment alone.
 */
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { defaultRegimeDir } from "../config/index.js";
import { createEvaluator } from "../evaluate/index.js";
import { parseActivity, type Activity } from "../model/activity.js";
import type { CompiledRegime } from "../model/regime.js";
import { replayChecks } from "../store/replay.js";
import { readRegimeFiles } from "../store/regimes.js";
import type { Store } from "../store/store.js";
import { pgliteFactory } from "../store/testing/factories.js";
import { serializeBatch } from "../store/audit-format.js";
import type { AuditRecord } from "./audit.js";
import { openAuditJournal } from "./audit-journal.js";
import { testRegime } from "./testing.js";

/** Parsed, as the API parses what it evaluates (codes normalised). */
const parsed = parseActivity({
  id: "s1",
  type: "goods",
  date: "2019-12-17",
  hs: "0302.11",
  from: "KP",
  to: "CN",
});
if (!parsed.ok) throw new Error("the test activity does not parse");
const seafood: Activity = parsed.activity;

describe("the audit journal", () => {
  let regime: CompiledRegime;
  let store: Store;
  let dir: string;
  const records = (count: number, prefix: string): AuditRecord[] => {
    const evaluator = createEvaluator(regime, {});
    return Array.from({ length: count }, (_, index) => {
      const activity = { ...seafood, id: `${prefix}-${String(index)}` };
      return {
        at: "2026-11-22T10:00:00.000Z",
        requestId: `${prefix}-request`,
        principal: "key-0000test",
        activity,
        verdict: evaluator.evaluate(activity),
        regimeVersion: regime.version,
        listSnapshot: null,
      };
    });
  };
  const context = { ledger: false, exemptions: false, nomenclatures: [] };

  before(async () => {
    regime = await testRegime();
    store = await pgliteFactory();
    await store.regimes.save(regime.version, await readRegimeFiles(defaultRegimeDir));
  });
  after(() => store.close());

  it("answers once a request's records are on disk, then moves them into the audit log", async (t) => {
    dir = await mkdtemp(join(tmpdir(), "audit-journal-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const journal = await openAuditJournal(store, { dir, drainMs: 60_000 });
    const before = await store.audit.count();
    await Promise.all([journal.record(records(3, "a"), context), journal.record(records(2, "b"), context)]);
    // On disk, not yet in the database (the drain is a minute away).
    const [segment] = await readdir(dir);
    assert.ok(segment);
    const lines = (await readFile(join(dir, segment), "utf8")).trim().split("\n");
    assert.equal(lines.length, 2);
    assert.equal(await store.audit.count(), before);

    await journal.drain();
    assert.equal(await store.audit.count(), before + 5);
    assert.ok(!(await readdir(dir)).includes(segment), "the drained segment is deleted");
    await journal.close();
    assert.deepEqual(await readdir(dir), [], "a closed journal leaves nothing behind");
    const batches = await store.audit.batches();
    assert.ok(batches.some((batch) => batch.source === "api key-0000test a-request" && batch.checks === 3));
  });

  it("drains by itself within drainMs, and close() drains what is left", async (t) => {
    dir = await mkdtemp(join(tmpdir(), "audit-journal-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const journal = await openAuditJournal(store, { dir, drainMs: 20 });
    const before = await store.audit.count();
    await journal.record(records(1, "c"), context);
    for (let waited = 0; (await store.audit.count()) === before && waited < 5000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(await store.audit.count(), before + 1);
    await journal.record(records(1, "d"), context);
    await journal.close();
    assert.equal(await store.audit.count(), before + 2);
    await assert.rejects(journal.record(records(1, "e"), context), /closed/);
  });

  it("at start, moves a dead process's segment (dropping a torn last line), once", async (t) => {
    dir = await mkdtemp(join(tmpdir(), "audit-journal-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const evaluator = createEvaluator(regime, {});
    const line = (id: string, activityId: string) =>
      serializeBatch(
        {
          id,
          source: "api key-dead 1",
          regimeVersion: regime.version,
          listSnapshot: null,
          context,
          startedAt: "2026-11-22T09:00:00.000Z",
        },
        [
          {
            activity: { ...seafood, id: activityId },
            verdict: evaluator.evaluate({ ...seafood, id: activityId }),
            answers: {},
          },
        ],
      );
    const first = "00000000-0000-4000-8000-000000000001";
    const second = "00000000-0000-4000-8000-000000000002";
    // 2^22 + 1 is above Linux's largest pid: that process cannot be running.
    const dead = join(dir, "4194305-1-0.jsonl");
    await writeFile(dead, `${line(first, "dead-1")}\n${line(second, "dead-2")}\n{"info": {"id": "torn`);
    // The segment of a process that runs (this test's parent) is someone else's: left alone.
    const alive = join(dir, `${String(process.ppid)}-1-0.jsonl`);
    await writeFile(alive, `${line("00000000-0000-4000-8000-000000000003", "alive-1")}\n`);
    // The first batch was already stored before the kill: it must not be stored twice.
    await store.audit.recordSerialized([line(first, "dead-1")]);
    const before = await store.audit.count();

    const journal = await openAuditJournal(store, { dir });
    assert.equal(journal.recovered, 2);
    assert.equal(await store.audit.count(), before + 1, "only the batch not stored yet is added");
    assert.equal((await store.audit.batch(second))?.checks, 1);
    assert.equal(await store.audit.batch("00000000-0000-4000-8000-000000000003"), undefined);
    const left = await readdir(dir);
    assert.ok(!left.includes("4194305-1-0.jsonl"), "the dead process's segment is deleted");
    assert.ok(left.includes(`${String(process.ppid)}-1-0.jsonl`), "a running process's segment stays");
    await journal.close();
    assert.deepEqual((await replayChecks(store, { batchId: second })).differences, []);
  });
});
