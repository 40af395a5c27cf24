/**
 * @module batch/lines
 * Splits a byte stream into lines with a hard limit on how much of one line is held. A line over the
 * limit is counted but not kept, so a 10 MB line costs no more memory than the limit.
 */

/** One physical line: its text, or the fact that it was too long. */
export type Line =
  | { readonly line: number; readonly text: string }
  | { readonly line: number; readonly tooLong: true; readonly bytes: number };

const NEWLINE = 0x0a;

/** Incremental line splitter (LF or CRLF); feed it chunks with `push`, then call `end`. */
export class LineSplitter {
  private readonly maxBytes: number;
  private parts: Buffer[] = [];
  private size = 0;
  private overflowBytes = -1;
  private count = 0;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  /** Bytes of the current, unfinished line held in memory (never more than the limit). */
  get bufferedBytes(): number {
    return this.size;
  }

  /** Lines completed by this chunk. */
  *push(chunk: Buffer): Generator<Line> {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline === -1) {
        this.append(chunk.subarray(start));
        return;
      }
      if (this.size === 0 && this.overflowBytes < 0 && newline - start <= this.maxBytes) {
        // The whole line lies in this chunk: decode it in place instead of copying it first (the same
        // bytes, so the same text; the string does not keep the chunk alive).
        this.count += 1;
        yield text(this.count, chunk.toString("utf8", start, newline));
      } else {
        this.append(chunk.subarray(start, newline));
        yield this.take();
      }
      start = newline + 1;
    }
  }

  /** The last line, if the input did not end with a newline. */
  *end(): Generator<Line> {
    if (this.size > 0 || this.overflowBytes >= 0) yield this.take();
  }

  private append(part: Buffer): void {
    if (part.length === 0) return;
    if (this.overflowBytes >= 0) {
      this.overflowBytes += part.length;
    } else if (this.size + part.length > this.maxBytes) {
      // Drop what was held: from here on only the length is counted.
      this.overflowBytes = this.size + part.length;
      this.parts = [];
      this.size = 0;
    } else {
      // Copy, so that a short line does not keep a whole 64 KiB read buffer alive.
      this.parts.push(Buffer.from(part));
      this.size += part.length;
    }
  }

  private take(): Line {
    this.count += 1;
    const line = this.count;
    let result: Line;
    if (this.overflowBytes >= 0) {
      result = { line, tooLong: true, bytes: this.overflowBytes };
    } else {
      result = text(line, Buffer.concat(this.parts, this.size).toString("utf8"));
    }
    this.parts = [];
    this.size = 0;
    this.overflowBytes = -1;
    return result;
  }
}

/** A complete line, without the CR of a CRLF ending. */
function text(line: number, decoded: string): Line {
  return { line, text: decoded.endsWith("\r") ? decoded.slice(0, -1) : decoded };
}
