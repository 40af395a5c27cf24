/**
 * @module cli/context
 * Builds the evaluation context from the data directory: the active list snapshots (a screener) and
 * the imported nomenclatures. What is missing stays missing; the verdicts say what was not checked.
 */
import type { EvaluationContext } from "../evaluate/index.js";
import { loadNomenclatures } from "../goods/index.js";
import { loadActiveSnapshots } from "../lists/index.js";
import { createScreener } from "../screening/index.js";

export async function loadEvaluationContext(dataDir: string): Promise<EvaluationContext> {
  const [snapshots, nomenclatures] = await Promise.all([
    loadActiveSnapshots(dataDir),
    loadNomenclatures(dataDir),
  ]);
  return {
    screener: snapshots.length > 0 ? createScreener(snapshots) : undefined,
    nomenclatures,
  };
}
