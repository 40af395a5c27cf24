/**
 * @module regime/files
 * A regime package's data files, read once: each YAML file that makes the law (every one but the
 * lawyer cases and the drafts), its parsed content, the content hash over them (the regime version),
 * and their compilation into a regime. `loadRegime` (from a directory) and the store's regime versions
 * (from files kept in the database, for replays) both go through here.
 *
 * Why one place: the directory was walked, read and hashed by two copies of the same code (the loader
 * and the store), and the files were validated and compiled by two more; a file added to the package
 * would have had to be taught to both, and a hash that differs between them makes every replay of a
 * recorded check fail as "corrupt".
 *
 * The compiled regime is kept per regime version and texts version: the same law verified against the
 * same texts compiles to the same regime, and a replay or a server reloading a version does not compile
 * it again. The texts are injected (`officialTexts`), read by whoever has them (a folder, the store).
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { parse } from "yaml";
import type { z } from "zod";
import type { RegimeIssue } from "../model/issues.js";
import type { CompiledRegime } from "../model/regime.js";
import {
  eventsFile,
  goodsFile,
  obligationsFile,
  regimeFile,
  resolutionFile,
} from "../model/regime-schema.js";
import { compileRegime, type OfficialTexts, type RegimeSources } from "./compile.js";
import { compileObligations, obligationsFileName } from "./obligations.js";
import { parseRegimeYaml } from "./read.js";

/** Data files of a regime: path relative to the package (`resolutions/2397.yaml`) → parsed YAML. */
export type RegimeFiles = Readonly<Record<string, unknown>>;

/** Folders of a regime package that do not change what the law is (cases, drafts). */
const outsideTheLaw = new Set(["tests", "drafts"]);

/** The YAML files of a package that make the law, relative to it, sorted, with `/` as separator. */
async function lawFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) {
        if (!outsideTheLaw.has(entry.name)) await walk(path);
      } else if (entry.name.endsWith(".yaml")) {
        found.push(relative(dir, path).split(sep).join("/"));
      }
    }
  };
  await walk(dir);
  return found.sort();
}

/** The texts of a package's law files; a folder that cannot be read is an issue, not an exception. */
export async function readRegimeTexts(
  dir: string,
): Promise<{ texts: ReadonlyMap<string, string>; issues: RegimeIssue[] }> {
  const texts = new Map<string, string>();
  const issues: RegimeIssue[] = [];
  let files: string[] = [];
  try {
    files = await lawFiles(dir);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    issues.push({ code: "file_unreadable", file: "./", path: [], message: reason });
  }
  for (const file of files) {
    try {
      texts.set(file, await readFile(join(dir, file), "utf8"));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      issues.push({ code: "file_unreadable", file, path: [], message: reason });
    }
  }
  return { texts, issues };
}

/** Reads the data files of a regime package as the content hash sees them (for storing a version). */
export async function readRegimeFiles(dir: string): Promise<RegimeFiles> {
  const files: Record<string, unknown> = {};
  for (const file of await lawFiles(dir)) files[file] = parse(await readFile(join(dir, file), "utf8"));
  return files;
}

/**
 * The regime version: a sha256 over the parsed content of every law file, in a canonical form, so that
 * comments and formatting do not change it but any change of substance does.
 */
export function versionOfFiles(files: RegimeFiles): string {
  const hash = createHash("sha256");
  for (const file of Object.keys(files).sort()) hash.update(`${file}\n${canonicalJson(files[file])}\n`);
  return `sha256:${hash.digest("hex")}`;
}

/** The version of the package in `dir` (see {@link versionOfFiles}). */
export async function contentHash(dir: string): Promise<string> {
  return versionOfFiles(await readRegimeFiles(dir));
}

/** JSON with object keys sorted, so that equal content hashes equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  // JSON.stringify(undefined) is undefined, not a string: canonical JSON writes it as null.
  return value === undefined ? "null" : JSON.stringify(value);
}

/** Whether the compiler reads a law file (the others, such as caps and council, are read on their own). */
export function isCompiledFile(path: string): boolean {
  return (
    ["regime.yaml", "goods.yaml", "events.yaml", obligationsFileName].includes(path) ||
    path.startsWith("resolutions/")
  );
}

/** Validates one file against its schema: its data, or the issues that say why not. */
export type FileValidator = <T>(file: string, schema: z.ZodType<T>) => { data?: T; issues: RegimeIssue[] };

export interface CompileFilesResult {
  readonly regime?: CompiledRegime;
  readonly issues: readonly RegimeIssue[];
}

// Content hashes of text sets, per array: a server or a replay passes the same array again and again.
const textsVersions = new WeakMap<OfficialTexts, string>();

/**
 * The version of a set of official texts: a sha256 over each text's symbol and numbered paragraphs (what
 * a citation is verified against), in symbol order; undefined for no texts.
 */
export function textsVersionOf(texts: OfficialTexts | undefined): string | undefined {
  if (!texts || texts.length === 0) return undefined;
  let version = textsVersions.get(texts);
  if (version === undefined) {
    const hash = createHash("sha256");
    for (const text of [...texts].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0))) {
      hash.update(`${text.symbol}\n`);
      for (const paragraph of text.paragraphs) {
        hash.update(`${paragraph.number}\u0000${paragraph.verb?.text ?? ""}\u0000${paragraph.text}\n`);
        for (const sub of paragraph.subparagraphs) hash.update(`(${sub.label})${sub.text}\n`);
      }
    }
    version = `sha256:${hash.digest("hex")}`;
    textsVersions.set(texts, version);
  }
  return version;
}

// Compiled regimes by regime version and texts version; a few suffice (a server holds one, a replay a
// handful), and a regime with drafts applied has a version of its own.
const compiledCache = new Map<string, CompiledRegime>();
const COMPILED_CACHE_SIZE = 16;

/**
 * Validates the law files a regime is compiled from (`regime.yaml`, `goods.yaml`, `events.yaml`,
 * `resolutions/*.yaml`, and `obligations.yaml` when present) and compiles them, collecting every issue. `paths` lists the files present.
 */
export function compileRegimeFiles(
  paths: readonly string[],
  validate: FileValidator,
  version: string,
  drafts: RegimeSources["drafts"] = [],
  officialTexts?: OfficialTexts,
): CompileFilesResult {
  const textsVersion = textsVersionOf(officialTexts);
  // Only a real content hash identifies the files: "" (a package with problems) is never cached.
  const key = version.startsWith("sha256:") ? `${version}\u0000${textsVersion ?? "no texts"}` : undefined;
  const cached = key === undefined ? undefined : compiledCache.get(key);
  if (cached) return { regime: cached, issues: [] };
  const issues: RegimeIssue[] = [];
  const one = <T>(file: string, schema: z.ZodType<T>): T | undefined => {
    const result = validate(file, schema);
    issues.push(...result.issues);
    return result.data;
  };
  const regime = one("regime.yaml", regimeFile);
  const goods = one("goods.yaml", goodsFile);
  const events = one("events.yaml", eventsFile);
  const resolutions = paths
    .filter((file) => file.startsWith("resolutions/"))
    .sort()
    .flatMap((file) => {
      const data = one(file, resolutionFile);
      return data ? [{ file, data }] : [];
    });
  // The DPRK's own obligations, when the package has them (`obligations.yaml`): compiled on their own.
  const obligations = paths.includes(obligationsFileName)
    ? one(obligationsFileName, obligationsFile)
    : undefined;
  if (!regime || !goods || !events || issues.length > 0) return { issues };
  const compiled = withObligations(
    obligations,
    officialTexts ?? [],
    compileRegime({
      regime,
      goods,
      events: events.events,
      eventsFile: "events.yaml",
      resolutions,
      version,
      drafts,
      ...(officialTexts === undefined || textsVersion === undefined ? {} : { officialTexts, textsVersion }),
    }),
  );
  if (key !== undefined && compiled.regime) {
    if (compiledCache.size >= COMPILED_CACHE_SIZE)
      compiledCache.delete(compiledCache.keys().next().value ?? "");
    compiledCache.set(key, compiled.regime);
  }
  return compiled;
}

/** The one hook of `obligations.yaml` into compilation: its clauses, checked against the compiled resolutions. */
function withObligations(
  data: z.infer<typeof obligationsFile> | undefined,
  texts: OfficialTexts,
  result: CompileFilesResult,
): CompileFilesResult {
  if (data === undefined || !result.regime) return result;
  const { obligations, issues } = compileObligations(result.regime, data, obligationsFileName, texts);
  if (issues.length > 0) return { issues: [...result.issues, ...issues] };
  return { ...result, regime: { ...result.regime, obligations } };
}

/** A validator over texts read from a package: YAML and schema errors located by file, path and line. */
export function textValidator(texts: ReadonlyMap<string, string>): FileValidator {
  return (file, schema) => {
    const text = texts.get(file);
    if (text === undefined)
      return {
        issues: [{ code: "file_unreadable", file, path: [], message: "no such file in the package" }],
      };
    const result = parseRegimeYaml(text, file, schema);
    return { ...(result.data === undefined ? {} : { data: result.data }), issues: result.issues };
  };
}
