/**
 * @module council/types
 * The vocabulary of the Council layer: members, votes, the adoption rule as data, recorded votes.
 * Everything here is plain data; the loader builds it and the pure functions read it.
 */

/** A member's vote on a draft. An absence counts like an abstention under the rule. */
export type Vote = "yes" | "no" | "abstain" | "absent";

/** The votes a member can cast, in a fixed order for output. */
export const VOTES: readonly Vote[] = ["yes", "no", "abstain", "absent"];

/** Which rule of Charter Art. 27 applies: only substantive decisions know a veto. */
export type Procedure = "substantive" | "procedural";

/** Where a fact comes from: the fact sheet's source keys and whether it is confirmed there. */
export interface Provenance {
  readonly verified: boolean;
  readonly sources: readonly string[];
  readonly note?: string;
}

/** The rule for one kind of decision. */
export interface RulePart extends Provenance {
  /** Affirmative votes needed. */
  readonly requiredYes: number;
  /** Whether a permanent member's negative vote blocks adoption. */
  readonly permanentNoIsVeto: boolean;
}

/** The adoption rule as reviewed data, each part with its own provenance. */
export interface AdoptionRule {
  readonly substantive: RulePart;
  readonly procedural: RulePart;
  /** The practice that a permanent member's abstention or absence is not a veto. */
  readonly permanentAbstentionIsNotVeto: Provenance;
}

/** The Council in one calendar year (terms run 1 January to 31 December). */
export interface CouncilYear extends Provenance {
  readonly year: number;
  readonly permanent: readonly string[];
  readonly elected: readonly string[];
  /** Elected members whose term began that year, when the source gives the split. */
  readonly entering?: readonly string[];
}

/** A vote the Council actually took, as recorded. */
export interface RecordedVote extends Provenance {
  readonly id: string;
  readonly symbol?: string;
  readonly kind: "resolution" | "draft";
  readonly date: string;
  readonly procedure: Procedure;
  readonly tally: { readonly yes: number; readonly no: number; readonly abstain: number };
  readonly against: readonly string[];
  readonly abstaining: readonly string[];
  readonly absent: readonly string[];
  readonly outcome: "adopted" | "not-adopted";
}

/** Everything `regime/<id>/council.yaml` holds, validated and with names resolved. */
export interface CouncilData {
  /** The file it came from, for messages. */
  readonly file: string;
  readonly permanent: readonly string[];
  readonly permanentProvenance: Provenance;
  readonly rule: AdoptionRule;
  /** Years in ascending order, without gaps. */
  readonly years: readonly CouncilYear[];
  /** Normalised spelling → canonical name, for canonical names and aliases alike. */
  readonly names: ReadonlyMap<string, string>;
  readonly recordedVotes: readonly RecordedVote[];
}
