/**
 * @module texts
 * The Security Council's own words. Every answer of the engine rests on a citation (`S/RES/2397
 * (2017) OP8`); this module reads the UN's Akoma Ntoso texts of the resolutions so that a citation can
 * be opened, its paragraph read, and its verb weighed: only a decision binds, an exhortation does not.
 */
export { normalise, readResolutionText, TEXT_READER_VERSION } from "./akn.js";
export { isTextError, TextError, type TextErrorCode } from "./errors.js";
export {
  annexLabel,
  findAnnex,
  findAnnexOrNone,
  findParagraph,
  findResolution,
  findResolutionOrNone,
  readResolutionFolder,
  symbolMatches,
  type TextLibrary,
} from "./library.js";
export type { Annex, OperativeParagraph, PreambleParagraph, ResolutionText, SubParagraph } from "./model.js";
export { forceOf, type Verb, type VerbForce } from "./verbs.js";
export {
  importTexts,
  type ImportTextsOptions,
  type TextImportEntry,
  type TextImportResult,
  type TextImportStatus,
  type TextImportTarget,
} from "./import.js";
export {
  fixedTexts,
  loadOfficialTexts,
  NO_OFFICIAL_TEXTS,
  reloadingTexts,
  textsOfFiles,
  textsVersionOf,
  type OfficialTexts,
  type OfficialTextSource,
  type OfficialTextStore,
} from "./source.js";
export {
  FETCH_TIMEOUT_MS,
  isUrl,
  MAX_TEXT_BYTES,
  readTextSource,
  type TextFile,
  type TextFileFailure,
  type TextSourceRead,
} from "./sources.js";
export {
  annexView,
  AnnexViewSchema,
  MAX_PARAGRAPH_QUERY,
  paragraphView,
  ParagraphViewSchema,
  parseParagraphQuery,
  resolutionView,
  ResolutionViewSchema,
  TextsListSchema,
  TextSummarySchema,
  type AnnexView,
  type ParagraphQuery,
  type ParagraphView,
  type ResolutionView,
  type TextsList,
  type TextSummary,
} from "./views.js";
export { anchorFound, verifyCitation, type Verification, type VerificationStatus } from "./verify.js";
