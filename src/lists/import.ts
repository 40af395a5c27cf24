/**
 * @module lists/import
 * One import: read a list from a path, a URL or the bytes themselves in any of the three formats,
 * build its snapshot, save it and make it active. A failure at any step (a bad file, a broken
 * download, a crash) leaves the previously active snapshot as it was, because activation is the
 * last, atomic step. Two refusals guard what the service screens against: a file with a record that
 * cannot be used (no name, no reference) is not imported at all, and a list that holds far fewer
 * designations than the active snapshot of the same list is imported only when forced.
 */
import { stat } from "node:fs/promises";
import type { Designation, ListSnapshot } from "../model/designation.js";
import { MAX_CODE_LENGTH, MAX_ID_LENGTH } from "../model/limits.js";
import { ListError } from "./errors.js";
import { parseFtmJsonLines } from "./ftm.js";
import { chunksOf, withoutBom, type ListInput } from "./input.js";
import { parseOfacSdnCsv } from "./ofac.js";
import { buildSnapshot, type SnapshotSummary } from "./snapshot.js";
import type { SnapshotStore } from "./store.js";
import { parseUnConsolidatedXml, UN_CONSOLIDATED_URL } from "./un.js";

/** The list formats the engine reads. */
export type ListFormat = "un" | "ofac" | "ftm";

/** Every {@link ListFormat}, for option validation. */
export const LIST_FORMATS: readonly ListFormat[] = ["un", "ofac", "ftm"];

/**
 * The largest drop, as a fraction of the active snapshot's designations, that an import makes
 * without being forced. The UN list loses a handful of records in a month; a file with a tenth fewer
 * is far more often a partial download that still closes, an extract of one programme or the wrong
 * file than a real mass delisting — and activated, it would clear every party it leaves out.
 */
export const MAX_LIST_DROP = 0.1;

/**
 * Guesses the format from the first bytes of a file: XML is the UN list, a JSON object per line is
 * FollowTheMoney, a CSV row starting with an entity number is OFAC's sdn.csv. A UTF-8 byte-order
 * mark in front is skipped, in bytes or in text (as U+FEFF, or as `ï»¿` when read as Latin-1).
 */
export function detectFormat(head: string | Uint8Array): ListFormat | undefined {
  const decoded =
    typeof head === "string" ? withoutBom(head) : Buffer.from(withoutBom(head)).toString("latin1");
  const text = decoded.replace(/^\u00ef\u00bb\u00bf/, "").trimStart();
  if (text.startsWith("<")) return "un";
  if (text.startsWith("{")) return "ftm";
  if (/^\d+,("|-0-)/.test(text)) return "ofac";
  return undefined;
}

/** Options of {@link importList}. */
export interface ImportOptions {
  /** The format; guessed from the content when absent. */
  readonly format?: ListFormat;
  /** OFAC's alt.csv (a path), for `ofac`. */
  readonly aliases?: string;
  /** Dataset name for FtM entities that name none. */
  readonly dataset?: string;
  /** Called with bytes read so far and the total when known. */
  readonly onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
  /** Make the new snapshot active (default true). */
  readonly activate?: boolean;
  /**
   * Import even when the list holds more than {@link MAX_LIST_DROP} fewer designations than the
   * active snapshot of the same list (a real mass delisting). Records that cannot be used are
   * never imported, forced or not.
   */
  readonly force?: boolean;
  /** Injected for tests: the fetch used for URLs. */
  readonly fetch?: typeof fetch;
  readonly now?: Date;
}

/** Options of {@link importListInput}: those of {@link importList} but the fetch, and the source's name. */
export interface InputImportOptions extends Omit<ImportOptions, "fetch"> {
  /** Where the list came from (a path, a URL, `upload`), recorded in the snapshot. */
  readonly source: string;
  /** The input's size in bytes, when known, for progress. */
  readonly totalBytes?: number;
  /** Called with the snapshot before it is stored; throws to refuse it (e.g. text a database cannot hold). */
  readonly accept?: (snapshot: ListSnapshot) => void;
}

/** What {@link importList} did. */
export interface ImportResult {
  readonly snapshot: SnapshotSummary;
  readonly format: ListFormat;
  readonly activated: boolean;
  /** The id that was active for this list before, if any. */
  readonly previous?: string;
  /** How many designations the snapshot active before held, if any. */
  readonly previousDesignations?: number;
  /**
   * Set when the import went through only because it was forced: the list dropped by more than
   * {@link MAX_LIST_DROP} from `previousDesignations`.
   */
  readonly forced?: true;
}

/** Whether a source string is an http(s) URL rather than a path. */
export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/**
 * Imports a list from a path or an http(s) URL (fetched and streamed), saves the snapshot in the
 * store and, unless told otherwise, activates it. The UN's official URL is the default source.
 *
 * @throws {ListError} any reader error (`record_invalid` for records without a name or reference),
 *   `input_unreadable` for a failed download, `format_unknown`, `list_shrunk` (see
 *   {@link ImportOptions.force}), `over_limit` for a record id or a dataset name over its limit.
 */
export async function importList(
  store: SnapshotStore,
  source: string = UN_CONSOLIDATED_URL,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const { fetch: fetcher, ...rest } = options;
  const { input, total } = await openSource(source, fetcher ?? fetch);
  return importListInput(store, input, {
    ...rest,
    source,
    ...(total === undefined ? {} : { totalBytes: total }),
  });
}

/**
 * Imports a list given as a {@link ListInput} (the bytes of an upload, say): read, checked against
 * the active snapshot of the same list, stored and, unless told otherwise, activated — in one step
 * where the store can ({@link SnapshotStore.saveActive}).
 *
 * @throws {ListError} as {@link importList}; nothing is stored when it throws.
 */
export async function importListInput(
  store: SnapshotStore,
  input: ListInput,
  options: InputImportOptions,
): Promise<ImportResult> {
  const { source } = options;
  const { head, all } = await peek(chunksOf(input));
  const format = options.format ?? detectFormat(head);
  if (format === undefined) {
    throw new ListError("format_unknown", `cannot tell the format of ${source}; give --format un|ofac|ftm`);
  }
  const total = options.totalBytes;
  const onProgress = options.onProgress ? (n: number) => options.onProgress?.(n, total) : undefined;
  const read = onProgress === undefined ? {} : { onProgress };
  let parsed: { list: string; generatedOn?: string; designations: ListSnapshot["designations"] };
  switch (format) {
    case "un":
      parsed = await parseUnConsolidatedXml(all, read);
      break;
    case "ofac":
      parsed = await parseOfacSdnCsv(
        all,
        options.aliases === undefined ? read : { ...read, aliases: options.aliases },
      );
      break;
    case "ftm":
      parsed = await parseFtmJsonLines(
        all,
        options.dataset === undefined ? read : { ...read, dataset: options.dataset },
      );
      break;
  }
  if (parsed.designations.length === 0) {
    // An empty list would "delist" everyone when activated; that is never what an import means.
    throw new ListError("not_a_list", `${source} holds no designations; nothing imported`);
  }
  requireWithinLimits(parsed);
  const snapshot = buildSnapshot({
    source,
    list: parsed.list,
    generatedOn: parsed.generatedOn,
    designations: parsed.designations,
    ...(options.now === undefined ? {} : { importedAt: options.now }),
  });
  const before = await store.active(snapshot.list);
  const activate = options.activate ?? true;
  const dropped =
    before !== undefined && shrinksTooMuch(before.designations.length, snapshot.designations.length);
  if (dropped && activate && options.force !== true) {
    throw new ListError(
      "list_shrunk",
      `${source} holds ${snapshot.designations.length} designations, the active ${snapshot.list} snapshot ` +
        `${before.id.slice(0, 12)} holds ${before.designations.length}: more than ${MAX_LIST_DROP * 100}% fewer, ` +
        `which a partial, filtered or wrong file gives far more often than a real delisting; ` +
        `nothing imported (force the import if the drop is real)`,
    );
  }
  options.accept?.(snapshot);
  const summary = activate ? await store.saveActive(snapshot) : await store.save(snapshot);
  return {
    snapshot: summary,
    format,
    activated: activate,
    ...(before === undefined
      ? {}
      : { previous: before.id, previousDesignations: before.designations.length }),
    ...(dropped && activate ? { forced: true as const } : {}),
  };
}

/** Whether going from `before` to `after` designations drops more than {@link MAX_LIST_DROP}. */
function shrinksTooMuch(before: number, after: number): boolean {
  return after < before * (1 - MAX_LIST_DROP);
}

/** FollowTheMoney lists are named `FTM:<dataset>`; the others have fixed names. */
const FTM_PREFIX = "FTM:";

/**
 * What a dataset name may be: an identifier, as OpenSanctions names its datasets (`us_ofac_sdn`), of
 * at most `MAX_CODE_LENGTH` characters. It names the list in the database and a file in the data
 * directory (`lists/active/FTM%3A<dataset>.json`), whose name may not pass 255 bytes: a longer name,
 * or one of characters that take several bytes each, fails the import there.
 */
export const DATASET_NAME = new RegExp(`^[A-Za-z0-9_.-]{1,${MAX_CODE_LENGTH}}$`);

/** The characters {@link DATASET_NAME} allows, in words. */
export const DATASET_NAME_RULE = 'only letters, digits, "_", "-" and "."';

/**
 * Refuses a list whose records' ids are longer than `MAX_ID_LENGTH`, or whose dataset names are not
 * {@link DATASET_NAME}s: both are stored and looked up by, an index refuses entries past a few
 * kilobytes and a file name past 255 bytes, so one such record would fail the import, or a later
 * write, for everyone. The list is refused whole, naming the first record at fault: an id cut short
 * would name another record, or none.
 *
 * @throws {ListError} `over_limit`
 */
export function requireWithinLimits(parsed: {
  readonly list: string;
  readonly designations: readonly Designation[];
}): void {
  const quote = (text: string): string => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  const refused = (what: string): never => {
    throw new ListError("over_limit", `${what}; nothing imported`);
  };
  const datasetProblem = (list: string): string | undefined => {
    if (!list.startsWith(FTM_PREFIX)) return undefined;
    const dataset = list.slice(FTM_PREFIX.length);
    if (dataset.length > MAX_CODE_LENGTH)
      return `the dataset name ${quote(dataset)} is ${dataset.length} characters long; the limit is ${MAX_CODE_LENGTH}`;
    return DATASET_NAME.test(dataset)
      ? undefined
      : `the dataset name ${quote(dataset)} is not a name: ${DATASET_NAME_RULE}`;
  };
  const listProblem = datasetProblem(parsed.list);
  if (listProblem !== undefined) refused(listProblem);
  parsed.designations.forEach((designation, index) => {
    const record = `record ${index + 1} (id ${quote(designation.ref)})`;
    if (designation.ref.length > MAX_ID_LENGTH)
      refused(`${record} has an id ${designation.ref.length} characters long; the limit is ${MAX_ID_LENGTH}`);
    const problem = datasetProblem(designation.list);
    if (problem !== undefined) refused(`${record}: ${problem}`);
  });
}

async function openSource(
  source: string,
  fetcher: typeof fetch,
): Promise<{ input: ListInput; total: number | undefined }> {
  if (!isUrl(source)) {
    const info = await stat(source).catch(() => undefined);
    if (!info?.isFile()) throw new ListError("input_unreadable", `no such file: ${source}`);
    return { input: source, total: info.size };
  }
  let response: Response;
  try {
    response = await fetcher(source, { redirect: "follow" });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new ListError("input_unreadable", `cannot fetch ${source}: ${cause}`);
  }
  if (!response.ok || response.body === null) {
    throw new ListError("input_unreadable", `cannot fetch ${source}: HTTP ${response.status}`);
  }
  const length = Number(response.headers.get("content-length"));
  return { input: response.body, total: Number.isFinite(length) && length > 0 ? length : undefined };
}

/** Reads the first chunk(s) to guess the format, then hands on the whole sequence unchanged. */
async function peek(
  chunks: AsyncGenerator<string | Uint8Array>,
): Promise<{ head: string | Uint8Array; all: AsyncIterable<string | Uint8Array> }> {
  const first: (string | Uint8Array)[] = [];
  let size = 0;
  while (size < 512) {
    const next = await chunks.next();
    if (next.done === true) break;
    first.push(next.value);
    size += next.value.length;
  }
  // Bytes stay bytes, so that a byte-order mark is seen as one; text chunks (rare) are joined.
  const bytes = first.filter((c): c is Uint8Array => typeof c !== "string");
  const head =
    bytes.length === first.length
      ? Buffer.concat(bytes)
      : first.map((c) => (typeof c === "string" ? c : Buffer.from(c).toString("latin1"))).join("");
  async function* all(): AsyncGenerator<string | Uint8Array> {
    yield* first;
    yield* { [Symbol.asyncIterator]: () => chunks };
  }
  return { head, all: all() };
}
