/**
 * @module service/context
 * What a check needs from the data directory besides the regime: the active list snapshots (as a
 * screener) and the imported nomenclatures. Shared by the CLI (loaded once per command) and the HTTP
 * API (loaded once, then reloaded when the data directory changes). What is missing stays missing;
 * the verdicts say what was not checked.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { EvaluationContext } from "../evaluate/index.js";
import { HS_EDITIONS, loadNomenclatures, nomenclaturePath } from "../goods/index.js";
import { loadActiveSnapshots } from "../lists/index.js";
import type { ListSnapshot } from "../model/designation.js";
import { screenerWithDecisions, type DecisionIndex } from "../decisions/index.js";
import { createScreener, type Screener } from "../screening/index.js";

/** An evaluation context whose screener is the full one (with explanations), for screening too. */
export interface LoadedContext extends EvaluationContext {
  readonly screener?: Screener | undefined;
  /** The list snapshots the screener was built from (the yente-compatible routes serve their entities). */
  readonly snapshots?: readonly ListSnapshot[] | undefined;
}

/**
 * Loads the evaluation context from the data directory: its active lists, or the `snapshots` given
 * (the database's active lists, which the commands and the service read), and its nomenclatures.
 */
export async function loadEvaluationContext(
  dataDir: string,
  snapshots?: readonly ListSnapshot[],
  decisions?: DecisionIndex,
): Promise<LoadedContext> {
  const [lists, nomenclatures] = await Promise.all([
    snapshots ?? loadActiveSnapshots(dataDir),
    loadNomenclatures(dataDir),
  ]);
  return {
    screener: lists.length > 0 ? screenerWithDecisions(createScreener(lists), decisions, lists) : undefined,
    snapshots: lists,
    nomenclatures,
  };
}

/**
 * A cheap fingerprint of what {@link loadEvaluationContext} reads: the active-snapshot pointers
 * (`<dataDir>/lists/active/*.json`, the layout documented in `src/lists/store.ts`) and the size and
 * modification time of each stored nomenclature. Equal fingerprints mean the context need not be
 * reloaded, so that a long-running server sees an import made by another process without reading
 * whole lists on every request.
 */
export async function contextFingerprint(dataDir: string): Promise<string> {
  const parts: string[] = [];
  const pointers = join(dataDir, "lists", "active");
  const names = (await readdir(pointers).catch(() => [] as string[])).filter(
    (name) => name.endsWith(".json") && !name.startsWith("."),
  );
  for (const name of names.sort()) {
    const text = await readFile(join(pointers, name), "utf8").catch(() => "");
    parts.push(`${name}=${text.trim()}`);
  }
  for (const edition of HS_EDITIONS) {
    const info = await stat(nomenclaturePath(dataDir, edition)).catch(() => undefined);
    parts.push(`${edition}=${info ? `${info.size}:${info.mtimeMs}` : "-"}`);
  }
  return parts.join("\n");
}
