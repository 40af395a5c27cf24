/**
 * Check: one activity through a form, answered by a verdict card (outcome, reasons, citations); or a
 * CSV / JSON Lines file sent to `POST /v1/check` in chunks of at most 1,000, with progress, a summary
 * by verdict and by measure, and the results to download.
 */
import { useId, useRef, useState, type ChangeEvent, type SyntheticEvent } from "react";
import { api, describeError } from "../api.js";
import { isRejected, readBatch, toCsv, toJsonLines, type BatchResult, type FileItem } from "../batch.js";
import {
  byWeight,
  outcomeLabels,
  outcomesByWeight,
  reasonCodeDescriptions,
  reasonCodeLabels,
} from "../../../src/model/contract-labels.js";
import { Cite, ErrorNotice, VerdictBadge, formatNumber } from "../components.js";
import { useTitle } from "../hooks.js";
import { Link } from "../router.js";
import type { CheckBatch, ReasonWithAnchor, Verdict, VerdictResult } from "../types.js";
import {
  activityFacts,
  activityTypes,
  factLabel,
  factsOf,
  type ActivityType,
  type FactDefinition,
} from "../../../src/model/facts.js";
import {
  jointVentureActions,
  paymentInstruments,
  serviceKinds,
  vesselActions,
} from "../../../src/model/vocabulary.js";

interface Field {
  readonly name: string;
  readonly label: string;
  readonly hint?: string;
  readonly required?: boolean;
  readonly options?: readonly string[];
  readonly placeholder?: string;
  readonly kind?: "date" | "number" | "boolean";
}

const COMMON: readonly Field[] = [
  {
    name: "description",
    label: "Description",
    placeholder: "frozen fish",
    hint: "decides codes such as HS 271019",
  },
];

/** The inputs of the facts an activity of `type` carries, from the facts registry. */
function factFields(type: ActivityType): Field[] {
  return factsOf(type).map((name) => {
    const fact: FactDefinition = activityFacts[name];
    const value = fact.value;
    return {
      name,
      label: factLabel(name),
      hint: fact.description,
      ...(fact.example === undefined ? {} : { placeholder: fact.example }),
      ...(value.kind === "enum" ? { options: value.values } : {}),
      ...(value.kind === "date" || value.kind === "boolean" ? { kind: value.kind } : {}),
    };
  });
}

const FIELDS: Readonly<Record<ActivityType, readonly Field[]>> = {
  goods: [
    { name: "hs", label: "HS code", required: true, placeholder: "0302.11" },
    { name: "from", label: "From (country)", required: true, placeholder: "KP", hint: "ISO alpha-2" },
    { name: "to", label: "To (country)", required: true, placeholder: "CN", hint: "ISO alpha-2" },
    { name: "quantity", label: "Quantity", kind: "number" },
    { name: "unit", label: "Unit", placeholder: "bbl, t, kg" },
    { name: "hsEdition", label: "HS edition", options: ["HS2017", "HS2022"], hint: "by date if empty" },
  ],
  employment: [
    { name: "nationality", label: "Nationality", required: true, placeholder: "KP" },
    { name: "country", label: "Country of work", required: true, placeholder: "RU" },
    { name: "newAuthorization", label: "New work authorization", required: true, kind: "boolean" },
  ],
  joint_venture: [
    { name: "partnerCountry", label: "Partner country", required: true, placeholder: "KP" },
    { name: "country", label: "Country", placeholder: "CN" },
    { name: "action", label: "Action", required: true, options: jointVentureActions },
  ],
  payment: [
    { name: "from", label: "From (country)", required: true, placeholder: "CN" },
    { name: "to", label: "To (country)", required: true, placeholder: "KP" },
    {
      name: "instrument",
      label: "Instrument",
      required: true,
      options: paymentInstruments,
    },
    { name: "amount", label: "Amount", kind: "number" },
    { name: "currency", label: "Currency", placeholder: "USD" },
  ],
  vessel: [
    {
      name: "action",
      label: "Action",
      required: true,
      options: vesselActions,
    },
    { name: "vessel.name", label: "Vessel name" },
    { name: "vessel.imo", label: "Vessel IMO number" },
    { name: "vessel.flag", label: "Flag", placeholder: "KP" },
  ],
  service: [
    {
      name: "service",
      label: "Service",
      required: true,
      options: serviceKinds,
    },
    { name: "from", label: "From (country)", required: true },
    { name: "to", label: "To (country)", required: true },
  ],
};

/** The form's values as an activity: empty fields are left out, dotted names nest. */
export function toActivity(
  type: ActivityType,
  values: Readonly<Record<string, string>>,
): Record<string, unknown> {
  const activity: Record<string, unknown> = {
    id: values["id"]?.trim() || "form",
    type,
    date: values["date"],
  };
  for (const field of [...FIELDS[type], ...COMMON, ...factFields(type)]) {
    const raw = values[field.name]?.trim() ?? "";
    if (raw === "") continue;
    const value = field.kind === "number" ? Number(raw) : field.kind === "boolean" ? raw === "true" : raw;
    const [head, tail] = field.name.split(".");
    if (head && tail) activity[head] = { ...(activity[head] as object | undefined), [tail]: value };
    else activity[field.name] = value;
  }
  return activity;
}

export function CheckPage() {
  useTitle("Check");
  return (
    <>
      <h1>Check an activity</h1>
      <p className="lede">
        Whether a shipment, payment, work contract, joint venture, vessel operation or service was allowed on
        its date, and why: every reason cites the paragraph it rests on.
      </p>
      <SingleCheck />
      <BatchCheck />
    </>
  );
}

function SingleCheck() {
  const [type, setType] = useState<ActivityType>("goods");
  const [values, setValues] = useState<Record<string, string>>({
    date: "2019-12-17",
    hs: "0302.11",
    from: "KP",
    to: "CN",
    description: "frozen fish",
  });
  const [result, setResult] = useState<VerdictResult | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const base = useId();

  const set = (name: string) => (event: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
    setValues((previous) => ({ ...previous, [name]: event.target.value }));
  };

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setResult(await api.post<VerdictResult>("/v1/check", toActivity(type, values)));
    } catch (cause) {
      setResult(undefined);
      setError(describeError(cause));
    } finally {
      setBusy(false);
    }
  };

  const input = (field: Field) => {
    const id = `${base}-${field.name}`;
    const hint = field.hint ? `${id}-hint` : undefined;
    const value = values[field.name] ?? "";
    return (
      <div className="field" key={`${type}-${field.name}`}>
        <label htmlFor={id}>
          {field.label}
          {field.required && <span className="required"> (required)</span>}
        </label>
        {field.options || field.kind === "boolean" ? (
          <select
            id={id}
            value={value}
            onChange={set(field.name)}
            required={field.required}
            aria-describedby={hint}
          >
            <option value="">{field.required ? "choose…" : "—"}</option>
            {(field.options ?? ["true", "false"]).map((option) => (
              <option key={option} value={option}>
                {field.kind === "boolean" ? (option === "true" ? "yes" : "no") : option}
              </option>
            ))}
          </select>
        ) : (
          <input
            id={id}
            name={field.name}
            type={field.kind === "date" ? "date" : field.kind === "number" ? "number" : "text"}
            {...(field.kind === "number" ? { min: 0, step: "any" } : {})}
            value={value}
            placeholder={field.placeholder}
            onChange={set(field.name)}
            required={field.required}
            aria-describedby={hint}
            autoComplete="off"
          />
        )}
        {field.hint && (
          <small id={hint} className="hint">
            {field.hint}
          </small>
        )}
      </div>
    );
  };

  return (
    <section aria-labelledby={`${base}-title`} className="panel">
      <h2 id={`${base}-title`}>One activity</h2>
      <form onSubmit={(event) => void submit(event)} className="check-form">
        <div className="grid">
          <div className="field">
            <label htmlFor={`${base}-type`}>Type</label>
            <select
              id={`${base}-type`}
              value={type}
              onChange={(event) => {
                setType(event.target.value as ActivityType);
              }}
            >
              {activityTypes.map((t) => (
                <option key={t} value={t}>
                  {t.replace("_", " ")}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${base}-date`}>
              Date<span className="required"> (required)</span>
            </label>
            <input
              id={`${base}-date`}
              type="date"
              value={values["date"] ?? ""}
              onChange={set("date")}
              required
            />
          </div>
          {FIELDS[type].map(input)}
          {COMMON.map(input)}
          {factFields(type).map(input)}
          <div className="field">
            <label htmlFor={`${base}-id`}>Reference</label>
            <input
              id={`${base}-id`}
              value={values["id"] ?? ""}
              onChange={set("id")}
              placeholder="form"
              autoComplete="off"
            />
          </div>
        </div>
        <button type="submit" disabled={busy}>
          {busy ? "Checking…" : "Check"}
        </button>
      </form>
      <div aria-live="polite" aria-atomic="true" className="live">
        {error && <ErrorNotice>{error}</ErrorNotice>}
        {result && <VerdictCard result={result} />}
      </div>
    </section>
  );
}

export function VerdictCard({ result }: { result: VerdictResult }) {
  return (
    <article className={`verdict-card verdict-${result.verdict}`} aria-label={`Verdict: ${result.verdict}`}>
      <header>
        <VerdictBadge verdict={result.verdict} />
        <span className="muted">
          {result.id !== "form" ? `${result.id} · ` : ""}
          regime {result.regimeVersion.slice(0, 19)}
          {result.listSnapshot ? ` · list ${result.listSnapshot.slice(0, 12)}` : " · no list screened"}
        </span>
      </header>
      <h3 className="visually-hidden">Reasons</h3>
      {/* The most restrictive first: a permitted note never reads before the prohibition it sits beside. */}
      <ul className="reasons">
        {byWeight(result.reasons).map((reason, index) => (
          <li
            key={index}
            className={`reason outcome-${reason.outcome}`}
            data-code={reason.code}
            data-outcome={reason.outcome}
          >
            <span className={`badge small verdict-${reason.outcome}`}>{outcomeLabels[reason.outcome]}</span>{" "}
            <strong className="reason-label">{reasonCodeLabels[reason.code]}</strong>{" "}
            <code className="reason-code" title={reasonCodeDescriptions[reason.code]}>
              {reason.code}
            </code>
            {reason.measure && (
              <>
                {" "}
                <Link to={`/regime/measures/${encodeURIComponent(reason.measure)}`}>{reason.measure}</Link>
              </>
            )}
            {reason.citation && (
              <>
                {" "}
                <Cite
                  text={reason.citation}
                  verified={reason.verified}
                  anchor={(reason as ReasonWithAnchor).anchor}
                  verification={(reason as ReasonWithAnchor).verification}
                />
              </>
            )}
            <p>{reason.text}</p>
            {(reason as ReasonWithAnchor).interpretation && (
              <p className="interpretation">
                <strong>HS mapping:</strong> {(reason as ReasonWithAnchor).interpretation} (the text names
                goods, not codes: this mapping is the project&apos;s reading, no official text verifies it)
              </p>
            )}
          </li>
        ))}
      </ul>
    </article>
  );
}

const CHUNK = 1000;
const VERDICTS: readonly Verdict[] = outcomesByWeight;

interface BatchState {
  readonly name: string;
  readonly total: number;
  readonly done: number;
  readonly results: readonly BatchResult[];
  readonly finished: boolean;
  readonly error?: string;
}

function BatchCheck() {
  const base = useId();
  const [state, setState] = useState<BatchState | undefined>();
  const abort = useRef<AbortController | undefined>(undefined);

  const run = async (file: File): Promise<void> => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    const items: FileItem[] = readBatch(await file.text());
    const results: BatchResult[] = [];
    setState({ name: file.name, total: items.length, done: 0, results, finished: false });
    try {
      for (let start = 0; start < items.length; start += CHUNK) {
        const chunk = items.slice(start, start + CHUNK);
        const sent = chunk.filter((item): item is Extract<FileItem, { record: unknown }> => "record" in item);
        const answer =
          sent.length === 0
            ? { results: [] }
            : await api.post<CheckBatch>(
                "/v1/check",
                sent.map((item) => item.record),
                controller.signal,
              );
        let next = 0;
        for (const item of chunk) {
          if ("error" in item) {
            results.push({ error: { ...item.error, line: item.line } });
            continue;
          }
          const answered = answer.results[next++];
          if (!answered) continue;
          if ("error" in answered) {
            const { index: _index, ...error } = answered.error;
            results.push({
              ...(answered.id === undefined ? {} : { id: answered.id }),
              error: { ...error, line: item.line },
            });
          } else results.push(answered);
        }
        setState({
          name: file.name,
          total: items.length,
          done: start + chunk.length,
          results: [...results],
          finished: false,
        });
      }
      setState({ name: file.name, total: items.length, done: items.length, results, finished: true });
    } catch (cause) {
      if (controller.signal.aborted) return;
      setState({
        name: file.name,
        total: items.length,
        done: results.length,
        results,
        finished: true,
        error: describeError(cause),
      });
    }
  };

  const onFile = (event: ChangeEvent<HTMLInputElement>): void => {
    const file = event.target.files?.[0];
    if (file) void run(file);
  };

  return (
    <section aria-labelledby={`${base}-title`} className="panel">
      <h2 id={`${base}-title`}>A file of activities</h2>
      <p>
        CSV with a header row (as <code>examples/shipments.csv</code>) or JSON Lines. Checked in the browser's
        order, {formatNumber(CHUNK)} at a time; lines that cannot be read are reported in place.
      </p>
      <div className="field">
        <label htmlFor={`${base}-file`}>Activities file (.csv, .jsonl)</label>
        <input
          id={`${base}-file`}
          type="file"
          accept=".csv,.jsonl,.ndjson,.json,text/csv,application/x-ndjson"
          onChange={onFile}
        />
      </div>
      {state && <BatchReport state={state} />}
    </section>
  );
}

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}

function BatchReport({ state }: { state: BatchState }) {
  const verdicts = state.results.filter((r): r is VerdictResult => !isRejected(r));
  const rejected = state.results.length - verdicts.length;
  const byVerdict = new Map<Verdict, number>(VERDICTS.map((v) => [v, 0]));
  const byMeasure = new Map<string, Map<Verdict, number>>();
  for (const result of verdicts) {
    byVerdict.set(result.verdict, (byVerdict.get(result.verdict) ?? 0) + 1);
    // The measures that decide the verdict: those whose reasons have the verdict's own outcome.
    const measures = new Set(
      result.reasons.filter((r) => r.measure && r.outcome === result.verdict).map((r) => r.measure as string),
    );
    for (const measure of measures) {
      const counts = byMeasure.get(measure) ?? new Map<Verdict, number>();
      counts.set(result.verdict, (counts.get(result.verdict) ?? 0) + 1);
      byMeasure.set(measure, counts);
    }
  }
  const stem = state.name.replace(/\.[^.]+$/, "") || "activities";
  return (
    <div className="batch-report">
      <p aria-live="polite" role="status">
        {state.finished
          ? state.error
            ? `Stopped after ${formatNumber(state.done)} of ${formatNumber(state.total)}.`
            : `Checked ${formatNumber(state.total)} activities from ${state.name}.`
          : `Checking ${state.name}: ${formatNumber(state.done)} of ${formatNumber(state.total)}…`}
      </p>
      <progress max={Math.max(state.total, 1)} value={state.done} aria-label="Progress of the file check" />
      {state.error && <ErrorNotice>{state.error}</ErrorNotice>}
      {state.results.length > 0 && (
        <>
          <h3>By verdict</h3>
          <VerdictChart
            counts={[
              ...VERDICTS.map((verdict) => ({ verdict, count: byVerdict.get(verdict) ?? 0 })),
              { verdict: "rejected" as const, count: rejected },
            ]}
          />
          <ul className="summary-chips" aria-label="Summary by verdict">
            {VERDICTS.map((verdict) => (
              <li key={verdict}>
                <VerdictBadge verdict={verdict} />{" "}
                <strong data-verdict={verdict}>{byVerdict.get(verdict) ?? 0}</strong>
              </li>
            ))}
            <li>
              <span className="badge verdict-rejected">rejected</span>{" "}
              <strong data-verdict="rejected">{rejected}</strong>
            </li>
          </ul>
          {byMeasure.size > 0 && (
            <>
              <h3>By measure</h3>
              <div className="table-wrap">
                <table>
                  <caption className="visually-hidden">Activities by deciding measure and verdict</caption>
                  <thead>
                    <tr>
                      <th scope="col">Measure</th>
                      {VERDICTS.filter((v) => v !== "permitted").map((v) => (
                        <th scope="col" key={v} className="num">
                          {outcomeLabels[v]}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {[...byMeasure.entries()]
                      .sort((a, b) => a[0].localeCompare(b[0]))
                      .map(([measure, counts]) => (
                        <tr key={measure}>
                          <th scope="row">
                            <Link to={`/regime/measures/${encodeURIComponent(measure)}`}>{measure}</Link>
                          </th>
                          {VERDICTS.filter((v) => v !== "permitted").map((v) => (
                            <td key={v} className="num">
                              {counts.get(v) ?? ""}
                            </td>
                          ))}
                        </tr>
                      ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          <div className="actions">
            <button
              type="button"
              disabled={!state.finished}
              onClick={() => {
                download(`${stem}-verdicts.jsonl`, "application/x-ndjson", toJsonLines(state.results));
              }}
            >
              Download results (JSON Lines)
            </button>
            <button
              type="button"
              disabled={!state.finished}
              onClick={() => {
                download(`${stem}-verdicts.csv`, "text/csv", toCsv(state.results));
              }}
            >
              Download results (CSV)
            </button>
          </div>
          <details>
            <summary>Each result ({state.results.length})</summary>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Id</th>
                    <th scope="col">Verdict</th>
                    <th scope="col">Deciding citations</th>
                  </tr>
                </thead>
                <tbody>
                  {state.results.slice(0, 500).map((result, index) => (
                    <tr key={index}>
                      <td>{result.id ?? ""}</td>
                      <td>
                        {isRejected(result) ? (
                          <span className="badge verdict-rejected">rejected</span>
                        ) : (
                          <VerdictBadge verdict={result.verdict} />
                        )}
                      </td>
                      <td>
                        {isRejected(result)
                          ? `line ${result.error.line}: ${result.error.message}`
                          : result.reasons
                              .filter((r) => r.citation && r.outcome === result.verdict)
                              .map((r) => (
                                <Cite
                                  key={`${r.code}${r.citation ?? ""}`}
                                  text={r.citation ?? ""}
                                  verified={r.verified}
                                />
                              ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {state.results.length > 500 && (
                <p className="muted">The first 500 are shown; download the results for all.</p>
              )}
            </div>
          </details>
        </>
      )}
    </div>
  );
}

/** The file's verdicts as bars, one per verdict (plain SVG; the chips under it give the same counts). */
function VerdictChart({ counts }: { counts: readonly { verdict: Verdict | "rejected"; count: number }[] }) {
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  const most = Math.max(1, ...counts.map((c) => c.count));
  const row = 28;
  const label = 104;
  const width = 360;
  return (
    <svg
      className="chart-svg verdict-chart"
      viewBox={`0 0 ${width} ${counts.length * row}`}
      role="img"
      aria-label={`Verdicts: ${counts.map((c) => `${c.count} ${c.verdict === "rejected" ? "rejected" : outcomeLabels[c.verdict].toLowerCase()}`).join(", ")}`}
    >
      {counts.map((c, index) => {
        const length = ((width - label - 60) * c.count) / most;
        return (
          <g key={c.verdict} transform={`translate(0 ${index * row})`}>
            <text className="chart-axis" x={label - 8} y={row / 2 + 4} textAnchor="end">
              {c.verdict === "rejected" ? "Rejected" : outcomeLabels[c.verdict]}
            </text>
            <rect className={`chart-bar bar-${c.verdict}`} x={label} y={4} width={length} height={row - 8} />
            <text className="chart-value" x={label + length + 6} y={row / 2 + 4}>
              {formatNumber(c.count)}
              {total > 0 ? ` (${Math.round((100 * c.count) / total)}%)` : ""}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
