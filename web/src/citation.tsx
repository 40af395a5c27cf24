/**
 * A citation that opens its paragraph: `S/RES/2397 (2017) OP8` becomes a button, and the button a
 * dialog with the paragraph as the official text gives it (`GET /v1/texts/{symbol}/paragraphs/{n}`, or
 * `/annexes/{label}` for `Annex IV`): the operative verb in italics, and the reason's quoted anchor
 * highlighted when it carries one. A citation without a paragraph number (`x-mandate`) stays text.
 * When the server has no text of the resolution, the dialog says so and how to import the texts.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import type { AnnexView, ParagraphView } from "../../src/texts/view-schemas.js";
import { api, ApiError, describeError } from "./api.js";
import { useAsync } from "./hooks.js";
import type { Verification } from "./types.js";

/** What a citation points at: the symbol, and a paragraph (`8`, `8(a)`) or an annex (`Annex IV`). */
export interface CitedPart {
  readonly symbol: string;
  readonly paragraph?: string;
  readonly annex?: string;
  /** The citation as written. */
  readonly text: string;
}

/**
 * `S/RES/2397 (2017) OP8(a)(iii)` → 2397's paragraph `8(a)`; `OP12-13` → `12` (the first of the range);
 * `… Annex IV` → the annex; anything else (an `x-` anchor) → undefined.
 */
export function citedPart(citation: string): CitedPart | undefined {
  const match = /^(.+?)\s+(OP\d{1,3}(?:\([a-z]{1,4}\))*(?:-\d{1,3})?|Annex [IVXLC]+)$/.exec(citation.trim());
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  const [, symbol, part] = match;
  if (part.startsWith("Annex")) return { symbol, annex: part, text: citation };
  const paragraph = /^OP(\d+)(?:\(([a-z]+)\))?/.exec(part);
  if (!paragraph?.[1]) return undefined;
  // A lone `(i)` after no letter is not a sub-paragraph letter we can tell apart; the letter is kept.
  return {
    symbol,
    paragraph: paragraph[2] ? `${paragraph[1]}(${paragraph[2]})` : paragraph[1],
    text: citation,
  };
}

// Curly quotes to straight, dashes to hyphens, no-break space to space: one character for one, so that
// a position found in the mapped text is the same position in the text shown.
function mapped(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\u00a0/g, " ");
}

/** Where the parts of an anchor (joined by `...`) are in `text`, in order; none when one is missing. */
export function anchorRanges(text: string, anchor: string | undefined): [number, number][] {
  if (anchor === undefined) return [];
  const haystack = mapped(text);
  const parts = mapped(anchor)
    .replace(/\s+/g, " ")
    .trim()
    .split(/\s*(?:\.\.\.|…)\s*/)
    .filter((part) => part !== "");
  const ranges: [number, number][] = [];
  let from = 0;
  for (const part of parts) {
    const at = haystack.indexOf(part, from);
    if (at < 0) return [];
    ranges.push([at, at + part.length]);
    from = at + part.length;
  }
  return ranges;
}

/** `text` with its opening `verb` in `<em>` and the anchor's ranges in `<mark>`. */
export function Marked({
  text,
  verb,
  anchor,
}: {
  text: string;
  verb?: string | undefined;
  anchor?: string | undefined;
}) {
  const verbEnd = verb !== undefined && verb !== "" && text.startsWith(verb) ? verb.length : 0;
  const ranges = anchorRanges(text, anchor);
  const cuts = new Set([0, text.length, verbEnd, ...ranges.flat()]);
  const points = [...cuts].sort((a, b) => a - b);
  const pieces: ReactNode[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i] ?? 0;
    const end = points[i + 1] ?? 0;
    if (end <= start) continue;
    let piece: ReactNode = text.slice(start, end);
    if (start < verbEnd) piece = <em>{piece}</em>;
    if (ranges.some(([a, b]) => start >= a && end <= b)) piece = <mark>{piece}</mark>;
    pieces.push(<span key={start}>{piece}</span>);
  }
  return <>{pieces}</>;
}

/** A citation as a button that opens its paragraph, or as text when it names none. */
export function CitationButton({
  text,
  anchor,
  verification,
  children,
}: {
  text: string;
  anchor?: string | undefined;
  verification?: Verification | undefined;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const part = citedPart(text);
  if (!part) return <>{children}</>;
  return (
    <>
      <button
        type="button"
        className="cite-button"
        aria-haspopup="dialog"
        title="Read the paragraph in the official text"
        onClick={() => {
          setOpen(true);
        }}
      >
        {children}
      </button>
      {open && (
        <CitationDialog
          part={part}
          anchor={anchor}
          verification={verification}
          onClose={() => {
            setOpen(false);
          }}
        />
      )}
    </>
  );
}

function CitationDialog({
  part,
  anchor,
  verification,
  onClose,
}: {
  part: CitedPart;
  anchor: string | undefined;
  verification: Verification | undefined;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const symbol = encodeURIComponent(part.symbol);
  const path =
    part.annex !== undefined
      ? `/v1/texts/${symbol}/annexes/${encodeURIComponent(part.annex)}`
      : `/v1/texts/${symbol}/paragraphs/${encodeURIComponent(part.paragraph ?? "")}`;
  const state = useAsync(
    (signal) =>
      api.get<ParagraphView | AnnexView>(path, signal).then(
        (view) => ({ view, missing: undefined }),
        (error: unknown) => {
          if (error instanceof ApiError && error.status === 404) return { view: undefined, missing: error };
          throw error;
        },
      ),
    path,
  );
  return (
    <dialog ref={ref} className="citation-dialog" aria-labelledby={titleId} onClose={onClose}>
      <header>
        <h2 id={titleId}>{part.text}</h2>
        <button type="button" className="secondary" onClick={() => ref.current?.close()}>
          Close
        </button>
      </header>
      {state.loading && <p role="status">Loading the official text…</p>}
      {state.error !== undefined && (
        <p className="notice error" role="alert">
          {state.error}
        </p>
      )}
      {state.data?.missing && <NotImported part={part} error={state.data.missing} />}
      {state.data?.view && "paragraph" in state.data.view && (
        <ParagraphBody view={state.data.view} anchor={anchor} />
      )}
      {state.data?.view && "annex" in state.data.view && <AnnexBody view={state.data.view} anchor={anchor} />}
      {verification && (
        <p className={`verification verification-${verification.status}`}>
          <strong>Anchor check:</strong> {verification.text}
        </p>
      )}
      {anchor !== undefined &&
        state.data?.view &&
        anchorRanges(state.data.view.text, anchor).length === 0 && (
          <p className="muted">The quoted anchor “{anchor}” is not found in this text as shown.</p>
        )}
    </dialog>
  );
}

function ParagraphBody({ view, anchor }: { view: ParagraphView; anchor: string | undefined }) {
  const verb = view.verb;
  const sub = view.paragraph.includes("(");
  return (
    <>
      <p className="muted">
        {view.symbol}
        {view.adopted ? `, adopted ${view.adopted}` : ""} · operative paragraph {view.paragraph} ·{" "}
        {verb ? (
          <>
            verb <em>{verb.text}</em> ({verb.force}
            {verb.force !== "binding" && view.decides ? "; a later clause decides" : ""})
          </>
        ) : (
          "no operative verb"
        )}
      </p>
      <blockquote className="official-text">
        <p>
          <Marked text={view.lead} verb={verb?.text} anchor={sub ? undefined : anchor} />
        </p>
        {view.subparagraphs.length > 0 && (
          <ol className="subparagraphs">
            {view.subparagraphs.map((s) => (
              <li key={s.label}>
                ({s.label}) <Marked text={s.text} anchor={anchor} />
              </li>
            ))}
          </ol>
        )}
      </blockquote>
      <p className="muted small">Texts {view.textsVersion.slice(0, 19)}</p>
    </>
  );
}

function AnnexBody({ view, anchor }: { view: AnnexView; anchor: string | undefined }) {
  return (
    <>
      <p className="muted">
        {view.symbol}
        {view.adopted ? `, adopted ${view.adopted}` : ""} · {view.annex}
        {view.heading ? `: ${view.heading}` : ""}
      </p>
      <blockquote className="official-text">
        {view.text.split("\n").map((line, index) => (
          <p key={index}>
            <Marked text={line} anchor={anchor} />
          </p>
        ))}
      </blockquote>
      <p className="muted small">Texts {view.textsVersion.slice(0, 19)}</p>
    </>
  );
}

function NotImported({ part, error }: { part: CitedPart; error: ApiError }) {
  if (error.code !== "symbol_not_found")
    return (
      <p className="notice" role="status">
        {describeError(error)}
      </p>
    );
  return (
    <div className="notice" role="status">
      <p>
        The official text of {part.symbol} is not imported on this server, so its paragraph cannot be shown.
      </p>
      <p>
        An administrator imports the UN's texts (Akoma Ntoso XML) with <code>sanctions texts import DIR</code>{" "}
        (a folder, a file or a URL of one); the server reads them within a second.
      </p>
    </div>
  );
}
