/**
 * @module decisions
 * Analysts' decisions on screening alerts: a false positive suppresses the alert on the same party and
 * list entry while the entry is unchanged, and reopens when the list changes it; a true match is
 * confirmed by a person. `recordDecision` records one; `applyDecision` says what the latest does now.
 */
export {
  applyDecision,
  decisionKinds,
  DecisionInput,
  decisionText,
  entryHash,
  indexDecisions,
  partyKey,
  type AppliedDecision,
  type Decision,
  type DecisionIndex,
  type DecisionKind,
  type DecisionState,
} from "./model.js";
export { DecisionError, recordDecision, type DecisionStore } from "./record.js";
export {
  decidingScreener,
  decisionJson,
  decisionOf,
  isSuppressed,
  screenerWithDecisions,
  type DecidedMatch,
} from "./screener.js";
