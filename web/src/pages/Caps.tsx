/**
 * Caps: per year, deliveries against the quantity caps on petroleum with the threshold notices, and the
 * exemptions with their validity. The caps in force come from the API (`GET /v1/measures/{id}`); the
 * delivery ledger per year (`GET /v1/caps/status`) and the exemption records (`GET /v1/exemptions`); where
 * there are none, their places show an empty state.
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

/** The view of a year's ledger, or none when nothing was delivered (the card's empty state then). */
function toStatusView(json: CapStatusJson): CapStatusView | undefined {
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
  const [year, setYear] = useState(thisYear);
  const date = year === thisYear ? today : `${year}-12-31`;
  const histories = useAsync(
    (signal) => Promise.all(CAPPED.map((id) => api.get<MeasureHistory>(`/v1/measures/${id}`, signal))),
    "caps",
  );
  // The ledger per capped measure for the year, and the exemption records. A measure whose cap the
  // ledger cannot total (or a server without a database) gives no status: the card shows its empty state.
  const statuses = useAsync(
    (signal) =>
      Promise.all(
        CAPPED.map((id) =>
          api
            .get<CapStatusJson>(`/v1/caps/status?year=${year}&measure=${id}`, signal)
            .then(toStatusView)
            .catch(() => undefined),
        ),
      ),
    `caps-status-${year}`,
  );
  const exemptions = useAsync(
    (signal) =>
      api
        .get<{ exemptions: ExemptionView[] }>("/v1/exemptions", signal)
        .then((body) => body.exemptions)
        .catch(() => undefined),
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
            value={year}
            onChange={(event) => {
              setYear(Number(event.target.value));
            }}
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <span className="muted">caps in force on {date}</span>
      </div>
      {histories.error && <ErrorNotice>{histories.error}</ErrorNotice>}
      {histories.loading && !histories.data && <Loading what="the caps" />}
      <div className="cards">
        {histories.data?.map((history, index) => (
          <CapCard
            key={history.id}
            history={history}
            version={versionAt(history, date)}
            year={year}
            status={statuses.data?.[index]}
          />
        ))}
      </div>
      <section className="panel" aria-labelledby={`${base}-exemptions`}>
        <h2 id={`${base}-exemptions`}>Exemptions in {year}</h2>
        <Exemptions records={exemptions.data} date={date} />
      </section>
    </>
  );
}

function CapCard(props: {
  history: MeasureHistory;
  version: MeasureVersion | undefined;
  year: number;
  status: CapStatusView | undefined;
}) {
  const { history, version, year, status } = props;
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
