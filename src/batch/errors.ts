/**
 * @module batch/errors
 * Two kinds of trouble in a batch file: a bad record (reported as an item, the run goes on) and an
 * input that cannot be read at all (thrown as {@link BatchInputError}, the run stops).
 */

/** Why one record could not be read. */
export type BatchItemErrorCode =
  | "batch_bad_json"
  | "batch_not_object"
  | "batch_line_too_long"
  | "batch_field_count"
  | "batch_bad_csv"
  | "batch_bad_cell"
  | "batch_missing_field";

/** A record-level error: the caller reports it for that line and reads on. */
export interface BatchItemError {
  readonly code: BatchItemErrorCode;
  readonly message: string;
  /** The field (column or JSON key, dotted for nested ones) the error is about. */
  readonly field?: string;
}

/** Why the whole input cannot be read. */
export type BatchInputErrorCode =
  "batch_unreadable" | "batch_missing_columns" | "batch_bad_header" | "batch_record_too_long";

/** The input cannot be read at all (no file, a CSV header without required columns, ...). */
export class BatchInputError extends Error {
  override readonly name = "BatchInputError";
  readonly code: BatchInputErrorCode;
  /** 1-based line, when the problem has one. */
  readonly line: number | undefined;

  constructor(code: BatchInputErrorCode, message: string, line?: number) {
    super(message);
    this.code = code;
    this.line = line;
  }
}
