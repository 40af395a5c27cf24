/**
 * @module store/connect
 * Opens the engine's database: PGlite (PostgreSQL compiled to WASM, in this process) on a data
 * directory by default, or a PostgreSQL server when a URL is given. Both go through one code path:
 * Kysely 0.28's `PostgresDialect` over a `pg.Pool`, which for PGlite is the pool its `node-postgres`
 * adapter configures (one connection, in process). So the SQL, the migrations and the type parsers are
 * the same in embedded and server mode.
 */
import { mkdir, open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { createPgConfig } from "@electric-sql/pglite/node-postgres";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { isProcessRunning } from "./processes.js";
import { StoreError } from "./errors.js";
import { startPgliteThread, type PgliteThread } from "./pglite-thread.js";
import { resilientPool } from "./resilient-pool.js";
import type { Database } from "./schema.js";

/** Where the database is. */
export type StoreTarget =
  /** A PostgreSQL server (`postgres://user@host:port/db`). */
  | {
      readonly kind: "postgres";
      readonly url: string;
      readonly poolSize?: number;
      /** Told of each lost connection (a terminated backend, a restart); the pool replaces it. */
      readonly onConnectionError?: (error: Error) => void;
    }
  /**
   * PGlite: in a directory (created when missing), or in memory when `dir` is absent; `loadDataDir`
   * starts from a dump (tests start from a migrated template this way).
   */
  | {
      readonly kind: "pglite";
      readonly dir?: string;
      readonly loadDataDir?: Blob;
      /**
       * `worker`: PGlite runs on a worker thread (see `./pglite-thread.ts`), beside the thread that
       * calls it, as the server wants; not with `loadDataDir`.
       */
      readonly thread?: "worker";
      /** Told of each connection error (the database's thread stopped). */
      readonly onConnectionError?: (error: Error) => void;
    };

/** An open database. Close it: an open PGlite instance keeps the event loop alive. */
export interface OpenDatabase {
  readonly db: Kysely<Database>;
  readonly kind: StoreTarget["kind"];
  /** The PGlite instance, for dumps in tests; absent for PostgreSQL. */
  readonly pglite?: PGlite;
  close(): Promise<void>;
}

// Type parsers (per pool, so that nothing global in `pg` changes for other users of the module):
// - date (1082): pg would make a JS Date at *local* midnight, which shifts legal dates across time
//   zones; keep the `YYYY-MM-DD` text;
// - timestamptz (1184) and timestamp (1114): ISO strings, as the rest of the engine writes instants;
// - int8 (20) and numeric (1700): pg returns strings; counts and barrels fit a double.
const parsers = new Map<number, (value: string) => unknown>([
  [1082, (value) => value],
  [1184, (value) => new Date(value).toISOString()],
  [1114, (value) => new Date(`${value}Z`).toISOString()],
  [20, Number],
  [1700, Number],
]);

/** How long a new connection, or a free one of the pool, is waited for (ms). */
const CONNECT_TIMEOUT_MS = 10_000;

const types = {
  getTypeParser(oid: number, format?: "text" | "binary"): (value: string) => unknown {
    // pg's own parser for everything else (its signature takes its enum of type ids).
    const fallback = pg.types.getTypeParser as (oid: number, format: string) => (value: string) => unknown;
    return parsers.get(oid) ?? fallback(oid, format ?? "text");
  },
};

/**
 * Opens (without migrating) the database at `target`.
 * @throws {StoreError} `database_unavailable`
 */
export async function openDatabase(target: StoreTarget): Promise<OpenDatabase> {
  if (target.kind === "postgres") {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 10,
      // A server that does not answer (a network partition) fails the request after this, with
      // database_unavailable, instead of holding it until TCP gives up; it bounds waiting for a free
      // connection of the pool too.
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      types,
    });
    // Errors of idle and in-use clients are handled there; lost connections are replaced.
    const resilient = resilientPool(pool, {
      reconnect: true,
      ...(target.onConnectionError ? { onConnectionError: target.onConnectionError } : {}),
    });
    try {
      const client = await pool.connect();
      client.release();
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new StoreError("database_unavailable", `cannot connect to PostgreSQL: ${messageOf(error)}`, {
        cause: error,
      });
    }
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: resilient }) });
    return { db, kind: "postgres", close: () => db.destroy() };
  }

  const release = target.dir === undefined ? undefined : await lockDirectory(target.dir);
  if (target.thread === "worker") {
    if (target.loadDataDir !== undefined)
      throw new StoreError("database_unavailable", "a dump cannot be loaded into the database's thread");
    const thread = await startPgliteThread(target.dir).catch(async (error: unknown) => {
      await release?.();
      throw error;
    });
    return wrapPglite(thread as unknown as PGlite, release, thread, target.onConnectionError);
  }
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(target.dir === undefined ? {} : { dataDir: target.dir }),
      ...(target.loadDataDir === undefined ? {} : { loadDataDir: target.loadDataDir }),
    });
  } catch (error) {
    await release?.();
    throw new StoreError(
      "database_unavailable",
      `cannot open the embedded database${target.dir === undefined ? "" : ` in ${target.dir}`}: ${messageOf(error)}`,
      { cause: error },
    );
  }
  return wrapPglite(pglite, release, undefined, target.onConnectionError);
}

/** A Kysely handle over an existing PGlite instance (closed with the handle). */
export function wrapPglite(
  pglite: PGlite,
  release?: () => Promise<void>,
  thread?: PgliteThread,
  onConnectionError?: (error: Error) => void,
): OpenDatabase {
  // Assigned onto the config object rather than spread: it is a class instance pg reads as is.
  const pool = new pg.Pool(Object.assign(createPgConfig(pglite), { types }));
  // Listeners only: the pool's one client shares PGlite's connection object, which must not be ended.
  const listened = resilientPool(pool, {
    reconnect: false,
    ...(onConnectionError ? { onConnectionError } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: listened }) });
  let closed = false;
  return {
    db,
    kind: "pglite",
    // Dumps need the instance itself, which lives on the other thread.
    ...(thread === undefined ? { pglite } : {}),
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await (thread ?? pglite).close();
      await release?.();
    },
  };
}

/**
 * PGlite is one process per data directory: two processes writing one directory would corrupt it. A
 * lock file with the owner's pid keeps a second process out; a lock left by a process that died (killed
 * mid-batch, say) is taken over, since its pid no longer runs.
 */
async function lockDirectory(dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, "..", `${dir.split(/[\\/]/).pop() ?? "db"}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    const handle = await open(path, "wx").catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return undefined;
      throw error;
    });
    if (handle) {
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(path, { force: true });
    }
    const owner = Number((await readFile(path, "utf8").catch(() => "")).trim());
    // This very process counts too: a second PGlite instance on one directory corrupts it as surely.
    if (Number.isInteger(owner) && owner > 0 && isProcessRunning(owner)) {
      throw new StoreError(
        "database_unavailable",
        `the embedded database in ${dir} is in use by process ${owner} (stop it, or use DATABASE_URL for several processes)`,
      );
    }
    await rm(path, { force: true });
  }
  throw new StoreError("database_unavailable", `cannot lock the embedded database in ${dir}`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
