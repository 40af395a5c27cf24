/**
 * PostgreSQL backends terminated under load (`pg_terminate_backend`, as an administrator, a failover
 * or a connection pooler does it): two `sanctions serve` instances share one database and take a
 * bounded mix of requests (checks, screens, list, ledger, exemption, key and audit reads, a few
 * writes) while every backend of the database but the test's own is terminated, several times.
 *
 * The terminations come at fixed points of the load (after so many answers), not after delays, and
 * nothing asserted depends on where they land: whatever query a terminated backend was running, each
 * answer must be a 2xx or a 503 `database_unavailable` with `Retry-After` (no 500, no connection
 * dropped), both processes must still run, and afterwards both answer checks and reads as before, say
 * `ok` on `/healthz`, and (read from the database once they are stopped) every check answered with
 * a verdict is in the audit log, once. Before client errors were handled, a terminated backend whose
 * client was checked out of the pool killed the process (`Unhandled 'error' event`, 57P01).
 * Then the database refuses connections for a while (`allow_connections false`): reads get the 503,
 * `/healthz` says `degraded`, and once it takes connections again both instances serve without a
 * restart.
 *
 * Skipped without `DATABASE_URL`; the database is made for the run and dropped after it. The first
 * part needs no database: the error mapping, `/healthz` and its probe, with stand-ins that fail.
 * Run with `npm test -- src/api/db-faults`.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Kysely, PostgresDialect, sql, type PostgresPool } from "kysely";
import pg from "pg";
import { FileSnapshotStore } from "../lists/index.js";
import { openStore, type Database, type Store } from "../store/index.js";
import { adminQuery, postgresUrl, withDatabase } from "../store/testing/factories.js";
import { spawnServe, type ServeProcess } from "../../test/support/serve.js";
import { databaseProbe } from "./stored.js";
import { TEST_KEYS, testApp } from "./testing.js";

const adminUrl = postgresUrl();

/** Requests in all, and how many are in flight at once (over both instances). */
const REQUESTS = 480;
const CONCURRENCY = 8;
/** After how many answers every backend is terminated. */
const TERMINATE_AFTER = [40, 110, 180, 250, 320, 390];

/** Three lines in the form of OFAC's SDN file (`sdn.csv`). */
const SMALL_LIST =
  [
    `9345,"KOREA MINING DEVELOPMENT TRADING CORPORATION",-0- ,"NPWMD] [DPRK2",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. 'KOMID'."`,
    `11599,"KOREA TANGUN TRADING CORPORATION",-0- ,"NPWMD] [DPRK2",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- `,
    `12209,"OFFICE 39",-0- ,"DPRK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. 'THIRD FLOOR'."`,
  ].join("\n") + "\n";

const keys = `${TEST_KEYS.admin}:admin,${TEST_KEYS.reader}:reader,${TEST_KEYS.analyst}:analyst`;

const activityKinds: object[] = [
  { type: "goods", date: "2020-01-15", hs: "0303.89", from: "KP", to: "CN", description: "frozen fish" },
  { type: "goods", date: "2019-12-17", hs: "0302.14", from: "NO", to: "JP" },
  { type: "goods", date: "2019-06-01", hs: "2710.19", from: "CN", to: "KP", description: "diesel fuel" },
  { type: "employment", date: "2019-12-23", nationality: "KP", country: "RU", newAuthorization: false },
  {
    type: "goods",
    date: "2021-03-01",
    hs: "8471.30",
    from: "CN",
    to: "TH",
    parties: [{ name: "Korea Mining Development Trading Corporation", role: "consignee" }],
  },
];

function activities(prefix: string, count: number): object[] {
  return Array.from({ length: count }, (_, i) => ({
    ...activityKinds[i % activityKinds.length],
    id: `${prefix}-${String(i)}`,
  }));
}

/** One request of the mix: what it is (for messages) and how to send it with a given key. */
interface Planned {
  readonly what: string;
  readonly method: "GET" | "POST";
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
  readonly role: "admin" | "reader" | "analyst" | "stored";
  /** Checks sent, for the audit log's count; 0 for anything else. */
  readonly checks: number;
}

/** The `index`-th request of the mix. */
function planned(index: number): Planned {
  const json = "application/json";
  switch (index % 12) {
    case 0:
    case 1:
    case 2:
    case 3: {
      const count = 1 + (index % 3);
      return {
        what: "check",
        method: "POST",
        path: "/v1/check",
        body: JSON.stringify(activities(`load-${String(index)}`, count)),
        contentType: json,
        // Some through the key stored in the database: its lookup is a read of the key table.
        role: index % 2 === 0 ? "stored" : "reader",
        checks: count,
      };
    }
    case 4:
      return {
        what: "screen",
        method: "POST",
        path: "/v1/screen",
        body: JSON.stringify({ queries: [{ name: "Korea Mining Development Trading" }, { name: "Kim" }] }),
        contentType: json,
        role: "stored",
        checks: 0,
      };
    case 5:
      return { what: "lists", method: "GET", path: "/v1/lists", role: "reader", checks: 0 };
    case 6:
      return {
        what: "caps status",
        method: "GET",
        path: "/v1/caps/status?year=2019",
        role: "reader",
        checks: 0,
      };
    case 7:
      return { what: "exemptions", method: "GET", path: "/v1/exemptions", role: "reader", checks: 0 };
    case 8:
      return {
        what: "audit read",
        method: "GET",
        path: `/v1/audit/checks?activity=load-${String(Math.max(0, index - 20 - (index % 12)))}-0`,
        role: "analyst",
        checks: 0,
      };
    case 9:
      return { what: "keys", method: "GET", path: "/v1/keys", role: "admin", checks: 0 };
    case 10:
      return {
        what: "delivery",
        method: "POST",
        path: "/v1/caps/deliveries",
        body: JSON.stringify({
          supplier: "China",
          date: "2019-03-01",
          quantity: 10 + index,
          unit: "bbl",
          source: `db-faults#${String(index)}`,
        }),
        contentType: json,
        role: "admin",
        checks: 0,
      };
    default:
      return {
        what: "check",
        method: "POST",
        path: "/v1/check",
        body: JSON.stringify(activities(`load-${String(index)}`, 1)[0]),
        contentType: json,
        role: "stored",
        checks: 1,
      };
  }
}

/** PostgreSQL's error for a terminated backend, as pg gives it. */
function terminatedError(): Error {
  return Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
}

/** A store whose database answers `select 1` as `answer` says (only what `databaseProbe` uses). */
function probedStore(answer: () => Promise<unknown>): Store {
  const pool: PostgresPool = {
    connect: () =>
      Promise.resolve({
        query: (() =>
          answer().then(() => ({ command: "SELECT", rowCount: 1, rows: [{ "?column?": 1 }] }))) as never,
        release: () => undefined,
      }),
    end: () => Promise.resolve(),
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { database: { db } } as unknown as Store;
}

describe("API answers when the database is away", () => {
  it("a read whose connection was lost is a 503 database_unavailable with Retry-After, logged as a warning", async () => {
    const failing = new FileSnapshotStore("/nonexistent");
    failing.list = () => Promise.reject(terminatedError());
    const t = await testApp({ lists: failing });
    try {
      const response = await t.call("GET", "/v1/lists", { role: "reader" });
      assert.equal(response.status, 503);
      assert.equal(response.headers.get("retry-after"), "1");
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, "database_unavailable");
      assert.doesNotMatch(body.error.message, /administrator/, "the driver's text stays in the log");
      const line = t.logs
        .map((text) => JSON.parse(text) as { level: number; msg: string })
        .find((l) => l.level === 40);
      assert.equal(line?.msg, "refused: the database could not be reached");
    } finally {
      await t.cleanup();
    }
  });

  it("a stored key that cannot be looked up is a 503, not a 500; an unknown failure stays a 500", async () => {
    const lost = await testApp({
      keys: {
        findByHash: () => Promise.reject(new Error("Connection terminated unexpectedly")),
        hasKeys: () => Promise.resolve(true),
      },
    });
    const broken = await testApp({
      keys: { findByHash: () => Promise.reject(new Error("a bug")), hasKeys: () => Promise.resolve(true) },
    });
    try {
      const refused = await lost.call("GET", "/v1/regime", { role: "reader" });
      assert.equal(refused.status, 503);
      assert.equal(
        ((await refused.json()) as { error: { code: string } }).error.code,
        "database_unavailable",
      );
      const internal = await broken.call("GET", "/v1/regime", { role: "reader" });
      assert.equal(internal.status, 500);
      assert.equal(internal.headers.get("retry-after"), null);
    } finally {
      await lost.cleanup();
      await broken.cleanup();
    }
  });

  it("/healthz says degraded (200) while the database does not answer, ok once it does", async () => {
    let up = false;
    const database = databaseProbe(
      probedStore(() => (up ? Promise.resolve() : Promise.reject(terminatedError()))),
      { reuseMs: 0 },
    );
    const t = await testApp({ database });
    try {
      const down = await t.app.request("/healthz");
      assert.equal(down.status, 200);
      const body = (await down.json()) as { status: string; database: { state: string; since?: string } };
      assert.equal(body.status, "degraded");
      assert.equal(body.database.state, "unavailable");
      assert.ok(body.database.since);
      up = true;
      const back = (await (await t.app.request("/healthz")).json()) as { status: string; database: object };
      assert.deepEqual([back.status, back.database], ["ok", { state: "ok" }]);
    } finally {
      await t.cleanup();
    }
  });
});

describe("databaseProbe", () => {
  it("dates an outage from its first failed look, and forgets it once the database answers", async () => {
    let clock = 1_000_000;
    let up = false;
    const probe = databaseProbe(
      probedStore(() => (up ? Promise.resolve() : Promise.reject(terminatedError()))),
      {
        reuseMs: 0,
        now: () => clock,
      },
    );
    const first = await probe.health();
    clock += 5000;
    const second = await probe.health();
    assert.equal(first.state, "unavailable");
    assert.equal(second.since, new Date(1_000_000).toISOString());
    up = true;
    assert.deepEqual(await probe.health(), { state: "ok" });
    up = false;
    assert.equal((await probe.health()).since, new Date(1_005_000).toISOString());
  });

  it("counts a database that does not answer in time as unavailable", async () => {
    const probe = databaseProbe(
      probedStore(() => new Promise(() => undefined)),
      { timeoutMs: 20 },
    );
    assert.equal((await probe.health()).state, "unavailable");
  });

  it("asks once at a time and reuses an answer for reuseMs", async () => {
    let clock = 0;
    let asked = 0;
    const probe = databaseProbe(
      probedStore(() => {
        asked++;
        return Promise.resolve();
      }),
      { reuseMs: 1000, now: () => clock },
    );
    await Promise.all([probe.health(), probe.health(), probe.health()]);
    assert.equal(asked, 1);
    clock += 999;
    await probe.health();
    assert.equal(asked, 1);
    clock += 1;
    await probe.health();
    assert.equal(asked, 2);
  });
});

interface Answer {
  readonly what: string;
  readonly server: number;
  readonly status: number;
  readonly code: string | undefined;
  readonly retryAfter: string | null;
  readonly requestId: string | null;
  readonly checks: number;
}

/**
 * Waits until `/healthz` says `status` with the database `state`: its look at the database is reused
 * for a second, so a change shows within about that (bounded at 20 s).
 */
async function until(server: ServeProcess, status: string, state: string): Promise<void> {
  let last = "";
  for (let waited = 0; waited < 20_000; waited += 100) {
    const response = await fetch(`${server.url}/healthz`);
    const body = (await response.json()) as { status: string; database?: { state: string } };
    if (response.status === 200 && body.status === status && body.database?.state === state) return;
    last = JSON.stringify(body);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`/healthz did not say ${status} with the database ${state}: ${last}`);
}

describe(
  "sanctions serve ×2 on one PostgreSQL database while its backends are terminated",
  {
    timeout: 600_000,
    skip: adminUrl === undefined ? "DATABASE_URL is not set: no PostgreSQL to terminate backends on" : false,
  },
  () => {
    const admin = adminUrl ?? "";
    const database = `sanctions_dbfaults_${randomBytes(4).toString("hex")}`;
    const url = withDatabase(admin, database);
    let dataDirs: string[] = [];
    const servers: ServeProcess[] = [];

    before(async () => {
      await adminQuery(admin, `create database ${database}`);
      dataDirs = [
        await mkdtemp(join(tmpdir(), "sanctions-dbfaults-a-")),
        await mkdtemp(join(tmpdir(), "sanctions-dbfaults-b-")),
      ];
    });
    after(async () => {
      for (const server of servers) server.child.kill("SIGKILL");
      await adminQuery(admin, `drop database if exists ${database} with (force)`);
      for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
    });

    const start = async (dataDir: string): Promise<ServeProcess> => {
      const server = await spawnServe({
        env: {
          ...process.env,
          DATABASE_URL: url,
          SANCTIONS_DATA_DIR: dataDir,
          SANCTIONS_API_KEYS: keys,
          // Every request looks at the stored data: as many queries as the load can make.
          SANCTIONS_CONTEXT_REFRESH_MS: "0",
          SANCTIONS_LOG_LEVEL: "warn",
        },
      });
      servers.push(server);
      return server;
    };

    it("answers every request with a 2xx or a 503 database_unavailable, and loses no check", async (t) => {
      const first = await start(dataDirs[0] ?? "");
      const headers = (key: string, contentType?: string): Record<string, string> => ({
        authorization: `Bearer ${key}`,
        ...(contentType === undefined ? {} : { "content-type": contentType }),
      });
      // A small list, so that screens have something to screen.
      const imported = await fetch(`${first.url}/v1/lists/import?source=sdn-dprk`, {
        method: "POST",
        headers: headers(TEST_KEYS.admin, "text/csv"),
        body: SMALL_LIST,
      });
      assert.equal(imported.status, 200, await imported.text());
      const created = await fetch(`${first.url}/v1/keys`, {
        method: "POST",
        headers: headers(TEST_KEYS.admin, "application/json"),
        body: JSON.stringify({ role: "reader", label: "db faults" }),
      });
      assert.equal(created.status, 201);
      const storedKey = ((await created.json()) as { secret: string }).secret;
      const second = await start(dataDirs[1] ?? "");
      const both = [first, second];
      const keyOf = (role: Planned["role"]): string => (role === "stored" ? storedKey : TEST_KEYS[role]);

      const terminated: number[] = [];
      const terminate = async (): Promise<void> => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          const result = await client.query<{ terminated: boolean }>(
            `select pg_terminate_backend(pid) as terminated from pg_stat_activity
             where datname = current_database() and pid <> pg_backend_pid()`,
          );
          terminated.push(result.rows.filter((row) => row.terminated).length);
        } finally {
          await client.end();
        }
      };

      const answers: Answer[] = [];
      const failures: string[] = [];
      let next = 0;
      let answered = 0;
      const pendingTerminations: Promise<void>[] = [];
      const send = async (index: number): Promise<void> => {
        const request = planned(index);
        const serverIndex = index % 2;
        const server = both[serverIndex] as ServeProcess;
        try {
          const response = await fetch(`${server.url}${request.path}`, {
            method: request.method,
            headers: headers(keyOf(request.role), request.contentType),
            ...(request.body === undefined ? {} : { body: request.body }),
          });
          const text = await response.text();
          let code: string | undefined;
          if (response.status >= 400) {
            try {
              code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
            } catch {
              code = `not JSON: ${text.slice(0, 200)}`;
            }
          }
          answers.push({
            what: request.what,
            server: serverIndex,
            status: response.status,
            code,
            retryAfter: response.headers.get("retry-after"),
            requestId: response.headers.get("x-request-id"),
            checks: request.checks,
          });
        } catch (error) {
          failures.push(
            `${request.what} #${String(index)} on server ${String(serverIndex)}: ${String(error)}`,
          );
        }
        answered++;
        if (TERMINATE_AFTER.includes(answered)) pendingTerminations.push(terminate());
      };
      const worker = async (): Promise<void> => {
        while (next < REQUESTS) await send(next++);
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      await Promise.all(pendingTerminations);

      for (const [index, server] of both.entries())
        assert.equal(server.ended(), false, `server ${String(index)} still runs:\n${server.stderr()}`);
      assert.deepEqual(failures, [], "no request lost its connection");
      const wrong = answers.filter(
        (answer) =>
          !(answer.status >= 200 && answer.status < 300) &&
          !(answer.status === 503 && answer.code === "database_unavailable" && answer.retryAfter !== null),
      );
      assert.deepEqual(
        wrong.map(
          (answer) =>
            `${answer.what} on ${String(answer.server)}: ${String(answer.status)} ${answer.code ?? ""}`,
        ),
        [],
        "every answer is a 2xx or a 503 database_unavailable with Retry-After",
      );
      assert.equal(terminated.length, TERMINATE_AFTER.length);
      const refused = answers.filter((answer) => answer.status === 503);
      t.diagnostic(
        `${String(answers.length)} answers, ${String(refused.length)} of them 503 ` +
          `(${[...new Set(refused.map((answer) => answer.what))].join(", ") || "none"}); ` +
          `backends terminated each time: ${terminated.join(", ")}`,
      );
      assert.ok(
        terminated.some((count) => count > 0),
        "the servers' backends were terminated at least once",
      );

      // After the terminations: both answer as before, on new connections.
      const after: Answer[] = [];
      for (const [index, server] of both.entries()) {
        // (The audit journal's drain may be waiting to retry a write a termination broke.)
        await until(server, "ok", "ok");
        const check = await fetch(`${server.url}/v1/check`, {
          method: "POST",
          headers: headers(storedKey, "application/json"),
          body: JSON.stringify(activities(`after-${String(index)}`, 2)),
        });
        assert.equal(check.status, 200, await check.text());
        after.push({
          what: "check",
          server: index,
          status: 200,
          code: undefined,
          retryAfter: null,
          requestId: check.headers.get("x-request-id"),
          checks: 2,
        });
        const lists = await fetch(`${server.url}/v1/lists`, { headers: headers(TEST_KEYS.reader) });
        assert.equal(lists.status, 200, await lists.text());
      }

      // The database refuses connections for a while: reads are refused with 503 and /healthz says
      // degraded; once it takes connections again both serve reads again, with no restart.
      await adminQuery(admin, `alter database ${database} allow_connections false`);
      await adminQuery(
        admin,
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${database}'`,
      );
      for (const server of both) {
        const refused = await fetch(`${server.url}/v1/lists`, { headers: headers(TEST_KEYS.reader) });
        const body = (await refused.json()) as { error?: { code: string } };
        assert.deepEqual(
          [refused.status, body.error?.code, refused.headers.get("retry-after")],
          [503, "database_unavailable", "1"],
        );
        await until(server, "degraded", "unavailable");
      }
      await adminQuery(admin, `alter database ${database} allow_connections true`);
      for (const server of both) {
        await until(server, "ok", "ok");
        const lists = await fetch(`${server.url}/v1/lists`, { headers: headers(TEST_KEYS.reader) });
        assert.equal(lists.status, 200, await lists.text());
      }

      // Stopped with SIGTERM, each drains its audit journal; then the database is read directly.
      for (const server of both) assert.equal((await server.stop()).code, 0, server.stderr());
      const expected = new Map<string, number>();
      for (const answer of [...answers, ...after])
        if (answer.what === "check" && answer.status === 200)
          expected.set(answer.requestId ?? "", answer.checks);
      const store = await openStore({ kind: "postgres", url, poolSize: 1 });
      try {
        const batches = await sql<{ source: string; checks: number }>`
          select source, checks from audit_batches`.execute(store.database.db);
        const recorded = new Map<string, number>();
        for (const batch of batches.rows) {
          const requestId = batch.source.split(" ").at(-1) ?? "";
          assert.ok(!recorded.has(requestId), `${requestId} is recorded once`);
          recorded.set(requestId, batch.checks);
        }
        assert.deepEqual(
          [...recorded].sort(),
          [...expected].sort(),
          "every check answered with a verdict is in the audit log, with its activities",
        );
      } finally {
        await store.close();
      }
    });
  },
);
