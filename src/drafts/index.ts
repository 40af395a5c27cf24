/**
 * @module drafts
 * Draft resolutions as patches over the regime: read a draft, apply it at a date, and say what it would
 * change — the legal diff (measures lifted, suspended, eased, tightened, added, with before and after)
 * and, given activities, which verdicts would change.
 *
 * @example
 * const { draft } = await readDraft("regime/dprk/drafts/cn-ru-2019.yaml");
 * const diff = await diffDraft(defaultRegimeDir, draft, { at: "2019-12-17" });
 * // diff.changes: KP-EXP-SEAFOOD lifted, KP-FIN-JV eased, ...
 */
export { readDraft, findDraft, listDrafts, type DraftRead } from "./read.js";
export { readDraftCatalogue, type DraftCatalogue } from "./catalogue.js";
export {
  DraftDetail,
  DraftSummary,
  DraftOperation,
  RecordedVoteView,
  VoteValue,
  type DraftSummaryView,
  type DraftView,
  type OperationView,
  type ScenarioView,
  type VoteView,
} from "./views.js";
export {
  diffDraft,
  diffVerdicts,
  type DraftDiff,
  type MeasureChange,
  type MeasureChangeKind,
  type VerdictDiff,
  type VerdictChange,
} from "./diff.js";
