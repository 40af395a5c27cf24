/**
 * @module council/odds
 * Adoption odds for a draft from members' positions given as probabilities, and the whip count:
 * which undecided members the sponsors need. The probability is exact (dynamic programming over the
 * members, not simulation) under the stated assumption that members vote independently.
 */
import { CouncilError } from "./errors.js";
import { isPermanent, memberOf, membersOf } from "./membership.js";
import { resolveVotes } from "./rule.js";
import type { AdoptionRule, CouncilData, CouncilYear, Procedure, Vote } from "./types.js";

/** A member's vote as probabilities. An absence counts under `abstain`: the rule treats them alike. */
export interface Distribution {
  readonly yes: number;
  readonly no: number;
  readonly abstain: number;
}

/**
 * A position as written: P(yes) as a bare number (the rest is a negative vote, which for a permanent
 * member is the cautious reading), a declared vote (probability 1), or explicit probabilities.
 */
export type PositionInput =
  number | Vote | { readonly yes?: number; readonly no?: number; readonly abstain?: number };

// Probabilities typed by hand (0.1 + 0.2 + 0.7) rarely sum to exactly 1 in binary floating point.
const SUM_TOLERANCE = 1e-9;

/** The distribution of a declared vote. */
export function declared(vote: Vote): Distribution {
  return {
    yes: vote === "yes" ? 1 : 0,
    no: vote === "no" ? 1 : 0,
    abstain: vote === "abstain" || vote === "absent" ? 1 : 0,
  };
}

/** A parsed YAML/JSON value as the user wrote it, for messages. */
function show(value: unknown): string {
  return value === undefined ? "undefined" : JSON.stringify(value);
}

function probability(member: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new CouncilError({ code: "INVALID_PROBABILITY", member, value: show(value) });
  }
  return value;
}

/**
 * Validates one position; throws `INVALID_PROBABILITY`, `PROBABILITIES_DO_NOT_SUM_TO_ONE` or
 * `INVALID_VOTE`, each naming the member.
 */
export function toDistribution(member: string, input: unknown): Distribution {
  if (typeof input === "number") {
    const yes = probability(member, input);
    return { yes, no: 1 - yes, abstain: 0 };
  }
  if (typeof input === "string") {
    if (input === "yes" || input === "no" || input === "abstain" || input === "absent")
      return declared(input);
    throw new CouncilError({ code: "INVALID_VOTE", member, value: input });
  }
  if (typeof input === "object" && input !== null && !Array.isArray(input)) {
    const entries = Object.entries(input as Record<string, unknown>);
    const unknown = entries.find(([key]) => key !== "yes" && key !== "no" && key !== "abstain");
    if (unknown !== undefined) throw new CouncilError({ code: "INVALID_VOTE", member, value: unknown[0] });
    const get = (key: string): number => {
      const value = (input as Record<string, unknown>)[key];
      return value === undefined ? 0 : probability(member, value);
    };
    const [yes, no, abstain] = [get("yes"), get("no"), get("abstain")];
    const sum = yes + no + abstain;
    if (Math.abs(sum - 1) > SUM_TOLERANCE)
      throw new CouncilError({ code: "PROBABILITIES_DO_NOT_SUM_TO_ONE", member, sum });
    return { yes, no, abstain };
  }
  throw new CouncilError({ code: "INVALID_PROBABILITY", member, value: show(input) });
}

/** One member in a forecast: a declared vote, a position, or nothing known. */
export interface MemberPosition {
  readonly member: string;
  readonly permanent: boolean;
  readonly source: "vote" | "position" | "unknown";
  /** Null when nothing is known about the member. */
  readonly distribution: Distribution | null;
}

/** A member's pivotality: the adoption probability if it voted each way, and the swing yes → no. */
export interface Pivot {
  readonly member: string;
  readonly ifYes: number;
  readonly ifNo: number;
  readonly ifAbstain: number;
  /** ifYes − ifNo: how much this member's vote moves the odds. */
  readonly swing: number;
}

/** Findings of a forecast, as codes; English comes from `council/text`. */
export type ForecastReason =
  | { readonly code: "DECLARED_VETO"; readonly members: readonly string[]; readonly verified: boolean }
  | {
      readonly code: "TOO_FEW_POSSIBLE_YES";
      readonly possible: number;
      readonly required: number;
      readonly verified: boolean;
    }
  | { readonly code: "CERTAIN"; readonly yes: number; readonly required: number; readonly verified: boolean }
  | { readonly code: "VETO_RISK"; readonly member: string; readonly probability: number | null }
  | { readonly code: "ABSTENTION_NEEDED"; readonly member: string }
  | {
      readonly code: "PERMANENT_ABSTENTION_ASSUMED_NOT_VETO";
      readonly members: readonly string[];
      readonly verified: boolean;
    }
  | { readonly code: "POSITIONS_MISSING"; readonly members: readonly string[] };

/** The whip count: what the sponsors still need. */
export interface Whip {
  /** Members already certain to vote yes. */
  readonly declaredYes: readonly string[];
  /** Further affirmative votes needed to reach the threshold. */
  readonly neededYes: number;
  /** Permanent members who might still vote no: each must be won to yes or to an abstention. */
  readonly mustNotVeto: readonly string[];
  /**
   * A smallest set of undecided members whose yes would make adoption certain, the likeliest first;
   * null when adoption is impossible or no set of yes votes can make it certain.
   */
  readonly minimumSet: readonly string[] | null;
  /** Pivotality of every member, most pivotal first; null when some position is unknown. */
  readonly pivotality: readonly Pivot[] | null;
}

/** Adoption odds of a draft. */
export interface Forecast {
  readonly year: number;
  readonly procedure: Procedure;
  readonly required: number;
  readonly status: "certain" | "impossible" | "uncertain";
  /** Exact probability of adoption, assuming independent votes; null when some position is unknown. */
  readonly probability: number | null;
  readonly members: readonly MemberPosition[];
  readonly reasons: readonly ForecastReason[];
  readonly whip: Whip;
  /** Members vote independently of each other: the one modelling assumption. */
  readonly assumption: "independent-votes";
  /** Whether the result rests on confirmed data only (membership, rule part, abstention practice where used). */
  readonly verified: boolean;
}

interface Voter {
  readonly permanent: boolean;
  readonly d: Distribution;
}

/**
 * Exact adoption probability by dynamic programming over members: the state is the number of yes
 * votes so far, over the outcomes in which no permanent member has vetoed. O(members × 16).
 */
export function adoptionProbability(voters: readonly Voter[], required: number, veto: boolean): number {
  let mass = new Array<number>(voters.length + 1).fill(0);
  mass[0] = 1;
  for (const voter of voters) {
    const next = new Array<number>(voters.length + 1).fill(0);
    // A permanent member's negative vote removes the outcome (veto); otherwise no and abstain both
    // leave the yes count unchanged.
    const stay = voter.d.abstain + (veto && voter.permanent ? 0 : voter.d.no);
    mass.forEach((p, k) => {
      if (p === 0) return;
      next[k + 1] = (next[k + 1] ?? 0) + p * voter.d.yes;
      next[k] = (next[k] ?? 0) + p * stay;
    });
    mass = next;
  }
  const total = mass.slice(required).reduce((sum, p) => sum + p, 0);
  return Math.min(1, Math.max(0, total));
}

/** Inputs of a forecast: declared votes and positions, by any spelling. */
export interface ForecastInput {
  readonly votes?: Readonly<Record<string, unknown>>;
  readonly positions?: Readonly<Record<string, unknown>>;
}

/** Resolves votes and positions to one entry per member of the year. */
export function memberPositions(
  data: CouncilData,
  council: CouncilYear,
  input: ForecastInput,
): MemberPosition[] {
  const votes = resolveVotes(data, council, input.votes ?? {});
  const positions = new Map<string, Distribution>();
  const spelling = new Map<string, string>();
  for (const [name, value] of Object.entries(input.positions ?? {})) {
    const member = memberOf(data, council, name);
    if (votes.has(member)) throw new CouncilError({ code: "CONFLICTING_INPUT", member });
    const earlier = spelling.get(member);
    if (earlier !== undefined)
      throw new CouncilError({ code: "DUPLICATE_MEMBER", member, names: [earlier, name] });
    spelling.set(member, name);
    positions.set(member, toDistribution(member, value));
  }
  return membersOf(council).map((member) => {
    const vote = votes.get(member);
    const position = positions.get(member);
    const permanent = isPermanent(council, member);
    if (vote !== undefined) return { member, permanent, source: "vote", distribution: declared(vote) };
    if (position !== undefined) return { member, permanent, source: "position", distribution: position };
    return { member, permanent, source: "unknown", distribution: null };
  });
}

/** The pure core of {@link forecast}: the rule and resolved member positions in, the odds out. */
export function forecastPositions(
  rule: AdoptionRule,
  council: CouncilYear,
  members: readonly MemberPosition[],
  procedure: Procedure = "substantive",
): Forecast {
  const part = rule[procedure];
  const required = part.requiredYes;
  const veto = part.permanentNoIsVeto;
  // What each member can still do; an unknown member can do anything.
  const canYes = (m: MemberPosition): boolean => m.distribution === null || m.distribution.yes > 0;
  const canNo = (m: MemberPosition): boolean => m.distribution === null || m.distribution.no > 0;
  const canAbstain = (m: MemberPosition): boolean => m.distribution === null || m.distribution.abstain > 0;
  const surelyYes = (m: MemberPosition): boolean => m.distribution !== null && m.distribution.yes === 1;

  const declaredYes = members.filter(surelyYes).map((m) => m.member);
  const declaredVetoes = veto
    ? members.filter((m) => m.permanent && m.distribution?.no === 1).map((m) => m.member)
    : [];
  const possibleYes = members.filter(canYes).length;
  const vetoRisks = veto ? members.filter((m) => m.permanent && canNo(m) && m.distribution?.no !== 1) : [];
  const unknown = members.filter((m) => m.distribution === null).map((m) => m.member);

  const reasons: ForecastReason[] = [];
  let status: Forecast["status"] = "uncertain";
  if (declaredVetoes.length > 0) {
    status = "impossible";
    reasons.push({ code: "DECLARED_VETO", members: declaredVetoes, verified: part.verified });
  }
  if (possibleYes < required) {
    status = "impossible";
    reasons.push({ code: "TOO_FEW_POSSIBLE_YES", possible: possibleYes, required, verified: part.verified });
  }
  if (status !== "impossible" && declaredYes.length >= required && vetoRisks.length === 0) {
    status = "certain";
    reasons.push({ code: "CERTAIN", yes: declaredYes.length, required, verified: part.verified });
  }
  if (status === "uncertain") {
    for (const m of vetoRisks)
      reasons.push({ code: "VETO_RISK", member: m.member, probability: m.distribution?.no ?? null });
  }
  const abstainers = veto ? members.filter((m) => m.permanent && canAbstain(m)).map((m) => m.member) : [];
  if (abstainers.length > 0 && status !== "impossible") {
    reasons.push({
      code: "PERMANENT_ABSTENTION_ASSUMED_NOT_VETO",
      members: abstainers,
      verified: rule.permanentAbstentionIsNotVeto.verified,
    });
  }
  if (unknown.length > 0) reasons.push({ code: "POSITIONS_MISSING", members: unknown });

  const neededYes = Math.max(0, required - declaredYes.length);
  const mustNotVeto = vetoRisks.map((m) => m.member);
  let minimumSet: string[] | null = null;
  if (status !== "impossible") {
    // Vetoes first (their yes is needed whatever the count), then the likeliest yes votes. Unknown
    // members rank last: nothing says they lean either way.
    const likelihood = (m: MemberPosition): number => m.distribution?.yes ?? -1;
    const undecided = members.filter((m) => !surelyYes(m) && canYes(m));
    const vetoers = undecided.filter((m) => mustNotVeto.includes(m.member));
    for (const m of vetoRisks.filter((risk) => !canYes(risk)))
      reasons.push({ code: "ABSTENTION_NEEDED", member: m.member });
    const others = undecided
      .filter((m) => !mustNotVeto.includes(m.member))
      .sort((a, b) => likelihood(b) - likelihood(a) || a.member.localeCompare(b.member));
    const extra = Math.max(0, neededYes - vetoers.length);
    if (vetoers.length === vetoRisks.length && others.length >= extra) {
      minimumSet = [...vetoers, ...others.slice(0, extra)].map((m) => m.member);
    }
  }

  let probability: number | null = null;
  let pivotality: Pivot[] | null = null;
  const known = members.flatMap((m) =>
    m.distribution === null ? [] : [{ member: m.member, permanent: m.permanent, d: m.distribution }],
  );
  if (known.length === members.length) {
    probability = adoptionProbability(known, required, veto);
    pivotality = known
      .map((voter) => {
        const rest = known.filter((other) => other !== voter);
        const conditional = (vote: Vote): number =>
          adoptionProbability([...rest, { permanent: voter.permanent, d: declared(vote) }], required, veto);
        const [ifYes, ifNo, ifAbstain] = [conditional("yes"), conditional("no"), conditional("abstain")];
        return { member: voter.member, ifYes, ifNo, ifAbstain, swing: ifYes - ifNo };
      })
      .sort((a, b) => b.swing - a.swing || a.member.localeCompare(b.member));
  }

  // Adoption that depends on a permanent member abstaining rests on the unconfirmed practice.
  const reliesOnAbstention = abstainers.length > 0 && status !== "impossible";
  return {
    year: council.year,
    procedure,
    required,
    status,
    probability: status === "impossible" ? 0 : status === "certain" ? 1 : probability,
    members,
    reasons,
    whip: { declaredYes, neededYes, mustNotVeto, minimumSet, pivotality },
    assumption: "independent-votes",
    verified:
      council.verified &&
      part.verified &&
      (!reliesOnAbstention || rule.permanentAbstentionIsNotVeto.verified),
  };
}

/**
 * Adoption odds from declared votes and positions written with any spellings. Members with neither
 * are unknown: the whip count still holds, the probability is then null.
 */
export function forecast(
  data: CouncilData,
  council: CouncilYear,
  input: ForecastInput,
  procedure: Procedure = "substantive",
): Forecast {
  return forecastPositions(data.rule, council, memberPositions(data, council, input), procedure);
}
