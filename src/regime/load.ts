/**
 * @module regime/load
 * Reads a regime package from a directory (`regime.yaml`, `goods.yaml`, `events.yaml`,
 * `resolutions/*.yaml`), validates every file, computes the content hash and compiles. The adapter
 * between files and the pure compiler.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { RegimeIssue } from "../model/issues.js";
import type { CompiledRegime } from "../model/regime.js";
import type { OfficialTexts, RegimeSources } from "./compile.js";
import {
  canonicalJson,
  compileRegimeFiles,
  isCompiledFile,
  readRegimeTexts,
  textValidator,
  versionOfFiles,
} from "./files.js";
import { parseRegimeYaml } from "./read.js";

export interface LoadResult {
  readonly regime?: CompiledRegime;
  readonly issues: readonly RegimeIssue[];
}

export interface LoadOptions {
  /** Drafts to apply as if adopted on `at`; the result is the regime as it would be. */
  readonly drafts?: RegimeSources["drafts"];
  /**
   * The official texts to verify every citation against (a folder read by `texts/`, or the store's);
   * without them every citation is `no_official_text`, and says so.
   */
  readonly officialTexts?: OfficialTexts | undefined;
}

/** Loads and compiles the regime package in `dir`, collecting every issue; each file is read once. */
export async function loadRegime(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const { texts, issues } = await readRegimeTexts(dir);
  if (![...texts.keys()].some((file) => file.startsWith("resolutions/")))
    issues.push({ code: "file_unreadable", file: "resolutions/", path: [], message: "no resolution files" });
  const validate = textValidator(texts);
  // The content hash covers every law file: those the compiler reads, validated there, and the others
  // (caps, council), which must at least be YAML.
  const parsed: Record<string, unknown> = {};
  for (const [file, text] of texts) {
    const read = parseRegimeYaml(text, file, z.unknown());
    if (!isCompiledFile(file)) issues.push(...read.issues);
    parsed[file] = read.raw;
  }
  if (issues.length > 0) {
    // Still validate what is there, so that every issue is reported at once.
    return { issues: [...issues, ...compileRegimeFiles([...texts.keys()], validate, "").issues] };
  }
  const drafts = options.drafts ?? [];
  // A regime with drafts applied is another regime: its version says which drafts, at which dates.
  const draftSuffix = drafts
    .map(
      (draft) =>
        `+${draft.data.id}@${draft.at}:${createHash("sha256").update(canonicalJson(draft.data)).digest("hex").slice(0, 12)}`,
    )
    .join("");
  return compileRegimeFiles(
    [...texts.keys()],
    validate,
    versionOfFiles(parsed) + draftSuffix,
    drafts,
    options.officialTexts,
  );
}
