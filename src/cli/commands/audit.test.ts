/**
 * `sanctions check --record` and `sanctions audit replay` through the real binary, on the embedded
 * database (and on PostgreSQL when `DATABASE_URL` is set): a recorded batch replays with zero
 * differences; a verdict altered in the database is reported (by replay and by `audit show --replay`);
 * `audit list` shows the newest batches; and `check` with nothing stored opens no database at all.
 * (A process killed in the middle of a recorded run: test/cli-check.test.ts.) `audit rejected` after a
 * `sanctions serve` that found, in a dead process's journal, a batch the database refuses (a
 * 3,000-character activity id): the server starts and says `degraded`, the batch is listed with the
 * database's reason, a retry is refused again (exit 2), a batch whose cause is gone is stored by a
 * retry, and a discard removes one.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { setAside } from "../../api/audit-rejected.js";
import { testRegime } from "../../api/testing.js";
import { createEvaluator } from "../../evaluate/index.js";
import { parseActivity } from "../../model/activity.js";
import { serializeBatch } from "../../store/audit-format.js";
import { openStore, storeTarget, type StoreTarget } from "../../store/index.js";
import { adminQuery, postgresUrl, withDatabase } from "../../store/testing/factories.js";
import { spawnServe, type ServeProcess } from "../../../test/support/serve.js";

const bin = join(import.meta.dirname, "..", "..", "..", "bin", "sanctions.js");
const scratch = await mkdtemp(join(tmpdir(), "cli-audit-"));
after(() => rm(scratch, { recursive: true, force: true }));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the binary with exactly this database environment (DATABASE_URL only when given). */
function sanctions(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const { DATABASE_URL: _ignored, ...base } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...base, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const lines = (records: object[]): string => records.map((r) => JSON.stringify(r)).join("\n") + "\n";

const small = lines([
  { id: "s1", type: "goods", date: "2019-12-17", hs: "0302.11", from: "KP", to: "CN" },
  {
    id: "d1",
    type: "goods",
    date: "2019-12-20",
    hs: "271019",
    description: "diesel",
    from: "CN",
    to: "KP",
    quantity: 100,
    unit: "bbl",
  },
  {
    id: "w1",
    type: "employment",
    date: "2020-01-15",
    nationality: "KP",
    country: "RU",
    newAuthorization: false,
  },
  { id: "bad", type: "goods", date: "2019-02-30", hs: "0302.11", from: "KP", to: "CN" },
]);

interface Target {
  readonly name: string;
  env(dataDir: string): NodeJS.ProcessEnv;
  target(dataDir: string): StoreTarget;
  cleanup(): Promise<void>;
}

const targets: Target[] = [
  {
    name: "embedded PGlite",
    env: (dataDir) => ({ SANCTIONS_DATA_DIR: dataDir }),
    target: (dataDir) => storeTarget(dataDir, {}),
    cleanup: () => Promise.resolve(),
  },
];
const pgUrl = postgresUrl();
if (pgUrl !== undefined) {
  const database = `sanctions_cli_${randomBytes(4).toString("hex")}`;
  const url = withDatabase(pgUrl, database);
  targets.push({
    name: "PostgreSQL",
    env: (dataDir) => ({ SANCTIONS_DATA_DIR: dataDir, DATABASE_URL: url }),
    target: () => ({ kind: "postgres", url }),
    cleanup: () => adminQuery(pgUrl, `drop database if exists ${database}`),
  });
  before(() => adminQuery(pgUrl, `create database ${database}`));
}

for (const t of targets) {
  describe(`check --record and audit replay (${t.name})`, () => {
    const dataDir = join(scratch, t.name.replace(/\W/g, "-"));
    const smallFile = join(scratch, "small.jsonl");
    before(async () => {
      await writeFile(smallFile, small);
    });
    after(() => t.cleanup());

    it("records a batch, and replays it with zero differences", async () => {
      const run = await sanctions(
        ["check", smallFile, "--record", "--json", "--no-progress"],
        t.env(dataDir),
      );
      assert.equal(run.code, 2, run.stderr); // the bad date is rejected, the rest recorded
      assert.match(run.stderr, /recorded 3 checks in audit batch /);
      const replay = await sanctions(["audit", "replay", "--json"], t.env(dataDir));
      assert.equal(replay.code, 0, replay.stderr);
      const report = JSON.parse(replay.stdout) as {
        checks: number;
        identical: number;
        differences: unknown[];
      };
      assert.deepEqual(report, { checks: 3, identical: 3, differences: [] });
    });

    it("reports a verdict altered in the database", async () => {
      const store = await openStore(t.target(dataDir));
      let batch: string;
      try {
        const [recorded] = await store.audit.batches();
        assert.ok(recorded);
        batch = recorded.id;
        await sql`update audit_checks set verdict = 'permitted' where activity_id = 's1'`.execute(
          store.database.db,
        );
      } finally {
        await store.close();
      }
      const replay = await sanctions(["audit", "replay", "--batch", batch, "--json"], t.env(dataDir));
      assert.equal(replay.code, 2, replay.stderr);
      const report = JSON.parse(replay.stdout) as {
        differences: { activityId: string; kind: string; recorded: string; replayed: string }[];
      };
      assert.deepEqual(
        report.differences.map((d) => [d.activityId, d.kind, d.recorded, d.replayed]),
        [["s1", "verdict", "permitted", "prohibited"]],
      );
    });

    it("audit show: an activity's recorded checks with reasons and versions; --replay finds the altered one", async () => {
      const shown = await sanctions(["audit", "show", "d1", "--replay"], t.env(dataDir));
      assert.equal(shown.code, 0, shown.stderr);
      assert.match(shown.stdout, /batch \S+ #2 {2}cli/);
      assert.match(shown.stdout, /regime sha256:[0-9a-f]{64} {2}lists none/);
      assert.match(shown.stdout, /d1 {2}CONDITIONAL/);
      // Recorded without the official texts: the citation is marked, and says why.
      assert.match(shown.stdout, /cap_not_checked \[KP-IMP-REFINED S\/RES\/2397 \(2017\) OP5\*\]/);
      assert.match(shown.stdout, /unverified: the official text of S\/RES\/2397 \(2017\) is not imported/);
      assert.match(shown.stdout, /replayed: the same answer/);

      const altered = await sanctions(["audit", "show", "s1", "--replay", "--json"], t.env(dataDir));
      assert.equal(altered.code, 2, altered.stderr);
      const [check] = JSON.parse(altered.stdout) as {
        verdict: string;
        source: string;
        replay: { kind?: string; recorded?: string; replayed?: string; identical?: boolean };
      }[];
      assert.equal(check?.verdict, "permitted");
      assert.equal(check.source, "cli");
      assert.deepEqual(
        [check.replay.kind, check.replay.recorded, check.replay.replayed],
        ["verdict", "permitted", "prohibited"],
      );

      const missing = await sanctions(["audit", "show", "no-such-shipment"], t.env(dataDir));
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /not_found: no recorded check of activity "no-such-shipment"/);
    });

    it("audit list: the newest batches first, at most --limit, saying how many there are", async () => {
      const again = await sanctions(["check", smallFile, "--record", "--no-progress"], t.env(dataDir));
      assert.match(again.stderr, /recorded 3 checks in audit batch (\S+)/);
      const newest = /recorded 3 checks in audit batch (\S+)/.exec(again.stderr)?.[1];
      const one = await sanctions(["audit", "list", "--limit", "1"], t.env(dataDir));
      assert.equal(one.code, 0, one.stderr);
      assert.equal(one.stdout.trim().split("\n").length, 1);
      assert.ok(one.stdout.startsWith(`${newest ?? "?"}  `), one.stdout);
      assert.match(one.stderr, /1 of 2 records shown \(--limit 0 for all\)/);
      const all = await sanctions(["audit", "list", "--limit", "0", "--json"], t.env(dataDir));
      assert.equal((JSON.parse(all.stdout) as unknown[]).length, 2);
      assert.equal(all.stderr, "");
      const bad = await sanctions(["audit", "list", "--limit", "few"], t.env(dataDir));
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /--limit must be a whole number of at least 0, got "few"/);
    });
  });
}

/** Where each server and database of `audit rejected` runs; cleaned up after. */
const rejectedTargets: Target[] = [
  {
    name: "embedded PGlite",
    env: (dataDir) => ({ SANCTIONS_DATA_DIR: dataDir }),
    target: (dataDir) => storeTarget(dataDir, {}),
    cleanup: () => Promise.resolve(),
  },
];
if (pgUrl !== undefined) {
  const database = `sanctions_rejected_${randomBytes(4).toString("hex")}`;
  const url = withDatabase(pgUrl, database);
  rejectedTargets.push({
    name: "PostgreSQL",
    env: (dataDir) => ({ SANCTIONS_DATA_DIR: dataDir, DATABASE_URL: url }),
    target: () => ({ kind: "postgres", url }),
    cleanup: () => adminQuery(pgUrl, `drop database if exists ${database}`),
  });
  before(() => adminQuery(pgUrl, `create database ${database}`));
}

for (const t of rejectedTargets) {
  describe(`audit rejected (${t.name})`, () => {
    const dataDir = join(scratch, `rejected-${t.name.replace(/\W/g, "-")}`);
    const journalDir = join(dataDir, "audit-journal");
    let server: ServeProcess | undefined;
    after(async () => {
      await server?.kill();
      await t.cleanup();
    });

    it("a batch the database refuses no longer stops the start; it is listed, retried, discarded", async () => {
      const regime = await testRegime();
      const evaluator = createEvaluator(regime, {});
      const parsed = parseActivity({
        id: "x",
        type: "goods",
        date: "2019-12-17",
        hs: "0302.11",
        from: "KP",
        to: "CN",
      });
      if (!parsed.ok) throw new Error("the test activity does not parse");
      const line = (id: string, activityId: string): string => {
        const activity = { ...parsed.activity, id: activityId };
        return serializeBatch(
          {
            id,
            source: `api key-dead ${id.slice(-4)}`,
            regimeVersion: regime.version,
            listSnapshot: null,
            context: { ledger: false, exemptions: false, nomenclatures: [] },
            startedAt: "2026-11-22T09:00:00.000Z",
          },
          [{ activity, verdict: evaluator.evaluate(activity), answers: {} }],
        );
      };
      const longBatch = "00000000-0000-4000-8000-000000000301";
      // Random hex: an index entry PostgreSQL cannot compress below the btree's 2,704 bytes.
      const longId = randomBytes(1500).toString("hex");
      // What a killed server left: before, every start failed on it (`cannot record 3 audit batches`).
      await mkdir(journalDir, { recursive: true });
      await writeFile(
        join(journalDir, "4194305-1-0.jsonl"),
        [
          line("00000000-0000-4000-8000-000000000300", "before-long"),
          line(longBatch, longId),
          line("00000000-0000-4000-8000-000000000302", "after-long"),
        ].join("\n") + "\n",
      );
      const { DATABASE_URL: _ignored, ...base } = process.env;
      server = await spawnServe({ env: { ...base, NO_COLOR: "1", ...t.env(dataDir) } });
      const health = await fetch(`${server.url}/healthz`);
      assert.equal(health.status, 200);
      const body = (await health.json()) as { status: string; audit: { rejectedBatches: number } };
      assert.equal(body.status, "degraded");
      assert.equal(body.audit.rejectedBatches, 1);
      const checked = await fetch(`${server.url}/v1/check`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...parsed.activity, id: "served-after" }),
      });
      assert.equal(checked.status, 200, await checked.text());
      assert.equal((await server.stop()).code, 0, server.stderr());

      const stored = await sanctions(["audit", "list", "--json"], t.env(dataDir));
      assert.deepEqual(
        (JSON.parse(stored.stdout) as { source: string }[]).map((batch) => batch.source.split(" ")[1]).sort(),
        ["key-dead", "key-dead", "open"],
        "the batches before and after the long one, and the check served after the start",
      );
      const listed = await sanctions(["audit", "rejected", "--json"], t.env(dataDir));
      assert.equal(listed.code, 0, listed.stderr);
      const rejected = JSON.parse(listed.stdout) as {
        id: string;
        checks: number;
        source: string;
        file: string;
        reason: { sqlState: string; message: string };
      }[];
      assert.equal(rejected.length, 1);
      assert.equal(rejected[0]?.id, longBatch);
      assert.equal(rejected[0].checks, 1);
      assert.equal(rejected[0].source, "api key-dead 0301");
      assert.equal(rejected[0].reason.sqlState, "54000");
      assert.match(rejected[0].reason.message, /index row size \d+ exceeds btree version 4 maximum 2704/);
      assert.equal(rejected[0].file, join(journalDir, "rejected", `${longBatch}.json`));

      // As text, and a file that is not a set-aside batch is named while the rest is still listed.
      await writeFile(join(journalDir, "rejected", "junk.json"), "{");
      const text = await sanctions(["audit", "rejected"], t.env(dataDir));
      assert.equal(text.code, 0);
      assert.match(text.stderr, /junk\.json: not a set-aside batch: not JSON/);
      assert.equal(text.stdout.trim().split("\n").length, 1);
      await rm(join(journalDir, "rejected", "junk.json"));
      assert.match(
        text.stdout,
        new RegExp(`^${longBatch}  \\S+ +1 check  api key-dead 0301  54000: index row size`),
      );

      // Refused again: kept, exit 2.
      const again = await sanctions(["audit", "rejected", "--retry"], t.env(dataDir));
      assert.equal(again.code, 2, again.stderr);
      assert.match(
        again.stdout,
        new RegExp(`^refused again ${longBatch} \\(1 check\\): 54000: index row size`),
      );
      assert.ok(existsSync(rejected[0].file));

      // A batch whose cause has been dealt with is stored by a retry, and leaves the list.
      const fixedBatch = "00000000-0000-4000-8000-000000000303";
      await setAside(journalDir, line(fixedBatch, "fixed-later"), {
        sqlState: "23503",
        message: "fixed since",
      });
      const retried = await sanctions(["audit", "rejected", fixedBatch, "--retry", "--json"], t.env(dataDir));
      assert.equal(retried.code, 0, retried.stderr);
      assert.deepEqual(JSON.parse(retried.stdout), [{ id: fixedBatch, checks: 1, outcome: "stored" }]);
      assert.ok(!existsSync(join(journalDir, "rejected", `${fixedBatch}.json`)));

      const unknown = await sanctions(["audit", "rejected", "--discard", "no-such-batch"], t.env(dataDir));
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /not_found: no set-aside audit batch "no-such-batch"/);
      const discarded = await sanctions(["audit", "rejected", "--discard", longBatch], t.env(dataDir));
      assert.equal(discarded.code, 0, discarded.stderr);
      assert.equal(discarded.stdout, `discarded ${longBatch} (1 check)\n`);
      const empty = await sanctions(["audit", "rejected"], t.env(dataDir));
      assert.equal(empty.stdout, "");
      assert.match(empty.stderr, /no audit batches are set aside/);
    });
  });
}

describe("check with nothing stored", () => {
  it("opens no database and creates nothing in the data directory", async () => {
    const empty = join(scratch, "never-used");
    const run = await new Promise<Run>((resolve) => {
      const { DATABASE_URL: _ignored, ...base } = process.env;
      const child = spawn(process.execPath, [bin, "check", "--json"], {
        env: { ...base, SANCTIONS_DATA_DIR: empty },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let stdout = "";
      child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
      child.on("close", (code, signal) => {
        resolve({ code, signal, stdout, stderr: "" });
      });
      child.stdin.end(`${small.split("\n")[0] ?? ""}\n`);
    });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /"verdict":"prohibited"/);
    assert.equal(existsSync(empty), false);
  });
});
