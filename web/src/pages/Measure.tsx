/** A measure's history: every version with its citations (unverified ones marked), scope, cap, exceptions and windows. */
import { api } from "../api.js";
import { Cite, Citations, ErrorNotice, KindSwatch, Loading, formatNumber } from "../components.js";
import { useAsync, useTitle } from "../hooks.js";
import { Link } from "../router.js";
import type { Cap, MeasureHistory } from "../types.js";

export function capText(cap: Cap): string {
  const limits = (cap.limits ?? [])
    .map((limit) => `${formatNumber(limit.amount)} ${limit.unit}`)
    .join(" or ");
  const period =
    cap.period === "fixed" && cap.periodStart && cap.periodEnd
      ? `from ${cap.periodStart} to ${cap.periodEnd}`
      : cap.period === "calendar-year"
        ? "per calendar year"
        : (cap.period ?? "");
  return [limits || "cap", period, cap.basis ? `(${cap.basis})` : ""].filter(Boolean).join(" ");
}

export function MeasurePage({ id }: { id: string }) {
  useTitle(id);
  const history = useAsync(
    (signal) => api.get<MeasureHistory>(`/v1/measures/${encodeURIComponent(id)}`, signal),
    id,
  );
  return (
    <>
      <p className="breadcrumb">
        <Link to="/regime">Regime</Link> <span aria-hidden="true">›</span> {id}
      </p>
      {history.error && (
        <>
          <h1>{id}</h1>
          <ErrorNotice>{history.error}</ErrorNotice>
        </>
      )}
      {history.loading && !history.data && <Loading what={id} />}
      {history.data && <History history={history.data} />}
    </>
  );
}

function History({ history }: { history: MeasureHistory }) {
  const unverified = history.versions.flatMap((v) => v.citations).filter((c) => !c.verified).length;
  return (
    <>
      <h1>
        <KindSwatch kind={history.kind} /> {history.id}
      </h1>
      <p className="lede">
        {history.title}{" "}
        <span className="muted">
          · {history.kind} · direction {history.direction}
        </span>
      </p>
      {unverified > 0 && (
        <p className="notice warn">
          <span aria-hidden="true">*</span> {unverified} citation{unverified > 1 ? "s" : ""} of this measure{" "}
          {unverified > 1 ? "have" : "has"} a paragraph number that no source confirms (marked unverified).
        </p>
      )}
      <ol className="versions">
        {history.versions.map((version, index) => (
          <li key={`${version.from}-${index}`} className="panel version">
            <h2>
              <span className={`tag change-${version.change}`}>{version.change}</span>{" "}
              <time dateTime={version.from}>{version.from}</time>
              {" – "}
              {version.to ? <time dateTime={version.to}>{version.to}</time> : "in force"}
            </h2>
            <dl className="facts">
              <dt>Citations</dt>
              <dd>
                <Citations citations={version.citations} />
              </dd>
              <dt>Modality</dt>
              <dd>{version.modality}</dd>
              {version.scope.text && (
                <>
                  <dt>Scope</dt>
                  <dd>
                    {version.scope.text}
                    {version.scope.activities.length > 0 && (
                      <span className="muted"> · activities: {version.scope.activities.join(", ")}</span>
                    )}
                    {version.scope.goods?.hs && (
                      <span className="muted"> · HS {version.scope.goods.hs.join(", ")}</span>
                    )}
                  </dd>
                </>
              )}
              {version.cap && (
                <>
                  <dt>Cap</dt>
                  <dd>
                    {capText(version.cap)}
                    {version.cap.note && <p className="muted">{version.cap.note}</p>}
                  </dd>
                </>
              )}
              {version.superseded?.map((superseded, i) => (
                <div key={i}>
                  <dt>Superseded</dt>
                  <dd>
                    {superseded.cap ? capText(superseded.cap) : "an earlier text"} (
                    {superseded.citations.join(", ")})
                    {superseded.cap?.note && <span className="muted"> — {superseded.cap.note}</span>}
                  </dd>
                </div>
              ))}
              {version.exceptions.length > 0 && (
                <>
                  <dt>Exceptions</dt>
                  <dd>
                    <ul>
                      {version.exceptions.map((exception) => (
                        <li key={exception.id}>
                          <code>{exception.id}</code> {exception.title}{" "}
                          <span className="muted">({exception.outcome})</span>{" "}
                          <Cite text={exception.citation} verified={exception.verified} />
                        </li>
                      ))}
                    </ul>
                  </dd>
                </>
              )}
              {version.windows.length > 0 && (
                <>
                  <dt>Windows</dt>
                  <dd>
                    <ul>
                      {version.windows.map((window) => (
                        <li key={window.id}>
                          <code>{window.id}</code> {window.kind}
                          {window.opens && ` from ${window.opens}`}
                          {window.lastDay && ` to ${window.lastDay}`}{" "}
                          <Cite text={window.citation} verified={window.verified} />
                        </li>
                      ))}
                    </ul>
                  </dd>
                </>
              )}
              {version.notes.length > 0 && (
                <>
                  <dt>Notes</dt>
                  <dd>
                    <ul>
                      {version.notes.map((note, i) => (
                        <li key={i}>{note}</li>
                      ))}
                    </ul>
                  </dd>
                </>
              )}
              {version.unverified.length > 0 && (
                <>
                  <dt>Unconfirmed</dt>
                  <dd>
                    <ul>
                      {version.unverified.map((text, i) => (
                        <li key={i}>{text}</li>
                      ))}
                    </ul>
                  </dd>
                </>
              )}
            </dl>
          </li>
        ))}
      </ol>
      <p className="muted">Regime {history.regimeVersion}</p>
    </>
  );
}
