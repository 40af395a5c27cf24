/**
 * @module model/issues
 * Findings about regime data, as data: a stable code, the file, the path inside it and (when known) the
 * line. Tests assert codes and paths, never message text. Loading collects every issue before failing.
 */

export const regimeIssueCodes = [
  "file_unreadable",
  "yaml_syntax",
  "duplicate_key",
  "unknown_key",
  "missing_field",
  "invalid_type",
  "invalid_value",
  "invalid_date",
  "invalid_hs_code",
  "invalid_anchor",
  "invalid_measure_id",
  "unknown_hs_code",
  "symbol_mismatch",
  "duplicate_resolution",
  "duplicate_paragraph",
  "unverified_anchor_marked_verified",
  "unknown_resolution",
  "unknown_paragraph",
  "invalid_citation",
  "unknown_measure",
  "duplicate_measure",
  "measure_not_in_force",
  "effect_before_adoption",
  "dates_out_of_order",
  "overlapping_versions",
  "duplicate_exception",
  "unknown_exception",
  "conflicting_exceptions",
  "duplicate_window",
  "invalid_window",
  "duplicate_event",
  "duplicate_commitment",
  "duplicate_obligation",
  "conflicting_operations",
  /** With the official texts: a paragraph whose verb exhorts ("Calls upon") encoded as binding. */
  "exhortation_encoded_as_binding",
] as const;

export type RegimeIssueCode = (typeof regimeIssueCodes)[number];

/** One finding: what is wrong (code), where (file, path, line) and in words (message). */
export interface RegimeIssue {
  readonly code: RegimeIssueCode;
  /** File path relative to the regime directory, e.g. `resolutions/2371.yaml`. */
  readonly file: string;
  /** Path inside the file, e.g. `["paragraphs", 3, "effects", 0, "measure"]`. */
  readonly path: readonly (string | number)[];
  readonly message: string;
  /** 1-based line in the file, when the location could be resolved. */
  readonly line?: number | undefined;
}

/** Renders a path as `paragraphs[3].effects[0].measure`. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (text, part) => (typeof part === "number" ? `${text}[${part}]` : text ? `${text}.${part}` : part),
    "",
  );
}

/** One line per issue: `resolutions/2371.yaml:42 paragraphs[3].effects[0]: unknown_measure: ...`. */
export function formatIssue(issue: RegimeIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
  const path = formatPath(issue.path);
  return `${where}${path ? ` ${path}` : ""}: ${issue.code}: ${issue.message}`;
}

/** Thrown at the edges when a regime cannot be loaded; carries every issue found. */
export class RegimeLoadError extends Error {
  override readonly name = "RegimeLoadError";
  constructor(readonly issues: readonly RegimeIssue[]) {
    super(
      `${issues.length} problem(s) in the regime data; first: ${issues[0] ? formatIssue(issues[0]) : "none"}`,
    );
  }
}
