/**
 * @module texts/verify
 * Whether a citation says what the Council said. A citation of the regime data (`S/RES/2397 (2017)
 * OP28`) carries an anchor, a short verbatim phrase of the paragraph; it is verified when that phrase is
 * found in that numbered paragraph of the official text, and only then. Each other outcome has a code,
 * so that every answer resting on the citation can say why it is not verified.
 *
 * Why a phrase and not a hash of the paragraph: a phrase is what a reader checks by eye, it survives a
 * re-typeset copy of the same text, and a wrong paragraph number almost never contains it (2397 OP27
 * does not contain OP28's "restrict further the export to the DPRK of petroleum").
 */
import { annexLabel, findAnnexOrNone, findResolutionOrNone } from "./library.js";
import type { OperativeParagraph, ResolutionText } from "./model.js";

/** Why a citation is, or is not, verified. */
export type VerificationStatus =
  /** The anchor is in the cited paragraph of the official text. */
  | "verified"
  /** The citation has no anchor to look for. */
  | "no_anchor"
  /** The citation is to an `x-` anchor: the content is known, no paragraph number is. */
  | "no_paragraph_number"
  /** No official text of the resolution (or draft) has been imported. */
  | "no_official_text"
  /** The official text has no such paragraph (or sub-paragraph). */
  | "paragraph_missing"
  /** The paragraph exists, and the anchor is not in it. */
  | "anchor_not_found"
  /** The cited part (neither a numbered paragraph nor an annex) is not read from the official text. */
  | "part_not_read";

export interface Verification {
  readonly status: VerificationStatus;
  /** When the anchor was found elsewhere in the same text: the paragraphs (`OP28`) or annexes that hold it. */
  readonly foundIn?: readonly string[];
}

/** Curly quotes and apostrophes to straight ones, dashes to hyphens, runs of whitespace to one space. */
export function normaliseForAnchor(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\u00a0/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Whether every part of an anchor (parts joined by ` ... `) is found in the text, in order. */
export function anchorFound(anchor: string, text: string): boolean {
  const haystack = normaliseForAnchor(text);
  const parts = normaliseForAnchor(anchor)
    .split(/\s*(?:\.\.\.|…)\s*/)
    .filter((part) => part !== "");
  if (parts.length === 0) return false;
  let from = 0;
  for (const part of parts) {
    const at = haystack.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

/** A paragraph id of the regime data split into what the official text numbers. */
export interface ParagraphRef {
  readonly first: number;
  readonly last: number;
  /** The letter of a sub-paragraph, `a` in `OP8(a)(iii)`. */
  readonly letter?: string;
}

/** `OP8(a)(iii)` → 8, a; `OP12-13` → 12..13; `x-…` and annexes → undefined. */
export function parseParagraphId(id: string): ParagraphRef | undefined {
  const match = /^OP(\d+)((?:\([a-z]+\))*)(?:-(\d+))?$/.exec(id);
  if (!match?.[1]) return undefined;
  const first = Number(match[1]);
  const last = match[3] === undefined ? first : Number(match[3]);
  const letters = [...(match[2] ?? "").matchAll(/\(([a-z]+)\)/g)].map((m) => m[1] ?? "");
  // `(iii)` after a letter is a point of that letter's sub-paragraph, folded into its text.
  const letter = letters.find((label) => !/^[ivx]+$/.test(label) || label.length === 1);
  return letter === undefined ? { first, last } : { first, last, letter };
}

/** The text a paragraph id points at: the sub-paragraph for `OP8(a)`, the range for `OP12-13`. */
function citedTexts(text: ResolutionText, ref: ParagraphRef): { texts: string[]; missing: boolean } {
  const texts: string[] = [];
  for (let n = ref.first; n <= ref.last; n += 1) {
    const paragraph = text.paragraphs.find((p) => p.number === String(n));
    if (!paragraph) return { texts, missing: true };
    if (ref.letter === undefined) {
      texts.push(paragraph.text);
    } else {
      const sub = paragraph.subparagraphs.find((s) => s.label === ref.letter);
      if (!sub) return { texts, missing: true };
      texts.push(sub.text);
    }
  }
  return { texts, missing: false };
}

/** The paragraphs of a text that hold an anchor, for a "found in OP28 instead" hint. */
function holdersOf(anchor: string, paragraphs: readonly OperativeParagraph[]): string[] {
  return paragraphs.filter((p) => anchorFound(anchor, p.text)).map((p) => `OP${p.number}`);
}

/**
 * Verifies one citation against the official texts at hand.
 *
 * @param texts the imported official texts (resolutions and drafts)
 * @param symbol `S/RES/2397 (2017)`, or a draft's symbol
 * @param paragraph the regime data's paragraph id, `OP28`, `OP8(a)(iii)`, `OP12-13`, `x-…`
 * @param anchor the verbatim phrase the data quotes, when it has one
 */
export function verifyCitation(
  texts: readonly ResolutionText[],
  symbol: string,
  paragraph: string,
  anchor: string | undefined,
): Verification {
  const text = findResolutionOrNone(texts, symbol);
  if (!text) return { status: "no_official_text" };
  if (paragraph.startsWith("x-")) return { status: "no_paragraph_number" };
  const annex = annexLabel(paragraph);
  if (annex !== undefined) return verifyAnnex(text, annex, anchor);
  const ref = parseParagraphId(paragraph);
  if (!ref) return { status: "part_not_read" };
  const { texts: cited, missing } = citedTexts(text, ref);
  if (missing) return { status: "paragraph_missing" };
  if (anchor === undefined || anchor.trim() === "") return { status: "no_anchor" };
  if (cited.some((part) => anchorFound(anchor, part)) || anchorFound(anchor, cited.join(" "))) {
    return { status: "verified" };
  }
  const foundIn = holdersOf(anchor, text.paragraphs);
  return foundIn.length > 0 ? { status: "anchor_not_found", foundIn } : { status: "anchor_not_found" };
}

/** The text of an annex a citation's anchor is looked for in: its heading and its lines. */
function annexText(annex: { heading?: string; text: string }): string {
  return `${annex.heading ?? ""} ${annex.text}`;
}

/**
 * An `Annex IV` citation, looked up by the label the text prints: an annex the text does not head so
 * is `paragraph_missing` (with the annexes that hold the anchor, when one does), never guessed.
 */
function verifyAnnex(text: ResolutionText, label: string, anchor: string | undefined): Verification {
  const annex = findAnnexOrNone(text, label);
  const wanted = anchor?.trim() ?? "";
  const holders = (): string[] =>
    wanted === ""
      ? []
      : (text.annexes ?? []).filter((a) => anchorFound(wanted, annexText(a))).map((a) => a.label);
  if (!annex) {
    const foundIn = holders();
    return foundIn.length > 0 ? { status: "paragraph_missing", foundIn } : { status: "paragraph_missing" };
  }
  if (wanted === "") return { status: "no_anchor" };
  if (anchorFound(wanted, annexText(annex))) return { status: "verified" };
  const foundIn = holders();
  return foundIn.length > 0 ? { status: "anchor_not_found", foundIn } : { status: "anchor_not_found" };
}
