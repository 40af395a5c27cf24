/**
 * @module store/resilient-pool
 * The `pg.Pool` as Kysely sees it, made to survive connections that die under it: a backend
 * terminated by an administrator (`pg_terminate_backend`), a failover, a restart, a pooler closing
 * the socket. Three things went wrong with the bare pool:
 *
 * - a client checked out of the pool (held by Kysely for a statement or a transaction) had no `error`
 *   listener, and pg emits `error` on a client when its socket ends: Node's unhandled `error` event
 *   ended the process (`Connection terminated unexpectedly`, after a 57P01). Every client gets a
 *   listener for its whole life here; the statement that was running fails with the error anyway.
 * - a broken client went back to the pool like a healthy one; here it is released with its error,
 *   so that the pool discards it.
 * - a statement that lost its connection failed although it may have done nothing: when that is safe
 *   (below) it is retried once, on a connection opened after the loss. Anything else fails with the
 *   driver's error, which `isDatabaseUnavailable` (`./unavailable.ts`) recognises: the API answers 503.
 *
 * Safe to retry: the first statement of a checkout, when it only reads or only begins a transaction.
 * Nothing of the session can have been lost with the old connection, and running it twice changes
 * nothing. Kysely checks out a connection per statement outside transactions, so single reads (the
 * context's fingerprint, key lookups, list reads) qualify, and so does a transaction's `begin`; a
 * statement after it never does (its transaction died with the connection).
 *
 * Why a connection opened after the loss: a termination usually takes every backend at once, and the
 * pool's idle clients learn of it only when their socket is read; the next idle client handed out
 * would fail the retry the same way. Clients opened before the loss are discarded on the way.
 */
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from "kysely";
import type pg from "pg";
import { StoreError } from "./errors.js";
import { isDatabaseUnavailable } from "./unavailable.js";

/**
 * A statement that only reads: it starts with `select` (or `with`), and names nothing that writes,
 * locks, takes an advisory lock, draws from a sequence or sets a setting. Text inside quoted names or
 * literals can only make a read look like a write (then it is not retried), never the reverse.
 */
export function isReadOnlyStatement(text: string): boolean {
  return (
    /^\s*(select|with)\b/i.test(text) &&
    !/\b(insert|update|delete|merge|into|truncate|copy|lock|for\s+(no\s+key\s+)?update|for\s+(key\s+)?share|nextval|setval|set_config|pg_advisory\w*|pg_notify|pg_terminate_backend|pg_cancel_backend)\b/i.test(
      text,
    )
  );
}

/** Kysely's `begin` and `start transaction ...`: nothing done yet. */
function beginsTransaction(text: string): boolean {
  return /^\s*(begin|start\s+transaction)\b[^;]*$/i.test(text);
}

/** Options of {@link resilientPool}. */
export interface ResilientPoolOptions {
  /** Told about each connection error (one line in the server's log, say). */
  readonly onConnectionError?: (error: Error) => void;
  /**
   * Discard broken clients and retry on new connections (PostgreSQL). Not for PGlite: its clients
   * share one in-process connection object, which ending one client would end for the next; there a
   * connection error means the database's thread stopped, which a new client cannot mend.
   */
  readonly reconnect: boolean;
}

/** The pool, and the order in which its clients were opened and its connections lost. */
interface Tracked {
  readonly pool: pg.Pool;
  /** The number of the connection opened last; each client's number is in `opened`. */
  count: number;
  readonly opened: WeakMap<pg.PoolClient, number>;
  /** `count` when a connection was last lost: clients numbered up to it may be dead too. */
  lostAt: number;
}

/**
 * Wraps `pool` for Kysely's `PostgresDialect`: listeners on every client; with `reconnect`, broken
 * clients discarded and the first statement of a checkout retried once when safe (see the module).
 */
export function resilientPool(pool: pg.Pool, options: ResilientPoolOptions): PostgresPool {
  const tracked: Tracked = { pool, count: 0, opened: new WeakMap(), lostAt: 0 };
  const told = (error: Error): void => {
    tracked.lostAt = tracked.count;
    options.onConnectionError?.(error);
  };
  // Idle clients: the pool's own listener removes them, then emits on the pool.
  pool.on("error", told);
  // Clients in use: pg emits on the client, and without a listener that would end the process.
  pool.on("connect", (client) => {
    tracked.opened.set(client, ++tracked.count);
    client.on("error", told);
  });
  if (!options.reconnect) return pool;
  return {
    async connect() {
      return new RetryingClient(tracked, await pool.connect());
    },
    end: () => pool.end(),
  };
}

/** One checkout, as Kysely holds it between `connect()` and `release()`. */
class RetryingClient implements PostgresPoolClient {
  readonly #tracked: Tracked;
  /** Undefined after the connection was lost and no new one could be had. */
  #client: pg.PoolClient | undefined;
  #statements = 0;
  /** The connection error the current connection died of, if it did. */
  #broken: Error | undefined;

  constructor(tracked: Tracked, client: pg.PoolClient) {
    this.#tracked = tracked;
    this.#client = client;
  }

  query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sql: string | PostgresCursor<R>,
    parameters: readonly unknown[] = [],
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    // Kysely passes a cursor only for streamed queries, with a cursor class configured: none is.
    if (typeof sql !== "string") throw new Error("streamed queries are not configured");
    return this.#query<R>(sql, parameters);
  }

  release(): void {
    this.#release();
  }

  async #query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>> {
    const first = this.#statements++ === 0;
    try {
      return await this.#run<R>(sql, parameters);
    } catch (error) {
      if (!first || this.#broken === undefined || !(isReadOnlyStatement(sql) || beginsTransaction(sql)))
        throw error;
      this.#release();
      this.#client = await this.#freshClient();
      return await this.#run<R>(sql, parameters);
    }
  }

  /** A client opened after the last lost connection; older ones met on the way are discarded. */
  async #freshClient(): Promise<pg.PoolClient> {
    const { pool, opened } = this.#tracked;
    // Each discarded client leaves the pool, so at most `max` of them come before a new one.
    for (let tries = 0; ; tries++) {
      const client = await pool.connect();
      if ((opened.get(client) ?? 0) > this.#tracked.lostAt || tries >= pool.options.max) return client;
      client.release(new Error("opened before a connection was lost"));
    }
  }

  #release(): void {
    this.#client?.release(this.#broken);
    this.#client = undefined;
    this.#broken = undefined;
  }

  async #run<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>> {
    const client = this.#client;
    if (client === undefined)
      throw new StoreError("database_unavailable", "the connection to the database was lost");
    try {
      return (await client.query(sql, [...parameters])) as unknown as PostgresQueryResult<R>;
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        this.#broken = error instanceof Error ? error : new Error(String(error));
        this.#tracked.lostAt = this.#tracked.count;
      }
      throw error;
    }
  }
}
