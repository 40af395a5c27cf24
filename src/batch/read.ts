/**
 * @module batch/read
 * Streaming reader for batch files: JSON Lines or CSV in, one item per record out, in file order.
 * A bad record becomes an error item and reading goes on; an input that cannot be read at all throws
 * a {@link BatchInputError}. Nothing holds more than one record (bounded by `maxLineBytes`).
 */
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { parse, type CsvError } from "csv-parse";
import { BatchInputError, type BatchItemError } from "./errors.js";
import { LineSplitter, type Line } from "./lines.js";

/** One record read from the input, or why the record on that line could not be read. */
export type BatchItem =
  | { readonly line: number; readonly record: Record<string, unknown> }
  | { readonly line: number; readonly error: BatchItemError };

/** Input formats; `auto` sniffs the first non-blank byte (`{` → JSON Lines, anything else → CSV). */
export type BatchFormat = "jsonl" | "csv" | "auto";

/** Counts what was read, e.g. a progress bar (see `createProgress`). */
export interface ReadProgress {
  addBytes(bytes: number): void;
  addRecords(records: number): void;
}

/** Options of {@link readRecords}. */
export interface ReadOptions {
  /** Default `auto`. */
  readonly format?: BatchFormat;
  /**
   * Fields every record must have. CSV: columns the header must contain (a dotted column such as
   * `vessel.imo` satisfies `vessel`); a missing one is a fatal `batch_missing_columns`. JSON Lines: a
   * record without one becomes a `batch_missing_field` error item.
   */
  readonly requiredColumns?: readonly string[];
  /** Longest line (JSON Lines) or record (CSV) in bytes. Default 1 MiB. */
  readonly maxLineBytes?: number;
  /** CSV columns whose cells hold JSON (arrays or objects). Default `["parties"]`. */
  readonly jsonColumns?: readonly string[];
  /** Told about bytes and records as they are read. */
  readonly progress?: ReadProgress;
}

/** Default limit on one line or record. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
const DEFAULT_JSON_COLUMNS = ["parties"];
// Keys that would reach Object.prototype when assigned on a plain object.
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Reads a batch file as an async iterable of items. `input` is a readable stream, a path, or `-`
 * for standard input. An empty (or all-blank) input yields nothing.
 */
export async function* readRecords(
  input: NodeJS.ReadableStream | string,
  options: ReadOptions = {},
): AsyncGenerator<BatchItem> {
  for await (const batch of readRecordBatches(input, options)) yield* batch;
}

/**
 * The items of {@link readRecords}, in the same order, gathered in batches (those of one chunk of input,
 * for JSON Lines): a consumer that handles a batch at a time pays one `await` per batch, not per record.
 * Batches are never empty.
 */
export async function* readRecordBatches(
  input: NodeJS.ReadableStream | string,
  options: ReadOptions = {},
): AsyncGenerator<readonly BatchItem[]> {
  const stream = typeof input === "string" ? await open(input) : input;
  const chunks = counted(stream, options.progress);
  const { first, rest } = await sniff(chunks);
  if (first === undefined) return;
  const format =
    options.format && options.format !== "auto" ? options.format : first === 0x7b ? "jsonl" : "csv";
  const batches = format === "jsonl" ? readJsonLines(rest, options) : readCsv(rest, options);
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    options.progress?.addRecords(batch.length);
    yield batch;
  }
}

async function open(path: string): Promise<NodeJS.ReadableStream> {
  if (path === "-") return process.stdin;
  const stream = createReadStream(path);
  await new Promise<void>((resolve, reject) => {
    stream.once("open", () => {
      resolve();
    });
    stream.once("error", (error) => {
      reject(new BatchInputError("batch_unreadable", `cannot read ${path}: ${error.message}`));
    });
  });
  return stream;
}

async function* counted(
  stream: NodeJS.ReadableStream,
  progress: ReadProgress | undefined,
): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      progress?.addBytes(bytes.length);
      yield bytes;
    }
  } catch (error) {
    if (error instanceof BatchInputError) throw error;
    throw new BatchInputError("batch_unreadable", `cannot read the input: ${(error as Error).message}`);
  }
}

/** Finds the first byte that is not whitespace or a byte-order mark, without losing any chunk. */
async function sniff(
  chunks: AsyncGenerator<Buffer>,
): Promise<{ first: number | undefined; rest: AsyncIterable<Buffer> }> {
  const held: Buffer[] = [];
  for (;;) {
    const next = await chunks.next();
    if (next.done) return { first: undefined, rest: (async function* () {})() };
    held.push(next.value);
    const first = next.value.find((byte) => !isBlankByte(byte));
    if (first !== undefined) {
      return {
        first,
        rest: (async function* () {
          yield* held;
          yield* chunks;
        })(),
      };
    }
  }
}

function isBlankByte(byte: number): boolean {
  // Space, tab, CR, LF, and the bytes of a UTF-8 byte-order mark (EF BB BF).
  return (
    byte === 0x20 ||
    byte === 0x09 ||
    byte === 0x0d ||
    byte === 0x0a ||
    byte === 0xef ||
    byte === 0xbb ||
    byte === 0xbf
  );
}

async function* readJsonLines(
  chunks: AsyncIterable<Buffer>,
  options: ReadOptions,
): AsyncGenerator<BatchItem[]> {
  const limit = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const splitter = new LineSplitter(limit);
  // Split once, not per row.
  const required = (options.requiredColumns ?? []).map((field) => ({ field, keys: field.split(".") }));
  const items = (lines: Iterable<Line>): BatchItem[] => {
    const batch: BatchItem[] = [];
    for (const line of lines) {
      if ("tooLong" in line) {
        batch.push(
          error(line.line, "batch_line_too_long", `line is ${line.bytes} bytes; the limit is ${limit}`),
        );
        continue;
      }
      const text = line.line === 1 ? line.text.replace(/^\uFEFF/, "") : line.text;
      // A line that starts with "{" is not blank; only the others need the trim.
      if (text.charCodeAt(0) !== 0x7b && text.trim() === "") continue;
      batch.push(parseJsonLine(line.line, text, required));
    }
    return batch;
  };
  for await (const chunk of chunks) yield items(splitter.push(chunk));
  yield items(splitter.end());
}

function parseJsonLine(
  line: number,
  text: string,
  required: readonly { readonly field: string; readonly keys: readonly string[] }[],
): BatchItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    return error(line, "batch_bad_json", `not valid JSON: ${(cause as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const kind = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
    return error(line, "batch_not_object", `expected a JSON object, got ${kind}`);
  }
  const record = value as Record<string, unknown>;
  for (const { field, keys } of required) {
    if (getPath(record, keys) === undefined)
      return error(line, "batch_missing_field", `missing field ${field}`, field);
  }
  return { line, record };
}

function getPath(record: Record<string, unknown>, keys: readonly string[]): unknown {
  let value: unknown = record;
  for (const key of keys) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value ?? undefined;
}

interface CsvItem {
  readonly record: Record<string, string>;
  readonly info: { readonly lines: number };
  readonly raw: string;
}

async function* readCsv(chunks: AsyncIterable<Buffer>, options: ReadOptions): AsyncGenerator<BatchItem[]> {
  const jsonColumns = new Set(options.jsonColumns ?? DEFAULT_JSON_COLUMNS);
  const paths = new Map<string, { readonly keys: readonly string[]; readonly last: string }>();
  const required = options.requiredColumns ?? [];
  let header: readonly string[] | undefined;
  let fatal: BatchInputError | undefined;
  // Records the parser skipped (bad quoting, wrong field count), merged back in line order.
  const skipped: BatchItem[] = [];

  const parser = parse({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    info: true,
    raw: true,
    max_record_size: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
    skip_records_with_error: true,
    columns: (names: string[]) => {
      header = names;
      fatal = checkHeader(names, required);
      return names;
    },
    on_skip: (cause: CsvError | undefined, raw: string | undefined) => {
      if (!cause) return;
      // Where the skipped record starts: the parser counts up to where it found the error.
      const line = startLine(typeof cause.lines === "number" ? cause.lines : 0, raw ?? "");
      if (cause.code === "CSV_MAX_RECORD_SIZE") {
        // After an overlong record csv-parse cannot resynchronise (the record may hold quoted
        // newlines), so the rest of the file would be lost silently: stop with a fatal error instead.
        fatal ??= new BatchInputError(
          "batch_record_too_long",
          `line ${line}: CSV record longer than ${options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES} bytes; the rest of the file cannot be read`,
          line,
        );
      } else if (
        cause.code === "CSV_RECORD_INCONSISTENT_COLUMNS" ||
        cause.code === "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH"
      ) {
        const fields = (cause as CsvError & { record?: unknown[] }).record?.length;
        skipped.push(
          error(
            line,
            "batch_field_count",
            `row has ${fields ?? "a different number of"} fields; the header has ${header?.length ?? "?"}`,
          ),
        );
      } else {
        skipped.push(error(line, "batch_bad_csv", cause.message));
      }
    },
  });

  const source = Readable.from(crlfToLf(chunks));
  const records = source.pipe(parser) as unknown as AsyncIterable<CsvItem>;
  source.once("error", (cause) => parser.destroy(cause));
  try {
    for await (const item of records) {
      if (fatal) throw fatal;
      const line = startLine(item.info.lines, item.raw);
      yield [...drain(skipped, line), toRecord(line, item.record, jsonColumns, paths)];
    }
    if (fatal) throw fatal;
    yield [...drain(skipped, Number.POSITIVE_INFINITY)];
  } finally {
    // A consumer that stops early (or a fatal error) must not leave the file open behind the parser.
    source.destroy();
  }
}

function* drain(skipped: BatchItem[], before: number): Generator<BatchItem> {
  while (skipped.length > 0 && (skipped[0]?.line ?? 0) < before) {
    const item = skipped.shift();
    if (item) yield item;
  }
}

/**
 * The input with every CRLF read as LF. csv-parse counts each CR and each LF as a line, except a CRLF
 * that ends a record: a CRLF inside a quoted cell counted two, and every line after it was reported one
 * too far. With CRLF gone, its count is the physical line (LF, CRLF or a lone CR ends one), and a
 * quoted cell's line ends read as LF. A CR at the end of a chunk waits for the next chunk's first byte.
 */
async function* crlfToLf(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let heldCr = false;
  for await (const input of chunks) {
    let chunk: Buffer = heldCr ? Buffer.concat([CR, input]) : input;
    heldCr = chunk.length > 0 && chunk[chunk.length - 1] === 0x0d;
    if (heldCr) chunk = chunk.subarray(0, -1);
    let at = chunk.indexOf(CRLF);
    if (at === -1) {
      if (chunk.length > 0) yield chunk;
      continue;
    }
    // Copy the chunk without the CR of each CRLF (a chunk without one, the common case, is not copied).
    const out = Buffer.allocUnsafe(chunk.length);
    let size = 0;
    let from = 0;
    while (at !== -1) {
      size += chunk.copy(out, size, from, at);
      from = at + 1;
      at = chunk.indexOf(CRLF, from);
    }
    size += chunk.copy(out, size, from);
    yield out.subarray(0, size);
  }
  if (heldCr) yield CR;
}

const CR = Buffer.from("\r");
const CRLF = Buffer.from("\r\n");

/**
 * The line a record starts on, from the line the parser was on at its end (or where it found an
 * error in it) and its raw text so far: the line ends within the record, from its first byte that is
 * not blank (the raw text begins with the blank lines skipped before it) up to its last byte (the line
 * end that closes it is not counted yet), are the lines it spans beyond the first. After
 * {@link crlfToLf}, each CR or LF is one line end, as the parser counts them. A scan rather than
 * regular expressions, as this runs for every row.
 */
function startLine(lines: number, raw: string): number {
  let start = 0;
  while (start < raw.length && isBlankChar(raw.charCodeAt(start))) start += 1;
  let end = raw.length;
  const last = raw.charCodeAt(end - 1);
  if (end > start && (last === 0x0a || last === 0x0d)) end -= 1;
  let spans = 0;
  for (let at = start; at < end; at++) {
    const char = raw.charCodeAt(at);
    if (char === 0x0a || char === 0x0d) spans += 1;
  }
  return lines - spans;
}

function isBlankChar(char: number): boolean {
  return char === 0x20 || char === 0x09 || char === 0x0a || char === 0x0d;
}

function checkHeader(names: readonly string[], required: readonly string[]): BatchInputError | undefined {
  const seen = new Set<string>();
  for (const name of names) {
    if (name === "") return new BatchInputError("batch_bad_header", "CSV header has an empty column name", 1);
    if (seen.has(name))
      return new BatchInputError("batch_bad_header", `CSV header repeats column ${name}`, 1);
    if (name.split(".").some((key) => key === "" || FORBIDDEN_KEYS.has(key))) {
      return new BatchInputError("batch_bad_header", `CSV column name ${name} is not allowed`, 1);
    }
    seen.add(name);
  }
  for (const name of names) {
    // `vessel` and `vessel.imo` cannot both be columns: one would overwrite the other.
    if (names.some((other) => other.startsWith(`${name}.`))) {
      return new BatchInputError("batch_bad_header", `CSV columns ${name} and ${name}.… conflict`, 1);
    }
  }
  const missing = required.filter(
    (field) => !names.some((name) => name === field || name.startsWith(`${field}.`)),
  );
  if (missing.length > 0) {
    return new BatchInputError(
      "batch_missing_columns",
      `CSV header lacks required column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`,
      1,
    );
  }
  return undefined;
}

/** A CSV row as a record: empty cells are absent, dotted columns nest, JSON columns are parsed. */
function toRecord(
  line: number,
  row: Record<string, string>,
  jsonColumns: ReadonlySet<string>,
  paths: Map<string, { readonly keys: readonly string[]; readonly last: string }>,
): BatchItem {
  const record: Record<string, unknown> = {};
  // `for...in` visits a row's own keys in the order of Object.entries (csv-parse rows have no
  // inherited enumerable keys), without building the array of pairs.
  for (const column in row) {
    const cell = row[column] as string;
    if (cell === "") continue;
    let value: unknown = cell;
    if (jsonColumns.has(column)) {
      try {
        value = JSON.parse(cell);
      } catch (cause) {
        return error(
          line,
          "batch_bad_cell",
          `column ${column} must hold JSON: ${(cause as Error).message}`,
          column,
        );
      }
    }
    // Each column's path is split once per file, not once per row.
    let path = paths.get(column);
    if (!path) {
      const keys = column.split(".");
      const last = keys.pop() ?? column;
      path = { keys, last };
      paths.set(column, path);
    }
    const { keys, last } = path;
    let target = record;
    for (const key of keys) {
      const next = target[key];
      if (next !== null && typeof next === "object") target = next as Record<string, unknown>;
      else target = target[key] = {};
    }
    target[last] = value;
  }
  return { line, record };
}

function error(line: number, code: BatchItemError["code"], message: string, field?: string): BatchItem {
  return { line, error: field === undefined ? { code, message } : { code, message, field } };
}
