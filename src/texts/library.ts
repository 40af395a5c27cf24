/**
 * @module texts/library
 * A folder of resolution texts, and finding a resolution and a paragraph in it by what a user types
 * (`2397`, `S/RES/2397`, `S/RES/2397 (2017)`). One unreadable file does not hide the others: each
 * failure is kept with its file, and the rest are read.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { readResolutionText } from "./akn.js";
import { TextError } from "./errors.js";
import type { Annex, OperativeParagraph, ResolutionText } from "./model.js";

/** What a folder gave: the texts read, and the files that could not be. */
export interface TextLibrary {
  readonly texts: readonly ResolutionText[];
  readonly failures: readonly { readonly file: string; readonly error: TextError }[];
}

// A folder of resolutions holds tens of files; far more means the wrong folder.
const MAX_FILES = 2_000;

/**
 * Reads every `.xml` file of a folder, in name order.
 *
 * @throws {TextError} `input_unreadable` when the folder cannot be listed or holds too many files.
 */
export async function readResolutionFolder(dir: string): Promise<TextLibrary> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.toLowerCase().endsWith(".xml")).sort();
  } catch (error) {
    throw new TextError(
      "input_unreadable",
      `cannot read the folder ${dir}: ${(error as NodeJS.ErrnoException).code ?? "unknown"}`,
    );
  }
  if (names.length > MAX_FILES) {
    throw new TextError(
      "input_unreadable",
      `${dir} holds ${names.length} XML files, more than ${MAX_FILES}; is it the texts folder?`,
    );
  }
  const texts: ResolutionText[] = [];
  const failures: { file: string; error: TextError }[] = [];
  for (const name of names) {
    try {
      texts.push(await readResolutionText(join(dir, name)));
    } catch (error) {
      if (!(error instanceof TextError)) throw error;
      failures.push({ file: name, error });
    }
  }
  return { texts, failures };
}

/** A symbol as typed, reduced to what identifies it: `{number: "2397", year?: "2017"}` or a draft's symbol. */
function keyOf(symbol: string): { number: string; year?: string } | { other: string } {
  const text = symbol.replace(/\s+/g, " ").trim();
  const match = /^(?:S\/RES\/|resolution )?(\d{1,5})(?: ?\((\d{4})\))?$/i.exec(text);
  if (match?.[1] !== undefined)
    return match[2] === undefined ? { number: match[1] } : { number: match[1], year: match[2] };
  return { other: text.replace(/ /g, "").toUpperCase() };
}

/** Whether a symbol as typed names this resolution (`2397` and `S/RES/2397 (2017)` both name 2397). */
export function symbolMatches(query: string, symbol: string): boolean {
  const wanted = keyOf(query);
  const have = keyOf(symbol);
  if ("other" in wanted || "other" in have) {
    return "other" in wanted && "other" in have && wanted.other === have.other;
  }
  return wanted.number === have.number && (wanted.year === undefined || wanted.year === have.year);
}

/** The resolution a symbol names, or undefined when none of the texts is it. */
export function findResolutionOrNone(
  texts: readonly ResolutionText[],
  query: string,
): ResolutionText | undefined {
  return texts.find((t) => symbolMatches(query, t.symbol));
}

/**
 * The resolution a symbol names.
 *
 * @throws {TextError} `symbol_not_found`, naming the symbols that were read.
 */
export function findResolution(texts: readonly ResolutionText[], query: string): ResolutionText {
  const found = texts.find((t) => symbolMatches(query, t.symbol));
  if (found) return found;
  const known = texts.map((t) => t.symbol);
  throw new TextError(
    "symbol_not_found",
    `no text of ${query} among the ${known.length} read` +
      (known.length > 0 ? ` (${known.slice(0, 5).join(", ")}${known.length > 5 ? ", …" : ""})` : ""),
  );
}

/**
 * An operative paragraph by its printed number (`8`, `8.` or `OP8`).
 *
 * @throws {TextError} `paragraph_not_found`, saying how many paragraphs the resolution has.
 */
export function findParagraph(text: ResolutionText, number: string): OperativeParagraph {
  const wanted = number
    .trim()
    .replace(/^op\s*/i, "")
    .replace(/\.$/, "");
  const found = text.paragraphs.find((p) => p.number === wanted);
  if (found) return found;
  const last = text.paragraphs.at(-1)?.number ?? "0";
  throw new TextError(
    "paragraph_not_found",
    `${text.symbol} has no operative paragraph ${number} (its paragraphs are 1 to ${last})`,
  );
}

/** `Annex IV`, `annex iv`, `Annex IV:` → `Annex IV`; anything else → undefined. */
export function annexLabel(query: string): string | undefined {
  const match = /^annex\s*([ivxlc]+)\s*:?$/i.exec(query.trim());
  return match?.[1] === undefined ? undefined : `Annex ${match[1].toUpperCase()}`;
}

/** The annex a label names (`Annex IV`), or undefined when the text has none so labelled. */
export function findAnnexOrNone(text: ResolutionText, label: string): Annex | undefined {
  const wanted = annexLabel(label);
  return wanted === undefined ? undefined : text.annexes?.find((a) => a.label === wanted);
}

/**
 * An annex by its label as printed (`Annex IV`): what the text heads it, not what a paragraph calls it
 * (2270 OP39 cites an "Annex V" that the text heads "Annex IV:").
 *
 * @throws {TextError} `annex_not_found`, naming the annexes the text has.
 */
export function findAnnex(text: ResolutionText, label: string): Annex {
  const found = findAnnexOrNone(text, label);
  if (found) return found;
  const have = (text.annexes ?? []).map((a) => a.label);
  throw new TextError(
    "annex_not_found",
    `${text.symbol} has no ${annexLabel(label) ?? JSON.stringify(label.slice(0, 40))}` +
      (have.length === 0 ? " (it has no annex)" : ` (its annexes are ${have.join(", ")})`),
  );
}
