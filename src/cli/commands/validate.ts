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
import { verificationOf } from "../../model/verification.js";
import { checkAnchors, checkForce, type AnchorCheck } from "../../regime/anchors.js";
import { loadRegime } from "../../regime/index.js";
import { readResolutionFolder } from "../../texts/index.js";
import { printJson, printLines, UsageError } from "../output.js";

export function register(program: Command): void {
  program
    .command("validate")
    .description("Validate a regime package (schemas, references, dates, HS scopes, exceptions)")
    .argument("[dir]", "the regime package directory; the embedded DPRK regime when omitted")
    .option(
      "--texts <dir>",
      "also check every citation's anchor against the official texts (Akoma Ntoso XML) in this folder",
    )
    .option("--json", "print JSON")
    .action(async (dir: string | undefined, options: { json?: boolean; texts?: string }) => {
      const root = dir ?? defaultRegimeDir;
      const { regime, issues: regimeIssues } = await loadRegime(root);
      const councilProblems = councilIssues(join(root, "council.yaml"));
      const anchors = options.texts === undefined ? undefined : await anchorProblems(root, options.texts);
      const issues = [...regimeIssues, ...councilProblems, ...(anchors?.failures ?? [])];
      if (options.json)
        printJson({
          valid: issues.length === 0,
          regimeVersion: regime?.version ?? null,
          issues,
          ...(anchors ? { citations: anchors.summary } : {}),
        });
      if (regime && issues.length === 0) {
        if (!options.json) {
          const unverified = [...regime.measures.values()]
            .flatMap((measure) => measure.versions)
            .filter((version) => !version.verified).length;
          printLines([
            `valid: ${regime.resolutions.length} resolutions, ${regime.measures.size} measures, ${regime.events.length} events`,
            `regime version ${regime.version}`,
            `${unverified} measure versions carry an unconfirmed citation or element (flagged in every answer)`,
            ...(anchors
              ? [
                  `${anchors.summary.verified} of ${anchors.summary.checked} citations verified against the official texts; ` +
                    `${anchors.summary.withoutText} cite a text that was not imported (${anchors.summary.symbolsWithoutText.join(", ") || "none"})`,
                ]
              : []),
          ]);
        }
        return;
      }
      if (!options.json)
        printLines(issues.map((issue) => ("text" in issue ? issue.text : formatIssue(issue))));
      throw new UsageError(`${issues.length} problem(s) in ${dir ?? defaultRegimeDir}`);
    });
}

/** Why a citation is not verified, in the words every answer uses (`model/verification.ts`). */
function citationWords(check: AnchorCheck): string {
  // `S/RES/2397 (2017) OP28`: the paragraph is the last word, the symbol the rest.
  const cut = check.citation.lastIndexOf(" ");
  const symbol = check.citation.slice(0, cut);
  const paragraph = check.citation.slice(cut + 1);
  return verificationOf(check.status, { symbol, paragraph, foundIn: check.foundIn }).text;
}

/**
 * The citations that fail against the official texts: every one whose text is at hand and that is not
 * verified. A citation of a text not imported (a draft never tabled, S/RES/2569 in English) is counted,
 * not failed: it stays unverified and says why in every answer.
 */
async function anchorProblems(root: string, textsDir: string) {
  const library = await readResolutionFolder(textsDir);
  const checks = await checkAnchors(root, library.texts);
  const force = await checkForce(root, library.texts);
  const failing = checks.filter(
    (check) => check.status !== "verified" && check.status !== "no_official_text",
  );
  const failures = [
    ...force,
    ...library.failures.map((failure) => ({
      code: failure.error.code,
      file: failure.file,
      text: `${textsDir}/${failure.file}: ${failure.error.message}`,
    })),
    ...failing.map((check) => ({
      code: `citation_${check.status}`,
      file: check.file,
      text:
        `${check.file} ${check.path}: ${check.citation}: ${citationWords(check)}` +
        (check.anchor === undefined ? "" : ` ("${check.anchor}")`),
    })),
  ];
  const withoutText = checks.filter((check) => check.status === "no_official_text");
  return {
    failures,
    summary: {
      checked: checks.length,
      verified: checks.filter((check) => check.status === "verified").length,
      withoutText: withoutText.length,
      symbolsWithoutText: [...new Set(withoutText.map((check) => check.citation.replace(/ [^ ]+$/, "")))],
    },
  };
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
