/**
 * @module texts
 * The Security Council's own words. Every answer of the engine rests on a citation (`S/RES/2397
 * (2017) OP8`); this module reads the UN's Akoma Ntoso texts of the resolutions so that a citation can
 * be opened, its paragraph read, and its verb weighed: only a decision binds, an exhortation does not.
 */
export { normalise, readResolutionText } from "./akn.js";
export { isTextError, TextError, type TextErrorCode } from "./errors.js";
export {
  findParagraph,
  findResolution,
  readResolutionFolder,
  symbolMatches,
  type TextLibrary,
} from "./library.js";
export type { OperativeParagraph, PreambleParagraph, ResolutionText, SubParagraph } from "./model.js";
export { forceOf, type Verb, type VerbForce } from "./verbs.js";
