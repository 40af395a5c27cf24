/**
 * How the server's embedded database is started for its memory's sake (bench/README.md, api, memory):
 * a new directory is created by a process of its own before the database thread opens it, and the
 * thread runs with a smaller buffer pool than PGlite's default. Memory itself is measured in bench/,
 * not asserted here.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { sql } from "kysely";
import { isStoreError } from "./errors.js";
import { openStore } from "./store.js";

describe("the embedded database's thread", () => {
  it("opens a new directory created by initdb beforehand, and keeps its data", async (t) => {
    const root = await mkdtemp(join(tmpdir(), "sanctions-pglite-thread-"));
    t.after(() => rm(root, { recursive: true, force: true }));
    const dir = join(root, "db");
    const first = await openStore({ kind: "pglite", dir, thread: "worker" });
    try {
      assert.ok(existsSync(join(dir, "PG_VERSION")));
      assert.equal(await first.deliveries.count(), 0, "migrated");
      await sql`create table kept (v text)`.execute(first.database.db);
      await sql`insert into kept values ('kept')`.execute(first.database.db);
    } finally {
      await first.close();
    }
    const second = await openStore({ kind: "pglite", dir, thread: "worker" });
    try {
      const rows = await sql<{ v: string }>`select v from kept`.execute(second.database.db);
      assert.deepEqual(
        rows.rows.map((row) => row.v),
        ["kept"],
      );
    } finally {
      await second.close();
    }
  });

  it("runs with a 32 MB buffer pool, not PGlite's 128 MB", async () => {
    const store = await openStore({ kind: "pglite", thread: "worker" });
    try {
      const shown = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(store.database.db);
      assert.equal(shown.rows[0]?.shared_buffers, "32MB");
    } finally {
      await store.close();
    }
  });

  it("says why a directory cannot be created", async (t) => {
    const root = await mkdtemp(join(tmpdir(), "sanctions-pglite-thread-"));
    t.after(() => rm(root, { recursive: true, force: true }));
    // Files where initdb makes directories.
    const dir = join(root, "db");
    await mkdir(dir);
    await writeFile(join(dir, "base"), "not a directory");
    await writeFile(join(dir, "global"), "not a directory");
    await assert.rejects(openStore({ kind: "pglite", dir, thread: "worker" }), (error: unknown) => {
      assert.ok(isStoreError(error), String(error));
      assert.equal(error.code, "database_unavailable");
      assert.match(error.message, /^cannot create the embedded database in .+: ErrnoError/);
      return true;
    });
  });
});
