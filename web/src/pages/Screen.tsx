/**
 * Screen: a name (and optionally a date of birth, nationality, kind) against the imported lists, with
 * each match's score and its explanation: aligned tokens, rules and qualifiers.
 */
import { useId, useState, type SyntheticEvent } from "react";
import { ApiError, api, describeError } from "../api.js";
import { ErrorNotice } from "../components.js";
import { useAsync, useTitle } from "../hooks.js";
import type { AppliedDecision, ListsResponse, ScreenMatch, ScreenResponse } from "../types.js";

export function ScreenPage() {
  useTitle("Screen");
  const base = useId();
  const [name, setName] = useState("");
  const [dob, setDob] = useState("");
  const [nationality, setNationality] = useState("");
  const [kind, setKind] = useState("");
  const [review, setReview] = useState(false);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ query: string; response: ScreenResponse } | undefined>();
  const [error, setError] = useState<{ text: string; noLists: boolean } | undefined>();
  const lists = useAsync((signal) => api.get<ListsResponse>("/v1/lists", signal), "lists");

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    const query: Record<string, string> = { name: name.trim() };
    if (dob.trim()) query["dob"] = dob.trim();
    if (nationality.trim()) query["nationality"] = nationality.trim();
    if (kind) query["kind"] = kind;
    setBusy(true);
    setError(undefined);
    try {
      const response = await api.post<ScreenResponse>("/v1/screen", {
        queries: [query],
        ...(review ? { threshold: 0.7 } : {}),
        limit: 20,
      });
      setAnswer({ query: query["name"] ?? "", response });
    } catch (cause) {
      setAnswer(undefined);
      setError({
        text: describeError(cause),
        noLists: cause instanceof ApiError && cause.code === "no_lists",
      });
    } finally {
      setBusy(false);
    }
  };

  const active = lists.data?.snapshots.filter((s) => s.active) ?? [];
  const matches = answer?.response.results[0]?.matches ?? [];
  const closed = matches.filter((match) => match.decision?.state === "suppressed").length;

  return (
    <>
      <h1>Screen a name</h1>
      <p className="lede">
        Against the imported sanctions lists. Romanisation variants (Pak/Park/Bak, Ri/Lee/Yi), joined or split
        given names, word order, typos and legal forms all match; a date of birth or nationality can only
        lower a score.
      </p>
      {lists.error && <ErrorNotice>The imported lists could not be read: {lists.error}</ErrorNotice>}
      {lists.data && (
        <p className="muted">
          {active.length === 0
            ? "No list is imported on this server yet."
            : `Lists: ${active.map((s) => `${s.list}${s.generatedOn ? ` of ${s.generatedOn.slice(0, 10)}` : ""}`).join(", ")}.`}
        </p>
      )}
      <section className="panel" aria-labelledby={`${base}-title`}>
        <h2 id={`${base}-title`} className="visually-hidden">
          Query
        </h2>
        <form onSubmit={(event) => void submit(event)}>
          <div className="grid">
            <div className="field wide">
              <label htmlFor={`${base}-name`}>
                Name<span className="required"> (required)</span>
              </label>
              <input
                id={`${base}-name`}
                value={name}
                required
                maxLength={300}
                placeholder="Lee Wonho"
                autoComplete="off"
                onChange={(event) => {
                  setName(event.target.value);
                }}
              />
            </div>
            <div className="field">
              <label htmlFor={`${base}-dob`}>Date of birth</label>
              <input
                id={`${base}-dob`}
                value={dob}
                placeholder="1964 or 1964-07-17"
                aria-describedby={`${base}-dob-hint`}
                autoComplete="off"
                onChange={(event) => {
                  setDob(event.target.value);
                }}
              />
              <small id={`${base}-dob-hint`} className="hint">
                a year or a full date
              </small>
            </div>
            <div className="field">
              <label htmlFor={`${base}-nat`}>Nationality</label>
              <input
                id={`${base}-nat`}
                value={nationality}
                placeholder="KP"
                autoComplete="off"
                onChange={(event) => {
                  setNationality(event.target.value);
                }}
              />
            </div>
            <div className="field">
              <label htmlFor={`${base}-kind`}>Kind</label>
              <select
                id={`${base}-kind`}
                value={kind}
                onChange={(event) => {
                  setKind(event.target.value);
                }}
              >
                <option value="">any</option>
                <option value="person">person</option>
                <option value="entity">entity</option>
                <option value="vessel">vessel</option>
              </select>
            </div>
          </div>
          <div className="field checkbox">
            <input
              id={`${base}-review`}
              type="checkbox"
              checked={review}
              onChange={(event) => {
                setReview(event.target.checked);
              }}
            />
            <label htmlFor={`${base}-review`}>Also show near matches for review (score 0.70 and above)</label>
          </div>
          <button type="submit" disabled={busy || name.trim() === ""}>
            {busy ? "Screening…" : "Screen"}
          </button>
        </form>
      </section>
      <div aria-live="polite" className="live">
        {error &&
          (error.noLists ? (
            <div className="notice warn" role="alert">
              <strong>No sanctions list is imported on this server.</strong> Screening needs one: an
              administrator imports the UN consolidated list with{" "}
              <code>sanctions lists import consolidated.xml</code> or <code>POST /v1/lists/import</code>{" "}
              (admin key).
            </div>
          ) : (
            <ErrorNotice>{error.text}</ErrorNotice>
          ))}
        {answer && (
          <section aria-label="Matches">
            <h2>
              {matches.length === 0
                ? `No match for “${answer.query}”`
                : `${matches.length} match${matches.length > 1 ? "es" : ""} for “${answer.query}”`}
              {closed > 0 && `, ${closed} closed by a decision`}
            </h2>
            <ol className="matches">
              {matches.map((match) => (
                <MatchCard key={`${match.list}-${match.ref}`} match={match} party={answer.query} />
              ))}
            </ol>
          </section>
        )}
      </div>
    </>
  );
}

/**
 * The decision on a match in words: what it does now first (alert closed, reopened, confirmed), then
 * who decided, when, which decision, and the note.
 */
function DecisionNotice({ decision }: { decision: AppliedDecision }) {
  const what = decision.decision === "false_positive" ? "a false positive" : "a true match";
  const by = `${decision.decidedBy} on ${decision.decidedAt.slice(0, 10)} (decision ${decision.id})`;
  return (
    <p className={`notice decision decision-${decision.state}`} role="status">
      {decision.state === "suppressed" ? (
        <>
          <strong>Alert closed</strong> by {by}: {what}, while the list entry is unchanged.
        </>
      ) : decision.state === "reopened" ? (
        <>
          <strong>Alert reopened</strong>: the list entry changed since {by} decided it {what}.
        </>
      ) : (
        <>
          <strong>True match</strong>, confirmed by {by}.
        </>
      )}{" "}
      Note: {decision.note}
    </p>
  );
}

/** Records an analyst's decision on this alert (`POST /v1/decisions`, analyst key). */
function DecisionForm({ match, party }: { match: ScreenMatch; party: string }) {
  const base = useId();
  const [kind, setKind] = useState<"false_positive" | "true_match">("false_positive");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>();

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    try {
      const stored = await api.post<AppliedDecision>("/v1/decisions", {
        party,
        list: match.list,
        entry: match.ref,
        decision: kind,
        note: note.trim(),
      });
      setResult({
        ok: true,
        text: `Recorded ${kind === "false_positive" ? "false positive" : "true match"} (${stored.id}) by ${stored.decidedBy}. Later screenings of “${party}” show it.`,
      });
    } catch (cause) {
      setResult({ ok: false, text: describeError(cause) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="decide">
      <summary>Record a decision on this alert</summary>
      <form onSubmit={(event) => void submit(event)}>
        <fieldset>
          <legend>Is “{party}” this listed entry?</legend>
          <div className="field checkbox">
            <input
              id={`${base}-fp`}
              type="radio"
              name={`${base}-kind`}
              checked={kind === "false_positive"}
              onChange={() => {
                setKind("false_positive");
              }}
            />
            <label htmlFor={`${base}-fp`}>
              No: a false positive (closes the alert while the entry is unchanged)
            </label>
          </div>
          <div className="field checkbox">
            <input
              id={`${base}-tm`}
              type="radio"
              name={`${base}-kind`}
              checked={kind === "true_match"}
              onChange={() => {
                setKind("true_match");
              }}
            />
            <label htmlFor={`${base}-tm`}>Yes: a true match</label>
          </div>
        </fieldset>
        <div className="field wide">
          <label htmlFor={`${base}-note`}>
            Note<span className="required"> (required)</span>
          </label>
          <textarea
            id={`${base}-note`}
            value={note}
            required
            maxLength={4000}
            placeholder="What was checked: date of birth, address, registration…"
            onChange={(event) => {
              setNote(event.target.value);
            }}
          />
        </div>
        <button type="submit" disabled={busy || note.trim() === ""}>
          {busy ? "Recording…" : "Record decision"}
        </button>
      </form>
      {result &&
        (result.ok ? (
          <p className="notice ok" role="status">
            {result.text}
          </p>
        ) : (
          <ErrorNotice>{result.text}</ErrorNotice>
        ))}
    </details>
  );
}

function MatchCard({ match, party }: { match: ScreenMatch; party: string }) {
  const { explanation } = match;
  return (
    <li
      className={`panel match band-${match.band}${match.decision?.state === "suppressed" ? " suppressed" : ""}`}
    >
      <header className="match-head">
        <meter
          min={0}
          max={1}
          low={0.7}
          high={0.85}
          optimum={0}
          value={match.score}
          aria-label={`Score ${match.score.toFixed(3)}`}
        />
        <strong className="score">{match.score.toFixed(3)}</strong>
        <span className={`badge band-${match.band}`}>{match.band}</span>
        {match.decision?.state === "suppressed" && <span className="badge closed">closed</span>}
        {match.decision?.state === "reopened" && <span className="badge reopened">reopened</span>}
        <span className="match-name">{match.name}</span>
        <span className="muted">
          {match.ref} · {match.list}
          {match.programmes?.length ? ` ${match.programmes.join(", ")}` : ""}
          {match.listedOn ? ` · listed ${match.listedOn}` : ""}
        </span>
      </header>
      {match.decision && <DecisionNotice decision={match.decision} />}
      <p>
        Matched alias <strong>{explanation.matchedName}</strong> ({explanation.quality}), name score{" "}
        {explanation.nameScore.toFixed(3)}
      </p>
      <div className="table-wrap">
        <table className="alignment">
          <caption>Aligned tokens</caption>
          <thead>
            <tr>
              <th scope="col">Query</th>
              <th scope="col">
                <span className="visually-hidden">aligned with</span>
              </th>
              <th scope="col">Listed</th>
              <th scope="col">Rule</th>
              <th scope="col" className="num">
                Score
              </th>
              <th scope="col" className="num">
                Weight
              </th>
            </tr>
          </thead>
          <tbody>
            {explanation.alignment.map((token, index) => (
              <tr key={index}>
                <td>{token.query.join(" + ") || "—"}</td>
                <td aria-hidden="true">↔</td>
                <td>{token.list.join(" + ") || "—"}</td>
                <td>
                  <code>{token.rule}</code>
                  {token.detail && <span className="muted"> {token.detail}</span>}
                </td>
                <td className="num">{token.score.toFixed(2)}</td>
                <td className="num">×{token.weight.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {(explanation.rules.length > 0 ||
        explanation.qualifiers.length > 0 ||
        explanation.identifiers.length > 0) && (
        <ul className="qualifiers">
          {explanation.rules.map((rule, index) => (
            <li key={`r${index}`}>
              rule <code>{rule.code}</code> ×{rule.factor.toFixed(2)}{" "}
              <span className="muted">{rule.detail}</span>
            </li>
          ))}
          {explanation.qualifiers.map((qualifier, index) => (
            <li key={`q${index}`}>
              qualifier <code>{qualifier.code}</code> {qualifier.effect.toFixed(2)}{" "}
              <span className="muted">{qualifier.detail}</span>
            </li>
          ))}
          {explanation.identifiers.map((identifier, index) => (
            <li key={`i${index}`}>
              identifier <code>{identifier.code}</code> {identifier.value} {identifier.effect.toFixed(2)}
            </li>
          ))}
        </ul>
      )}
      <DecisionForm match={match} party={party} />
    </li>
  );
}
