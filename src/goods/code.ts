/**
 * @module goods/code
 * Normalisation of declared HS codes. A code is a string of digits: leading zeros carry meaning
 * (`0301` is live fish; `301` is nothing), so codes never pass through numbers.
 */
import { GoodsError, type GoodsErrorInfo } from "./errors.js";

/** Shortest code accepted: an HS chapter. */
export const MIN_HS_DIGITS = 2;
/** Longest code accepted: a 10-digit national tariff line (US HTS, China, Korea HSK, UK import). */
export const MAX_HS_DIGITS = 10;

/** The outcome of {@link parseHsCode}: the normalised code, or why it was refused. */
export type HsCodeParse =
  { readonly ok: true; readonly code: string } | { readonly ok: false; readonly error: GoodsErrorInfo };

// Separators seen in declarations and tariffs: "0301.11", "0301 11 00", "0301-11".
const separators = /[.\s-]/g;
const digitsOnly = /^\d+$/;

/**
 * Normalises a declared HS code without throwing: strips dots, whitespace and hyphens, keeps leading
 * zeros, and accepts 2 to 10 digits.
 *
 * The input must be a string. A code that went through a JSON number or a spreadsheet number cell
 * has already lost its leading zeros (`0301` → `301`), and nothing here can tell `301` from a
 * mistyped `3010`; so numbers are refused by type rather than guessed at.
 */
export function parseHsCode(input: string): HsCodeParse {
  // Guard for callers that pass untyped JSON through: a number here is exactly the lost-zero case.
  if (typeof input !== "string") {
    return refuse(`HS code must be a string of digits, got ${typeof input} (numbers lose leading zeros)`);
  }
  const code = input.replace(separators, "");
  if (code === "") return refuse("HS code is empty");
  if (!digitsOnly.test(code)) return refuse(`HS code "${input}" contains characters other than digits`);
  if (code.length < MIN_HS_DIGITS || code.length > MAX_HS_DIGITS) {
    return refuse(
      `HS code "${input}" has ${code.length} digits; expected ${MIN_HS_DIGITS} to ${MAX_HS_DIGITS}`,
    );
  }
  return { ok: true, code };
}

/**
 * Normalises a declared HS code (see {@link parseHsCode}) and throws a {@link GoodsError} with code
 * `hs_invalid_format` when it is not one.
 */
export function normaliseHsCode(input: string): string {
  const parsed = parseHsCode(input);
  if (!parsed.ok) throw new GoodsError(parsed.error.code, parsed.error.message);
  return parsed.code;
}

function refuse(message: string): HsCodeParse {
  return { ok: false, error: { code: "hs_invalid_format", message } };
}
