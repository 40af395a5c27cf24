/**
 * @module yente/match
 * yente's `/match` and `/search` answered with this service's screener: each FtM query entity becomes
 * screening queries (one per name it gives, with its qualifiers and identifiers), the matches become
 * FtM entities with `score`, `match` and per-feature `explanations`.
 *
 * Why not yente's scores: the scorer is this project's (Korean-aware variant classes, token weights,
 * identifiers that confirm); a client reading `score` and `match` gets this service's judgement, and
 * `explanations` say how it was reached. yente's algorithm names are accepted so that a client that
 * sends one is not refused, and `GET /algorithms` says what answers them.
 */
import type { ScreeningMatch, ScreeningQuery, Screener } from "../screening/index.js";
import { DEFAULT_REVIEW_THRESHOLD } from "../screening/index.js";
import type { EntityIndex, FtmEntity } from "./catalog.js";
import { COLLECTIONS } from "./catalog.js";
import {
  DEFAULT_MATCH_LIMIT,
  DEFAULT_MATCH_THRESHOLD,
  type EntityExample,
  matchableSchemata,
  type MatchableSchema,
  type MatchBody,
  type MatchParams,
  MAX_EXCLUDED_IDS,
  MAX_MATCH_LIMIT,
  propertyValues,
  YenteRequestError,
} from "./contract.js";

/** This service's algorithm, under its own name. */
export const ALGORITHM = "sanctions-engine";

/** Names a yente client may send, all answered by {@link ALGORITHM}. */
const algorithmAliases = ["best", "default", "logic-v2", "logic-v1", "name-based", "name-qualified"];

/** `GET /algorithms`. */
export function algorithmsResponse() {
  return {
    algorithms: [
      {
        name: ALGORITHM,
        description:
          "Weighted token alignment with Korean romanisation variant classes, token weights from the " +
          "loaded lists, qualifiers (date of birth, nationality, gender) that only lower a score, and " +
          "identifiers (IMO, passport) that confirm. Scores below " +
          `${DEFAULT_REVIEW_THRESHOLD} are not returned. The names ${algorithmAliases.join(", ")} are ` +
          "accepted for yente clients and answered by this algorithm, not by yente's.",
        docs: "docs/screening.md",
      },
    ],
    default: ALGORITHM,
    best: ALGORITHM,
  };
}

/** A query parameter that must be a number in a range. */
function numberParam(
  raw: string | undefined,
  field: string,
  fallback: number,
  min: number,
  max: number,
  integer = false,
): number {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max)
    throw new YenteRequestError(
      400,
      field,
      `${field} must be ${integer ? "an integer" : "a number"} from ${min} to ${max}, got ${JSON.stringify(raw.slice(0, 40))}`,
    );
  return value;
}

/** Reads `/match`'s query parameters; `queries(name)` gives every value of a repeated parameter. */
export function matchParams(
  query: (name: string) => string | undefined,
  queries: (name: string) => readonly string[],
  datasets: readonly string[],
): MatchParams {
  const limit = numberParam(query("limit"), "limit", DEFAULT_MATCH_LIMIT, 1, MAX_MATCH_LIMIT, true);
  const threshold = numberParam(query("threshold"), "threshold", DEFAULT_MATCH_THRESHOLD, 0, 1);
  // yente: `cutoff` is deprecated and clamped to at most the threshold.
  const cutoff = Math.min(numberParam(query("cutoff"), "cutoff", 0, 0, 1), threshold);
  const algorithm = query("algorithm") ?? "best";
  if (algorithm !== ALGORITHM && !algorithmAliases.includes(algorithm))
    throw new YenteRequestError(400, "algorithm", `Invalid algorithm: ${algorithm.slice(0, 60)}`);
  const excludeEntityIds = queries("exclude_entity_ids");
  if (excludeEntityIds.length > MAX_EXCLUDED_IDS)
    throw new YenteRequestError(
      400,
      "exclude_entity_ids",
      `exclude_entity_ids takes at most ${MAX_EXCLUDED_IDS} ids, got ${excludeEntityIds.length}`,
    );
  for (const field of ["include_dataset", "exclude_dataset"]) {
    for (const name of queries(field)) {
      if (!datasets.includes(name))
        throw new YenteRequestError(400, field, `${field}: no such dataset: ${name.slice(0, 60)}`);
    }
  }
  const changedSince = query("changed_since");
  if (changedSince !== undefined && Number.isNaN(Date.parse(changedSince)))
    throw new YenteRequestError(400, "changed_since", "changed_since must be an ISO date or date-time");
  return {
    limit,
    threshold,
    cutoff,
    algorithm: ALGORITHM,
    includeDatasets: queries("include_dataset"),
    excludeDatasets: queries("exclude_dataset"),
    excludeSchemata: queries("exclude_schema"),
    excludeEntityIds,
    topics: queries("topics"),
    ...(changedSince === undefined ? {} : { changedSince }),
  };
}

/** Checks the body as yente does: a known, matchable schema per query; no config or weights it cannot honour. */
export function checkMatchBody(body: MatchBody): void {
  const config = Object.keys(body.config ?? {});
  if (config.length > 0)
    throw new YenteRequestError(
      400,
      `config.${config[0]}`,
      `Unknown config key: ${config[0]?.slice(0, 60)} (this service's algorithm takes none)`,
    );
  const weights = Object.keys(body.weights ?? {});
  if (weights.length > 0)
    throw new YenteRequestError(
      400,
      `weights.${weights[0]}`,
      `Unknown feature weight: ${weights[0]?.slice(0, 60)} (this service's algorithm takes none)`,
    );
  for (const [key, example] of Object.entries(body.queries)) {
    if (!(example.schema in matchableSchemata))
      throw new YenteRequestError(
        400,
        `queries.${key}.schema`,
        `queries.${key}.schema: invalid schema for query ${key}: ${example.schema.slice(0, 60)} is not matchable ` +
          `(one of ${Object.keys(matchableSchemata).join(", ")})`,
      );
  }
}

/** The screening queries of one FtM example: one per name, with the example's facts. */
export function screeningQueries(example: EntityExample): ScreeningQuery[] {
  const spec = matchableSchemata[example.schema as MatchableSchema];
  const first = (property: string): string | undefined => propertyValues(example, property)[0];
  const facts: Omit<ScreeningQuery, "name"> = {};
  if (spec.kind !== undefined) facts.kind = spec.kind;
  const dob = first("birthDate");
  if (dob !== undefined) facts.dob = dob;
  const nationality = first("nationality") ?? first("citizenship") ?? first("country");
  if (nationality !== undefined) facts.nationality = nationality.toUpperCase();
  const gender = first("gender")?.toLowerCase();
  if (gender === "male" || gender === "female") facts.gender = gender;
  const imo = first("imoNumber");
  if (imo !== undefined) facts.imo = imo;
  const passport = first("passportNumber");
  if (passport !== undefined) facts.passport = passport;
  const nationalId = first("idNumber");
  if (nationalId !== undefined) facts.nationalId = nationalId;
  const swift = first("swiftBic");
  if (swift !== undefined) facts.swift = swift;

  const names = [...propertyValues(example, "name"), ...propertyValues(example, "alias")];
  const parts = ["firstName", "secondName", "middleName", "fatherName", "lastName"]
    .flatMap((property) => propertyValues(example, property).slice(0, 1))
    .join(" ")
    .trim();
  if (parts !== "") names.push(parts);
  const unique = [...new Set(names)].slice(0, 10);
  // An example with only an identifier is still screened: the identifier alone can confirm.
  const identified = [imo, passport, nationalId, swift].some((value) => value !== undefined);
  if (unique.length === 0) return identified ? [{ name: "", ...facts }] : [];
  return unique.map((name) => ({ name, ...facts }));
}

/** One result of `/match`: the entity, its score, whether it matches, and why. */
export interface MatchResult extends FtmEntity {
  readonly score: number;
  readonly match: boolean;
  readonly explanations: Record<string, { detail: string; score: number; query: string; candidate: string }>;
  /** The per-feature scores yente answered before 5.2.1; older clients still read them. */
  readonly features: Record<string, number>;
}

/** The explanations of a screening match, by feature. */
function explanationsOf(match: ScreeningMatch, queryName: string): MatchResult["explanations"] {
  const { explanation } = match;
  const rules = explanation.rules.map((rule) => rule.detail).join("; ");
  const out: MatchResult["explanations"] = {
    name_match: {
      score: explanation.nameScore,
      detail:
        `alias "${explanation.matchedName}" [${explanation.quality}]` + (rules === "" ? "" : `; ${rules}`),
      query: queryName,
      candidate: explanation.matchedName,
    },
  };
  for (const qualifier of explanation.qualifiers) {
    out[`qualifier_${qualifier.code.replace(/-/g, "_")}`] = {
      score: qualifier.effect,
      detail: qualifier.detail,
      query: queryName,
      candidate: match.name,
    };
  }
  for (const identifier of explanation.identifiers) {
    out[`identifier_${identifier.code.replace(/-/g, "_")}`] = {
      score: identifier.effect,
      detail: identifier.code.endsWith("confirmed")
        ? `the ${identifier.code.split("-")[0]} number ${identifier.value} is the listed one`
        : `the ${identifier.code.split("-")[0]} number ${identifier.value} differs from every listed one`,
      query: identifier.value,
      candidate: match.name,
    };
  }
  return out;
}

/** Whether an entity is in the request's dataset scope and filters. */
function inScope(
  entity: FtmEntity,
  scope: string,
  params: Pick<
    MatchParams,
    "includeDatasets" | "excludeDatasets" | "excludeSchemata" | "excludeEntityIds" | "changedSince"
  >,
): boolean {
  const datasets = entity.datasets;
  if (!COLLECTIONS.includes(scope as (typeof COLLECTIONS)[number]) && !datasets.includes(scope)) return false;
  if (params.includeDatasets.length > 0 && !datasets.some((name) => params.includeDatasets.includes(name)))
    return false;
  if (datasets.some((name) => params.excludeDatasets.includes(name))) return false;
  if (params.excludeSchemata.includes(entity.schema)) return false;
  if (params.excludeEntityIds.includes(entity.id)) return false;
  if (params.changedSince !== undefined && entity.last_change < params.changedSince) return false;
  return true;
}

/** Answers one query entity. */
export function matchOne(
  example: EntityExample,
  scope: string,
  params: MatchParams,
  screener: Screener,
  index: EntityIndex,
): { results: MatchResult[]; total: { value: number; relation: "eq" } } {
  const spec = matchableSchemata[example.schema as MatchableSchema];
  const allowed: readonly string[] = spec.matches;
  const best = new Map<string, MatchResult>();
  // Excluded ids are dropped after screening: ask the screener for enough beyond them.
  const wanted = Math.min(params.limit + params.excludeEntityIds.length + 20, MAX_MATCH_LIMIT + 70);
  for (const query of screeningQueries(example)) {
    for (const match of screener.screen(query, { limit: wanted })) {
      const entity = index.byRef(match.list, match.ref);
      if (!entity || !allowed.includes(entity.schema) || !inScope(entity, scope, params)) continue;
      if (
        params.topics.length > 0 &&
        !params.topics.some((topic) => entity.properties.topics?.includes(topic))
      )
        continue;
      if (match.score <= params.cutoff) continue;
      const current = best.get(entity.id);
      if (current && current.score >= match.score) continue;
      const explanations = explanationsOf(match, query.name);
      best.set(entity.id, {
        ...entity,
        score: match.score,
        match: match.score >= params.threshold,
        explanations,
        features: Object.fromEntries(Object.entries(explanations).map(([key, value]) => [key, value.score])),
      });
    }
  }
  const ranked = [...best.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return {
    results: ranked.slice(0, params.limit),
    total: { value: ranked.filter((result) => result.match).length, relation: "eq" },
  };
}

/** The cleaned query yente echoes: the example with every property as a list of strings. */
export function cleanedQuery(example: EntityExample) {
  return {
    ...(example.id === undefined ? {} : { id: example.id }),
    schema: example.schema,
    properties: Object.fromEntries(
      Object.keys(example.properties).map((property) => [property, propertyValues(example, property)]),
    ),
  };
}

/** `POST /match/{dataset}`: every query answered, keyed as the client keyed them. */
export function matchResponse(
  body: MatchBody,
  scope: string,
  params: MatchParams,
  screener: Screener,
  index: EntityIndex,
) {
  checkMatchBody(body);
  const responses = Object.fromEntries(
    Object.entries(body.queries).map(([key, example]) => {
      const { results, total } = matchOne(example, scope, params, screener, index);
      return [key, { status: 200, results, total, query: cleanedQuery(example) }];
    }),
  );
  return { responses, limit: params.limit };
}

/** `GET /search/{dataset}`: a free-text name search, or the dataset's entities when `q` is empty. */
export function searchResponse(
  q: string,
  scope: string,
  options: { limit: number; offset: number; schema?: string },
  screener: Screener,
  index: EntityIndex,
) {
  const filters = { includeDatasets: [], excludeDatasets: [], excludeSchemata: [], excludeEntityIds: [] };
  const fits = (entity: FtmEntity): boolean =>
    inScope(entity, scope, filters) && (options.schema === undefined || entity.schema === options.schema);
  let ranked: (FtmEntity & { score?: number })[];
  if (q.trim() === "") {
    ranked = [...index.all()].filter(fits).sort((a, b) => a.caption.localeCompare(b.caption));
  } else {
    const seen = new Map<string, FtmEntity & { score: number }>();
    for (const match of screener.screen({ name: q }, { limit: options.offset + options.limit + 20 })) {
      const entity = index.byRef(match.list, match.ref);
      if (!entity || !fits(entity) || seen.has(entity.id)) continue;
      seen.set(entity.id, { ...entity, score: match.score });
    }
    ranked = [...seen.values()];
  }
  return {
    results: ranked.slice(options.offset, options.offset + options.limit),
    facets: {},
    total: { value: ranked.length, relation: "eq" },
    limit: options.limit,
    offset: options.offset,
  };
}
