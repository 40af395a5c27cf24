/**
 * @module screening/explanation
 * The explanation every match carries: which alias matched, how each query token aligned with a list
 * token and by which rule, which name-level rules changed the score, and what the qualifiers and
 * identifiers did. `formatExplanation` renders it for people.
 */
import type { NameQuality } from "../model/designation.js";
import type { QualifierResult } from "./qualifiers.js";

/** How two tokens were found to agree (or that one side had no partner). */
export type TokenRule =
  | "exact"
  | "variant-class"
  | "joined-syllables"
  | "legal-form"
  | "generic-word"
  | "typo"
  | "near-syllable"
  | "extra-query-token"
  | "extra-list-token";

/** Name-level rules that scale the token score. */
export type NameRule =
  | "order-swapped"
  | "order-mismatch"
  | "family-misaligned"
  | "number-mismatch"
  | "generic-only"
  | "alias-low-quality"
  | "alias-former";

/**
 * Identifier outcomes. A confirmation lifts the score to 1; a conflict lowers it. National ids and
 * SWIFT/BIC codes are compared by the confirmation policy (`confirm.ts`) when the record is at hand.
 */
export type IdentifierCode =
  "imo-confirmed" | "imo-conflict" | "passport-confirmed" | "national-id-confirmed" | "swift-confirmed";

/** One aligned pair (or an unpartnered token). Token texts are the folded forms. */
export interface AlignedTokens {
  readonly query: readonly string[];
  readonly list: readonly string[];
  readonly rule: TokenRule;
  /** Similarity in [0, 1]. */
  readonly score: number;
  /** Weight in the weighted mean (family names weigh 1.3, legal forms 0.25, ...). */
  readonly weight: number;
  readonly detail?: string;
}

/** A name-level rule with the factor it applied (1 when it only informs). */
export interface AppliedRule {
  readonly code: NameRule;
  readonly factor: number;
  readonly detail: string;
}

/** An identifier check. */
export interface IdentifierResult {
  readonly code: IdentifierCode;
  readonly value: string;
  readonly effect: number;
}

/** Why a record matched, as data. */
export interface MatchExplanation {
  /** The alias (as listed) that gave the best score. */
  readonly matchedName: string;
  readonly quality: NameQuality;
  /** Score of the name alone, after name-level rules and before qualifiers. */
  readonly nameScore: number;
  readonly alignment: readonly AlignedTokens[];
  readonly rules: readonly AppliedRule[];
  readonly qualifiers: readonly QualifierResult[];
  readonly identifiers: readonly IdentifierResult[];
}

function describeAlignment(pair: AlignedTokens): string {
  const left = pair.query.length > 0 ? pair.query.join("+") : "∅";
  const right = pair.list.length > 0 ? pair.list.join("+") : "∅";
  const detail = pair.detail !== undefined ? ` (${pair.detail})` : "";
  return `${left} ↔ ${right}: ${pair.rule}${detail} ${pair.score.toFixed(2)} ×${pair.weight.toFixed(2)}`;
}

/** Renders an explanation as indented lines for a terminal. */
export function formatExplanation(explanation: MatchExplanation): string[] {
  const lines = [
    `matched alias: ${explanation.matchedName} [${explanation.quality}], name score ${explanation.nameScore.toFixed(3)}`,
  ];
  for (const pair of explanation.alignment) lines.push(`  ${describeAlignment(pair)}`);
  for (const rule of explanation.rules)
    lines.push(`  rule ${rule.code} ×${rule.factor.toFixed(2)}: ${rule.detail}`);
  for (const qualifier of explanation.qualifiers) {
    lines.push(`  qualifier ${qualifier.code} ${qualifier.effect.toFixed(2)}: ${qualifier.detail}`);
  }
  for (const identifier of explanation.identifiers) {
    lines.push(`  identifier ${identifier.code} ${identifier.value}`);
  }
  return lines;
}
