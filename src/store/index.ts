/**
 * @module store
 * Storage: Kysely 0.28 over PGlite (embedded, the default: a file database under `<dataDir>/db`) or
 * PostgreSQL (`DATABASE_URL`), with migrations under an advisory lock, and the repositories: regime
 * versions, list snapshots, the audit log, cap deliveries, exemption records and API keys. The one public entry
 * of `src/store/`.
 *
 * @example
 * const store = await openStore(storeTarget(dataDir()));
 * try { console.log(await store.deliveries.count()); } finally { await store.close(); }
 */
export { StoreError, isStoreError, type StoreErrorCode } from "./errors.js";
export { embeddedDatabaseDir, storeMayHoldData, storeTarget } from "./config.js";
export { openDatabase, wrapPglite, type OpenDatabase, type StoreTarget } from "./connect.js";
export { migrate, migrations, type Migration, type MigrationReport } from "./migrations.js";
export { openPgliteStore, openStore, withStore, type OpenStoreOptions, type Store } from "./store.js";
export type { Database } from "./schema.js";
export {
  RegimeVersionRepository,
  compileStoredRegime,
  readRegimeFiles,
  versionOfFiles,
  type RegimeFiles,
} from "./regimes.js";
export { DbSnapshotStore, MOVED_LISTS_DIR, moveFileSnapshots, type FileSnapshotMove } from "./snapshots.js";
export {
  AuditLog,
  type BatchContext,
  type CheckFilter,
  type BatchInfo,
  type BatchWriter,
  type CheckToRecord,
  type RecordedBatch,
  type RecordedCheck,
} from "./audit.js";
export { serializeBatch } from "./audit-format.js";
export { auditEntries, type AuditEntry } from "./audit-records.js";
export { recordingContext, replayingContext, type RecordedAnswers } from "./answers.js";
export {
  lookUpChecks,
  replayChecks,
  type LookedUpCheck,
  type ReplayDifference,
  type ReplayOptions,
  type ReplayReport,
} from "./replay.js";
export { DeliveryRepository, type DeliveryImport } from "./deliveries.js";
export { DecisionRepository, decisionStoreOf } from "./decisions.js";
export { ExemptionRepository } from "./exemption-records.js";
export {
  ApiKeyRepository,
  KEY_ROLES,
  MAX_KEY_LABEL,
  type ActiveApiKey,
  type CreatedApiKey,
  type KeyRole,
  type RevokedApiKey,
  type StoredApiKey,
} from "./keys.js";
export {
  KeyRevocationRefused,
  keyRevocationText,
  revocationRisk,
  type KeyRevocationRisk,
} from "./key-revocation.js";
export { OfficialTextRepository, type StoredText } from "./texts.js";
export { loadStoredContext, type StoredContext } from "./context.js";
export { startRecording, type CheckRecorder, type RecorderOptions, type ResultWriter } from "./recorder.js";
