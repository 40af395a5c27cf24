/**
 * @module store/schema
 * The tables as Kysely sees them. Conventions that hold for every table:
 * - `date` columns come back as `YYYY-MM-DD` strings and `timestamptz` as ISO instants (type parsers in
 *   `connect.ts`): a legal date is a calendar date, never a local midnight;
 * - `numeric` quantities and `int8` counts come back as numbers (barrels and tonnes fit a double);
 * - `jsonb` columns are written as JSON text (pg would turn a JS array into a PostgreSQL array).
 */
import type { ColumnType, Generated } from "kysely";
import type { RecordedAnswers } from "./answers.js";

/** A jsonb column: read as `T`, written as JSON text. */
export type Json<T> = ColumnType<T, string, string>;
/** A column the database fills (`default now()`), readable as an ISO instant. */
export type CreatedAt = ColumnType<string, string | undefined, never>;

export interface RegimeVersionsTable {
  /** The regime version (content hash, `sha256:...`). */
  version: string;
  /** Every data file of the version: path relative to the package → parsed YAML. */
  files: Json<Record<string, unknown>>;
  stored_at: CreatedAt;
}

export interface ListSnapshotsTable {
  id: string;
  list: string;
  source: string;
  generated_on: string | null;
  imported_at: string;
  counts: Json<Record<string, number>>;
  designations: Json<unknown[]>;
}

export interface ActiveListsTable {
  list: string;
  snapshot_id: string;
}

export interface AuditBatchesTable {
  id: string;
  source: string;
  regime_version: string;
  list_snapshot: string | null;
  /** Which context answered (ledger, exemptions, nomenclatures) when the batch ran. */
  context: Json<Record<string, unknown>>;
  checks: number;
  started_at: string;
  recorded_at: CreatedAt;
  /** False while a batch written in parts is not finished (and for good, when its run was stopped). */
  complete: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface AuditChecksTable {
  id: Generated<number>;
  batch_id: string;
  seq: number;
  activity_id: string;
  activity: Json<Record<string, unknown>>;
  verdict: string;
  result: Json<Record<string, unknown>>;
  /** What the ledger and the exemption records answered, replayed as they were. */
  answers: Json<RecordedAnswers>;
  regime_version: string;
  list_snapshot: string | null;
  source: string;
  checked_at: string;
}

export interface CapDeliveriesTable {
  id: Generated<number>;
  /**
   * What makes a record one record (`src/caps/key.ts`): the key its sender gave, `file#row` for a
   * table, or `content:` and a hash of its content. Unique: a record sent again is stored once.
   */
  key: string;
  measure: string;
  supplier: string;
  period_start: string;
  period_end: string;
  product: string | null;
  quantity_bbl: number | null;
  quantity_t: number | null;
  kind: "notification" | "estimate";
  record_type: string;
  source: string;
  source_date: string | null;
  note: string | null;
  created_at: CreatedAt;
  /** When the record was voided (null while it counts); with who and why, all three or none. */
  voided_at: ColumnType<string | null, never, string>;
  /** The API key's public id, or `cli` and the user, that voided the record. */
  voided_by: ColumnType<string | null, never, string>;
  void_reason: ColumnType<string | null, never, string>;
}

export interface ExemptionsTable {
  reference: string;
  kind: "committee" | "carve-out";
  approved: string;
  valid_until: string | null;
  record: Json<Record<string, unknown>>;
  created_at: CreatedAt;
}

export interface ApiKeysTable {
  /** The key's public id, `key-` and the first 8 hex digits of its hash: safe to log and audit. */
  id: string;
  /** SHA-256 of the secret, lowercase hex; the secret itself is never stored. */
  hash: string;
  role: "reader" | "analyst" | "admin";
  label: string | null;
  created_at: CreatedAt;
  /** When the key was revoked; null while it is active. */
  revoked_at: ColumnType<string | null, never, string>;
}

export interface OfficialTextsTable {
  /** SHA-256 of the file's bytes, lowercase hex. */
  id: string;
  symbol: string;
  adopted: string | null;
  title: string | null;
  /** The file name, or the URL, it was imported from. */
  source: string;
  imported_at: string;
  paragraphs: number;
  annexes: number;
  /** `TEXT_READER_VERSION` of the reader that read `parsed`. */
  reader: number;
  xml: string;
  /** The `ResolutionText` as read. */
  parsed: Json<unknown>;
}

export interface ActiveTextsTable {
  symbol: string;
  text_id: string;
}

/** Analysts' decisions on screening alerts (src/decisions): appended, never updated. */
export interface ScreeningDecisionsTable {
  id: string;
  party_key: string;
  party: string;
  list: string;
  entry: string;
  entry_hash: string;
  decision: "false_positive" | "true_match";
  note: string;
  decided_by: string;
  decided_at: ColumnType<string, string, never>;
}

/** Every table of the engine's database. */
export interface Database {
  regime_versions: RegimeVersionsTable;
  list_snapshots: ListSnapshotsTable;
  active_lists: ActiveListsTable;
  audit_batches: AuditBatchesTable;
  audit_checks: AuditChecksTable;
  cap_deliveries: CapDeliveriesTable;
  exemptions: ExemptionsTable;
  api_keys: ApiKeysTable;
  screening_decisions: ScreeningDecisionsTable;
  official_texts: OfficialTextsTable;
  active_texts: ActiveTextsTable;
}
