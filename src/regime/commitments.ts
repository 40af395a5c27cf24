/**
 * @module regime/commitments
 * Which Council commitments an event triggers: 2397 OP27 commits the Council to act to restrict
 * petroleum further after a nuclear test or an ICBM launch. A commitment is an undertaking, not a
 * measure: the engine records that it was triggered, and never invents the measure that did not follow.
 */
import { compareDates } from "../model/dates.js";
import type { Commitment, CompiledRegime, RegimeEvent } from "../model/regime.js";

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
