/**
 * @module cli/regime-source
 * Loads the regime a command works on: the embedded DPRK package, or the directory given with
 * `--regime`. A regime that fails validation stops the command with its first problems, one per line.
 */
import { defaultRegimeDir } from "../config/index.js";
import { formatIssue } from "../model/issues.js";
import type { CompiledRegime } from "../model/regime.js";
import { loadRegime, type OfficialTexts } from "../regime/index.js";
import { UsageError } from "./output.js";

/** `officialTexts`: what `resolveOfficialTexts` found, to verify every citation against. */
export async function loadRegimeOrFail(
  dir: string | undefined,
  officialTexts?: OfficialTexts,
): Promise<CompiledRegime> {
  const { regime, issues } = await loadRegime(dir ?? defaultRegimeDir, { officialTexts });
  if (regime) return regime;
  const shown = issues.slice(0, 5).map(formatIssue).join("; ");
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more; run "sanctions validate")` : "";
  throw new UsageError(`the regime data is invalid: ${shown}${more}`);
}
