/**
 * @module decisions/screener
 * A screener that knows the analysts' decisions: each match carries the latest decision on its party
 * and list entry, and what it does now (suppressed, confirmed, reopened). Consumers leave a suppressed
 * match out of the alerts and show it as decided; nothing is dropped here, so that an answer can
 * always say which alerts a person closed, and why.
 */
import type { Designation, ListSnapshot } from "../model/designation.js";
import type { ScreeningMatch, Screener } from "../screening/index.js";
import { applyDecision, type AppliedDecision, type DecisionIndex } from "./model.js";

/** A match with the decision on it, if any. */
export type DecidedMatch = ScreeningMatch & { readonly decision?: AppliedDecision };

/** The decision on a match, when the screener that made it knew the decisions. */
export function decisionOf(match: ScreeningMatch): AppliedDecision | undefined {
  return (match as DecidedMatch).decision;
}

/** Whether a person closed this alert (a false positive on an unchanged entry). */
export function isSuppressed(match: ScreeningMatch): boolean {
  return decisionOf(match)?.state === "suppressed";
}

/** Wraps a screener so that its matches carry the decisions; the same screener when there are none. */
export function screenerWithDecisions(
  screener: Screener,
  decisions: DecisionIndex | undefined,
  snapshots: readonly ListSnapshot[],
): Screener {
  if (!decisions || decisions.size === 0) return screener;
  return decidingScreener(screener, snapshots, () => decisions);
}

/**
 * Wraps a screener so that its matches carry the decisions `decisionsNow` gives at each screening: a
 * replay gives each recorded check the decisions it applied then, over one screener per list snapshot.
 */
export function decidingScreener(
  screener: Screener,
  snapshots: readonly ListSnapshot[],
  decisionsNow: () => DecisionIndex | undefined,
): Screener {
  const entries = new Map<string, Designation>();
  for (const snapshot of snapshots)
    for (const entry of snapshot.designations) entries.set(`${entry.list}\u0000${entry.ref}`, entry);
  return {
    snapshotIds: screener.snapshotIds,
    weights: screener.weights,
    stats: () => screener.stats(),
    screen(query, options) {
      const matches = screener.screen(query, options);
      const decisions = decisionsNow();
      if (!decisions || decisions.size === 0) return matches;
      return matches.map((match): DecidedMatch => {
        const entry = entries.get(`${match.list}\u0000${match.ref}`);
        const decision = entry ? applyDecision(decisions, query.name, entry) : undefined;
        return decision ? { ...match, decision } : match;
      });
    },
  };
}

/** The decision on a match as JSON (`decision: {...}`), for `screen --json` and `POST /v1/screen`; nothing without one. */
export function decisionJson(match: ScreeningMatch): { decision?: AppliedDecision } {
  const decision = decisionOf(match);
  return decision ? { decision } : {};
}
