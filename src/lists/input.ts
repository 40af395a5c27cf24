/**
 * @module lists/input
 * What the readers accept, turned into one shape: an async sequence of byte chunks. Reading in chunks
 * keeps memory flat for large lists and lets the caller report progress by bytes.
 */
import { createReadStream } from "node:fs";
import { ListError } from "./errors.js";

/**
 * A list to read: a file path (a `string` is always a path, never content), the bytes themselves, a
 * web `ReadableStream` (e.g. a `fetch` body) or any async iterable of chunks (e.g. a Node stream).
 * Strings inside an iterable are taken as already-decoded text.
 */
export type ListInput =
  | string
  | Uint8Array
  | ReadableStream<Uint8Array>
  | AsyncIterable<string | Uint8Array>
  | Iterable<string | Uint8Array>;

/** Options every reader takes. */
export interface ReadOptions {
  /** Called now and then with the number of bytes read so far (for progress bars). */
  readonly onProgress?: (bytesRead: number) => void;
}

/** Turns any {@link ListInput} into an async sequence of chunks; a missing file is an `input_unreadable`. */
export async function* chunksOf(input: ListInput): AsyncGenerator<string | Uint8Array> {
  if (typeof input === "string") {
    const stream = createReadStream(input, { highWaterMark: 64 * 1024 });
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "unknown";
      throw new ListError("input_unreadable", `cannot read ${input}: ${code}`);
    } finally {
      stream.destroy();
    }
    return;
  }
  if (input instanceof Uint8Array) {
    yield input;
    return;
  }
  if (isWebStream(input)) {
    const reader = input.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  }
  // Node streams and generators are async iterable; arrays of chunks are plain iterables.
  yield* input as AsyncIterable<string | Uint8Array>;
}

function isWebStream(input: object): input is ReadableStream<Uint8Array> {
  return typeof (input as { getReader?: unknown }).getReader === "function";
}

/**
 * The first bytes or text of a list without a UTF-8 byte-order mark (`EF BB BF`, or U+FEFF once
 * decoded), which spreadsheet programs and Windows editors write at the start of "UTF-8" files: it
 * is not content, and left in place it hides what the file starts with.
 */
export function withoutBom(head: string): string;
export function withoutBom(head: Uint8Array): Uint8Array;
export function withoutBom(head: string | Uint8Array): string | Uint8Array {
  if (typeof head === "string") return head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
}

/**
 * Decodes UTF-8 chunks strictly: a byte sequence that is not UTF-8 (Latin-1 accents, UTF-16) is an
 * `encoding_unsupported` error naming the byte offset, never replacement characters in names. A
 * byte-order mark at the start is dropped, from bytes and from text chunks alike.
 */
export async function* utf8Text(
  chunks: AsyncIterable<string | Uint8Array>,
  options: ReadOptions = {},
): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  let offset = 0;
  let first = true;
  let firstText = true;
  for await (const chunk of chunks) {
    if (typeof chunk === "string") {
      const text = firstText ? withoutBom(chunk) : chunk;
      if (chunk !== "") firstText = false;
      if (text !== "") yield text;
      continue;
    }
    if (chunk.length > 0) firstText = false;
    if (first && chunk.length >= 2) {
      first = false;
      // A UTF-16 byte-order mark: say so plainly rather than "invalid byte at 0".
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
        throw new ListError("encoding_unsupported", "the input is UTF-16; only UTF-8 lists are read");
      }
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw new ListError(
        "encoding_unsupported",
        `the input is not valid UTF-8 (near byte ${offset}); re-encode it as UTF-8`,
      );
    }
    offset += chunk.length;
    options.onProgress?.(offset);
    if (text !== "") yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest !== "") yield rest;
  } catch {
    throw new ListError("encoding_unsupported", "the input ends inside a UTF-8 character");
  }
}
