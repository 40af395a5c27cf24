/**
 * @module screening/syllables
 * Romanised Korean syllables: recognise them, segment joined given names (`Jongun` → `jong+un` or
 * `jon+gun`), and derive a per-syllable key that folds the regular differences between
 * McCune–Reischauer, the DPRK system, Revised Romanisation and English-style spellings.
 *
 * The key is the "Korean phonetic key" of `shared/reference/korean-names.md` §7.2: vowels
 * eo→o, eu→u, yeo→yo, oo→u, ee→i, ou→o; aspirates kh/th/ph→k/t/p; voiced and voiceless initials
 * g≈k, d≈t, b≈p, j≈ch; shi→si; and the initial-sound rule (§2.3 rule 3: ㄹ/ㄴ before i/y drops, so
 * Ri/Li/I, Ryong/Nyong/Yong share a key). Irregular spellings come from `variant-classes.ts`.
 */
import { VARIANT_CLASSES } from "./variant-classes.js";

const ONSETS = [
  "tch",
  "kk",
  "tt",
  "pp",
  "ss",
  "jj",
  "ch",
  "kh",
  "th",
  "ph",
  "sh",
  "gh",
  "rh",
  "g",
  "k",
  "n",
  "d",
  "t",
  "r",
  "l",
  "m",
  "b",
  "p",
  "s",
  "j",
  "h",
  "w",
  "",
];
const VOWELS = [
  "yeo",
  "weo",
  "wae",
  "eui",
  "yae",
  "yoo",
  "ae",
  "eo",
  "eu",
  "ya",
  "yo",
  "yu",
  "ye",
  "yi",
  "wa",
  "wo",
  "we",
  "wi",
  "oe",
  "oi",
  "ui",
  "oo",
  "ee",
  "ou",
  "ai",
  "ei",
  "a",
  "e",
  "o",
  "u",
  "i",
];
const FINALS = ["ng", "ck", "k", "n", "t", "l", "m", "p", "g", "b", "h", ""];

const SYLLABLE = new RegExp(`^(${ONSETS.join("|")})(${VOWELS.join("|")})(${FINALS.join("|")})$`, "u");

const ONSET_KEY: Readonly<Record<string, string>> = {
  g: "k",
  gh: "k",
  kk: "k",
  kh: "k",
  d: "t",
  tt: "t",
  th: "t",
  b: "p",
  pp: "p",
  ph: "p",
  ss: "s",
  sh: "s",
  j: "ch",
  jj: "ch",
  tch: "ch",
  l: "r",
  rh: "r",
};
const VOWEL_KEY: Readonly<Record<string, string>> = {
  yeo: "yo",
  eo: "o",
  eu: "u",
  oo: "u",
  ee: "i",
  ou: "o",
  oi: "oe",
  weo: "wo",
  eui: "ui",
  ei: "e",
  ai: "ae",
  yoo: "yu",
  yi: "i",
};
const FINAL_KEY: Readonly<Record<string, string>> = { g: "k", ck: "k", b: "p", h: "" };

/** Whether a folded token is exactly one romanised Korean syllable. */
export function isSyllable(token: string): boolean {
  return token.length <= 7 && SYLLABLE.test(token);
}

/** The generic key of one syllable (see the module comment), or undefined if it is not one. */
export function syllableKey(token: string): string | undefined {
  const match = SYLLABLE.exec(token);
  if (!match) return undefined;
  let onset = match[1] ?? "";
  const rawVowel = match[2] ?? "";
  const vowel = VOWEL_KEY[rawVowel] ?? rawVowel;
  const final = FINAL_KEY[match[3] ?? ""] ?? match[3] ?? "";
  onset = ONSET_KEY[onset] ?? onset;
  // Initial-sound rule: ㄹ and ㄴ before i/y are dropped in South Korean spelling (Ri→I, Ryu→Yu).
  if ((onset === "r" || onset === "n") && (vowel.startsWith("i") || vowel.startsWith("y"))) onset = "";
  return onset + vowel + final;
}

/** Class ids by the generic key of each spelling; a key may belong to several classes (Chun: 전, 춘). */
const CLASSES_BY_KEY: ReadonlyMap<string, readonly number[]> = (() => {
  const map = new Map<string, number[]>();
  VARIANT_CLASSES.forEach((cls, id) => {
    for (const spelling of cls.spellings) {
      const key = syllableKey(spelling) ?? `=${spelling}`;
      const ids = map.get(key) ?? [];
      if (!ids.includes(id)) ids.push(id);
      map.set(key, ids);
    }
  });
  return map;
})();

/** Class ids by literal spelling, for spellings that do not parse as a syllable (Park, Bahk, Rhee). */
const CLASSES_BY_SPELLING: ReadonlyMap<string, readonly number[]> = (() => {
  const map = new Map<string, number[]>();
  VARIANT_CLASSES.forEach((cls, id) => {
    for (const spelling of cls.spellings) {
      const ids = map.get(spelling) ?? [];
      ids.push(id);
      map.set(spelling, ids);
    }
  });
  return map;
})();

/**
 * The symbols of one syllable: its generic key (`k:`) and the classes it belongs to (`c:<id>`).
 * Two syllables are variants of each other when their symbol sets intersect.
 */
export function syllableSymbols(token: string): readonly string[] | undefined {
  const key = syllableKey(token);
  const literal = CLASSES_BY_SPELLING.get(token);
  if (key === undefined && literal === undefined) return undefined;
  const symbols = new Set<string>();
  if (key !== undefined) {
    symbols.add(`k:${key}`);
    for (const id of CLASSES_BY_KEY.get(key) ?? []) symbols.add(`c:${id}`);
  }
  for (const id of literal ?? []) symbols.add(`c:${id}`);
  return [...symbols];
}

/** The class behind a symbol, for explanations. */
export function classOfSymbol(symbol: string): { hangul: string; role: string } | undefined {
  if (!symbol.startsWith("c:")) return undefined;
  const cls = VARIANT_CLASSES[Number(symbol.slice(2))];
  return cls ? { hangul: cls.hangul, role: cls.role } : undefined;
}

const MAX_SEGMENTATIONS = 6;

/**
 * All ways to read a joined token as 2–4 syllables (korean-names.md §3: keep every valid
 * segmentation, `Jongun` is `jong+un` or `jon+gun`). Single syllables and non-Korean words give [].
 */
export function segmentations(token: string): readonly (readonly string[])[] {
  if (token.length < 3 || token.length > 20 || /[0-9]/u.test(token)) return [];
  const results: string[][] = [];
  const walk = (start: number, acc: string[]): void => {
    if (results.length >= MAX_SEGMENTATIONS || acc.length > 4) return;
    if (start === token.length) {
      if (acc.length >= 2) results.push([...acc]);
      return;
    }
    for (let end = Math.min(token.length, start + 7); end > start; end -= 1) {
      const piece = token.slice(start, end);
      if (isSyllable(piece) || CLASSES_BY_SPELLING.has(piece)) {
        acc.push(piece);
        walk(end, acc);
        acc.pop();
      }
    }
  };
  walk(0, []);
  return results;
}
