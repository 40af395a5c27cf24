/**
 * @module caps/check
 * The limits a delivery record is held to, for every way one comes in (the API, `sanctions caps add`,
 * a notifications table) and once more before it is stored. Why: a quantity of 1e308 tonnes converts to
 * an infinite number of barrels and made the cap `∞`; a 3,000-character key does not fit the unique
 * index, and failed as a 500 deep inside the database. The limits are those of `model/limits.ts`.
 */
import { isIsoDate } from "../model/dates.js";
import {
  MAX_CODE_LENGTH,
  MAX_ID_LENGTH,
  MAX_NAME_LENGTH,
  MAX_QUANTITY,
  MAX_TEXT_LENGTH,
} from "../model/limits.js";
import { recordTypes, type Delivery } from "./delivery.js";
import type { DeliveryProblem } from "./errors.js";

/** A text field longer than `limit` (or empty when `required`), or undefined when it is fine. */
export function textProblem(
  field: string,
  value: string | undefined,
  limit: number,
  options: { required?: boolean } = {},
): DeliveryProblem | undefined {
  if (value === undefined || value.trim() === "")
    return options.required === true ? { code: "required", field } : undefined;
  if (value.length > limit) return { code: "too_long", field, limit, length: value.length };
  return undefined;
}

/**
 * A quantity that is not finite, negative, zero when `zero` is not allowed, or above
 * {@link MAX_QUANTITY}: far above any real delivery, far below where sums lose their precision.
 */
export function quantityProblem(
  field: string,
  value: number,
  options: { zero: boolean },
): DeliveryProblem | undefined {
  const low = options.zero ? value >= 0 : value > 0;
  if (Number.isFinite(value) && low && value <= MAX_QUANTITY) return undefined;
  return { code: "quantity_out_of_range", field, zero: options.zero, limit: MAX_QUANTITY };
}

/** The number a quantity is written as (`1,200`, `1200.5`), or the problem with it. */
export function readQuantity(
  field: string,
  text: string,
  options: { zero: boolean },
): number | DeliveryProblem {
  const value = Number(text.trim().replace(/,/g, ""));
  if (text.trim() === "" || Number.isNaN(value)) return { code: "not_a_number", field, value: text };
  return quantityProblem(field, value, options) ?? value;
}

/**
 * The first problem of a record as it is about to be stored, with the record's own field names; the
 * edges have checked the same limits under their own names already.
 */
export function deliveryProblem(delivery: Delivery): DeliveryProblem | undefined {
  const text = (field: keyof Delivery, limit: number, required = false) =>
    textProblem(field, delivery[field] as string | undefined, limit, { required });
  return (
    (delivery.key !== undefined ? text("key", MAX_ID_LENGTH, true) : undefined) ??
    text("measure", MAX_ID_LENGTH, true) ??
    text("supplier", MAX_NAME_LENGTH, true) ??
    date("periodStart", delivery.periodStart) ??
    date("periodEnd", delivery.periodEnd) ??
    (delivery.periodEnd < delivery.periodStart
      ? { code: "before_start", field: "periodEnd", start: delivery.periodStart }
      : undefined) ??
    text("product", MAX_CODE_LENGTH) ??
    (delivery.barrels === undefined && delivery.tonnes === undefined
      ? { code: "no_quantity", field: "quantity" }
      : undefined) ??
    (delivery.barrels === undefined
      ? undefined
      : quantityProblem("barrels", delivery.barrels, { zero: true })) ??
    (delivery.tonnes === undefined
      ? undefined
      : quantityProblem("tonnes", delivery.tonnes, { zero: true })) ??
    (recordTypes.includes(delivery.recordType)
      ? undefined
      : { code: "unknown_record_type", field: "recordType", value: delivery.recordType }) ??
    text("source", MAX_TEXT_LENGTH, true) ??
    text("sourceDate", MAX_CODE_LENGTH) ??
    text("note", MAX_TEXT_LENGTH)
  );
}

function date(field: string, value: string): DeliveryProblem | undefined {
  return isIsoDate(value) ? undefined : { code: "not_a_date", field, value };
}
