/**
 * @module model/verification
 * Whether a citation says what the Council said, and why not, in words. The statuses are those of
 * `texts/verify.ts` (which decides them against the official text); the words are here, once: every
 * answer that rests on a citation (a verdict's reason, a measure's history, the state at a date, the
 * CLI's lines) carries `{status, text}` made by {@link verificationOf}, so that nothing else words it.
 *
 * Why the words travel with the status: a compliance officer reading "unverified" must be told what to
 * do about it (import the texts, or distrust a paragraph number), not handed a code to look up.
 */

/**
 * Why a citation is, or is not, verified: the statuses `texts/verify.ts` decides (the compiler checks
 * that the two lists agree; this one is kept free of the texts' reader so that the web UI can import it).
 */
export const verificationStatuses = [
  "verified",
  "no_anchor",
  "no_paragraph_number",
  "no_official_text",
  "paragraph_missing",
  "anchor_not_found",
  "part_not_read",
] as const;
export type VerificationStatus = (typeof verificationStatuses)[number];

/** What a citation is, to word its verification: the symbol, the paragraph, and where else the anchor is. */
export interface VerifiedCitation {
  readonly symbol: string;
  readonly paragraph: string;
  readonly foundIn?: readonly string[] | undefined;
}

/** The one wording table: each status in words, from the citation it is about. */
const wording: Readonly<Record<VerificationStatus, (citation: VerifiedCitation) => string>> = {
  verified: (c) => `the anchor is found in ${c.paragraph} of the official text of ${c.symbol}`,
  no_anchor: (c) =>
    `${c.symbol} ${c.paragraph} quotes no anchor (a verbatim phrase of the paragraph) to look for in the official text`,
  no_paragraph_number: (c) =>
    `${c.symbol} ${c.paragraph} has no paragraph number: the content is known, the paragraph that says it is not`,
  no_official_text: (c) =>
    `the official text of ${c.symbol} is not imported; run sanctions texts import (or give --texts DIR) to verify ${c.paragraph}`,
  paragraph_missing: (c) => `the official text of ${c.symbol} has no paragraph ${c.paragraph}`,
  anchor_not_found: (c) =>
    `the anchor is not in ${c.paragraph} of the official text of ${c.symbol}` +
    (c.foundIn && c.foundIn.length > 0 ? `; it is in ${c.foundIn.join(", ")}` : ""),
  part_not_read: (c) => `${c.paragraph} of ${c.symbol} (an annex) is not read from the official text`,
};

/** A citation's verification as every answer carries it. */
export interface CitationVerification {
  readonly status: VerificationStatus;
  /** Why, in words (see the module's header). */
  readonly text: string;
}

/** The verification of a citation, worded. */
export function verificationOf(status: VerificationStatus, citation: VerifiedCitation): CitationVerification {
  return { status, text: wording[status](citation) };
}
