/**
 * @module store/pglite-thread
 * The embedded database on a thread of its own. In the server, PGlite's work (PostgreSQL compiled to
 * WebAssembly) took half of the one thread that also parses requests and evaluates them; on a worker
 * thread it runs beside them, on the machine's other core. The main thread keeps everything else as
 * it was: the pg pool, Kysely, the type parsers and the SQL. Only the wire-protocol messages cross.
 *
 * {@link startPgliteThread} returns an object with the two members PGlite's node-postgres adapter
 * uses (`waitReady`, `execProtocolStream`), so `createPgConfig` takes it in place of a PGlite instance.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
import { StoreError } from "./errors.js";

/** The part of PGlite that its node-postgres adapter calls, answered by the worker. */
export interface PgliteThread {
  readonly waitReady: Promise<void>;
  execProtocolStream(message: Uint8Array, options?: { throwOnError?: boolean }): Promise<unknown[]>;
  close(): Promise<void>;
}

type Reply =
  | { readonly id: number; readonly ok: true; readonly messages?: unknown[] }
  | { readonly id: number; readonly ok: false; readonly error: string };

/**
 * Starts PGlite on `dir` (in memory without one) in a worker thread; resolves once the database is open.
 * @throws {StoreError} `database_unavailable` when it cannot be opened
 */
export async function startPgliteThread(dir?: string): Promise<PgliteThread> {
  // A new database is created by a process of its own first, which ends once done: initdb's memory
  // would otherwise stay with the server for as long as it runs (see ./pglite-initdb.js).
  if (dir !== undefined && !existsSync(join(dir, "PG_VERSION"))) await createDatabase(dir);
  const worker = new Worker(workerUrl, { workerData: dir === undefined ? {} : { dir } });
  const pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  let next = 1;
  let failure: Error | undefined;
  const ready = new Promise<Reply>((resolve, reject) => {
    pending.set(0, { resolve, reject });
  });
  worker.on("message", (reply: Reply) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    waiter?.resolve(reply);
  });
  const fail = (error: Error): void => {
    failure = new StoreError(
      "database_unavailable",
      `the embedded database's thread stopped: ${error.message}`,
      {
        cause: error,
      },
    );
    for (const waiter of pending.values()) waiter.reject(failure);
    pending.clear();
  };
  worker.on("error", fail);
  worker.on("exit", (code) => {
    if (pending.size > 0) fail(new Error(`exit code ${code}`));
  });

  const call = (
    request: { op: string; bytes?: Uint8Array },
    transfer: ArrayBuffer[] = [],
  ): Promise<Reply> => {
    if (failure) return Promise.reject(failure);
    const id = next++;
    return new Promise<Reply>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...request }, transfer);
    });
  };

  const opened = await ready;
  if (!opened.ok) {
    await worker.terminate();
    throw new StoreError(
      "database_unavailable",
      `cannot open the embedded database${dir === undefined ? "" : ` in ${dir}`}: ${opened.error}`,
    );
  }
  let closing: Promise<void> | undefined;
  return {
    waitReady: Promise.resolve(),
    async execProtocolStream(message) {
      // A copy of exactly the message's bytes, moved to the worker (pg's buffers are slices of a pool).
      const bytes = new Uint8Array(message);
      const reply = await call({ op: "exec", bytes }, [bytes.buffer]);
      if (!reply.ok) throw new StoreError("database_unavailable", reply.error);
      return (reply.messages ?? []).map(backendMessage);
    },
    close() {
      closing ??= call({ op: "close" }).then(
        () => undefined,
        () => undefined,
      );
      return closing;
    },
  };
}

const workerUrl = new URL("./pglite-worker.js", import.meta.url);
const initdbUrl = new URL("./pglite-initdb.js", import.meta.url);
/** initdb takes 2–15 s on the machines measured; a hung one must not hold the start forever. */
const INITDB_TIMEOUT_MS = 120_000;
const execFileAsync = promisify(execFile);

/**
 * Creates the database in `dir` (initdb) in a child process (./pglite-initdb.js), which ends once done.
 * @throws {StoreError} `database_unavailable` when it cannot be created
 */
async function createDatabase(dir: string): Promise<void> {
  try {
    await execFileAsync(process.execPath, [fileURLToPath(initdbUrl), dir], { timeout: INITDB_TIMEOUT_MS });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new StoreError(
      "database_unavailable",
      `cannot create the embedded database in ${dir}: ${stderr || (error instanceof Error ? error.message : String(error))}`,
      { cause: error },
    );
  }
}

/** An error message becomes an Error again, with the fields pg and the store read (code, detail...). */
function backendMessage(message: unknown): unknown {
  if (typeof message !== "object" || message === null || !("isError" in message)) return message;
  const { isError: _isError, message: text, ...fields } = message as { isError: true; message: string };
  return Object.assign(new Error(text), fields);
}
