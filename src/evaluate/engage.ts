/**
 * @module evaluate/engage
 * Whether a measure reaches an activity at all, before anything is decided: the activity's type, its
 * flow to or from the target State, the goods scope (by code, edition, description, value), the fact a
 * measure turns on (`requires`), and whether the activity has any link to the target. A measure that
 * does not engage gives no reason; one that does goes to `decide.ts`.
 */
import { counterparts, editionForDate, type HsEdition } from "../goods/index.js";
import type { Activity, GoodsActivity } from "../model/activity.js";
import type { CompiledRegime } from "../model/regime.js";
import type { MeasureInForce } from "../regime/index.js";
import { matchGoods, mayMatchGoods, type DeclaredGoods, type GoodsMatch } from "./goods-scope.js";

/** How a measure engaged the activity. */
export interface Engagement {
  /** How the goods matched, for goods activities. */
  readonly goods?: GoodsMatch;
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

/** The goods as declared, with the code's counterparts in the edition the regime's scopes are written in. */
export function declaredGoods(activity: GoodsActivity, regime: CompiledRegime): DeclaredGoods {
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

/** How `measure` engages the activity, or undefined when it does not. */
export function engages(
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
export function requirementOf(activity: Activity, measure: MeasureInForce): "met" | "not-met" | "unknown" {
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

/** Whether the activity has any link to the target State: a party, the flag, the flow or a nationality. */
export function hasNexus(activity: Activity, target: string): boolean {
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
