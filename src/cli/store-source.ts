/**
 * @module cli/store-source
 * The engine's database for the commands that use it only when it may hold something (`screen`,
 * `lists`, `draft diff --activities`; `check` follows the same rule, and the same context): opened
 * when the embedded database exists or `DATABASE_URL` is set, never created otherwise, and its modules
 * loaded only then (they take most of a second to import). A store error (the embedded database held by a running server, PostgreSQL unreachable)
 * ends the command with its one line: `database_unavailable: ... (stop it, or use DATABASE_URL ...)`.
 */
import { dataDir } from "../config/index.js";
import type { EvaluationContext } from "../evaluate/index.js";
import type { ListSnapshot } from "../model/designation.js";
import type { CompiledRegime } from "../model/regime.js";
import { loadEvaluationContext } from "../service/context.js";
import { loadActiveLists, snapshotsOf, type ActiveList } from "../service/lists.js";
import { storeMayHoldData, storeTarget } from "../store/config.js";
import type { Store } from "../store/index.js";
import { UsageError } from "./output.js";

/** Whether the environment's database may hold data, without opening or loading anything. */
export function databaseMayHoldData(): boolean {
  return storeMayHoldData(storeTarget(dataDir()));
}

/**
 * Runs `work` with the environment's database when it may hold data (closed after), else with none.
 * @throws {UsageError} on a store error, with its code and message
 */
export async function withStoreIfAny<T>(work: (store: Store | undefined) => Promise<T>): Promise<T> {
  if (!databaseMayHoldData()) return work(undefined);
  const stores = await import("../store/index.js");
  try {
    return await stores.withStore(storeTarget(dataDir()), work);
  } catch (error) {
    if (stores.isStoreError(error)) throw new UsageError(`${error.code}: ${error.message}`);
    throw error;
  }
}

/**
 * The active lists the service uses too: the database's (when it may hold data) and the data
 * directory's, the database's winning per list (`src/service/lists.ts`).
 */
export function readActiveLists(): Promise<ActiveList[]> {
  return withStoreIfAny((store) => loadActiveLists(dataDir(), store?.snapshots));
}

/**
 * What the service evaluates with, read into memory: the active lists as above (also returned, for a
 * recording to store), the data directory's nomenclatures, and, from `store`, the cap ledger and the
 * exemption records (checked against `regime`'s caps).
 */
export async function evaluationContextOf(
  store: Store | undefined,
  regime: CompiledRegime,
  regimeDir: string,
): Promise<{ context: EvaluationContext; snapshots: ListSnapshot[] }> {
  const snapshots = snapshotsOf(await loadActiveLists(dataDir(), store?.snapshots));
  const stored = store
    ? await (await import("../store/index.js")).loadStoredContext(store, regime, regimeDir)
    : {};
  return { context: { ...(await loadEvaluationContext(dataDir(), snapshots)), ...stored }, snapshots };
}

/** {@link evaluationContextOf} with the environment's database when it may hold data. */
export async function readEvaluationContext(
  regime: CompiledRegime,
  regimeDir: string,
): Promise<EvaluationContext> {
  return (await withStoreIfAny((store) => evaluationContextOf(store, regime, regimeDir))).context;
}
