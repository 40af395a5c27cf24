/**
 * @module model/verdict
 * What the engine says about an activity. Outcomes, and reasons as typed codes with the measure, the
 * citation and whether that citation is confirmed. The English line is generated from the code and
 * payload; tests assert codes and citations.
 */

/**
 * - `prohibited`: a measure applies and nothing lets the activity through;
 * - `permitted`: no measure applies, or an exception or exemption lets it through;
 * - `conditional`: allowed only if a stated condition holds (cap headroom, a notification, an approval);
 * - `review`: the facts given cannot decide it (HS 271019 may be jet fuel or gas oil).
 */
export type Outcome = "prohibited" | "permitted" | "conditional" | "review";

/** How restrictive an outcome is, for combining several measures: the most restrictive wins. */
export const outcomeRank: Readonly<Record<Outcome, number>> = {
  permitted: 0,
  conditional: 1,
  review: 2,
  prohibited: 3,
};

export type ReasonCode =
  /** A measure in force engages the activity and prohibits it. */
  | "measure_prohibits"
  /** The measure turns on a fact the activity does not state (could it contribute to the programmes?). */
  | "measure_condition_unknown"
  /** A capped measure: allowed within the cap, with reporting. */
  | "cap_applies"
  /** The cap ledger shows the delivery would exceed the cap. */
  | "cap_exceeded"
  /** The cap ledger shows headroom for the delivery. */
  | "cap_headroom"
  /** No ledger was given: headroom was not checked. */
  | "cap_not_checked"
  /** Allowed after notice to the Committee (small arms under 1874). */
  | "notification_required"
  /** An exception of the measure applies. */
  | "exception_applies"
  /** An exception could apply if a fact were given or established. */
  | "exception_possible"
  /** A transition window lets a pre-existing contract or arrangement go on. */
  | "window_applies"
  /** The activity falls in a window, but the facts do not say whether the window covers it. */
  | "window_undecided"
  /** The HS code is one whose goods may or may not be in scope; the description does not settle it. */
  | "goods_undecided"
  /** The description put a candidate code in (or out of) scope. */
  | "goods_by_description"
  /** The code's counterparts in the scope's HS edition fall both inside and outside the scope. */
  | "hs_edition_straddles"
  /** An annex value threshold applies and the value decides (or is missing). */
  | "value_threshold"
  /** A party or vessel matches a designation: the asset freeze applies. */
  | "party_designated"
  /** A party or vessel is a near match: a person must look. */
  | "party_near_match"
  /** Parties or a vessel were given but no list was loaded to screen them. */
  | "parties_not_screened"
  /** A Committee exemption (humanitarian) covers the activity. */
  | "exemption_applies"
  /** An exemption was named but is expired, exhausted or does not cover the activity. */
  | "exemption_not_applicable"
  /** A Committee approval is claimed but could not be checked against exemption records. */
  | "approval_not_checked"
  /** The HS code is not in the imported nomenclature. */
  | "hs_not_in_nomenclature"
  /** No nomenclature was imported: the code was checked by form only. */
  | "hs_form_only"
  /** The activity has no link to the target State (neither from, to, origin, flag nor nationality). */
  | "no_target_nexus"
  /** Measures were in force but none engages this activity. */
  | "no_measure_applies";

export interface Reason {
  readonly code: ReasonCode;
  /** The measure concerned, e.g. `KP-EXP-SEAFOOD`; null for reasons not tied to one. */
  readonly measure: string | null;
  /** `S/RES/2371 (2017) OP9`; null when no paragraph is behind the reason. */
  readonly citation: string | null;
  /** False when the citation's paragraph number, or an element of the measure, is unconfirmed. */
  readonly verified: boolean;
  readonly text: string;
  /** The outcome this reason leads to on its own. */
  readonly outcome: Outcome;
  /** Structured details: the exception id, the window's last day, the matched designation... */
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface Verdict {
  readonly id: string;
  readonly verdict: Outcome;
  readonly reasons: readonly Reason[];
  /** Content hash of the regime data the verdict was reached under. */
  readonly regimeVersion: string;
  /** Ids of the list snapshots parties were screened against, or null when none was loaded. */
  readonly listSnapshot: string | null;
}
