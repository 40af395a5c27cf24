/**
 * @module evaluate/goods-scope
 * Whether declared goods fall in a measure's goods scope: by HS prefix, across HS editions, by
 * description for codes that cannot decide alone, and by value for annex items with thresholds.
 */
import type { GoodsNote } from "../model/contract.js";
import type { GoodsScope } from "../model/regime-schema.js";

/** The declared goods, with the code's counterparts in the edition the scopes are written in. */
export interface DeclaredGoods {
  readonly code: string;
  /** The code itself when the editions agree, else its counterparts in the scopes' edition. */
  readonly counterparts: readonly string[];
  readonly edition: "HS2017" | "HS2022";
  readonly crossEdition: boolean;
  readonly description?: string | undefined;
  readonly value?: number | undefined;
  readonly quantity?: number | undefined;
  readonly currency?: string | undefined;
}

export type GoodsMatch =
  | {
      readonly result: "in";
      readonly via: "code" | "description" | "value";
      readonly prefix: string;
      /** Why, when the code alone does not say it (see `reasons.ts` for the words). */
      readonly note?: GoodsNote;
    }
  | { readonly result: "out" }
  | {
      readonly result: "undecided";
      readonly why: "description" | "edition" | "value";
      readonly prefix: string;
      readonly note: GoodsNote;
    };

type PrefixResult = "in" | "out" | "straddles";

/**
 * A list of prefixes grouped by their first two digits, in their original order. A prefix can only
 * match a code (either way round) when both begin with the same two characters, so scanning the group of
 * the code's first two digits gives exactly what scanning the whole list gives, without the ≈ 100
 * prefixes of other chapters. Lists with a prefix shorter than two characters are scanned whole.
 */
interface PrefixIndex {
  readonly all: readonly string[];
  readonly byChapter: ReadonlyMap<number, readonly string[]> | undefined;
}

const noPrefixes: readonly string[] = [];
const prefixIndexes = new WeakMap<readonly string[], PrefixIndex>();

function chapterKey(code: string): number {
  return code.charCodeAt(0) * 65_536 + code.charCodeAt(1);
}

function indexPrefixes(prefixes: readonly string[]): PrefixIndex {
  let index = prefixIndexes.get(prefixes);
  if (index) return index;
  let byChapter: Map<number, string[]> | undefined = new Map();
  for (const prefix of prefixes) {
    if (prefix.length < 2) {
      byChapter = undefined;
      break;
    }
    const key = chapterKey(prefix);
    const group = byChapter.get(key);
    if (group) group.push(prefix);
    else byChapter.set(key, [prefix]);
  }
  index = { all: prefixes, byChapter };
  prefixIndexes.set(prefixes, index);
  return index;
}

/** The prefixes of `index` that can match `code` either way round, in their original order. */
function candidatesFor(index: PrefixIndex, code: string): readonly string[] {
  if (!index.byChapter || code.length < 2) return index.all;
  return index.byChapter.get(chapterKey(code)) ?? noPrefixes;
}

/** Prefix match of the counterparts against a list of prefixes. */
function matchPrefixes(
  goods: DeclaredGoods,
  list: readonly string[],
): { result: PrefixResult; prefix: string } {
  const index = indexPrefixes(list);
  let inside = 0;
  let outside = 0;
  let matched = "";
  for (const code of goods.counterparts) {
    let result: PrefixResult = "out";
    for (const prefix of candidatesFor(index, code)) {
      if (code.startsWith(prefix)) {
        result = "in";
        if (prefix.length > matched.length) matched = prefix;
        break;
      }
      // A declared code broader than the prefix (27 against 2710) may or may not be in scope.
      if (prefix.startsWith(code)) {
        result = "straddles";
        matched = prefix;
      }
    }
    if (result === "in") inside++;
    else if (result === "out") outside++;
    else return { result: "straddles", prefix: matched };
  }
  if (inside > 0 && outside > 0) return { result: "straddles", prefix: matched };
  return { result: inside > 0 ? "in" : "out", prefix: matched };
}

/**
 * For each goods scope, the prefix lists it reads (`hsExclude`, `hs`, the items' `hs`, `candidates`),
 * unless it is a scope in words only. When none of them holds a prefix of a counterpart's chapter,
 * {@link matchGoods} cannot but answer "out": every prefix match is "out", so no exclusion, code, item or
 * candidate applies. {@link mayMatchGoods} answers that in a few lookups.
 */
const scopeLists = new WeakMap<GoodsScope, readonly PrefixIndex[] | null>();

function listsOf(scope: GoodsScope): readonly PrefixIndex[] | null {
  let lists = scopeLists.get(scope);
  if (lists !== undefined) return lists;
  if (scope.hs.length === 0 && !scope.candidates?.length && !scope.items?.length) {
    lists = null;
  } else {
    lists = [
      scope.hsExclude ?? [],
      scope.hs,
      ...(scope.items ?? []).map((item) => item.hs),
      scope.candidates ?? [],
    ]
      .filter((list) => list.length > 0)
      .map(indexPrefixes);
  }
  scopeLists.set(scope, lists);
  return lists;
}

/** False when {@link matchGoods} would certainly give "out" for these goods and this scope. */
export function mayMatchGoods(goods: DeclaredGoods, scope: GoodsScope): boolean {
  const lists = listsOf(scope);
  if (lists === null) return true;
  for (const list of lists)
    for (const code of goods.counterparts) if (candidatesFor(list, code).length > 0) return true;
  return false;
}

/**
 * The chapter key (first two characters) that all the counterparts share, for {@link mayMatchChapter};
 * undefined when they do not share one, when one is shorter than two characters, or when there are none.
 */
export function sharedChapter(goods: DeclaredGoods): number | undefined {
  let key: number | undefined;
  for (const code of goods.counterparts) {
    if (code.length < 2) return undefined;
    const own = chapterKey(code);
    if (key === undefined) key = own;
    else if (key !== own) return undefined;
  }
  return key;
}

/**
 * {@link mayMatchGoods} for goods whose counterparts all lie in the chapter `key` (see
 * {@link sharedChapter}): it depends on the chapter only, so the evaluator can ask it once per chapter.
 */
export function mayMatchChapter(scope: GoodsScope, key: number): boolean {
  const lists = listsOf(scope);
  if (lists === null) return true;
  for (const list of lists) if (list.byChapter ? list.byChapter.has(key) : list.all.length > 0) return true;
  return false;
}

const keywordPatterns = new WeakMap<readonly string[], RegExp>();

/** Case-insensitive match of whole-word prefixes ("statue" matches "statues", "new" not "renewed"). */
function mentions(description: string | undefined, keywords: readonly string[] | undefined): boolean {
  if (!description || !keywords || keywords.length === 0) return false;
  let pattern = keywordPatterns.get(keywords);
  if (!pattern) {
    const escaped = keywords.map((keyword) => keyword.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    pattern = new RegExp(`(^|[^\\p{L}\\p{N}])(${escaped.join("|")})`, "iu");
    keywordPatterns.set(keywords, pattern);
  }
  return pattern.test(description);
}

function byDescription(
  goods: DeclaredGoods,
  scope: { keywords?: readonly string[] | undefined; excludeKeywords?: readonly string[] | undefined },
  prefix: string,
  why: string,
): GoodsMatch {
  if (mentions(goods.description, scope.excludeKeywords)) return { result: "out" };
  if (mentions(goods.description, scope.keywords)) {
    return { result: "in", via: "description", prefix, note: { kind: "described", what: why } };
  }
  return {
    result: "undecided",
    why: "description",
    prefix,
    note: { kind: "may-be", hs: goods.code, what: why, described: Boolean(goods.description) },
  };
}

/** Matches declared goods against one goods scope. */
export function matchGoods(goods: DeclaredGoods, scope: GoodsScope, what: string): GoodsMatch {
  if (scope.hsExclude && matchPrefixes(goods, scope.hsExclude).result === "in") return { result: "out" };
  if (scope.hs.length === 0 && !scope.candidates?.length && !scope.items?.length) {
    // A scope in words only (luxury goods before any annex): the description alone can put goods in.
    return mentions(goods.description, scope.keywords)
      ? { result: "in", via: "description", prefix: "", note: { kind: "described", what } }
      : { result: "out" };
  }
  const exact = matchPrefixes(goods, scope.hs);
  if (exact.result === "in") return { result: "in", via: "code", prefix: exact.prefix };
  if (exact.result === "straddles" && scope.union && matchPrefixes(goods, scope.union).result === "in") {
    return {
      result: "in",
      via: "code",
      prefix: exact.prefix,
      note: {
        kind: "within-union",
        hs: goods.code,
        first: scope.union[0] ?? "",
        last: scope.union.at(-1) ?? "",
      },
    };
  }
  if (exact.result === "straddles") {
    return {
      result: "undecided",
      why: "edition",
      prefix: exact.prefix,
      note: goods.crossEdition
        ? { kind: "edition-straddles", hs: goods.code, edition: goods.edition }
        : { kind: "broader", hs: goods.code },
    };
  }
  for (const item of scope.items ?? []) {
    const match = matchPrefixes(goods, item.hs);
    if (match.result === "out") continue;
    if (item.keywords && !mentions(goods.description, item.keywords)) {
      if (goods.description) continue;
      return {
        result: "undecided",
        why: "description",
        prefix: match.prefix,
        note: { kind: "may-be", hs: goods.code, what: item.label.toLowerCase(), described: false },
      };
    }
    if (!item.valueAbove) return { result: "in", via: "code", prefix: match.prefix };
    const threshold = item.valueAbove;
    if (goods.value === undefined) {
      return {
        result: "undecided",
        why: "value",
        prefix: match.prefix,
        note: { kind: "value-missing", item: item.label },
      };
    }
    if (goods.currency !== undefined && goods.currency !== threshold.currency) {
      return {
        result: "undecided",
        why: "value",
        prefix: match.prefix,
        note: {
          kind: "currency-differs",
          item: item.label,
          threshold: threshold.currency,
          currency: goods.currency,
        },
      };
    }
    const unitValue = goods.quantity && goods.quantity > 0 ? goods.value / goods.quantity : goods.value;
    if (unitValue > threshold.amount) {
      return {
        result: "in",
        via: "value",
        prefix: match.prefix,
        note: { kind: "unit-value", item: item.label, unitValue, currency: threshold.currency },
      };
    }
    return { result: "out" };
  }
  if (scope.candidates && scope.candidates.length > 0) {
    const candidate = matchPrefixes(goods, scope.candidates);
    if (candidate.result !== "out") return byDescription(goods, scope, candidate.prefix, what);
  }
  return { result: "out" };
}
