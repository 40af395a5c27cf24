/**
 * @module batch/write
 * Writers for result records: JSON Lines and CSV. Both wait for the output to drain when it is full,
 * so that a slow consumer (a pipe, a network socket) holds the producer back instead of letting
 * results pile up in memory.
 */
import { once } from "node:events";
import { stringify } from "csv-stringify/sync";

/** Writes one record at a time; `end` finishes the output (and closes it when asked). */
export interface RecordWriter {
  write(record: Readonly<Record<string, unknown>>): Promise<void>;
  /**
   * Writes records in order, as `write` on each would, but waits only when the output is full: one
   * `await` per batch of records instead of one per record. Optional; callers fall back to `write`.
   */
  writeMany?(records: readonly Readonly<Record<string, unknown>>[]): Promise<void>;
  end(): Promise<void>;
}

/** A CSV writer also tells which fields it had no column for. */
export interface CsvRecordWriter extends RecordWriter {
  /** Flattened field names seen in records but absent from the columns (so left out). */
  readonly droppedFields: ReadonlySet<string>;
}

/** Options shared by the writers. */
export interface WriterOptions {
  /** End the output stream on `end()` (default false: standard output stays open). */
  readonly close?: boolean;
}

/** Options of {@link createCsvWriter}. */
export interface CsvWriterOptions extends WriterOptions {
  /**
   * Flattened column names, in order (e.g. `id`, `verdict`, `reasons.code`, `error.message`). When
   * absent, the first record's fields are the columns; fields that appear only later are dropped
   * (see `droppedFields`), so pass the columns when records differ in shape.
   */
  readonly columns?: readonly string[];
}

/** JSON Lines writer: one `JSON.stringify`d record per line. */
export function createJsonlWriter(output: NodeJS.WritableStream, options: WriterOptions = {}): RecordWriter {
  const out = batched(output);
  return {
    write: (record) => out.send(JSON.stringify(record) + "\n"),
    writeMany: (records) => out.sendMany(records, (record) => JSON.stringify(record) + "\n"),
    end: async () => {
      await out.flush();
      await finish(output, options);
    },
  };
}

/** CSV writer (csv-stringify): a header row, then one flattened row per record (see {@link flattenRecord}). */
export function createCsvWriter(
  output: NodeJS.WritableStream,
  options: CsvWriterOptions = {},
): CsvRecordWriter {
  let columns = options.columns;
  let headerDone = false;
  const dropped = new Set<string>();
  const out = batched(output);
  const header = (names: readonly string[]): string => {
    if (headerDone) return "";
    headerDone = true;
    return stringify([names]);
  };
  return {
    droppedFields: dropped,
    async write(record) {
      const flat = flattenRecord(record);
      const names = (columns ??= Object.keys(flat));
      for (const field of Object.keys(flat)) if (!names.includes(field)) dropped.add(field);
      await out.send(header(names) + stringify([names.map((column) => flat[column] ?? "")]));
    },
    async end() {
      // An empty run still gets its header, so that the file says what it would have held.
      if (columns) await out.send(header(columns));
      await out.flush();
      await finish(output, options);
    },
  };
}

/**
 * Flattens a record for CSV: nested objects become dotted columns (`vessel.imo`); arrays of values are
 * joined with `; `; arrays of objects give one column per field with the elements' values joined in
 * order (`reasons.code` = `KP-A; KP-B`), empty where an element lacks the field; anything deeper is
 * written as JSON. `null` and `undefined` are empty cells.
 */
export function flattenRecord(record: Readonly<Record<string, unknown>>): Record<string, string> {
  const flat: Record<string, string> = {};
  flattenInto(flat, "", record);
  return flat;
}

function flattenInto(flat: Record<string, string>, prefix: string, value: unknown): void {
  if (value === null || value === undefined) {
    if (prefix !== "") flat[prefix] = "";
  } else if (Array.isArray(value)) {
    if (value.every((element) => isPlainObject(element))) {
      const fields = [...new Set(value.flatMap((element) => Object.keys(element)))];
      if (fields.length === 0) flat[prefix] = "";
      for (const field of fields) {
        flat[`${prefix}.${field}`] = value.map((element) => cell(element[field])).join("; ");
      }
    } else {
      flat[prefix] = value.map(cell).join("; ");
    }
  } else if (isPlainObject(value)) {
    for (const [key, inner] of Object.entries(value))
      flattenInto(flat, prefix === "" ? key : `${prefix}.${key}`, inner);
  } else {
    flat[prefix] = cell(value);
  }
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  return JSON.stringify(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Gathers lines and writes them in batches of up to the output's high-water mark (16 KiB for standard
 * output) instead of one write per record: to a file, every write is a system call. What is gathered
 * goes out at the latest on the next turn of the event loop (an interactive run still shows each
 * verdict as soon as it is made) or on `flush`. `send` resolves once the output can take more, as
 * before; at most one batch more than the stream's own buffer is held.
 */
function batched(output: NodeJS.WritableStream): {
  send(text: string): Promise<void>;
  sendMany<T>(items: readonly T[], format: (item: T) => string): Promise<void>;
  flush(): Promise<void>;
} {
  const limit = Math.max(1, (output as { writableHighWaterMark?: number }).writableHighWaterMark ?? 16_384);
  let pending = "";
  let scheduled = false;
  const take = (): string => {
    const text = pending;
    pending = "";
    return text;
  };
  const later = (): void => {
    scheduled = false;
    // Not awaited: the next batch that fills up waits for the drain (write() tells it the stream is full).
    if (pending !== "") output.write(take());
  };
  return {
    async send(text) {
      pending += text;
      if (pending.length >= limit) {
        await send(output, take());
      } else if (!scheduled) {
        scheduled = true;
        setImmediate(later);
      }
    },
    // The same batches and waits as `send` on each line in turn, without a promise per line.
    async sendMany(items, format) {
      for (const item of items) {
        pending += format(item);
        if (pending.length >= limit) await send(output, take());
      }
      if (pending !== "" && !scheduled) {
        scheduled = true;
        setImmediate(later);
      }
    },
    async flush() {
      if (pending !== "") await send(output, take());
    },
  };
}

async function send(output: NodeJS.WritableStream, text: string): Promise<void> {
  // `once` rejects if the stream errors while we wait, so a broken pipe cannot hang the run.
  if (!output.write(text)) await once(output as NodeJS.EventEmitter, "drain");
}

async function finish(output: NodeJS.WritableStream, options: WriterOptions): Promise<void> {
  if (!options.close) return;
  const finished = once(output as NodeJS.EventEmitter, "finish");
  output.end();
  await finished;
}
