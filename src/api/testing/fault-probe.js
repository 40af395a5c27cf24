// A fault point for the API's crash tests (src/api/faults.test.ts), preloaded into `sanctions serve`
// with `node --import <this file> bin/sanctions.js serve`. Plain JavaScript: the server's worker
// threads inherit the preload and do not have the TypeScript loader.
//
// It changes nothing unless SANCTIONS_FAULT_PROBE is set (JSON), and then, on the main thread only,
// watches the SQL statements the server sends through pg's Client (the embedded PGlite and PostgreSQL
// both go through it, see src/store/connect.ts):
//
// - `announce`: each statement matching this pattern is announced on stderr,
//   `fault-probe: running #<n> <sql>`, just before it is sent (stderr is a pipe, written
//   synchronously), so that a test can kill the process while the statement runs;
// - `holdAt`: the process stops just before sending the `nth` (default 1st) statement matching this
//   pattern, says `fault-probe: holding before <sql>`, and waits to be killed.
//
// Holding blocks the thread that sends statements and answers requests: nothing else can be sent,
// committed or answered before the kill. A process still held after `holdMs` (default 60 s) kills
// itself, so that a test that failed to kill it never lets it go on.
import process from "node:process";
import { isMainThread } from "node:worker_threads";
import pg from "pg";

const raw = process.env["SANCTIONS_FAULT_PROBE"];
if (isMainThread && raw !== undefined && raw !== "") install(JSON.parse(raw));

/** @param {{announce?: string, holdAt?: string, nth?: number, holdMs?: number}} config */
function install(config) {
  const announce = config.announce === undefined ? undefined : new RegExp(config.announce, "i");
  const holdAt = config.holdAt === undefined ? undefined : new RegExp(config.holdAt, "i");
  const nth = config.nth ?? 1;
  let announced = 0;
  let held = 0;

  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (...args) {
    const first = args[0];
    const text = typeof first === "string" ? first : typeof first?.text === "string" ? first.text : "";
    const head = text.replace(/\s+/g, " ").trim().slice(0, 80);
    if (announce?.test(text) === true) process.stderr.write(`fault-probe: running #${++announced} ${head}\n`);
    if (holdAt?.test(text) === true && ++held === nth) {
      process.stderr.write(`fault-probe: holding before ${head}\n`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, config.holdMs ?? 60_000);
      process.kill(process.pid, "SIGKILL");
    }
    return original.apply(this, args);
  };
}
