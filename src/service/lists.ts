/**
 * @module service/lists
 * The active sanctions lists, as the HTTP API and the commands (`check`, `screen`, `lists list`) use
 * them: for each list, the database's active snapshot (a list imported through `POST /v1/lists/import`,
 * into the embedded database or a shared PostgreSQL), else the data directory's (imported with
 * `sanctions lists import`). One rule in one place, so that the service and the command line screen
 * against the same lists and give the same answer.
 *
 * Light on purpose: it takes the database's snapshot store as an argument and imports none of the
 * database modules, so that `sanctions check` with nothing stored loads none of them.
 */
import { loadActiveSnapshots, type SnapshotStore } from "../lists/index.js";
import type { ListSnapshot } from "../model/designation.js";

/** Where an active list comes from. */
export type ListOrigin = "database" | "file";

/** One active list: its snapshot (or the snapshot's summary), and where it comes from. */
export interface ActiveList<T extends { readonly list: string } = ListSnapshot> {
  readonly snapshot: T;
  readonly origin: ListOrigin;
}

/**
 * One active snapshot per list: the database's where it has one, else the data directory's; sorted
 * by list name. Works on snapshots and on their summaries (`sanctions lists list`) alike.
 */
export function mergeActiveLists<T extends { readonly list: string }>(
  database: readonly T[],
  files: readonly T[],
): ActiveList<T>[] {
  const byList = new Map<string, ActiveList<T>>();
  for (const snapshot of files) byList.set(snapshot.list, { snapshot, origin: "file" });
  for (const snapshot of database) byList.set(snapshot.list, { snapshot, origin: "database" });
  return [...byList.values()].sort((a, b) => a.snapshot.list.localeCompare(b.snapshot.list));
}

/**
 * Loads the active lists of the data directory and, when given, of the database (`store.snapshots`);
 * the database wins per list ({@link mergeActiveLists}).
 */
export async function loadActiveLists(
  dataDir: string,
  database?: Pick<SnapshotStore, "activeAll">,
): Promise<ActiveList[]> {
  // One after the other: PGlite has a single connection, and the file reads are small.
  const stored = database ? await database.activeAll() : [];
  const files = await loadActiveSnapshots(dataDir);
  return mergeActiveLists(stored, files);
}

/** The snapshots of active lists, in their order (what a screener is built from). */
export function snapshotsOf(lists: readonly ActiveList[]): ListSnapshot[] {
  return lists.map((active) => active.snapshot);
}
