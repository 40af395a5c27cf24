// Creates the embedded database (initdb) in the directory given as the only argument, then exits: run
// as a child process by ./pglite-thread.ts before the server's database thread opens the directory.
// initdb holds about 500 MiB of WebAssembly memory, which a thread that ends does not give back to the
// system in full (the process keeps about 190 MiB of it, measured); a process that ends does.
// Plain JavaScript, like ./pglite-worker.js, so that it runs without the TypeScript loader.
import process from "node:process";
import { PGlite } from "@electric-sql/pglite";

const dir = process.argv[2];
if (!dir) {
  process.stderr.write("usage: pglite-initdb.js DIR\n");
  process.exit(2);
}
try {
  const db = await PGlite.create({ dataDir: dir });
  await db.close();
} catch (error) {
  process.stderr.write(`${describe(error)}\n`);
  process.exit(1);
}

/** PGlite's file system fails with Emscripten's `ErrnoError`, which is no Error and has no message. */
function describe(error) {
  if (error instanceof Error) return error.message;
  if (typeof error === "object" && error !== null && "errno" in error)
    return `${String(error.name ?? "error")} (errno ${String(error.errno)}) while writing the files`;
  return String(error);
}
