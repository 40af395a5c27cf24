/**
 * The audit journal (`./audit-journal.ts`): an answer waits for its record on disk; the drain moves
 * records into the audit log and deletes the segment; a start moves what a dead process left (a torn
 * last line dropped), skips batches already stored, and leaves a running process's segment alone.
 * While the database refuses, records are still answered from disk, the drain retries with a growing
 * pause, and past the backlog's bound records are refused. A batch the database refuses for its data
 * is set aside (`./audit-rejected.ts`) and holds back nothing: not the drain, not the start; a
 * failure of another kind sets nothing aside. On embedded PGlite and on PostgreSQL (`DATABASE_URL`):
 * a 3,000-character activity id, once a jam of the journal and of every start after it.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
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
import { StoreError } from "../store/errors.js";
import { openStore } from "../store/store.js";
import type { Store } from "../store/store.js";
import { adminQuery, pgliteFactory, postgresUrl, withDatabase } from "../store/testing/factories.js";
import { serializeBatch } from "../store/audit-format.js";
import { AuditUnavailableError, type AuditHealth, type AuditRecord } from "./audit.js";
import { groupsOf, openAuditJournal, type JournalTarget } from "./audit-journal.js";
import {
  discardRejected,
  listRejected,
  rejectedDirOf,
  retryRejected,
  setAside,
  type RejectedBatch,
} from "./audit-rejected.js";
import { testApp, testRegime } from "./testing.js";

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
  /**
   * The audit log as a database refusing, for its data, every statement that holds an activity whose
   * id starts with "refused" (as PostgreSQL refuses an index row too large: SQLSTATE 54000, wrapped as
   * the store wraps it); while `down`, failing as a connection the server terminated (57P01).
   */
  const refusing = () => {
    const state = { down: false, downAfterRefusingOne: false, statements: [] as string[][] };
    const target: JournalTarget = {
      recordSerialized(batches) {
        state.statements.push([...batches]);
        if (state.down)
          return Promise.reject(
            Object.assign(new Error("terminating connection due to administrator command"), {
              code: "57P01",
            }),
          );
        if (batches.some((text) => text.includes('"id":"refused'))) {
          if (batches.length === 1 && state.downAfterRefusingOne) state.down = true;
          return Promise.reject(
            new StoreError("invalid_record", `cannot record ${String(batches.length)} audit batches`, {
              cause: Object.assign(
                new Error(
                  'index row size 3016 exceeds btree version 4 maximum 2704 for index "audit_checks_activity"',
                ),
                { code: "54000" },
              ),
            }),
          );
        }
        return store.audit.recordSerialized(batches);
      },
    };
    /** How many statements held a line with this text. */
    const sent = (text: string) =>
      state.statements.filter((group) => group.some((l) => l.includes(text))).length;
    return { state, target, sent };
  };
  /** One batch of one check as the journal's JSON line. */
  const batchLine = (id: string, activityId: string): string => {
    const activity = { ...seafood, id: activityId };
    return serializeBatch(
      {
        id,
        source: "api key-dead 1",
        regimeVersion: regime.version,
        listSnapshot: null,
        context,
        startedAt: "2026-11-22T09:00:00.000Z",
      },
      [{ activity, verdict: createEvaluator(regime, {}).evaluate(activity), answers: {} }],
    );
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

  it("sets aside a batch the database refuses for its data; the rest, and what comes later, is stored", async (t) => {
    dir = await mkdtemp(join(tmpdir(), "audit-journal-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const log = refusing();
    const reported: RejectedBatch[] = [];
    const errors: unknown[] = [];
    const journal = await openAuditJournal(log.target, {
      dir,
      drainMs: 60_000,
      onRejected: (batch) => reported.push(batch),
      onError: (error) => errors.push(error),
    });
    const before = await store.audit.count();
    // One group of eight requests, the refused one in the middle.
    for (const prefix of ["ok-a", "ok-b", "ok-c", "refused", "ok-d", "ok-e", "ok-f", "ok-g"])
      await journal.record(records(1, prefix), context);
    await journal.drain(); // does not reject: nothing is left that the database would take
    assert.equal(await store.audit.count(), before + 7, "every other batch is stored");
    assert.deepEqual(errors, []);
    // Isolated by halving: the group, its halves, quarters, then the refused batch alone.
    assert.ok(log.state.statements.some((group) => group.length === 1 && group[0]?.includes("refused")));
    assert.ok(log.state.statements.length <= 8, `${String(log.state.statements.length)} statements`);

    const { batches, unreadable } = await listRejected(dir);
    assert.deepEqual(unreadable, []);
    assert.equal(batches.length, 1);
    const [rejected] = batches;
    assert.ok(rejected);
    assert.equal(rejected.reason.sqlState, "54000");
    assert.match(rejected.reason.message, /index row size 3016 exceeds/);
    assert.equal(rejected.checks, 1);
    assert.equal(rejected.source, "api key-0000test refused-request");
    assert.ok(rejected.line.includes('"id":"refused-0"'));
    assert.equal(rejected.file, `${rejected.id}.json`);
    assert.ok(!Number.isNaN(Date.parse(rejected.rejectedAt)));
    assert.deepEqual(
      reported.map((batch) => batch.id),
      [rejected.id],
    );
    assert.equal(await store.audit.batch(rejected.id), undefined);
    const health = journal.health();
    assert.equal(health.state, "ok");
    assert.equal(health.backlogBatches, 0);
    assert.equal(health.rejectedBatches, 1);

    // /healthz: degraded (the checks are answered and recorded), 200, with the count.
    const app = await testApp({ audit: journal });
    t.after(() => app.cleanup());
    const response = await app.call("GET", "/healthz");
    assert.equal(response.status, 200);
    const body = (await response.json()) as { status: string; audit: AuditHealth };
    assert.equal(body.status, "degraded");
    assert.equal(body.audit.rejectedBatches, 1);

    // Later batches are stored, and the refused one is never sent again by the journal.
    const sentBefore = log.sent("refused-0");
    await journal.record(records(2, "later"), context);
    await journal.drain();
    assert.equal(await store.audit.count(), before + 9);
    await journal.close();
    assert.deepEqual(await readdir(dir), ["rejected"], "only the set-aside batch stays on disk");

    // A restart takes it as it is: no failure, nothing sent, still counted.
    const restarted = await openAuditJournal(log.target, { dir, drainMs: 60_000 });
    assert.equal(restarted.recovered, 0);
    assert.equal(restarted.health().rejectedBatches, 1);
    assert.equal(log.sent("refused-0"), sentBefore);
    await restarted.close();
  });

  it("sets nothing aside when the failure is the connection's: the batch is retried until stored", async (t) => {
    dir = await mkdtemp(join(tmpdir(), "audit-journal-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const log = refusing();
    const journal = await openAuditJournal(log.target, {
      dir,
      drainMs: 60_000,
      onError: () => undefined,
    });
    const before = await store.audit.count();
    log.state.down = true;
    await journal.record(records(1, "conn-a"), context);
    await journal.record(records(1, "conn-b"), context);
    await assert.rejects(journal.drain(), { code: "57P01" });
    await assert.rejects(journal.drain(), { code: "57P01" });
    // Sent whole each time: a connection failure says nothing about any one batch.
    assert.ok(log.state.statements.every((group) => group.length === 2));
    assert.equal(journal.health().state, "failing");
    assert.equal(journal.health().rejectedBatches, 0);
    assert.deepEqual((await listRejected(dir)).batches, []);
    assert.ok(!(await readdir(dir)).includes("rejected"));

    log.state.down = false;
    await journal.drain();
    assert.equal(await store.audit.count(), before + 2);
    assert.equal(journal.health().state, "ok");
    await journal.close();
  });

  it("after a connection failure in the middle of a drain, reads the segment back without the batch it set aside", async (t) => {
    dir = await mkdtemp(join(tmpdir(), "audit-journal-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const log = refusing();
    const journal = await openAuditJournal(log.target, {
      dir,
      drainMs: 60_000,
      onError: () => undefined,
    });
    const before = await store.audit.count();
    for (const prefix of ["mid-a", "refused-mid", "mid-b", "mid-c"])
      await journal.record(records(1, prefix), context);
    // The connection goes once the refused batch has been refused alone: mid-a is stored, the
    // refused batch set aside, mid-b and mid-c not yet stored.
    log.state.downAfterRefusingOne = true;
    await assert.rejects(journal.drain(), { code: "57P01" });
    assert.equal(await store.audit.count(), before + 1);
    assert.equal((await listRejected(dir)).batches.length, 1);
    const sent = log.sent("refused-mid");

    log.state.down = false;
    await journal.drain();
    assert.equal(log.sent("refused-mid"), sent, "the set-aside batch is not sent again");
    assert.equal(await store.audit.count(), before + 3, "the rest stored, mid-a once");
    assert.equal(journal.health().rejectedBatches, 1);
    await journal.close();
  });

  it("at start, sets aside what the database refuses in a dead process's segment instead of failing", async (t) => {
    dir = await mkdtemp(join(tmpdir(), "audit-journal-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const log = refusing();
    const ids = Array.from(
      { length: 5 },
      (_, index) => `00000000-0000-4000-8000-00000000010${String(index)}`,
    );
    const [okFirst, refusedNow, okSecond, refusedBefore, okThird] = ids as [
      string,
      string,
      string,
      string,
      string,
    ];
    // A batch set aside by the process before (its segment was not deleted yet when it was killed).
    await setAside(dir, batchLine(refusedBefore, "refused-earlier"), {
      sqlState: "54000",
      message: "index row size 3016 exceeds btree version 4 maximum 2704",
    });
    await writeFile(
      join(dir, "4194305-3-0.jsonl"),
      [
        batchLine(okFirst, "start-a"),
        batchLine(refusedNow, "refused-start"),
        batchLine(okSecond, "start-b"),
        batchLine(refusedBefore, "refused-earlier"),
        batchLine(okThird, "start-c"),
      ].join("\n") + "\n",
    );
    const before = await store.audit.count();
    const reported: RejectedBatch[] = [];
    // Before: `invalid_record: cannot record 5 audit batches`, and no start at all.
    const journal = await openAuditJournal(log.target, { dir, onRejected: (batch) => reported.push(batch) });
    assert.equal(journal.recovered, 3);
    assert.equal(await store.audit.count(), before + 3);
    for (const id of [okFirst, okSecond, okThird]) assert.equal((await store.audit.batch(id))?.checks, 1);
    assert.equal(log.sent("refused-earlier"), 0, "a batch set aside before is not sent again");
    assert.deepEqual(
      reported.map((batch) => batch.id),
      [refusedNow],
    );
    assert.deepEqual(
      (await listRejected(dir)).batches.map((batch) => batch.id).sort(),
      [refusedNow, refusedBefore].sort(),
    );
    assert.equal(journal.health().rejectedBatches, 2);
    await journal.close();
    assert.deepEqual(await readdir(dir), ["rejected"], "the dead process's segment is deleted");
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

/**
 * The probe's repro on a real database, bypassing the API's limits: a batch whose activity id is
 * 3,000 characters (random, so that PostgreSQL cannot compress its index entry below the btree's 2,704
 * bytes) goes through the journal, then a normal one; the journal is closed, then opened again on the
 * same directory and database, as a restart does.
 */
interface RealDatabase {
  readonly name: string;
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

const scratch = await mkdtemp(join(tmpdir(), "audit-journal-real-"));
after(() => rm(scratch, { recursive: true, force: true }));
const realDatabases: RealDatabase[] = [
  {
    name: "embedded PGlite",
    open: () => openStore({ kind: "pglite", dir: join(scratch, "db") }),
    cleanup: () => Promise.resolve(),
  },
];
const pgUrl = postgresUrl();
if (pgUrl !== undefined) {
  const database = `sanctions_journal_${randomBytes(4).toString("hex")}`;
  let created = false;
  realDatabases.push({
    name: "PostgreSQL",
    async open() {
      if (!created) await adminQuery(pgUrl, `create database ${database}`);
      created = true;
      return openStore({ kind: "postgres", url: withDatabase(pgUrl, database), poolSize: 2 });
    },
    cleanup: () => adminQuery(pgUrl, `drop database if exists ${database}`),
  });
}

for (const real of realDatabases) {
  describe(`a batch the database refuses, on ${real.name}`, () => {
    const dir = join(scratch, `journal-${real.name.replace(/\W/g, "-")}`);
    const context = { ledger: false, exemptions: false, nomenclatures: [] };
    let regime: CompiledRegime;
    const longId = randomBytes(1500).toString("hex");
    const record = (activityId: string, requestId: string): AuditRecord[] => {
      const activity = { ...seafood, id: activityId };
      return [
        {
          at: "2026-11-22T10:00:00.000Z",
          requestId,
          principal: "key-0000test",
          activity,
          verdict: createEvaluator(regime, {}).evaluate(activity),
          regimeVersion: regime.version,
          listSnapshot: null,
        },
      ];
    };
    after(() => real.cleanup());

    it("stores the batches after it, sets it aside with the database's reason, and starts again", async () => {
      regime = await testRegime();
      let store = await real.open();
      try {
        await store.regimes.save(regime.version, await readRegimeFiles(defaultRegimeDir));
        const errors: unknown[] = [];
        const journal = await openAuditJournal(store.audit, {
          dir,
          drainMs: 60_000,
          onError: (error) => errors.push(error),
        });
        await journal.record(record(longId, "long-request"), context);
        await journal.record(record("after-long", "normal-request"), context);
        await journal.close(); // drains: one statement of both, refused; then each alone
        assert.deepEqual(errors, [], "nothing failed that would be retried");
      } finally {
        await store.close();
      }
      // A statement that fails for another reason than its data is not called the data's fault.
      await assert.rejects(
        store.audit.recordSerialized([
          serializeBatch(
            { id: "closed", source: "api", regimeVersion: regime.version, listSnapshot: null, context },
            [],
          ),
        ]),
        { code: "database_unavailable" },
      );

      store = await real.open();
      try {
        const journal = await openAuditJournal(store.audit, { dir, drainMs: 60_000 });
        assert.equal(journal.health().rejectedBatches, 1);
        assert.equal((await store.audit.find({ activityId: "after-long" }, 10)).length, 1);
        assert.equal(await store.audit.count(), 1, "the long one is not in the audit log");
        const [rejected] = (await listRejected(dir)).batches;
        assert.equal(rejected?.reason.sqlState, "54000");
        assert.match(rejected.reason.message, /index row size \d+ exceeds btree version 4 maximum 2704/);
        assert.equal(rejected.source, "api key-0000test long-request");
        assert.ok(rejected.line.includes(longId));

        // What jammed every start before: a dead process's segment with the long batch in a group.
        const lines = ["jam-a", longId.replace(/^../, "ff"), "jam-b", "jam-c"].map((activityId, index) =>
          serializeBatch(
            {
              id: `00000000-0000-4000-8000-00000000020${String(index)}`,
              source: "api key-dead 2",
              regimeVersion: regime.version,
              listSnapshot: null,
              context,
            },
            [
              {
                activity: { ...seafood, id: activityId },
                verdict: createEvaluator(regime, {}).evaluate({ ...seafood, id: activityId }),
                answers: {},
              },
            ],
          ),
        );
        await journal.close();
        await writeFile(join(dir, "4194305-4-0.jsonl"), `${lines.join("\n")}\n`);
        const restarted = await openAuditJournal(store.audit, { dir, drainMs: 60_000 });
        assert.equal(restarted.recovered, 3);
        assert.equal(restarted.health().rejectedBatches, 2);
        for (const id of ["jam-a", "jam-b", "jam-c"])
          assert.equal((await store.audit.find({ activityId: id }, 10)).length, 1, id);
        await restarted.close();

        // A retry is refused again, for the same reason, and keeps the files; a discard removes one.
        const { batches } = await listRejected(dir);
        const outcomes = [];
        for await (const outcome of retryRejected(dir, store.audit, batches)) outcomes.push(outcome);
        assert.deepEqual(
          outcomes.map((outcome) => [
            outcome.outcome,
            outcome.outcome === "refused" && outcome.reason.sqlState,
          ]),
          [
            ["refused", "54000"],
            ["refused", "54000"],
          ],
        );
        assert.equal((await listRejected(dir)).batches.length, 2);
        await discardRejected(dir, batches[0] as RejectedBatch);
        assert.equal((await listRejected(dir)).batches.length, 1);
        assert.equal((await readdir(rejectedDirOf(dir))).length, 1);
        assert.equal(await store.audit.count(), 4);
      } finally {
        await store.close();
      }
    });
  });
}
