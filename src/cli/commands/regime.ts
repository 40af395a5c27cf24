/**
 * @module cli/commands/regime
 * `sanctions regime [--at DATE]` (what was in force, and why) and `sanctions measure ID` (one measure's
 * history). Each citation not verified against the official text says why under it; `measure --text`
 * prints each citation's anchor and the paragraph's official words (texts from `--texts DIR` or
 * `SANCTIONS_TEXTS_DIR`, see `cli/official-texts.ts`).
 */
import type { Command } from "commander";
import type { Citation } from "../../model/regime.js";
import type { Cap } from "../../model/regime-schema.js";
import { measureView, stateAt, stateView } from "../../regime/index.js";
import { reviewClauseLines, reviewClauses } from "../../regime/reviews.js";
import { dateOption } from "../dates.js";
import { printJson, printLines, UsageError } from "../output.js";
import { citationTextLines, resolveOfficialTexts } from "../official-texts.js";
import { loadRegimeOrFail } from "../regime-source.js";

interface RegimeOptions {
  at?: string;
  json?: boolean;
  regime?: string;
  texts?: string;
  text?: boolean;
}

const textsOption = [
  "--texts <dir>",
  "official resolution texts (Akoma Ntoso XML) to verify citations against (default: $SANCTIONS_TEXTS_DIR)",
] as const;

/** Why a citation is not verified, for the line under it; nothing when it is. */
function unverifiedLine(citation: Citation, indent: string): string[] {
  return citation.verified ? [] : [`${indent}unverified: ${citation.verification.text}`];
}

/** Renders a cap as `500,000 bbl per calendar year`. */
export function describeCap(cap: Cap): string {
  const amounts = (cap.limits ?? []).map((limit) => `${limit.amount.toLocaleString("en-US")} ${limit.unit}`);
  const joined = amounts.join(cap.combine === "lower" ? " or " : " / ");
  const amount =
    cap.baseline === "prior-twelve-months" ? "each State's level of the prior twelve months" : joined;
  const lower = cap.combine === "lower" ? " (whichever is lower)" : "";
  const period =
    cap.period === "calendar-year"
      ? "per calendar year"
      : cap.period === "twelve-months"
        ? `per twelve months from ${cap.periodStart ?? "adoption"}`
        : cap.periodEnd === undefined
          ? `from ${cap.periodStart ?? "adoption"}`
          : `from ${cap.periodStart ?? "adoption"} to ${cap.periodEnd}`;
  return `${amount}${lower} ${period}`;
}

export function register(program: Command): void {
  program
    .command("regime")
    .description("List the measures in force on a date, each with the paragraph that put it there")
    .option("--at <date>", "the date (YYYY-MM-DD); today when omitted")
    .option("--json", "print JSON")
    .option("--regime <dir>", "a regime package directory instead of the embedded DPRK regime")
    .option(...textsOption)
    .action(async (options: RegimeOptions) => {
      const at = dateOption(options.at, "--at");
      const regime = await loadRegimeOrFail(
        options.regime,
        await resolveOfficialTexts({ texts: options.texts }),
      );
      const state = stateAt(regime, at);
      if (options.json) {
        printJson(stateView(state));
        return;
      }
      const lines = [
        regime.title,
        `In force on ${at}: ${state.measures.length} measures (regime version ${regime.version.slice(0, 19)})`,
        "",
      ];
      for (const measure of state.measures) {
        const mark = measure.verified ? " " : "*";
        const cap = measure.cap ? ` — cap ${describeCap(measure.cap)}` : "";
        const windows = measure.openWindows
          .map((window) => ` — ${window.kind} window open until ${window.lastDay}`)
          .join("");
        lines.push(
          `${measure.id.padEnd(24)} since ${measure.since}  ${(measure.citation + mark).padEnd(36)} ${measure.title}${cap}${windows}`,
        );
        if (!measure.verified) {
          const failing = measure.citations.filter((citation) => !citation.verified);
          const why =
            failing.length > 0
              ? failing.map((citation) => `${citation.text}: ${citation.verification.text}`)
              : measure.unverified;
          for (const line of why) lines.push(`${"".padEnd(25)}unverified: ${line}`);
        }
        for (const line of measure.interpretations) lines.push(`${"".padEnd(25)}HS mapping: ${line}`);
      }
      for (const suspended of state.suspended) {
        lines.push(`${suspended.id.padEnd(24)} suspended since ${suspended.since} by ${suspended.citation}`);
      }
      if (state.measures.some((measure) => !measure.verified)) {
        lines.push(
          "",
          "* unverified: a citation is not verified against the official text (why is said under it), or an element of the measure is unconfirmed (see `sanctions measure ID`).",
        );
      }
      if (state.measures.some((measure) => measure.interpretations.length > 0)) {
        lines.push(
          "HS mapping: the text names goods, not HS codes; the codes are this project's reading of its words, which no official text can verify.",
        );
      }
      if (state.measures.length === 0) lines.push("No measure of the regime was in force on this date.");
      printLines(lines);
    });

  program
    .command("measure")
    .description("Show one measure's history: every version, its citations, exceptions and windows")
    .argument("<id>", "measure id, e.g. KP-EXP-SEAFOOD")
    .option("--json", "print JSON")
    .option("--regime <dir>", "a regime package directory instead of the embedded DPRK regime")
    .option(...textsOption)
    .option("--text", "print under each citation its anchor and the paragraph's official text")
    .action(async (id: string, options: Omit<RegimeOptions, "at">) => {
      const texts = await resolveOfficialTexts({ texts: options.texts });
      const regime = await loadRegimeOrFail(options.regime, texts);
      const under = (citation: Citation, indent: string): string[] => [
        ...unverifiedLine(citation, indent),
        ...(options.text === true
          ? citationTextLines(texts, citation.text, citation.anchor).map((line) => `${indent}${line}`)
          : []),
      ];
      const measure = regime.measures.get(id.toUpperCase());
      if (!measure) {
        const near = [...regime.measures.keys()]
          .filter((known) => known.includes(id.toUpperCase().replace(/^KP-/, "")))
          .slice(0, 5);
        throw new UsageError(
          `no measure "${id}"${near.length > 0 ? `; did you mean ${near.join(", ")}?` : ""}`,
        );
      }
      if (options.json) {
        printJson(measureView(regime, measure));
        return;
      }
      const lines = [`${measure.id}: ${measure.title} (${measure.kind}, ${measure.direction})`];
      for (const version of measure.versions) {
        const period = `${version.from} .. ${version.to ?? ""}`.padEnd(24);
        const citations = version.citations
          .map((citation) => `${citation.text}${citation.verified ? "" : "*"}`)
          .join("; ");
        lines.push(
          "",
          `${period} ${version.change}${version.suspended ? " (suspended)" : ""} by ${citations}`,
        );
        for (const citation of version.citations) lines.push(...under(citation, "  "));
        lines.push(`  ${version.title} — ${version.modality}`);
        if (version.modality === "exhortation") {
          lines.push(
            version.bindingFrom
              ? `  an exhortation, not a prohibition; binding from ${version.bindingFrom.citation.text} (${version.bindingFrom.from})`
              : "  an exhortation, not a prohibition; no later paragraph in the regime data made it binding",
          );
        }
        lines.push(`  scope: ${version.scope.text}`);
        if (
          version.scope.goods &&
          version.scope.goods.hs.length + (version.scope.goods.candidates?.length ?? 0) > 0
        ) {
          const candidates = version.scope.goods.candidates?.length
            ? `; needing a description: ${version.scope.goods.candidates.join(", ")}`
            : "";
          lines.push(
            `  HS (${version.scope.goods.basis}): ${version.scope.goods.hs.join(", ") || "none"}${candidates}`,
          );
        }
        if (version.cap) lines.push(`  cap: ${describeCap(version.cap)}`);
        for (const old of version.superseded) {
          lines.push(
            `  replaces, before it took effect: ${old.citations.map((citation) => citation.text).join(", ")}${old.cap ? ` (cap ${describeCap(old.cap)})` : ""}`,
          );
        }
        // An exception or a window quoting its own anchor is verified on it: say why when it is not.
        const own = (citation: Citation): string[] =>
          version.citations.includes(citation) ? [] : under(citation, "    ");
        for (const exception of version.exceptions) {
          lines.push(
            `  exception ${exception.id}: ${exception.title} → ${exception.outcome}${exception.condition ? ` (${exception.condition})` : ""} [${exception.citation.text}${exception.verified ? "" : "*"}]`,
            ...own(exception.citation),
          );
        }
        for (const window of version.windows) {
          lines.push(
            `  window ${window.id}: ${window.kind} ${window.opens} .. ${window.lastDay} → ${window.outcome} [${window.citation.text}${window.verified ? "" : "*"}]`,
            ...own(window.citation),
          );
        }
        // The citations' reasons are said under them; what remains are the unconfirmed elements.
        const citationNotes = new Set(version.citations.map((c) => `${c.text}: ${c.verification.text}`));
        for (const note of version.unverified)
          if (!citationNotes.has(note)) lines.push(`  unconfirmed: ${note}`);
        for (const note of version.interpretations) lines.push(`  HS mapping: ${note}`);
      }
      if (measure.ended) {
        lines.push(
          "",
          `${measure.ended.how} on ${measure.ended.on}${measure.ended.citation ? ` by ${measure.ended.citation.text}` : ""}`,
        );
      }
      lines.push(...reviewClauseLines(reviewClauses(regime, measure)));
      printLines(lines);
    });
}
