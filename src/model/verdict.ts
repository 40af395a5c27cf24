/**
 * @module model/verdict
 * What the engine says about an activity: outcomes, reasons and verdicts. The shapes are defined once,
 * as schemas, in `model/contract.ts`; this module keeps the names its many importers use.
 */
export {
  Outcome,
  outcomeRank,
  Reason,
  ReasonCode,
  Verdict,
  type ReasonDetail,
  type ReasonFacts,
} from "./contract.js";
