/**
 * @module caps/errors
 * Errors of the cap ledgers, with stable codes.
 */

export type CapErrorCode =
  /** `caps.yaml` is missing, not YAML, or does not match its schema. */
  | "caps_data_invalid"
  /** A delivery or a notifications file cannot be read (the message names the line and field). */
  | "delivery_invalid"
  /** The measure has no cap at the date asked. */
  | "no_cap";

export class CapError extends Error {
  override readonly name = "CapError";
  readonly code: CapErrorCode;

  constructor(code: CapErrorCode, message: string) {
    super(message);
    this.code = code;
  }

  toJSON(): { code: CapErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}
