/**
 * The storage conformance suite against PGlite on a worker thread (as `sanctions serve` runs it): the
 * same answers as in-thread, database errors with their codes, and a closed thread that says so.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { sql } from "kysely";
import { openStore } from "./store.js";
import { pgliteWorkerFactory } from "./testing/factories.js";
import { storeConformance } from "./testing/store.case.test.js";

storeConformance("PGlite on a worker thread", pgliteWorkerFactory);

describe("PGlite on a worker thread", () => {
  it("passes database errors back with their SQLSTATE, and the connection goes on", async () => {
    const store = await pgliteWorkerFactory();
    try {
      await assert.rejects(sql`select * from no_such_table`.execute(store.database.db), (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.match(error.message, /no_such_table/);
        assert.equal((error as { code?: string }).code, "42P01");
        return true;
      });
      const row = await sql<{ n: number }>`select 41 + 1 as n`.execute(store.database.db);
      assert.equal(row.rows[0]?.n, 42);
    } finally {
      await store.close();
    }
  });

  it("keeps a data directory's data across a close and a reopen", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "sanctions-pglite-worker-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const first = await openStore({ kind: "pglite", dir: join(dir, "db"), thread: "worker" });
    await sql`create table kept (v text)`.execute(first.database.db);
    await sql`insert into kept values ('still here')`.execute(first.database.db);
    await first.close();
    const second = await openStore({ kind: "pglite", dir: join(dir, "db"), thread: "worker" });
    try {
      const rows = await sql<{ v: string }>`select v from kept`.execute(second.database.db);
      assert.deepEqual(
        rows.rows.map((row) => row.v),
        ["still here"],
      );
    } finally {
      await second.close();
    }
  });
});
