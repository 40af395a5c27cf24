/**
 * @module cli/store-source
 * The commands' one way to the engine's store, chosen here at the edge and injected into the rest:
 * the embedded database under the data directory, or PostgreSQL when `DATABASE_URL` is set. It holds
 * the sanctions lists too, so `check`, `screen`, `lists`, `draft diff --activities` and the service
 * all read the same active lists from the same place.
 *
 * Opened only when it may hold something: the embedded database exists, `DATABASE_URL` is set, or the
 * data directory still holds lists as files from before they lived in the database (moved in at the
 * open, once; see `moveFileSnapshots` of `src/store`). Otherwise nothing is created and the database
 * modules are not even loaded (they take most of a second to import), so that `sanctions check` with
 * nothing stored stays instant. A store error (the embedded database held by a running server,
 * PostgreSQL unreachable) ends the command with its one line:
 * `database_unavailable: ... (stop it, or use DATABASE_URL ...)`.
 */
import { dataDir } from "../config/index.js";
import { indexDecisions, type DecisionIndex } from "../decisions/index.js";
import type { EvaluationContext } from "../evaluate/index.js";
import { hasFileSnapshots } from "../lists/index.js";
import type { ListSnapshot } from "../model/designation.js";
import type { CompiledRegime } from "../model/regime.js";
import { loadEvaluationContext } from "../service/context.js";
import { storeMayHoldData, storeTarget } from "../store/config.js";
import type { FileSnapshotMove, Store } from "../store/index.js";
import { UsageError } from "./output.js";

/**
 * Whether the environment's store may hold anything (a database that may hold data, or lists in the
 * data directory to move into one), without opening or loading anything.
 */
export function storeMayHoldAnything(): boolean {
  const dir = dataDir();
  return storeMayHoldData(storeTarget(dir)) || hasFileSnapshots(dir);
}

/**
 * Opens the environment's store, migrated, with the data directory's list files moved in (said once
 * on stderr). Close it when done.
 * @throws {StoreError} as `openStore` and `moveFileSnapshots` do
 */
export async function openConfiguredStore(): Promise<Store> {
  const stores = await import("../store/index.js");
  const dir = dataDir();
  const store = await stores.openStore(stores.storeTarget(dir));
  try {
    const moved = await stores.moveFileSnapshots(store.database.db, dir);
    if (moved) process.stderr.write(movedNote(moved));
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/**
 * Runs `work` with the environment's store (opened, created if need be, and closed after).
 * @throws {UsageError} on a store error, with its code and message
 */
export async function withConfiguredStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const stores = await import("../store/index.js");
  try {
    const store = await openConfiguredStore();
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  } catch (error) {
    if (stores.isStoreError(error)) throw new UsageError(`${error.code}: ${error.message}`);
    throw error;
  }
}

/**
 * Runs `work` with the environment's store when it may hold anything ({@link storeMayHoldAnything}),
 * else with none: nothing is opened or created.
 * @throws {UsageError} on a store error, with its code and message
 */
export async function withStoreIfAny<T>(work: (store: Store | undefined) => Promise<T>): Promise<T> {
  if (!storeMayHoldAnything()) return work(undefined);
  return withConfiguredStore(work);
}

/** The active snapshot of each list, sorted by list name; none when nothing is stored. */
export function readActiveLists(): Promise<ListSnapshot[]> {
  return withStoreIfAny(async (store) => (store ? store.snapshots.activeAll() : []));
}

/** The active lists and the analysts' decisions on screening alerts; none when nothing is stored. */
export function readListsAndDecisions(): Promise<{ snapshots: ListSnapshot[]; decisions?: DecisionIndex }> {
  return withStoreIfAny(async (store) =>
    store
      ? {
          snapshots: await store.snapshots.activeAll(),
          decisions: indexDecisions(await store.decisions.list()),
        }
      : { snapshots: [] },
  );
}

/**
 * What the service evaluates with, read into memory: from `store`, the active lists (also returned,
 * for a recording to store), the cap ledger and the exemption records (checked against `regime`'s
 * caps); from the data directory, the nomenclatures. No store: no lists, ledger or records.
 */
export async function evaluationContextOf(
  store: Store | undefined,
  regime: CompiledRegime,
  regimeDir: string,
): Promise<{ context: EvaluationContext; snapshots: ListSnapshot[] }> {
  const snapshots = store ? await store.snapshots.activeAll() : [];
  const stored = store
    ? await (await import("../store/index.js")).loadStoredContext(store, regime, regimeDir)
    : {};
  const decisions = store ? indexDecisions(await store.decisions.list()) : undefined;
  return {
    context: { ...(await loadEvaluationContext(dataDir(), snapshots, decisions)), ...stored },
    snapshots,
  };
}

/** {@link evaluationContextOf} with the environment's store when it may hold anything. */
export async function readEvaluationContext(
  regime: CompiledRegime,
  regimeDir: string,
): Promise<EvaluationContext> {
  return (await withStoreIfAny((store) => evaluationContextOf(store, regime, regimeDir))).context;
}

/** One line on stderr when the data directory's lists were moved into the database. */
function movedNote(moved: FileSnapshotMove): string {
  const parts = [
    `moved ${moved.copied} list snapshot${moved.copied === 1 ? "" : "s"} of the data directory into the database`,
    ...(moved.activated.length > 0 ? [`active: ${moved.activated.join(", ")}`] : []),
    ...(moved.kept.length > 0
      ? [`the database's active ${moved.kept.join(", ")} kept (it was the one in use)`]
      : []),
  ];
  return `sanctions: note: ${parts.join("; ")}; the files are kept in ${moved.movedTo}, no longer read\n`;
}
