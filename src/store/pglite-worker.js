// The embedded database in a worker thread (see ./pglite-thread.ts): PGlite runs here, on its own
// thread, and answers the wire-protocol messages the main thread's pg connection sends. Plain
// JavaScript: worker threads do not inherit the TypeScript loader of the process that starts them.
//
// A new data directory is created beforehand by ./pglite-initdb.js, in a process of its own: initdb's
// memory would otherwise stay with this thread for as long as the server runs.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

/** Backend messages as plain data: structured cloning keeps only name, message and stack of an Error. */
function plain(message) {
  if (message instanceof Error)
    return { ...message, name: message.name, message: message.message, isError: true };
  return message;
}

/**
 * PostgreSQL's buffer pool, in PGlite's WebAssembly memory. PGlite's default (128 MB) is resident
 * from the start (151 MiB of the thread's memory, measured); the engine's working set (the newest
 * audit rows and their indexes, the small record tables, the context's fingerprint) fits in far
 * less, and what falls out of the pool is read back from the operating system's file cache, which
 * is not the process's memory. See bench/README.md, api, memory.
 */
const SHARED_BUFFERS = "32MB";

/** @type {PGlite | undefined} */
let db;
try {
  db = await PGlite.create({
    ...(workerData.dir === undefined ? {} : { dataDir: workerData.dir }),
    startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${SHARED_BUFFERS}`],
  });
  parentPort.postMessage({ id: 0, ok: true });
} catch (error) {
  parentPort.postMessage({ id: 0, ok: false, error: String(error instanceof Error ? error.message : error) });
}

parentPort.on("message", async (request) => {
  try {
    if (request.op === "exec") {
      const messages = await db.execProtocolStream(request.bytes, { throwOnError: false });
      parentPort.postMessage({ id: request.id, ok: true, messages: messages.map(plain) });
    } else if (request.op === "close") {
      await db.close();
      parentPort.postMessage({ id: request.id, ok: true });
      parentPort.close();
    }
  } catch (error) {
    parentPort.postMessage({
      id: request.id,
      ok: false,
      error: String(error instanceof Error ? error.message : error),
    });
  }
});
