/**
 * @module evaluate/exceptions
 * Which of a measure's exceptions and transition windows an activity's facts meet. An exception's
 * conditions are a conjunction of facts; a fact not given makes the exception "possible", never applied.
 * Read by `decide.ts` for every engaged measure and by `parties.ts` for the asset freeze's carve-outs.
 */
import type { Activity } from "../model/activity.js";
import { compareDates } from "../model/dates.js";
import type { CompiledException, CompiledWindow } from "../model/regime.js";
import type { ExceptionConditions } from "../model/regime-schema.js";

type ConditionResult = { holds: true } | { holds: false; failed: boolean; missing: string[] };

/** Whether the activity's facts meet an exception's conditions; `missing` names facts not given. */
export function meets(activity: Activity, when: ExceptionConditions, adopted: string): ConditionResult {
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
