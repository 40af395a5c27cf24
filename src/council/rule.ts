/**
 * @module council/rule
 * The adoption rule (Charter Art. 27 as the data encodes it): at least the required number of
 * affirmative votes and, for substantive matters, no negative vote by a permanent member. An
 * abstention or absence is not a veto. The decision says why, as reason codes with the provenance of
 * the part of the rule each one rests on.
 */
import { CouncilError } from "./errors.js";
import { isPermanent, memberOf, membersOf } from "./membership.js";
import {
  VOTES,
  type AdoptionRule,
  type CouncilData,
  type CouncilYear,
  type Procedure,
  type Vote,
} from "./types.js";

/** Why a draft was or was not adopted. `verified` is that of the part of the rule the reason rests on. */
export type DecisionReason =
  | {
      readonly code: "ENOUGH_YES";
      readonly yes: number;
      readonly required: number;
      readonly verified: boolean;
    }
  | {
      readonly code: "TOO_FEW_YES";
      readonly yes: number;
      readonly required: number;
      readonly verified: boolean;
    }
  | { readonly code: "VETO"; readonly member: string; readonly verified: boolean }
  | { readonly code: "NO_VETO"; readonly verified: boolean }
  | {
      readonly code: "PERMANENT_ABSTENTION_NOT_VETO";
      readonly member: string;
      readonly vote: "abstain" | "absent";
      readonly verified: boolean;
    }
  | { readonly code: "PROCEDURAL_NO_VETO"; readonly members: readonly string[]; readonly verified: boolean };

/** One member's vote, resolved to its canonical name. */
export interface MemberVote {
  readonly member: string;
  readonly permanent: boolean;
  readonly vote: Vote;
}

/** The outcome of a vote with all fifteen votes known. */
export interface Decision {
  readonly outcome: "adopted" | "not-adopted";
  readonly year: number;
  readonly procedure: Procedure;
  readonly tally: {
    readonly yes: number;
    readonly no: number;
    readonly abstain: number;
    readonly absent: number;
  };
  readonly required: number;
  /** Permanent members whose negative vote blocked adoption (substantive matters only). */
  readonly vetoes: readonly string[];
  readonly votes: readonly MemberVote[];
  readonly reasons: readonly DecisionReason[];
  /**
   * Whether the outcome follows from confirmed data only: the year's membership, the part of the rule
   * applied, and, when a permanent member abstained or was absent and the draft was adopted, the
   * abstention practice (a failed draft fails whatever that practice is).
   */
  readonly verified: boolean;
}

/** Checks that a value is a vote; throws `INVALID_VOTE` naming the member otherwise. */
export function parseVote(member: string, value: unknown): Vote {
  if (typeof value === "string" && (VOTES as readonly string[]).includes(value)) return value as Vote;
  throw new CouncilError({ code: "INVALID_VOTE", member, value: String(value) });
}

/**
 * Resolves a member → vote map written with any spellings to canonical members of that year.
 * Throws `UNKNOWN_MEMBER`, `NOT_ON_COUNCIL`, `DUPLICATE_MEMBER` (two spellings of one State) or
 * `INVALID_VOTE`. Members not named are simply absent from the result.
 */
export function resolveVotes(
  data: CouncilData,
  council: CouncilYear,
  votes: Readonly<Record<string, unknown>>,
): Map<string, Vote> {
  const resolved = new Map<string, Vote>();
  const spelling = new Map<string, string>();
  for (const [name, value] of Object.entries(votes)) {
    const member = memberOf(data, council, name);
    const earlier = spelling.get(member);
    if (earlier !== undefined)
      throw new CouncilError({ code: "DUPLICATE_MEMBER", member, names: [earlier, name] });
    spelling.set(member, name);
    resolved.set(member, parseVote(member, value));
  }
  return resolved;
}

/**
 * Applies the rule to a complete set of votes given by canonical name. Pure; throws `MISSING_VOTES`
 * when a member of that year has no vote.
 */
export function applyRule(
  rule: AdoptionRule,
  council: CouncilYear,
  votes: ReadonlyMap<string, Vote>,
  procedure: Procedure = "substantive",
): Decision {
  const members = membersOf(council);
  const missing = members.filter((member) => !votes.has(member));
  if (missing.length > 0) throw new CouncilError({ code: "MISSING_VOTES", members: missing });

  const part = rule[procedure];
  const memberVotes: MemberVote[] = members.map((member) => ({
    member,
    permanent: isPermanent(council, member),
    vote: votes.get(member) ?? "absent",
  }));
  const count = (vote: Vote): number => memberVotes.filter((entry) => entry.vote === vote).length;
  const tally = { yes: count("yes"), no: count("no"), abstain: count("abstain"), absent: count("absent") };
  const permanentNo = memberVotes
    .filter((entry) => entry.permanent && entry.vote === "no")
    .map((e) => e.member);
  const vetoes = part.permanentNoIsVeto ? permanentNo : [];

  const reasons: DecisionReason[] = [];
  reasons.push(
    tally.yes >= part.requiredYes
      ? { code: "ENOUGH_YES", yes: tally.yes, required: part.requiredYes, verified: part.verified }
      : { code: "TOO_FEW_YES", yes: tally.yes, required: part.requiredYes, verified: part.verified },
  );
  if (part.permanentNoIsVeto) {
    for (const member of vetoes) reasons.push({ code: "VETO", member, verified: part.verified });
    if (vetoes.length === 0) reasons.push({ code: "NO_VETO", verified: part.verified });
    // Only worth saying when the abstention could have mattered: it is the unconfirmed practice.
    for (const entry of memberVotes) {
      if (entry.permanent && (entry.vote === "abstain" || entry.vote === "absent")) {
        reasons.push({
          code: "PERMANENT_ABSTENTION_NOT_VETO",
          member: entry.member,
          vote: entry.vote,
          verified: rule.permanentAbstentionIsNotVeto.verified,
        });
      }
    }
  } else if (permanentNo.length > 0) {
    reasons.push({ code: "PROCEDURAL_NO_VETO", members: permanentNo, verified: part.verified });
  }

  const adopted = tally.yes >= part.requiredYes && vetoes.length === 0;
  return {
    outcome: adopted ? "adopted" : "not-adopted",
    year: council.year,
    procedure,
    tally,
    required: part.requiredYes,
    vetoes,
    votes: memberVotes,
    reasons,
    verified:
      council.verified &&
      part.verified &&
      (!adopted ||
        reasons.every((reason) => reason.code !== "PERMANENT_ABSTENTION_NOT_VETO" || reason.verified)),
  };
}

/**
 * Decides a vote given as member → vote with any spellings (aliases allowed). All fifteen members of
 * that year must have a vote.
 */
export function decide(
  data: CouncilData,
  council: CouncilYear,
  votes: Readonly<Record<string, unknown>>,
  procedure: Procedure = "substantive",
): Decision {
  return applyRule(data.rule, council, resolveVotes(data, council, votes), procedure);
}
