/**
 * @module decisions/model
 * An analyst's decision on a screening alert: this party is not (false positive) or is (true match)
 * that list entry. Decisions are kept, never overwritten: a later decision on the same party and entry
 * supersedes an earlier one, and both stay in the record with who, when and why.
 *
 * Why the entry's content hash is part of a decision: a false positive is judged against what the list
 * said then. When the list entry changes (a new alias, a date of birth, a new identifier), the judgement
 * may no longer hold, so the alert reopens; an entry re-imported unchanged keeps it closed.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { canonicalJson } from "../lists/snapshot.js";
import type { MatchDecision } from "../model/contract.js";
import type { Designation } from "../model/designation.js";
import { MAX_CODE_LENGTH, MAX_ID_LENGTH, MAX_NAME_LENGTH, MAX_TEXT_LENGTH } from "../model/limits.js";
import { tokenise } from "../screening/normalise.js";

export const decisionKinds = ["false_positive", "true_match"] as const;
export type DecisionKind = (typeof decisionKinds)[number];

/** A decision as an analyst gives it (CLI flags, API body). */
export const DecisionInput = z.object({
  party: z.string().trim().min(1).max(MAX_NAME_LENGTH).meta({ description: "The party's name as screened" }),
  list: z.string().min(1).max(MAX_CODE_LENGTH).meta({ description: "The list, e.g. UN or OFAC-SDN" }),
  entry: z
    .string()
    .min(1)
    .max(MAX_ID_LENGTH)
    .meta({ description: "The list entry's reference, e.g. KPe.033" }),
  decision: z.enum(decisionKinds),
  note: z.string().trim().min(1).max(MAX_TEXT_LENGTH).meta({ description: "Why: what the analyst checked" }),
});
export type DecisionInput = z.infer<typeof DecisionInput>;

/** A stored decision. */
export interface Decision {
  readonly id: string;
  /** The party's name, normalised: the key later screenings of the same party are matched by. */
  readonly partyKey: string;
  readonly party: string;
  readonly list: string;
  readonly entry: string;
  /** Content hash of the list entry when the decision was made. */
  readonly entryHash: string;
  readonly decision: DecisionKind;
  readonly note: string;
  readonly decidedBy: string;
  readonly decidedAt: string;
}

/** The key a party's screenings share: its name folded and tokenised (case, accents, punctuation aside). */
export function partyKey(name: string): string {
  return tokenise(name).tokens.join(" ");
}

/** Content hash of a list entry: equal hashes mean the list says the same of it. */
export function entryHash(designation: Designation): string {
  return createHash("sha256").update(canonicalJson(designation)).digest("hex");
}

/** What a decision does to an alert now. */
export type DecisionState =
  /** A false positive on an unchanged entry: the alert is suppressed. */
  | "suppressed"
  /** A true match: the alert stands, confirmed by a person. */
  | "confirmed"
  /** The entry changed since the decision: the alert is open again. */
  | "reopened";

/** A decision as shown beside an alert: the contract's shape, which verdicts carry too. */
export type AppliedDecision = MatchDecision;

/** The decisions in force, looked up by party and entry. Loaded once per context (they are few). */
export interface DecisionIndex {
  /** The latest decision on this party and list entry, if any. */
  latest(partyName: string, list: string, entry: string): Decision | undefined;
  readonly size: number;
}

/** Indexes decisions, the latest per party and entry winning. */
export function indexDecisions(decisions: readonly Decision[]): DecisionIndex {
  const latest = new Map<string, Decision>();
  const key = (party: string, list: string, entry: string) => `${party}\u0000${list}\u0000${entry}`;
  for (const decision of decisions) {
    const k = key(decision.partyKey, decision.list, decision.entry);
    const current = latest.get(k);
    if (!current || current.decidedAt <= decision.decidedAt) latest.set(k, decision);
  }
  return {
    latest: (partyName, list, entry) => latest.get(key(partyKey(partyName), list, entry)),
    size: latest.size,
  };
}

/**
 * What the latest decision on a party and entry does, given the entry as the list says it now.
 * Undefined when there is no decision.
 */
export function applyDecision(
  decisions: DecisionIndex | undefined,
  partyName: string,
  entry: Designation,
): AppliedDecision | undefined {
  const decision = decisions?.latest(partyName, entry.list, entry.ref);
  if (!decision) return undefined;
  const state: DecisionState =
    decision.entryHash !== entryHash(entry)
      ? "reopened"
      : decision.decision === "false_positive"
        ? "suppressed"
        : "confirmed";
  return {
    id: decision.id,
    decision: decision.decision,
    state,
    note: decision.note,
    decidedBy: decision.decidedBy,
    decidedAt: decision.decidedAt,
  };
}

/** One line for a person: "false positive (suppressed): … — by ana on 2026-12-02". */
export function decisionText(applied: AppliedDecision): string {
  const what = applied.decision === "false_positive" ? "false positive" : "true match";
  const state =
    applied.state === "reopened"
      ? "reopened: the list entry changed since"
      : applied.state === "suppressed"
        ? "alert suppressed while the entry is unchanged"
        : "confirmed by a person";
  return `decided ${what} by ${applied.decidedBy} on ${applied.decidedAt.slice(0, 10)} (${state}): ${applied.note}`;
}
