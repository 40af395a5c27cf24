/**
 * Fault tests through the HTTP API: `sanctions serve` in a child process, killed with SIGKILL in the
 * middle of a list import and in the middle of a batch of checks, then restarted on the same database:
 * the embedded PGlite of the data directory, and a fresh PostgreSQL database (dropped after) when
 * `DATABASE_URL` is set. After every kill the database is opened and read directly: each stored list
 * snapshot is whole (its designations hash to its id), each audit batch holds exactly the checks it
 * counts, and the state is the one before the kill, or the interrupted request's whole result.
 *
 * Where each kill lands does not depend on guessing a delay:
 *
 * - **upload**: the request declares the whole file's length and sends half of it; the server cannot
 *   get past reading the body.
 * - **snapshot insert**: a probe preloaded into the server (`testing/fault-probe.js`, which watches the
 *   SQL it sends) announces the snapshot's INSERT on stderr just before sending it. On PGlite the
 *   statement then runs in the server process (PostgreSQL in WASM, several hundred milliseconds for
 *   the SDN list) and the kill, a few milliseconds later, arrives during it; on PostgreSQL the test
 *   waits until `pg_stat_activity` shows the INSERT writing (a transaction id) in the server's backend.
 *   A killed client's backend finishes the statement it is running: before imports were one
 *   transaction, PostgreSQL committed the snapshot here, stored and never activated.
 * - **between writing the snapshot and activating it**: the probe stops the server just before the
 *   activation statement (it blocks the thread that sends statements until the kill); on PostgreSQL the
 *   test also sees the server's backend `idle in transaction` with a transaction id.
 * - **audit batch**: several requests of 1,000 activities are sent together. Each answer waits until
 *   its checks are in the audit journal on disk; the journal's drain moves them into the database.
 *   The probe announces the drain's first write, and the server is killed while it runs (on
 *   PostgreSQL once `pg_stat_activity` shows it writing). Right after the kill the database holds
 *   each request whole or not at all (PostgreSQL completes a statement under way on its own); once
 *   restarted, the server has moved the journal in, and every answered request is recorded, once.
 *
 * On PostgreSQL, also an outage: the server's database refuses connections (`allow_connections false`,
 * its backends terminated) while checks keep coming. They are answered from the journal, `/healthz`
 * says `degraded`, then, once the backlog reaches its bound (`SANCTIONS_AUDIT_BACKLOG_MB=1`), checks
 * get 503 `audit_unavailable` and `/healthz` 503; when the database is back the backlog drains by itself
 * and every answered request is recorded, once.
 *
 * The large list is OFAC's SDN file from the shared data (about 18,600 names); the small one is its
 * DPRK lines. Run with `npm test -- src/api/faults` (with `DATABASE_URL` for the PostgreSQL part).
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import pg from "pg";
import { snapshotId } from "../lists/index.js";
import { openStore, storeTarget, type StoreTarget } from "../store/index.js";
import { adminQuery, postgresUrl, withDatabase } from "../store/testing/factories.js";
import { runCli } from "../../test/support/cli.js";
import { spawnServe, waitForStderr, type ServeProcess } from "../../test/support/serve.js";
import { needsShared, sharedData } from "../../test/support/shared.js";
import { TEST_KEYS } from "./testing.js";

/** Suites of the shared data are skipped, saying so, on a clone with no ../shared beside it. */
const sdnFile = needsShared("ofac", "sdn.csv");

const probe = join(import.meta.dirname, "testing", "fault-probe.js");
/** Where the probe reads what to do (JSON). */
const FAULT_PROBE_ENV = "SANCTIONS_FAULT_PROBE";

/** What the probe is told (see `testing/fault-probe.js`). */
interface Faults {
  readonly announce?: string;
  readonly holdAt?: string;
  readonly nth?: number;
}

type Server = ServeProcess;

const running = new Set<Server>();
after(() => {
  for (const server of running) server.child.kill("SIGKILL");
});

const keys = `${TEST_KEYS.admin}:admin,${TEST_KEYS.reader}:reader`;

/** The environment of a child: exactly these database settings (DATABASE_URL empty unless given). */
function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { [FAULT_PROBE_ENV]: _probe, ...base } = process.env;
  return {
    ...base,
    DATABASE_URL: "",
    SANCTIONS_API_KEYS: keys,
    // Every request looks at the stored data, so that a restarted server's answers need no waiting.
    SANCTIONS_CONTEXT_REFRESH_MS: "0",
    SANCTIONS_LOG_LEVEL: "warn",
    ...env,
  };
}

/** Starts `sanctions serve` (with the probe preloaded when `faults` are given); killed after the tests. */
async function startServer(env: NodeJS.ProcessEnv, faults?: Faults): Promise<Server> {
  const server = await spawnServe({
    env: childEnv({ ...env, ...(faults === undefined ? {} : { [FAULT_PROBE_ENV]: JSON.stringify(faults) }) }),
    ...(faults === undefined ? {} : { preload: [probe] }),
  });
  running.add(server);
  void server.exited.then(() => running.delete(server));
  return server;
}

async function kill(server: Server): Promise<void> {
  const { signal } = await server.kill();
  assert.equal(signal, "SIGKILL", server.stderr());
}

async function stop(server: Server): Promise<void> {
  const { code } = await server.stop();
  assert.equal(code, 0, server.stderr());
}

async function call(
  server: Server,
  method: string,
  path: string,
  role: "admin" | "reader",
  body?: string | Uint8Array,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_KEYS[role]}`, ...headers },
    ...(body === undefined ? {} : { body }),
  });
}

async function json<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  return JSON.parse(text) as T;
}

interface ListRow {
  id: string;
  list: string;
  source: string;
  active: boolean;
}

/** The stored snapshots as the API lists them: `list id source active|inactive`, sorted. */
async function listedSnapshots(server: Server): Promise<string[]> {
  const { snapshots } = await json<{ snapshots: ListRow[] }>(
    await call(server, "GET", "/v1/lists", "reader"),
  );
  return snapshots.map((s) => `${s.list} ${s.id} ${s.source} ${s.active ? "active" : "inactive"}`).sort();
}

interface StoredBatch {
  id: string;
  source: string;
  checks: number;
}

/** What the database holds, read directly with the server stopped. */
interface StoredState {
  /** `list id source active|inactive`, sorted, as {@link listedSnapshots}. */
  readonly snapshots: string[];
  /** Sorted by id. */
  readonly batches: StoredBatch[];
}

/**
 * Opens the database and reads it, asserting that nothing in it is half-written: every snapshot's
 * designations hash to its id, every batch holds exactly its count of checks numbered 1 to n, no
 * check is outside a batch, and every active pointer names a stored snapshot.
 */
async function inspect(target: StoreTarget): Promise<StoredState> {
  const store = await openStore(target);
  try {
    const db = store.database.db;
    const snapshots = [];
    for (const summary of await store.snapshots.list()) {
      const snapshot = await store.snapshots.get(summary.id);
      assert.ok(snapshot, `snapshot ${summary.id} is listed and readable`);
      assert.equal(snapshotId(snapshot.designations), summary.id, `snapshot ${summary.id} is whole`);
      snapshots.push(
        `${summary.list} ${summary.id} ${summary.source} ${summary.active ? "active" : "inactive"}`,
      );
    }
    const dangling = await sql<{ n: number }>`
      select count(*) as n from active_lists a
      where not exists (select 1 from list_snapshots s where s.id = a.snapshot_id)`.execute(db);
    assert.equal(dangling.rows[0]?.n, 0, "every active list points to a stored snapshot");
    const batches = await sql<StoredBatch & { recorded: number; seqs: number; last: number }>`
      select b.id, b.source, b.checks, count(c.id) as recorded, count(distinct c.seq) as seqs,
             coalesce(max(c.seq), 0) as last
      from audit_batches b left join audit_checks c on c.batch_id = b.id
      group by b.id, b.source, b.checks order by b.id`.execute(db);
    for (const batch of batches.rows) {
      assert.ok(batch.checks > 0, `batch ${batch.id} counts its checks`);
      assert.deepEqual(
        [batch.recorded, batch.seqs, batch.last],
        [batch.checks, batch.checks, batch.checks],
        `batch ${batch.id} (${batch.source}) holds exactly its ${batch.checks} checks`,
      );
    }
    const orphans = await sql<{ n: number }>`
      select count(*) as n from audit_checks c
      where not exists (select 1 from audit_batches b where b.id = c.batch_id)`.execute(db);
    assert.equal(orphans.rows[0]?.n, 0, "no check outside a batch");
    return {
      snapshots: snapshots.sort(),
      batches: batches.rows.map(({ id, source, checks }) => ({ id, source, checks })),
    };
  } finally {
    await store.close();
  }
}

interface Backend {
  pid: number;
  state: string;
  xid: string | null;
}

/**
 * A connection to the admin database that watches one database's backends in `pg_stat_activity`.
 * Opened before the request it watches, so that polling starts at once: a statement may last only
 * tens of milliseconds.
 */
class BackendWatch {
  readonly #client: pg.Client;
  readonly #database: string;

  private constructor(client: pg.Client, database: string) {
    this.#client = client;
    this.#database = database;
  }

  static async open(adminUrl: string, database: string): Promise<BackendWatch> {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    return new BackendWatch(client, database);
  }

  /** Polls about every millisecond until a backend matches `where`; returns it. */
  async until(where: string, ms: number): Promise<Backend> {
    const deadline = Date.now() + ms;
    for (;;) {
      const result = await this.#client.query<Backend>(
        `select pid, state, backend_xid::text as xid from pg_stat_activity where datname = $1 and (${where})`,
        [this.#database],
      );
      const row = result.rows[0];
      if (row) return row;
      if (Date.now() > deadline)
        throw new Error(`no backend of ${this.#database} where ${where} within ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  close(): Promise<void> {
    return this.#client.end();
  }
}

/** Waits until no backend is connected to the database (a killed client's backend may finish a statement first). */
async function waitForNoBackends(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const result = await client.query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where datname = $1",
        [database],
      );
      if (result.rows[0]?.n === 0) return;
      if (Date.now() > deadline) throw new Error(`backends of ${database} still connected after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await client.end();
  }
}

interface Target {
  readonly name: string;
  /** The server's environment for this data directory. */
  env(dataDir: string): NodeJS.ProcessEnv;
  store(dataDir: string): StoreTarget;
  /** PostgreSQL only: the admin URL and the database name, to watch the server's backends. */
  readonly postgres?: { readonly adminUrl: string; readonly database: string };
  setup(): Promise<void>;
  cleanup(): Promise<void>;
}

const targets: Target[] = [
  {
    name: "embedded PGlite",
    env: (dataDir) => ({ SANCTIONS_DATA_DIR: dataDir }),
    store: (dataDir) => storeTarget(dataDir, {}),
    setup: () => Promise.resolve(),
    cleanup: () => Promise.resolve(),
  },
];
const pgUrl = postgresUrl();
if (pgUrl !== undefined) {
  const database = `sanctions_faults_${randomBytes(4).toString("hex")}`;
  const url = withDatabase(pgUrl, database);
  targets.push({
    name: "PostgreSQL",
    env: (dataDir) => ({ SANCTIONS_DATA_DIR: dataDir, DATABASE_URL: url }),
    store: () => ({ kind: "postgres", url }),
    postgres: { adminUrl: pgUrl, database },
    setup: () => adminQuery(pgUrl, `create database ${database}`),
    cleanup: () => adminQuery(pgUrl, `drop database if exists ${database} with (force)`),
  });
}

/** `count` activities of every kind, ids `prefix-n`; every seventh names a party on the DPRK list. */
function activities(prefix: string, count: number): object[] {
  const kinds: object[] = [
    { type: "goods", date: "2020-01-15", hs: "0303.89", from: "KP", to: "CN", description: "frozen fish" },
    { type: "goods", date: "2019-12-17", hs: "0302.14", from: "NO", to: "JP" },
    { type: "goods", date: "2019-06-01", hs: "2710.19", from: "CN", to: "KP", description: "diesel fuel" },
    { type: "goods", date: "2019-12-17", hs: "2701.12", from: "KP", to: "CN", origin: "RU", port: "Rajin" },
    { type: "employment", date: "2019-12-23", nationality: "KP", country: "RU", newAuthorization: false },
    { type: "goods", date: "2019-06-01", hs: "2710.19", from: "CN", to: "KP" },
    {
      type: "goods",
      date: "2021-03-01",
      hs: "8471.30",
      from: "CN",
      to: "TH",
      parties: [{ name: "Korea Mining Development Trading Corporation", role: "consignee" }],
    },
  ];
  return Array.from({ length: count }, (_, i) => ({ ...kinds[i % kinds.length], id: `${prefix}-${i}` }));
}

const INSERT_SNAPSHOT = '^insert into "list_snapshots"';
const INSERT_ACTIVE = '^insert into "active_lists"';
const AUDIT_WRITE = 'insert into "?audit_checks"?';

for (const target of targets) {
  describe(`sanctions serve killed with SIGKILL (${target.name})`, { timeout: 900_000, ...sdnFile }, () => {
    let dataDir: string;
    let large: Buffer;
    let small: Buffer;
    /** The state every interrupted import must leave: the small list active, the first batch recorded. */
    let baseline: StoredState;
    let smallId: string;
    /** The server started by the import that succeeds, killed in the middle of a batch. */
    let batchServer: Server | undefined;
    /** The state after the import that succeeds, then after the batch that is killed. */
    let latest: StoredState;
    /** Request ids answered before the kill of the audit test; all must be recorded after the restart. */
    let answeredBeforeKill: string[] = [];

    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), "sanctions-faults-"));
      large = await readFile(sharedData("ofac", "sdn.csv"));
      const lines = large.toString("utf8").split("\n");
      small = Buffer.from(lines.filter((line) => line.includes("DPRK")).join("\n") + "\n");
      await target.setup();
    });

    after(async () => {
      if (batchServer) batchServer.child.kill("SIGKILL");
      await target.cleanup();
      await rm(dataDir, { recursive: true, force: true });
    });

    const env = (): NodeJS.ProcessEnv => target.env(dataDir);
    const importLarge = (server: Server): Promise<Response> =>
      call(server, "POST", "/v1/lists/import?source=sdn-full", "admin", large, {
        "content-type": "text/csv",
      });

    /** After a kill: what is stored (read directly, once the server's backends are gone). */
    const storedNow = async (): Promise<StoredState> => {
      if (target.postgres) await waitForNoBackends(target.postgres.adminUrl, target.postgres.database);
      return inspect(target.store(dataDir));
    };

    it(
      "an import killed while its upload is arriving leaves the lists as they were",
      { timeout: 180_000 },
      async (t) => {
        const server = await startServer(env());
        try {
          const imported = await json<{ snapshot: { id: string }; activated: boolean }>(
            await call(server, "POST", "/v1/lists/import?source=sdn-dprk", "admin", small, {
              "content-type": "text/csv",
            }),
          );
          assert.equal(imported.activated, true);
          smallId = imported.snapshot.id;
          const checked = await json<{ summary: { evaluated: number } }>(
            await call(server, "POST", "/v1/check", "reader", JSON.stringify(activities("first", 21)), {
              "content-type": "application/json",
            }),
          );
          assert.equal(checked.summary.evaluated, 21);

          // Half the file, with the whole file's length declared: the server waits for the rest.
          const upload = httpRequest(`${server.url}/v1/lists/import?source=sdn-full`, {
            method: "POST",
            headers: {
              authorization: `Bearer ${TEST_KEYS.admin}`,
              "content-type": "text/csv",
              "content-length": String(large.length),
            },
          });
          let answered = false;
          upload.on("response", () => (answered = true)).on("error", () => undefined);
          await new Promise<void>((resolve, reject) => {
            upload.write(large.subarray(0, large.length >> 1), (error) => {
              if (error) reject(error);
              else resolve();
            });
          });
          await new Promise((resolve) => setTimeout(resolve, 200));
          assert.equal(answered, false);
          await kill(server);
          upload.destroy();
        } finally {
          server.child.kill("SIGKILL");
        }
        baseline = await storedNow();
        assert.deepEqual(
          baseline.snapshots.map((line) => line.split(" ").slice(2).join(" ")),
          ["sdn-dprk active"],
          "only the small list, active",
        );
        assert.equal(baseline.batches.length, 1);
        assert.equal(baseline.batches[0]?.checks, 21);
        t.diagnostic(`killed with half of ${large.length} bytes sent: nothing of the import is stored`);
      },
    );

    it(
      "an import killed while its snapshot is being inserted leaves the lists as they were",
      { timeout: 180_000 },
      async (t) => {
        const server = await startServer(env(), { announce: INSERT_SNAPSHOT });
        const watch = target.postgres
          ? await BackendWatch.open(target.postgres.adminUrl, target.postgres.database)
          : undefined;
        try {
          assert.deepEqual(
            await listedSnapshots(server),
            baseline.snapshots,
            "the restarted server lists the same",
          );
          const response = importLarge(server).then(
            (r) => r.status,
            () => "no answer",
          );
          await waitForStderr(server, /fault-probe: running #\d+ insert into "list_snapshots"/, 60_000);
          const sent = performance.now();
          let where = "PGlite runs it in the server process";
          if (watch) {
            const backend = await watch.until(
              `state = 'active' and backend_xid is not null and query ilike 'insert into "list_snapshots"%'`,
              60_000,
            );
            where = `pg_stat_activity shows it writing in backend ${backend.pid}, transaction ${backend.xid ?? ""}`;
          }
          await kill(server);
          t.diagnostic(
            `killed ${Math.round(performance.now() - sent)} ms after the snapshot's INSERT was sent (${where})`,
          );
          assert.equal(
            await response,
            "no answer",
            "the import was answered before the kill landed: the kill came too late to interrupt it",
          );
        } finally {
          server.child.kill("SIGKILL");
          await watch?.close();
        }
        const now = await storedNow();
        assert.deepEqual(
          now.snapshots,
          baseline.snapshots,
          "no snapshot of the killed import, the small list active",
        );
        assert.deepEqual(now.batches, baseline.batches);
      },
    );

    it(
      "an import killed after writing its snapshot, before activating it, leaves the lists as they were",
      { timeout: 180_000 },
      async (t) => {
        const server = await startServer(env(), { holdAt: INSERT_ACTIVE });
        const watch = target.postgres
          ? await BackendWatch.open(target.postgres.adminUrl, target.postgres.database)
          : undefined;
        try {
          assert.deepEqual(
            await listedSnapshots(server),
            baseline.snapshots,
            "the restarted server lists the same",
          );
          const response = importLarge(server).then(
            (r) => r.status,
            () => "no answer",
          );
          await waitForStderr(server, /fault-probe: holding before insert into "active_lists"/, 60_000);
          if (watch) {
            const backend = await watch.until(
              `state = 'idle in transaction' and backend_xid is not null`,
              10_000,
            );
            t.diagnostic(
              `backend ${backend.pid} is idle in transaction ${backend.xid ?? ""}, the snapshot inserted, when the server is killed`,
            );
          }
          await kill(server);
          assert.equal(await response, "no answer");
        } finally {
          server.child.kill("SIGKILL");
          await watch?.close();
        }
        const now = await storedNow();
        assert.deepEqual(
          now.snapshots,
          baseline.snapshots,
          "no snapshot of the killed import, the small list active",
        );
        assert.deepEqual(now.batches, baseline.batches);
      },
    );

    it(
      "after the kills, the same import succeeds and makes the large list active",
      { timeout: 180_000 },
      async () => {
        // This server is killed in the next test, in the middle of a batch of checks.
        batchServer = await startServer(env(), { announce: AUDIT_WRITE });
        assert.deepEqual(
          await listedSnapshots(batchServer),
          baseline.snapshots,
          "the restarted server lists the same",
        );
        const imported = await json<{
          snapshot: { id: string; counts: { names: number } };
          previous?: string;
        }>(await importLarge(batchServer));
        assert.equal(imported.previous, smallId);
        assert.ok(imported.snapshot.counts.names > 18_000);
        const listed = await listedSnapshots(batchServer);
        assert.deepEqual(
          listed,
          [
            `OFAC-SDN ${imported.snapshot.id} sdn-full active`,
            `OFAC-SDN ${smallId} sdn-dprk inactive`,
          ].sort(),
        );
        latest = { snapshots: listed, batches: baseline.batches };
      },
    );

    it(
      "a batch of checks killed while the audit log is being written is recorded whole or not at all",
      { timeout: 240_000 },
      async (t) => {
        const server = batchServer;
        assert.ok(server, "the server of the previous test runs");
        const watch = target.postgres
          ? await BackendWatch.open(target.postgres.adminUrl, target.postgres.database)
          : undefined;
        const requests = 5;
        const size = 1_000;
        try {
          // Sent together: the first request's batch is written alone, the others are gathered into
          // the next write (group commit), during which the server is killed.
          const answers = Array.from({ length: requests }, (_, r) =>
            call(server, "POST", "/v1/check", "reader", JSON.stringify(activities(`batch${r}`, size)), {
              "content-type": "application/json",
              "x-request-id": `fault-batch-${r}`,
            }).then(
              async (response) =>
                response.status === 200 ? (await response.json(), `fault-batch-${r}`) : undefined,
              () => undefined,
            ),
          );
          await waitForStderr(server, /fault-probe: running #1 /, 120_000);
          const sent = performance.now();
          let where = "PGlite runs it in the server process";
          if (watch) {
            const backend = await watch.until(
              `state = 'active' and backend_xid is not null and (query ilike '%audit_checks%' or query ilike '%audit_batches%')`,
              10_000,
            );
            where = `pg_stat_activity shows it writing in backend ${backend.pid}, transaction ${backend.xid ?? ""}`;
          }
          await kill(server);
          const killedAfter = Math.round(performance.now() - sent);
          const answered = (await Promise.all(answers)).filter((id) => id !== undefined);

          const now = await storedNow();
          assert.deepEqual(now.snapshots, latest.snapshots);
          const earlier = new Set(baseline.batches.map((b) => b.id));
          assert.deepEqual(
            now.batches.filter((b) => earlier.has(b.id)),
            baseline.batches,
            "the batch recorded before is still there, whole",
          );
          const added = now.batches.filter((b) => !earlier.has(b.id));
          for (const batch of added) assert.equal(batch.checks, size, `${batch.source} is the whole request`);
          const recorded = added.map((b) => b.source.split(" ").at(-1) ?? "");
          // The answered ones are in the journal if not yet here: the restart moves them (next test).
          answeredBeforeKill = answered;
          t.diagnostic(
            `killed ${killedAfter} ms after the journal's first write to the database was sent (${where}): ` +
              `${added.length} of ${requests} requests in the database whole (${recorded.join(", ")}), ` +
              `${requests - added.length} not at all; ${answered.length} answered before the kill`,
          );
          latest = { snapshots: now.snapshots, batches: now.batches };
        } finally {
          server.child.kill("SIGKILL");
          batchServer = undefined;
          await watch?.close();
        }
      },
    );

    it(
      "restarted, the server records checks again, and audit replay reports zero differences",
      { timeout: 240_000 },
      async () => {
        const server = await startServer(env());
        try {
          assert.deepEqual(await listedSnapshots(server), latest.snapshots);
          const health = await json<{ listSnapshot: string[] }>(await fetch(`${server.url}/healthz`));
          assert.equal(health.listSnapshot.length, 1);
          const checked = await json<{ summary: { evaluated: number } }>(
            await call(server, "POST", "/v1/check", "reader", JSON.stringify(activities("last", 7)), {
              "content-type": "application/json",
            }),
          );
          assert.equal(checked.summary.evaluated, 7);
          await stop(server);
        } finally {
          server.child.kill("SIGKILL");
        }
        const now = await storedNow();
        const earlier = new Set(latest.batches.map((b) => b.id));
        const added = now.batches.filter((b) => !earlier.has(b.id));
        const sources = now.batches.map((b) => b.source.split(" ").at(-1) ?? "");
        for (const id of answeredBeforeKill)
          assert.equal(
            sources.filter((source) => source === id).length,
            1,
            `${id} was answered before the kill, so the restart recorded it, once`,
          );
        for (const batch of added)
          assert.ok(
            batch.checks === 7 || batch.checks === 1_000,
            `${batch.source} is whole: ${batch.checks}`,
          );
        assert.ok(
          added.some((b) => b.checks === 7),
          "the check made after the restart is recorded",
        );
        const total = now.batches.reduce((sum, b) => sum + b.checks, 0);
        const replay = await runCli(["audit", "replay", "--json"], { env: childEnv(env()) });
        assert.equal(replay.code, 0, replay.stderr);
        assert.deepEqual(JSON.parse(replay.stdout), { checks: total, identical: total, differences: [] });
      },
    );
  });
}

if (pgUrl !== undefined) {
  const adminUrl = pgUrl;
  describe("sanctions serve while PostgreSQL refuses connections", { timeout: 300_000 }, () => {
    const database = `sanctions_outage_${randomBytes(4).toString("hex")}`;
    const url = withDatabase(adminUrl, database);
    let dataDir: string;
    let server: Server | undefined;

    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), "sanctions-outage-"));
      await adminQuery(adminUrl, `create database ${database}`);
    });
    after(async () => {
      server?.child.kill("SIGKILL");
      await adminQuery(adminUrl, `alter database ${database} allow_connections true`).catch(() => undefined);
      await adminQuery(adminUrl, `drop database if exists ${database} with (force)`);
      await rm(dataDir, { recursive: true, force: true });
    });

    it("answers from the journal, then refuses past the backlog's bound, then drains all once back", async (t) => {
      server = await startServer({
        SANCTIONS_DATA_DIR: dataDir,
        DATABASE_URL: url,
        SANCTIONS_CONTEXT_REFRESH_MS: "1000",
        SANCTIONS_AUDIT_BACKLOG_MB: "1",
      });
      const running = server;
      const check = (prefix: string, count: number) =>
        call(running, "POST", "/v1/check", "reader", JSON.stringify(activities(prefix, count)), {
          "content-type": "application/json",
        });
      const health = async () => {
        const response = await fetch(`${running.url}/healthz`);
        return {
          status: response.status,
          body: (await response.json()) as { status: string; audit: AuditHealthBody },
        };
      };
      /** Request id → checks, for every request answered with a verdict. */
      const answered = new Map<string, number>();
      const expectAnswered = async (prefix: string, count: number) => {
        const response = await check(prefix, count);
        await json(response);
        answered.set(response.headers.get("x-request-id") ?? "", count);
      };
      await expectAnswered("before", 5);

      await adminQuery(adminUrl, `alter database ${database} allow_connections false`);
      await adminQuery(
        adminUrl,
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${database}'`,
      );
      for (let index = 0; index < 3; index++) await expectAnswered(`outage-${String(index)}`, 7);
      for (let waited = 0; (await health()).body.status !== "degraded"; waited += 50) {
        assert.ok(waited < 20_000, "the server noticed the outage");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const degraded = await health();
      assert.equal(degraded.status, 200);
      assert.ok(degraded.body.audit.backlogBatches >= 1);

      // Large requests until the backlog passes 1 MiB: then no verdict is given.
      let refused: Response | undefined;
      for (let index = 0; index < 20 && refused === undefined; index++) {
        const response = await check(`fill-${String(index)}`, 1000);
        if (response.status === 503) refused = response;
        else {
          await json(response);
          answered.set(response.headers.get("x-request-id") ?? "", 1000);
        }
      }
      assert.ok(refused, "a request was refused once the backlog was full");
      assert.equal(refused.headers.get("retry-after"), "5");
      assert.equal((await json<{ error: { code: string } }>(refused, 503)).error.code, "audit_unavailable");
      const full = await health();
      assert.equal(full.status, 503);
      assert.equal(full.body.status, "unavailable");
      t.diagnostic(
        `refused after ${String(answered.size)} answered requests, backlog ${String(full.body.audit.backlogBytes)} bytes`,
      );

      await adminQuery(adminUrl, `alter database ${database} allow_connections true`);
      for (let waited = 0; (await health()).body.status !== "ok"; waited += 100) {
        assert.ok(waited < 30_000, "the backlog drained once the database was back");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await expectAnswered("after", 3);
      await stop(running);

      const stored = await inspect({ kind: "postgres", url });
      const byRequest = new Map<string, number>();
      for (const batch of stored.batches) {
        const requestId = batch.source.split(" ").at(-1) ?? "";
        assert.ok(!byRequest.has(requestId), `${requestId} is recorded once`);
        byRequest.set(requestId, batch.checks);
      }
      assert.deepEqual(
        [...byRequest].sort(),
        [...answered].sort(),
        "every answered request is recorded, with its checks; the refused one is not",
      );
    });
  });
}

interface AuditHealthBody {
  state: string;
  backlogBatches: number;
  backlogBytes: number;
}
