/**
 * @module drafts/read
 * Reading draft files: by path, or by id among a regime package's `drafts/` folder.
 */
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import type { RegimeIssue } from "../model/issues.js";
import { draftFile, type DraftFile } from "../model/regime-schema.js";
import { readRegimeYaml } from "../regime/index.js";

export interface DraftRead {
  readonly draft?: DraftFile;
  /** The file as named in issues and citations. */
  readonly file: string;
  readonly issues: readonly RegimeIssue[];
}

/** Reads and validates a draft file. */
export async function readDraft(path: string): Promise<DraftRead> {
  const file = `drafts/${basename(path)}`;
  const result = await readRegimeYaml(path, file, draftFile);
  return { ...(result.data ? { draft: result.data } : {}), file, issues: result.issues };
}

/** A path as given, or the draft of that id in the regime package's `drafts/` folder. */
export function findDraft(regimeDir: string, pathOrId: string): string | undefined {
  if (existsSync(pathOrId)) return pathOrId;
  const candidate = join(regimeDir, "drafts", `${pathOrId}.yaml`);
  return existsSync(candidate) ? candidate : undefined;
}

/** The drafts encoded in a regime package. */
export async function listDrafts(regimeDir: string): Promise<DraftRead[]> {
  const dir = join(regimeDir, "drafts");
  if (!existsSync(dir)) return [];
  const names = (await readdir(dir)).filter((name) => name.endsWith(".yaml")).sort();
  return Promise.all(names.map((name) => readDraft(join(dir, name))));
}
