/**
 * @module cli/commands/validate
 * `sanctions validate [DIR]`: checks a regime package and prints every problem with its file, path,
 * line and code. Exit code 1 when there is any.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { CouncilDataError, councilDataIssueText, parseCouncilData } from "../../council/index.js";
import { defaultRegimeDir } from "../../config/index.js";
import { formatIssue } from "../../model/issues.js";
import { loadRegime } from "../../regime/index.js";
import { printJson, printLines, UsageError } from "../output.js";

export function register(program: Command): void {
  program
    .command("validate")
    .description("Validate a regime package (schemas, references, dates, HS scopes, exceptions)")
    .argument("[dir]", "the regime package directory; the embedded DPRK regime when omitted")
    .option("--json", "print JSON")
    .action(async (dir: string | undefined, options: { json?: boolean }) => {
      const root = dir ?? defaultRegimeDir;
      const { regime, issues: regimeIssues } = await loadRegime(root);
      const councilProblems = councilIssues(join(root, "council.yaml"));
      const issues = [...regimeIssues, ...councilProblems];
      if (options.json)
        printJson({ valid: issues.length === 0, regimeVersion: regime?.version ?? null, issues });
      if (regime && issues.length === 0) {
        if (!options.json) {
          const unverified = [...regime.measures.values()]
            .flatMap((measure) => measure.versions)
            .filter((version) => !version.verified).length;
          printLines([
            `valid: ${regime.resolutions.length} resolutions, ${regime.measures.size} measures, ${regime.events.length} events`,
            `regime version ${regime.version}`,
            `${unverified} measure versions carry an unconfirmed citation or element (flagged in every answer)`,
          ]);
        }
        return;
      }
      if (!options.json)
        printLines(issues.map((issue) => ("text" in issue ? issue.text : formatIssue(issue))));
      throw new UsageError(`${issues.length} problem(s) in ${dir ?? defaultRegimeDir}`);
    });
}

/** Problems of the Council data, which its own module validates (the file is optional in a package). */
function councilIssues(file: string): { code: string; file: string; text: string }[] {
  if (!existsSync(file)) return [];
  try {
    parseCouncilData(readFileSync(file, "utf8"), "council.yaml");
    return [];
  } catch (error) {
    if (!(error instanceof CouncilDataError)) throw error;
    return error.issues.map((issue) => ({
      code: issue.code,
      file: "council.yaml",
      text: councilDataIssueText("council.yaml", issue),
    }));
  }
}
