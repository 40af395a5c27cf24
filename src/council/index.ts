/**
 * @module council
 * The Security Council: its membership 2006–2026 as data, the adoption rule, and adoption odds for a
 * draft. Everything here is pure except `loadCouncilData`, the file adapter.
 */
export type {
  AdoptionRule,
  CouncilData,
  CouncilYear,
  Procedure,
  Provenance,
  RecordedVote,
  RulePart,
  Vote,
} from "./types.js";
export { VOTES } from "./types.js";
export {
  CouncilDataError,
  CouncilError,
  councilDataIssueText,
  councilErrorText,
  type CouncilDataIssue,
  type CouncilDataIssueCode,
  type CouncilErrorCode,
  type CouncilErrorDetail,
} from "./errors.js";
export { normaliseName, resolveMember } from "./names.js";
export { councilAt, councilForYear, isPermanent, memberOf, membersOf, yearOfDate } from "./membership.js";
export {
  applyRule,
  decide,
  parseVote,
  resolveVotes,
  type Decision,
  type DecisionReason,
  type MemberVote,
} from "./rule.js";
export {
  adoptionProbability,
  declared,
  forecast,
  forecastPositions,
  memberPositions,
  toDistribution,
  type Distribution,
  type Forecast,
  type ForecastInput,
  type ForecastReason,
  type MemberPosition,
  type Pivot,
  type PositionInput,
  type Whip,
} from "./odds.js";
export {
  decisionLines,
  decisionReasonText,
  forecastLines,
  forecastReasonText,
  membersLines,
  percent,
} from "./text.js";
export { councilReasonLabels, type CouncilReasonCode } from "./labels.js";
export { councilFileSchema, parseCouncilData, voteDocument, type VoteDocument } from "./schema.js";
export { defaultCouncilFile, loadCouncilData } from "./load.js";
