/**
 * @module evaluate/evaluate
 * The pure evaluation core: (activity, compiled regime, context) → verdict with reasons and citations.
 * No I/O: lists, ledgers and exemption records come in through the context.
 *
 * For each measure in force on the activity's date, it asks whether the measure engages the activity
 * (type, direction, scope: `engage.ts`), then what the measure's modality, exceptions and transition
 * windows make of it (`decide.ts`, `caps.ts`). Parties and vessels are screened against the lists
 * (`parties.ts`), HS codes against the nomenclature (`nomenclature.ts`). The most restrictive outcome
 * wins; every reason names its measure and paragraph, and is worded in `reasons.ts`.
 */
import type { Activity } from "../model/activity.js";
import {
  outcomeRank,
  type ActivitySummary,
  type Outcome,
  type Reason,
  type Verdict,
} from "../model/contract.js";
import type { CompiledRegime } from "../model/regime.js";
import type { EvaluationContext } from "./context.js";
import { decide } from "./decide.js";
import { declaredGoods, engages, hasNexus, requirementOf } from "./engage.js";
import { applicableExceptions } from "./exceptions.js";
import { sharedChapter } from "./goods-scope.js";
import { nomenclatureReasons } from "./nomenclature.js";
import { partyReasons, screenParties } from "./parties.js";
import { reason } from "./reasons.js";
import { decidingFor, goodsMeasuresFor, stateCache, stateOn, type StateForEvaluation } from "./state.js";

/** Evaluates activities against one regime and context, caching the state of the regime per date. */
export interface Evaluator {
  evaluate(activity: Activity): Verdict;
}

export function createEvaluator(regime: CompiledRegime, context: EvaluationContext = {}): Evaluator {
  const stateFor = stateCache(regime);
  return { evaluate: (activity) => evaluateWith(activity, regime, context, stateFor(activity.date)) };
}

/** Evaluates one activity (builds the state of the regime for its date). */
export function evaluate(
  activity: Activity,
  regime: CompiledRegime,
  context: EvaluationContext = {},
): Verdict {
  return evaluateWith(activity, regime, context, stateOn(regime, activity.date));
}

function evaluateWith(
  activity: Activity,
  regime: CompiledRegime,
  context: EvaluationContext,
  state: StateForEvaluation,
): Verdict {
  const measures = state.measures;
  const target = regime.target;
  const reasons: Reason[] = [];
  const goods = activity.type === "goods" ? declaredGoods(activity, regime) : undefined;
  if (activity.type === "goods" && goods) reasons.push(...nomenclatureReasons(activity, goods, context));

  const screening = screenParties(activity, context);
  let engaged = 0;
  // Goods whose counterparts share a chapter meet only the measures that can match that chapter.
  const chapter = goods ? sharedChapter(goods) : undefined;
  const candidates =
    chapter === undefined ? decidingFor(state, activity.type) : goodsMeasuresFor(state, chapter);
  for (const measure of candidates) {
    const engagement = engages(activity, measure, target, goods, screening.designatedVessel, chapter);
    if (!engagement) continue;
    const requirement = requirementOf(activity, measure);
    if (requirement === "not-met") continue;
    engaged++;
    // An applicable exception decides even when the fact the measure turns on is unknown. An
    // exhortation gives its notice whatever the fact: it could not prohibit either way.
    const requires = measure.scope.requires;
    if (requirement === "unknown" && requires && measure.modality !== "exhortation") {
      const excepted = applicableExceptions(activity, measure.exceptions).applying.length > 0;
      if (!excepted) {
        reasons.push(
          reason("measure_condition_unknown", measure.id, measure.citations[0], measure.verified, "review", {
            title: measure.title,
            fact: requires.fact,
            condition: requires.text,
          }),
        );
        continue;
      }
    }
    reasons.push(...decide(activity, measure, engagement, context));
  }

  reasons.push(...partyReasons(screening, state, activity));
  // A hit closed by an analyst's decision is said, but does not stand for a measure that applies.
  if (engaged === 0 && screening.open === 0 && !restricts(reasons)) {
    reasons.push(
      hasNexus(activity, target)
        ? reason("no_measure_applies", null, null, true, "permitted", {
            inForce: measures.length,
            date: activity.date,
            activity: summaryOf(activity),
          })
        : reason("no_target_nexus", null, null, true, "permitted", { target }),
    );
  }

  let verdict: Outcome = "permitted";
  for (const one of reasons) if (outcomeRank[one.outcome] > outcomeRank[verdict]) verdict = one.outcome;
  return {
    id: activity.id,
    verdict,
    reasons,
    regimeVersion: regime.version,
    listSnapshot:
      context.screener && context.screener.snapshotIds.length > 0
        ? context.screener.snapshotIds.join(",")
        : null,
  };
}

/** Whether any reason is more than "permitted" (a loop: this runs for every activity). */
function restricts(reasons: readonly Reason[]): boolean {
  for (const one of reasons) if (outcomeRank[one.outcome] > 0) return true;
  return false;
}

/** The facts `no_measure_applies` names the activity by. */
function summaryOf(activity: Activity): ActivitySummary {
  switch (activity.type) {
    case "goods":
      return { type: "goods", hs: activity.hs, from: activity.from, to: activity.to };
    case "service":
      return { type: "service", service: activity.service, from: activity.from, to: activity.to };
    case "payment":
      return { type: "payment", instrument: activity.instrument, from: activity.from, to: activity.to };
    case "vessel":
      return { type: "vessel", action: activity.action };
    case "employment":
      return { type: "employment", nationality: activity.nationality, country: activity.country };
    case "joint_venture":
      return { type: "joint_venture", action: activity.action, partnerCountry: activity.partnerCountry };
  }
}
