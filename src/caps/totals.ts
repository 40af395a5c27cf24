/**
 * @module caps/totals
 * The total of a cap period from overlapping records. Notifications come as monthly figures, running
 * totals, annual totals and combined figures for several States (China + Russia; all reporting States),
 * so summing every row would count the same barrels two or three times. The rule: each record covers
 * cells (supplier × month); records are taken widest first (then annual before derived, before
 * cumulative, before monthly, then the most recently published), and a record is counted only when
 * none of its cells is already counted. Records left out are listed with the record that covered them.
 * Single deliveries entered by an officer add up within their month before the rule runs. Estimates
 * are totalled apart and never mixed with notifications. Voided records are never counted: they are
 * listed as left out, so that a status shows what was voided in its period.
 */
import type { CapsData } from "./data.js";
import { round, toBarrels, type Converted, type Delivery, type RecordType } from "./delivery.js";
import { monthsOf, type CapPeriod } from "./period.js";

/** A supplier name that stands for every State (the Committee's running total). */
const everyone = new Set(["all reporting states", "all states", "*"]);

const typeRank: Readonly<Record<RecordType, number>> = {
  notified_annual_total: 0,
  derived_annual_total: 1,
  notified_cumulative: 2,
  notified_monthly: 3,
  delivery: 4,
  estimate_not_notification: 5,
};

/** One record as counted (or not) in a total. */
export interface CountedRecord {
  readonly delivery: Delivery;
  readonly converted: Converted;
}

export interface SkippedRecord extends CountedRecord {
  readonly why: "overlaps" | "outside_period" | "after_date" | "voided";
  /** The counted record whose cells it shares, for `overlaps`. */
  readonly coveredBy?: Delivery;
}

/** The totals of one cap period. */
export interface PeriodTotals {
  readonly period: CapPeriod;
  /** Barrels notified, by the coverage rule. */
  readonly notified: number;
  readonly counted: readonly CountedRecord[];
  readonly skipped: readonly SkippedRecord[];
  /** Estimates of unreported deliveries, summed apart (they may overlap one another too). */
  readonly estimated: number;
  readonly estimates: readonly CountedRecord[];
  /** Conversion factors used, with whether each is confirmed. */
  readonly factors: readonly { id: string; barrelsPerTonne: number; verified: boolean; records: number }[];
}

export interface TotalsOptions {
  /** Count only records whose period had begun by this date (a check on that date cannot know later ones). */
  readonly asOf?: string;
}

/** Totals of `deliveries` (of one measure) over `period`. */
export function periodTotals(
  deliveries: readonly Delivery[],
  period: CapPeriod,
  data: CapsData,
  options: TotalsOptions = {},
): PeriodTotals {
  const skipped: SkippedRecord[] = [];
  const notifications: CountedRecord[] = [];
  const estimates: CountedRecord[] = [];
  const singles = new Map<string, Delivery[]>();
  for (const delivery of deliveries) {
    const converted = toBarrels(delivery, data);
    if (delivery.periodStart < period.start || delivery.periodEnd > period.end) {
      // Records straddling the period cannot be split without inventing a distribution.
      if (delivery.periodEnd >= period.start && delivery.periodStart <= period.end)
        skipped.push({ delivery, converted, why: "outside_period" });
      continue;
    }
    if (delivery.voided !== undefined) {
      skipped.push({ delivery, converted, why: "voided" });
      continue;
    }
    if (options.asOf !== undefined && delivery.periodStart > options.asOf) {
      skipped.push({ delivery, converted, why: "after_date" });
      continue;
    }
    if (delivery.kind === "estimate") estimates.push({ delivery, converted });
    else if (delivery.recordType === "delivery") {
      const key = `${delivery.supplier}\u0000${delivery.periodStart.slice(0, 7)}`;
      const list = singles.get(key) ?? [];
      list.push(delivery);
      singles.set(key, list);
    } else notifications.push({ delivery, converted });
  }
  // Single deliveries of one supplier and month are one cell's worth: they add up among themselves.
  const groups = new Map<CountedRecord, readonly Delivery[]>();
  for (const list of singles.values()) {
    const first = list[0];
    if (!first) continue;
    const barrels = round(list.reduce((sum, d) => sum + toBarrels(d, data).barrels, 0));
    // A sum of several records is none of them: it carries no single record's id or key.
    const { id: _id, key: _key, ...shared } = first;
    const record: CountedRecord = {
      delivery: {
        ...(list.length === 1 ? first : shared),
        barrels,
        periodStart: first.periodStart,
        periodEnd: first.periodStart,
      },
      converted: { barrels },
    };
    groups.set(record, list);
    notifications.push(record);
  }

  const cells = (d: Delivery): { suppliers: string[] | "all"; months: string[] } => ({
    suppliers: everyone.has(d.supplier.trim().toLowerCase())
      ? "all"
      : d.supplier.split("+").map((s) => s.trim()),
    months: monthsOf(d.periodStart, d.periodEnd),
  });
  const width = (d: Delivery): number => {
    const c = cells(d);
    return c.months.length * (c.suppliers === "all" ? 1000 : c.suppliers.length);
  };
  notifications.sort(
    (a, b) =>
      width(b.delivery) - width(a.delivery) ||
      typeRank[a.delivery.recordType] - typeRank[b.delivery.recordType] ||
      (b.delivery.sourceDate ?? "").localeCompare(a.delivery.sourceDate ?? "") ||
      (a.delivery.id ?? 0) - (b.delivery.id ?? 0),
  );

  const covered = new Map<string, Delivery>();
  const coveredMonthsOfAll = new Map<string, Delivery>();
  const counted: CountedRecord[] = [];
  for (const record of notifications) {
    const { suppliers, months } = cells(record.delivery);
    let coveredBy: Delivery | undefined;
    for (const month of months) {
      coveredBy ??= coveredMonthsOfAll.get(month);
      if (suppliers === "all") {
        for (const [key, by] of covered) if (key.endsWith(`\u0000${month}`)) coveredBy ??= by;
      } else {
        for (const supplier of suppliers) coveredBy ??= covered.get(`${supplier}\u0000${month}`);
      }
    }
    if (coveredBy) {
      for (const delivery of groups.get(record) ?? [record.delivery])
        skipped.push({ delivery, converted: toBarrels(delivery, data), why: "overlaps", coveredBy });
      continue;
    }
    for (const month of months) {
      if (suppliers === "all") coveredMonthsOfAll.set(month, record.delivery);
      else for (const supplier of suppliers) covered.set(`${supplier}\u0000${month}`, record.delivery);
    }
    counted.push(record);
  }

  const factors = new Map<
    string,
    { id: string; barrelsPerTonne: number; verified: boolean; records: number }
  >();
  for (const record of [...counted, ...estimates]) {
    const factor = record.converted.factor;
    if (!factor) continue;
    const entry = factors.get(factor.id) ?? { ...factor, records: 0 };
    entry.records++;
    factors.set(factor.id, entry);
  }
  return {
    period,
    notified: round(counted.reduce((sum, r) => sum + r.converted.barrels, 0)),
    counted,
    skipped,
    estimated: round(estimates.reduce((sum, r) => sum + r.converted.barrels, 0)),
    estimates,
    factors: [...factors.values()],
  };
}
