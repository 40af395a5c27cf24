/**
 * @module texts/errors
 * Errors of the resolution-text reader. Each failure has a stable code so that the CLI, the API and
 * tests tell them apart without reading English; the message, worded here, is for people.
 */

/** Stable codes of resolution-text failures. */
export type TextErrorCode =
  /** The XML declares a DOCTYPE; refused so that entity expansion and external fetches are impossible. */
  | "doctype_refused"
  /** The XML is not well-formed. */
  | "xml_malformed"
  /** Well-formed, but not an Akoma Ntoso document (another root element). */
  | "not_akn"
  /** The file ends before the root element closes. */
  | "truncated"
  /** An Akoma Ntoso document without a single numbered operative paragraph. */
  | "no_operative_paragraphs"
  /** The file or folder cannot be read. */
  | "input_unreadable"
  /** No text of this symbol among those read. */
  | "symbol_not_found"
  /** The resolution has no operative paragraph with this number. */
  | "paragraph_not_found"
  /** The resolution has no annex with this label. */
  | "annex_not_found"
  /** A file (or a download) larger than a resolution text can be; refused before it is read whole. */
  | "too_large"
  /** A URL could not be fetched (network error, HTTP error status, timeout). */
  | "fetch_failed"
  /** Two files of one import give the same symbol: neither is guessed to be the right one. */
  | "duplicate_symbol"
  /** No stored version of a text has this id (or id prefix). */
  | "version_not_found";

/** A failure to read or find a resolution text. `line` is 1-based where the source has lines. */
export class TextError extends Error {
  override readonly name = "TextError";
  readonly code: TextErrorCode;
  readonly line: number | undefined;

  constructor(code: TextErrorCode, message: string, line?: number) {
    super(line === undefined ? message : `${message} (line ${line})`);
    this.code = code;
    this.line = line;
  }

  /** The error as plain data, e.g. for a JSON response: `{code, message, line?}`. */
  toJSON(): { code: TextErrorCode; message: string; line?: number } {
    return {
      code: this.code,
      message: this.message,
      ...(this.line === undefined ? {} : { line: this.line }),
    };
  }
}

/** Whether a value is a {@link TextError}, optionally with a given code. */
export function isTextError(value: unknown, code?: TextErrorCode): value is TextError {
  return value instanceof TextError && (code === undefined || value.code === code);
}
