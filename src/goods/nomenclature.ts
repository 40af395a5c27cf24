/**
 * @module goods/nomenclature
 * HS nomenclatures (valid codes and their labels), imported by the user from a CSV in the layout of
 * `datasets/harmonized-system` (columns section, hscode, description, parent, level) and kept as a
 * compact JSON file under the data directory. The engine works without one: codes are then checked
 * by form only, and {@link checkCode} says so, so that a verdict can say so too.
 */
import { createReadStream } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import { normaliseHsCode } from "./code.js";
import { HS_EDITIONS, type HsEdition } from "./edition.js";
import { GoodsError } from "./errors.js";

/** Valid codes and labels of one edition. */
export interface Nomenclature {
  readonly edition: HsEdition;
  /** Where it was imported from (path or URL as given). */
  readonly source: string;
  /** ISO timestamp of the import. */
  readonly importedAt: string;
  /** Number of codes (chapters, headings, subheadings). */
  readonly size: number;
  /** Whether the exact code (2, 4 or 6 digits) is in the nomenclature. */
  has(code: string): boolean;
  /** The label of the exact code, if it is in the nomenclature. */
  label(code: string): string | undefined;
}

/** Imported nomenclatures by edition; either or both may be missing. */
export type Nomenclatures = Partial<Readonly<Record<HsEdition, Nomenclature>>>;

/** What {@link checkCode} found. */
export interface CodeCheck {
  /**
   * `valid`: the code's international part is in the nomenclature. `unknown`: it is not.
   * `form-only`: no nomenclature for this edition was imported; only the form was checked.
   */
  readonly status: "valid" | "unknown" | "form-only";
  /** The normalised code. */
  readonly code: string;
  /** The part that was looked up: the first 6, 4 or 2 digits (national digits cannot be checked). */
  readonly checked?: string;
  readonly label?: string;
}

/** The file layout, versioned so that a later change can be detected instead of misread. */
const FORMAT = "sanctions-engine/hs-nomenclature@1";
const REQUIRED_COLUMNS = ["section", "hscode", "description", "parent", "level"] as const;
const MAX_REPORTED = 5;

/** Headings that exist in only one edition: enough to tell a full nomenclature file apart. */
const ONLY_IN: Readonly<Record<HsEdition, readonly string[]>> = {
  HS2017: ["8107", "8803"],
  HS2022: ["0309", "2404", "3827", "8485", "8524", "8549", "8806", "8807"],
};

interface StoredNomenclature {
  readonly format: typeof FORMAT;
  readonly edition: HsEdition;
  readonly source: string;
  readonly importedAt: string;
  /** [code, label] pairs in file order (an array, because JS objects reorder numeric-looking keys). */
  readonly codes: readonly (readonly [string, string])[];
}

/**
 * Checks a code against a nomenclature. National digits beyond 6 cannot be checked; the first 6 (or
 * 4, or 2) digits are looked up.
 */
export function checkCode(code: string, nomenclature: Nomenclature | undefined): CodeCheck {
  const normalised = normaliseHsCode(code);
  if (!nomenclature) return { status: "form-only", code: normalised };
  const length = normalised.length >= 6 ? 6 : normalised.length >= 4 ? 4 : 2;
  const checked = normalised.slice(0, length);
  const label = nomenclature.label(checked);
  return label === undefined
    ? { status: "unknown", code: normalised, checked }
    : { status: "valid", code: normalised, checked, label };
}

/** Options of {@link readNomenclatureCsv} and {@link importNomenclature}. */
export interface NomenclatureReadOptions {
  /** The edition; guessed from the codes present when absent. */
  readonly edition?: HsEdition | undefined;
  /** Name of the source for messages and provenance. */
  readonly source?: string | undefined;
}

/**
 * Reads and validates a nomenclature CSV from a stream. Throws a {@link GoodsError}
 * (`hs_nomenclature_invalid` with the line of the first problem, or `hs_nomenclature_edition`) and
 * never returns a partial nomenclature: a half-read code list would turn valid codes into "unknown".
 */
export async function readNomenclatureCsv(
  input: NodeJS.ReadableStream,
  options: NomenclatureReadOptions = {},
): Promise<Nomenclature> {
  const source = options.source ?? "input";
  const labels = new Map<string, string>();
  const parents: { code: string; parent: string; line: number }[] = [];
  const problems: { line: number; message: string }[] = [];
  const parser = parse({ columns: true, bom: true, skip_empty_lines: true, trim: true, info: true });

  try {
    for await (const item of input.pipe(parser) as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      const line = item.info.lines;
      const row = item.record;
      if (labels.size === 0 && parents.length === 0) {
        const missing = REQUIRED_COLUMNS.filter((column) => !(column in row));
        if (missing.length > 0) {
          throw new GoodsError(
            "hs_nomenclature_invalid",
            `${source}: missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (expected ${REQUIRED_COLUMNS.join(", ")})`,
            1,
          );
        }
      }
      const problem = readRow(row, line, labels, parents);
      if (problem) problems.push({ line, message: problem });
    }
  } catch (error) {
    if (error instanceof GoodsError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new GoodsError("hs_nomenclature_invalid", `${source}: not a readable CSV: ${message}`);
  }

  for (const { code, parent, line } of parents) {
    if (parent === "TOTAL" ? code.length !== 2 : !(labels.has(parent) && code.startsWith(parent))) {
      problems.push({
        line,
        message: `code ${code} has parent "${parent}", which is not its chapter or heading`,
      });
    }
  }
  problems.sort((a, b) => a.line - b.line);
  const [first] = problems;
  if (first) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : "";
    const listed = problems
      .slice(1, MAX_REPORTED)
      .map((p) => `; line ${p.line}: ${p.message}`)
      .join("");
    throw new GoodsError(
      "hs_nomenclature_invalid",
      `${source}: line ${first.line}: ${first.message}${listed}${more}`,
      first.line,
    );
  }
  if (labels.size === 0) throw new GoodsError("hs_nomenclature_invalid", `${source}: no codes in the file`);

  const edition = decideEdition(labels, options.edition, source);
  return makeNomenclature(edition, source, new Date().toISOString(), labels);
}

/** Validates one row; returns a problem or records the code. */
function readRow(
  row: Record<string, string>,
  line: number,
  labels: Map<string, string>,
  parents: { code: string; parent: string; line: number }[],
): string | undefined {
  const code = row["hscode"] ?? "";
  // Comtrade's pseudo-rows: the TOTAL row and chapter 99 ("not specified according to kind") are not
  // WCO codes, so a declaration of 99xxxx must come out "unknown", not "valid".
  if (code === "TOTAL" || row["section"] === "TOTAL") return undefined;
  if (!/^(\d{2}|\d{4}|\d{6})$/.test(code)) return `bad hscode "${code}" (expected 2, 4 or 6 digits)`;
  if (row["level"] !== String(code.length))
    return `code ${code} has level "${row["level"] ?? ""}", expected ${code.length}`;
  if (labels.has(code)) return `duplicate code ${code}`;
  const description = row["description"] ?? "";
  if (description === "") return `code ${code} has no description`;
  labels.set(code, description);
  parents.push({ code, parent: row["parent"] ?? "", line });
  return undefined;
}

function decideEdition(
  labels: ReadonlyMap<string, string>,
  given: HsEdition | undefined,
  source: string,
): HsEdition {
  const looksLike = HS_EDITIONS.filter((edition) => ONLY_IN[edition].some((heading) => labels.has(heading)));
  if (given) {
    const other = looksLike.find((edition) => edition !== given);
    if (other && looksLike.length === 1) {
      throw new GoodsError(
        "hs_nomenclature_edition",
        `${source}: --edition ${given} given, but the file has headings found only in ${other} (${ONLY_IN[
          other
        ]
          .filter((h) => labels.has(h))
          .join(", ")})`,
      );
    }
    return given;
  }
  const [only] = looksLike;
  if (only && looksLike.length === 1) return only;
  throw new GoodsError(
    "hs_nomenclature_edition",
    `${source}: cannot tell the HS edition from the codes (${
      looksLike.length === 0 ? "no heading specific to HS 2017 or HS 2022" : "headings of both editions"
    }); pass the edition (HS2017 or HS2022)`,
  );
}

// The label map behind each nomenclature, for storing it; a WeakMap keeps the public interface minimal.
const labelsOf = new WeakMap<Nomenclature, ReadonlyMap<string, string>>();

function makeNomenclature(
  edition: HsEdition,
  source: string,
  importedAt: string,
  labels: ReadonlyMap<string, string>,
): Nomenclature {
  const nomenclature: Nomenclature = {
    edition,
    source,
    importedAt,
    size: labels.size,
    has: (code) => labels.has(code),
    label: (code) => labels.get(code),
  };
  labelsOf.set(nomenclature, labels);
  return nomenclature;
}

/** Options of {@link importNomenclature}. */
export interface ImportOptions extends NomenclatureReadOptions {
  /** Where to store it: the engine's data directory (`dataDir()` from `src/config`). */
  readonly dataDir: string;
}

/** What {@link importNomenclature} stored. */
export interface ImportResult {
  readonly nomenclature: Nomenclature;
  /** Path of the stored JSON file. */
  readonly path: string;
}

/**
 * Imports a nomenclature CSV from a path or an `http(s)` URL, validates it and stores it under
 * `<dataDir>/hs/<edition>.json`, replacing the previous one of that edition atomically (temporary
 * file + rename), so that a concurrent reader sees the old or the new file, never half of one.
 */
export async function importNomenclature(spec: string, options: ImportOptions): Promise<ImportResult> {
  const input = await openSource(spec);
  const nomenclature = await readNomenclatureCsv(input, { edition: options.edition, source: spec });
  const directory = join(options.dataDir, "hs");
  const path = nomenclaturePath(options.dataDir, nomenclature.edition);
  const stored: StoredNomenclature = {
    format: FORMAT,
    edition: nomenclature.edition,
    source: nomenclature.source,
    importedAt: nomenclature.importedAt,
    codes: [...codesOf(nomenclature)],
  };
  await mkdir(directory, { recursive: true });
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temporary, JSON.stringify(stored) + "\n");
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { nomenclature, path };
}

/** Where the nomenclature of an edition is stored under a data directory. */
export function nomenclaturePath(dataDir: string, edition: HsEdition): string {
  return join(dataDir, "hs", `${edition}.json`);
}

/**
 * Loads what was imported under a data directory: none, one or both editions. A stored file that
 * cannot be read as a nomenclature is an error (`hs_nomenclature_unreadable`), not silently skipped:
 * skipping would downgrade every check to form-only without anyone noticing.
 */
export async function loadNomenclatures(dataDir: string): Promise<Nomenclatures> {
  const found: Partial<Record<HsEdition, Nomenclature>> = {};
  for (const edition of HS_EDITIONS) {
    const path = nomenclaturePath(dataDir, edition);
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw new GoodsError("hs_nomenclature_unreadable", `cannot read ${path}: ${(error as Error).message}`);
    }
    const stored = parseStored(text, path);
    if (stored.edition !== edition) {
      throw new GoodsError(
        "hs_nomenclature_unreadable",
        `${path} holds ${stored.edition}, expected ${edition}`,
      );
    }
    found[edition] = makeNomenclature(edition, stored.source, stored.importedAt, new Map(stored.codes));
  }
  return found;
}

function parseStored(text: string, path: string): StoredNomenclature {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new GoodsError("hs_nomenclature_unreadable", `${path} is not JSON; import the nomenclature again`);
  }
  const stored = value as Partial<StoredNomenclature> | null;
  if (
    stored === null ||
    typeof stored !== "object" ||
    stored.format !== FORMAT ||
    !HS_EDITIONS.includes(stored.edition as HsEdition) ||
    !Array.isArray(stored.codes)
  ) {
    throw new GoodsError(
      "hs_nomenclature_unreadable",
      `${path} is not a ${FORMAT} file; import the nomenclature again`,
    );
  }
  return stored as StoredNomenclature;
}

function codesOf(nomenclature: Nomenclature): Iterable<readonly [string, string]> {
  return labelsOf.get(nomenclature) ?? [];
}

async function openSource(spec: string): Promise<NodeJS.ReadableStream> {
  if (/^https?:\/\//i.test(spec)) {
    let response: Response;
    try {
      response = await fetch(spec);
    } catch (error) {
      throw new GoodsError("hs_nomenclature_unreadable", `cannot fetch ${spec}: ${(error as Error).message}`);
    }
    if (!response.ok || !response.body) {
      throw new GoodsError("hs_nomenclature_unreadable", `cannot fetch ${spec}: HTTP ${response.status}`);
    }
    return Readable.fromWeb(response.body as import("node:stream/web").ReadableStream<Uint8Array>);
  }
  const stream = createReadStream(spec);
  // Surface "no such file" as a usage problem before parsing starts.
  await new Promise<void>((resolve, reject) => {
    stream.once("open", () => {
      resolve();
    });
    stream.once("error", (error) => {
      reject(new GoodsError("hs_nomenclature_unreadable", `cannot read ${spec}: ${error.message}`));
    });
  });
  return stream;
}
