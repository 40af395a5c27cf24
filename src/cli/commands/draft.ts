/**
 * @module cli/commands/draft
 * `sanctions draft diff FILE [--at DATE] [--activities FILE] [--json]`: what a draft resolution would
 * change if adopted (the legal diff) and which verdicts would change. `sanctions draft list`: the drafts
 * encoded in the regime package. FILE is a path or the id of an encoded draft (`cn-ru-2019`).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { readRecords } from "../../batch/index.js";
import { defaultRegimeDir } from "../../config/index.js";
import { CouncilDataError, loadCouncilData, type CouncilData } from "../../council/index.js";
import {
  diffDraft,
  diffVerdicts,
  findDraft,
  readDraft,
  readDraftCatalogue,
  type DraftDiff,
  type DraftSummaryView,
  type VerdictDiff,
} from "../../drafts/index.js";
import { formatIssue } from "../../model/issues.js";
import { parseActivity, type Activity } from "../../model/activity.js";
import { dateOption } from "../dates.js";
import { printJson, printLines, UsageError } from "../output.js";
import { readEvaluationContext } from "../store-source.js";

interface DiffOptions {
  at?: string;
  activities?: string;
  json?: boolean;
  regime?: string;
  details?: boolean;
}

export function register(program: Command): void {
  const draft = program.command("draft").description("Draft resolutions: what they would change, if adopted");

  draft
    .command("diff")
    .description(
      "Apply a draft at a date and show the measures it lifts, eases, tightens or adds, and the verdicts it changes",
    )
    .argument("<file>", "a draft file, or the id of an encoded draft (sanctions draft list)")
    .option(
      "--at <date>",
      "apply the draft as if adopted on this date (default: its circulation or vote date)",
    )
    .option("--activities <file>", "JSON Lines or CSV activities whose verdicts to compare")
    .option("--details", "list every changed verdict, not only the counts")
    .option("--json", "print JSON")
    .option("--regime <dir>", "a regime package directory instead of the embedded DPRK regime")
    .action(async (file: string, options: DiffOptions) => {
      const regimeDir = options.regime ?? defaultRegimeDir;
      const path = findDraft(regimeDir, file);
      if (!path)
        throw new UsageError(`no draft "${file}": not a file, nor an encoded draft (sanctions draft list)`);
      const read = await readDraft(path);
      if (!read.draft)
        throw new UsageError(`invalid draft: ${read.issues.slice(0, 3).map(formatIssue).join("; ")}`);
      const at = options.at === undefined ? undefined : dateOption(options.at, "--at");
      const result = await diffDraft(regimeDir, read.draft, { ...(at ? { at } : {}), file: read.file });
      if (!result.diff)
        throw new UsageError(
          `the draft cannot be applied: ${result.issues.slice(0, 3).map(formatIssue).join("; ")}`,
        );
      const verdicts = options.activities
        ? diffVerdicts(
            result.diff,
            await readActivities(options.activities),
            // The lists, ledger and exemptions the service and `sanctions check` use.
            await readEvaluationContext(result.diff.baseline, regimeDir),
          )
        : undefined;
      if (options.json) {
        const { baseline: _baseline, amended: _amended, ...diff } = result.diff;
        printJson({ ...diff, ...(verdicts ? { verdicts } : {}) });
        return;
      }
      printLines(diffLines(result.diff, verdicts, options.details === true));
    });

  draft
    .command("list")
    .description("List the drafts encoded in the regime package, with their outcomes and recorded votes")
    .option("--json", "print JSON (the shape of GET /v1/drafts)")
    .option("--regime <dir>", "a regime package directory instead of the embedded DPRK regime")
    .action(async (options: { json?: boolean; regime?: string }) => {
      const regimeDir = options.regime ?? defaultRegimeDir;
      const { list } = await readDraftCatalogue(regimeDir, loadCouncil(regimeDir));
      if (options.json) {
        printJson({ drafts: list });
        return;
      }
      printLines(list.flatMap(draftLines));
    });
}

/** The Council's data of the regime package, or the embedded one when the package has none. */
function loadCouncil(regimeDir: string): CouncilData {
  const file = join(regimeDir, "council.yaml");
  try {
    return loadCouncilData(existsSync(file) ? file : undefined);
  } catch (error) {
    if (error instanceof CouncilDataError) throw new UsageError(error.message);
    throw error;
  }
}

/** One draft in a line, and its recorded vote under it; `*` marks what the sources do not confirm. */
function draftLines(entry: DraftSummaryView): string[] {
  const mark = (verified: boolean): string => (verified ? "" : "*");
  const symbol = entry.symbol ? `${entry.symbol.text}${mark(entry.symbol.verified)}` : "(no symbol)";
  const lines = [`${entry.id.padEnd(18)} ${entry.outcome.padEnd(17)} ${entry.at}  ${symbol}  ${entry.title}`];
  if (entry.vote) {
    const { yes, no, abstain } = entry.vote.tally;
    const vetoes = entry.vote.vetoes.length > 0 ? `, vetoed by ${entry.vote.vetoes.join(" and ")}` : "";
    lines.push(
      `${"".padEnd(18)} vote ${entry.vote.date}${mark(entry.vote.verified)}: ${yes}-${no}-${abstain}${vetoes}`,
    );
  }
  return lines;
}

/** Reads the activities to compare; bad lines are reported on stderr and left out, as in `check`. */
async function readActivities(file: string): Promise<Activity[]> {
  const activities: Activity[] = [];
  let rejected = 0;
  try {
    for await (const item of readRecords(file, { requiredColumns: ["id", "type", "date"] })) {
      const parsed = "error" in item ? undefined : parseActivity(item.record);
      if (parsed?.ok) {
        activities.push(parsed.activity);
        continue;
      }
      rejected++;
      const message = "error" in item ? item.error.message : parsed ? parsed.error.message : "";
      process.stderr.write(`sanctions: ${file} line ${item.line}: ${message} (left out)\n`);
    }
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (rejected > 0) process.exitCode = 2;
  return activities;
}

function diffLines(diff: DraftDiff, verdicts: VerdictDiff | undefined, details: boolean): string[] {
  const name = diff.draft.symbol ? `${diff.draft.symbol}, ${diff.draft.title}` : diff.draft.title;
  const lines = [name, `applied as if adopted on ${diff.draft.at} (status: ${diff.draft.status})`, ""];
  for (const change of diff.changes) {
    const mark = change.verified ? "" : "*";
    lines.push(
      `${change.change.toUpperCase().padEnd(10)} ${change.measure.padEnd(20)} from ${change.effective}  ${change.title}`,
    );
    const before = change.before.inForce
      ? `in force (${change.before.citation ?? ""}${change.before.modality ? `, ${change.before.modality}` : ""})`
      : "not in force";
    const after = change.after.inForce ? `in force (${change.after.modality ?? ""})` : "not in force";
    lines.push(`           before: ${before}; after: ${after}; by ${change.citations.join(", ")}${mark}`);
    for (const detail of change.details) lines.push(`           - ${detail}`);
    if (change.snapback && change.snapback.length > 0)
      lines.push(`           - comes back in force on a ${change.snapback.join(" or ")}`);
  }
  for (const commitment of diff.commitments)
    lines.push(`COMMITS    ${commitment.undertaking} [${commitment.citation}]`);
  if (diff.changes.some((change) => !change.verified))
    lines.push(
      "",
      "* these operations rest on reports of the draft, not on its text; their paragraph numbers are unknown.",
    );
  if (verdicts) {
    lines.push("", `Verdicts: ${verdicts.changed} of ${verdicts.total} activities would change`);
    for (const [transition, count] of Object.entries(verdicts.byTransition))
      lines.push(`  ${transition}: ${count}`);
    for (const [measure, count] of Object.entries(verdicts.byMeasure))
      lines.push(`  by ${measure}: ${count}`);
    if (details)
      for (const item of verdicts.items)
        lines.push(`  ${item.id}: ${item.before} -> ${item.after} (${item.measures.join(", ")})`);
  }
  return lines;
}
