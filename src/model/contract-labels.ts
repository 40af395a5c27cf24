/**
 * @module model/contract-labels
 * The words of the answer contract as plain data: what each reason code means, a short label for each
 * (what a person reads where the code would otherwise be shown), each outcome's label, and how
 * restrictive an outcome is. `model/contract` builds its zod schemas from these; the web UI imports this
 * module directly, so that its bundle carries the words without zod.
 *
 * Why apart from the contract: a client that only shows verdicts needs the words, not the validator.
 *
 * @example
 * reasonCodeLabels.hs_form_only; // "HS code checked by form only"
 * outcomeRank.prohibited > outcomeRank.review; // true
 */

/** How restrictive an outcome is, for combining several measures: the most restrictive wins. */
export const outcomeRank = {
  permitted: 0,
  conditional: 1,
  review: 2,
  prohibited: 3,
} as const satisfies Record<string, number>;

/** An outcome's name, as the contract's `Outcome` enumerates them. */
export type OutcomeName = keyof typeof outcomeRank;

/** The outcomes from the most restrictive to the least: the order in which reasons are read. */
export const outcomesByWeight = (Object.keys(outcomeRank) as OutcomeName[]).sort(
  (a, b) => outcomeRank[b] - outcomeRank[a],
);

/** Each outcome as a person reads it. */
export const outcomeLabels: Readonly<Record<OutcomeName, string>> = {
  prohibited: "Prohibited",
  review: "Needs review",
  conditional: "Conditional",
  permitted: "Permitted",
};

/** Every reason code, with what it means: the one list (docs/reasons.md is checked against it). */
export const reasonCodeDescriptions = {
  measure_prohibits: "A measure in force engages the activity and prohibits it.",
  measure_exhorts:
    "A measure resting on an exhortation (the Council calls upon or urges States) engages the activity: a notice, not a prohibition.",
  measure_condition_unknown:
    "The measure turns on a fact the activity does not state (grounds to suspect it, a refused inspection).",
  cap_applies: "A capped measure: allowed within the cap, with reporting.",
  cap_exceeded: "The cap ledger shows the delivery would exceed the cap.",
  cap_headroom: "The cap ledger shows headroom for the delivery.",
  cap_not_checked: "No ledger was given, or the ledger could not tell: the headroom was not checked.",
  notification_required: "Allowed after notice to the Committee (small arms under 1874).",
  exception_applies:
    "An exception of the measure applies (with the Committee exemption that grants it, or a claimed approval not checked).",
  exception_possible: "An exception could apply if the facts it names were given.",
  window_applies: "A transition window lets a pre-existing contract or arrangement go on.",
  window_undecided: "The activity falls in a window, but the facts do not say whether the window covers it.",
  goods_undecided:
    "The HS code is one whose goods may or may not be in scope; the description does not settle it.",
  goods_by_description: "The description put a candidate code in scope.",
  hs_edition_straddles:
    "The code's counterparts in the scope's HS edition fall both inside and outside the scope, or the code is broader than the scope.",
  value_threshold: "An annex value threshold applies and the value decides (or is missing).",
  party_designated:
    "A party or vessel is confirmed as a UN 1718 designation (an identifier agrees, or its full name is a listed name and no fact conflicts): the asset freeze applies.",
  party_potential_match:
    "A party or vessel matches a UN 1718 designation closely but is not confirmed: a person must confirm or dismiss it.",
  party_near_match: "A party or vessel is a near match: a person must look.",
  listed_elsewhere:
    "A party or vessel matches an entry of another list or another UN regime (OFAC, a FollowTheMoney dataset, the Council's other committees): a person must review it under that listing's own law; no paragraph of this regime is cited.",
  party_alert_closed:
    "A party's or vessel's match to a listed entry was closed by an analyst's false-positive decision, on the entry as it still is: informational, it no longer makes the verdict review or prohibited.",
  parties_not_screened: "Parties or a vessel were given but no list was loaded to screen them.",
  exemption_not_applicable:
    "An exemption was named but is expired, exhausted or does not cover the activity.",
  hs_not_in_nomenclature: "The HS code is not in the imported nomenclature.",
  hs_form_only: "No nomenclature was imported: the code was checked by form only.",
  no_target_nexus:
    "The activity has no link to the target State (neither from, to, origin, flag nor nationality).",
  no_measure_applies: "Measures were in force but none engages this activity.",
} as const satisfies Record<string, string>;

/** A reason code's name (the contract's `ReasonCode` validates these at runtime). */
export type ReasonCodeName = keyof typeof reasonCodeDescriptions;

/** A few words for each reason code, shown to a person in place of the code. */
export const reasonCodeLabels: Readonly<Record<ReasonCodeName, string>> = {
  measure_prohibits: "Prohibited by a measure",
  measure_exhorts: "Called upon, not prohibited",
  measure_condition_unknown: "Turns on a fact not given",
  cap_applies: "Allowed within a cap",
  cap_exceeded: "Cap exceeded",
  cap_headroom: "Within the cap",
  cap_not_checked: "Cap headroom not checked",
  notification_required: "Notice to the Committee required",
  exception_applies: "An exception applies",
  exception_possible: "An exception may apply",
  window_applies: "A transition window applies",
  window_undecided: "Transition window undecided",
  goods_undecided: "Goods may be in scope",
  goods_by_description: "In scope by its description",
  hs_edition_straddles: "HS editions disagree",
  value_threshold: "A value threshold decides",
  party_designated: "Designated party",
  party_potential_match: "Potential match to a designation",
  party_near_match: "Near match to a designation",
  listed_elsewhere: "Listed by another authority",
  party_alert_closed: "Alert closed by an analyst's decision",
  parties_not_screened: "Parties not screened",
  exemption_not_applicable: "Exemption does not apply",
  hs_not_in_nomenclature: "HS code not in the nomenclature",
  hs_form_only: "HS code checked by form only",
  no_target_nexus: "No link to the target State",
  no_measure_applies: "No measure applies",
};

/**
 * Reasons from the most restrictive outcome to the least (prohibited, review, conditional, permitted),
 * keeping the engine's order within an outcome: a `permitted` note never reads before a prohibition.
 */
export function byWeight<R extends { readonly outcome: OutcomeName }>(reasons: readonly R[]): R[] {
  return reasons
    .map((reason, index) => ({ reason, index }))
    .sort((a, b) => outcomeRank[b.reason.outcome] - outcomeRank[a.reason.outcome] || a.index - b.index)
    .map(({ reason }) => reason);
}
