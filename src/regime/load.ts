/**
 * @module regime/load
 * Reads a regime package from a directory (`regime.yaml`, `goods.yaml`, `events.yaml`,
 * `resolutions/*.yaml`), validates every file, computes the content hash and compiles. The adapter
 * between files and the pure compiler.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { parse } from "yaml";
import type { RegimeIssue } from "../model/issues.js";
import type { CompiledRegime } from "../model/regime.js";
import {
  eventsFile,
  goodsFile,
  regimeFile,
  resolutionFile,
  type ResolutionFile,
} from "../model/regime-schema.js";
import { compileRegime, type RegimeSources } from "./compile.js";
import { readRegimeYaml } from "./read.js";

export interface LoadResult {
  readonly regime?: CompiledRegime;
  readonly issues: readonly RegimeIssue[];
}

/** Folders of a regime package that do not change what the law is (cases, drafts). */
const outsideTheLaw = new Set(["tests", "drafts"]);

export interface LoadOptions {
  /** Drafts to apply as if adopted on `at`; the result is the regime as it would be. */
  readonly drafts?: RegimeSources["drafts"];
}

/** Loads and compiles the regime package in `dir`, collecting every issue. */
export async function loadRegime(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const issues: RegimeIssue[] = [];
  const regime = await readRegimeYaml(join(dir, "regime.yaml"), "regime.yaml", regimeFile);
  const goods = await readRegimeYaml(join(dir, "goods.yaml"), "goods.yaml", goodsFile);
  const events = await readRegimeYaml(join(dir, "events.yaml"), "events.yaml", eventsFile);
  issues.push(...regime.issues, ...goods.issues, ...events.issues);

  let resolutionFiles: string[] = [];
  try {
    resolutionFiles = (await readdir(join(dir, "resolutions")))
      .filter((name) => name.endsWith(".yaml"))
      .sort();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    issues.push({ code: "file_unreadable", file: "resolutions/", path: [], message: reason });
  }
  const resolutions: { file: string; data: ResolutionFile }[] = [];
  for (const name of resolutionFiles) {
    const file = `resolutions/${name}`;
    const result = await readRegimeYaml(join(dir, file), file, resolutionFile);
    issues.push(...result.issues);
    if (result.data) resolutions.push({ file, data: result.data });
  }

  if (!regime.data || !goods.data || !events.data || issues.length > 0) return { issues };
  const version = await contentHash(dir);
  const drafts = options.drafts ?? [];
  // A regime with drafts applied is another regime: its version says which drafts, at which dates.
  const draftSuffix = drafts
    .map(
      (draft) =>
        `+${draft.data.id}@${draft.at}:${createHash("sha256").update(canonicalJson(draft.data)).digest("hex").slice(0, 12)}`,
    )
    .join("");
  return compileRegime({
    regime: regime.data,
    goods: goods.data,
    events: events.data.events,
    eventsFile: "events.yaml",
    resolutions,
    version: version + draftSuffix,
    drafts,
  });
}

/**
 * The regime version: a sha256 over the parsed content of every data file (not cases or drafts), in a
 * canonical form, so that comments and formatting do not change it but any change of substance does.
 */
export async function contentHash(dir: string): Promise<string> {
  const files = await yamlFiles(dir, dir);
  const hash = createHash("sha256");
  for (const file of files.sort()) {
    const parsed: unknown = parse(await readFile(join(dir, file), "utf8"));
    hash.update(`${file}\n${canonicalJson(parsed)}\n`);
  }
  return `sha256:${hash.digest("hex")}`;
}

async function yamlFiles(root: string, dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!outsideTheLaw.has(entry.name)) found.push(...(await yamlFiles(root, path)));
    } else if (entry.name.endsWith(".yaml")) {
      found.push(relative(root, path));
    }
  }
  return found;
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
