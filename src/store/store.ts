/**
 * @module store/store
 * The engine's store: one open database, migrated, with its repositories.
 */
import { AuditLog } from "./audit.js";
import { openDatabase, wrapPglite, type OpenDatabase, type StoreTarget } from "./connect.js";
import { DecisionRepository } from "./decisions.js";
import { DeliveryRepository } from "./deliveries.js";
import { ExemptionRepository } from "./exemption-records.js";
import { ApiKeyRepository } from "./keys.js";
import { migrate } from "./migrations.js";
import { RegimeVersionRepository } from "./regimes.js";
import { DbSnapshotStore } from "./snapshots.js";
import { OfficialTextRepository } from "./texts.js";
import type { PGlite } from "@electric-sql/pglite";

/** An open, migrated database and its repositories. Close it when done. */
export interface Store {
  readonly kind: OpenDatabase["kind"];
  readonly database: OpenDatabase;
  readonly regimes: RegimeVersionRepository;
  readonly snapshots: DbSnapshotStore;
  readonly audit: AuditLog;
  readonly deliveries: DeliveryRepository;
  readonly exemptions: ExemptionRepository;
  readonly keys: ApiKeyRepository;
  readonly decisions: DecisionRepository;
  /** The official texts of the resolutions, versioned, one active per symbol. */
  readonly texts: OfficialTextRepository;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Apply pending migrations (under the advisory lock) before returning; true by default. */
  readonly migrate?: boolean;
}

/**
 * Opens the store at `target` (see `storeTarget` for the one the environment names) and migrates it.
 * @throws {StoreError} `database_unavailable`, `migration_failed`, `schema_too_new`
 */
export async function openStore(target: StoreTarget, options: OpenStoreOptions = {}): Promise<Store> {
  return storeOver(await openDatabase(target), options);
}

/** A store over an existing PGlite instance (tests start from a migrated template this way). */
export async function openPgliteStore(pglite: PGlite, options: OpenStoreOptions = {}): Promise<Store> {
  return storeOver(wrapPglite(pglite), options);
}

async function storeOver(database: OpenDatabase, options: OpenStoreOptions): Promise<Store> {
  if (options.migrate !== false) {
    try {
      await migrate(database.db);
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  const db = database.db;
  return {
    kind: database.kind,
    database,
    regimes: new RegimeVersionRepository(db),
    snapshots: new DbSnapshotStore(db),
    audit: new AuditLog(db),
    deliveries: new DeliveryRepository(db),
    exemptions: new ExemptionRepository(db),
    keys: new ApiKeyRepository(db),
    decisions: new DecisionRepository(db),
    texts: new OfficialTextRepository(db),
    close: () => database.close(),
  };
}

/** Opens the store at `target`, runs `work`, and closes the store whatever happens. */
export async function withStore<T>(target: StoreTarget, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(target);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
