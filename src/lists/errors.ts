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
  /**
   * Records of the list cannot be used (one without a name, or without a reference): the error's
   * `issues` name each, and nothing of the file is imported, so that the active list stays.
   */
  | "record_invalid"
  /**
   * The list holds far fewer designations than the active snapshot of the same list (see
   * `MAX_LIST_DROP` in `./import.ts`): refused unless the import is forced.
   */
  | "list_shrunk"
  /** A record id or a dataset name is longer than its limit (`model/limits.ts`); nothing is imported. */
  | "over_limit"
  /** No snapshot with this id, or no active snapshot for this list. */
  | "snapshot_not_found"
  /** A stored snapshot file does not hold what its name says. */
  | "snapshot_corrupt";

/** What is wrong with one record of a list. */
export type RecordProblem =
  /** No name at all: nothing to screen against, and a screener would never find the party. */
  | "no_name"
  /** No reference (UN reference number, FollowTheMoney id): verdicts could not cite the record. */
  | "no_reference";

/** One record of a list that cannot be used, and where it is in the file. */
export interface RecordIssue {
  readonly problem: RecordProblem;
  /** 1-based position of the record among the file's records (individuals and entities, rows, parties). */
  readonly record: number;
  /** 1-based line where the record starts. */
  readonly line: number;
  /** What the record is in its file: `INDIVIDUAL`, `ENTITY`, `sdn.csv row`, a FollowTheMoney schema. */
  readonly kind: string;
  /** The record's reference as the file writes it, when it has one. */
  readonly ref?: string;
}

/** One line for a record issue; the one place where these are worded. */
export function recordIssueText(issue: RecordIssue): string {
  const where = `record ${issue.record} (${issue.kind}${issue.ref === undefined ? "" : ` ${issue.ref}`}, line ${issue.line})`;
  switch (issue.problem) {
    case "no_name":
      return `${where} has no name`;
    case "no_reference":
      return `${where} has no reference number`;
  }
}

/** A failure to read a list or a snapshot. `line` is 1-based where the source has lines. */
export class ListError extends Error {
  override readonly name = "ListError";
  readonly code: ListErrorCode;
  readonly line: number | undefined;
  /** For `record_invalid`: the records that cannot be used (the first {@link MAX_LISTED_ISSUES}). */
  readonly issues: readonly RecordIssue[];

  constructor(code: ListErrorCode, message: string, line?: number, issues: readonly RecordIssue[] = []) {
    super(line === undefined ? message : `${message} (line ${line})`);
    this.code = code;
    this.line = line;
    this.issues = issues;
  }

  /** The error as plain data, e.g. for a JSON response: `{code, message, line?, issues?}`. */
  toJSON(): { code: ListErrorCode; message: string; line?: number; issues?: readonly RecordIssue[] } {
    return {
      code: this.code,
      message: this.message,
      ...(this.line === undefined ? {} : { line: this.line }),
      ...(this.issues.length === 0 ? {} : { issues: this.issues }),
    };
  }
}

/** Most record issues an error carries; a file broken everywhere is named by its first few. */
export const MAX_LISTED_ISSUES = 100;
// Issues named in the one-line message; the rest are in `issues` and counted.
const ISSUES_IN_MESSAGE = 3;

/**
 * Collects the record issues a reader finds, so that one run names every bad record rather than the
 * first, and ends the read with a `record_invalid` error when there is any.
 */
export class RecordIssues {
  readonly #kept: RecordIssue[] = [];
  #count = 0;

  add(issue: RecordIssue): void {
    this.#count++;
    if (this.#kept.length < MAX_LISTED_ISSUES) this.#kept.push(issue);
  }

  /** @throws {ListError} `record_invalid` naming the bad records, when any was added. */
  throwIfAny(): void {
    const first = this.#kept[0];
    if (first === undefined) return;
    const shown = this.#kept.slice(0, ISSUES_IN_MESSAGE).map(recordIssueText).join("; ");
    const more = this.#count - Math.min(this.#count, ISSUES_IN_MESSAGE);
    throw new ListError(
      "record_invalid",
      `${this.#count} ${this.#count === 1 ? "record" : "records"} cannot be used: ${shown}` +
        (more > 0 ? `; and ${more} more` : ""),
      undefined,
      this.#kept,
    );
  }
}

/** Whether a value is a {@link ListError}, optionally with a given code. */
export function isListError(value: unknown, code?: ListErrorCode): value is ListError {
  return value instanceof ListError && (code === undefined || value.code === code);
}
