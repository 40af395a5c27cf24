/**
 * @module screening/score
 * The name scorer: aligns query tokens with the tokens of one listed name and returns a weighted
 * score with its alignment. The design follows logic-v2 (`shared/reference/screening-anchors.md`
 * §1.4): symbolic equivalences first (romanisation variant classes, legal-form classes), a
 * length-dependent typo budget only on what is left, asymmetric costs (extra query tokens cost their
 * full weight, extra list tokens a fraction), the family name weighted ×1.3 and organisation words
 * weighted down. Korean syllables are never fuzzy-matched to a *different valid syllable*: `Yong` and
 * `Song` are different people (korean-names.md §1, §7.5), so such a pair only earns partial
 * "near-syllable" credit that lands in the review band.
 *
 * Speed: token similarities are memoised across queries (they depend on the two texts alone), and
 * `scoreNameReaching` stops after them when an upper bound of the score is below the review
 * threshold, which is the fate of most candidates the blocking index proposes.
 */
import { distance } from "fastest-levenshtein";
import type { NameQuality } from "../model/designation.js";
import type { AlignedTokens, AppliedRule, TokenRule } from "./explanation.js";
import type { NameToken, PreparedName } from "./prepare.js";
import { classOfSymbol } from "./syllables.js";

/** Scores of the token rules; exported so the documentation and tests can refer to them. */
export const TOKEN_SCORES = {
  exact: 1,
  variantClass: 0.95,
  joined: 1,
  nearSyllable: 0.45,
  legalFormOther: 0.6,
  typoShort: 0.82,
  typo: 0.88,
  typoLong: 0.92,
  typoTwo: 0.78,
} as const;

/** Name-level factors. */
export const NAME_FACTORS = {
  orderMismatch: 0.85,
  familyMisaligned: 0.9,
  numberMismatch: 0.7,
  genericOnly: 0.5,
  lowQuality: 0.92,
  former: 0.95,
} as const;

/**
 * Fraction of its weight an unmatched list token costs. Weights already say how telling a word is
 * (`weights.ts`), so an extra telling word in a listed company name costs nearly all of it (KOREA
 * UNITED DEVELOPMENT BANK is not "Korea Development Bank"), while a person's list often carries parts
 * a customer record leaves out (a middle name; far more often a patronymic or a second surname).
 */
export const EXTRA_LIST_COST = {
  entity: { name: 0.8, generic: 0.8, legal: 0.3, number: 1 },
  person: { name: 0.5, generic: 0.5, legal: 0.3, number: 1 },
  patronymic: 0.15,
  secondSurname: 0.25,
} as const;

function extraListCost(token: NameToken, person: boolean): number {
  if (token.role === "patronymic") return EXTRA_LIST_COST.patronymic;
  if (token.role === "second-surname") return EXTRA_LIST_COST.secondSurname;
  return EXTRA_LIST_COST[person ? "person" : "entity"][token.kind];
}

interface Similarity {
  readonly score: number;
  readonly rule: TokenRule;
  readonly detail?: string;
}

function baseWeight(token: NameToken): number {
  return token.weight;
}

function shared(a: readonly string[], b: readonly string[]): string | undefined {
  let found: string | undefined;
  for (const symbol of a) {
    if (b.includes(symbol)) {
      if (symbol.startsWith("c:")) return symbol;
      found = symbol;
    }
  }
  return found;
}

/** How many positions of two syllable readings of one length share no symbol, counted up to 2. */
function readingMismatches(a: readonly (readonly string[])[], b: readonly (readonly string[])[]): number {
  let mismatches = 0;
  for (let i = 0; i < a.length && mismatches < 2; i += 1) {
    if (shared(a[i] ?? [], b[i] ?? []) === undefined) mismatches += 1;
  }
  return mismatches;
}

/** The symbols two agreeing readings share, position by position (what the explanation names). */
function sharedSymbols(a: readonly (readonly string[])[], b: readonly (readonly string[])[]): string[] {
  const symbols: string[] = [];
  for (let i = 0; i < a.length; i += 1) {
    const symbol = shared(a[i] ?? [], b[i] ?? []);
    if (symbol !== undefined) symbols.push(symbol);
  }
  return symbols;
}

function describeSymbols(symbols: readonly string[]): string {
  const classes = symbols.map((symbol) => classOfSymbol(symbol)).filter((cls) => cls !== undefined);
  if (classes.length === 0) return "romanisation key";
  return classes.map((cls) => `${cls.role} ${cls.hangul}`).join(", ");
}

/**
 * Syllables with a final the DPRK and MR systems never write (g, b, h, ck, t after a vowel) are far
 * more often typos (`yog` for `yong`, `hwag` for `hwang`) than real names, so they get the typo
 * allowance instead of being treated as a different syllable.
 */
function unusualSyllable(text: string): boolean {
  return /(?:[aeiouy]g|b|h|ck|[aeiouy]t)$/u.test(text) || /ye(?:ng|n|k)$/u.test(text);
}

/** Whether b is a with one pair of adjacent letters swapped. */
function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length || a.length < 2) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i += 1;
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** Whether b is a with one letter doubled (`woon` for `won`), or the other way round. */
function isDoubling(a: string, b: string): boolean {
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (long.length !== short.length + 1) return false;
  for (let i = 1; i < long.length; i += 1) {
    if (long[i] === long[i - 1] && long.slice(0, i) + long.slice(i + 1) === short) return true;
  }
  return false;
}

/**
 * Typo allowance that grows with length: one edit from 3 letters (a romanised syllable such as `kmi`
 * for `kim`: only when the typo leaves no valid syllable, see `tokenSimilarity`), two from 9.
 */
function typo(a: string, b: string, bothSyllables: boolean): Similarity | undefined {
  const length = Math.max(a.length, b.length);
  const budget = length >= 9 ? 2 : length >= 3 && Math.min(a.length, b.length) >= 2 ? 1 : 0;
  if (budget === 0 || bothSyllables || Math.abs(a.length - b.length) > budget) return undefined;
  const edits = isTransposition(a, b) ? 1 : distance(a, b);
  if (edits > budget) return undefined;
  const score =
    edits === 1
      ? length >= 8
        ? TOKEN_SCORES.typoLong
        : length >= 5
          ? TOKEN_SCORES.typo
          : TOKEN_SCORES.typoShort
      : TOKEN_SCORES.typoTwo;
  return { score, rule: "typo", detail: `${edits} edit${edits > 1 ? "s" : ""}` };
}

/** Similarity of one query token and one list token. */
function tokenSimilarity(q: NameToken, l: NameToken): Similarity | undefined {
  if (q.kind === "number" || l.kind === "number") {
    return q.text === l.text ? { score: TOKEN_SCORES.exact, rule: "exact" } : undefined;
  }
  if (q.text === l.text) return { score: TOKEN_SCORES.exact, rule: "exact" };
  if (q.cls !== undefined && l.cls !== undefined) {
    if (q.kind === "legal" && l.kind === "legal") {
      return q.cls === l.cls
        ? { score: TOKEN_SCORES.exact, rule: "legal-form", detail: q.cls }
        : { score: TOKEN_SCORES.legalFormOther, rule: "legal-form", detail: `${q.cls}≠${l.cls}` };
    }
    if (q.cls === l.cls) return { score: TOKEN_SCORES.exact, rule: "generic-word", detail: q.cls };
  }
  let near = false;
  for (const a of q.readings) {
    for (const b of l.readings) {
      if (a.length !== b.length) continue;
      const mismatches = readingMismatches(a, b);
      if (mismatches === 0) {
        const detail = describeSymbols(sharedSymbols(a, b));
        return { score: TOKEN_SCORES.variantClass, rule: "variant-class", detail };
      }
      // One syllable apart in a joined given name (`Yongchol`/`Songchol`) is another name; in a word
      // of three syllables or more (`Hapjanggag`) it is a typo.
      if (mismatches === 1 && a.length === 2) near = true;
    }
  }
  // Every rule below needs lengths at most two letters apart (a swap, a doubled letter, a typo).
  if (!near && Math.abs(q.text.length - l.text.length) > 2) return undefined;
  // A short dictionary word on one side ("corp") is not a typo of a name word on the other ("cor").
  if ((q.cls === undefined) !== (l.cls === undefined) && Math.max(q.text.length, l.text.length) < 5)
    return undefined;
  const bothSyllables = q.syllable && l.syllable && !unusualSyllable(q.text) && !unusualSyllable(l.text);
  // One swap or one doubled letter (`Cohl`, `Woon`, `Kooti`) is a slip of the keyboard even between
  // valid syllables; one letter replaced (`Yong`/`Song`) is another syllable, and another person.
  if (isTransposition(q.text, l.text) || isDoubling(q.text, l.text)) {
    const length = Math.max(q.text.length, l.text.length);
    const score =
      length >= 8 ? TOKEN_SCORES.typoLong : length >= 5 ? TOKEN_SCORES.typo : TOKEN_SCORES.typoShort;
    return { score, rule: "typo", detail: "1 edit (letters swapped or doubled)" };
  }
  if (near || (bothSyllables && distance(q.text, l.text) === 1)) {
    return { score: TOKEN_SCORES.nearSyllable, rule: "near-syllable", detail: "a different Korean syllable" };
  }
  return typo(q.text, l.text, bothSyllables);
}

/** Similarity of one token and a run of 2–3 tokens on the other side (`Jongun` ↔ `Jong Un`). */
const MAX_SPAN = 3;

/** A run of 2–3 adjacent name tokens, with what every join against it reads. */
interface Span {
  readonly start: number;
  readonly span: readonly NameToken[];
  /** The tokens' texts run together (`jongun`). */
  readonly joined: string;
  /** The tokens' texts with a space between: the key under which joins with it are memoised. */
  readonly key: string;
  /** The first reading of each token, run together; undefined when a token has none. */
  readonly reading: readonly (readonly string[])[] | undefined;
  readonly length: number;
  readonly weight: number;
}

/** Similarity of one token and a run of 2–3 tokens on the other side (`Jongun` ↔ `Jong Un`). */
function joinSimilarity(single: NameToken, span: Span): Similarity | undefined {
  const joined = span.joined;
  if (joined === single.text) return { score: TOKEN_SCORES.joined, rule: "joined-syllables" };
  if (isTransposition(single.text, joined) || isDoubling(single.text, joined)) {
    return { score: TOKEN_SCORES.typo, rule: "typo", detail: "1 edit (letters swapped or doubled), joined" };
  }
  const spanReading = span.reading;
  if (spanReading === undefined) return undefined;
  let near = false;
  for (const reading of single.readings) {
    if (reading.length !== spanReading.length) continue;
    const mismatches = readingMismatches(reading, spanReading);
    if (mismatches === 0) {
      const detail = describeSymbols(sharedSymbols(reading, spanReading));
      return { score: TOKEN_SCORES.variantClass, rule: "joined-syllables", detail };
    }
    if (mismatches === 1) near = true;
  }
  if (near)
    return {
      score: TOKEN_SCORES.nearSyllable,
      rule: "near-syllable",
      detail: "joined, one syllable differs",
    };
  const fuzzy = joined.length >= 5 ? typo(single.text, joined, false) : undefined;
  return fuzzy ? { ...fuzzy, rule: "typo", detail: `${fuzzy.detail ?? ""}, joined` } : undefined;
}

/** A candidate pairing: query tokens `qStart…` with list tokens `lStart…` (one side a single token). */
interface Edge {
  readonly qStart: number;
  readonly qCount: number;
  readonly lStart: number;
  readonly lCount: number;
  readonly sim: Similarity;
  readonly weight: number;
}

/** The result of comparing a query name with one listed name. */
export interface NameScore {
  readonly score: number;
  readonly alignment: readonly AlignedTokens[];
  readonly rules: readonly AppliedRule[];
}

function isMonotone(values: readonly number[]): boolean {
  for (let i = 1; i < values.length; i += 1) if ((values[i] ?? 0) <= (values[i - 1] ?? 0)) return false;
  return true;
}

/** Tokens lighter than this (particles, the most common names) do not decide the order of a name. */
const ORDER_MIN_WEIGHT = 0.45;

/** Whether the positions increase once rotated: one block of the name moved to the other end. */
function isRotation(values: readonly number[]): boolean {
  let descents = 0;
  for (let i = 1; i < values.length; i += 1) if ((values[i] ?? 0) <= (values[i - 1] ?? 0)) descents += 1;
  return descents === 1 && (values[values.length - 1] ?? 0) < (values[0] ?? 0);
}

/**
 * What the scorer reads of a prepared name besides its tokens, worked out once per name (list names
 * are scored many times): its joinable runs, which tokens repeat (they do not decide the order), and
 * whether it has numbers and distinctive tokens.
 */
interface NameShape {
  readonly spans: readonly Span[];
  readonly repeated: readonly boolean[];
  readonly hasNumber: boolean;
  readonly hasDistinctive: boolean;
}

const shapeCache = new WeakMap<PreparedName, NameShape>();

function shapeOf(name: PreparedName): NameShape {
  const cached = shapeCache.get(name);
  if (cached) return cached;
  const shape = makeShape(name);
  shapeCache.set(name, shape);
  return shape;
}

function makeShape(name: PreparedName): NameShape {
  const tokens = name.tokens;
  const spans: Span[] = [];
  for (let start = 0; start < tokens.length; start += 1) {
    for (let size = 2; size <= MAX_SPAN && start + size <= tokens.length; size += 1) {
      const span = tokens.slice(start, start + size);
      if (!span.every(isNameToken)) break;
      let length = 0;
      let weight = 0;
      let joined = "";
      let key = "";
      let reading: (readonly string[])[] | undefined = [];
      for (const token of span) {
        length += token.text.length;
        weight += baseWeight(token);
        joined += token.text;
        key = key === "" ? token.text : `${key} ${token.text}`;
        const first = token.readings[0];
        if (first === undefined) reading = undefined;
        else reading?.push(...first);
      }
      spans.push({ start, span, joined, key, reading, length, weight });
    }
  }
  const repeated: boolean[] = [];
  let hasNumber = false;
  let hasDistinctive = false;
  for (const token of tokens) {
    let count = 0;
    for (const other of tokens) if (other.text === token.text) count += 1;
    repeated.push(count > 1);
    if (token.kind === "number") hasNumber = true;
    if (token.kind === "name" || token.kind === "number") hasDistinctive = true;
  }
  return { spans, repeated, hasNumber, hasDistinctive };
}

function isNameToken(token: NameToken): boolean {
  return token.kind === "name";
}

/** Whether a join can possibly agree: equal text, a reading of the same syllable count, or ≤ 2 edits. */
function joinPossible(single: NameToken, span: Span): boolean {
  if (Math.abs(single.text.length - span.length) <= 2) return true;
  for (const reading of single.readings) if (reading.length === span.span.length) return true;
  return false;
}

/**
 * Similarities already worked out, shared by every query. Two texts compare the same way wherever
 * they occur, given whether each side is a person's name: `prepareName` derives a token's kind,
 * class, syllables and readings from its text and that alone. Queries repeat their words (surnames,
 * syllables, legal forms, `trading`) and the candidates of one query share list words, so most
 * comparisons are found here. Each family holds one text of the query side (a token, or a run of
 * tokens for splits) against texts of the list side. Bounded: past the limit it starts afresh.
 */
const SIMILARITY_CACHE_LIMIT = 200_000;
const similarityFamilies = new Map<string, Map<string, Similarity | null>>();
let similarityEntries = 0;

function similarityFamily(key: string): Map<string, Similarity | null> {
  let family = similarityFamilies.get(key);
  if (family === undefined) {
    family = new Map();
    similarityFamilies.set(key, family);
  }
  return family;
}

function remember(family: Map<string, Similarity | null>, key: string, sim: Similarity | undefined): void {
  if (similarityEntries >= SIMILARITY_CACHE_LIMIT) {
    similarityFamilies.clear();
    similarityEntries = 0;
  }
  family.set(key, sim ?? null);
  similarityEntries += 1;
}

/**
 * The similarity families of one query name against list names of one kind: `tokens[i]` holds query
 * token i against list token texts, `joins[i]` query token i against runs of list tokens, `spans[s]`
 * run s of query tokens against list token texts.
 */
interface QueryFamilies {
  readonly tokens: readonly Map<string, Similarity | null>[];
  readonly joins: readonly Map<string, Similarity | null>[];
  readonly spans: readonly Map<string, Similarity | null>[];
}

/** What the scorer keeps of one query name while its candidates are scored. */
interface QueryMemo {
  readonly shape: NameShape;
  /** Its similarity families against entity names (0) and persons' names (1), made when first needed. */
  readonly families: [QueryFamilies | undefined, QueryFamilies | undefined];
}

/**
 * The memos of the last query names scored, one per kind of view (a query is scored as a person's
 * name and as an entity's, against all its candidates in turn). Not a WeakMap: every query would
 * leave an entry for the garbage collector to sweep, and only the current one is ever asked for.
 */
interface LastMemo {
  query: PreparedName | undefined;
  memo: QueryMemo | undefined;
}
const lastMemos: readonly [LastMemo, LastMemo] = [
  { query: undefined, memo: undefined },
  { query: undefined, memo: undefined },
];

function memoOf(query: PreparedName): QueryMemo {
  const last = lastMemos[query.person ? 1 : 0];
  if (last.query === query && last.memo !== undefined) return last.memo;
  const memo: QueryMemo = { shape: makeShape(query), families: [undefined, undefined] };
  last.query = query;
  last.memo = memo;
  return memo;
}

function familiesOf(query: PreparedName, memo: QueryMemo, listPerson: boolean): QueryFamilies {
  const side = listPerson ? 1 : 0;
  const known = memo.families[side];
  if (known) return known;
  const prefix = `${query.person ? "p" : "e"}${listPerson ? "p" : "e"}`;
  const made: QueryFamilies = {
    tokens: query.tokens.map((token) => similarityFamily(`${prefix}t ${token.text}`)),
    joins: query.tokens.map((token) => similarityFamily(`${prefix}j ${token.text}`)),
    spans: memo.shape.spans.map((span) => similarityFamily(`${prefix}s ${span.key}`)),
  };
  memo.families[side] = made;
  return made;
}

const EXACT: Similarity = { score: TOKEN_SCORES.exact, rule: "exact" };

/** Similarity of two tokens, with the checks that need no memo (numbers, equal text) first. */
function pairSimilarity(
  q: NameToken,
  l: NameToken,
  memo: Map<string, Similarity | null>,
): Similarity | undefined {
  if (q.kind === "number" || l.kind === "number") return q.text === l.text ? EXACT : undefined;
  if (q.text === l.text) return EXACT;
  const known = memo.get(l.text);
  if (known !== undefined) return known ?? undefined;
  const sim = tokenSimilarity(q, l);
  remember(memo, l.text, sim);
  return sim;
}

/** `joinSimilarity`, memoised under `key`: the text of whichever side is not the query's own. */
function memoJoin(
  single: NameToken,
  span: Span,
  memo: Map<string, Similarity | null>,
  key: string,
): Similarity | undefined {
  const known = memo.get(key);
  if (known !== undefined) return known ?? undefined;
  const sim = joinSimilarity(single, span);
  remember(memo, key, sim);
  return sim;
}

/** A token already paired at this score or better needs no join with its neighbours. */
const JOIN_NOT_NEEDED = 0.95;

/**
 * Scratch space of one comparison (scoring is synchronous, so one set serves every call): the
 * similarity of each query and list token pair, row by row; the best single-token score of each
 * query and list token (which decides whether joins are tried); and the best score each token takes
 * part in with joins counted (for the bound of `canReach`).
 */
const pairs: (Similarity | undefined)[] = [];
let bestQ = new Float64Array(16);
let bestL = new Float64Array(64);
let reachQ = new Float64Array(16);
let reachL = new Float64Array(64);

function fitScratch(queryLength: number, listLength: number): void {
  if (bestQ.length < queryLength) {
    bestQ = new Float64Array(queryLength * 2);
    reachQ = new Float64Array(queryLength * 2);
  }
  if (bestL.length < listLength) {
    bestL = new Float64Array(listLength * 2);
    reachL = new Float64Array(listLength * 2);
  }
  bestQ.fill(0, 0, queryLength);
  reachQ.fill(0, 0, queryLength);
  bestL.fill(0, 0, listLength);
  reachL.fill(0, 0, listLength);
}

/** Raises the reach of tokens `start…start+count` of one side to `score`. */
function reach(scores: Float64Array, start: number, count: number, score: number): void {
  for (let k = start; k < start + count; k += 1) if (score > (scores[k] ?? 0)) scores[k] = score;
}

/**
 * Compares every query token with every list token (into `pairs`, `bestQ`, `bestL`) and tries joins
 * for tokens that found no close partner alone; returns the join edges, in the order they are tried.
 */
function compareTokens(query: PreparedName, list: PreparedName): Edge[] {
  const qt = query.tokens;
  const lt = list.tokens;
  const m = lt.length;
  const memo = memoOf(query);
  const queryShape = memo.shape;
  const listShape = shapeOf(list);
  const families = familiesOf(query, memo, list.person);
  fitScratch(qt.length, m);
  for (let i = 0; i < qt.length; i += 1) {
    const q = qt[i];
    const tokenMemo = families.tokens[i];
    for (let j = 0; j < m; j += 1) {
      const l = lt[j];
      const sim = q && l && tokenMemo ? pairSimilarity(q, l, tokenMemo) : undefined;
      pairs[i * m + j] = sim;
      if (!sim) continue;
      if (sim.score > (bestQ[i] ?? 0)) bestQ[i] = sim.score;
      if (sim.score > (bestL[j] ?? 0)) bestL[j] = sim.score;
    }
  }
  reachQ.set(bestQ.subarray(0, qt.length));
  reachL.set(bestL.subarray(0, m));
  // Joined and split syllables, both directions, for tokens that found no close partner alone.
  const joins: Edge[] = [];
  for (let i = 0; i < qt.length; i += 1) {
    const q = qt[i];
    const joinMemo = families.joins[i];
    if (q?.kind !== "name" || !joinMemo || (bestQ[i] ?? 0) >= JOIN_NOT_NEEDED) continue;
    for (const span of listShape.spans) {
      if (!joinPossible(q, span)) continue;
      const sim = memoJoin(q, span, joinMemo, span.key);
      if (!sim) continue;
      joins.push({
        qStart: i,
        qCount: 1,
        lStart: span.start,
        lCount: span.span.length,
        sim,
        weight: span.weight,
      });
      reach(reachQ, i, 1, sim.score);
      reach(reachL, span.start, span.span.length, sim.score);
    }
  }
  for (let j = 0; j < m; j += 1) {
    const l = lt[j];
    if (l?.kind !== "name" || (bestL[j] ?? 0) >= JOIN_NOT_NEEDED) continue;
    for (let s = 0; s < queryShape.spans.length; s += 1) {
      const span = queryShape.spans[s];
      const spanMemo = families.spans[s];
      if (!span || !spanMemo || !joinPossible(l, span)) continue;
      const sim = memoJoin(l, span, spanMemo, l.text);
      if (!sim) continue;
      joins.push({
        qStart: span.start,
        qCount: span.span.length,
        lStart: j,
        lCount: 1,
        sim,
        weight: Math.max(baseWeight(l), span.weight),
      });
      reach(reachQ, span.start, span.span.length, sim.score);
      reach(reachL, j, 1, sim.score);
    }
  }
  return joins;
}

/**
 * Whether the comparison `compareTokens` just made can score `floor` or more; false only when no
 * alignment can. The score is a weighted mean Σ(similarity × weight) / Σ weight, then multiplied by
 * factors of at most 1. Each token adds to it on its own: a list token either pairs, adding at most
 * (reach × w, w), or stays unpaired, adding (0, cost × w); a query token either pairs inside an edge
 * that the list side weighs (nothing), adds the part of a split edge's weight beyond the list
 * token's, at most (reach × v, v), or stays unpaired, adding (0, v). A mean reaches `floor` only if
 * Σ(numerator − floor × denominator) ≥ 0 for some choice, and the best choice is made token by token
 * (pairings that exclude one another only lower it), so a negative best sum rules the floor out.
 */
function canReach(query: PreparedName, list: PreparedName, floor: number): boolean {
  // Below the floor by less than rounding: kept, so that a score of exactly `floor` is never lost.
  const target = floor - 1e-9;
  let best = 0;
  const lt = list.tokens;
  for (let j = 0; j < lt.length; j += 1) {
    const token = lt[j];
    if (!token) continue;
    const weight = baseWeight(token);
    const unpaired = -target * weight * extraListCost(token, list.person);
    const score = reachL[j] ?? 0;
    best += score > 0 ? Math.max(weight * (score - target), unpaired) : unpaired;
  }
  const qt = query.tokens;
  for (let i = 0; i < qt.length; i += 1) {
    const token = qt[i];
    if (!token) continue;
    const weight = baseWeight(token);
    const score = reachQ[i] ?? 0;
    best += score > 0 ? Math.max(0, weight * (score - target)) : -target * weight;
  }
  return best >= 0;
}

function tokenRange(tokens: readonly NameToken[], start: number, count: number): string[] {
  const out: string[] = [];
  for (let k = 0; k < count; k += 1) out.push(tokens[start + k]?.text ?? "");
  return out;
}

/** Scratch space of `alignAndScore`: which query and list tokens the chosen edges already use. */
let usedQ = new Uint8Array(16);
let usedL = new Uint8Array(64);

function isFree(used: Uint8Array, start: number, count: number): boolean {
  for (let k = start; k < start + count; k += 1) if (used[k] === 1) return false;
  return true;
}

/**
 * Edge weights come from the list side (the family name weighs 1.3 there); a run of query tokens
 * joined onto one list token weighs as many tokens as it spans, like the same name written apart.
 * Reads the comparison `compareTokens` just made (`pairs`) and its join edges.
 */
function alignAndScore(
  query: PreparedName,
  list: PreparedName,
  quality: NameQuality,
  joins: readonly Edge[],
  explain: boolean,
): NameScore {
  const qt = query.tokens;
  const lt = list.tokens;
  const m = lt.length;
  const edges: Edge[] = [];
  for (let i = 0; i < qt.length; i += 1) {
    for (let j = 0; j < m; j += 1) {
      const sim = pairs[i * m + j];
      const l = lt[j];
      if (sim && l) edges.push({ qStart: i, qCount: 1, lStart: j, lCount: 1, sim, weight: baseWeight(l) });
    }
  }
  for (const edge of joins) edges.push(edge);
  edges.sort(
    (a, b) =>
      b.sim.score - a.sim.score ||
      b.weight - a.weight ||
      Math.abs(a.qStart - a.lStart) - Math.abs(b.qStart - b.lStart),
  );
  if (usedQ.length < qt.length) usedQ = new Uint8Array(qt.length * 2);
  if (usedL.length < m) usedL = new Uint8Array(m * 2);
  usedQ.fill(0, 0, qt.length);
  usedL.fill(0, 0, m);
  const chosen: Edge[] = [];
  for (const edge of edges) {
    if (!isFree(usedQ, edge.qStart, edge.qCount) || !isFree(usedL, edge.lStart, edge.lCount)) continue;
    chosen.push(edge);
    usedQ.fill(1, edge.qStart, edge.qStart + edge.qCount);
    usedL.fill(1, edge.lStart, edge.lStart + edge.lCount);
  }
  const alignment: AlignedTokens[] = [];
  let numerator = 0;
  let denominator = 0;
  chosen.sort((a, b) => a.qStart - b.qStart);
  for (const edge of chosen) {
    numerator += edge.sim.score * edge.weight;
    denominator += edge.weight;
    if (!explain) continue;
    const pair: AlignedTokens = {
      query: tokenRange(qt, edge.qStart, edge.qCount),
      list: tokenRange(lt, edge.lStart, edge.lCount),
      rule: edge.sim.rule,
      score: edge.sim.score,
      weight: edge.weight,
    };
    alignment.push(edge.sim.detail === undefined ? pair : { ...pair, detail: edge.sim.detail });
  }
  for (let i = 0; i < qt.length; i += 1) {
    const token = qt[i];
    if (!token || usedQ[i] === 1) continue;
    const weight = baseWeight(token);
    denominator += weight;
    if (explain)
      alignment.push({ query: [token.text], list: [], rule: "extra-query-token", score: 0, weight });
  }
  for (let j = 0; j < lt.length; j += 1) {
    const token = lt[j];
    if (!token || usedL[j] === 1) continue;
    const weight = baseWeight(token) * extraListCost(token, list.person);
    denominator += weight;
    if (explain)
      alignment.push({ query: [], list: [token.text], rule: "extra-list-token", score: 0, weight });
  }
  let score = denominator > 0 ? numerator / denominator : 0;
  const rules: AppliedRule[] = [];
  const apply = (code: AppliedRule["code"], factor: number, detail: string): void => {
    score *= factor;
    rules.push({ code, factor, detail });
  };

  const listShape = shapeOf(list);
  if (list.person && chosen.length >= 2) {
    // Order is read on the telling tokens only: a particle (`al`, `bin`) that occurs twice in a name
    // may pair with either occurrence.
    const positions: number[] = [];
    // Where the family name was matched in the query: first and last query position, how many.
    let familyFirst = Infinity;
    let familyLast = -1;
    let familyCount = 0;
    let familyInQueryFamily = false;
    for (const edge of chosen) {
      let telling = false;
      let family = false;
      for (let j = edge.lStart; j < edge.lStart + edge.lCount; j += 1) {
        const token = lt[j];
        if ((token?.weight ?? 0) >= ORDER_MIN_WEIGHT && listShape.repeated[j] !== true) telling = true;
        if (token?.family === true) family = true;
      }
      if (!telling) continue;
      positions.push(edge.lStart);
      if (!family) continue;
      for (let i = edge.qStart; i < edge.qStart + edge.qCount; i += 1) {
        familyFirst = Math.min(familyFirst, i);
        familyLast = Math.max(familyLast, i);
        familyCount += 1;
        if (qt[i]?.family === true) familyInQueryFamily = true;
      }
    }
    if (positions.length >= 2) {
      if (!isMonotone(positions)) {
        if (isRotation(positions) || query.familyFromComma) {
          apply("order-swapped", 1, "family name and given name in the other order");
        } else {
          apply("order-mismatch", NAME_FACTORS.orderMismatch, "name parts aligned out of order");
        }
      }
      // The family name should be matched at either end of the query (given name first or last), not
      // in its middle; a family name of two parts (a second surname) counts as one block.
      if (familyCount > 0 && !familyInQueryFamily) {
        const contiguous = familyLast - familyFirst === familyCount - 1;
        const atEdge = familyFirst === 0 || familyLast === qt.length - 1;
        if (!contiguous || !atEdge) {
          apply(
            "family-misaligned",
            NAME_FACTORS.familyMisaligned,
            "the family name matched a middle query token",
          );
        }
      }
    }
  }
  if (listShape.hasNumber && memoOf(query).shape.hasNumber) {
    let unmatchedNumber = false;
    for (let i = 0; i < qt.length; i += 1)
      if (qt[i]?.kind === "number" && usedQ[i] !== 1) unmatchedNumber = true;
    for (let j = 0; j < lt.length; j += 1)
      if (lt[j]?.kind === "number" && usedL[j] !== 1) unmatchedNumber = true;
    if (unmatchedNumber) apply("number-mismatch", NAME_FACTORS.numberMismatch, "numbers differ");
  }
  if (chosen.length > 0 && listShape.hasDistinctive) {
    let distinctive = false;
    for (const edge of chosen) {
      for (let j = edge.lStart; j < edge.lStart + edge.lCount; j += 1) {
        const kind = lt[j]?.kind;
        if (kind === "name" || kind === "number") distinctive = true;
      }
    }
    if (!distinctive)
      apply("generic-only", NAME_FACTORS.genericOnly, "only legal forms and generic words agree");
  }
  if (quality === "low")
    apply("alias-low-quality", NAME_FACTORS.lowQuality, "the list marks this alias low quality");
  if (quality === "former") apply("alias-former", NAME_FACTORS.former, "a former name");
  return { score, alignment, rules };
}

/**
 * Scores a query name against one listed name. Returns the weighted mean of the aligned token scores
 * (unmatched query tokens count fully, unmatched list tokens partly) after name-level rules, with the
 * alignment and the rules that changed it (both left empty without `explain`; the score is the same).
 */
export function scoreName(
  query: PreparedName,
  list: PreparedName,
  quality: NameQuality,
  explain = true,
): NameScore {
  const joins = compareTokens(query, list);
  return alignAndScore(query, list, quality, joins, explain);
}

/**
 * The score `scoreName` gives, or undefined when it is surely below `floor`. Screening drops most
 * candidates of the blocking index below the review threshold (they share a surname or a syllable
 * key and little else): for those only the token similarities are worked out, not the alignment.
 */
export function scoreNameReaching(
  query: PreparedName,
  list: PreparedName,
  quality: NameQuality,
  floor: number,
): number | undefined {
  const joins = compareTokens(query, list);
  if (!canReach(query, list, floor)) return undefined;
  return alignAndScore(query, list, quality, joins, false).score;
}
