/**
 * @module api/depth
 * How deeply a JSON text nests, found in one pass over its characters before anything parses it.
 *
 * Why: `JSON.parse` takes a body nested 10,000 deep, but what handles the value afterwards
 * (`JSON.stringify` in a message or a storability check, zod, a recursive walk) overflows the stack,
 * and the client got a 500. Counting brackets outside strings costs a fraction of the parse and stops
 * such a body before any of that runs, with an answer that says where and what the limit is.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/** Keys longer than this are cut in the path of an answer (nothing bounds keys before parsing). */
const PATH_KEY_CHARS = 40;

/** Where a JSON text nests deeper than it may. */
export interface TooDeep {
  /**
   * The path of the first array or object that would be one level too deep, written as the API's
   * issues write paths (`activities.0.parties.0.role`); empty when the limit is 0.
   */
  readonly path: string;
}

/**
 * The first place where `text` opens more than `maxDepth` arrays and objects inside each other, or
 * undefined when it never does. Brackets inside strings do not count. The text need not be valid
 * JSON: whatever parses it afterwards says what else is wrong with it.
 */
export function findTooDeep(text: string, maxDepth: number): TooDeep | undefined {
  // Per open level: whether it is an object, its current array index, the span of its current key.
  const objects: boolean[] = [];
  const indexes: number[] = [];
  const keyStarts: number[] = [];
  const keyEnds: number[] = [];
  let depth = 0;
  // In an object, after `{` or `,`: the next string is a key.
  let keyNext = false;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      i = endOfString(text, i);
      if (keyNext) {
        keyStarts[depth - 1] = start;
        keyEnds[depth - 1] = i + 1;
        keyNext = false;
      }
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (depth === maxDepth) return { path: pathOf(text, depth, objects, indexes, keyStarts, keyEnds) };
      objects[depth] = c === OPEN_OBJECT;
      indexes[depth] = 0;
      keyStarts[depth] = -1;
      depth++;
      keyNext = c === OPEN_OBJECT;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      if (depth > 0) depth--;
      keyNext = false;
    } else if (c === COMMA && depth > 0) {
      if (objects[depth - 1] === true) keyNext = true;
      else indexes[depth - 1] = (indexes[depth - 1] ?? 0) + 1;
    }
  }
  return undefined;
}

/** The index of the quote that closes the string opened at `start` (or the text's end). */
function endOfString(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote === -1) return text.length;
    // Escaped when preceded by an odd run of backslashes.
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    from = quote + 1;
  }
}

/** The dotted path of the open levels: array indexes, and object keys (decoded, long ones cut). */
function pathOf(
  text: string,
  depth: number,
  objects: readonly boolean[],
  indexes: readonly number[],
  keyStarts: readonly number[],
  keyEnds: readonly number[],
): string {
  const parts: string[] = [];
  for (let level = 0; level < depth; level++) {
    if (!objects[level]) {
      parts.push(String(indexes[level]));
      continue;
    }
    const start = keyStarts[level] ?? -1;
    if (start < 0) break;
    parts.push(keyAt(text, start, keyEnds[level] ?? start));
  }
  return parts.join(".");
}

/** The key whose quoted text spans `start` to `end`, decoded, cut to PATH_KEY_CHARS characters. */
function keyAt(text: string, start: number, end: number): string {
  let key: string;
  try {
    // Only on the way to an error answer, and the body is bounded: decoding all of it is cheap.
    key = JSON.parse(text.slice(start, end)) as string;
  } catch {
    key = text.slice(start + 1, end - 1);
  }
  return key.length > PATH_KEY_CHARS ? `${key.slice(0, PATH_KEY_CHARS)}…` : key;
}
