/**
 * @module goods/code
 * Normalisation of declared HS codes. A code is a string of digits: leading zeros carry meaning
 * (`0301` is live fish; `301` is nothing), so codes never pass through numbers.
 *
 * The form is checked strictly because it is often all that is checked: with no nomenclature of the
 * code's edition imported, a verdict rests on the form alone (`hs_form_only`). HS codes are built of
 * pairs of digits (chapter 2, heading 4, subheading 6, national lines 8 or 10), so an odd number of
 * digits is almost always a lost leading zero (`302.11` for `0302.11`, fish read as chapter 30,
 * pharmaceuticals); prefix matching would then test the wrong chapter and answer "permitted".
 */
import { GoodsError, type GoodsErrorInfo } from "./errors.js";

/** Shortest code accepted: an HS chapter. */
export const MIN_HS_DIGITS = 2;
/** Longest code accepted: a 10-digit national tariff line (US HTS, China, Korea HSK, UK import). */
export const MAX_HS_DIGITS = 10;

/** Why a declared HS code is not one; worded by {@link hsCodeProblemText}. */
export type HsCodeProblem =
  /** Neither a string nor a number (an object, a boolean, null). */
  | { readonly kind: "not_text"; readonly type: string }
  /** A JSON or spreadsheet number: leading zeros (and trailing ones) are gone. */
  | { readonly kind: "number"; readonly value: number; readonly suggestion?: string }
  | { readonly kind: "empty" }
  /** A leading `-` or `+`: an HS code has no sign. */
  | { readonly kind: "signed"; readonly input: string }
  /** Letters or symbols, or a separator that is not between two digits. */
  | { readonly kind: "characters"; readonly input: string }
  /** Fewer than {@link MIN_HS_DIGITS} or more than {@link MAX_HS_DIGITS} digits. */
  | { readonly kind: "digit_count"; readonly input: string; readonly digits: number }
  /** An odd number of digits: the code is not made of whole pairs, usually a lost leading zero. */
  | {
      readonly kind: "odd_digits";
      readonly input: string;
      readonly digits: number;
      readonly suggestion: string;
    }
  /** Chapter `00`, which the HS does not have. */
  | { readonly kind: "no_chapter"; readonly input: string };

/** English text for an HS code problem; the one place where these messages are worded. */
export function hsCodeProblemText(problem: HsCodeProblem): string {
  const pairs = "chapter 2, heading 4, subheading 6, national lines 8 or 10";
  switch (problem.kind) {
    case "not_text":
      return `HS code must be a string of digits, got ${problem.type}`;
    case "number":
      return (
        `HS code ${problem.value} is a number; write HS codes as strings: as a number a code loses its ` +
        `leading zero (0302.11 becomes 302.11)` +
        (problem.suggestion === undefined ? "" : `; did you mean "${problem.suggestion}"?`)
      );
    case "empty":
      return "HS code is empty";
    case "signed":
      return `HS code "${problem.input}" has a sign; an HS code is digits, optionally grouped by dots, spaces or hyphens`;
    case "characters":
      return `HS code "${problem.input}" contains characters other than digits, or a separator (dot, space, hyphen) that is not between two digits`;
    case "digit_count":
      return `HS code "${problem.input}" has ${problem.digits} digits; expected ${MIN_HS_DIGITS} to ${MAX_HS_DIGITS}`;
    case "odd_digits":
      return (
        `HS code "${problem.input}" has ${problem.digits} digits; HS codes have an even number (${pairs}); ` +
        `if a leading zero was lost (a number or a spreadsheet cell drops it), write "${problem.suggestion}"` +
        (problem.digits > 6 ? "; for a national code of another length, give its first 6 digits" : "")
      );
    case "no_chapter":
      return `HS code "${problem.input}" has chapter 00, which does not exist (chapters run from 01)`;
  }
}

/** The outcome of {@link parseHsCode}: the normalised code, or why it was refused. */
export type HsCodeParse =
  | { readonly ok: true; readonly code: string }
  | { readonly ok: false; readonly error: GoodsErrorInfo; readonly problem: HsCodeProblem };

// Separators seen in declarations and tariffs: "0301.11", "0301 11 00", "0301-11"; only between digits.
const separators = /[.\s-]/g;
const grouped = /^\d+(?:[.\s-]+\d+)*$/;

/**
 * Normalises a declared HS code without throwing: strips dots, whitespace and hyphens between digit
 * groups, keeps leading zeros, and accepts an even number of digits from 2 to 10 (not chapter 00).
 *
 * The input must be a string. A code that went through a JSON number or a spreadsheet number cell
 * has already lost its leading zeros (`0301` → `301`); numbers are refused by type rather than
 * guessed at, and so are strings with an odd number of digits, with a suggestion when a leading zero
 * would make a code of them.
 */
export function parseHsCode(input: unknown): HsCodeParse {
  if (typeof input === "number") {
    // Only the integer part shows a lost zero: "302.11" has 3 digits before the dot where 4 belong.
    const text = String(input);
    const whole = /^(\d+)(?:\.\d+)?$/.exec(text)?.[1];
    return refuse(
      whole !== undefined && whole.length % 2 === 1
        ? { kind: "number", value: input, suggestion: `0${text}` }
        : { kind: "number", value: input },
    );
  }
  if (typeof input !== "string")
    return refuse({ kind: "not_text", type: input === null ? "null" : typeof input });
  const text = input.trim();
  if (text === "") return refuse({ kind: "empty" });
  if (/^[-+]/.test(text)) return refuse({ kind: "signed", input });
  if (!grouped.test(text)) return refuse({ kind: "characters", input });
  const code = text.replace(separators, "");
  if (code.length < MIN_HS_DIGITS || code.length > MAX_HS_DIGITS)
    return refuse({ kind: "digit_count", input, digits: code.length });
  // Odd counts stop at 9, so a zero in front always makes a code of a valid length.
  if (code.length % 2 === 1)
    return refuse({ kind: "odd_digits", input, digits: code.length, suggestion: `0${text}` });
  if (code.startsWith("00")) return refuse({ kind: "no_chapter", input });
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

function refuse(problem: HsCodeProblem): HsCodeParse {
  return { ok: false, error: { code: "hs_invalid_format", message: hsCodeProblemText(problem) }, problem };
}
