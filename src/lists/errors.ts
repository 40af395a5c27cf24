/**
 * @module lists/errors
 * Errors of the list readers and the snapshot store. Every failure carries a stable code so that the
 * CLI, the API and tests can tell them apart without reading English; the message is for people.
 */

/** Stable codes of list-reading and snapshot failures. */
export type ListErrorCode =
  /** The XML declares a DOCTYPE; refused so that entity expansion and external fetches are impossible. */
  | "doctype_refused"
  /** The bytes are not UTF-8 (a UTF-16 byte-order mark, Latin-1 bytes, a non-UTF-8 declaration). */
  | "encoding_unsupported"
  /** The XML is not well-formed (a syntax error, or the file ends before the root element closes). */
  | "xml_malformed"
  /** The file ends before the list does. */
  | "truncated"
  /** Well-formed, but not the list the reader expects (another root element, another format). */
  | "not_a_list"
  /** A CSV row that cannot be read (quotes, column count). */
  | "csv_malformed"
  /** A JSON line that is not a FollowTheMoney entity. */
  | "json_malformed"
  /** The input cannot be opened or fetched. */
  | "input_unreadable"
  /** The format cannot be guessed from the content. */
  | "format_unknown"
  /** A record id or a dataset name is longer than its limit (`model/limits.ts`); nothing is imported. */
  | "over_limit"
  /** No snapshot with this id, or no active snapshot for this list. */
  | "snapshot_not_found"
  /** A stored snapshot file does not hold what its name says. */
  | "snapshot_corrupt";

/** A failure to read a list or a snapshot. `line` is 1-based where the source has lines. */
export class ListError extends Error {
  override readonly name = "ListError";
  readonly code: ListErrorCode;
  readonly line: number | undefined;

  constructor(code: ListErrorCode, message: string, line?: number) {
    super(line === undefined ? message : `${message} (line ${line})`);
    this.code = code;
    this.line = line;
  }

  /** The error as plain data, e.g. for a JSON response: `{code, message, line?}`. */
  toJSON(): { code: ListErrorCode; message: string; line?: number } {
    return this.line === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, line: this.line };
  }
}

/** Whether a value is a {@link ListError}, optionally with a given code. */
export function isListError(value: unknown, code?: ListErrorCode): value is ListError {
  return value instanceof ListError && (code === undefined || value.code === code);
}
