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

/**
 * What a missing listed token is, when that matters for its cost: a patronymic (Russian `Borisovich`)
 * or a second surname (Spanish `CIFUENTES VARGAS, Orlando`) is often left out by whoever writes the
 * name, so its absence costs less than a given name's.
 */
export type TokenRole = "patronymic" | "second-surname";

/** The weight of a folded token; the screener derives it from the loaded lists (`weights.ts`). */
export type WeightOf = (text: string) => number;

/** Every token weighs the same: for names prepared without lists (tests, one-off comparisons). */
export const UNIFORM_WEIGHTS: WeightOf = () => 1;

/** One prepared token. */
export interface NameToken {
  readonly text: string;
  readonly kind: TokenKind;
  /** Legal-form or generic-word class (`corp`, `trade`, `korea`, ...). */
  readonly cls?: string | undefined;
  /** True when the token is exactly one romanised Korean syllable. */
  readonly syllable: boolean;
  /**
   * Readings as Korean syllables: each reading is a list of syllables, each syllable a set of symbols
   * (`k:<key>` and `c:<class>`). A single syllable has one reading of length 1; a joined given name
   * (`jongun`) has one reading per valid segmentation; a non-Korean word has none.
   */
  readonly readings: readonly (readonly (readonly string[])[])[];
  readonly family: boolean;
  /** Weight in the weighted mean (from the lists' token frequencies; numbers weigh 1.3). */
  readonly weight: number;
  readonly role?: TokenRole | undefined;
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

/** What a word is, in a person's name or another's: all of a token that follows from its text. */
interface WordFacts {
  readonly kind: ReturnType<typeof wordKind>["kind"];
  readonly cls: string | undefined;
  readonly syllable: boolean;
  readonly readings: readonly (readonly (readonly string[])[])[];
}

/** Word facts by text, for persons' names (1) and others (0): every query prepares its words again. */
const factCaches: [Map<string, WordFacts>, Map<string, WordFacts>] = [
  new Map<string, WordFacts>(),
  new Map<string, WordFacts>(),
];

function wordFacts(text: string, person: boolean): WordFacts {
  const cache = factCaches[person ? 1 : 0];
  const cached = cache.get(text);
  if (cached) return cached;
  const { kind, cls } = wordKind(text, person);
  const facts: WordFacts = { kind, cls, syllable: isSyllable(text), readings: readingsOf(text) };
  if (cache.size > 200_000) cache.clear();
  cache.set(text, facts);
  return facts;
}

let lastRaw: string | undefined;
let lastTokenised: ReturnType<typeof tokenise> | undefined;

/** Weight of a number token: a number always tells entries apart (`Office 3` ≠ `Office 39`). */
export const NUMBER_WEIGHT = 1.3;
/** Factor on the weight of the family name of a person (korean-names.md §4: it anchors the name). */
export const FAMILY_FACTOR = 1.3;

const PATRONYMIC = /(?:ovich|evich|yevich|ovna|evna|yevna|ichna|inichna|ogly|oglu|kyzy|qizi)$/u;

/**
 * Spellings of Arabic name particles folded to one (korean-names.md does not cover them; the forms are
 * those of the UN and OFAC lists): `el`/`ul` are `al`, `ibn`/`ben` are `bin`, `abou`/`abo` are `abu`,
 * and `abdul`/`abdel`/`abdal` are `abd al` (so `Abdul Rahman` meets `ABD AL-RAHMAN`; a joined
 * `Abdulrahman` meets it through the join of adjacent tokens in the scorer).
 */
function arabicParticles(texts: readonly string[]): string[] {
  const out: string[] = [];
  for (const text of texts) {
    if (text === "el" || text === "ul") out.push("al");
    else if (text === "ibn" || text === "ben" || text === "ibni") out.push("bin");
    else if (text === "abou" || text === "abo") out.push("abu");
    else {
      const abd = /^abd(?:ul|el|al|oul|ol)(.*)$/u.exec(text);
      if (abd && !/^(?:lah|lahi)$/u.test(abd[1] ?? "")) {
        out.push("abd", "al");
        if ((abd[1] ?? "").length >= 3) out.push(abd[1] ?? "");
      } else out.push(text);
    }
  }
  return out;
}

/** Spanish and Portuguese particles between name parts (`Didier de Jesus`, `de la Cruz`, `Lopez y Perez`). */
const NAME_PARTICLES: ReadonlySet<string> = new Set(["de", "del", "y", "dos", "das", "van", "von", "der"]);
const ARTICLES_AFTER_DE: ReadonlySet<string> = new Set(["la", "las", "los", "le"]);

/**
 * Prepares a name. `person` decides whether organisation words count as such ("Han", "Gen" and "Hong"
 * are name parts in a person's name). `parts`, when the list gives them, mark the family name: for
 * UN DPRK records the first part is the family name (korean-names.md §4). `weightOf` gives each
 * word its weight (the screener's, from the loaded lists).
 */
export function prepareName(
  raw: string,
  person: boolean,
  parts?: readonly string[],
  weightOf: WeightOf = UNIFORM_WEIGHTS,
): PreparedName {
  // A query is prepared twice (as a person's name and as an entity's): tokenise it once.
  const tokenised = raw === lastRaw && lastTokenised ? lastTokenised : tokenise(raw);
  lastRaw = raw;
  lastTokenised = tokenised;
  let texts: readonly string[] = tokenised.tokens;
  let commaAfter = tokenised.commaAfter;
  if (person) {
    // Particles are dropped from persons' names, keeping the comma position right.
    const kept: string[] = [];
    texts.forEach((text, i) => {
      const particle =
        NAME_PARTICLES.has(text) ||
        (ARTICLES_AFTER_DE.has(text) && (texts[i - 1] === "de" || texts[i - 1] === "del"));
      if (particle && texts.length > 2) {
        if (commaAfter !== undefined && i < commaAfter) commaAfter -= 1;
      } else kept.push(text);
    });
    const rewritten = arabicParticles(kept);
    if (rewritten.length !== kept.length) commaAfter = undefined;
    texts = rewritten;
  }
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
  // Every token is built with the same properties in the same order (cls and role possibly
  // undefined): the scorer reads millions of them, and one object shape keeps those reads fast.
  const tokens: NameToken[] = [];
  texts.forEach((text, position) => {
    const family = position < familyCount;
    if (/[0-9]/u.test(text)) {
      tokens.push({
        text: text.replace(/^0+(?=\d)/u, ""),
        kind: "number",
        cls: undefined,
        syllable: false,
        readings: [],
        family,
        weight: NUMBER_WEIGHT,
        role: undefined,
      });
      return;
    }
    const { kind, cls, syllable, readings } = wordFacts(text, person);
    if (kind === "stop") return;
    const weight = weightOf(text) * (family && kind === "name" ? FAMILY_FACTOR : 1);
    const role: TokenRole | undefined =
      !person || position === 0
        ? undefined
        : PATRONYMIC.test(text) && text.length >= 7
          ? "patronymic"
          : familyFromComma && familyCount === 2 && position === 1
            ? "second-surname"
            : undefined;
    tokens.push({ text, kind, cls, syllable, readings, family, weight, role });
  });
  return { raw, tokens, person, familyFromComma };
}
