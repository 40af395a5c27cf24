/**
 * Drafts: an encoded draft (or an uploaded one) as a legal diff, before and after side by side; and a
 * vote board of that year's fifteen Council members with declared or probable positions, the vetoes,
 * the adoption probability and the members that decide it (`POST /v1/council/vote`). The encoded drafts,
 * their recorded votes and the vote scenarios come from the API (`GET /v1/drafts`, `GET /v1/drafts/{id}`).
 */
import { useEffect, useId, useState, type ChangeEvent } from "react";
import { api, describeError } from "../api.js";
import { Cite, ErrorNotice, Loading, formatNumber } from "../components.js";
import { councilReasonLabels } from "../../../src/council/labels.js";
import type { ForecastReason } from "../../../src/council/odds.js";
import type { DecisionReason } from "../../../src/council/rule.js";
import { decisionReasonText, forecastReasonText } from "../../../src/council/text.js";
import { useApiKeyVersion, useAsync, useTitle } from "../hooks.js";
import { Link, navigate, useLocation } from "../router.js";
import type {
  CouncilReason,
  CouncilVoteResponse,
  DraftDetail,
  DraftDiff,
  DraftScenario,
  DraftSide,
  DraftSummary,
  DraftVote,
  Vote,
} from "../types.js";
import { capText } from "./Measure.js";

/**
 * A member's position: unknown, a vote (declared, or `recorded` when it is the Council's record of the
 * vote), or probable (shares of yes, no and abstain adding up to 1).
 */
type Position =
  | { kind: "unknown" }
  | { kind: "vote"; vote: Vote; recorded?: true }
  | { kind: "probable"; yes: number; abstain: number };
type Board = Readonly<Record<string, Position>>;
/** Where the board's positions come from: the recorded vote, or a scenario (illustrative, never a record). */
interface Preset {
  readonly label: string;
  readonly kind: "recorded" | "scenario";
  /** What the board says it shows while the preset stands. */
  readonly note: string;
  readonly board: Board;
}

const tallyText = (vote: DraftVote): string => `${vote.tally.yes}-${vote.tally.no}-${vote.tally.abstain}`;

/** What became of a draft, in a few words: "vetoed 2022-05-26", "not put to a vote". */
function outcomeText(draft: DraftSummary): string {
  if (
    draft.vote &&
    (draft.outcome === "vetoed" || draft.outcome === "adopted" || draft.outcome === "not adopted")
  )
    return `${draft.outcome} ${draft.vote.date}`;
  return draft.outcome;
}

/** The recorded vote as a preset (every member declared), then the package's scenarios (illustrative). */
function presetsOf(summary: DraftSummary | undefined, detail: DraftDetail | undefined): Preset[] {
  const presets: Preset[] = [];
  if (summary?.vote) {
    const vote = summary.vote;
    presets.push({
      label: `Recorded vote (${tallyText(vote)}${vote.verified ? "" : ", unverified"})`,
      kind: "recorded",
      note: `The vote recorded on ${vote.date}${summary.symbol ? ` on ${summary.symbol.text}` : ""}, member by member${vote.verified ? "" : " (not confirmed by the Council's records)"}.`,
      board: Object.fromEntries(
        Object.entries(vote.votes).map(([member, value]) => [
          member,
          { kind: "vote", vote: value, recorded: true },
        ]),
      ),
    });
  }
  for (const scenario of detail?.scenarios ?? []) presets.push(scenarioPreset(scenario));
  return presets;
}

function scenarioPreset(scenario: DraftScenario): Preset {
  // "China–Russia draft (Dec 2019), with the United States voting no" → "Scenario with the United States voting no".
  const cut = scenario.title.lastIndexOf(", ");
  const label = `${cut >= 0 ? `Scenario ${scenario.title.slice(cut + 2)}` : `Scenario: ${scenario.title}`} (illustrative)`;
  const board: Record<string, Position> = {};
  for (const [member, p] of Object.entries(scenario.positions))
    board[member] = { kind: "probable", yes: p.yes, abstain: p.abstain };
  for (const [member, vote] of Object.entries(scenario.votes)) board[member] = { kind: "vote", vote };
  return {
    label,
    kind: "scenario",
    note: `${scenario.title}: illustrative positions of the regime package's scenario, not a record of any vote.`,
    board,
  };
}

type Source = { kind: "id"; id: string } | { kind: "file"; name: string; draft: unknown };

export function DraftsPage() {
  useTitle("Drafts");
  const base = useId();
  const { query } = useLocation();
  const list = useAsync(
    (signal) => api.get<{ drafts: DraftSummary[] }>("/v1/drafts", signal).then((body) => body.drafts),
    "drafts",
  );
  const drafts = list.data ?? [];
  const requested = query.get("id");
  const chosen = drafts.find((d) => d.id === requested) ?? drafts[0];
  const [upload, setUpload] = useState<Extract<Source, { kind: "file" }> | undefined>();
  const [uploadError, setUploadError] = useState<string | undefined>();
  const [at, setAt] = useState("");
  const source: Source | undefined = upload ?? (chosen ? { kind: "id", id: chosen.id } : undefined);
  const defaultAt = source?.kind === "id" ? (chosen?.at ?? "") : "";
  const when = /^\d{4}-\d{2}-\d{2}$/.test(at) ? at : defaultAt;

  const diff = useAsync(
    (signal) =>
      source === undefined
        ? Promise.resolve(undefined)
        : api.post<DraftDiff>(
            "/v1/drafts/diff",
            source.kind === "id"
              ? { id: source.id, ...(when ? { at: when } : {}) }
              : { draft: source.draft, ...(when ? { at: when } : {}) },
            signal,
          ),
    source === undefined ? "none" : `${source.kind === "id" ? source.id : `file:${source.name}`}@${when}`,
  );
  const detail = useAsync(
    (signal) =>
      source?.kind === "id"
        ? api.get<DraftDetail>(`/v1/drafts/${encodeURIComponent(source.id)}`, signal)
        : Promise.resolve(undefined),
    source?.kind === "id" ? source.id : "none",
  );

  const onFile = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    if (!file) return;
    setUploadError(undefined);
    try {
      const text = await file.text();
      const { parse } = await import("yaml");
      // JSON is YAML too; dates are kept as the strings the API expects.
      const draft: unknown = parse(text, { schema: "core" });
      if (draft === null || typeof draft !== "object" || Array.isArray(draft))
        throw new Error("the file does not hold a draft (a YAML or JSON mapping)");
      setUpload({ kind: "file", name: file.name, draft });
    } catch (cause) {
      setUploadError(`${file.name}: ${describeError(cause)}`);
    }
  };

  const drafted = diff.data?.draft;
  const year = Number((drafted?.at ?? when).slice(0, 4)) || new Date().getFullYear();
  const encoded = source?.kind === "id" ? chosen : undefined;
  const presets = encoded ? presetsOf(encoded, detail.data?.id === encoded.id ? detail.data : undefined) : [];

  return (
    <>
      <h1>Drafts and the Council vote</h1>
      <p className="lede">
        What a draft resolution would change if adopted, measure by measure, and whether it could pass that
        year's Council: nine votes in favour and no permanent member voting no.
      </p>
      <section className="panel" aria-labelledby={`${base}-choose`}>
        <h2 id={`${base}-choose`}>Draft</h2>
        {list.error && <ErrorNotice>{list.error}</ErrorNotice>}
        {list.loading && !list.data && <Loading what="the drafts" />}
        <div className="grid">
          <div className="field wide">
            <label htmlFor={`${base}-id`}>Encoded draft</label>
            <select
              id={`${base}-id`}
              value={upload ? "" : (chosen?.id ?? "")}
              onChange={(event) => {
                setUpload(undefined);
                setAt("");
                navigate(`/drafts?id=${encodeURIComponent(event.target.value)}`, { replace: true });
              }}
            >
              {(upload || !chosen) && <option value="">{upload ? `${upload.name} (uploaded)` : "…"}</option>}
              {drafts.map((draft) => (
                <option key={draft.id} value={draft.id}>
                  {draft.id}: {draft.symbol ? `${draft.symbol.text}, ` : ""}
                  {draft.title} ({outcomeText(draft)})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${base}-file`}>Or upload a draft (.yaml, .json)</label>
            <input
              id={`${base}-file`}
              type="file"
              accept=".yaml,.yml,.json"
              onChange={(event) => void onFile(event)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${base}-at`}>Apply as if adopted on</label>
            <input
              id={`${base}-at`}
              type="date"
              value={when}
              onChange={(event) => {
                setAt(event.target.value);
              }}
            />
          </div>
        </div>
        {uploadError && <ErrorNotice>{uploadError}</ErrorNotice>}
        {encoded && <DraftFacts draft={encoded} />}
      </section>
      {diff.error && <ErrorNotice>{diff.error}</ErrorNotice>}
      {detail.error && (
        <ErrorNotice>The draft's vote scenarios could not be read: {detail.error}</ErrorNotice>
      )}
      {diff.loading && !diff.data && source && <Loading what="the diff" />}
      {diff.data && <LegalDiff diff={diff.data} />}
      {source && (
        <VoteBoard
          key={`${source.kind === "id" ? source.id : source.name}-${year}`}
          presets={presets}
          title={drafted?.title}
          date={when || `${year}-06-30`}
          year={year}
        />
      )}
    </>
  );
}

/** Marks a fact the data does not confirm, as citations are marked. */
function Unverified({ verified, what }: { verified: boolean; what: string }) {
  if (verified) return null;
  return (
    <span className="unverified-mark" title={`${what} not confirmed by a source`}>
      {" "}
      <span aria-hidden="true">*</span> unverified
    </span>
  );
}

/** Sponsors, symbol, circulation and what became of the draft, each with its unverified mark. */
function DraftFacts({ draft }: { draft: DraftSummary }) {
  const vote = draft.vote;
  const shown = new Set(["symbol", "circulated", "date", "vote", "votes", "outcome"]);
  const otherUnconfirmed = draft.unconfirmed.filter((element) => !shown.has(element));
  return (
    <dl className="facts compact draft-facts">
      <dt>Sponsors</dt>
      <dd>{draft.sponsors.join(", ")}</dd>
      <dt>Symbol</dt>
      <dd>
        {draft.symbol ? (
          <>
            {draft.symbol.text}
            <Unverified verified={draft.symbol.verified} what="The symbol" />
          </>
        ) : (
          <span className="muted">
            none recorded{draft.unconfirmed.includes("symbol") ? " (the sources do not confirm one)" : ""}
          </span>
        )}
      </dd>
      <dt>Circulated</dt>
      <dd>
        {draft.circulated ? (
          <>
            {draft.circulated.date}
            <Unverified verified={draft.circulated.verified} what="The date" />
          </>
        ) : (
          <span className="muted">not in the sources</span>
        )}
      </dd>
      <dt>Outcome</dt>
      <dd>
        {vote ? (
          <>
            {draft.outcome}
            {vote.vetoes.length > 0 && ` by ${vote.vetoes.join(" and ")}`}, {tallyText(vote)} on {vote.date}
            <Unverified verified={vote.verified} what="The recorded vote" />
          </>
        ) : (
          draft.outcome
        )}
      </dd>
      {otherUnconfirmed.length > 0 && (
        <>
          <dt>Unconfirmed</dt>
          <dd>
            {otherUnconfirmed.join(", ")}
            {draft.operations === 0 && " (no operation is encoded)"}
          </dd>
        </>
      )}
    </dl>
  );
}

function Side({ side, other }: { side: DraftSide; other: DraftSide }) {
  if (!side.inForce) return <p className="side-off">not in force</p>;
  // Exceptions on one side only are marked, when the measure is in force on both.
  const added = other.inForce
    ? (side.exceptions ?? []).filter((e) => !(other.exceptions ?? []).includes(e))
    : [];
  return (
    <dl className="facts compact">
      <dt>In force</dt>
      <dd>yes{side.modality ? `, ${side.modality}` : ""}</dd>
      {side.citation && (
        <>
          <dt>Citation</dt>
          <dd>
            <cite>{side.citation}</cite>
          </dd>
        </>
      )}
      {side.hs && side.hs.length > 0 && (
        <>
          <dt>HS</dt>
          <dd>{side.hs.join(", ")}</dd>
        </>
      )}
      {side.cap && (
        <>
          <dt>Cap</dt>
          <dd>{capText(side.cap)}</dd>
        </>
      )}
      {side.exceptions && side.exceptions.length > 0 && (
        <>
          <dt>Exceptions</dt>
          <dd>
            <ul>
              {side.exceptions.map((exception) => (
                <li key={exception} className={added.includes(exception) ? "changed" : undefined}>
                  {exception}
                  {added.includes(exception) && <span className="visually-hidden"> (changed)</span>}
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
    </dl>
  );
}

function LegalDiff({ diff }: { diff: DraftDiff }) {
  return (
    <section className="panel" aria-labelledby="legal-diff">
      <h2 id="legal-diff">
        Legal diff <span className="count">· {diff.changes.length} measures</span>
      </h2>
      <p>
        <strong>{diff.draft.title}</strong>{" "}
        <span className="muted">
          ({diff.draft.status}; applied on {diff.draft.at})
        </span>
      </p>
      {diff.changes.length === 0 && <p>This draft changes no measure (no operation is encoded for it).</p>}
      <ol className="diff">
        {diff.changes.map((change) => (
          <li key={`${change.measure}-${change.effective}`} className={`diff-item change-${change.change}`}>
            <h3>
              <span className={`tag change-${change.change}`}>{change.change}</span>{" "}
              <Link to={`/regime/measures/${encodeURIComponent(change.measure)}`}>{change.measure}</Link>{" "}
              <span className="muted">from {change.effective}</span>
            </h3>
            <p>
              {change.title} · by{" "}
              {change.citations.map((citation) => (
                <Cite key={citation} text={citation} verified={change.verified} />
              ))}
            </p>
            <div className="side-by-side">
              <div className="before">
                <h4>Before (adopted law)</h4>
                <Side side={change.before} other={change.after} />
              </div>
              <div className="after">
                <h4>After (with the draft)</h4>
                <Side side={change.after} other={change.before} />
              </div>
            </div>
            {change.details.length > 0 && (
              <ul className="details">
                {change.details.map((detail, i) => (
                  <li key={i}>{detail}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

const positionLabel = (position: Position | undefined): string =>
  !position || position.kind === "unknown"
    ? "unknown"
    : position.kind === "vote"
      ? `${position.vote}${position.recorded ? " (recorded)" : ""}`
      : `yes ${Math.round(position.yes * 100)}%`;

/** How a vote on the board is qualified: recorded (from the Council's record) or declared (given here). */
const voteNote = (position: Position): string =>
  position.kind === "vote" && position.recorded ? " (recorded)" : " (declared)";

function VoteBoard(props: {
  presets: readonly Preset[];
  title: string | undefined;
  date: string;
  year: number;
}) {
  const { presets, title, date, year } = props;
  const base = useId();
  const members = useAsync(
    (signal) => api.post<CouncilVoteResponse>("/v1/council/vote", { year }, signal),
    String(year),
  );
  const names = members.data?.forecast?.members.map((m) => m.member) ?? [];
  const permanent = new Set(
    members.data?.forecast?.members.filter((m) => m.permanent).map((m) => m.member) ?? [],
  );
  // A draft put to the vote opens on its recorded vote, member by member; others on unknown positions.
  const recorded = presets.find((preset) => preset.kind === "recorded");
  const [board, setBoard] = useState<Board>(recorded?.board ?? {});
  const [origin, setOrigin] = useState<Preset | undefined>(recorded);
  const version = useApiKeyVersion();
  const [result, setResult] = useState<CouncilVoteResponse | undefined>();
  const [error, setError] = useState<string | undefined>();

  const body = JSON.stringify(board);
  useEffect(() => {
    if (names.length === 0) return;
    const controller = new AbortController();
    const votes: Record<string, Vote> = {};
    const positions: Record<string, { yes: number; no: number; abstain: number }> = {};
    for (const [member, position] of Object.entries(board)) {
      if (position.kind === "vote") votes[member] = position.vote;
      else if (position.kind === "probable")
        positions[member] = {
          yes: position.yes,
          abstain: position.abstain,
          no: Math.max(0, Math.round((1 - position.yes - position.abstain) * 100) / 100),
        };
    }
    api
      .post<CouncilVoteResponse>(
        "/v1/council/vote",
        // Positions turn the question into a forecast: with every vote declared, it is a decision.
        {
          ...(title ? { title } : {}),
          date,
          year,
          ...(Object.keys(votes).length > 0 ? { votes } : {}),
          ...(Object.keys(positions).length > 0 ? { positions } : {}),
        },
        controller.signal,
      )
      .then(
        (answer) => {
          setResult(answer);
          setError(undefined);
        },
        (cause: unknown) => {
          // The outcome of the positions before is not this board's: it goes with the error.
          if (!controller.signal.aborted) {
            setResult(undefined);
            setError(describeError(cause));
          }
        },
      );
    return () => {
      controller.abort();
    };
  }, [body, names.length, title, date, year, version]);

  const setPosition = (member: string, position: Position): void => {
    setBoard((previous) => ({ ...previous, [member]: position }));
    setOrigin(undefined);
  };
  const vetoes = new Set(result?.decision?.vetoes ?? []);
  const decisive = new Set([
    ...(result?.forecast?.whip?.mustNotVeto ?? []),
    ...(result?.forecast?.whip?.minimumSet ?? []),
  ]);

  return (
    <section className="panel" aria-labelledby={`${base}-board`}>
      <h2 id={`${base}-board`}>Vote board: the Council of {year}</h2>
      {members.error && <ErrorNotice>{members.error}</ErrorNotice>}
      {members.loading && !members.data && <Loading what="the members" />}
      {names.length > 0 && (
        <>
          <div className="toolbar" role="group" aria-label="Positions">
            {presets.map((preset) => (
              <button
                key={preset.label}
                type="button"
                className="chip"
                aria-pressed={origin?.label === preset.label}
                onClick={() => {
                  setBoard(preset.board);
                  setOrigin(preset);
                }}
              >
                {preset.label}
              </button>
            ))}
            <button
              type="button"
              className="chip"
              onClick={() => {
                setBoard({});
                setOrigin(undefined);
              }}
            >
              Clear
            </button>
          </div>
          <p className={`board-origin ${origin?.kind ?? "edited"}`} role="status">
            {origin
              ? origin.note
              : Object.keys(board).length > 0
                ? "Positions as edited here."
                : "No position given: choose the recorded vote, a scenario, or each member's position."}
          </p>
          <div className="vote-layout">
            <div className="table-wrap">
              <table className="vote-board">
                <caption className="visually-hidden">Positions of the fifteen members</caption>
                <thead>
                  <tr>
                    <th scope="col">Member</th>
                    <th scope="col">Position</th>
                    <th scope="col">P(yes)</th>
                  </tr>
                </thead>
                <tbody>
                  {names.map((member) => {
                    const position = board[member] ?? { kind: "unknown" };
                    const selectId = `${base}-${member.replace(/\W+/g, "-")}`;
                    const value = position.kind === "vote" ? position.vote : position.kind;
                    return (
                      <tr
                        key={member}
                        className={[
                          vetoes.has(member) ? "veto" : "",
                          decisive.has(member) ? "decisive" : "",
                        ].join(" ")}
                      >
                        <th scope="row">
                          <label htmlFor={selectId}>{member}</label>
                          {permanent.has(member) && (
                            <abbr className="p5" title="permanent member (can veto)">
                              P5
                            </abbr>
                          )}
                          {vetoes.has(member) && <span className="badge verdict-prohibited">veto</span>}
                          {decisive.has(member) && !vetoes.has(member) && (
                            <span className="badge decides">decides</span>
                          )}
                        </th>
                        <td>
                          <select
                            id={selectId}
                            value={value}
                            aria-label={`Position of ${member}`}
                            onChange={(event) => {
                              const next = event.target.value;
                              setPosition(
                                member,
                                next === "unknown"
                                  ? { kind: "unknown" }
                                  : next === "probable"
                                    ? position.kind === "probable"
                                      ? position
                                      : { kind: "probable", yes: 0.5, abstain: 0 }
                                    : { kind: "vote", vote: next as Vote },
                              );
                            }}
                          >
                            <option value="unknown">unknown</option>
                            <option value="yes">yes{voteNote(position)}</option>
                            <option value="no">no{voteNote(position)}</option>
                            <option value="abstain">abstain{voteNote(position)}</option>
                            <option value="absent">absent</option>
                            <option value="probable">probable…</option>
                          </select>
                        </td>
                        <td>
                          {position.kind === "probable" ? (
                            <input
                              type="range"
                              min={0}
                              max={100}
                              step={5}
                              value={Math.round(position.yes * 100)}
                              aria-label={`Probability that ${member} votes yes`}
                              aria-valuetext={`${Math.round(position.yes * 100)}%`}
                              onChange={(event) => {
                                const yes = Number(event.target.value) / 100;
                                setPosition(member, {
                                  kind: "probable",
                                  yes,
                                  abstain: Math.min(position.abstain, Math.round((1 - yes) * 100) / 100),
                                });
                              }}
                            />
                          ) : (
                            <span className="muted">{positionLabel(position)}</span>
                          )}
                          {position.kind === "probable" && (
                            <span className="distribution">
                              {" "}
                              yes {Math.round(position.yes * 100)}%
                              {position.abstain > 0 && ` · abstain ${Math.round(position.abstain * 100)}%`}
                            </span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <div aria-live="polite" aria-atomic="true" className="vote-result">
              {error && <ErrorNotice>{error}</ErrorNotice>}
              {result && <VoteOutcome result={result} />}
            </div>
          </div>
        </>
      )}
    </section>
  );
}

function VoteOutcome({ result }: { result: CouncilVoteResponse }) {
  if (result.decision) {
    const d = result.decision;
    const adopted = d.outcome === "adopted";
    return (
      <div className={`outcome ${adopted ? "adopted" : "not-adopted"}`}>
        <p className="outcome-head">
          <strong>{adopted ? "ADOPTED" : "NOT ADOPTED"}</strong> {d.tally.yes}-{d.tally.no}-{d.tally.abstain}
          {d.tally.absent ? ` (${d.tally.absent} absent)` : ""}
        </p>
        <p>
          {d.tally.yes} affirmative vote{d.tally.yes === 1 ? "" : "s"}, {d.required} needed.
        </p>
        {d.vetoes.length > 0 && (
          <p className="veto-line">
            <strong>Veto:</strong> {d.vetoes.join(", ")}, permanent member{d.vetoes.length > 1 ? "s" : ""}{" "}
            voting no.
          </p>
        )}
        <Reasons reasons={d.reasons} />
      </div>
    );
  }
  const f = result.forecast;
  if (!f) return null;
  const top = [...(f.whip?.pivotality ?? [])].sort((a, b) => b.swing - a.swing).slice(0, 5);
  const mustNotVeto = f.whip?.mustNotVeto ?? [];
  const minimumSet = f.whip?.minimumSet ?? [];
  return (
    <div className="outcome forecast">
      <p className="outcome-head">
        {f.probability === null ? (
          <strong>Adoption probability unknown</strong>
        ) : (
          <>
            Adoption probability <strong>{(f.probability * 100).toFixed(1)}%</strong>
          </>
        )}{" "}
        <span className="muted">({f.status})</span>
      </p>
      {f.probability !== null && (
        <meter
          min={0}
          max={1}
          value={f.probability}
          aria-label="Adoption probability"
          className="wide-meter"
        />
      )}
      {f.whip && (
        <dl className="facts compact">
          <dt>Declared yes</dt>
          <dd>{f.whip.declaredYes?.join(", ") || "none"}</dd>
          {f.whip.neededYes !== null && (
            <>
              <dt>More yes needed</dt>
              <dd>{formatNumber(f.whip.neededYes)}</dd>
            </>
          )}
          {mustNotVeto.length > 0 && (
            <>
              <dt>Must not veto</dt>
              <dd>{mustNotVeto.join(", ")}</dd>
            </>
          )}
          {minimumSet.length > 0 && (
            <>
              <dt>Smallest winning set</dt>
              <dd>{minimumSet.join(", ")}</dd>
            </>
          )}
          {top.length > 0 && (
            <>
              <dt>Who decides it</dt>
              <dd>
                <ol className="pivots">
                  {top.map((p) => (
                    <li key={p.member}>
                      {p.member} <span className="muted">swing {(p.swing * 100).toFixed(1)} points</span>
                    </li>
                  ))}
                </ol>
              </dd>
            </>
          )}
        </dl>
      )}
      <Reasons reasons={f.reasons} />
    </div>
  );
}

/**
 * A decision's or forecast's reasons in words: a short label from the Council module's labels and its
 * line from the Council module's text; the code stays in a small aside for whoever looks it up.
 */
function Reasons({ reasons }: { reasons: readonly CouncilReason[] }) {
  if (reasons.length === 0) return null;
  return (
    <ul className="council-reasons">
      {reasons.map((reason, index) => {
        // The page marks what is unconfirmed itself (as citations are marked), so the line is worded
        // as confirmed and the mark follows it.
        const verified = !("verified" in reason) || reason.verified;
        const line =
          reason.code in decisionCodes
            ? decisionReasonText({ ...reason, verified: true } as DecisionReason)
            : forecastReasonText({ ...reason, verified: true } as ForecastReason);
        return (
          <li key={index} data-code={reason.code}>
            <strong>{councilReasonLabels[reason.code]}</strong>: {line}{" "}
            <code className="reason-code">{reason.code}</code>
            {!verified && <span className="unverified-mark"> * unverified</span>}
          </li>
        );
      })}
    </ul>
  );
}

/** The codes of a decision (the rest are a forecast's), to choose the line's wording. */
const decisionCodes: Readonly<Record<DecisionReason["code"], true>> = {
  ENOUGH_YES: true,
  TOO_FEW_YES: true,
  VETO: true,
  NO_VETO: true,
  PERMANENT_ABSTENTION_NOT_VETO: true,
  PROCEDURAL_NO_VETO: true,
};
