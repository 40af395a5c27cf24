/**
 * @module council/labels
 * A few words for each code of a Council decision or forecast, as plain data: what a person reads on a
 * vote board in place of `DECLARED_VETO` or `POSITIONS_MISSING`. The full line of a reason stays in
 * `council/text`; this module imports types only, so a browser bundle takes the words and nothing else.
 *
 * @example
 * councilReasonLabels.DECLARED_VETO; // "Declared veto"
 */
import type { ForecastReason } from "./odds.js";
import type { DecisionReason } from "./rule.js";

/** A code of a decision's or a forecast's reasons. */
export type CouncilReasonCode = DecisionReason["code"] | ForecastReason["code"];

/** Each reason code of a decision or forecast, in a few words. */
export const councilReasonLabels: Readonly<Record<CouncilReasonCode, string>> = {
  ENOUGH_YES: "Enough votes in favour",
  TOO_FEW_YES: "Too few votes in favour",
  VETO: "Veto",
  NO_VETO: "No veto",
  PERMANENT_ABSTENTION_NOT_VETO: "A permanent member's abstention is not a veto",
  PROCEDURAL_NO_VETO: "Procedural vote: no veto",
  DECLARED_VETO: "Declared veto",
  TOO_FEW_POSSIBLE_YES: "Too few possible votes in favour",
  CERTAIN: "Adoption certain",
  VETO_RISK: "Risk of a veto",
  ABSTENTION_NEEDED: "Needs an abstention",
  PERMANENT_ABSTENTION_ASSUMED_NOT_VETO: "Abstention counted as no veto",
  POSITIONS_MISSING: "Positions missing",
};
