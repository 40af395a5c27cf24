/**
 * @module cli/commands/timeline
 * `sanctions timeline [--from DATE] [--to DATE]`: how the regime changed (`sanctions events`, in
 * `./events.ts`, lists the events with the paragraphs they breach).
 */
import type { Command } from "commander";
import { compareDates } from "../../model/dates.js";
import { timeline } from "../../regime/index.js";
import { dateOption } from "../dates.js";
import { printJson, printLines, UsageError } from "../output.js";
import { loadRegimeOrFail } from "../regime-source.js";

interface TimelineOptions {
  from?: string;
  to?: string;
  json?: boolean;
  regime?: string;
}

export function register(program: Command): void {
  program
    .command("timeline")
    .description("List the changes to the regime between two dates, with the paragraph behind each")
    .option("--from <date>", "first day (YYYY-MM-DD)", "2006-01-01")
    .option("--to <date>", "last day (YYYY-MM-DD); today when omitted")
    .option("--json", "print JSON")
    .option("--regime <dir>", "a regime package directory instead of the embedded DPRK regime")
    .action(async (options: TimelineOptions) => {
      const from = dateOption(options.from, "--from");
      const to = dateOption(options.to, "--to");
      if (compareDates(from, to) > 0) throw new UsageError(`--from ${from} is after --to ${to}`);
      const regime = await loadRegimeOrFail(options.regime);
      const result = timeline(regime, from, to);
      if (options.json) {
        printJson(result);
        return;
      }
      const lines = [`Changes from ${from} to ${to}: ${result.changes.length}`];
      for (const change of result.changes) {
        const by =
          change.citations.length > 0
            ? ` by ${change.citations.join(", ")}${change.verified ? "" : "*"}`
            : "";
        lines.push(
          `${change.date}  ${change.change.padEnd(13)} ${change.measure.padEnd(24)}${by}${change.detail ? ` — ${change.detail}` : ""}`,
        );
      }
      if (result.events.length > 0) {
        lines.push("", "Events:");
        for (const event of result.events)
          lines.push(`${event.date}  ${event.kind.padEnd(24)} ${event.title}`);
      }
      printLines(lines);
    });
}
