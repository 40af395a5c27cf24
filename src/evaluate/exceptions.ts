/**
 * @module evaluate/exceptions
 * Which of a measure's exceptions and transition windows an activity's facts meet. An exception's
 * conditions are a conjunction of facts; a fact not given makes the exception "possible", never applied.
 * Read by `decide.ts` for every engaged measure and by `parties.ts` for the asset freeze's carve-outs.
 */
import type { Activity } from "../model/activity.js";
import { compareDates } from "../model/dates.js";
import {
  activityFacts,
  conditionKeys,
  type ExceptionConditions,
  type FactDefinition,
} from "../model/facts.js";
import type { CompiledException, CompiledWindow } from "../model/regime.js";

type ConditionResult = { holds: true } | { holds: false; failed: boolean; missing: string[] };

/**
 * Whether the activity's facts meet an exception's conditions; `missing` names facts not given. Each
 * condition compares its fact as the facts registry says (`model/facts.ts`); a fact the activity's type
 * does not carry is not given.
 */
export function meets(activity: Activity, when: ExceptionConditions, adopted: string): ConditionResult {
  const missing: string[] = [];
  let failed = false;
  const facts = activity as unknown as Readonly<Record<string, unknown>>;
  const conditions = when as Readonly<Record<string, unknown>>;
  for (const { key, fact, compare } of conditionKeys) {
    const condition = conditions[key];
    if (condition === undefined) continue;
    const given = facts[fact];
    if (given === undefined) {
      const stand: FactDefinition["givenBy"] = (activityFacts[fact] as FactDefinition).givenBy;
      // Another fact that stands for this one (an exemption reference for the approval it records).
      if (compare === "true" && stand !== undefined && facts[stand] !== undefined) continue;
      if (!missing.includes(fact)) missing.push(fact);
      continue;
    }
    switch (compare) {
      case "one-of":
      case "none-of": {
        const hit = (condition as readonly unknown[]).some((value) => sameValue(value, given));
        if (compare === "one-of" ? !hit : hit) failed = true;
        break;
      }
      case "true":
        if (given !== true) failed = true;
        break;
      case "before-adoption":
        if (typeof given !== "string" || compareDates(given, adopted) >= 0) failed = true;
        break;
    }
  }
  return !failed && missing.length === 0 ? { holds: true } : { holds: false, failed, missing };
}

/** A listed value and a fact's value are the same, letter case aside ("Rajin" is the port "rajin"). */
function sameValue(listed: unknown, given: unknown): boolean {
  return typeof listed === "string" && typeof given === "string"
    ? listed.toLowerCase() === given.toLowerCase()
    : listed === given;
}

/** The exceptions that apply (graded: an overridden one gives way), and those a missing fact could apply. */
export function applicableExceptions(
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

/** The open window that covers the activity, or one that would if its contract date were given. */
export function applicableWindow(
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
