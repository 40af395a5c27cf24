/**
 * @module evaluate/evaluate
 * The pure evaluation core: (activity, compiled regime, context) → verdict with reasons and citations.
 * No I/O: lists, ledgers and exemption records come in through the context.
 *
 * For each measure in force on the activity's date, it asks whether the measure engages the activity
 * (type, direction, scope), then what the measure's modality, exceptions and transition windows make of
 * it. Parties and vessels are screened against the lists. The most restrictive outcome wins; every
 * reason names its measure and paragraph.
 */
import { counterparts, editionForDate, type HsEdition } from "../goods/index.js";
import type { Activity, GoodsActivity } from "../model/activity.js";
import { compareDates } from "../model/dates.js";
import type { CompiledException, CompiledRegime, CompiledWindow } from "../model/regime.js";
import type { ExceptionConditions } from "../model/regime-schema.js";
import { outcomeRank, type Outcome, type Reason, type Verdict } from "../model/verdict.js";
import { stateAt, stateChanges, type MeasureInForce } from "../regime/index.js";
import type { EvaluationContext, PartyMatch, PartyQuery } from "./context.js";
import {
  matchGoods,
  mayMatchChapter,
  mayMatchGoods,
  sharedChapter,
  type DeclaredGoods,
} from "./goods-scope.js";

/** Evaluates activities against one regime and context, caching the state of the regime per date. */
export interface Evaluator {
  evaluate(activity: Activity): Verdict;
}

/** Modalities that decide an activity; the others (obligations on States only, statements) are cited in state queries. */
const deciding = new Set(["prohibition", "restriction", "cap", "notification", "obligation"]);

export function createEvaluator(regime: CompiledRegime, context: EvaluationContext = {}): Evaluator {
  // The state of the regime only changes on the dates `stateChanges` lists: every date between two of
  // them has the same measures in force, with the same versions, exceptions and open windows. So the
  // state is built once per interval (a few hundred in all), not once per distinct date of the batch.
  const changes = stateChanges(regime);
  const byInterval = new Map<number, StateForEvaluation>();
  const byDate = new Map<string, StateForEvaluation>();
  const stateFor = (date: string): StateForEvaluation => {
    if (changes && isoDate.test(date)) {
      const interval = intervalOf(changes, date);
      let state = byInterval.get(interval);
      if (!state) {
        state = forEvaluation(stateAt(regime, date).measures);
        byInterval.set(interval, state);
      }
      return state;
    }
    let state = byDate.get(date);
    if (!state) {
      state = forEvaluation(stateAt(regime, date).measures);
      // Batches repeat dates; bound the cache so that a file of random dates cannot grow it forever.
      if (byDate.size > 20_000) byDate.clear();
      byDate.set(date, state);
    }
    return state;
  };
  return { evaluate: (activity) => evaluateWith(activity, regime, context, stateFor(activity.date)) };
}

/** Evaluates one activity (builds the state of the regime for its date). */
export function evaluate(
  activity: Activity,
  regime: CompiledRegime,
  context: EvaluationContext = {},
): Verdict {
  return evaluateWith(activity, regime, context, forEvaluation(stateAt(regime, activity.date).measures));
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

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

/** The measures in force on a date, with those that can decide each activity type picked out once. */
interface StateForEvaluation {
  readonly measures: readonly MeasureInForce[];
  /** Per activity type: the deciding measures whose scope names the type, in the order of `measures`. */
  readonly deciding: Map<Activity["type"], readonly MeasureInForce[]>;
  /**
   * Per chapter key (see `sharedChapter`): the deciding goods measures whose scope can match goods of
   * that chapter, in the order of `measures`. The others would answer "out" (see `mayMatchChapter`).
   */
  readonly goodsByChapter: Map<number, readonly MeasureInForce[]>;
  /** The asset freeze in force, looked up once (see `partyReasons`). */
  freeze?: MeasureInForce | null;
}

function forEvaluation(measures: readonly MeasureInForce[]): StateForEvaluation {
  return { measures, deciding: new Map(), goodsByChapter: new Map() };
}

function goodsMeasuresFor(state: StateForEvaluation, chapter: number): readonly MeasureInForce[] {
  let list = state.goodsByChapter.get(chapter);
  if (!list) {
    list = decidingFor(state, "goods").filter(
      (measure) => measure.scope.goods !== undefined && mayMatchChapter(measure.scope.goods, chapter),
    );
    state.goodsByChapter.set(chapter, list);
  }
  return list;
}

function decidingFor(state: StateForEvaluation, type: Activity["type"]): readonly MeasureInForce[] {
  let list = state.deciding.get(type);
  if (!list) {
    list = state.measures.filter(
      (measure) => deciding.has(measure.modality) && measure.scope.activities.includes(type),
    );
    state.deciding.set(type, list);
  }
  return list;
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
    // An applicable exception decides even when the fact the measure turns on is unknown.
    const excepted = applicableExceptions(activity, measure.exceptions).applying.length > 0;
    if (requirement === "unknown" && measure.scope.requires && !excepted) {
      reasons.push({
        code: "measure_condition_unknown",
        measure: measure.id,
        citation: measure.citation,
        verified: measure.verified,
        outcome: "review",
        text: `${measure.title}: prohibited if ${measure.scope.requires.text}; give ${measure.scope.requires.fact} to decide`,
        detail: { fact: measure.scope.requires.fact },
      });
      continue;
    }
    reasons.push(...decide(activity, measure, engagement, context));
  }

  reasons.push(...partyReasons(screening, state, activity));
  if (engaged === 0 && screening.hits.length === 0 && !restricts(reasons)) {
    reasons.push(
      hasNexus(activity, target)
        ? {
            code: "no_measure_applies",
            measure: null,
            citation: null,
            verified: true,
            outcome: "permitted",
            text: `${measures.length} measures were in force on ${activity.date}; none engages this ${label(activity)}`,
            detail: { inForce: measures.length },
          }
        : {
            code: "no_target_nexus",
            measure: null,
            citation: null,
            verified: true,
            outcome: "permitted",
            text: `no link to ${target}: neither from, to, origin, flag nor nationality is ${target}`,
          },
    );
  }

  let verdict: Outcome = "permitted";
  for (const reason of reasons)
    if (outcomeRank[reason.outcome] > outcomeRank[verdict]) verdict = reason.outcome;
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

// --- engagement --------------------------------------------------------------------------------

interface Engagement {
  /** How the goods matched, for goods activities. */
  readonly goods?: ReturnType<typeof matchGoods>;
}

// Counterparts of a code in the scopes' edition: a pure function of the editions and the code's first six
// digits (all `counterparts` reads), looked up in the correlation tables; batches repeat subheadings.
// Bounded like the state cache.
const counterpartCache = new Map<string, readonly string[]>();

function counterpartsOf(code: string, from: HsEdition, to: HsEdition): readonly string[] {
  const key = `${from}>${to}:${code.slice(0, 6)}`;
  let codes = counterpartCache.get(key);
  if (!codes) {
    codes = counterparts(code, from, to).codes;
    if (counterpartCache.size > 20_000) counterpartCache.clear();
    counterpartCache.set(key, codes);
  }
  return codes;
}

function declaredGoods(activity: GoodsActivity, regime: CompiledRegime): DeclaredGoods {
  const edition = activity.hsEdition ?? editionForDate(activity.date);
  const crossEdition = edition !== regime.scopeEdition;
  return {
    code: activity.hs,
    counterparts: crossEdition ? counterpartsOf(activity.hs, edition, regime.scopeEdition) : [activity.hs],
    edition,
    crossEdition,
    description: activity.description,
    value: activity.value,
    quantity: activity.quantity,
    currency: activity.currency,
  };
}

function flowMatches(
  direction: MeasureInForce["direction"],
  from: string | undefined,
  to: string | undefined,
  origin: string | undefined,
  target: string,
): boolean {
  const supply = to === target;
  const procurement = from === target || origin === target;
  switch (direction) {
    case "to-target":
      return supply;
    case "from-target":
      return procurement;
    case "both":
      return supply || procurement;
    case "none":
      return supply || procurement;
  }
}

function engages(
  activity: Activity,
  measure: MeasureInForce,
  target: string,
  goods: DeclaredGoods | undefined,
  designatedVessel: boolean,
  /** Set when `measure` was picked for the goods' chapter, so `mayMatchGoods` holds already. */
  chapter?: number,
): Engagement | undefined {
  const scope = measure.scope;
  switch (activity.type) {
    case "goods": {
      if (!scope.goods || !goods) return undefined;
      if (!flowMatches(measure.direction, activity.from, activity.to, activity.origin, target))
        return undefined;
      if (chapter === undefined && !mayMatchGoods(goods, scope.goods)) return undefined;
      const match = matchGoods(goods, scope.goods, lowerTitle(measure));
      return match.result === "out" ? undefined : { goods: match };
    }
    case "service": {
      if (!scope.services?.includes(activity.service)) return undefined;
      return flowMatches(measure.direction, activity.from, activity.to, undefined, target) ? {} : undefined;
    }
    case "payment": {
      if (!scope.payment?.instruments.includes(activity.instrument)) return undefined;
      const arrangement = activity.existing === true ? "existing" : "new";
      if (scope.payment.arrangements && !scope.payment.arrangements.includes(arrangement)) return undefined;
      return flowMatches(measure.direction, activity.from, activity.to, undefined, target) ? {} : undefined;
    }
    case "vessel": {
      const vessel = scope.vessel;
      if (!vessel?.actions.includes(activity.action)) return undefined;
      if (vessel.designatedOnly) return designatedVessel ? {} : undefined;
      if (vessel.flags) {
        return activity.vessel.flag !== undefined && vessel.flags.includes(activity.vessel.flag)
          ? {}
          : undefined;
      }
      // A one-way measure (leasing *to* the DPRK) turns on the flow; the flag matters only for the others.
      const oneWay = measure.direction === "to-target" || measure.direction === "from-target";
      const involved =
        flowMatches(measure.direction, activity.from, activity.to, undefined, target) ||
        (!oneWay && activity.vessel.flag === target);
      return involved ? {} : undefined;
    }
    case "employment": {
      const employment = scope.employment;
      if (employment?.nationality !== activity.nationality) return undefined;
      return employment.authorizations.includes(activity.newAuthorization ? "new" : "existing")
        ? {}
        : undefined;
    }
    case "joint_venture": {
      if (!scope.jointVenture?.actions.includes(activity.action)) return undefined;
      return activity.partnerCountry === target || activity.country === target ? {} : undefined;
    }
  }
}

const lowerTitles = new WeakMap<MeasureInForce, string>();

/** The measure's title in lower case, once per measure in force rather than once per row. */
function lowerTitle(measure: MeasureInForce): string {
  let lower = lowerTitles.get(measure);
  if (lower === undefined) {
    lower = measure.title.toLowerCase();
    lowerTitles.set(measure, lower);
  }
  return lower;
}

/** Whether the fact a measure turns on holds: stated true, stated false, or not given. */
function requirementOf(activity: Activity, measure: MeasureInForce): "met" | "not-met" | "unknown" {
  const requires = measure.scope.requires;
  if (!requires) return "met";
  const value =
    requires.fact === "refusedInspection"
      ? activity.type === "vessel"
        ? activity.refusedInspection
        : undefined
      : activity.suspect;
  return value === undefined ? "unknown" : value ? "met" : "not-met";
}

/** Whether any reason is more than "permitted" (a loop: this runs for every activity). */
function restricts(reasons: readonly Reason[]): boolean {
  for (const reason of reasons) if (outcomeRank[reason.outcome] > 0) return true;
  return false;
}

function hasNexus(activity: Activity, target: string): boolean {
  for (const party of activity.parties ?? [])
    if (party.country === target || party.nationality === target) return true;
  if (activity.vessel?.flag === target) return true;
  switch (activity.type) {
    case "goods":
      return activity.from === target || activity.to === target || activity.origin === target;
    case "service":
    case "payment":
      return activity.from === target || activity.to === target;
    case "vessel":
      return activity.from === target || activity.to === target;
    case "employment":
      return activity.nationality === target || activity.country === target;
    case "joint_venture":
      return activity.partnerCountry === target || activity.country === target;
  }
}

function label(activity: Activity): string {
  switch (activity.type) {
    case "goods":
      return `shipment of HS ${activity.hs} from ${activity.from} to ${activity.to}`;
    case "service":
      return `${activity.service} service from ${activity.from} to ${activity.to}`;
    case "payment":
      return `${activity.instrument} payment from ${activity.from} to ${activity.to}`;
    case "vessel":
      return `vessel operation (${activity.action})`;
    case "employment":
      return `employment of a ${activity.nationality} national in ${activity.country}`;
    case "joint_venture":
      return `joint venture (${activity.action}) with a ${activity.partnerCountry} partner`;
  }
}

// --- deciding one engaged measure -----------------------------------------------------------------

function decide(
  activity: Activity,
  measure: MeasureInForce,
  engagement: Engagement,
  context: EvaluationContext,
): Reason[] {
  const base = {
    measure: measure.id,
    citation: measure.citation,
    verified: measure.verified,
  };
  const reasons: Reason[] = [];
  const goodsMatch = engagement.goods;
  if (goodsMatch?.result === "undecided") {
    return [
      {
        ...base,
        code:
          goodsMatch.why === "edition"
            ? "hs_edition_straddles"
            : goodsMatch.why === "value"
              ? "value_threshold"
              : "goods_undecided",
        outcome: "review",
        text: `${measure.title}: ${goodsMatch.note}`,
        detail: { prefix: goodsMatch.prefix },
      },
    ];
  }
  if (goodsMatch?.result === "in" && goodsMatch.note) {
    reasons.push({
      ...base,
      code:
        goodsMatch.via === "value"
          ? "value_threshold"
          : goodsMatch.via === "code"
            ? "hs_edition_straddles"
            : "goods_by_description",
      outcome: "permitted",
      text: `${measure.title}: ${goodsMatch.note}`,
      detail: { prefix: goodsMatch.prefix },
    });
  }

  // Exceptions first: an applicable exception decides, whatever the modality.
  const exceptions = applicableExceptions(activity, measure.exceptions);
  if (exceptions.applying.length > 0) {
    for (const exception of exceptions.applying)
      reasons.push(exceptionReason(activity, measure, exception, context));
    return reasons;
  }

  const window = applicableWindow(activity, measure.openWindows);
  if (window.applies) {
    reasons.push({
      code: "window_applies",
      measure: measure.id,
      citation: window.applies.citation.text,
      verified: window.applies.verified,
      outcome: window.applies.outcome,
      text: `${measure.title}: ${window.applies.condition ?? window.applies.kind} (window open until ${window.applies.lastDay})`,
      detail: { window: window.applies.id, lastDay: window.applies.lastDay },
    });
    return reasons;
  }

  if (window.undecided && measure.modality !== "cap" && measure.modality !== "notification") {
    // Prohibited unless the contract predates adoption: the facts given cannot decide.
    reasons.push({
      code: "window_undecided",
      measure: measure.id,
      citation: window.undecided.citation.text,
      verified: window.undecided.verified && measure.verified,
      outcome: "review",
      text: `${measure.title}: prohibited, unless under a written contract concluded before ${window.undecided.citation.adopted}, which may be performed until ${window.undecided.lastDay}; give contractDate to decide`,
      detail: { window: window.undecided.id, lastDay: window.undecided.lastDay },
    });
    return reasons;
  }
  if (measure.modality === "cap") {
    reasons.push(...capReasons(activity, measure, context));
  } else if (measure.modality === "notification") {
    const days = measure.terms.noticeDaysBefore;
    reasons.push({
      ...base,
      code: "notification_required",
      outcome: "conditional",
      text: `${measure.title}: allowed only after notice to the Committee${days ? ` at least ${days} days before supply` : ""}`,
      ...(days ? { detail: { noticeDaysBefore: days } } : {}),
    });
  } else {
    // Prohibitions, restrictions (limited by their scope) and obligations that reach the activity.
    reasons.push({
      ...base,
      code: "measure_prohibits",
      outcome: "prohibited",
      text: `${measure.title}: ${measure.scope.text}`,
    });
  }
  for (const possible of exceptions.possible) {
    reasons.push({
      code: "exception_possible",
      measure: measure.id,
      citation: possible.exception.citation.text,
      verified: possible.exception.verified,
      outcome: "permitted",
      text: `${possible.exception.title} would apply if ${possible.missing.join(" and ")} were shown`,
      detail: { exception: possible.exception.id, missing: possible.missing },
    });
  }
  return reasons;
}

type ConditionResult = { holds: true } | { holds: false; failed: boolean; missing: string[] };

/** Whether the activity's facts meet an exception's conditions; `missing` names facts not given. */
function meets(activity: Activity, when: ExceptionConditions, adopted: string): ConditionResult {
  const missing: string[] = [];
  let failed = false;
  const check = (
    name: string,
    given: string | undefined,
    allowed: readonly string[] | undefined,
    negate = false,
  ): void => {
    if (!allowed) return;
    if (given === undefined) {
      missing.push(name);
      return;
    }
    const hit = allowed.some((value) => value.toLowerCase() === given.toLowerCase());
    if (negate ? hit : !hit) failed = true;
  };
  const origin =
    "origin" in activity ? (activity.origin ?? ("from" in activity ? activity.from : undefined)) : undefined;
  check("origin", origin, when.origin);
  check("origin", origin, when.originNot, true);
  check("port", "port" in activity ? activity.port : undefined, when.port);
  check("purpose", activity.purpose, when.purpose);
  check("endUse", activity.endUse, when.endUse);
  check("project", activity.project, when.project);
  check("workerStatus", "workerStatus" in activity ? activity.workerStatus : undefined, when.workerStatus);
  if (when.committeeApproval) {
    if (activity.committeeApproval === undefined && activity.exemption === undefined)
      missing.push("committeeApproval");
    else if (activity.committeeApproval === false) failed = true;
  }
  if (when.notified) {
    if (activity.notified === undefined) missing.push("notified");
    else if (!activity.notified) failed = true;
  }
  if (when.contractBeforeAdoption) {
    if (activity.contractDate === undefined) missing.push("contractDate");
    else if (compareDates(activity.contractDate, adopted) >= 0) failed = true;
  }
  return !failed && missing.length === 0 ? { holds: true } : { holds: false, failed, missing };
}

function applicableExceptions(
  activity: Activity,
  exceptions: readonly CompiledException[],
): { applying: CompiledException[]; possible: { exception: CompiledException; missing: string[] }[] } {
  const applying: CompiledException[] = [];
  const possible: { exception: CompiledException; missing: string[] }[] = [];
  for (const exception of exceptions) {
    const result = meets(activity, exception.when, exception.citation.adopted);
    if (result.holds) applying.push(exception);
    else if (!result.failed && !(result.missing.length === 1 && result.missing[0] === "committeeApproval")) {
      // A Committee approval could lift almost anything: only name it when the other facts are there.
      possible.push({ exception, missing: result.missing });
    }
  }
  // Graded exceptions: one that another applying exception overrides gives way.
  if (applying.length === 0) return { applying, possible };
  const overridden = new Set(
    applying.flatMap((exception) => (exception.overrides ? [exception.overrides] : [])),
  );
  return { applying: applying.filter((exception) => !overridden.has(exception.id)), possible };
}

function exceptionReason(
  activity: Activity,
  measure: MeasureInForce,
  exception: CompiledException,
  context: EvaluationContext,
): Reason {
  let outcome: Outcome = exception.outcome;
  let text = `${measure.title}: ${exception.title}${exception.condition ? ` — ${exception.condition}` : ""}`;
  const detail: Record<string, unknown> = { exception: exception.id };
  if (exception.when.committeeApproval) {
    const found = context.exemptions?.find(activity) ?? [];
    const valid = found.find((match) => match.applies);
    if (valid) {
      detail["exemption"] = valid.reference;
      text += ` (exemption ${valid.reference})`;
    } else if (found.length > 0) {
      return {
        code: "exemption_not_applicable",
        measure: measure.id,
        citation: measure.citation,
        verified: measure.verified,
        outcome: "prohibited",
        text: `${measure.title}: exemption ${found.map((match) => `${match.reference} (${match.reason ?? "does not apply"})`).join(", ")}`,
        detail: { exemptions: found.map((match) => match.reference) },
      };
    } else {
      // The approval is only claimed: the activity may go ahead only if it really was granted.
      outcome = "conditional";
      text += " — the Committee's approval is claimed, not checked against exemption records";
      detail["approval"] = "not-checked";
    }
  }
  return {
    code: "exception_applies",
    measure: measure.id,
    citation: exception.citation.text,
    verified: exception.verified && measure.verified,
    outcome,
    text,
    detail,
  };
}

function applicableWindow(
  activity: Activity,
  windows: readonly CompiledWindow[],
): { applies?: CompiledWindow; undecided?: CompiledWindow } {
  let undecided: CompiledWindow | undefined;
  for (const window of windows) {
    if (window.kind === "prior-contracts") {
      if (activity.contractDate === undefined) {
        undecided ??= window;
        continue;
      }
      if (compareDates(activity.contractDate, window.citation.adopted) < 0) return { applies: window };
      continue;
    }
    // Wind-down windows let existing arrangements go on until they must end.
    const applies = window.appliesTo ?? [];
    const existing =
      (activity.type === "employment" && !activity.newAuthorization) ||
      (activity.type === "payment" && activity.existing === true);
    const action = activity.type === "joint_venture" ? activity.action : undefined;
    if ((existing && applies.includes("existing")) || (action !== undefined && applies.includes(action))) {
      return { applies: window };
    }
  }
  return undecided ? { undecided } : {};
}

/** What a cap allows, in words; kept per cap, since number formatting through ICU is slow. */
const capLimitTexts = new WeakMap<NonNullable<MeasureInForce["cap"]>, string>();

function capLimitText(cap: NonNullable<MeasureInForce["cap"]>): string {
  let text = capLimitTexts.get(cap);
  if (text === undefined) {
    text = cap.baseline
      ? cap.baseline === "total-at-adoption"
        ? "each State's total on adoption"
        : "each State's level of the prior twelve months"
      : (cap.limits ?? [])
          .map((limit) => `${limit.amount.toLocaleString("en-US")} ${limit.unit}`)
          .join(" / ");
    capLimitTexts.set(cap, text);
  }
  return text;
}

function capReasons(activity: Activity, measure: MeasureInForce, context: EvaluationContext): Reason[] {
  const base = { measure: measure.id, citation: measure.citation, verified: measure.verified };
  const cap = measure.cap;
  const what = cap ? capLimitText(cap) : "";
  const reasons: Reason[] = [
    {
      ...base,
      code: "cap_applies",
      outcome: "conditional",
      text: `${measure.title}: allowed within the cap (${what})${cap?.reportEveryDays ? `, reported to the Committee every ${cap.reportEveryDays} days` : ""}${cap?.note ? `; ${cap.note}` : ""}`,
      detail: { cap },
    },
  ];
  if (cap?.basis !== "aggregate") return reasons;
  if (!context.caps) {
    reasons.push({
      ...base,
      code: "cap_not_checked",
      outcome: "conditional",
      text: `${measure.title}: no delivery ledger was given, so the headroom under the cap was not checked`,
    });
    return reasons;
  }
  const quantity = activity.type === "goods" ? activity.quantity : undefined;
  const unit = activity.type === "goods" ? activity.unit : undefined;
  const check = context.caps.check(measure.id, activity.date, quantity, unit);
  if (check.status === "exceeds") {
    reasons.push({
      ...base,
      code: "cap_exceeded",
      outcome: "prohibited",
      text: `${measure.title}: this delivery would exceed the cap${check.note ? ` (${check.note})` : ""}`,
      detail: { ...check },
    });
  } else if (check.status === "within") {
    reasons.push({
      ...base,
      code: "cap_headroom",
      outcome: "conditional",
      text: `${measure.title}: within the cap${check.note ? ` (${check.note})` : ""}`,
      detail: { ...check },
    });
  } else {
    reasons.push({
      ...base,
      code: "cap_not_checked",
      outcome: "conditional",
      text: `${measure.title}: ${check.note ?? "the headroom could not be checked"}`,
    });
  }
  return reasons;
}

// --- parties -----------------------------------------------------------------------------------

interface PartyScreening {
  readonly hits: readonly { query: PartyQuery; match: PartyMatch }[];
  readonly designatedVessel: boolean;
  readonly unscreened: number;
}

function screenParties(activity: Activity, context: EvaluationContext): PartyScreening {
  const vessel = activity.vessel;
  if (!context.screener) {
    // Nothing to screen against: only the count of queries (below) is reported, so skip building them.
    const vesselQueries = vessel && (vessel.name ?? vessel.imo) ? 1 : 0;
    return { hits: [], designatedVessel: false, unscreened: (activity.parties?.length ?? 0) + vesselQueries };
  }
  const queries: PartyQuery[] = (activity.parties ?? []).map((party) => {
    const nationality = party.nationality ?? party.country;
    return {
      name: party.name,
      ...(party.kind ? { kind: party.kind } : {}),
      ...(party.dob ? { dob: party.dob } : {}),
      ...(nationality ? { nationality } : {}),
      ...(party.imo ? { imo: party.imo } : {}),
      ...(party.passport ? { passport: party.passport } : {}),
    };
  });
  const vesselQuery: PartyQuery | undefined =
    vessel && (vessel.name ?? vessel.imo)
      ? {
          name: vessel.name ?? `IMO ${vessel.imo ?? ""}`,
          kind: "vessel",
          ...(vessel.imo ? { imo: vessel.imo } : {}),
        }
      : undefined;
  const all = vesselQuery ? [...queries, vesselQuery] : queries;
  const hits: { query: PartyQuery; match: PartyMatch }[] = [];
  let designatedVessel = false;
  for (const query of all) {
    const matches = context.screener.screen(query);
    const best = matches[0];
    if (!best) continue;
    hits.push({ query, match: best });
    if (query === vesselQuery && best.band === "alert") designatedVessel = true;
  }
  return { hits, designatedVessel, unscreened: 0 };
}

function partyReasons(screening: PartyScreening, state: StateForEvaluation, activity: Activity): Reason[] {
  const reasons: Reason[] = [];
  if (screening.unscreened === 0 && screening.hits.length === 0) return reasons;
  if (screening.unscreened > 0) {
    reasons.push({
      code: "parties_not_screened",
      measure: null,
      citation: null,
      verified: true,
      outcome: "review",
      text: `${screening.unscreened} part${screening.unscreened === 1 ? "y was" : "ies were"} given but no sanctions list is loaded to screen them (sanctions lists import)`,
    });
  }
  const measures = state.measures;
  state.freeze ??=
    measures.find((measure) => measure.id === `${measures[0]?.id.slice(0, 2) ?? "KP"}-TGT-ASSETFREEZE`) ??
    null;
  const freeze = state.freeze ?? undefined;
  for (const { query, match } of screening.hits) {
    const who = `${query.name} matches ${match.name} (${match.ref}, ${match.list}, score ${match.score.toFixed(2)})`;
    if (match.band === "review") {
      reasons.push({
        code: "party_near_match",
        measure: freeze?.id ?? null,
        citation: freeze?.citation ?? null,
        verified: freeze?.verified ?? true,
        outcome: "review",
        text: `near match: ${who}; a person must confirm or dismiss it`,
        detail: { ref: match.ref, list: match.list, score: match.score, explanation: match.explanation },
      });
      continue;
    }
    const carveOut = freeze?.exceptions.find(
      (exception) => meets(activity, exception.when, exception.citation.adopted).holds,
    );
    if (freeze && carveOut) {
      reasons.push({
        code: "exception_applies",
        measure: freeze.id,
        citation: carveOut.citation.text,
        verified: carveOut.verified,
        outcome: carveOut.outcome,
        text: `designated party (${who}), but ${carveOut.title}`,
        detail: { ref: match.ref, exception: carveOut.id },
      });
      continue;
    }
    reasons.push({
      code: "party_designated",
      measure: freeze?.id ?? null,
      citation: freeze?.citation ?? null,
      verified: freeze?.verified ?? true,
      outcome: freeze ? "prohibited" : "review",
      text: freeze
        ? `designated: ${who}; the asset freeze applies`
        : `listed: ${who}; no asset freeze of this regime was in force on ${activity.date}`,
      detail: { ref: match.ref, list: match.list, score: match.score, explanation: match.explanation },
    });
  }
  return reasons;
}

// --- goods codes -------------------------------------------------------------------------------

function nomenclatureReasons(
  activity: GoodsActivity,
  goods: DeclaredGoods,
  context: EvaluationContext,
): Reason[] {
  const nomenclature = context.nomenclatures?.[goods.edition];
  if (!nomenclature) {
    return [
      {
        code: "hs_form_only",
        measure: null,
        citation: null,
        verified: true,
        outcome: "permitted",
        text: `HS ${activity.hs} (${goods.edition}) was checked by form only: no ${goods.edition} nomenclature is imported (sanctions hs import)`,
      },
    ];
  }
  const six = activity.hs.slice(0, Math.min(6, activity.hs.length - (activity.hs.length % 2)));
  if (nomenclature.has(six)) return [];
  return [
    {
      code: "hs_not_in_nomenclature",
      measure: null,
      citation: null,
      verified: true,
      outcome: "review",
      text: `HS ${six} is not a code of ${goods.edition}`,
    },
  ];
}
