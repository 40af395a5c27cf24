/**
 * @module caps/errors
 * Errors of the cap ledgers, with stable codes. What is wrong with a delivery is data (a
 * {@link DeliveryProblem}: the field, and a typed reason with its limit), worded in one place
 * ({@link deliveryProblemText}), so that the API can name the field in its issues and the CLI and the
 * importer can say the same sentence.
 */

export type CapErrorCode =
  /** `caps.yaml` is missing, not YAML, or does not match its schema. */
  | "caps_data_invalid"
  /** A delivery or a notifications file cannot be read (the message names the line and field). */
  | "delivery_invalid"
  /** The measure has no cap at the date asked. */
  | "no_cap";

/** What is wrong with one field of a delivery. `field` is named as the input names it (a column, an option). */
export type DeliveryProblem =
  | { readonly code: "required"; readonly field: string }
  | { readonly code: "too_long"; readonly field: string; readonly limit: number; readonly length: number }
  | { readonly code: "not_a_date"; readonly field: string; readonly value: string }
  | { readonly code: "before_start"; readonly field: string; readonly start: string }
  | { readonly code: "not_a_number"; readonly field: string; readonly value: string }
  | {
      readonly code: "quantity_out_of_range";
      readonly field: string;
      /** Whether zero is allowed (a notified nil month) or the quantity must be positive (a delivery). */
      readonly zero: boolean;
      readonly limit: number;
    }
  | { readonly code: "no_quantity"; readonly field: string }
  | { readonly code: "unknown_unit"; readonly field: string; readonly value: string }
  | { readonly code: "unknown_record_type"; readonly field: string; readonly value: string }
  | { readonly code: "missing_columns"; readonly field: string; readonly columns: readonly string[] }
  | { readonly code: "duplicate_key"; readonly field: string; readonly key: string; readonly line: number };

/** The English text of a problem (without the field, which callers put in front). */
export function deliveryProblemText(problem: DeliveryProblem): string {
  switch (problem.code) {
    case "required":
      return "required";
    case "too_long":
      return `at most ${problem.limit} characters (${problem.length} given)`;
    case "not_a_date":
      return `must be a date written YYYY-MM-DD, got "${clip(problem.value)}"`;
    case "before_start":
      return `before the start of the period (${problem.start})`;
    case "not_a_number":
      return `not a number: "${clip(problem.value)}"`;
    case "quantity_out_of_range":
      return `must be a finite number ${problem.zero ? "≥ 0" : "> 0"} and at most ${problem.limit.toExponential()}`;
    case "no_quantity":
      return "neither barrels nor tonnes given";
    case "unknown_unit":
      return `must be bbl or t, got "${clip(problem.value)}"`;
    case "unknown_record_type":
      return `unknown record type "${clip(problem.value)}"`;
    case "missing_columns":
      return `missing column ${problem.columns.join(", ")}`;
    case "duplicate_key":
      return `key ${clip(problem.key)} is also on line ${problem.line}, with other content`;
  }
}

/** `field: text`, as a message names a problem. */
export function deliveryProblemMessage(problem: DeliveryProblem): string {
  return `${problem.field}: ${deliveryProblemText(problem)}`;
}

/** Quoted input is cut short: a 3,000-character value does not belong in a one-line message. */
function clip(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}

export class CapError extends Error {
  override readonly name = "CapError";
  readonly code: CapErrorCode;
  /** The problem, for `delivery_invalid` raised on one field. */
  readonly problem: DeliveryProblem | undefined;

  constructor(code: CapErrorCode, message: string, problem?: DeliveryProblem) {
    super(message);
    this.code = code;
    this.problem = problem;
  }

  toJSON(): { code: CapErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}
