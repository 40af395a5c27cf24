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

  constructor(code: ExemptionErrorCode, message: string) {
    super(message);
    this.code = code;
  }

  toJSON(): { code: ExemptionErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}
