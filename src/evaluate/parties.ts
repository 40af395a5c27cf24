/**
 * @module evaluate/parties
 * Parties and vessels screened against the sanctions lists, and what a match means. Two questions are
 * kept apart: on whose list the entry is (its legal basis, `src/lists/basis.ts`), and whether the match
 * is confirmed (`src/screening/confirm.ts`).
 *
 * - A *confirmed* match to a UN 1718 designation brings the asset freeze (unless one of its exceptions
 *   applies): `party_designated`, prohibited.
 * - A potential (an alert, not confirmed) or near match to one is for a person: `party_potential_match`
 *   or `party_near_match`, review, citing the asset freeze that would apply.
 * - A match to any other list, or to a UN entry of another regime, is `listed_elsewhere`, review, with
 *   no paragraph of this regime: OFAC's programmes and the Council's other committees are not 1718.
 *
 * Names given with no list loaded are said to be unscreened, never taken as clear. A confirmed 1718
 * vessel also engages the measures that reach designated vessels only (`engage.ts`).
 *
 * Analysts' decisions (`src/decisions`, carried on each match by the screener) are applied here:
 * - a false positive on the entry as it still is closes the alert: `party_alert_closed`, an
 *   informational reason naming the decision, who and when, which makes the verdict neither review nor
 *   prohibited (a closed top match does not let a lower near match of the same list surface instead:
 *   the person looked at this party on that list; another open alert still does);
 * - a true match confirms the match, by that person: a UN 1718 entry is then `party_designated`
 *   (prohibited, citing the asset freeze), another list's stays `listed_elsewhere` (review);
 * - a decision the entry's change reopened is no decision: the match is judged as it would be without
 *   one, and its reason says the alert reopened.
 */
import type { Activity } from "../model/activity.js";
import type { MatchConfirmation, MatchDecision, Reason } from "../model/contract.js";
import { entryBasis, type EntryBasis } from "../lists/basis.js";
import { confirmMatch } from "../screening/confirm.js";
import type { EvaluationContext, PartyMatch, PartyQuery } from "./context.js";
import { meets } from "./exceptions.js";
import { confirmedByText, reason } from "./reasons.js";
import { assetFreezeOf, type StateForEvaluation } from "./state.js";

/** One match a party or vessel got, with its legal basis and how it was judged. */
export interface PartyHit {
  readonly query: PartyQuery;
  readonly match: PartyMatch;
  readonly basis: EntryBasis;
  /** How the match is judged: by the confirmation policy, or confirmed by an analyst's true match. */
  readonly confirmation: MatchConfirmation;
  /** The analyst's decision on this party and entry, when there is one. */
  readonly decision?: MatchDecision;
}

/** Whether an analyst's false positive closed this hit's alert. */
export function isClosed(hit: PartyHit): boolean {
  return hit.decision?.state === "suppressed";
}

/** What screening the activity's parties and vessel found. */
export interface PartyScreening {
  readonly hits: readonly PartyHit[];
  readonly designatedVessel: boolean;
  /** Parties and vessels given but not screened, for want of a list. */
  readonly unscreened: number;
  /** Hits whose alert is open (not closed by a decision): those that need a person or prohibit. */
  readonly open: number;
}

/** A match judged: its basis, and its confirmation with the analyst's decision applied. */
function judge(query: PartyQuery, match: PartyMatch): PartyHit {
  const basis = entryBasis({ list: match.list, ref: match.ref, programmes: match.programmes ?? [] });
  const byPolicy = confirmMatch(query, match);
  const decision = match.decision;
  if (!decision) return { query, match, basis, confirmation: byPolicy };
  const confirmation: MatchConfirmation =
    decision.state === "confirmed" && byPolicy.kind !== "confirmed"
      ? { ...byPolicy, kind: "confirmed", by: "decision", why: confirmedByText(decision) }
      : byPolicy;
  return { query, match, basis, confirmation, decision };
}

/**
 * The hits of one query: its best UN 1718 match (a confirmed one first, if any is), and for each other
 * list every alert, or its best near match when it has no alert.
 */
function hitsOf(query: PartyQuery, matches: readonly PartyMatch[]): PartyHit[] {
  const judged = matches.map((match) => judge(query, match));
  const un = judged.filter((hit) => hit.basis.un1718);
  const first = un[0];
  // A closed top match stays the answer unless another UN entry is confirmed or alerts on its own.
  const best =
    un.find((hit) => !isClosed(hit) && hit.confirmation.kind === "confirmed") ??
    (first && isClosed(first) ? un.find((hit) => !isClosed(hit) && hit.match.band === "alert") : undefined) ??
    first;
  const hits: PartyHit[] = best ? [best] : [];
  const elsewhere = judged.filter((hit) => !hit.basis.un1718);
  for (const list of new Set(elsewhere.map((hit) => hit.basis.list))) {
    const onList = elsewhere.filter((hit) => hit.basis.list === list);
    const alerts = onList.filter((hit) => hit.match.band === "alert");
    hits.push(...(alerts.length > 0 ? alerts : onList.slice(0, 1)));
  }
  return hits;
}

/** Screens the activity's parties and vessel. */
export function screenParties(activity: Activity, context: EvaluationContext): PartyScreening {
  const vessel = activity.vessel;
  if (!context.screener) {
    // Nothing to screen against: only the count of queries (below) is reported, so skip building them.
    const vesselQueries = vessel && (vessel.name ?? vessel.imo) ? 1 : 0;
    return {
      hits: [],
      designatedVessel: false,
      unscreened: (activity.parties?.length ?? 0) + vesselQueries,
      open: 0,
    };
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
      ...(party.nationalId ? { nationalId: party.nationalId } : {}),
      ...(party.swift ? { swift: party.swift } : {}),
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
  const hits: PartyHit[] = [];
  let designatedVessel = false;
  for (const query of all) {
    const found = hitsOf(query, context.screener.screen(query));
    hits.push(...found);
    if (
      query === vesselQuery &&
      found.some((hit) => hit.basis.un1718 && hit.confirmation.kind === "confirmed" && !isClosed(hit))
    )
      designatedVessel = true;
  }
  return { hits, designatedVessel, unscreened: 0, open: hits.filter((hit) => !isClosed(hit)).length };
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
  for (const hit of screening.hits) {
    const { query, match, basis, confirmation } = hit;
    const who = { party: query.name, name: match.name, ref: match.ref, list: match.list, score: match.score };
    if (hit.decision && isClosed(hit)) {
      // Closed by a person, on the entry as it still is: said, with who and when, but it decides nothing.
      reasons.push(
        reason("party_alert_closed", null, null, true, "permitted", {
          ...who,
          authority: basis.authority,
          decision: hit.decision,
        }),
      );
      continue;
    }
    const said = {
      ...(match.explanation === undefined ? {} : { explanation: match.explanation }),
      ...(hit.decision ? { decision: hit.decision } : {}),
    };
    if (!basis.un1718) {
      // Another authority's listing: worth a person's look under its own law, never this regime's paragraph.
      reasons.push(
        reason("listed_elsewhere", null, null, true, "review", {
          ...who,
          authority: basis.authority,
          programmes: [...basis.programmes],
          matchKind: confirmation.kind,
          confirmation,
          ...said,
        }),
      );
      continue;
    }
    if (confirmation.kind === "near") {
      reasons.push(
        reason(
          "party_near_match",
          freeze?.id ?? null,
          freeze?.citations[0] ?? null,
          freeze?.verified ?? true,
          "review",
          { ...who, ...said },
        ),
      );
      continue;
    }
    if (confirmation.kind === "potential") {
      reasons.push(
        reason(
          "party_potential_match",
          freeze?.id ?? null,
          freeze?.citations[0] ?? null,
          freeze?.verified ?? true,
          "review",
          { ...who, confirmation, ...said },
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
          ? { assetFreeze: true, ...who, confirmation, ...said }
          : { assetFreeze: false, ...who, confirmation, ...said, date: activity.date },
      ),
    );
  }
  return reasons;
}
