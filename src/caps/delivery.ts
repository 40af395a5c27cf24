/**
 * @module caps/delivery
 * A delivery record in a cap ledger, and its conversion to barrels. A record covers a period (a single
 * delivery is a period of one day; a monthly notification a month; an annual total a year) because
 * that is how the Committee's table and the press report the figures.
 */
import type { CapsData, ConversionFactor } from "./data.js";

/** Notified by the supplying State, or estimated by someone else (never summed with notifications). */
export type DeliveryKind = "notification" | "estimate";

/** What a record is, as its source reports it; `delivery` is one shipment entered by an officer. */
export type RecordType =
  | "delivery"
  | "notified_monthly"
  | "notified_cumulative"
  | "notified_annual_total"
  | "derived_annual_total"
  | "estimate_not_notification";

export const recordTypes: readonly RecordType[] = [
  "delivery",
  "notified_monthly",
  "notified_cumulative",
  "notified_annual_total",
  "derived_annual_total",
  "estimate_not_notification",
];

export interface Delivery {
  /** The store's id, once stored. */
  readonly id?: number;
  /**
   * What makes two records one: given by the client (an idempotency key, such as a bill of lading
   * number), the row of a file (`notifications.csv#12`), or else derived from the content
   * (`content:` and a hash, see `./key.ts`). A record sent again under its key is stored once.
   */
  readonly key?: string;
  /** The capped measure, e.g. `KP-IMP-REFINED`. */
  readonly measure: string;
  /**
   * The supplying State; `A+B` for a combined figure; `All reporting States` for the Committee's total;
   * for estimates, whoever is said to have supplied (`Unreported (illicit ship-to-ship)`).
   */
  readonly supplier: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  /** A product of the conversion chart (`gas-oil`, `lpg`...), when known. */
  readonly product?: string;
  /** Barrels as reported; absent when only tonnes were. */
  readonly barrels?: number;
  /** Tonnes as reported; absent when only barrels were. */
  readonly tonnes?: number;
  readonly kind: DeliveryKind;
  readonly recordType: RecordType;
  /** Where the figure was printed (publisher and URL), or who entered it. */
  readonly source: string;
  readonly sourceDate?: string;
  readonly note?: string;
  /** Set when the record was voided: it stays stored, and is counted in no total. */
  readonly voided?: DeliveryVoid;
}

/** Who voided a record, when and why: the record's own audit trail. */
export interface DeliveryVoid {
  /** ISO instant. */
  readonly at: string;
  /** The API key's public id (`key-3f9a1c2e`), or `cli` and the user. */
  readonly by: string;
  readonly reason: string;
}

/** A delivery in barrels, with the factor used when it was reported in tonnes only. */
export interface Converted {
  readonly barrels: number;
  /** The factor applied, absent when the record gave barrels. */
  readonly factor?: Pick<ConversionFactor, "id" | "barrelsPerTonne" | "verified">;
}

/**
 * Barrels of a record, in the Committee Secretary's order: a barrel figure given; else the product's
 * factor; else the supplier's own factor (China's 8.33); else the default.
 */
export function toBarrels(
  record: Pick<Delivery, "barrels" | "tonnes" | "product" | "supplier">,
  data: CapsData,
): Converted {
  if (record.barrels !== undefined) return { barrels: record.barrels };
  const factor = factorFor(record, data);
  return {
    barrels: round((record.tonnes ?? 0) * factor.barrelsPerTonne),
    factor: { id: factor.id, barrelsPerTonne: factor.barrelsPerTonne, verified: factor.verified },
  };
}

/** The factor that converts tonnes of this record. */
export function factorFor(record: Pick<Delivery, "product" | "supplier">, data: CapsData): ConversionFactor {
  const factors = data.conversion.factors;
  for (const step of data.conversion.order) {
    let found: ConversionFactor | undefined;
    if (step === "product" && record.product !== undefined) {
      found = factors.find((f) => f.product === record.product || f.id === record.product);
    } else if (step === "supplier") {
      found = factors.find((f) => f.suppliers?.includes(record.supplier));
    } else if (step === "default") {
      found = factors.find((f) => f.id === data.conversion.default);
    }
    if (found) return found;
  }
  // parseCapsData checks that the default names a factor; this is only reached with `default` left out.
  const fallback = factors.find((f) => f.id === data.conversion.default) ?? factors[0];
  if (!fallback) throw new Error("caps data has no conversion factor");
  return fallback;
}

/** Normalises a unit as people write it: `bbl`, `t`, or undefined when it is neither. */
export function normaliseUnit(unit: string | undefined): "bbl" | "t" | undefined {
  const text = unit?.trim().toLowerCase();
  if (text === undefined) return undefined;
  if (["bbl", "bbls", "barrel", "barrels"].includes(text)) return "bbl";
  if (["t", "mt", "tonne", "tonnes", "ton", "tons", "metric ton", "metric tons"].includes(text)) return "t";
  return undefined;
}

/** Rounds barrels to two decimals: conversions must not print 189340.90000000002. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
