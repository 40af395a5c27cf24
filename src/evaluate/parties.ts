/**
 * @module evaluate/parties
 * Parties and vessels screened against the sanctions lists, and what a match means: a designated party
 * brings the asset freeze (unless one of its exceptions applies), a near match needs a person, and names
 * given with no list loaded are said to be unscreened, never taken as clear. A designated vessel also
 * engages the measures that reach designated vessels only (`engage.ts`).
 */
import type { Activity } from "../model/activity.js";
import type { Reason } from "../model/contract.js";
import type { EvaluationContext, PartyMatch, PartyQuery } from "./context.js";
import { meets } from "./exceptions.js";
import { reason } from "./reasons.js";
import { assetFreezeOf, type StateForEvaluation } from "./state.js";

/** What screening the activity's parties and vessel found. */
export interface PartyScreening {
  readonly hits: readonly { query: PartyQuery; match: PartyMatch }[];
  readonly designatedVessel: boolean;
  /** Parties and vessels given but not screened, for want of a list. */
  readonly unscreened: number;
}

/** Screens the activity's parties and vessel (the best match of each). */
export function screenParties(activity: Activity, context: EvaluationContext): PartyScreening {
  const vessel = activity.vessel;
  if (!context.screener) {
    // Nothing to screen against: only the count of queries (below) is reported, so skip building them.
    const vesselQueries = vessel && (vessel.name ?? vessel.imo) ? 1 : 0;
    return { hits: [], designatedVessel: false, unscreened: (activity.parties?.length ?? 0) + vesselQueries };
  }
  const queries: PartyQuery[] = (activity.parties ?? []).map((party) => {
    const nationality = party.nationality ?? party.country;
    return {
      name: party.name,
      ...(party.kind ? { kind: party.kind } : {}),
      ...(party.dob ? { dob: party.dob } : {}),
      ...(nationality ? { nationality } : {}),
      ...(party.imo ? { imo: party.imo } : {}),
      ...(party.passport ? { passport: party.passport } : {}),
    };
  });
  const vesselQuery: PartyQuery | undefined =
    vessel && (vessel.name ?? vessel.imo)
      ? {
          name: vessel.name ?? `IMO ${vessel.imo ?? ""}`,
          kind: "vessel",
          ...(vessel.imo ? { imo: vessel.imo } : {}),
        }
      : undefined;
  const all = vesselQuery ? [...queries, vesselQuery] : queries;
  const hits: { query: PartyQuery; match: PartyMatch }[] = [];
  let designatedVessel = false;
  for (const query of all) {
    const matches = context.screener.screen(query);
    const best = matches[0];
    if (!best) continue;
    hits.push({ query, match: best });
    if (query === vesselQuery && best.band === "alert") designatedVessel = true;
  }
  return { hits, designatedVessel, unscreened: 0 };
}

/** The reasons of the screening: unscreened names, near matches, designations and the asset freeze. */
export function partyReasons(
  screening: PartyScreening,
  state: StateForEvaluation,
  activity: Activity,
): Reason[] {
  const reasons: Reason[] = [];
  if (screening.unscreened === 0 && screening.hits.length === 0) return reasons;
  if (screening.unscreened > 0) {
    reasons.push(reason("parties_not_screened", null, null, true, "review", { count: screening.unscreened }));
  }
  const freeze = assetFreezeOf(state);
  for (const { query, match } of screening.hits) {
    const who = { party: query.name, name: match.name, ref: match.ref, list: match.list, score: match.score };
    if (match.band === "review") {
      reasons.push(
        reason(
          "party_near_match",
          freeze?.id ?? null,
          freeze?.citations[0] ?? null,
          freeze?.verified ?? true,
          "review",
          { ...who, explanation: match.explanation },
        ),
      );
      continue;
    }
    const carveOut = freeze?.exceptions.find(
      (exception) => meets(activity, exception.when, exception.citation.adopted).holds,
    );
    if (freeze && carveOut) {
      reasons.push(
        reason("exception_applies", freeze.id, carveOut.citation, carveOut.verified, carveOut.outcome, {
          ...who,
          exception: carveOut.id,
          exceptionTitle: carveOut.title,
        }),
      );
      continue;
    }
    reasons.push(
      reason(
        "party_designated",
        freeze?.id ?? null,
        freeze?.citations[0] ?? null,
        freeze?.verified ?? true,
        freeze ? "prohibited" : "review",
        freeze
          ? { assetFreeze: true, ...who, explanation: match.explanation }
          : { assetFreeze: false, ...who, explanation: match.explanation, date: activity.date },
      ),
    );
  }
  return reasons;
}
