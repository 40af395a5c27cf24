/**
 * @module cli/commands/events
 * `sanctions events [--from DATE] [--to DATE] [--kind K] [--texts DIR] [--json]`: the events the regime
 * refers to (tests, launches, summits, deadlines), each test and launch weighed against the DPRK's
 * obligations in force on its date (which paragraphs it breaches, and why; or why none) and against
 * the Council's trigger commitments. `--texts` (or `SANCTIONS_TEXTS_DIR`) checks each clause's anchor
 * against the official texts; without them, every clause says `no_official_text`.
 */
import type { Command } from "commander";
import { compareDates, isIsoDate } from "../../model/dates.js";
import { eventKinds, type EventKind } from "../../model/regime-schema.js";
import { eventsView, type AnchorVerifier } from "../../regime/events-view.js";
import { readResolutionFolder } from "../../texts/index.js";
import { verifyCitation } from "../../texts/verify.js";
import { printJson, printLines, UsageError } from "../output.js";
import { loadRegimeOrFail } from "../regime-source.js";

interface EventsOptions {
  from?: string;
  to?: string;
  kind?: string;
  texts?: string;
  json?: boolean;
  regime?: string;
}

function date(value: string | undefined, name: string): string | undefined {
  if (value !== undefined && !isIsoDate(value))
    throw new UsageError(`${name} must be a real date written YYYY-MM-DD, got "${value}"`);
  return value;
}

function kindOption(value: string | undefined): EventKind | undefined {
  if (value === undefined) return undefined;
  if (!(eventKinds as readonly string[]).includes(value))
    throw new UsageError(`--kind must be one of ${eventKinds.join(", ")}; got "${value}"`);
  return value as EventKind;
}

async function verifier(dir: string | undefined): Promise<AnchorVerifier | undefined> {
  if (dir === undefined) return undefined;
  const library = await readResolutionFolder(dir).catch((error: unknown) => {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  });
  return (symbol, paragraph, anchor) => verifyCitation(library.texts, symbol, paragraph, anchor).status;
}

/** `S/RES/1718 (2006) OP2, S/RES/1718 (2006) OP5` → `S/RES/1718 (2006) OP2, OP5`, resolutions joined by `;`. */
function groupCitations(citations: readonly string[]): string {
  const bySymbol = new Map<string, string[]>();
  for (const citation of citations) {
    const at = citation.lastIndexOf(" ");
    const symbol = citation.slice(0, at);
    bySymbol.set(symbol, [...(bySymbol.get(symbol) ?? []), citation.slice(at + 1)]);
  }
  return [...bySymbol].map(([symbol, paragraphs]) => `${symbol} ${paragraphs.join(", ")}`).join("; ");
}

export function register(program: Command): void {
  program
    .command("events")
    .description(
      "List the events the regime refers to; each test and launch with the paragraphs it breaches, and the commitments it triggers",
    )
    .option("--from <date>", "first day (YYYY-MM-DD); the first event when omitted")
    .option("--to <date>", "last day (YYYY-MM-DD); the last event when omitted")
    .option("--kind <kind>", `only events of this kind (${eventKinds.join(", ")})`)
    .option(
      "--texts <dir>",
      "check each paragraph's anchor against the official texts in this folder (default: $SANCTIONS_TEXTS_DIR)",
    )
    .option("--json", "print JSON")
    .option("--regime <dir>", "a regime package directory instead of the embedded DPRK regime")
    .action(async (options: EventsOptions) => {
      const from = date(options.from, "--from");
      const to = date(options.to, "--to");
      if (from !== undefined && to !== undefined && compareDates(from, to) > 0)
        throw new UsageError(`--from ${from} is after --to ${to}`);
      const kind = kindOption(options.kind);
      const verify = await verifier(options.texts ?? process.env["SANCTIONS_TEXTS_DIR"]);
      const regime = await loadRegimeOrFail(options.regime);
      const view = eventsView(regime, { from, to, kind }, verify);
      if (options.json) {
        printJson(view);
        return;
      }
      const lines: string[] = [];
      for (const event of view.events) {
        const day = event.precision === "month" ? `${event.date.slice(0, 7)}   ` : event.date;
        const response = event.response ? ` → ${event.response}` : "";
        lines.push(
          `${day}  ${event.kind.padEnd(24)} ${event.title}${response}${event.verified ? "" : " (unconfirmed)"}`,
        );
        if (event.inBreach) {
          lines.push(
            `            in breach of ${groupCitations(event.breaches.map((breach) => breach.citation))}:`,
          );
          for (const breach of event.breaches)
            lines.push(
              `              ${breach.reason}${verify && !breach.verified ? ` [${breach.verification}]` : ""}`,
            );
        } else if (event.notInBreach && event.notInBreach.code !== "not_conduct") {
          lines.push(`            no breach: ${event.notInBreach.reason}`);
        }
        for (const commitment of event.commitments) {
          lines.push(
            `            ${commitment.triggered ? "triggers" : "does not trigger"} ${commitment.citation}${commitment.verified ? "" : "*"}: ${commitment.reason}`,
          );
        }
      }
      if (view.events.length === 0) lines.push("No event in this period.");
      if (!verify && view.events.some((event) => event.inBreach))
        lines.push(
          "",
          "[no_official_text]: the paragraphs' anchors were not checked; pass --texts DIR (the UN's Akoma Ntoso files) to verify them.",
        );
      printLines(lines);
    });
}
