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

/** Compares two syllable readings position by position: how many positions disagree, and the symbols. */
function compareReading(
  a: readonly (readonly string[])[],
  b: readonly (readonly string[])[],
): { mismatches: number; symbols: string[] } {
  const symbols: string[] = [];
  let mismatches = 0;
  for (let i = 0; i < a.length; i += 1) {
    const symbol = shared(a[i] ?? [], b[i] ?? []);
    if (symbol === undefined) mismatches += 1;
    else symbols.push(symbol);
  }
  return { mismatches, symbols };
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
      const { mismatches, symbols } = compareReading(a, b);
      if (mismatches === 0)
        return { score: TOKEN_SCORES.variantClass, rule: "variant-class", detail: describeSymbols(symbols) };
      // One syllable apart in a joined given name (`Yongchol`/`Songchol`) is another name; in a word
      // of three syllables or more (`Hapjanggag`) it is a typo.
      if (mismatches === 1 && a.length === 2) near = true;
    }
  }
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
function joinSimilarity(single: NameToken, span: readonly NameToken[]): Similarity | undefined {
  const joined = span.map((token) => token.text).join("");
  if (joined === single.text) return { score: TOKEN_SCORES.joined, rule: "joined-syllables" };
  if (isTransposition(single.text, joined) || isDoubling(single.text, joined)) {
    return { score: TOKEN_SCORES.typo, rule: "typo", detail: "1 edit (letters swapped or doubled), joined" };
  }
  const spanReading: (readonly string[])[] = [];
  for (const token of span) {
    const first = token.readings[0];
    if (first === undefined) return undefined;
    spanReading.push(...first);
  }
  let near = false;
  for (const reading of single.readings) {
    if (reading.length !== spanReading.length) continue;
    const { mismatches, symbols } = compareReading(reading, spanReading);
    if (mismatches === 0) {
      return { score: TOKEN_SCORES.variantClass, rule: "joined-syllables", detail: describeSymbols(symbols) };
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

interface Edge {
  readonly q: readonly number[];
  readonly l: readonly number[];
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

const MAX_SPAN = 3;

interface Span {
  readonly start: number;
  readonly span: readonly NameToken[];
  readonly length: number;
  readonly weight: number;
}

/** Runs of 2–3 adjacent name tokens, memoised per prepared name (list names are scored many times). */
const spanCache = new WeakMap<PreparedName, readonly Span[]>();

function spansOf(name: PreparedName): readonly Span[] {
  const cached = spanCache.get(name);
  if (cached) return cached;
  const tokens = name.tokens;
  const out: Span[] = [];
  for (let start = 0; start < tokens.length; start += 1) {
    for (let size = 2; size <= MAX_SPAN && start + size <= tokens.length; size += 1) {
      const span = tokens.slice(start, start + size);
      if (!span.every(isNameToken)) continue;
      let length = 0;
      let weight = 0;
      for (const token of span) {
        length += token.text.length;
        weight += baseWeight(token);
      }
      out.push({ start, span, length, weight });
    }
  }
  spanCache.set(name, out);
  return out;
}

function isNameToken(token: NameToken): boolean {
  return token.kind === "name";
}

function range(start: number, size: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < size; k += 1) out.push(start + k);
  return out;
}

/** Whether a join can possibly agree: equal text, a reading of the same syllable count, or ≤ 2 edits. */
function joinPossible(single: NameToken, span: Span): boolean {
  if (Math.abs(single.text.length - span.length) <= 2) return true;
  for (const reading of single.readings) if (reading.length === span.span.length) return true;
  return false;
}

/**
 * Similarities of one query token with list tokens, by list token text: the candidates of a query share
 * many tokens (surnames, legal forms), and a query token meets the same list token again and again.
 */
const similarityMemo = new WeakMap<NameToken, Map<string, Similarity | null>>();

function memoSimilarity(q: NameToken, l: NameToken): Similarity | undefined {
  let memo = similarityMemo.get(q);
  if (memo === undefined) {
    memo = new Map();
    similarityMemo.set(q, memo);
  }
  const known = memo.get(l.text);
  if (known !== undefined) return known ?? undefined;
  const sim = tokenSimilarity(q, l);
  memo.set(l.text, sim ?? null);
  return sim;
}

/** A token already paired at this score or better needs no join with its neighbours. */
const JOIN_NOT_NEEDED = 0.95;

function collectEdges(query: PreparedName, list: PreparedName): Edge[] {
  const qt = query.tokens;
  const lt = list.tokens;
  const edges: Edge[] = [];
  const bestQ = new Float64Array(qt.length);
  const bestL = new Float64Array(lt.length);
  for (let i = 0; i < qt.length; i += 1) {
    const q = qt[i];
    if (!q) continue;
    for (let j = 0; j < lt.length; j += 1) {
      const l = lt[j];
      if (!l) continue;
      const sim = memoSimilarity(q, l);
      if (sim) {
        edges.push({ q: [i], l: [j], sim, weight: baseWeight(l) });
        if (sim.score > (bestQ[i] ?? 0)) bestQ[i] = sim.score;
        if (sim.score > (bestL[j] ?? 0)) bestL[j] = sim.score;
      }
    }
  }
  // Joined and split syllables, both directions, for tokens that found no close partner alone.
  const listSpans = spansOf(list);
  const querySpans = spansOf(query);
  for (let i = 0; i < qt.length; i += 1) {
    const q = qt[i];
    if (q?.kind !== "name" || (bestQ[i] ?? 0) >= JOIN_NOT_NEEDED) continue;
    for (const span of listSpans) {
      if (!joinPossible(q, span)) continue;
      const sim = joinSimilarity(q, span.span);
      if (sim) edges.push({ q: [i], l: range(span.start, span.span.length), sim, weight: span.weight });
    }
  }
  for (let j = 0; j < lt.length; j += 1) {
    const l = lt[j];
    if (l?.kind !== "name" || (bestL[j] ?? 0) >= JOIN_NOT_NEEDED) continue;
    for (const span of querySpans) {
      if (!joinPossible(l, span)) continue;
      const sim = joinSimilarity(l, span.span);
      if (sim) {
        edges.push({
          q: range(span.start, span.span.length),
          l: [j],
          sim,
          weight: Math.max(baseWeight(l), span.weight),
        });
      }
    }
  }
  return edges;
}

/**
 * Edge weights come from the list side (the family name weighs 1.3 there); a run of query tokens
 * joined onto one list token weighs as many tokens as it spans, like the same name written apart.
 *
 * Scores a query name against one listed name. Returns the weighted mean of the aligned token scores
 * (unmatched query tokens count fully, unmatched list tokens partly) after name-level rules.
 */
export function scoreName(
  query: PreparedName,
  list: PreparedName,
  quality: NameQuality,
  explain = true,
): NameScore {
  const edges = collectEdges(query, list);
  edges.sort(
    (a, b) =>
      b.sim.score - a.sim.score ||
      b.weight - a.weight ||
      Math.abs((a.q[0] ?? 0) - (a.l[0] ?? 0)) - Math.abs((b.q[0] ?? 0) - (b.l[0] ?? 0)),
  );
  const usedQ = new Set<number>();
  const usedL = new Set<number>();
  const chosen: Edge[] = [];
  for (const edge of edges) {
    if (edge.q.some((i) => usedQ.has(i)) || edge.l.some((j) => usedL.has(j))) continue;
    chosen.push(edge);
    for (const i of edge.q) usedQ.add(i);
    for (const j of edge.l) usedL.add(j);
  }
  const alignment: AlignedTokens[] = [];
  let numerator = 0;
  let denominator = 0;
  chosen.sort((a, b) => (a.q[0] ?? 0) - (b.q[0] ?? 0));
  for (const edge of chosen) {
    numerator += edge.sim.score * edge.weight;
    denominator += edge.weight;
    if (!explain) continue;
    const pair: AlignedTokens = {
      query: edge.q.map((i) => query.tokens[i]?.text ?? ""),
      list: edge.l.map((j) => list.tokens[j]?.text ?? ""),
      rule: edge.sim.rule,
      score: edge.sim.score,
      weight: edge.weight,
    };
    alignment.push(edge.sim.detail === undefined ? pair : { ...pair, detail: edge.sim.detail });
  }
  for (let i = 0; i < query.tokens.length; i += 1) {
    const token = query.tokens[i];
    if (!token || usedQ.has(i)) continue;
    const weight = baseWeight(token);
    denominator += weight;
    if (explain)
      alignment.push({ query: [token.text], list: [], rule: "extra-query-token", score: 0, weight });
  }
  for (let j = 0; j < list.tokens.length; j += 1) {
    const token = list.tokens[j];
    if (!token || usedL.has(j)) continue;
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

  // Order is read on the telling tokens only: a particle (`al`, `bin`) that occurs twice in a name
  // may pair with either occurrence.
  const repeated = (j: number): boolean => {
    const text = list.tokens[j]?.text;
    let count = 0;
    for (const token of list.tokens) if (token.text === text) count += 1;
    return count > 1;
  };
  const telling = chosen.filter((edge) =>
    edge.l.some((j) => (list.tokens[j]?.weight ?? 0) >= ORDER_MIN_WEIGHT && !repeated(j)),
  );
  if (list.person && telling.length >= 2) {
    const positions = telling.map((edge) => edge.l[0] ?? 0);
    if (!isMonotone(positions)) {
      if (isRotation(positions) || query.familyFromComma) {
        apply("order-swapped", 1, "family name and given name in the other order");
      } else {
        apply("order-mismatch", NAME_FACTORS.orderMismatch, "name parts aligned out of order");
      }
    }
    // The family name should be matched at either end of the query (given name first or last), not
    // in its middle; a family name of two parts (a second surname) counts as one block.
    const familyAt = telling
      .filter((edge) => edge.l.some((j) => list.tokens[j]?.family === true))
      .flatMap((edge) => edge.q)
      .sort((a, b) => a - b);
    if (familyAt.length > 0 && !familyAt.some((i) => query.tokens[i]?.family === true)) {
      const first = familyAt[0] ?? 0;
      const last = familyAt[familyAt.length - 1] ?? 0;
      const contiguous = last - first === familyAt.length - 1;
      const atEdge = first === 0 || last === query.tokens.length - 1;
      if (!contiguous || !atEdge) {
        apply(
          "family-misaligned",
          NAME_FACTORS.familyMisaligned,
          "the family name matched a middle query token",
        );
      }
    }
  }
  const queryNumbers = query.tokens.some((token) => token.kind === "number");
  const listNumbers = list.tokens.some((token) => token.kind === "number");
  if (queryNumbers && listNumbers) {
    const unmatchedNumber =
      query.tokens.some((token, i) => token.kind === "number" && !usedQ.has(i)) ||
      list.tokens.some((token, j) => token.kind === "number" && !usedL.has(j));
    if (unmatchedNumber) apply("number-mismatch", NAME_FACTORS.numberMismatch, "numbers differ");
  }
  const distinctive = chosen.some((edge) =>
    edge.l.some((j) => {
      const kind = list.tokens[j]?.kind;
      return kind === "name" || kind === "number";
    }),
  );
  const listHasDistinctive = list.tokens.some((token) => token.kind === "name" || token.kind === "number");
  if (chosen.length > 0 && !distinctive && listHasDistinctive) {
    apply("generic-only", NAME_FACTORS.genericOnly, "only legal forms and generic words agree");
  }
  if (quality === "low")
    apply("alias-low-quality", NAME_FACTORS.lowQuality, "the list marks this alias low quality");
  if (quality === "former") apply("alias-former", NAME_FACTORS.former, "a former name");
  return { score, alignment, rules };
}
