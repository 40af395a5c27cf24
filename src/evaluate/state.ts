/**
 * @module evaluate/state
 * The state of the regime as the evaluator reads it, built once per interval of dates rather than once
 * per activity: a batch of a million rows meets a few hundred intervals. Per state, the measures that
 * can decide each activity type, the goods measures per HS chapter and the asset freeze are picked out
 * on first use, so that each row tries only the measures that can engage it.
 */
import type { Activity } from "../model/activity.js";
import type { CompiledRegime } from "../model/regime.js";
import { stateAt, stateChanges, type MeasureInForce } from "../regime/index.js";
import { mayMatchChapter } from "./goods-scope.js";

/** The measures in force on a date, with those that can decide each activity type picked out once. */
export interface StateForEvaluation {
  readonly measures: readonly MeasureInForce[];
  /** Per activity type: the deciding measures whose scope names the type, in the order of `measures`. */
  readonly deciding: Map<Activity["type"], readonly MeasureInForce[]>;
  /**
   * Per chapter key (see `sharedChapter`): the deciding goods measures whose scope can match goods of
   * that chapter, in the order of `measures`. The others would answer "out" (see `mayMatchChapter`).
   */
  readonly goodsByChapter: Map<number, readonly MeasureInForce[]>;
  /** The id of the regime's asset freeze, as its `regime.yaml` names it. */
  readonly assetFreeze: string | undefined;
  /** The asset freeze in force, looked up once (see {@link assetFreezeOf}). */
  freeze?: MeasureInForce | null;
}

/** Modalities that decide an activity; the others (obligations on States only, statements) are cited in state queries. */
// An exhortation decides nothing, but engages: it gives its notice (`decide.ts`).
const deciding = new Set(["prohibition", "restriction", "cap", "notification", "obligation", "exhortation"]);

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** The state on one date, not cached (for a single evaluation). */
export function stateOn(regime: CompiledRegime, date: string): StateForEvaluation {
  return forEvaluation(stateAt(regime, date).measures, regime.assetFreeze);
}

/** A function from a date to the state of the regime on it, cached per interval between changes. */
export function stateCache(regime: CompiledRegime): (date: string) => StateForEvaluation {
  // The state of the regime only changes on the dates `stateChanges` lists: every date between two of
  // them has the same measures in force, with the same versions, exceptions and open windows. So the
  // state is built once per interval (a few hundred in all), not once per distinct date of the batch.
  const changes = stateChanges(regime);
  const byInterval = new Map<number, StateForEvaluation>();
  const byDate = new Map<string, StateForEvaluation>();
  return (date) => {
    if (changes && isoDate.test(date)) {
      const interval = intervalOf(changes, date);
      let state = byInterval.get(interval);
      if (!state) {
        state = stateOn(regime, date);
        byInterval.set(interval, state);
      }
      return state;
    }
    let state = byDate.get(date);
    if (!state) {
      state = stateOn(regime, date);
      // Batches repeat dates; bound the cache so that a file of random dates cannot grow it forever.
      if (byDate.size > 20_000) byDate.clear();
      byDate.set(date, state);
    }
    return state;
  };
}

/** How many of the (sorted) change dates are on or before `date`: the same number, the same state. */
function intervalOf(changes: readonly string[], date: string): number {
  let low = 0;
  let high = changes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((changes[middle] as string) <= date) low = middle + 1;
    else high = middle;
  }
  return low;
}

function forEvaluation(
  measures: readonly MeasureInForce[],
  assetFreeze: string | undefined,
): StateForEvaluation {
  return { measures, assetFreeze, deciding: new Map(), goodsByChapter: new Map() };
}

/** The deciding goods measures whose scope can match goods of the chapter `chapter`. */
export function goodsMeasuresFor(state: StateForEvaluation, chapter: number): readonly MeasureInForce[] {
  let list = state.goodsByChapter.get(chapter);
  if (!list) {
    list = decidingFor(state, "goods").filter(
      (measure) => measure.scope.goods !== undefined && mayMatchChapter(measure.scope.goods, chapter),
    );
    state.goodsByChapter.set(chapter, list);
  }
  return list;
}

/** The measures in force that can decide an activity of type `type`. */
export function decidingFor(state: StateForEvaluation, type: Activity["type"]): readonly MeasureInForce[] {
  let list = state.deciding.get(type);
  if (!list) {
    list = state.measures.filter(
      (measure) => deciding.has(measure.modality) && measure.scope.activities.includes(type),
    );
    state.deciding.set(type, list);
  }
  return list;
}

/** The asset freeze the regime names, when it is in force in this state. */
export function assetFreezeOf(state: StateForEvaluation): MeasureInForce | undefined {
  const id = state.assetFreeze;
  state.freeze ??=
    (id === undefined ? undefined : state.measures.find((measure) => measure.id === id)) ?? null;
  return state.freeze ?? undefined;
}
