/**
 * @module goods
 * HS goods codes: normalisation, editions, scope matching across HS 2017 / HS 2022 (with the shipped
 * edition-moves table), and user-imported nomenclatures for labels and valid codes.
 */
export { MAX_HS_DIGITS, MIN_HS_DIGITS, normaliseHsCode, parseHsCode, type HsCodeParse } from "./code.js";
export {
  editionForDate,
  editionOf,
  HS2022_IN_FORCE,
  HS_EDITIONS,
  otherEdition,
  parseEdition,
  type HsEdition,
} from "./edition.js";
export { GoodsError, type GoodsErrorCode, type GoodsErrorInfo } from "./errors.js";
export { counterparts, editionMovesTable, type Counterparts } from "./moves.js";
export {
  deriveEditionMoves,
  type EditionMove,
  type EditionMovesTable,
  type HsRelationship,
} from "./moves-derive.js";
export {
  checkCode,
  importNomenclature,
  loadNomenclatures,
  nomenclaturePath,
  readNomenclatureCsv,
  type CodeCheck,
  type ImportOptions,
  type ImportResult,
  type Nomenclature,
  type NomenclatureReadOptions,
  type Nomenclatures,
} from "./nomenclature.js";
export { matchScope, type CounterpartMatch, type ScopeMatch, type ScopeResult } from "./scope.js";
