/**
 * @module caps/view
 * The JSON of a cap period's status, shared by `sanctions caps status --json` and
 * `GET /v1/caps/status`, so that the command and the API answer with the same document.
 */
import type { Delivery } from "./delivery.js";
import type { CapStatus } from "./ledger.js";

/** A status as plain JSON: totals, notices, and each record counted, left out or kept apart. */
export function capStatusJson(status: CapStatus): Record<string, unknown> {
  const brief = (record: { delivery: Delivery; converted: { barrels: number; factor?: unknown } }) => ({
    ...(record.delivery.id === undefined ? {} : { id: record.delivery.id }),
    ...(record.delivery.key === undefined ? {} : { key: record.delivery.key }),
    supplier: record.delivery.supplier,
    periodStart: record.delivery.periodStart,
    periodEnd: record.delivery.periodEnd,
    recordType: record.delivery.recordType,
    barrels: record.converted.barrels,
    ...(record.converted.factor === undefined ? {} : { factor: record.converted.factor }),
    source: record.delivery.source,
    ...(record.delivery.voided === undefined ? {} : { voided: record.delivery.voided }),
  });
  return {
    measure: status.measure,
    period: status.period,
    limit: status.limit,
    unit: status.unit,
    citation: status.citation,
    verified: status.verified,
    notified: status.totals.notified,
    percent: status.percent,
    estimated: status.totals.estimated,
    estimatedPercent: status.estimatedPercent,
    notices: status.notices.map((n) => ({
      percent: n.percent,
      at: n.at,
      verified: n.verified,
      notice: n.notice,
    })),
    counted: status.totals.counted.map(brief),
    skipped: status.totals.skipped.map((s) => ({ ...brief(s), why: s.why })),
    estimates: status.totals.estimates.map(brief),
    factors: status.totals.factors,
  };
}
