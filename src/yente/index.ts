/**
 * @module yente
 * A yente-compatible face of the screener: `POST /match/{dataset}`, `GET /search/{dataset}`,
 * `GET /entities/{id}`, `GET /catalog`, `GET /algorithms`, so that a client written for OpenSanctions'
 * yente points at this service unchanged. The datasets are the imported list snapshots.
 */
export {
  catalogOf,
  COLLECTIONS,
  datasetName,
  entityId,
  indexEntities,
  type EntityIndex,
  type FtmEntity,
  type YenteDataset,
} from "./catalog.js";
export {
  DEFAULT_MATCH_LIMIT,
  DEFAULT_MATCH_THRESHOLD,
  EntityExample,
  MatchBody,
  MAX_MATCH_LIMIT,
  MAX_MATCH_QUERIES,
  YenteRequestError,
  type MatchParams,
} from "./contract.js";
export {
  ALGORITHM,
  algorithmsResponse,
  matchParams,
  matchResponse,
  searchResponse,
  type MatchResult,
} from "./match.js";
