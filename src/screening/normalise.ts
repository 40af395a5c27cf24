/**
 * @module screening/normalise
 * Text folding and tokenisation for names. The rules follow `shared/reference/korean-names.md` §3 and
 * §7.1: NFKC, casefold, strip marks (McCune–Reischauer breves ŏ/ŭ become o/u), delete every
 * apostrophe-like character (so `Ch'o'l` → `chol`), and treat hyphens, dots and commas as separators.
 */
import anyAscii from "any-ascii";

/** Apostrophe-like characters the UN list and customer data use for MR aspiration and breves. */
const APOSTROPHES = /['’‘ʼʻ`´′]/gu;
/** Zero-width and bidi characters that sneak into pasted names. */
const INVISIBLE = /[\u200B-\u200F\u2060\uFEFF]/gu;
const HANGUL_WORD = /[\uAC00-\uD7A3]+/gu;
const NON_ASCII = /[^ -~\t\n\r]/u;

/**
 * Romanises a run of Hangul syllables. The first syllable is split off because Korean writes the
 * family name first (korean-names.md §4); any-ascii gives RR-like syllables, which the variant classes
 * then map onto the DPRK/MR forms of the list.
 */
function romaniseHangulWord(word: string): string {
  const syllables = Array.from(word, (ch) => anyAscii(ch).toLowerCase());
  if (syllables.length < 2 || syllables.length > 4) return syllables.join("");
  return `${syllables[0] ?? ""} ${syllables.slice(1).join("")}`;
}

/**
 * Folds a name to lower-case ASCII without marks or apostrophes. Hangul is romanised syllable by
 * syllable; other scripts go through any-ascii (Han becomes pinyin, which only matches the list's own
 * Mandarin-reading aliases; see korean-names.md §5).
 */
export function foldText(input: string): string {
  let text = input.normalize("NFKC").replace(INVISIBLE, "");
  text = text.replace(HANGUL_WORD, (word) => ` ${romaniseHangulWord(word)} `);
  text = text.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(APOSTROPHES, "");
  if (NON_ASCII.test(text)) text = anyAscii(text).toLowerCase();
  return text;
}

/** A name split into folded tokens, with where the first comma fell ("RI, Won Ho" style). */
export interface TokenisedName {
  readonly tokens: readonly string[];
  /** Number of tokens before the first comma when a comma follows the first token(s), else undefined. */
  readonly commaAfter?: number;
}

/**
 * Splits a folded name into tokens. `&` becomes `and`; slashes inside short abbreviations are
 * removed so `J/V` → `jv` and `M/V` → `mv`; every other non-alphanumeric character separates.
 */
export function tokenise(input: string): TokenisedName {
  const folded = foldText(input)
    .replace(/&/gu, " and ")
    .replace(/\b([a-z])\/([a-z])\b/gu, "$1$2");
  const tokens: string[] = [];
  let commaAfter: number | undefined;
  for (const piece of folded.split(/([,;])/u)) {
    if (piece === "," || piece === ";") {
      if (commaAfter === undefined && tokens.length > 0) commaAfter = tokens.length;
      continue;
    }
    for (const token of piece.split(/[^a-z0-9]+/u)) if (token !== "") tokens.push(token);
  }
  // A trailing comma-part that holds only organisation words ("Foo, Ltd.") is not a name order hint;
  // the scorer ignores commaAfter for entities anyway.
  return commaAfter === undefined || commaAfter >= tokens.length ? { tokens } : { tokens, commaAfter };
}
