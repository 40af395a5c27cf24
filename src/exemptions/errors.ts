/**
 * @module exemptions/errors
 * Errors of exemption records, with stable codes.
 */

export type ExemptionErrorCode =
  /** A record does not match the schema (the message names the field). */
  | "record_invalid"
  /** No record with this reference. */
  | "not_found";

export class ExemptionError extends Error {
  override readonly name = "ExemptionError";
  readonly code: ExemptionErrorCode;
  /** The field at fault, as a dotted path (`items.0.hs`), when one is. */
  readonly field: string | undefined;

  constructor(code: ExemptionErrorCode, message: string, field?: string) {
    super(message);
    this.code = code;
    this.field = field;
  }

  toJSON(): { code: ExemptionErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}
