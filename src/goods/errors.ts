/**
 * @module goods/errors
 * Typed errors of the goods module. Callers switch on `code`, never on the message, so that a
 * verdict or an HTTP response can carry a stable reason.
 */

/** Every reason the goods module can refuse an input. */
export type GoodsErrorCode =
  | "hs_invalid_format"
  | "hs_invalid_edition"
  | "hs_invalid_date"
  | "hs_nomenclature_unreadable"
  | "hs_nomenclature_invalid"
  | "hs_nomenclature_edition";

/** A plain-data description of an error, for results that are not thrown. */
export interface GoodsErrorInfo {
  readonly code: GoodsErrorCode;
  readonly message: string;
  /** 1-based line of the input file, when the error comes from a file. */
  readonly line?: number;
}

/** The error the goods module throws. `code` is stable; `message` is one line for people. */
export class GoodsError extends Error {
  override readonly name = "GoodsError";
  readonly code: GoodsErrorCode;
  readonly line: number | undefined;

  constructor(code: GoodsErrorCode, message: string, line?: number) {
    super(message);
    this.code = code;
    this.line = line;
  }

  /** The error as plain data (for JSON output). */
  toInfo(): GoodsErrorInfo {
    return this.line === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, line: this.line };
  }
}
