/**
 * @module screening/prepare
 * Turns a name into the tokens the scorer aligns: folded text, a kind (name, legal form, generic word,
 * number), the Korean syllable symbols of the token, every segmentation of a joined token, and whether
 * the token is the family name.
 */
import { tokenise } from "./normalise.js";
import { wordKind } from "./org-words.js";
import { isSyllable, segmentations, syllableSymbols } from "./syllables.js";
import { SURNAME_SPELLINGS } from "./variant-classes.js";

/** How a token counts in a name. */
export type TokenKind = "name" | "legal" | "generic" | "number";

/** One prepared token. */
export interface NameToken {
  readonly text: string;
  readonly kind: TokenKind;
  /** Legal-form or generic-word class (`corp`, `trade`, `korea`, ...). */
  readonly cls?: string;
  /** True when the token is exactly one romanised Korean syllable. */
  readonly syllable: boolean;
  /**
   * Readings as Korean syllables: each reading is a list of syllables, each syllable a set of symbols
   * (`k:<key>` and `c:<class>`). A single syllable has one reading of length 1; a joined given name
   * (`jongun`) has one reading per valid segmentation; a non-Korean word has none.
   */
  readonly readings: readonly (readonly (readonly string[])[])[];
  readonly family: boolean;
}

/** A prepared name: its tokens and where a comma put the family name ("RI, Won Ho"). */
export interface PreparedName {
  readonly raw: string;
  readonly tokens: readonly NameToken[];
  readonly person: boolean;
  readonly familyFromComma: boolean;
}

const symbolCache = new Map<string, readonly (readonly (readonly string[])[])[]>();

/** The Korean readings of a token, memoised: the same syllables recur across millions of names. */
function readingsOf(text: string): readonly (readonly (readonly string[])[])[] {
  const cached = symbolCache.get(text);
  if (cached) return cached;
  const readings: (readonly string[])[][] = [];
  const single = syllableSymbols(text);
  if (single) readings.push([single]);
  if (!isSyllable(text)) {
    for (const pieces of segmentations(text)) {
      const reading: (readonly string[])[] = [];
      for (const piece of pieces) {
        const symbols = syllableSymbols(piece);
        if (!symbols) break;
        reading.push(symbols);
      }
      if (reading.length === pieces.length) readings.push(reading);
    }
  }
  if (symbolCache.size > 200_000) symbolCache.clear();
  symbolCache.set(text, readings);
  return readings;
}

/**
 * Prepares a name. `person` decides whether organisation words count as such ("Han", "Gen" and "Hong"
 * are name parts in a person's name). `parts`, when the list gives them, mark the family name: for
 * UN DPRK records the first part is the family name (korean-names.md §4).
 */
export function prepareName(raw: string, person: boolean, parts?: readonly string[]): PreparedName {
  const { tokens: texts, commaAfter } = tokenise(raw);
  let familyCount = 0;
  let familyFromComma = false;
  if (person && texts.length >= 2) {
    const firstPart = parts && parts.length >= 2 ? tokenise(parts[0] ?? "").tokens : undefined;
    if (
      firstPart &&
      firstPart.length > 0 &&
      firstPart.length <= 2 &&
      SURNAME_SPELLINGS.has(firstPart[0] ?? "")
    ) {
      familyCount = firstPart.length;
    } else if (commaAfter !== undefined && commaAfter <= 2) {
      familyCount = commaAfter;
      familyFromComma = true;
    } else if (SURNAME_SPELLINGS.has(texts[0] ?? "")) {
      familyCount = 1;
    }
  }
  const tokens: NameToken[] = [];
  texts.forEach((text, position) => {
    const family = position < familyCount;
    if (/[0-9]/u.test(text)) {
      tokens.push({
        text: text.replace(/^0+(?=\d)/u, ""),
        kind: "number",
        syllable: false,
        readings: [],
        family,
      });
      return;
    }
    const { kind, cls } = wordKind(text, person);
    if (kind === "stop") return;
    const base = { text, kind, syllable: isSyllable(text), readings: readingsOf(text), family };
    tokens.push(cls === undefined ? base : { ...base, cls });
  });
  return { raw, tokens, person, familyFromComma };
}
