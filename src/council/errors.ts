/**
 * @module council/errors
 * Typed errors of the Council layer. Each error is data with a stable code; the English message is
 * generated from that data, so tests assert codes and callers can localise or reformat.
 */

/** What went wrong with an input naming members, votes or probabilities. */
export type CouncilErrorDetail =
  | { readonly code: "UNKNOWN_MEMBER"; readonly name: string }
  | { readonly code: "NOT_ON_COUNCIL"; readonly member: string; readonly year: number }
  | {
      readonly code: "YEAR_NOT_COVERED";
      readonly year: number;
      readonly first: number;
      readonly last: number;
    }
  | { readonly code: "INVALID_DATE"; readonly value: string }
  | { readonly code: "INVALID_VOTE"; readonly member: string; readonly value: string }
  | { readonly code: "INVALID_PROBABILITY"; readonly member: string; readonly value: string }
  | { readonly code: "PROBABILITIES_DO_NOT_SUM_TO_ONE"; readonly member: string; readonly sum: number }
  | { readonly code: "DUPLICATE_MEMBER"; readonly member: string; readonly names: readonly string[] }
  | { readonly code: "CONFLICTING_INPUT"; readonly member: string }
  | { readonly code: "MISSING_VOTES"; readonly members: readonly string[] };

/** The stable codes of {@link CouncilErrorDetail}. */
export type CouncilErrorCode = CouncilErrorDetail["code"];

/** English text for an error detail; the one place where these messages are worded. */
export function councilErrorText(detail: CouncilErrorDetail): string {
  switch (detail.code) {
    case "UNKNOWN_MEMBER":
      return `unknown Council member "${detail.name}"`;
    case "NOT_ON_COUNCIL":
      return `${detail.member} was not a member of the Security Council in ${detail.year}`;
    case "YEAR_NOT_COVERED":
      return `no Council membership recorded for ${detail.year} (data covers ${detail.first}–${detail.last})`;
    case "INVALID_DATE":
      return `invalid date "${detail.value}" (expected YYYY-MM-DD)`;
    case "INVALID_VOTE":
      return `invalid vote for ${detail.member}: "${detail.value}" (expected yes, no, abstain or absent)`;
    case "INVALID_PROBABILITY":
      return `invalid probability for ${detail.member}: ${detail.value} (expected a number from 0 to 1)`;
    case "PROBABILITIES_DO_NOT_SUM_TO_ONE":
      return `probabilities for ${detail.member} sum to ${detail.sum}, not 1`;
    case "DUPLICATE_MEMBER":
      return `${detail.member} is given more than once (${detail.names.map((n) => `"${n}"`).join(", ")})`;
    case "CONFLICTING_INPUT":
      return `${detail.member} has both a declared vote and a position; give one`;
    case "MISSING_VOTES":
      return `no vote given for ${detail.members.join(", ")}`;
  }
}

/** A bad input to the Council functions: unknown member, bad probability, and so on. */
export class CouncilError extends Error {
  override readonly name = "CouncilError";
  readonly detail: CouncilErrorDetail;

  constructor(detail: CouncilErrorDetail) {
    super(councilErrorText(detail));
    this.detail = detail;
  }

  /** The stable code of this error. */
  get code(): CouncilErrorCode {
    return this.detail.code;
  }
}

/** Codes of the findings in a bad `council.yaml`. */
export type CouncilDataIssueCode =
  | "YAML_SYNTAX"
  | "UNKNOWN_KEY"
  | "INVALID_VALUE"
  | "ELECTED_COUNT"
  | "DUPLICATE_MEMBER"
  | "PERMANENT_AS_ELECTED"
  | "UNKNOWN_MEMBER"
  | "YEAR_SEQUENCE"
  | "TERM_INCONSISTENT"
  | "ALIAS_UNRESOLVED"
  | "ALIAS_CONFLICT"
  | "VOTE_INCONSISTENT";

/** One finding in a bad `council.yaml`: where (path inside the file, line when known) and what. */
export interface CouncilDataIssue {
  readonly code: CouncilDataIssueCode;
  /** Path inside the document, e.g. `years[3].elected[2]`. Empty for the whole document. */
  readonly path: string;
  readonly line?: number;
  /** Specific text: the offending value and what was expected. */
  readonly message: string;
}

/** Renders one issue as `file:line: path: CODE message`. */
export function councilDataIssueText(file: string, issue: CouncilDataIssue): string {
  const where = issue.line === undefined ? file : `${file}:${issue.line}`;
  const path = issue.path === "" ? "(document)" : issue.path;
  return `${where}: ${path}: ${issue.code} ${issue.message}`;
}

/** A `council.yaml` that fails validation. Carries every finding, not only the first. */
export class CouncilDataError extends Error {
  override readonly name = "CouncilDataError";
  readonly file: string;
  readonly issues: readonly CouncilDataIssue[];

  constructor(file: string, issues: readonly CouncilDataIssue[]) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    super(first === undefined ? `${file}: invalid` : councilDataIssueText(file, first) + more);
    this.file = file;
    this.issues = issues;
  }
}
