/**
 * @module regime
 * Load, validate and query a regime package: the state at a date, one measure's history, the timeline
 * of changes between two dates.
 *
 * @example
 * const { regime, issues } = await loadRegime(defaultRegimeDir);
 * if (regime) console.log(stateAt(regime, "2019-12-17").measures.map((m) => `${m.id} ${m.citation}`));
 */
export { loadRegime, type LoadResult, type LoadOptions } from "./load.js";
export {
  canonicalJson,
  compileRegimeFiles,
  contentHash,
  readRegimeFiles,
  textsVersionOf,
  versionOfFiles,
  type RegimeFiles,
} from "./files.js";
export {
  compileRegime,
  citationOf,
  conditionsCompatible,
  type OfficialTexts,
  type RegimeSources,
  type CompileResult,
} from "./compile.js";
export { parseRegimeYaml, readRegimeYaml, type ReadResult } from "./read.js";
export {
  stateAt,
  stateChanges,
  measureInForce,
  versionAt,
  type MeasureInForce,
  type RegimeState,
  type StateOptions,
} from "./state.js";
export { timeline, type Timeline, type RegimeChange, type ChangeKind } from "./timeline.js";
export { commitmentsTriggered } from "./commitments.js";
export { citationView, stateView, measureView, measureInForceView } from "./views.js";
export { checkStateCase, stateCase, stateCaseFile, type StateCase } from "./cases.js";
