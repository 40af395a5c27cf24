/**
 * @module api/storable
 * What the database cannot store: PostgreSQL's `text` and `jsonb` refuse the NUL character, and
 * `jsonb` refuses unpaired UTF-16 surrogates. A request carrying either is refused with a 400 before
 * anything is evaluated or written, rather than failing as a 500 when its check or record is stored.
 */
import { ApiError } from "./errors.js";

// JSON.stringify escapes exactly these (NUL as \u0000, lone surrogates as \udXXX); an escaped
// backslash before the `u` (an even run of backslashes) is text, not an escape.
const UNSTORABLE = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/** Whether `value` (parsed JSON) holds text the database cannot store. */
export function hasUnstorableText(value: unknown): boolean {
  // undefined for undefined, whatever the declared type says.
  const text = JSON.stringify(value) as string | undefined;
  return text !== undefined && UNSTORABLE.test(text);
}

/** @throws {ApiError} 400 `invalid_request` when `value` holds text the database cannot store */
export function requireStorable(value: unknown): void {
  if (hasUnstorableText(value))
    throw new ApiError(
      400,
      "invalid_request",
      "the body holds a NUL character (\\u0000) or an unpaired surrogate, which cannot be stored",
    );
}

/**
 * As {@link requireStorable}, looking first at the body as it came (`raw`, the JSON text): a value can
 * only hold a NUL or a lone surrogate if its text has the escape for one (JSON forbids raw control
 * characters, and the UTF-8 decoder never yields a lone surrogate). So a text without any such escape
 * is storable without serialising the value again; one with it is looked at exactly (an escaped
 * surrogate pair is a character, and storable).
 * @throws {ApiError} 400 `invalid_request`
 */
export function requireStorableBody(raw: string, parsed: unknown): void {
  if (!UNSTORABLE.test(raw)) return;
  requireStorable(parsed);
}
