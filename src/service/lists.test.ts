/**
 * The active lists the service and the commands share: the database's active snapshot of a list wins
 * over the data directory's, the data directory's fills in the lists the database has none of.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { buildSnapshot, FileSnapshotStore } from "../lists/index.js";
import type { ListSnapshot } from "../model/designation.js";
import { loadActiveLists, mergeActiveLists, snapshotsOf } from "./lists.js";

const entity = (list: string, ref: string, name: string): ListSnapshot =>
  buildSnapshot({
    source: "hand-made",
    list,
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

const fileUn = entity("UN", "KPe.901", "FILE ONE TRADING");
const fileOther = entity("OTHER", "OT.1", "FILE OTHER TRADING");
const databaseUn = entity("UN", "KPe.902", "DATABASE ONE TRADING");
const databaseOfac = entity("OFAC-SDN", "1", "DATABASE OFAC TRADING");

void describe("mergeActiveLists", () => {
  void it("takes the database's snapshot of a list over the data directory's, and keeps the other lists", () => {
    const merged = mergeActiveLists([databaseUn, databaseOfac], [fileOther, fileUn]);
    assert.deepEqual(
      merged.map((active) => [active.snapshot.list, active.snapshot.id, active.origin]),
      [
        ["OFAC-SDN", databaseOfac.id, "database"],
        ["OTHER", fileOther.id, "file"],
        ["UN", databaseUn.id, "database"],
      ],
    );
  });

  void it("uses the data directory's lists alone when the database has none, and nothing when neither has", () => {
    assert.deepEqual(snapshotsOf(mergeActiveLists([], [fileUn])), [fileUn]);
    assert.deepEqual(mergeActiveLists([], []), []);
  });
});

void describe("loadActiveLists", () => {
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  void it("reads the data directory's active snapshots and merges a database's over them", async () => {
    const dir = await mkdtemp(join(tmpdir(), "service-lists-"));
    dirs.push(dir);
    const files = new FileSnapshotStore(dir);
    for (const snapshot of [fileUn, fileOther]) await files.activate((await files.save(snapshot)).id);
    const database = { activeAll: () => Promise.resolve([databaseUn]) };

    assert.deepEqual(
      (await loadActiveLists(dir)).map((active) => [active.snapshot.id, active.origin]),
      [
        [fileOther.id, "file"],
        [fileUn.id, "file"],
      ],
    );
    assert.deepEqual(
      (await loadActiveLists(dir, database)).map((active) => [active.snapshot.id, active.origin]),
      [
        [fileOther.id, "file"],
        [databaseUn.id, "database"],
      ],
    );
  });
});
