/**
 * @module yente/contract
 * yente's `/match` request as this service accepts it, in one place: the body schema (with this
 * project's limits on every field a client sends), the query parameters, and the FtM schemata a query
 * may name. The shapes follow yente 5 (routers/match.py, data/common.py) as documented in
 * `docs/yente.md`; what this service does differently is said there, not guessed by a client.
 */
import { z } from "zod";
import { MAX_CODE_LENGTH, MAX_ID_LENGTH, MAX_NAME_LENGTH } from "../model/limits.js";

/** Queries per `/match` request, as yente's `YENTE_MAX_BATCH`. */
export const MAX_MATCH_QUERIES = 100;
/** `limit` as yente bounds it. */
export const MAX_MATCH_LIMIT = 500;
export const DEFAULT_MATCH_LIMIT = 5;
/** yente's default `threshold`. */
export const DEFAULT_MATCH_THRESHOLD = 0.7;
/** `exclude_entity_ids` as yente bounds it. */
export const MAX_EXCLUDED_IDS = 50;
/** Values of one property of a query entity, and properties of one query. */
export const MAX_PROPERTY_VALUES = 20;
export const MAX_PROPERTIES = 50;

/**
 * The FtM schemata a query may name, and which designations each can match: a `Person` query is
 * screened as a person and matches persons; `LegalEntity` (the parent of persons and organisations in
 * FtM) matches both; `Company` is an `Organization` here, since the lists do not tell them apart.
 */
export const matchableSchemata = {
  Person: { kind: "person", matches: ["Person"] },
  LegalEntity: { kind: undefined, matches: ["Person", "Organization"] },
  Organization: { kind: "entity", matches: ["Organization"] },
  Company: { kind: "entity", matches: ["Organization"] },
  PublicBody: { kind: "entity", matches: ["Organization"] },
  Vessel: { kind: "vessel", matches: ["Vessel"] },
  Airplane: { kind: "entity", matches: ["Airplane", "Organization"] },
} as const satisfies Record<
  string,
  { kind: "person" | "entity" | "vessel" | undefined; matches: readonly string[] }
>;
export type MatchableSchema = keyof typeof matchableSchemata;

const propertyValue = z.union([
  z.string().max(MAX_NAME_LENGTH),
  z.number(),
  z.array(z.union([z.string().max(MAX_NAME_LENGTH), z.number()])).max(MAX_PROPERTY_VALUES),
]);

/** One query: an FtM entity example. */
export const EntityExample = z.object({
  id: z.string().max(MAX_ID_LENGTH).optional(),
  schema: z.string().min(1).max(MAX_CODE_LENGTH),
  properties: z
    .record(z.string().max(MAX_CODE_LENGTH), propertyValue)
    .refine((properties) => Object.keys(properties).length <= MAX_PROPERTIES, {
      message: `at most ${MAX_PROPERTIES} properties`,
    })
    .default({}),
});
export type EntityExample = z.infer<typeof EntityExample>;

/** The body of `POST /match/{dataset}`. */
export const MatchBody = z.object({
  queries: z
    .record(z.string().min(1).max(MAX_ID_LENGTH), EntityExample)
    .refine((queries) => Object.keys(queries).length <= MAX_MATCH_QUERIES, {
      message: `at most ${MAX_MATCH_QUERIES} queries per request`,
    }),
  weights: z.record(z.string().max(MAX_CODE_LENGTH), z.number()).optional(),
  config: z.record(z.string().max(MAX_CODE_LENGTH), z.unknown()).optional(),
});
export type MatchBody = z.infer<typeof MatchBody>;

/** The query parameters of `/match`, after defaults and bounds. */
export interface MatchParams {
  readonly limit: number;
  readonly threshold: number;
  readonly cutoff: number;
  readonly algorithm: string;
  readonly includeDatasets: readonly string[];
  readonly excludeDatasets: readonly string[];
  readonly excludeSchemata: readonly string[];
  readonly excludeEntityIds: readonly string[];
  readonly topics: readonly string[];
  readonly changedSince?: string;
}

/** A request yente would refuse: answered 400 (or 404) with `{"detail": …}` as yente does. */
export class YenteRequestError extends Error {
  override readonly name = "YenteRequestError";
  constructor(
    readonly status: 400 | 404,
    /** The parameter or field at fault. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Every value of an FtM property as strings (yente accepts a string or a list). */
export function propertyValues(example: EntityExample, property: string): string[] {
  const value = example.properties[property];
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  return values.map((item) => String(item).trim()).filter((item) => item !== "");
}
