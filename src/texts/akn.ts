/**
 * @module texts/akn
 * Streaming reader for the UN's Akoma Ntoso resolution files (the AKN4UN profile of OASIS LegalDocML).
 * Operative paragraphs are keyed by their printed `<num>8.</num>`, never by the `eId`, which counts
 * headings too. Annexes (`<attachments>`) are read apart, never as operative paragraphs (their lists are
 * numbered as well): an annex starts at a block whose whole text is its label (`Annex IV`, as a
 * `<heading>` or a bold `<p>`, the two ways the texts mark it), the next block is its heading, and the
 * rest is its text. The label is what the text prints, colon dropped: 2270's luxury-goods annex is
 * headed "Annex IV:" though its OP39 cites "Annex V", and the reader says "Annex IV". The verb is the
 * italic span a paragraph opens with (the profile marks verbs so), else the first words.
 *
 * Hostile or broken input ends in a {@link TextError}, never a stack trace: a DOCTYPE is refused before
 * anything is expanded (as the list readers do), and a file that stops early is `truncated`.
 */
import { createReadStream } from "node:fs";
import { SaxesParser } from "saxes";
import { TextError, type TextErrorCode } from "./errors.js";
import type { Annex, OperativeParagraph, PreambleParagraph, ResolutionText, SubParagraph } from "./model.js";
import { leadingVerb, verb, type Verb } from "./verbs.js";

/**
 * What this reader reads, as a number: raised whenever it reads more (2: annexes), so that texts stored
 * as read by an older one are read again from their stored XML.
 */
export const TEXT_READER_VERSION = 2;

const ROOT = "akomaNtoso";
// A resolution is tens of kilobytes; this many elements means the input is not one (or is an attack).
const MAX_ELEMENTS = 200_000;

/** Trims and collapses runs of whitespace (the texts indent with tabs and wrap in the markup). */
export function normalise(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** One run of a paragraph: a `<p>` or a `<point>`, with the label its `<num>` gives. */
interface Block {
  kind: "p" | "point";
  label?: string;
  /** Inside a `<sublist>`: a point of a sub-paragraph (`(i)`), folded into the sub-paragraph. */
  nested: boolean;
  text: string;
}

interface Draft {
  number?: string;
  subheading: boolean;
  blocks: Block[];
  verbs: Verb[];
  /** The verb the paragraph opens with, from the markup. */
  opening?: Verb;
  cites: string[];
}

/**
 * Reads one resolution text: a file path, or the XML itself as bytes.
 *
 * @throws {TextError} `doctype_refused`, `xml_malformed`, `not_akn`, `truncated`,
 *   `no_operative_paragraphs`, `input_unreadable`.
 */
export async function readResolutionText(input: string | Uint8Array): Promise<ResolutionText> {
  const parser = new SaxesParser({ position: true });
  const stack: string[] = [];
  const state = { rootSeen: false, rootClosed: false, elements: 0 };
  let symbol: string | undefined;
  let adopted: string | undefined;
  let title: string | undefined;
  let firstTitle: string | undefined;
  let frbrWork: string | undefined;
  const preamble: PreambleParagraph[] = [];
  const paragraphs: OperativeParagraph[] = [];
  // What is being read: a preamble `<p>`, an operative paragraph, a span, a link, a cover-page field.
  let pre: { text: string; opening?: Verb; verbs: number } | undefined;
  let para: Draft | undefined;
  let span: { text: string; atStart: boolean } | undefined;
  let field: { kind: "symbol" | "title" | "other-title"; text: string; depth: number } | undefined;
  // The blocks of the annexes, in order: each `<paragraph>` of an attachment is one.
  const annexBlocks: string[] = [];
  let annexBlock: { text: string } | undefined;

  const fail = (code: TextErrorCode, message: string): never => {
    throw new TextError(code, message, parser.line);
  };
  const inside = (name: string): boolean => stack.includes(name);

  parser.on("error", (error) => {
    fail("xml_malformed", `not well-formed XML: ${error.message.replace(/^[^:]*:\d+:\d+: /, "")}`);
  });
  parser.on("doctype", () => {
    fail("doctype_refused", "the XML declares a DOCTYPE, which a resolution text never needs; refused");
  });
  parser.on("opentag", (tag) => {
    const name = localName(tag.name);
    const parent = stack.at(-1);
    stack.push(name);
    if (++state.elements > MAX_ELEMENTS) fail("not_akn", "the document is far too large for a resolution");
    if (stack.length === 1) {
      if (name !== ROOT) fail("not_akn", `root element is <${tag.name}>, not <${ROOT}>`);
      state.rootSeen = true;
      return;
    }
    if (inside("attachments") || inside("attachment")) {
      // A block is a paragraph or a table row (2270's Annex III lists vessels in a table).
      if (name === "paragraph" || name === "tr") {
        if (annexBlock) annexBlocks.push(annexBlock.text);
        annexBlock = { text: "" };
      } else if (annexBlock) annexBlock.text += " ";
      return;
    }
    const attr = (key: string): string | undefined => {
      const value = tag.attributes[key];
      return typeof value === "string" ? value : value?.value;
    };
    if (name === "FRBRdate" && inside("FRBRWork") && adopted === undefined) {
      const kind = attr("name");
      if (kind === "adoption" || kind === "voting") adopted = attr("date");
      return;
    }
    if (name === "FRBRthis" && inside("FRBRWork")) frbrWork ??= attr("value");
    if (name === "docNumber" && symbol === undefined)
      field = { kind: "symbol", text: "", depth: stack.length };
    if (name === "docTitle" && field === undefined) {
      const kind = attr("refersTo") === "#resolutionNumber" ? "title" : "other-title";
      field = { kind, text: "", depth: stack.length };
    }
    if (inside("preamble") && !inside("formula") && name === "p") pre = { text: "", verbs: 0 };
    if (inside("mainBody")) {
      if (name === "paragraph" && parent === "mainBody") {
        para = { subheading: false, blocks: [], verbs: [], cites: [] };
        return;
      }
      if (!para) return;
      if (name === "subheading") para.subheading = true;
      if (name === "point") para.blocks.push({ kind: "point", nested: inside("sublist"), text: "" });
      else if (name === "p" && !inside("point")) para.blocks.push({ kind: "p", nested: false, text: "" });
      if (name === "a") {
        const cited = citedSymbol(attr("href"));
        if (cited !== undefined && !para.cites.includes(cited)) para.cites.push(cited);
      }
    }
    if (name === "span" && /\bitalic\b/.test(attr("class") ?? "") && (para || pre)) {
      const before = para ? para.blocks.map((b) => b.text).join("") : (pre?.text ?? "");
      span = { text: "", atStart: before.trim() === "" };
    }
  });
  parser.on("text", (text) => {
    if (inside("attachments") || inside("attachment")) {
      annexBlock ??= { text: "" };
      annexBlock.text += text;
      return;
    }
    if (field) field.text += text;
    if (span) span.text += text;
    if (pre) pre.text += text;
    if (!para) return;
    const name = stack.at(-1);
    const parent = stack.at(-2);
    if (name === "num" && parent === "paragraph") {
      para.number = normalise(text).replace(/\.$/, "");
      return;
    }
    const block = para.blocks.at(-1);
    if (name === "num" && parent === "point" && block) {
      block.label = normalise(text).replace(/^\(|\)$/g, "");
      return;
    }
    if (block) block.text += text;
    else if (name !== "subheading") para.blocks.push({ kind: "p", nested: false, text });
  });
  parser.on("closetag", (tag) => {
    const name = localName(tag.name);
    if ((name === "paragraph" || name === "tr") && annexBlock) {
      annexBlocks.push(annexBlock.text);
      annexBlock = undefined;
    }
    if (field && stack.length === field.depth) {
      const text = normalise(field.text);
      if (field.kind === "symbol") symbol = text;
      else if (field.kind === "title") title ??= text;
      else firstTitle ??= text;
      field = undefined;
    }
    if (name === "span" && span) {
      const printed = normalise(span.text);
      // Italics also mark words that are not verbs ("and", a quoted title): those are not verbs.
      if (printed !== "" && !/^(?:and|or|further|also|the|a)$/i.test(printed)) {
        const found = verb(printed);
        if (para) {
          para.verbs.push(found);
          if (span.atStart && para.verbs.length === 1) para.opening = found;
        } else if (pre && span.atStart && pre.verbs === 0) pre.opening = found;
        if (pre) pre.verbs++;
      }
      span = undefined;
    }
    if (name === "p" && pre && inside("preamble")) {
      const text = normalise(pre.text);
      if (text !== "") {
        const opening = pre.opening;
        preamble.push(opening === undefined ? { text } : { text, verb: opening });
      }
      pre = undefined;
    }
    if (name === "paragraph" && para && stack.at(-2) === "mainBody") {
      finish(para, paragraphs);
      para = undefined;
    }
    stack.pop();
    if (stack.length === 0) state.rootClosed = true;
  });

  const decoder = new TextDecoder("utf-8");
  for await (const chunk of chunksOf(input)) parser.write(decoder.decode(chunk, { stream: true }));
  parser.write(decoder.decode());
  if (!state.rootSeen) throw new TextError("not_akn", "the input holds no XML element (empty file?)");
  if (!state.rootClosed) {
    throw new TextError(
      "truncated",
      `the text ends before </${ROOT}> (after ${paragraphs.length} operative paragraphs); the copy is incomplete`,
      parser.line,
    );
  }
  parser.close();
  if (paragraphs.length === 0) {
    throw new TextError(
      "no_operative_paragraphs",
      "the text has no numbered operative paragraph (<paragraph><num>1.</num>…)",
    );
  }
  const own = symbol ?? symbolFromWork(frbrWork);
  if (own === undefined)
    throw new TextError("not_akn", "the text names no symbol (no <docNumber>, no FRBRWork)");
  const head = { symbol: own, ...(adopted === undefined ? {} : { adopted }) };
  const shownTitle = title ?? firstTitle;
  return {
    ...head,
    ...(shownTitle === undefined ? {} : { title: shownTitle }),
    preamble,
    paragraphs: paragraphs.map((p) => ({ ...p, cites: p.cites.filter((c) => c !== own) })),
    annexes: annexesOf(annexBlocks),
  };
}

// A block that is only an annex's label: `Annex IV`, `Annex IV:`, `ANNEX II`, `Annex` (a lone one).
const ANNEX_LABEL = /^annex(?:\s+([ivxlc]+))?\s*[:.]?$/i;

/** The annexes of the attachments' blocks: a label block opens one, the next block is its heading. */
function annexesOf(blocks: readonly string[]): Annex[] {
  const annexes: { label: string; heading?: string; lines: string[] }[] = [];
  for (const raw of blocks) {
    const text = normalise(raw);
    if (text === "") continue;
    const label = ANNEX_LABEL.exec(text);
    if (label) {
      annexes.push({
        label: label[1] === undefined ? "Annex" : `Annex ${label[1].toUpperCase()}`,
        lines: [],
      });
      continue;
    }
    const current = annexes.at(-1);
    // Blocks before any label (a cover note) belong to no annex.
    if (current === undefined) continue;
    if (current.heading === undefined && current.lines.length === 0) current.heading = text;
    else current.lines.push(text);
  }
  return annexes.map((a) => ({
    label: a.label,
    ...(a.heading === undefined ? {} : { heading: a.heading }),
    text: a.lines.join("\n"),
  }));
}

async function* chunksOf(input: string | Uint8Array): AsyncGenerator<Uint8Array> {
  if (typeof input !== "string") {
    yield input;
    return;
  }
  const stream = createReadStream(input, { highWaterMark: 64 * 1024 });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    throw new TextError(
      "input_unreadable",
      `cannot read ${input}: ${(error as NodeJS.ErrnoException).code ?? "unknown"}`,
    );
  } finally {
    stream.destroy();
  }
}

/** `https://undocs.org/S/RES/1718(2006)` → `S/RES/1718 (2006)`; links to other documents are not citations. */
function citedSymbol(href: string | undefined): string | undefined {
  const match = /\/S\/RES\/(\d+)\s*\((\d{4})\)/i.exec(href ?? "");
  return match ? `S/RES/${match[1]} (${match[2]})` : undefined;
}

/** `/akn/un/statement/deliberation/unsc/2017-12-22/2397-2017/!main/` → `S/RES/2397 (2017)`. */
function symbolFromWork(value: string | undefined): string | undefined {
  const match = /\/unsc\/[^/]+\/(\d+)-(\d{4})\//.exec(value ?? "");
  return match ? `S/RES/${match[1]} (${match[2]})` : undefined;
}

const LETTER = /^\(([a-z]{1,2})\)\s*/;

/** Whether `(i)` after `(h)` is a letter, and `(i)` after `(c)` a point of `(c)`. */
function isRomanAfter(label: string | undefined, previous: string): boolean {
  if (label === undefined || !/^[ivx]+$/.test(label)) return false;
  if (label.length > 1) return true;
  return previous.charCodeAt(0) !== label.charCodeAt(0) - 1;
}

/** A paragraph read to its end: numbered ones are kept; an unnumbered lettered run joins the one before. */
function finish(draft: Draft, into: OperativeParagraph[]): void {
  if (draft.subheading) return;
  const lead: string[] = [];
  const subs: { label: string; text: string }[] = [];
  for (const block of draft.blocks) {
    const text = normalise(block.text);
    if (text === "" && block.label === undefined) continue;
    let label = block.label;
    let body = text;
    if (label === undefined) {
      const lettered = LETTER.exec(text);
      if (lettered?.[1] !== undefined) {
        label = lettered[1];
        body = text.slice(lettered[0].length);
      }
    }
    const last = subs.at(-1);
    if (last && (block.nested || isRomanAfter(label, last.label))) {
      last.text = label === undefined ? `${last.text} ${body}` : `${last.text} (${label}) ${body}`;
      continue;
    }
    if (label !== undefined) subs.push({ label, text: body });
    else if (last) last.text = `${last.text} ${body}`;
    else lead.push(body);
  }
  const subparagraphs: SubParagraph[] = subs.map((s) => ({ label: s.label, text: normalise(s.text) }));
  const leadText = normalise(lead.join(" "));
  const text = normalise([leadText, ...subparagraphs.map((s) => `(${s.label}) ${s.text}`)].join(" "));
  const lettered = /^\(([a-z]{1,2})\)$/.exec(draft.number ?? "");
  if (draft.number === undefined || lettered?.[1] !== undefined) {
    // An unnumbered block, or one numbered `(a)`, between numbered paragraphs continues the one before
    // (2321 OP26 quotes the new text of 2270 OP29 in blocks of its own, lettered ones included).
    const previous = into.at(-1);
    if (previous === undefined) return;
    const added =
      lettered?.[1] === undefined
        ? subparagraphs
        : [{ label: lettered[1], text: leadText }, ...subparagraphs];
    const before = previous.subparagraphs;
    const last = before.at(-1);
    const carried = lettered?.[1] === undefined ? leadText : "";
    const merged =
      last === undefined || carried === ""
        ? before
        : [...before.slice(0, -1), { ...last, text: normalise(`${last.text} ${carried}`) }];
    const verbs = [...previous.verbs, ...draft.verbs];
    into[into.length - 1] = {
      ...previous,
      text: normalise(`${previous.text} ${lettered?.[1] === undefined ? text : `(${lettered[1]}) ${text}`}`),
      lead: last === undefined && carried !== "" ? normalise(`${previous.lead} ${carried}`) : previous.lead,
      verbs,
      decides: verbs.some((v) => v.force === "binding"),
      subparagraphs: [...merged, ...added],
      cites: [...new Set([...previous.cites, ...draft.cites])],
    };
    return;
  }
  const opening = draft.opening ?? leadingVerb(text);
  const verbs = draft.verbs.length > 0 ? draft.verbs : opening ? [opening] : [];
  into.push({
    number: draft.number,
    text,
    lead: leadText,
    ...(opening === undefined ? {} : { verb: opening }),
    verbs,
    decides: verbs.some((v) => v.force === "binding"),
    subparagraphs,
    cites: draft.cites,
  });
}

/** `akn:paragraph` → `paragraph`: the texts use the default namespace, but a prefix changes nothing. */
function localName(name: string): string {
  return name.slice(name.indexOf(":") + 1);
}
