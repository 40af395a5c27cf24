/**
 * The audit journal (`./audit-journal.ts`): an answer waits for its record on disk; the drain moves
 * records into the audit log and deletes the segment; a start moves what a dead process left (a torn
 * last line dropped), skips batches already stored, and leaves a running process's segment alone.
 * While the database refuses, records are still answered from disk, the drain retries with a growing
 * pause, and past the backlog's bound records are refused.
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
import { AuditUnavailableError, type AuditRecord } from "./audit.js";
import { groupsOf, openAuditJournal, type JournalTarget } from "./audit-journal.js";
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
  /** The audit log behind a switch: while `down`, it refuses as an unreachable database does. */
  const switchable = () => {
    const state = { down: false, tries: [] as number[] };
    const target: JournalTarget = {
      recordSerialized(batches) {
        state.tries.push(Date.now());
        if (state.down) return Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432"));
        return store.audit.recordSerialized(batches);
      },
    };
    return { state, target };
  };
  const until = async (condition: () => boolean | Promise<boolean>, what: string): Promise<void> => {
    for (let waited = 0; !(await condition()); waited += 10) {
      if (waited > 10_000) assert.fail(`waited 10 s for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  before(async () => {
    regime = await testRegime();
    store = await pgliteFactory();
    await store.regimes.save(regime.version, await readRegimeFiles(defaultRegimeDir));
  });
  after(() => store.close());

  it("answers once a request's records are on disk, then moves them into the audit log", async (t) => {
    dir = await mkdtemp(join(tmpdir(), "audit-journal-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const journal = await openAuditJournal(store.audit, { dir, drainMs: 60_000 });
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
    const journal = await openAuditJournal(store.audit, { dir, drainMs: 20 });
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

    const journal = await openAuditJournal(store.audit, { dir });
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

  it("answers from disk while the database refuses, retries with a growing pause, then drains", async (t) => {
    dir = await mkdtemp(join(tmpdir(), "audit-journal-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const log = switchable();
    const errors: unknown[] = [];
    const recoveries: number[] = [];
    const journal = await openAuditJournal(log.target, {
      dir,
      drainMs: 20,
      maxRetryMs: 200,
      onError: (error) => errors.push(error),
      onRecovered: (failedForMs) => recoveries.push(failedForMs),
    });
    const before = await store.audit.count();
    log.state.down = true;
    const started = Date.now();
    await journal.record(records(2, "outage-a"), context);
    await journal.record(records(1, "outage-b"), context);
    await until(() => errors.length >= 3, "three failed drains");
    assert.equal(journal.health().state, "failing");
    assert.equal(journal.health().backlogBatches, 2);
    assert.ok(journal.health().backlogBytes > 0);
    assert.ok(journal.health().failingSince !== undefined);
    // Held on disk: the lines are in the segments (none of them torn).
    let lines: string[] = [];
    for (const name of await readdir(dir))
      lines = lines.concat(
        (await readFile(join(dir, name), "utf8")).split("\n").filter((line) => line !== ""),
      );
    assert.equal(lines.length, 2);
    // The pause doubles from 20 ms up to 200 ms: in a second, about seven tries, not fifty.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (Date.now() - started))));
    const tries = log.state.tries.filter((at) => at - started <= 1000).length;
    assert.ok(tries >= 3 && tries <= 12, `${String(tries)} tries in the first second`);
    assert.equal(await store.audit.count(), before, "nothing reached the database while it refused");

    log.state.down = false;
    // Stored first, then the segment deleted and the state cleared: wait for the whole drain.
    await until(() => journal.health().state === "ok", "the backlog to drain");
    assert.equal(await store.audit.count(), before + 3);
    assert.equal(journal.health().backlogBatches, 0);
    assert.equal(recoveries.length, 1);
    assert.equal(journal.health().failingSince, undefined);
    await journal.close();
    assert.deepEqual(await readdir(dir), [], "every drained segment is deleted");
    assert.equal(await store.audit.count(), before + 3, "each batch stored once");
  });

  it("refuses records once the backlog reaches its bound, and takes them again after a drain", async (t) => {
    dir = await mkdtemp(join(tmpdir(), "audit-journal-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const log = switchable();
    const journal = await openAuditJournal(log.target, {
      dir,
      drainMs: 60_000,
      maxBacklogBytes: 1,
      onError: () => undefined,
    });
    const before = await store.audit.count();
    log.state.down = true;
    await journal.record(records(1, "full-a"), context); // the backlog was empty
    await assert.rejects(
      journal.record(records(1, "full-b"), context),
      (error: unknown) => error instanceof AuditUnavailableError && error.code === "audit_backlog_full",
    );
    assert.equal(journal.health().state, "full");
    await assert.rejects(journal.drain(), /ECONNREFUSED/);
    assert.equal(journal.health().state, "full", "a failed drain frees nothing");

    log.state.down = false;
    await journal.drain();
    assert.equal(journal.health().state, "ok");
    await journal.record(records(1, "full-c"), context);
    await journal.close();
    assert.equal(await store.audit.count(), before + 2, "the refused request was not recorded");
    assert.deepEqual(await readdir(dir), []);
  });

  it("stops without losing what the database would not take: the next start moves it", async (t) => {
    dir = await mkdtemp(join(tmpdir(), "audit-journal-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const log = switchable();
    const errors: unknown[] = [];
    const journal = await openAuditJournal(log.target, {
      dir,
      drainMs: 60_000,
      onError: (error) => errors.push(error),
    });
    const before = await store.audit.count();
    log.state.down = true;
    await journal.record(records(2, "stop-a"), context);
    await journal.close(); // does not throw: the failure is reported, the segment kept
    assert.equal(errors.length, 1);
    const left = await readdir(dir);
    assert.equal(left.length, 1, "the undrained segment stays");
    await assert.rejects(
      journal.record(records(1, "stop-b"), context),
      (error: unknown) => error instanceof AuditUnavailableError && error.code === "audit_closed",
    );
    // This process still runs, so a new journal would leave its segments alone: rename the segment as
    // a dead process's (what a restart sees).
    const { rename } = await import("node:fs/promises");
    await rename(join(dir, left[0] as string), join(dir, "4194305-2-0.jsonl"));
    const restarted = await openAuditJournal(store.audit, { dir });
    assert.equal(restarted.recovered, 1);
    await restarted.close();
    assert.equal(await store.audit.count(), before + 2);
  });
});

describe("the journal's statements (groupsOf)", () => {
  it("fills each statement up to the size bound, in order, and gives an oversized batch its own", () => {
    const lines = ["aaaa", "bb", "cccc", "dddddddddd", "e", "f"];
    const groups = groupsOf(lines, 6);
    assert.deepEqual(groups, [["aaaa", "bb"], ["cccc"], ["dddddddddd"], ["e", "f"]]);
    assert.deepEqual(groups.flat(), lines, "every line once, in order");
    assert.deepEqual(groupsOf([], 6), []);
    assert.deepEqual(groupsOf(["x", "y"]), [["x", "y"]]);
  });
});
