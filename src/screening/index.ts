/**
 * @module screening
 * Name screening against list snapshots: Korean-aware normalisation and romanisation variant classes,
 * a weighted token-alignment scorer with explanations, qualifiers that only lower a score, identifiers
 * that confirm, and a blocking index for large lists. `createScreener` is the one entry point.
 */
import type { Designation, DesignationName, ListSnapshot } from "../model/designation.js";
import { BlockingIndex } from "./blocking.js";
import type { IdentifierResult, MatchExplanation } from "./explanation.js";
import {
  normaliseImo,
  normaliseNationalId,
  normalisePassport,
  normaliseSwift,
  validImo,
} from "./identifiers.js";
import { tokenise } from "./normalise.js";
import { prepareName, type PreparedName } from "./prepare.js";
import { applyQualifiers } from "./qualifiers.js";
import { scoreName, scoreNameReaching, type NameScore } from "./score.js";
import { TokenWeights } from "./weights.js";

export type {
  AlignedTokens,
  AppliedRule,
  IdentifierResult,
  MatchExplanation,
  NameRule,
  TokenRule,
} from "./explanation.js";
export { formatExplanation } from "./explanation.js";
export type { QualifierCode, QualifierResult } from "./qualifiers.js";
export { TokenWeights } from "./weights.js";

/** What to screen: a name and, optionally, facts that qualify or confirm a match. */
export interface ScreeningQuery {
  name: string;
  kind?: "person" | "entity" | "vessel";
  dob?: string;
  nationality?: string;
  gender?: "male" | "female";
  imo?: string;
  passport?: string;
  /** A national identification number: a listed record's national id confirms the match. */
  nationalId?: string;
  /** A bank's SWIFT/BIC: the listed record's code (its first eight characters) confirms the match. */
  swift?: string;
}

/** One listed record that matched, with its score, band and explanation. */
export interface ScreeningMatch {
  ref: string;
  name: string;
  list: string;
  programmes: readonly string[];
  score: number;
  band: "alert" | "review";
  matchedName: string;
  explanation: MatchExplanation;
  listedOn?: string;
}

/**
 * A match as JSON, with its keys in one order: what `sanctions screen --json` prints and
 * `POST /v1/screen` answers (`listedOn` only when the list gives it).
 */
export function matchJson(match: ScreeningMatch): Record<string, unknown> {
  return {
    ref: match.ref,
    name: match.name,
    score: match.score,
    band: match.band,
    list: match.list,
    programmes: match.programmes,
    matchedName: match.matchedName,
    ...(match.listedOn === undefined ? {} : { listedOn: match.listedOn }),
    explanation: match.explanation,
  };
}

/** A screener bound to the snapshots it was built from. */
export interface Screener {
  readonly snapshotIds: readonly string[];
  /** The token weights derived from the loaded entries (`weights.ts`). */
  readonly weights: TokenWeights;
  screen(query: ScreeningQuery, options?: { limit?: number }): ScreeningMatch[];
  /** Blocking counters since the screener was built (for benchmarks). */
  stats(): { queries: number; touched: number; returned: number; names: number };
}

/** Default alert threshold, chosen on the dev split of the evaluation set (bench/screen/README.md). */
export const DEFAULT_ALERT_THRESHOLD = 0.85;
/** Default review threshold: near matches a person should look at. */
export const DEFAULT_REVIEW_THRESHOLD = 0.7;
/** Score lost when the query's valid IMO differs from every IMO the record lists. */
export const IMO_CONFLICT = -0.3;

const DEFAULT_LIMIT = 10;
/** Answers kept per screener (the same query gives the same answer: lists do not change under it). */
const DEFAULT_CACHE_SIZE = 10_000;
/**
 * Names kept prepared in memory, in the order they are first proposed; on bigger lists the rest are
 * prepared on demand each time (the names a query's candidates share, surnames and company words,
 * are then mostly among those kept).
 */
const PREPARED_LIMIT = 250_000;

interface Alias {
  readonly record: number;
  readonly name: DesignationName;
}

/** Error codes of the screening module. */
export type ScreeningErrorCode = "bad-threshold";

/** An invalid screener configuration. */
export class ScreeningError extends Error {
  override readonly name = "ScreeningError";
  constructor(
    readonly code: ScreeningErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The names, plus each name that carries a parenthetical ("OCEAN MARITIME MANAGEMENT COMPANY, LIMITED
 * (OMM)") once more without it, at the same quality: otherwise the acronym counts as an extra list
 * token against a query that gives the full name. The acronym alone is not added: three letters would
 * raise false alerts.
 */
function withoutParentheticals(names: readonly DesignationName[]): DesignationName[] {
  const all = [...names];
  for (const name of names) {
    const stripped = name.full.replace(/\s*\([^)]*\)\s*/g, " ").trim();
    if (stripped !== name.full && stripped.length > 0 && !names.some((other) => other.full === stripped)) {
      const { parts: _parts, ...rest } = name;
      all.push({ ...rest, full: stripped });
    }
  }
  return all;
}

/** Whether a record is of the kind the query asks for (any kind when it names none). */
function kindAllowed(kind: ScreeningQuery["kind"], record: Designation): boolean {
  return kind === undefined || (kind === "person" ? record.kind === "person" : record.kind !== "person");
}

/** The best alias of a record for a name: its name score, and that score with its explanation. */
interface BestAlias {
  readonly alias: number;
  readonly score: number;
  readonly explained: NameScore;
}

/** What a name finds by itself (see `findName` in `createScreener`). */
interface NameFindings {
  /** Alias numbers the blocking index proposed, best first. */
  readonly candidates: readonly number[];
  /** Records with an alias at or above the review threshold, by record number. */
  readonly best: ReadonlyMap<number, BestAlias>;
}

function primaryName(record: Designation): string {
  return (record.names.find((name) => name.quality === "primary") ?? record.names[0])?.full ?? record.ref;
}

/**
 * Builds a screener over the designations of the given snapshots. Thresholds are scores in [0, 1]:
 * matches at or above `alertThreshold` are alerts, those between `reviewThreshold` and it are
 * returned with band "review".
 */
export function createScreener(
  snapshots: readonly ListSnapshot[],
  options?: { alertThreshold?: number; reviewThreshold?: number; cacheSize?: number },
): Screener {
  // Batches screen the same counterparties again and again: answers are kept for the last queries.
  const cacheSize = options?.cacheSize ?? DEFAULT_CACHE_SIZE;
  const cache = new Map<string, ScreeningMatch[]>();
  // And what each name finds by itself, whatever facts come with it (`findName`).
  const nameCache = new Map<string, NameFindings>();
  const alertThreshold = options?.alertThreshold ?? DEFAULT_ALERT_THRESHOLD;
  const reviewThreshold = Math.min(options?.reviewThreshold ?? DEFAULT_REVIEW_THRESHOLD, alertThreshold);
  if (!(alertThreshold > 0 && alertThreshold <= 1) || !(reviewThreshold > 0)) {
    throw new ScreeningError(
      "bad-threshold",
      `thresholds must lie in (0, 1]: ${alertThreshold}, ${reviewThreshold}`,
    );
  }
  const records: Designation[] = snapshots.flatMap((snapshot) => snapshot.designations);
  const aliases: Alias[] = [];
  const weights = new TokenWeights();
  const index = new BlockingIndex((text) => weights.weight(text));
  const byIdentifier = new Map<string, number[]>();
  const remember = (key: string, record: number): void => {
    const list = byIdentifier.get(key) ?? [];
    list.push(record);
    byIdentifier.set(key, list);
  };
  records.forEach((record, recordIndex) => {
    const entryTokens: string[] = [];
    for (const name of withoutParentheticals(record.names)) {
      const { tokens } = tokenise(name.full);
      if (tokens.length === 0) continue;
      entryTokens.push(...tokens);
      index.add(tokens);
      aliases.push({ record: recordIndex, name });
    }
    weights.addEntry(entryTokens);
    for (const identifier of record.identifiers) {
      if (identifier.type === "imo") {
        const imo = normaliseImo(identifier.value);
        if (imo !== undefined) remember(`imo:${imo}`, recordIndex);
      } else if (identifier.type === "passport") {
        remember(`passport:${normalisePassport(identifier.value)}`, recordIndex);
      } else if (identifier.type === "national-id") {
        const id = normaliseNationalId(identifier.value);
        if (id !== "") remember(`national-id:${id}`, recordIndex);
      }
      if (identifier.note === "SWIFT/BIC") {
        const code = normaliseSwift(identifier.value);
        if (code !== undefined) remember(`swift:${code}`, recordIndex);
      }
    }
  });
  index.freeze();
  const weightOf = (text: string): number => weights.weight(text);
  const prepared = new Array<PreparedName | undefined>(aliases.length);
  let preparedCount = 0;
  const preparedAlias = (id: number): PreparedName | undefined => {
    const cached = prepared[id];
    if (cached) return cached;
    const alias = aliases[id];
    if (!alias) return undefined;
    const record = records[alias.record];
    const made = prepareName(alias.name.full, record?.kind === "person", alias.name.parts, weightOf);
    if (preparedCount < PREPARED_LIMIT) {
      prepared[id] = made;
      preparedCount += 1;
    }
    return made;
  };
  const aliasesOf = new Map<number, number[]>();
  aliases.forEach((alias, id) => {
    const list = aliasesOf.get(alias.record) ?? [];
    list.push(id);
    aliasesOf.set(alias.record, list);
  });

  function screen(query: ScreeningQuery, screenOptions?: { limit?: number }): ScreeningMatch[] {
    if (cacheSize <= 0) return screenUncached(query, screenOptions);
    const key = JSON.stringify([
      query.name,
      query.kind,
      query.dob,
      query.nationality,
      query.gender,
      query.imo,
      query.passport,
      query.nationalId,
      query.swift,
      screenOptions?.limit,
    ]);
    const known = cache.get(key);
    if (known !== undefined) return [...known];
    const answer = screenUncached(query, screenOptions);
    if (cache.size >= cacheSize) cache.delete(cache.keys().next().value ?? "");
    cache.set(key, answer);
    return [...answer];
  }

  const viewOf = (name: string, person: boolean): PreparedName =>
    prepareName(name, person, undefined, weightOf);

  /**
   * What the name finds by itself: the blocking candidates, and each record with an alias at or above
   * the review threshold, its best alias and that alias's explained score. The facts given with the
   * name (DOB, nationality, identifiers) only act after this, so a name queried again with other
   * facts (a vessel with another IMO, a party with another country) reuses it.
   */
  function findName(name: string, kind: ScreeningQuery["kind"], maxCandidates: number): NameFindings {
    if (cacheSize <= 0) return findNameUncached(name, kind, maxCandidates);
    const key = JSON.stringify([name, kind, maxCandidates]);
    const known = nameCache.get(key);
    if (known !== undefined) return known;
    const found = findNameUncached(name, kind, maxCandidates);
    if (nameCache.size >= cacheSize) nameCache.delete(nameCache.keys().next().value ?? "");
    nameCache.set(key, found);
    return found;
  }

  function findNameUncached(name: string, kind: ScreeningQuery["kind"], maxCandidates: number): NameFindings {
    const personView = viewOf(name, true);
    let entityView: PreparedName | undefined;
    const candidates =
      personView.tokens.length > 0
        ? index.candidates(
            personView.tokens.map((token) => token.text),
            { maxCandidates },
          )
        : [];
    const scored = new Map<number, { alias: number; score: number }>();
    for (const id of candidates) {
      const alias = aliases[id];
      const record = alias ? records[alias.record] : undefined;
      const listName = preparedAlias(id);
      if (!alias || !record || !listName || !kindAllowed(kind, record)) continue;
      const view = record.kind === "person" ? personView : (entityView ??= viewOf(name, false));
      // Qualifiers only lower a score: a name below the review threshold cannot come back.
      const score = scoreNameReaching(view, listName, alias.name.quality, reviewThreshold);
      if (score === undefined || score < reviewThreshold) continue;
      const current = scored.get(alias.record);
      if (!current || score > current.score) scored.set(alias.record, { alias: id, score });
    }
    const best = new Map<number, BestAlias>();
    for (const [recordIndex, { alias: aliasId, score }] of scored) {
      const record = records[recordIndex];
      const alias = aliases[aliasId];
      const listName = preparedAlias(aliasId);
      if (!record || !alias || !listName) continue;
      // Scored again with its explanation: only the best alias of each record that may be returned.
      const view = record.kind === "person" ? personView : (entityView ?? personView);
      best.set(recordIndex, {
        alias: aliasId,
        score,
        explained: scoreName(view, listName, alias.name.quality),
      });
    }
    return { candidates, best };
  }

  /**
   * The best alias of a record an identifier confirms: every alias counts, however low its name
   * score (a renamed vessel), taken in the order the candidates gave them, then the others.
   */
  function confirmedAlias(
    name: string,
    kind: ScreeningQuery["kind"],
    recordIndex: number,
    candidates: readonly number[],
  ): BestAlias | undefined {
    const record = records[recordIndex];
    if (!record || !kindAllowed(kind, record)) return undefined;
    const own = aliasesOf.get(recordIndex) ?? [];
    const ordered = candidates.filter((id) => aliases[id]?.record === recordIndex);
    for (const id of own) if (!ordered.includes(id)) ordered.push(id);
    const view = viewOf(name, record.kind === "person");
    let found: BestAlias | undefined;
    for (const id of ordered) {
      const alias = aliases[id];
      const listName = preparedAlias(id);
      if (!alias || !listName) continue;
      const explained = scoreName(view, listName, alias.name.quality);
      if (!found || explained.score > found.score) found = { alias: id, score: explained.score, explained };
    }
    return found;
  }

  function screenUncached(query: ScreeningQuery, screenOptions?: { limit?: number }): ScreeningMatch[] {
    const limit = screenOptions?.limit ?? DEFAULT_LIMIT;
    const findings = findName(query.name, query.kind, Math.max(40, limit * 4));
    const queryImo = query.imo === undefined ? undefined : validImo(query.imo);
    const queryPassport = query.passport === undefined ? undefined : normalisePassport(query.passport);
    const queryNationalId = query.nationalId === undefined ? "" : normaliseNationalId(query.nationalId);
    const querySwift = query.swift === undefined ? undefined : normaliseSwift(query.swift);
    // The records a strong identifier of the query names, with the first identifier that names each.
    const confirmed = new Map<number, IdentifierResult>();
    for (const [key, code, value] of [
      [queryImo === undefined ? undefined : `imo:${queryImo}`, "imo-confirmed", queryImo],
      [
        queryPassport === undefined || queryPassport === "" ? undefined : `passport:${queryPassport}`,
        "passport-confirmed",
        queryPassport,
      ],
      [
        queryNationalId === "" ? undefined : `national-id:${queryNationalId}`,
        "national-id-confirmed",
        queryNationalId,
      ],
      [querySwift === undefined ? undefined : `swift:${querySwift}`, "swift-confirmed", querySwift],
    ] as const) {
      if (key === undefined) continue;
      for (const record of byIdentifier.get(key) ?? [])
        if (!confirmed.has(record)) confirmed.set(record, { code, value: value ?? "", effect: 1 });
    }
    let best: ReadonlyMap<number, BestAlias> = findings.best;
    if (confirmed.size > 0) {
      const withConfirmed = new Map(best);
      for (const recordIndex of confirmed.keys()) {
        const found = confirmedAlias(query.name, query.kind, recordIndex, findings.candidates);
        if (found) withConfirmed.set(recordIndex, found);
      }
      best = withConfirmed;
    }

    const matches: ScreeningMatch[] = [];
    for (const [recordIndex, { alias: aliasId, explained: result }] of best) {
      const record = records[recordIndex];
      const alias = aliases[aliasId];
      if (!record || !alias) continue;
      const qualifiers = applyQualifiers(query, record);
      const identifiers: IdentifierResult[] = [];
      const confirmedBy = confirmed.get(recordIndex);
      if (confirmedBy) {
        identifiers.push(confirmedBy);
      } else if (
        queryImo !== undefined &&
        record.identifiers.some((identifier) => identifier.type === "imo")
      ) {
        identifiers.push({ code: "imo-conflict", value: queryImo, effect: IMO_CONFLICT });
      }
      let score = result.score + qualifiers.reduce((sum, qualifier) => sum + qualifier.effect, 0);
      if (identifiers.some((identifier) => identifier.code === "imo-conflict")) score += IMO_CONFLICT;
      score = Math.max(0, Math.min(1, score));
      // A confirmed identifier is identity: the record alerts whatever its name says (renamed vessels).
      if (confirmed.has(recordIndex)) score = 1;
      if (score < reviewThreshold) continue;
      const explanation: MatchExplanation = {
        matchedName: alias.name.full,
        quality: alias.name.quality,
        nameScore: Math.round(result.score * 1000) / 1000,
        alignment: result.alignment,
        rules: result.rules,
        qualifiers,
        identifiers,
      };
      const match: ScreeningMatch = {
        ref: record.ref,
        name: primaryName(record),
        list: record.list,
        programmes: record.programmes,
        score: Math.round(score * 1000) / 1000,
        band: score >= alertThreshold ? "alert" : "review",
        matchedName: alias.name.full,
        explanation,
      };
      if (record.listedOn !== undefined) match.listedOn = record.listedOn;
      matches.push(match);
    }
    matches.sort((a, b) => b.score - a.score || a.ref.localeCompare(b.ref));
    return matches.slice(0, limit);
  }

  return {
    snapshotIds: snapshots.map((snapshot) => snapshot.id),
    weights,
    screen,
    stats: () => ({ ...index.stats, names: index.size }),
  };
}
