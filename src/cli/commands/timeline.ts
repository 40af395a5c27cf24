/**
 * @module cli/commands/timeline
 * `sanctions timeline [--from DATE] [--to DATE]` (how the regime changed) and `sanctions events` (the
 * events the regime refers to: tests, launches, summits, deadlines).
 */
import type { Command } from "commander";
import { compareDates } from "../../model/dates.js";
import { commitmentsTriggered, timeline } from "../../regime/index.js";
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

  program
    .command("events")
    .description("List the events the regime refers to (nuclear tests, launches, summits, deadlines)")
    .option("--json", "print JSON")
    .option("--regime <dir>", "a regime package directory instead of the embedded DPRK regime")
    .action(async (options: Omit<TimelineOptions, "from" | "to">) => {
      const regime = await loadRegimeOrFail(options.regime);
      const events = regime.events.map((event) => ({
        ...event,
        triggers: commitmentsTriggered(regime, event).map((commitment) => ({
          commitment: commitment.id,
          undertaking: commitment.undertaking,
          citation: commitment.citation.text,
          verified: commitment.verified,
        })),
      }));
      if (options.json) {
        printJson({ regimeVersion: regime.version, events });
        return;
      }
      const lines: string[] = [];
      for (const event of events) {
        const date = event.precision === "month" ? `${event.date.slice(0, 7)}   ` : event.date;
        const response = event.response ? ` → ${event.response}` : "";
        lines.push(
          `${date}  ${event.kind.padEnd(24)} ${event.title}${response}${event.verified ? "" : " (unconfirmed)"}`,
        );
        for (const trigger of event.triggers) {
          lines.push(
            `            triggers ${trigger.citation}${trigger.verified ? "" : "*"}: ${trigger.undertaking}`,
          );
        }
      }
      printLines(lines);
    });
}
