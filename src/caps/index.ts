/**
 * @module caps
 * Quantity-cap ledgers: delivery records, conversion to barrels with factors that are data
 * (`caps.yaml`), totals per cap period that do not count overlapping reports twice (nor voided
 * records), threshold notices, and the {@link CapLedger} the evaluator asks about a new delivery; the
 * key that makes a record sent twice one record, and the limits every record is held to. Pure apart
 * from reading `caps.yaml`; the database side is `src/store`.
 */
export {
  CapError,
  deliveryProblemMessage,
  deliveryProblemText,
  type CapErrorCode,
  type DeliveryProblem,
} from "./errors.js";
export { deliveryProblem, quantityProblem, readQuantity, textProblem } from "./check.js";
export {
  CONTENT_KEY_PREFIX,
  contentKey,
  deliveryContent,
  keyOf,
  sameContent,
  type DeliveryContent,
} from "./key.js";
export {
  capsFile,
  loadCapsData,
  parseCapsData,
  type CapsData,
  type ConversionFactor,
  type Threshold,
} from "./data.js";
export {
  factorFor,
  normaliseUnit,
  recordTypes,
  toBarrels,
  type Converted,
  type Delivery,
  type DeliveryKind,
  type DeliveryVoid,
  type RecordType,
} from "./delivery.js";
export { monthsOf, periodAt, type CapPeriod } from "./period.js";
export { periodTotals, type CountedRecord, type PeriodTotals, type SkippedRecord } from "./totals.js";
export {
  createLedger,
  type CapStatus,
  type Ledger,
  type NoCapStatus,
  type ThresholdNotice,
} from "./ledger.js";
export { capStatusJson } from "./view.js";
export { parseNotificationsCsv, type NotificationsOptions } from "./import.js";
export type { CapCheck, CapLedger } from "../evaluate/context.js";
