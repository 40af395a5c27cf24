/**
 * @module regime/reviews
 * Reversibility: the review clauses under which the Council said it could strengthen, modify, suspend
 * or lift a measure (1718 OP15, 2397 OP28: "is prepared to strengthen, modify, suspend or lift the
 * measures as may be needed in light of the DPRK's compliance"). A measure's clauses are the `commit`
 * effects of `kind: review` that name it in `measures:`, or whose resolution imposed or amended a
 * version of it. Read from whatever the data holds: a review clause added to a resolution file reaches
 * the measures of that resolution without a change here.
 */
import type { Commitment, CompiledRegime, Measure } from "../model/regime.js";

/** One review clause of a measure, and why it applies to it. */
export interface ReviewClauseView {
  readonly commitment: string;
  readonly citation: string;
  readonly undertaking: string;
  /** The verbatim phrase of the paragraph the data quotes, when it has one. */
  readonly anchor?: string;
  readonly verified: boolean;
  readonly from: string;
  /** `names-measure`: the clause lists the measure; `same-resolution`: its resolution imposed or amended a version. */
  readonly basis: "names-measure" | "same-resolution";
}

/** The anchor the data gives the commitment's effect (or its paragraph), found in the compiled resolutions. */
function anchorOf(regime: CompiledRegime, commitment: Commitment): string | undefined {
  const resolution = regime.resolutions.find((r) => r.number === commitment.citation.resolution);
  const paragraph = resolution?.paragraphs.find((p) => p.id === commitment.citation.paragraph);
  const effect = paragraph?.effects?.find((e) => e.action === "commit" && e.id === commitment.id);
  return (effect?.action === "commit" ? effect.anchor : undefined) ?? paragraph?.anchor;
}

/** The review clauses of a measure, in order of adoption. */
export function reviewClauses(regime: CompiledRegime, measure: Measure): ReviewClauseView[] {
  const resolutions = new Set(
    measure.versions.flatMap((version) => version.citations.map((citation) => citation.resolution)),
  );
  return regime.commitments
    .filter((commitment) => commitment.kind === "review")
    .flatMap((commitment): ReviewClauseView[] => {
      const basis = commitment.measures.includes(measure.id)
        ? "names-measure"
        : resolutions.has(commitment.citation.resolution)
          ? "same-resolution"
          : undefined;
      if (basis === undefined) return [];
      const anchor = anchorOf(regime, commitment);
      return [
        {
          commitment: commitment.id,
          citation: commitment.citation.text,
          undertaking: commitment.undertaking,
          ...(anchor === undefined ? {} : { anchor }),
          verified: commitment.verified,
          from: commitment.from,
          basis,
        },
      ];
    })
    .sort((a, b) => a.from.localeCompare(b.from) || a.citation.localeCompare(b.citation));
}

/** The review clauses as `sanctions measure ID` prints them (nothing when there are none). */
export function reviewClauseLines(clauses: readonly ReviewClauseView[]): string[] {
  if (clauses.length === 0) return [];
  return [
    "",
    "Review clauses (the Council said it could strengthen, modify, suspend or lift the measure):",
    ...clauses.map(
      (clause) =>
        `  ${clause.citation}${clause.verified ? "" : "*"} (${clause.from}): ${clause.undertaking}${clause.anchor ? ` — "${clause.anchor}"` : ""}`,
    ),
    ...(clauses.some((clause) => !clause.verified) ? ["  * unconfirmed"] : []),
  ];
}
