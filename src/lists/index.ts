/**
 * @module lists
 * Sanctions list sources and their versioned snapshots. The one public entry of `src/lists/`.
 */
export { ListError, isListError, type ListErrorCode } from "./errors.js";
export { type ListInput, type ReadOptions } from "./input.js";
export { isValidImo, normaliseImo } from "./imo.js";
export { countryCode } from "./countries.js";
export { parseUnConsolidatedXml, UN_CONSOLIDATED_URL, UN_LIST, type UnListResult } from "./un.js";
