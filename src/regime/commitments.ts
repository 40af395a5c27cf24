/**
 * @module regime/commitments
 * Which Council commitments an event triggers: 2397 OP28 decides that "if the DPRK conducts a further
 * nuclear test or a launch of a ballistic missile system capable of reaching intercontinental ranges or
 * contributing to the development of a ballistic missile system capable of such ranges, then the
 * Security Council will take action to restrict further the export to the DPRK of petroleum". A
 * commitment is an undertaking, not a measure: the engine records that it was triggered, and never
 * invents the measure that did not follow.
 *
 * Triggered only by what the commitment names (its `triggers`, event kinds). A launch of another
 * ballistic system (an SRBM, an IRBM, the Hwasong-8) could meet the words "contributing to the
 * development of" an intercontinental system only by a finding of fact the record does not hold and the
 * Council never made: the engine does not infer it from the kind of launch, and says so
 * (`contribution_not_established`). A cruise missile is no ballistic missile system at all.
 *
 * Findings are data with a stable code; {@link commitmentFindingText} is the one place that words them.
 */
import { compareDates } from "../model/dates.js";
import type { EventKind } from "../model/regime-schema.js";
import type { Commitment, CompiledRegime, RegimeEvent } from "../model/regime.js";
import { conductKinds, eventKindWords } from "./obligations.js";

/** The trigger commitments in force on the event's date whose triggers include the event's kind. */
export function commitmentsTriggered(
  regime: CompiledRegime,
  event: Pick<RegimeEvent, "date" | "kind">,
): Commitment[] {
  return regime.commitments.filter(
    (commitment) =>
      commitment.kind === "trigger" &&
      commitment.triggers.includes(event.kind) &&
      compareDates(commitment.from, event.date) <= 0,
  );
}

/** Ballistic launches short of an ICBM: the ones "contributing to the development of" one could reach. */
const otherBallisticKinds: readonly EventKind[] = [
  "ballistic-missile-launch",
  "irbm-launch",
  "satellite-launch",
];

/** What the engine finds of one trigger commitment for one test or launch. */
export type CommitmentFinding =
  | { readonly code: "triggered"; readonly commitment: Commitment; readonly kind: EventKind }
  /** Another ballistic launch, against a commitment that names intercontinental-range systems. */
  | {
      readonly code: "contribution_not_established";
      readonly commitment: Commitment;
      readonly kind: EventKind;
    }
  | { readonly code: "not_named"; readonly commitment: Commitment; readonly kind: EventKind };

export type CommitmentFindingCode = CommitmentFinding["code"];

/**
 * Every trigger commitment in force on the date of a test or launch, and whether the event triggers it.
 * Other events (summits, drafts) are not weighed: an empty list.
 */
export function commitmentFindings(
  regime: CompiledRegime,
  event: Pick<RegimeEvent, "date" | "kind">,
): CommitmentFinding[] {
  if (!conductKinds.includes(event.kind)) return [];
  const { kind } = event;
  return regime.commitments
    .filter((commitment) => commitment.kind === "trigger" && compareDates(commitment.from, event.date) <= 0)
    .map((commitment): CommitmentFinding => {
      if (commitment.triggers.includes(kind)) return { code: "triggered", commitment, kind };
      if (commitment.triggers.includes("icbm-launch") && otherBallisticKinds.includes(kind))
        return { code: "contribution_not_established", commitment, kind };
      return { code: "not_named", commitment, kind };
    });
}

/** The kinds a commitment names, in words: "a nuclear test or an ICBM launch". */
function namedWords(commitment: Commitment): string {
  const words = commitment.triggers.map((trigger) =>
    conductKinds.includes(trigger as EventKind) ? eventKindWords(trigger as EventKind) : trigger,
  );
  return words.length <= 1 ? (words[0] ?? "nothing") : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

/** English text of a finding; the one place where these sentences are worded. */
export function commitmentFindingText(finding: CommitmentFinding): string {
  const citation = finding.commitment.citation.text;
  switch (finding.code) {
    case "triggered":
      return `${eventKindWords(finding.kind)} is named by ${citation} (${namedWords(finding.commitment)}): triggered; the Council undertook to ${lowerFirst(finding.commitment.undertaking)}`;
    case "contribution_not_established":
      return (
        `${citation} names ${namedWords(finding.commitment)}, and a launch "contributing to the development of" an ` +
        `intercontinental-range system; nothing in the record establishes that ${eventKindWords(finding.kind)} of this kind did, ` +
        `and the Council made no such finding: not shown triggered`
      );
    case "not_named":
      return `${citation} names ${namedWords(finding.commitment)}; ${eventKindWords(finding.kind)} is not one of them: not triggered`;
  }
}

const lowerFirst = (text: string): string => text.slice(0, 1).toLowerCase() + text.slice(1);
