/**
 * @module evaluate/goods-scope
 * Whether declared goods fall in a measure's goods scope: by HS prefix, across HS editions, by
 * description for codes that cannot decide alone, and by value for annex items with thresholds.
 */
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
      readonly note?: string;
    }
  | { readonly result: "out" }
  | {
      readonly result: "undecided";
      readonly why: "description" | "edition" | "value";
      readonly prefix: string;
      readonly note: string;
    };

type PrefixResult = "in" | "out" | "straddles";

/** Prefix match of the counterparts against a list of prefixes. */
function matchPrefixes(
  goods: DeclaredGoods,
  prefixes: readonly string[],
): { result: PrefixResult; prefix: string } {
  let inside = 0;
  let outside = 0;
  let matched = "";
  for (const code of goods.counterparts) {
    let result: PrefixResult = "out";
    for (const prefix of prefixes) {
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
    return { result: "in", via: "description", prefix, note: `the description points at ${why}` };
  }
  return {
    result: "undecided",
    why: "description",
    prefix,
    note: goods.description
      ? `HS ${goods.code} may be ${why}; the description does not say`
      : `HS ${goods.code} may be ${why}; give a description to decide`,
  };
}

/** Matches declared goods against one goods scope. */
export function matchGoods(goods: DeclaredGoods, scope: GoodsScope, what: string): GoodsMatch {
  if (scope.hsExclude && matchPrefixes(goods, scope.hsExclude).result === "in") return { result: "out" };
  if (scope.hs.length === 0 && !scope.candidates?.length && !scope.items?.length) {
    // A scope in words only (luxury goods before any annex): the description alone can put goods in.
    return mentions(goods.description, scope.keywords)
      ? { result: "in", via: "description", prefix: "", note: `the description points at ${what}` }
      : { result: "out" };
  }
  const exact = matchPrefixes(goods, scope.hs);
  if (exact.result === "in") return { result: "in", via: "code", prefix: exact.prefix };
  if (exact.result === "straddles") {
    return {
      result: "undecided",
      why: "edition",
      prefix: exact.prefix,
      note: goods.crossEdition
        ? `HS ${goods.code} (${goods.edition}) corresponds to codes both inside and outside ${exact.prefix} in the edition the measure is written in`
        : `HS ${goods.code} is broader than the scope ${exact.prefix}; give the full code`,
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
        note: `HS ${goods.code} may be ${item.label.toLowerCase()}; give a description to decide`,
      };
    }
    if (!item.valueAbove) return { result: "in", via: "code", prefix: match.prefix };
    const threshold = item.valueAbove;
    if (goods.value === undefined) {
      return {
        result: "undecided",
        why: "value",
        prefix: match.prefix,
        note: `${item.label}: give the value to decide`,
      };
    }
    if (goods.currency !== undefined && goods.currency !== threshold.currency) {
      return {
        result: "undecided",
        why: "value",
        prefix: match.prefix,
        note: `${item.label}: the threshold is in ${threshold.currency}, the value in ${goods.currency}`,
      };
    }
    const unitValue = goods.quantity && goods.quantity > 0 ? goods.value / goods.quantity : goods.value;
    if (unitValue > threshold.amount) {
      return {
        result: "in",
        via: "value",
        prefix: match.prefix,
        note: `${item.label}: ${unitValue.toFixed(2)} ${threshold.currency} a unit`,
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
