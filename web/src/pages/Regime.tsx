/**
 * Regime: a timeline of the measures in force from 2006 to today (one row per measure, coloured by
 * kind, amendments and events marked), a date to see the state on, and the measures in force then.
 */
import { useId, useMemo, type KeyboardEvent, type MouseEvent } from "react";
import { api } from "../api.js";
import { Citations, ErrorNotice, KindSwatch, Loading, kindColor, todayIso } from "../components.js";
import { useAsync, useTitle } from "../hooks.js";
import { Link, navigate, useLocation } from "../router.js";
import type { MeasureHistory, RegimeEvent, RegimeState, Timeline, TimelineChange } from "../types.js";

const START = "2006-01-01";
const DAY = 86_400_000;
const time = (date: string): number => Date.parse(`${date}T00:00:00Z`);

interface Row {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  /** In-force spans: from, to (exclusive; undefined while in force). */
  readonly spans: readonly { from: string; to?: string }[];
  readonly marks: readonly TimelineChange[];
}

const CLOSES = new Set(["expired", "lifted", "suspended", "terminated", "ended"]);
const OPENS = new Set(["imposed", "reimposed", "resumed", "restored", "extended"]);

/** The rows of the timeline from its changes (kinds come from the states the page has read). */
export function rowsOf(changes: readonly TimelineChange[], kinds: ReadonlyMap<string, string>): Row[] {
  const byMeasure = new Map<string, TimelineChange[]>();
  for (const change of changes) {
    const list = byMeasure.get(change.measure) ?? [];
    list.push(change);
    byMeasure.set(change.measure, list);
  }
  const rows: Row[] = [];
  for (const [id, list] of byMeasure) {
    const spans: { from: string; to?: string }[] = [];
    let open: string | undefined;
    for (const change of list) {
      if (OPENS.has(change.change) && open === undefined) open = change.date;
      else if (CLOSES.has(change.change) && open !== undefined) {
        spans.push({ from: open, to: change.date });
        open = undefined;
      }
    }
    if (open !== undefined) spans.push({ from: open });
    const last = list[list.length - 1];
    rows.push({
      id,
      title: last?.title ?? id,
      kind: kinds.get(id) ?? "other",
      spans,
      marks: list.filter((change) => !OPENS.has(change.change) || spans.every((s) => s.from !== change.date)),
    });
  }
  return rows.sort(
    (a, b) =>
      a.kind.localeCompare(b.kind) ||
      (a.spans[0]?.from ?? "").localeCompare(b.spans[0]?.from ?? "") ||
      a.id.localeCompare(b.id),
  );
}

async function loadTimeline(
  signal: AbortSignal,
): Promise<{ timeline: Timeline; kinds: Map<string, string> }> {
  const today = todayIso();
  const [timeline, now] = await Promise.all([
    api.get<Timeline>(`/v1/timeline?from=${START}&to=${today}`, signal),
    api.get<RegimeState>(`/v1/regime?at=${today}`, signal),
  ]);
  const kinds = new Map(now.measures.map((m) => [m.id, m.kind]));
  // Measures no longer in force are not in today's state: their history says their kind.
  const missing = [...new Set(timeline.changes.map((c) => c.measure))].filter((id) => !kinds.has(id));
  const histories = await Promise.all(
    missing.map((id) => api.get<MeasureHistory>(`/v1/measures/${encodeURIComponent(id)}`, signal)),
  );
  for (const history of histories) kinds.set(history.id, history.kind);
  return { timeline, kinds };
}

export function RegimePage() {
  useTitle("Regime");
  const { query } = useLocation();
  const today = todayIso();
  const at = /^\d{4}-\d{2}-\d{2}$/.test(query.get("at") ?? "") ? (query.get("at") as string) : today;
  const base = useId();
  const timeline = useAsync(loadTimeline, "timeline");
  const state = useAsync((signal) => api.get<RegimeState>(`/v1/regime?at=${at}`, signal), at);

  const setAt = (date: string): void => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(date)) navigate(`/regime?at=${date}`, { replace: true });
  };

  return (
    <>
      <h1>The regime over time</h1>
      <p className="lede">
        The measures of the UN Security Council's DPRK sanctions regime (resolution 1718 and its successors),
        one row per measure, from 2006 to today. Pick a date to see what was in force.
      </p>
      <div className="toolbar">
        <div className="field inline">
          <label htmlFor={`${base}-at`}>State on</label>
          <input
            id={`${base}-at`}
            type="date"
            min={START}
            max={today}
            value={at}
            onChange={(event) => {
              setAt(event.target.value);
            }}
          />
        </div>
        <div className="quick-dates" role="group" aria-label="Key dates">
          {[
            ["2006-10-14", "1718 adopted"],
            ["2016-03-02", "2270"],
            ["2017-12-22", "2397"],
            ["2019-12-17", "Dec 2019"],
          ].map(([date, label]) => (
            <button
              key={date}
              type="button"
              className="chip"
              aria-pressed={at === date}
              onClick={() => {
                setAt(date as string);
              }}
            >
              {label}
            </button>
          ))}
        </div>
      </div>
      {timeline.error && <ErrorNotice>{timeline.error}</ErrorNotice>}
      {timeline.loading && !timeline.data && <Loading what="the timeline" />}
      {timeline.data && (
        <TimelineChart
          timeline={timeline.data.timeline}
          kinds={timeline.data.kinds}
          at={at}
          today={today}
          inForce={new Set(state.data?.measures.map((m) => m.id) ?? [])}
          onPick={setAt}
        />
      )}
      <section aria-labelledby={`${base}-state`} className="panel">
        <h2 id={`${base}-state`}>
          In force on <time dateTime={at}>{at}</time>
          {state.data && <span className="count"> · {state.data.measures.length} measures</span>}
        </h2>
        {state.error && <ErrorNotice>{state.error}</ErrorNotice>}
        {state.loading && !state.data && <Loading what="the state" />}
        {state.data && state.data.measures.length === 0 && <p>No measure was in force on this date.</p>}
        {state.data && state.data.measures.length > 0 && (
          <div className="table-wrap" aria-live="polite">
            <table className="state-table">
              <thead>
                <tr>
                  <th scope="col">Measure</th>
                  <th scope="col">What</th>
                  <th scope="col">Since</th>
                  <th scope="col">Citation</th>
                </tr>
              </thead>
              <tbody>
                {state.data.measures.map((measure) => (
                  <tr key={measure.id}>
                    <th scope="row">
                      <KindSwatch kind={measure.kind} />
                      <Link to={`/regime/measures/${encodeURIComponent(measure.id)}`}>{measure.id}</Link>
                    </th>
                    <td>
                      {measure.title}
                      <span className="muted">
                        {" "}
                        · {measure.kind}, {measure.modality}
                      </span>
                    </td>
                    <td>
                      <time dateTime={measure.since}>{measure.since}</time>
                    </td>
                    <td>
                      <Citations citations={measure.citations} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {timeline.data && <EventsList events={timeline.data.timeline.events} />}
    </>
  );
}

function TimelineChart(props: {
  timeline: Timeline;
  kinds: ReadonlyMap<string, string>;
  at: string;
  today: string;
  inForce: ReadonlySet<string>;
  onPick: (date: string) => void;
}) {
  const { timeline, kinds, at, today, inForce, onPick } = props;
  const rows = useMemo(() => rowsOf(timeline.changes, kinds), [timeline, kinds]);
  const start = time(START);
  const end = time(today) + DAY;
  const x = (date: string): number => ((time(date) - start) / (end - start)) * 100;
  const years: number[] = [];
  for (let year = 2006; year <= Number(today.slice(0, 4)); year++) years.push(year);
  const usedKinds = [...new Set(rows.map((row) => row.kind))].sort();

  const pick = (event: MouseEvent<HTMLDivElement>): void => {
    const box = event.currentTarget.getBoundingClientRect();
    const share = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
    onPick(new Date(start + share * (end - start - DAY)).toISOString().slice(0, 10));
  };
  const step = (event: KeyboardEvent<HTMLDivElement>): void => {
    const days = event.key === "ArrowRight" ? 30 : event.key === "ArrowLeft" ? -30 : 0;
    if (days === 0) return;
    event.preventDefault();
    const next = new Date(time(at) + days * DAY).toISOString().slice(0, 10);
    onPick(next < START ? START : next > today ? today : next);
  };

  return (
    <figure className="timeline" aria-labelledby="timeline-caption">
      <figcaption id="timeline-caption">
        {rows.length} measures from {START.slice(0, 4)} to {today}; bars are periods in force, ticks
        amendments and closed windows, triangles events. The table below lists the measures in force on the
        chosen date.
      </figcaption>
      <ul className="legend" aria-label="Kinds of measure">
        {usedKinds.map((kind) => (
          <li key={kind}>
            <KindSwatch kind={kind} /> {kind}
          </li>
        ))}
      </ul>
      <div className="timeline-scroll">
        <div className="timeline-grid" style={{ ["--cursor" as string]: `${x(at)}%` }}>
          <div className="tl-label tl-head" aria-hidden="true" />
          <div
            className="tl-track tl-axis"
            onClick={pick}
            onKeyDown={step}
            role="slider"
            tabIndex={0}
            aria-label="Date on the timeline (left and right arrows move by 30 days)"
            aria-valuemin={time(START)}
            aria-valuemax={time(today)}
            aria-valuenow={time(at)}
            aria-valuetext={at}
          >
            {years.map((year) => (
              <span key={year} className="tl-year" style={{ left: `${x(`${year}-01-01`)}%` }}>
                {year % 2 === 0 ? `’${String(year).slice(2)}` : ""}
              </span>
            ))}
            {timeline.events.map((event) => (
              <span
                key={event.id}
                className={`tl-event event-${event.kind}`}
                style={{ left: `${x(event.date)}%` }}
                title={`${event.date}: ${event.title}`}
              />
            ))}
            <span className="tl-cursor" />
          </div>
          {rows.map((row) => (
            <TimelineRow
              key={row.id}
              row={row}
              x={x}
              today={today}
              active={inForce.has(row.id)}
              onPick={pick}
            />
          ))}
        </div>
      </div>
    </figure>
  );
}

function TimelineRow(props: {
  row: Row;
  x: (date: string) => number;
  today: string;
  active: boolean;
  onPick: (event: MouseEvent<HTMLDivElement>) => void;
}) {
  const { row, x, today, active, onPick } = props;
  const spans = row.spans.map((s) => `${s.from} to ${s.to ?? "today"}`).join(", ");
  return (
    <>
      <div className={active ? "tl-label active" : "tl-label"}>
        <Link
          to={`/regime/measures/${encodeURIComponent(row.id)}`}
          title={row.title}
          aria-label={`${row.id}: ${row.title}, ${row.kind}, in force ${spans || "never"}`}
        >
          {row.id}
        </Link>
      </div>
      <div className="tl-track" onClick={onPick} aria-hidden="true">
        {row.spans.map((span) => (
          <span
            key={span.from}
            className="tl-bar"
            style={{
              left: `${x(span.from)}%`,
              width: `${Math.max(0.4, x(span.to ?? today) - x(span.from) + (span.to ? 0 : 0.4))}%`,
              background: kindColor(row.kind),
            }}
            title={`${row.id} (${row.kind}): ${span.from} – ${span.to ?? "today"}`}
          />
        ))}
        {row.marks.map((mark, index) => (
          <span
            key={`${mark.date}-${index}`}
            className={`tl-mark mark-${mark.change}`}
            style={{ left: `${x(mark.date)}%` }}
            title={`${mark.date}: ${mark.change}${mark.citations.length ? ` (${mark.citations.join(", ")})` : ""}${mark.detail ? ` — ${mark.detail}` : ""}`}
          />
        ))}
        <span className="tl-cursor" />
      </div>
    </>
  );
}

function EventsList({ events }: { events: readonly RegimeEvent[] }) {
  return (
    <details className="panel">
      <summary>
        <h2 className="inline-heading">Events ({events.length})</h2>
      </summary>
      <ul className="events">
        {events.map((event) => (
          <li key={event.id}>
            <time dateTime={event.date}>{event.date}</time>{" "}
            <span className={`tag event-${event.kind}`}>{event.kind}</span> {event.title}
            {event.response && <span className="muted"> → {event.response}</span>}
            {!event.verified && <span className="unverified-mark"> * unverified</span>}
          </li>
        ))}
      </ul>
    </details>
  );
}
