/**
 * @module caps/key
 * The key of a delivery record, and what "the same delivery" means. A record sent twice (a retried
 * request, a command run again, a table imported again) must be stored once, or the cap counts it
 * twice. So every record has a key: the one its sender gives, the row of its file, or, by default, one
 * derived from its content.
 *
 * The content is what the delivery is: measure, supplier, period, product, quantity and its unit,
 * notification or estimate. Not where it was read or who entered it (`source`, `note`, `sourceDate`):
 * the same shipment entered by two officers, or read in two reports, is one shipment. Two shipments
 * that agree on all of these (two tankers of 1,000 t from one supplier on one day) are told apart only
 * by a key their sender gives (a bill of lading number, say): without one, the second is taken for the
 * first sent again.
 *
 * The derived key's format is frozen: keys already stored must keep matching the records sent again.
 * A change of what the content is would be a new prefix (`content2:`), never a change of this one.
 */
import { createHash } from "node:crypto";
import type { Delivery } from "./delivery.js";

/** The prefix of a key derived from content. */
export const CONTENT_KEY_PREFIX = "content:";

/** The fields that make a delivery what it is, in a fixed order. */
export type DeliveryContent = readonly [
  measure: string,
  supplier: string,
  periodStart: string,
  periodEnd: string,
  product: string | null,
  barrels: number | null,
  tonnes: number | null,
  kind: string,
  recordType: string,
];

/** The content of a record: what two records must share to be the same delivery. */
export function deliveryContent(delivery: Delivery): DeliveryContent {
  return [
    delivery.measure.trim(),
    delivery.supplier.trim(),
    delivery.periodStart,
    delivery.periodEnd,
    delivery.product?.trim() ?? null,
    delivery.barrels ?? null,
    delivery.tonnes ?? null,
    delivery.kind,
    delivery.recordType,
  ];
}

/** `content:` and the SHA-256 of the record's content, in hex. */
export function contentKey(delivery: Delivery): string {
  const digest = createHash("sha256")
    .update(JSON.stringify(deliveryContent(delivery)), "utf8")
    .digest("hex");
  return `${CONTENT_KEY_PREFIX}${digest}`;
}

/** The record's key: the one it was given, else the one its content gives. */
export function keyOf(delivery: Delivery): string {
  const given = delivery.key?.trim();
  return given === undefined || given === "" ? contentKey(delivery) : given;
}

/** Whether two records are the same delivery (a record sent again), whatever their sources say. */
export function sameContent(a: Delivery, b: Delivery): boolean {
  return JSON.stringify(deliveryContent(a)) === JSON.stringify(deliveryContent(b));
}
