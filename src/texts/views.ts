/**
 * @module texts/views
 * The objects in which an official text is shown (their schemas are `./view-schemas.ts`), built here
 * for `GET /v1/texts…`, `sanctions texts list --json` and `sanctions text … --json` alike. A paragraph is asked for as it is cited:
 * `8`, `OP8`, `8(a)` (the sub-paragraph, with the paragraph's lead and verb), `OP8(a)(iii)` (point
 * `(iii)` is part of `(a)`'s text).
 */
import { TextError } from "./errors.js";
import { findParagraph } from "./library.js";
import type { Annex, ResolutionText } from "./model.js";
import type { AnnexView, ParagraphView, ResolutionView } from "./view-schemas.js";

/** A paragraph reference as cited: `8`, `OP8`, `8.`, `8(a)`, `OP8 (a) (iii)`. */
export interface ParagraphQuery {
  readonly number: string;
  readonly letter?: string;
}

/** Longest paragraph reference accepted (`OP123(aa)(viii)` is 15). */
export const MAX_PARAGRAPH_QUERY = 32;

/** A paragraph reference, or undefined when the words are not one. */
export function parseParagraphQuery(query: string): ParagraphQuery | undefined {
  if (query.length > MAX_PARAGRAPH_QUERY) return undefined;
  const match = /^(?:op\s*)?(\d{1,3})\.?\s*((?:\(\s*[a-z]{1,4}\s*\)\s*)*)$/i.exec(query.trim());
  if (match?.[1] === undefined) return undefined;
  const labels = [...(match[2] ?? "").matchAll(/\(\s*([a-z]+)\s*\)/gi)].map((m) =>
    (m[1] ?? "").toLowerCase(),
  );
  // `(iii)` after a letter is a point of that letter's sub-paragraph, folded into its text.
  const letter = labels[0];
  return letter === undefined
    ? { number: String(Number(match[1])) }
    : { number: String(Number(match[1])), letter };
}

/** The outline of a resolution. */
export function resolutionView(text: ResolutionText, version: string): ResolutionView {
  return {
    symbol: text.symbol,
    adopted: text.adopted ?? null,
    title: text.title ?? null,
    textsVersion: version,
    paragraphs: text.paragraphs.map((p) => ({ number: p.number, verb: p.verb ?? null, decides: p.decides })),
    annexes: (text.annexes ?? []).map((a) => ({ label: a.label, heading: a.heading ?? null })),
  };
}

/**
 * A paragraph (or sub-paragraph) of a resolution.
 *
 * @throws {TextError} `paragraph_not_found` for a paragraph or a sub-paragraph the text does not have.
 */
export function paragraphView(text: ResolutionText, query: ParagraphQuery, version: string): ParagraphView {
  const paragraph = findParagraph(text, query.number);
  const base = {
    symbol: text.symbol,
    adopted: text.adopted ?? null,
    lead: paragraph.lead,
    verb: paragraph.verb ?? null,
    decides: paragraph.decides,
    cites: [...paragraph.cites],
    textsVersion: version,
  };
  if (query.letter === undefined)
    return {
      ...base,
      paragraph: paragraph.number,
      text: paragraph.text,
      subparagraphs: [...paragraph.subparagraphs],
    };
  const sub = paragraph.subparagraphs.find((s) => s.label === query.letter);
  if (!sub) {
    const have = paragraph.subparagraphs.map((s) => `(${s.label})`);
    throw new TextError(
      "paragraph_not_found",
      `${text.symbol} operative paragraph ${paragraph.number} has no sub-paragraph (${query.letter})` +
        (have.length === 0 ? " (it has none)" : ` (it has ${have.join(", ")})`),
    );
  }
  return { ...base, paragraph: `${paragraph.number}(${sub.label})`, text: sub.text, subparagraphs: [sub] };
}

/** An annex of a resolution, found by the caller (`findAnnex`). */
export function annexView(text: ResolutionText, annex: Annex, version: string): AnnexView {
  return {
    symbol: text.symbol,
    adopted: text.adopted ?? null,
    annex: annex.label,
    heading: annex.heading ?? null,
    text: annex.text,
    textsVersion: version,
  };
}

export * from "./view-schemas.js";
