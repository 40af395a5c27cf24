/**
 * @module caps/ledger
 * A cap ledger over recorded deliveries: the status of a cap period (used, limit, thresholds reached)
 * and the {@link CapLedger} the evaluation core asks about a new delivery. The cap is read from the
 * compiled regime (the measure's version in force at the date), never restated here; the ledger is
 * held in memory so that the evaluator's synchronous `check` does no I/O.
 */
import type { CapCheck, CapLedger } from "../evaluate/context.js";
import type { CompiledRegime } from "../model/regime.js";
import type { Cap } from "../model/regime-schema.js";
import { versionAt } from "../regime/index.js";
import type { CapsData, Threshold } from "./data.js";
import { factorFor, normaliseUnit, round, type Delivery } from "./delivery.js";
import { periodAt, type CapPeriod } from "./period.js";
import { periodTotals, type PeriodTotals } from "./totals.js";

/** A threshold notice the total has reached. */
export interface ThresholdNotice extends Threshold {
  /** Barrels at which the notice is due. */
  readonly at: number;
}

/** How much of a cap period is used. */
export interface CapStatus {
  readonly measure: string;
  readonly period: CapPeriod;
  /** The cap in force (barrels), and the paragraph that set it. */
  readonly limit: number;
  readonly unit: "bbl";
  readonly citation: string;
  readonly verified: boolean;
  readonly totals: PeriodTotals;
  /** Notified barrels as a share of the limit, in percent (two decimals). */
  readonly percent: number;
  readonly estimatedPercent: number;
  /** Notices due at the notified total, lowest first. */
  readonly notices: readonly ThresholdNotice[];
}

/** Why a status cannot be given. */
export interface NoCapStatus {
  readonly measure: string;
  readonly date: string;
  readonly reason:
    "no_cap_in_force" | "not_aggregate" | "no_barrel_limit" | "period_unknown" | "unknown_measure";
}

/** The barrel limit of a cap (the `either` caps state one amount in two units; barrels are taken). */
function barrelLimit(cap: Cap): number | undefined {
  return cap.limits?.find((limit) => limit.unit === "bbl")?.amount;
}

/** The state of a cap ledger for one regime. */
export interface Ledger extends CapLedger {
  /** The status of the period of `measure` that holds `date`. */
  status(measure: string, date: string, options?: { asOf?: string }): CapStatus | NoCapStatus;
  readonly deliveries: readonly Delivery[];
  /** The same deliveries and factors, with the caps of `regime`. */
  forRegime(regime: CompiledRegime): Ledger;
}

/** A ledger over `deliveries`, with caps read from `regime` and factors from `data`. */
export function createLedger(
  regime: CompiledRegime,
  deliveries: readonly Delivery[],
  data: CapsData,
): Ledger {
  const byMeasure = new Map<string, Delivery[]>();
  for (const delivery of deliveries) {
    const list = byMeasure.get(delivery.measure) ?? [];
    list.push(delivery);
    byMeasure.set(delivery.measure, list);
  }
  // Batches check many deliveries of the same period: the total is computed once per period and date.
  const cache = new Map<string, CapStatus | NoCapStatus>();

  const status = (
    measure: string,
    date: string,
    options: { asOf?: string } = {},
  ): CapStatus | NoCapStatus => {
    const key = `${measure}\u0000${date}\u0000${options.asOf ?? ""}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const result = computeStatus(measure, date, options.asOf);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, result);
    return result;
  };

  const computeStatus = (
    measure: string,
    date: string,
    asOf: string | undefined,
  ): CapStatus | NoCapStatus => {
    const definition = regime.measures.get(measure);
    if (!definition) return { measure, date, reason: "unknown_measure" };
    const version = versionAt(definition, date);
    const cap = version?.cap;
    if (!version || !cap) return { measure, date, reason: "no_cap_in_force" };
    if (cap.basis !== "aggregate") return { measure, date, reason: "not_aggregate" };
    const limit = barrelLimit(cap);
    if (limit === undefined) return { measure, date, reason: "no_barrel_limit" };
    const period = periodAt(cap, date);
    if (!period) return { measure, date, reason: "period_unknown" };
    const totals = periodTotals(
      byMeasure.get(measure) ?? [],
      period,
      data,
      asOf === undefined ? {} : { asOf },
    );
    const notices = data.thresholds
      .map((threshold) => ({ ...threshold, at: round((limit * threshold.percent) / 100) }))
      .filter((notice) => totals.notified >= notice.at)
      .sort((a, b) => a.percent - b.percent);
    return {
      measure,
      period,
      limit,
      unit: "bbl",
      citation: version.citations[0]?.text ?? "",
      verified: version.verified,
      totals,
      percent: round((totals.notified / limit) * 100),
      estimatedPercent: round((totals.estimated / limit) * 100),
      notices,
    };
  };

  return {
    deliveries,
    status,
    forRegime: (other) => createLedger(other, deliveries, data),
    check(measure: string, date: string, quantity: number | undefined, unit: string | undefined): CapCheck {
      // A check on a date counts the records whose period had begun by then, not later reports.
      const current = status(measure, date, { asOf: date });
      if ("reason" in current) return { status: "unknown", note: noCapNote(current) };
      const used = current.totals.notified;
      const base = { used, limit: current.limit, unit: "bbl" };
      const cease = current.notices.find((notice) => notice.ceaseSupply);
      const thresholdNote = cease
        ? `; the ${cease.percent}% notice is due (threshold unconfirmed)`
        : current.notices.length > 0
          ? `; the ${current.notices.at(-1)?.percent ?? ""}% notice is due (threshold unconfirmed)`
          : "";
      const usedNote = `${fmt(used)} of ${fmt(current.limit)} bbl notified for ${current.period.start} to ${current.period.end}`;
      if (quantity === undefined) {
        return { ...base, status: "unknown", note: `no quantity given; ${usedNote}${thresholdNote}` };
      }
      const normalised = normaliseUnit(unit ?? "bbl");
      if (normalised === undefined) {
        return {
          ...base,
          status: "unknown",
          note: `unit "${unit ?? ""}" is not barrels or tonnes; ${usedNote}`,
        };
      }
      let barrels = quantity;
      let conversion = "";
      if (normalised === "t") {
        // The activity names no product the chart knows, so the default factor converts it.
        const factor = factorFor({ supplier: "" }, data);
        barrels = round(quantity * factor.barrelsPerTonne);
        conversion = ` (${fmt(quantity)} t at ${factor.barrelsPerTonne} bbl/t, ${factor.id}${factor.verified ? "" : ", unconfirmed"})`;
      }
      const after = round(used + barrels);
      return {
        ...base,
        status: after > current.limit ? "exceeds" : "within",
        note: `${usedNote}; this delivery of ${fmt(barrels)} bbl${conversion} makes ${fmt(after)}${thresholdNote}`,
      };
    },
  };
}

function noCapNote(status: NoCapStatus): string {
  switch (status.reason) {
    case "unknown_measure":
      return `${status.measure} is not a measure of this regime`;
    case "no_cap_in_force":
      return `${status.measure} has no cap in force on ${status.date}`;
    case "not_aggregate":
      return `${status.measure} caps each State against its own baseline, which the ledger does not track`;
    case "no_barrel_limit":
      return `${status.measure}'s cap has no limit in barrels`;
    case "period_unknown":
      return `${status.measure}'s cap does not say its period`;
  }
}

function fmt(value: number): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: 2 });
}
