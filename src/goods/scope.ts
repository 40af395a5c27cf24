/**
 * @module goods/scope
 * Does a declared code fall inside a measure's goods scope? Scopes are HS prefixes written in one
 * edition (the DPRK regime's in HS 2017); declarations come in the edition of their date. When the
 * editions differ the code is carried across through the edition-moves table, and a code whose goods
 * sit partly inside and partly outside the scope is reported as `straddles` so that the evaluation can
 * answer `review` rather than guess.
 */
import { normaliseHsCode } from "./code.js";
import type { HsEdition } from "./edition.js";
import { counterparts as counterpartsOf } from "./moves.js";
import type { HsRelationship } from "./moves-derive.js";

/** Inside the scope, outside it, or partly both (the facts cannot decide it). */
export type ScopeResult = "in" | "out" | "straddles";

/** How one counterpart in the scope's edition relates to the scope. */
export interface CounterpartMatch {
  /** Counterpart prefix in the scope's edition (2, 4 or 6 digits). */
  readonly code: string;
  readonly result: ScopeResult;
  /** The most specific scope prefix that contains it, when `result` is `in`. */
  readonly matchedPrefix?: string;
}

/** The answer of {@link matchScope}. */
export interface ScopeMatch {
  readonly result: ScopeResult;
  /** The most specific scope prefix that matched, when `result` is `in`. */
  readonly matchedPrefix?: string;
  /** Only across editions: the code's counterparts in the scope's edition and how each one fell. */
  readonly counterparts?: readonly CounterpartMatch[];
  /** Only across editions, when the code moved: the correlation relationships involved. */
  readonly relationships?: readonly HsRelationship[];
}

/**
 * Matches a declared code against a scope.
 *
 * - Same edition: prefix match. A code shorter than a scope prefix that extends it (chapter `85`
 *   against scope `8525`) straddles: part of the chapter is in, part is not.
 * - Different editions: each counterpart of the code is matched; all in → `in`, all out → `out`,
 *   otherwise `straddles`.
 *
 * @param code declared code (normalised here; throws `hs_invalid_format` on a bad one)
 * @param codeEdition edition the code was declared in (see `editionOf`)
 * @param prefixes the scope, as HS prefixes (2, 4 or 6 digits) in `scopeEdition`
 * @param scopeEdition edition the scope was written in
 */
export function matchScope(
  code: string,
  codeEdition: HsEdition,
  prefixes: readonly string[],
  scopeEdition: HsEdition,
): ScopeMatch {
  const declared = normaliseHsCode(code);
  const scope = prefixes.map(normaliseHsCode);
  if (codeEdition === scopeEdition) return matchPrefix(declared, scope);

  const mapped = counterpartsOf(declared, codeEdition, scopeEdition);
  const matches = mapped.codes.map((counterpart) => ({
    code: counterpart,
    ...matchPrefix(counterpart, scope),
  }));
  const results = new Set(matches.map((match) => match.result));
  const [only] = results.size === 1 ? [...results] : [];
  const result: ScopeResult = only ?? "straddles";
  const matchedPrefix =
    result === "in" ? mostSpecific(matches.flatMap((m) => m.matchedPrefix ?? [])) : undefined;
  return {
    result,
    ...(matchedPrefix === undefined ? {} : { matchedPrefix }),
    counterparts: matches,
    ...(mapped.moved ? { relationships: mapped.relationships } : {}),
  };
}

/** Prefix match of one code (or counterpart prefix) against normalised scope prefixes. */
function matchPrefix(
  code: string,
  scope: readonly string[],
): { result: ScopeResult; matchedPrefix?: string } {
  const containing = scope.filter((prefix) => code.startsWith(prefix));
  if (containing.length > 0) return { result: "in", matchedPrefix: mostSpecific(containing) };
  // A scope prefix inside the code's range (code `85`, scope `8525`): only part of the code is in scope.
  if (scope.some((prefix) => prefix.startsWith(code))) return { result: "straddles" };
  return { result: "out" };
}

function mostSpecific(prefixes: readonly string[]): string {
  return prefixes.reduce((best, prefix) => (prefix.length > best.length ? prefix : best), prefixes[0] ?? "");
}
