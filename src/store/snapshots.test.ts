/**
 * The database's list snapshots: moving a data directory written by the file store (before lists lived
 * in the database) into the database keeps every snapshot's id, import date, content and activation,
 * once, whatever stopped an earlier move; the database's own active snapshot of a list stays the one in
 * use; a file that cannot be read is named and nothing is lost; and a snapshot the database cannot hold
 * is refused with a typed error, not a driver error.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, beforeEach, describe, it } from "node:test";
import { buildSnapshot, FileSnapshotStore, hasFileSnapshots } from "../lists/index.js";
import type { ListSnapshot } from "../model/designation.js";
import { StoreError } from "./errors.js";
import { MOVED_LISTS_DIR, moveFileSnapshots } from "./snapshots.js";
import type { Store } from "./store.js";
import { pgliteFactory } from "./testing/factories.js";

const entity = (list: string, ref: string, name: string, importedAt: string): ListSnapshot =>
  buildSnapshot({
    source: `hand-made ${ref}`,
    list,
    importedAt: new Date(importedAt),
    designations: [
      {
        ref,
        list,
        programmes: ["DPRK"],
        kind: "entity",
        names: [{ full: name, quality: "primary" }],
        birthDates: [],
        nationalities: [],
        identifiers: [],
      },
    ],
  });

const unOld = entity("UN", "KPe.901", "OLD UN TRADING", "2024-01-02T03:04:05.000Z");
const unNew = entity("UN", "KPe.902", "NEW UN TRADING", "2025-02-03T04:05:06.000Z");
const other = entity("OTHER", "OT.1", "OTHER LIST TRADING", "2025-03-04T05:06:07.000Z");
const neverActive = entity("SPARE", "SP.1", "SPARE TRADING", "2025-04-05T06:07:08.000Z");
const databaseUn = entity("UN", "KPe.903", "DATABASE UN TRADING", "2025-05-06T07:08:09.000Z");

/** A data directory as `sanctions lists import` wrote it before: UN replaced once, OTHER, SPARE saved only. */
async function oldDataDirectory(dir: string): Promise<FileSnapshotStore> {
  const files = new FileSnapshotStore(dir);
  await files.saveActive(unOld);
  await files.saveActive(unNew);
  await files.saveActive(other);
  await files.save(neverActive);
  return files;
}

const rowsOf = async (store: Store) =>
  (await store.snapshots.list()).map(({ id, list, importedAt, active }) => ({
    id,
    list,
    importedAt,
    active,
  }));

let dir = "";
let store: Store;
const dirs: string[] = [];
after(() => Promise.all(dirs.map((path) => rm(path, { recursive: true, force: true }))));
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "store-snapshots-"));
  dirs.push(dir);
  store = await pgliteFactory();
});
afterEach(() => store.close());

void describe("moveFileSnapshots", () => {
  void it("moves a data directory's snapshots in with their ids, import dates, content and activation, once", async () => {
    const files = await oldDataDirectory(dir);
    const before = (await files.list()).map(({ id, list, importedAt, active }) => ({
      id,
      list,
      importedAt,
      active,
    }));
    assert.equal(hasFileSnapshots(dir), true);

    const moved = await moveFileSnapshots(store.database.db, dir);
    assert.deepEqual(moved, {
      copied: 4,
      activated: ["OTHER", "UN"],
      kept: [],
      movedTo: join(dir, MOVED_LISTS_DIR),
    });
    assert.deepEqual(await rowsOf(store), before);
    for (const snapshot of [unOld, unNew, other, neverActive])
      assert.deepEqual(await store.snapshots.get(snapshot.id), snapshot);
    assert.deepEqual(
      (await store.snapshots.activeAll()).map((snapshot) => snapshot.id),
      [other.id, unNew.id],
    );

    // The files are kept, renamed, and no longer looked at: a second open does nothing.
    assert.equal(hasFileSnapshots(dir), false);
    assert.equal((await readdir(join(dir, MOVED_LISTS_DIR, "snapshots"))).length, 8);
    assert.equal(await moveFileSnapshots(store.database.db, dir), undefined);
    assert.deepEqual(await rowsOf(store), before);
  });

  void it("keeps the database's active snapshot of a list, which was the one in use; the file's is stored inactive", async () => {
    await oldDataDirectory(dir);
    await store.snapshots.saveActive(databaseUn);
    const moved = await moveFileSnapshots(store.database.db, dir);
    assert.ok(moved);
    assert.deepEqual(moved.activated, ["OTHER"]);
    assert.deepEqual(moved.kept, ["UN"]);
    assert.equal((await store.snapshots.active("UN"))?.id, databaseUn.id);
    const unNewRow = (await rowsOf(store)).find((row) => row.id === unNew.id);
    assert.deepEqual(unNewRow, { id: unNew.id, list: "UN", importedAt: unNew.importedAt, active: false });
  });

  void it("finishes a move that stopped before the rename (snapshots copied, none activated)", async () => {
    await oldDataDirectory(dir);
    // What a process killed after copying two snapshots leaves: them stored, inactive, the folder in place.
    await store.snapshots.save(unNew);
    await store.snapshots.save(unOld);
    const moved = await moveFileSnapshots(store.database.db, dir);
    assert.ok(moved);
    assert.equal(moved.copied, 2);
    assert.deepEqual(moved.activated, ["OTHER", "UN"]);
    assert.equal((await store.snapshots.active("UN"))?.id, unNew.id);
    assert.equal(hasFileSnapshots(dir), false);
  });

  void it("names a snapshot file that cannot be read, moves the others, keeps the folder; a run after the fix completes", async () => {
    await oldDataDirectory(dir);
    const broken = join(dir, "lists", "snapshots", `${other.id}.json`);
    await writeFile(broken, "{ not json");
    await assert.rejects(moveFileSnapshots(store.database.db, dir), (error: unknown) => {
      assert.ok(error instanceof StoreError);
      assert.equal(error.code, "corrupt");
      assert.ok(error.message.includes(`${broken} is not valid JSON`), error.message);
      assert.match(error.message, /the others are in the database; repair or remove what is named/);
      return true;
    });
    // The readable ones are in, UN active; OTHER is neither stored nor active; the files are all there.
    assert.equal((await store.snapshots.active("UN"))?.id, unNew.id);
    assert.equal(await store.snapshots.get(other.id), undefined);
    assert.equal(await store.snapshots.active("OTHER"), undefined);
    assert.equal(hasFileSnapshots(dir), true);

    await rm(broken);
    await writeFile(broken, JSON.stringify(other));
    const moved = await moveFileSnapshots(store.database.db, dir);
    assert.deepEqual([moved?.copied, moved?.activated], [1, ["OTHER"]]);
    assert.equal((await store.snapshots.active("OTHER"))?.id, other.id);
  });

  void it("names a snapshot whose text the database cannot hold, and moves the others", async () => {
    await oldDataDirectory(dir);
    const withNul = entity("NUL", "N.1", "NUL\u0000TRADING", "2025-01-01T00:00:00.000Z");
    await new FileSnapshotStore(dir).saveActive(withNul);
    await assert.rejects(moveFileSnapshots(store.database.db, dir), (error: unknown) => {
      assert.ok(error instanceof StoreError);
      assert.equal(error.code, "corrupt");
      assert.ok(
        error.message.includes(`${join(dir, "lists", "snapshots", `${withNul.id}.json`)}: the NUL snapshot`),
        error.message,
      );
      return true;
    });
    assert.deepEqual(
      (await store.snapshots.activeAll()).map((snapshot) => snapshot.id),
      [other.id, unNew.id],
    );
    assert.equal(hasFileSnapshots(dir), true);
  });

  void it("renames beside an earlier moved folder rather than over it", async () => {
    await oldDataDirectory(dir);
    await moveFileSnapshots(store.database.db, dir);
    // The user put the folder back (to move it again, into another database, say).
    await new FileSnapshotStore(dir).saveActive(neverActive);
    const moved = await moveFileSnapshots(store.database.db, dir);
    assert.equal(moved?.movedTo, join(dir, `${MOVED_LISTS_DIR}-2`));
    assert.equal(existsSync(join(dir, MOVED_LISTS_DIR, "snapshots", `${unNew.id}.json`)), true);
    assert.equal((await store.snapshots.active("SPARE"))?.id, neverActive.id);
  });

  void it("does nothing, with one stat, on a data directory that has no list files", async () => {
    assert.equal(await moveFileSnapshots(store.database.db, join(dir, "never-used")), undefined);
    assert.equal(existsSync(join(dir, "never-used")), false);
  });
});

void describe("DbSnapshotStore.save", () => {
  void it("refuses a snapshot with text the database cannot hold with invalid_record, storing nothing", async () => {
    const withNul = entity("NUL", "N.1", "NUL\u0000TRADING", "2025-01-01T00:00:00.000Z");
    await assert.rejects(store.snapshots.saveActive(withNul), (error: unknown) => {
      assert.ok(error instanceof StoreError);
      assert.equal(error.code, "invalid_record");
      assert.match(error.message, /^the NUL snapshot [0-9a-f]{12} cannot be stored: .*NUL character/);
      return true;
    });
    assert.deepEqual(await store.snapshots.list(), []);
  });
});
