/**
 * @module store/errors
 * Errors of the storage layer, with stable codes so that the CLI and the API can answer without reading
 * English. Database driver errors are wrapped at the repository edge; their text never reaches a user
 * as a stack trace.
 */

/** Stable codes of storage failures. */
export type StoreErrorCode =
  /** The database cannot be opened or reached (bad `DATABASE_URL`, locked or damaged data directory). */
  | "database_unavailable"
  /** A migration failed; nothing of it was applied (each runs in its own transaction). */
  | "migration_failed"
  /** The database was migrated by a newer version of the engine than this one. */
  | "schema_too_new"
  /** A record asked for by key does not exist. */
  | "not_found"
  /** A record to store is invalid (the message names the field). */
  | "invalid_record"
  /** A record with the same key exists and differs. */
  | "conflict"
  /** Stored content does not match its content hash. */
  | "corrupt";

/** A storage failure. */
export class StoreError extends Error {
  override readonly name = "StoreError";
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /** The error as plain data: `{code, message}`. */
  toJSON(): { code: StoreErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** Narrows an unknown error to a {@link StoreError}. */
export function isStoreError(error: unknown): error is StoreError {
  return error instanceof StoreError;
}
