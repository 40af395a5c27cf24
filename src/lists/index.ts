/**
 * @module lists
 * Sanctions list sources (UN consolidated XML, OFAC SDN CSV, FollowTheMoney JSON lines) and their
 * versioned snapshots. The one public entry of `src/lists/`.
 */
import type { ListSnapshot } from "../model/designation.js";
import { FileSnapshotStore } from "./store.js";

export {
  entryBasis,
  listAuthority,
  OFAC_AUTHORITY,
  snapshotAuthority,
  snapshotProgrammes,
  UN_1718_PROGRAMME,
  UN_AUTHORITY,
  type EntryBasis,
  type ListedEntry,
} from "./basis.js";
export { countryCode } from "./countries.js";
export { diffSnapshots, type DesignationChange, type SnapshotDiff } from "./diff.js";
export {
  ListError,
  isListError,
  MAX_LISTED_ISSUES,
  recordIssueText,
  type ListErrorCode,
  type RecordIssue,
  type RecordProblem,
} from "./errors.js";
export { parseFtmJsonLines, UNSC_ID_NOTE, type FtmListResult, type FtmReadOptions } from "./ftm.js";
export { isValidImo, normaliseImo } from "./imo.js";
export {
  DATASET_NAME,
  DATASET_NAME_RULE,
  detectFormat,
  importList,
  importListInput,
  isUrl,
  LIST_FORMATS,
  MAX_LIST_DROP,
  requireWithinLimits,
  type ImportOptions,
  type ImportResult,
  type InputImportOptions,
  type ListFormat,
} from "./import.js";
export { type ListInput, type ReadOptions } from "./input.js";
export { OFAC_LIST, parseOfacSdnCsv, type OfacListResult, type OfacReadOptions } from "./ofac.js";
export {
  buildSnapshot,
  canonicalJson,
  countDesignations,
  snapshotId,
  type SnapshotInput,
  type SnapshotSummary,
} from "./snapshot.js";
export { FileSnapshotStore, hasFileSnapshots, type SnapshotStore } from "./store.js";
export { parseUnConsolidatedXml, UN_CONSOLIDATED_URL, UN_LIST, type UnListResult } from "./un.js";

/**
 * The active snapshot of every list stored under `dataDir` (the engine's data directory, e.g.
 * `dataDir()` from `src/config`), sorted by list name; empty when nothing has been imported.
 */
export async function loadActiveSnapshots(dataDir: string): Promise<ListSnapshot[]> {
  return new FileSnapshotStore(dataDir).activeAll();
}
