/**
 * Caps: per year, deliveries against the quantity caps on petroleum with the threshold notices, and the
 * exemptions with their validity. The caps in force come from the API (`GET /v1/measures/{id}`); the
 * delivery ledger per year (`GET /v1/caps/status`) and the exemption records (`GET /v1/exemptions`); where
 * there are none, their places show an empty state; where a request fails, an error with the API's
 * message. The page opens on the latest year with deliveries (`GET /v1/caps/deliveries`), and charts
 * each cap against the barrels notified across those years.
 * The shapes below mirror `src/caps` (`CapStatus`) and `src/exemptions` (`ExemptionRecord`).
 */
import { useId, useState } from "react";
import { api } from "../api.js";
import { Citations, ErrorNotice, Loading, formatNumber, todayIso } from "../components.js";
import { useAsync, useTitle } from "../hooks.js";
import { Link } from "../router.js";
import type { MeasureHistory, MeasureVersion } from "../types.js";
import { capText } from "./Measure.js";

/** The capped measures: refined petroleum (2397 OP5) and crude oil (2397 OP4). */
const CAPPED = ["KP-IMP-REFINED", "KP-IMP-CRUDE"] as const;

/** A cap period's use, as `src/caps` computes it (`CapStatus`), once an API route serves it. */
export interface CapStatusView {
  readonly measure: string;
  readonly period: { readonly start: string; readonly end: string };
  readonly limit: number;
  readonly unit: "bbl";
  readonly percent: number;
  readonly estimatedPercent: number;
  readonly totals: { readonly notified: number; readonly estimated: number };
  readonly notices: readonly {
    readonly percent: number;
    readonly notice: string;
    readonly at: number;
    readonly verified: boolean;
  }[];
}

/** `GET /v1/caps/status` (the JSON of `sanctions caps status --json`). */
interface CapStatusJson {
  readonly measure: string;
  readonly period: { readonly start: string; readonly end: string };
  readonly limit: number;
  readonly unit: "bbl";
  readonly notified: number;
  readonly estimated: number;
  readonly percent: number;
  readonly estimatedPercent: number;
  readonly notices: CapStatusView["notices"];
  readonly counted: readonly unknown[];
}

/** `GET /v1/caps/status` when the ledger cannot total the cap (no cap in force, not in barrels...). */
interface CapUntotalled {
  readonly measure: string;
  readonly date: string;
  readonly reason: string;
}

/** A year's ledger of one measure: its use, or nothing to show (no delivery, or a cap it cannot total). */
function toStatusView(json: CapStatusJson | CapUntotalled): CapStatusView | undefined {
  if ("reason" in json) return undefined;
  if (json.counted.length === 0 && json.estimated === 0) return undefined;
  return {
    measure: json.measure,
    period: json.period,
    limit: json.limit,
    unit: json.unit,
    percent: json.percent,
    estimatedPercent: json.estimatedPercent,
    totals: { notified: json.notified, estimated: json.estimated },
    notices: json.notices,
  };
}

/** A stored delivery record as `GET /v1/caps/deliveries` lists it: the fields that say its year. */
interface DeliveryRecord {
  readonly measure: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly voided?: unknown;
}

/** The years each capped measure has deliveries in (voided records left out), ascending. */
function yearsWithData(deliveries: readonly DeliveryRecord[]): Map<string, number[]> {
  const years = new Map<string, Set<number>>();
  for (const delivery of deliveries) {
    if (delivery.voided) continue;
    const set = years.get(delivery.measure) ?? new Set<number>();
    for (let y = Number(delivery.periodStart.slice(0, 4)); y <= Number(delivery.periodEnd.slice(0, 4)); y++)
      set.add(y);
    years.set(delivery.measure, set);
  }
  return new Map([...years].map(([measure, set]) => [measure, [...set].sort((a, b) => a - b)]));
}

/** An exemption as `GET /v1/exemptions` serves it (`ExemptionRecord` with its validity). */
export type ExemptionView =
  | {
      readonly kind: "committee";
      readonly reference: string;
      readonly applicant: string;
      readonly approved: string;
      readonly validUntil?: string;
      readonly validityMonths?: number;
      readonly shipments: { readonly allowed: number; readonly used: number };
      readonly verified: boolean;
    }
  | {
      readonly kind: "carve-out";
      readonly reference: string;
      readonly actor: string;
      readonly from: string;
      readonly verified: boolean;
    };

function versionAt(history: MeasureHistory, date: string): MeasureVersion | undefined {
  return history.versions.find((v) => v.from <= date && (v.to === undefined || date <= v.to));
}

export function CapsPage() {
  useTitle("Caps");
  const base = useId();
  const today = todayIso();
  const thisYear = Number(today.slice(0, 4));
  const [chosen, setChosen] = useState<number | undefined>();
  const histories = useAsync(
    (signal) => Promise.all(CAPPED.map((id) => api.get<MeasureHistory>(`/v1/measures/${id}`, signal))),
    "caps",
  );
  // The stored deliveries say which years have data: the page opens on the latest of them.
  const deliveries = useAsync(
    (signal) =>
      api
        .get<{ deliveries: DeliveryRecord[] }>("/v1/caps/deliveries", signal)
        .then((body) => yearsWithData(body.deliveries)),
    "caps-deliveries",
  );
  const dataYears = [...(deliveries.data?.values() ?? [])].flat();
  const latest = dataYears.length > 0 ? Math.max(...dataYears) : undefined;
  // Until the deliveries answer (or fail), the year is not known: nothing is asked for a guessed year.
  const year = chosen ?? (deliveries.loading && !deliveries.data ? undefined : (latest ?? thisYear));
  const date = year === undefined ? today : year === thisYear ? today : `${year}-12-31`;
  // The ledger per capped measure for the year. A failed request is an error said as such, never an
  // empty ledger; a cap the ledger cannot total (crude oil has no aggregate barrel limit) has no status.
  const statuses = useAsync(
    (signal) =>
      year === undefined
        ? Promise.resolve(undefined)
        : Promise.all(
            CAPPED.map((id) =>
              api
                .get<CapStatusJson | CapUntotalled>(`/v1/caps/status?year=${year}&measure=${id}`, signal)
                .then(toStatusView),
            ),
          ),
    `caps-status-${year ?? "pending"}`,
  );
  const exemptions = useAsync(
    (signal) =>
      api.get<{ exemptions: ExemptionView[] }>("/v1/exemptions", signal).then((body) => body.exemptions),
    "exemptions",
  );
  const years: number[] = [];
  for (let y = thisYear; y >= 2017; y--) years.push(y);

  return (
    <>
      <h1>Caps and exemptions</h1>
      <p className="lede">
        The petroleum caps of resolution 2397: deliveries notified to the 1718 Committee against each year's
        cap, with the shares at which the Committee Secretary notifies all States; and the Committee's
        exemptions with their validity.
      </p>
      <div className="toolbar">
        <div className="field inline">
          <label htmlFor={`${base}-year`}>Year</label>
          <select
            id={`${base}-year`}
            value={year ?? ""}
            onChange={(event) => {
              setChosen(Number(event.target.value));
            }}
          >
            {year === undefined && <option value="">…</option>}
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
                {dataYears.includes(y) ? " (deliveries recorded)" : ""}
              </option>
            ))}
          </select>
        </div>
        <span className="muted">caps in force on {date}</span>
      </div>
      {histories.error && <ErrorNotice>The caps could not be read: {histories.error}</ErrorNotice>}
      {deliveries.error && (
        <ErrorNotice>The delivery records could not be read: {deliveries.error}</ErrorNotice>
      )}
      {statuses.error && (
        <ErrorNotice>
          The delivery ledger for {year} could not be read: {statuses.error}
        </ErrorNotice>
      )}
      {histories.loading && !histories.data && <Loading what="the caps" />}
      <div className="cards">
        {histories.data?.map((history, index) => (
          <CapCard
            key={history.id}
            history={history}
            version={versionAt(history, date)}
            year={year ?? thisYear}
            status={statuses.data?.[index]}
            ledger={statuses.error ? "failed" : statuses.data ? "read" : "loading"}
          />
        ))}
      </div>
      {deliveries.data && deliveries.data.size > 0 && (
        <CapsAcrossYears years={deliveries.data} chosen={year} onChoose={setChosen} />
      )}
      <section className="panel" aria-labelledby={`${base}-exemptions`}>
        <h2 id={`${base}-exemptions`}>Exemptions in {year ?? thisYear}</h2>
        {exemptions.error ? (
          <ErrorNotice>The exemption records could not be read: {exemptions.error}</ErrorNotice>
        ) : exemptions.loading && !exemptions.data ? (
          <Loading what="the exemptions" />
        ) : (
          <Exemptions records={exemptions.data} date={date} />
        )}
      </section>
    </>
  );
}

/** One year of a cap in the chart: the cap, and the barrels notified and estimated against it. */
interface YearUse {
  readonly year: number;
  readonly limit: number;
  readonly notified: number;
  readonly estimated: number;
}

/**
 * The caps across the years with deliveries: per measure, a bar of the barrels notified each year
 * against a tick at that year's cap (plain SVG; the table under it says the same in numbers).
 */
function CapsAcrossYears(props: {
  years: ReadonlyMap<string, readonly number[]>;
  chosen: number | undefined;
  onChoose: (year: number) => void;
}) {
  const { years, chosen, onChoose } = props;
  const base = useId();
  const wanted = [...years].flatMap(([measure, list]) => list.map((year) => ({ measure, year })));
  const uses = useAsync(
    (signal) =>
      Promise.all(
        wanted.map(({ measure, year }) =>
          api
            .get<CapStatusJson | CapUntotalled>(`/v1/caps/status?year=${year}&measure=${measure}`, signal)
            .then((json) =>
              "reason" in json
                ? undefined
                : { measure, year, limit: json.limit, notified: json.notified, estimated: json.estimated },
            ),
        ),
      ),
    `caps-years-${wanted.map((w) => `${w.measure}:${w.year}`).join(",")}`,
  );
  const byMeasure = new Map<string, YearUse[]>();
  for (const use of uses.data ?? []) {
    if (!use) continue;
    byMeasure.set(use.measure, [...(byMeasure.get(use.measure) ?? []), use]);
  }
  return (
    <section className="panel" aria-labelledby={`${base}-years`}>
      <h2 id={`${base}-years`}>The caps over time</h2>
      {uses.error && <ErrorNotice>The yearly ledgers could not be read: {uses.error}</ErrorNotice>}
      {uses.loading && !uses.data && <Loading what="the yearly ledgers" />}
      {[...byMeasure].map(([measure, rows]) => (
        <figure key={measure} className="chart">
          <CapYearsChart measure={measure} rows={rows} chosen={chosen} onChoose={onChoose} />
          <figcaption>
            {measure}: barrels notified each year (bars; estimates of unreported deliveries stacked in grey)
            against the year's cap (line).
          </figcaption>
          <div className="table-wrap">
            <table className="compact-table">
              <caption className="visually-hidden">{measure}: cap and deliveries per year</caption>
              <thead>
                <tr>
                  <th scope="col">Year</th>
                  <th scope="col" className="num">
                    Cap (bbl)
                  </th>
                  <th scope="col" className="num">
                    Notified (bbl)
                  </th>
                  <th scope="col" className="num">
                    Estimated (bbl)
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.year} data-year={row.year}>
                    <th scope="row">{row.year}</th>
                    <td className="num">{formatNumber(row.limit)}</td>
                    <td className="num">{formatNumber(row.notified)}</td>
                    <td className="num">{formatNumber(row.estimated)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </figure>
      ))}
    </section>
  );
}

/** An axis label in a few characters: 1.7M, 500k. */
function compactNumber(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(1).replace(/\.0$/, "")}M`;
  if (value >= 1e3) return `${Math.round(value / 1e3)}k`;
  return String(Math.round(value));
}

function CapYearsChart(props: {
  measure: string;
  rows: readonly YearUse[];
  chosen: number | undefined;
  onChoose: (year: number) => void;
}) {
  const { measure, rows, chosen, onChoose } = props;
  const width = 480;
  const height = 220;
  const pad = { left: 52, right: 8, top: 12, bottom: 28 };
  const top = Math.max(1, ...rows.map((r) => Math.max(r.limit, r.notified + r.estimated)));
  const y = (value: number): number => pad.top + (height - pad.top - pad.bottom) * (1 - value / top);
  const slot = (width - pad.left - pad.right) / Math.max(1, rows.length);
  const bar = Math.min(48, slot * 0.6);
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      className="chart-svg"
      role="img"
      aria-label={`${measure}: ${rows.map((r) => `${r.year} ${formatNumber(r.notified)} of ${formatNumber(r.limit)} bbl`).join("; ")}`}
    >
      {[0, 0.5, 1].map((share) => (
        <g key={share}>
          <line
            className="chart-grid"
            x1={pad.left}
            x2={width - pad.right}
            y1={y(top * share)}
            y2={y(top * share)}
          />
          <text className="chart-axis" x={pad.left - 6} y={y(top * share) + 4} textAnchor="end">
            {compactNumber(top * share)}
          </text>
        </g>
      ))}
      {rows.map((row, index) => {
        const x = pad.left + slot * index + (slot - bar) / 2;
        return (
          <g
            key={row.year}
            className={row.year === chosen ? "chart-year chosen" : "chart-year"}
            onClick={() => {
              onChoose(row.year);
            }}
          >
            <title>
              {row.year}: {formatNumber(row.notified)} bbl notified, {formatNumber(row.estimated)} bbl
              estimated, cap {formatNumber(row.limit)} bbl
            </title>
            <rect
              className="chart-bar"
              x={x}
              y={y(row.notified)}
              width={bar}
              height={y(0) - y(row.notified)}
            />
            {row.estimated > 0 && (
              <rect
                className="chart-estimate"
                x={x}
                y={y(row.notified + row.estimated)}
                width={bar}
                height={y(row.notified) - y(row.notified + row.estimated)}
              />
            )}
            <line className="chart-cap" x1={x - 6} x2={x + bar + 6} y1={y(row.limit)} y2={y(row.limit)} />
            <text className="chart-axis" x={x + bar / 2} y={height - 10} textAnchor="middle">
              {row.year}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function CapCard(props: {
  history: MeasureHistory;
  version: MeasureVersion | undefined;
  year: number;
  status: CapStatusView | undefined;
  /** Whether the year's ledger was read: an empty state only when it was, and said nothing. */
  ledger: "loading" | "read" | "failed";
}) {
  const { history, version, year, status, ledger } = props;
  const limit = version?.cap?.limits?.find((l) => l.unit === "bbl")?.amount;
  return (
    <article className="panel cap-card" aria-labelledby={`cap-${history.id}`}>
      <h2 id={`cap-${history.id}`}>
        <Link to={`/regime/measures/${history.id}`}>{history.id}</Link>
      </h2>
      <p>{history.title}</p>
      {!version?.cap ? (
        <p className="muted">No cap in force in {year}.</p>
      ) : (
        <>
          <p className="cap-limit">
            <strong>{limit === undefined ? capText(version.cap) : `${formatNumber(limit)} bbl`}</strong>{" "}
            <span className="muted">{capText(version.cap)}</span>
          </p>
          <p>
            <Citations citations={version.citations} />
          </p>
          {status ? (
            <CapUsage status={status} />
          ) : ledger === "failed" ? (
            <p className="muted">The ledger could not be read (see the error above).</p>
          ) : ledger === "loading" ? (
            <Loading what="the ledger" />
          ) : (
            <div className="empty-state" role="note">
              <div className="cap-bar empty" aria-hidden="true">
                <span className="cap-fill" style={{ width: "0%" }} />
              </div>
              <p>
                <strong>No delivery ledger yet.</strong> The deliveries notified for {year}, the estimates
                kept apart and the threshold notices show here once they are recorded (
                <code>sanctions caps import</code>, or <code>POST /v1/caps/deliveries</code>).
              </p>
            </div>
          )}
        </>
      )}
    </article>
  );
}

/** Deliveries against the cap, with a tick at each threshold notice. */
export function CapUsage({ status }: { status: CapStatusView }) {
  const share = Math.min(100, status.percent);
  return (
    <div>
      <div
        className="cap-bar"
        role="img"
        aria-label={`${formatNumber(status.totals.notified)} of ${formatNumber(status.limit)} barrels notified (${status.percent}%)`}
      >
        <span className="cap-fill" style={{ width: `${share}%` }} />
        <span
          className="cap-estimate"
          style={{ left: `${share}%`, width: `${Math.min(100 - share, status.estimatedPercent)}%` }}
        />
        {status.notices.map((notice) => (
          <span
            key={notice.percent}
            className="cap-threshold"
            style={{ left: `${notice.percent}%` }}
            title={notice.notice}
          />
        ))}
      </div>
      <p>
        {formatNumber(status.totals.notified)} bbl notified ({status.percent}%),{" "}
        {formatNumber(status.totals.estimated)} bbl estimated unreported, {status.period.start} to{" "}
        {status.period.end}
      </p>
      <ul>
        {status.notices.map((notice) => (
          <li key={notice.percent}>
            {notice.percent}% at {formatNumber(notice.at)} bbl: {notice.notice}
            {!notice.verified && <span className="unverified-mark"> * unverified</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

function validUntil(record: Extract<ExemptionView, { kind: "committee" }>): string {
  if (record.validUntil) return record.validUntil;
  const months = record.validityMonths ?? 6;
  const end = new Date(`${record.approved}T00:00:00Z`);
  end.setUTCMonth(end.getUTCMonth() + months);
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}

function Exemptions({ records, date }: { records: readonly ExemptionView[] | undefined; date: string }) {
  if (!records || records.length === 0)
    return (
      <div className="empty-state" role="note">
        <p>
          <strong>No exemption records yet.</strong> The 1718 Committee's humanitarian exemptions (reference,
          applicant, approval, validity, shipments used) and the carve-out of resolution 2664 OP1 are listed
          here with whether each is valid on a date, once they are recorded (
          <code>sanctions exemptions add</code>, or <code>POST /v1/exemptions</code>).
        </p>
      </div>
    );
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Reference</th>
            <th scope="col">Holder</th>
            <th scope="col">Valid</th>
            <th scope="col">On {date}</th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => {
            const until = record.kind === "committee" ? validUntil(record) : undefined;
            const from = record.kind === "committee" ? record.approved : record.from;
            const valid = from <= date && (until === undefined || date <= until);
            return (
              <tr key={record.reference}>
                <th scope="row">{record.reference}</th>
                <td>{record.kind === "committee" ? record.applicant : record.actor}</td>
                <td>
                  {from} – {until ?? "standing"}
                  {record.kind === "committee" &&
                    ` · shipments ${record.shipments.used}/${record.shipments.allowed}`}
                </td>
                <td>{valid ? "valid" : "not valid"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
