/**
 * @module exemptions
 * Exemption records (the 1718 Committee's humanitarian exemption approvals, and the 2664 carve-out)
 * and the {@link ExemptionRegistry} that tells the evaluator whether one covers an activity. Pure; the
 * database side is `src/store`.
 */
export { ExemptionError, type ExemptionErrorCode } from "./errors.js";
export {
  carveOut,
  committeeExemption,
  exemptionCitation,
  exemptionRecord,
  exemptionState,
  firstValidDay,
  lastValidDay,
  parseExemption,
  parseExemptionFile,
  readStoredExemption,
  MAX_HS_CODES,
  MAX_ITEMS,
  type CarveOut,
  type CommitteeExemption,
  type ExemptionInput,
  type ExemptionRecord,
  type ExemptionState,
} from "./record.js";
export {
  createExemptionRegistry,
  normaliseName,
  type ExemptionFinding,
  type NotApplicableCode,
  type Registry,
} from "./registry.js";
export type { ExemptionMatch, ExemptionRegistry } from "../evaluate/context.js";
