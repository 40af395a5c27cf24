/**
 * @module council/text
 * English text for decisions and forecasts, generated from their codes and numbers only. Anything
 * that rests on unconfirmed data says so.
 */
import type { Forecast, ForecastReason } from "./odds.js";
import type { Decision, DecisionReason } from "./rule.js";
import type { CouncilYear } from "./types.js";

const UNCONFIRMED = " [UNCONFIRMED]";

function flag(verified: boolean): string {
  return verified ? "" : UNCONFIRMED;
}

function list(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1) ?? ""}`;
}

/** Formats a probability as a percentage with enough digits to tell 0.3 % from 0. */
export function percent(p: number): string {
  if (p === 0 || p === 1) return `${p * 100}%`;
  return `${(p * 100).toFixed(p < 0.001 || p > 0.999 ? 4 : 2)}%`;
}

/** One line for a decision reason. */
export function decisionReasonText(reason: DecisionReason): string {
  switch (reason.code) {
    case "ENOUGH_YES":
      return `${reason.yes} affirmative votes, ${reason.required} needed${flag(reason.verified)}`;
    case "TOO_FEW_YES":
      return `only ${reason.yes} affirmative votes, ${reason.required} needed${flag(reason.verified)}`;
    case "VETO":
      return `veto: ${reason.member}, a permanent member, voted no${flag(reason.verified)}`;
    case "NO_VETO":
      return `no permanent member voted no${flag(reason.verified)}`;
    case "PERMANENT_ABSTENTION_NOT_VETO":
      return `${reason.member} (permanent) ${reason.vote === "absent" ? "was absent" : "abstained"}: not a veto by long-standing practice${flag(reason.verified)}`;
    case "PROCEDURAL_NO_VETO":
      return `procedural vote: the negative votes of ${list(reason.members)} are not vetoes${flag(reason.verified)}`;
  }
}

/** One line for a forecast reason. */
export function forecastReasonText(reason: ForecastReason): string {
  switch (reason.code) {
    case "DECLARED_VETO":
      return `adoption is impossible whatever the others do: ${list(reason.members)}, permanent, ${reason.members.length > 1 ? "have" : "has"} declared a no vote (veto)${flag(reason.verified)}`;
    case "TOO_FEW_POSSIBLE_YES":
      return `adoption is impossible: at most ${reason.possible} members can vote yes, ${reason.required} needed${flag(reason.verified)}`;
    case "CERTAIN":
      return `adoption is certain: ${reason.yes} declared yes (${reason.required} needed) and no permanent member can vote no${flag(reason.verified)}`;
    case "VETO_RISK":
      return reason.probability === null
        ? `veto risk: the position of ${reason.member} (permanent) is unknown`
        : `veto risk: ${reason.member} (permanent) votes no with probability ${percent(reason.probability)}`;
    case "ABSTENTION_NEEDED":
      return `${reason.member} (permanent) cannot vote yes here: adoption needs at least its abstention`;
    case "PERMANENT_ABSTENTION_ASSUMED_NOT_VETO":
      return `an abstention or absence by ${list(reason.members)} is counted as no veto (long-standing practice)${flag(reason.verified)}`;
    case "POSITIONS_MISSING":
      return `no vote or position for ${list(reason.members)}: the probability cannot be computed`;
  }
}

/** Text lines for a decision, headed by the outcome. */
export function decisionLines(decision: Decision, label?: string): string[] {
  const { yes, no, abstain, absent } = decision.tally;
  const head = `${label === undefined ? "" : `${label}: `}${decision.outcome === "adopted" ? "ADOPTED" : "NOT ADOPTED"} ${yes}-${no}-${abstain}${absent > 0 ? ` (${absent} absent)` : ""} (${decision.procedure}, Council of ${decision.year})`;
  const lines = [head, ...decision.reasons.map((reason) => `  - ${decisionReasonText(reason)}`)];
  if (!decision.verified) lines.push("  note: this outcome rests on data marked UNCONFIRMED");
  return lines;
}

/** Text lines for a forecast: odds, reasons, whip count, pivotality. */
export function forecastLines(forecast: Forecast, label?: string): string[] {
  const odds = forecast.probability === null ? "unknown" : percent(forecast.probability);
  const lines = [
    `${label === undefined ? "" : `${label}: `}adoption probability ${odds} (${forecast.status}; ${forecast.procedure}, Council of ${forecast.year}; votes assumed independent)`,
    ...forecast.reasons.map((reason) => `  - ${forecastReasonText(reason)}`),
  ];
  const { whip } = forecast;
  if (forecast.status !== "impossible") {
    lines.push(`whip count: ${whip.declaredYes.length} declared yes, ${whip.neededYes} more needed`);
    if (whip.mustNotVeto.length > 0) lines.push(`  must not veto: ${list(whip.mustNotVeto)}`);
    if (whip.minimumSet !== null && whip.minimumSet.length > 0) {
      lines.push(`  smallest set whose yes makes adoption certain: ${list(whip.minimumSet)}`);
    }
  }
  if (whip.pivotality !== null) {
    const pivotal = whip.pivotality.filter((pivot) => pivot.swing > 0);
    if (pivotal.length > 0)
      lines.push("pivotality (adoption probability if the member votes yes / no / abstains):");
    for (const pivot of pivotal) {
      const position = forecast.members.find((m) => m.member === pivot.member);
      const declaredVote = position?.source === "vote" ? " (declared)" : "";
      lines.push(
        `  ${pivot.member}${declaredVote}: ${percent(pivot.ifYes)} / ${percent(pivot.ifNo)} / ${percent(pivot.ifAbstain)}`,
      );
    }
  }
  if (!forecast.verified) lines.push("note: this result rests on data marked UNCONFIRMED");
  return lines;
}

/** Text lines listing a Council year. */
export function membersLines(council: CouncilYear): string[] {
  return [
    `${council.year}${council.verified ? "" : UNCONFIRMED} [${council.sources.join(", ")}]`,
    `  permanent: ${council.permanent.join(", ")}`,
    `  elected:   ${council.elected.join(", ")}`,
  ];
}
