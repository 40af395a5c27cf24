/** The JSON the UI reads from the API (only the fields it shows; see docs/api.md and docs/cli.md). */
// Verdicts and reasons come from the engine's contract (src/model/contract.ts), as types only: the page
// reads the codes and details the engine writes, and no schema code reaches the bundle.
import type { ForecastReason } from "../../src/council/odds.js";
import type { DecisionReason } from "../../src/council/rule.js";
import type { Outcome, Reason, Verdict as ContractVerdict } from "../../src/model/contract.js";
import type { DraftSummaryView, DraftView, ScenarioView, VoteView } from "../../src/drafts/views.js";

export interface Citation {
  readonly text: string;
  readonly verified: boolean;
  /** The verbatim phrase of the paragraph the data quotes, when it has one. */
  readonly anchor?: string;
}

/** Whether a citation's anchor was found in the official text (`src/texts/verify.ts`), in words. */
export interface Verification {
  readonly status: string;
  readonly text: string;
}

/**
 * A reason with the quoted anchor of its citation and that anchor's check, where the engine gives
 * them (optional: an engine without them still answers).
 */
export type ReasonWithAnchor = Reason & {
  readonly anchor?: string;
  readonly verification?: Verification;
  /** The project's mapping of the text's words to HS codes that the reason rests on. */
  readonly interpretation?: string;
};

export interface CapLimit {
  readonly amount: number;
  readonly unit: string;
}

export interface Cap {
  readonly limits?: readonly CapLimit[];
  readonly basis?: string;
  readonly period?: string;
  readonly periodStart?: string;
  readonly periodEnd?: string;
  readonly reportEveryDays?: number;
  readonly note?: string;
}

export interface Scope {
  readonly activities: readonly string[];
  readonly text?: string;
  readonly goods?: {
    readonly hs?: readonly string[];
    readonly note?: string;
    readonly keywords?: readonly string[];
  };
}

export interface MeasureState {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  readonly direction: string;
  readonly modality: string;
  readonly scope: Scope;
  readonly since: string;
  readonly versionSince: string;
  readonly citation: string;
  readonly citations: readonly Citation[];
  readonly verified: boolean;
  readonly unverified: readonly string[];
  readonly cap?: Cap;
}

export interface RegimeState {
  readonly at: string;
  readonly regimeVersion: string;
  readonly measures: readonly MeasureState[];
}

export interface TimelineChange {
  readonly date: string;
  readonly measure: string;
  readonly title: string;
  readonly change: string;
  readonly citations: readonly string[];
  readonly verified: boolean;
  readonly detail?: string;
}

export interface RegimeEvent {
  readonly id: string;
  readonly date: string;
  readonly kind: string;
  readonly title: string;
  readonly response?: string;
  readonly verified: boolean;
}

export interface Timeline {
  readonly from: string;
  readonly to: string;
  readonly regimeVersion: string;
  readonly changes: readonly TimelineChange[];
  readonly events: readonly RegimeEvent[];
}

export interface MeasureException {
  readonly id: string;
  readonly title: string;
  readonly outcome: string;
  readonly citation: string;
  readonly verified: boolean;
}

export interface MeasureWindow {
  readonly id: string;
  readonly kind: string;
  readonly opens?: string;
  readonly lastDay?: string;
  readonly citation: string;
  readonly verified: boolean;
}

export interface MeasureVersion {
  readonly from: string;
  readonly to?: string;
  readonly change: string;
  readonly title: string;
  readonly modality: string;
  readonly scope: Scope;
  readonly cap?: Cap;
  readonly citations: readonly Citation[];
  readonly verified: boolean;
  readonly unverified: readonly string[];
  readonly notes: readonly string[];
  readonly exceptions: readonly MeasureException[];
  readonly windows: readonly MeasureWindow[];
  readonly superseded?: readonly { readonly citations: readonly string[]; readonly cap?: Cap }[];
}

export interface MeasureHistory {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  readonly direction: string;
  readonly regimeVersion: string;
  readonly versions: readonly MeasureVersion[];
}

// Verdicts and reasons are the engine's contract, imported as types only (see the import above); here
// `Verdict` names the outcome and `VerdictResult` the whole answer.
export type { Reason };
export type Verdict = Outcome;
export type VerdictResult = ContractVerdict;

export interface RejectedItem {
  readonly id?: string;
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly index: number;
    readonly field?: string;
  };
}

export interface CheckBatch {
  readonly results: readonly (VerdictResult | RejectedItem)[];
  readonly summary: {
    readonly evaluated: number;
    readonly rejected: number;
    readonly byVerdict: Readonly<Record<Verdict, number>>;
  };
}

export interface Alignment {
  readonly query: readonly string[];
  readonly list: readonly string[];
  readonly rule: string;
  readonly score: number;
  readonly weight: number;
  readonly detail?: string;
}

export interface Explanation {
  readonly matchedName: string;
  readonly quality: string;
  readonly nameScore: number;
  readonly alignment: readonly Alignment[];
  readonly rules: readonly { readonly code: string; readonly factor: number; readonly detail: string }[];
  readonly qualifiers: readonly { readonly code: string; readonly effect: number; readonly detail: string }[];
  readonly identifiers: readonly { readonly code: string; readonly value: string; readonly effect: number }[];
}

export interface ScreenMatch {
  readonly ref: string;
  readonly name: string;
  readonly score: number;
  readonly band: string;
  readonly list: string;
  readonly programmes?: readonly string[];
  readonly listedOn?: string;
  readonly explanation: Explanation;
  /** An analyst's decision on this party and entry, and what it does now (src/decisions). */
  readonly decision?: AppliedDecision;
}

/** The latest decision on a party and list entry, as the screen answer carries it. */
export interface AppliedDecision {
  readonly id: string;
  readonly decision: "false_positive" | "true_match";
  readonly state: "suppressed" | "confirmed" | "reopened";
  readonly note: string;
  readonly decidedBy: string;
  readonly decidedAt: string;
}

export interface ScreenResponse {
  readonly listSnapshot: readonly string[];
  readonly results: readonly { readonly query: string; readonly matches: readonly ScreenMatch[] }[];
}

export interface DraftSide {
  readonly inForce: boolean;
  readonly citation?: string;
  readonly modality?: string;
  readonly exceptions?: readonly string[];
  readonly hs?: readonly string[];
  readonly cap?: Cap;
}

export interface DraftChange {
  readonly measure: string;
  readonly title: string;
  readonly change: string;
  readonly effective: string;
  readonly citations: readonly string[];
  readonly verified: boolean;
  readonly before: DraftSide;
  readonly after: DraftSide;
  readonly details: readonly string[];
}

export interface DraftDiff {
  readonly draft: {
    readonly id: string;
    readonly title: string;
    readonly status: string;
    readonly at: string;
  };
  readonly regimeVersion: string;
  readonly draftRegimeVersion: string;
  readonly changes: readonly DraftChange[];
  readonly commitments?: readonly unknown[];
  readonly rejected?: readonly unknown[];
}

export type Vote = "yes" | "no" | "abstain" | "absent";

/** A reason of a Council decision or forecast: the Council module's own types. */
export type CouncilReason = DecisionReason | ForecastReason;

export interface CouncilVoteResponse {
  readonly title?: string;
  readonly date?: string;
  readonly year: number;
  readonly result: "decision" | "forecast";
  readonly decision?: {
    readonly outcome: string;
    readonly tally: Readonly<Record<Vote, number>>;
    readonly required: number;
    readonly vetoes: readonly string[];
    readonly votes: readonly { readonly member: string; readonly permanent: boolean; readonly vote: Vote }[];
    readonly reasons: readonly CouncilReason[];
  };
  readonly forecast?: {
    readonly required: number;
    readonly status: string;
    readonly probability: number | null;
    readonly members: readonly {
      readonly member: string;
      readonly permanent: boolean;
      readonly source: string;
      readonly distribution: { readonly yes: number; readonly no: number; readonly abstain: number } | null;
    }[];
    readonly reasons: readonly CouncilReason[];
    /** Whip count; list fields are null when they cannot be computed (an impossible vote). */
    readonly whip?: {
      readonly declaredYes: readonly string[] | null;
      readonly neededYes: number | null;
      readonly mustNotVeto: readonly string[] | null;
      readonly minimumSet: readonly string[] | null;
      readonly pivotality: readonly { readonly member: string; readonly swing: number }[] | null;
    } | null;
  };
}

export interface ListsResponse {
  readonly snapshots: readonly {
    readonly id: string;
    readonly list: string;
    readonly source?: string;
    readonly generatedOn?: string;
    readonly importedAt?: string;
    readonly active?: boolean;
  }[];
}

/** A recorded vote on a draft (`GET /v1/drafts`); `verified` only when the Council's record confirms it. */
export type DraftVote = VoteView;

/** An encoded draft as `GET /v1/drafts` lists it. */
export type DraftSummary = DraftSummaryView;

/** A vote scenario of the regime package (illustrative positions, never a record). */
export type DraftScenario = ScenarioView;

/** `GET /v1/drafts/{id}`: a draft with its paragraphs, operations and scenarios. */
export type DraftDetail = DraftView;
