/**
 * @module evaluate/decide
 * What one engaged measure makes of an activity: how its goods matched (when the code alone did not
 * say), then its exceptions (an applicable one decides, whatever the modality, checked against the
 * Committee's exemption records when it needs an approval), its transition windows, and last its
 * modality: a cap (`caps.ts`), a notice to the Committee, or a prohibition. Reasons only; the verdict is
 * the most restrictive of them (`evaluate.ts`).
 *
 * A measure whose modality is `exhortation` (the Council *calls upon* States) never prohibits nor
 * conditions: it gives a notice (`measure_exhorts`, permitted) saying so, and when a later paragraph
 * made it binding. "Calls upon" is not "Decides"; the verdict must not say otherwise.
 */
import type { Activity } from "../model/activity.js";
import type { Outcome, Reason } from "../model/contract.js";
import type { CompiledException } from "../model/regime.js";
import type { MeasureInForce } from "../regime/index.js";
import { capReasons } from "./caps.js";
import type { EvaluationContext } from "./context.js";
import type { Engagement } from "./engage.js";
import { applicableExceptions, applicableWindow } from "./exceptions.js";
import { reason } from "./reasons.js";

/**
 * The reasons one engaged measure gives. When the goods engaged it through a scope that is this
 * project's mapping of the text's words to HS codes, each reason says so (`interpretation`): the
 * citation may be verified by the official text, the codes cannot be.
 */
export function decide(
  activity: Activity,
  measure: MeasureInForce,
  engagement: Engagement,
  context: EvaluationContext,
): Reason[] {
  const reasons = decideMeasure(activity, measure, engagement, context);
  const interpretation = measure.interpretations.join(" ");
  if (engagement.goods === undefined || interpretation === "") return reasons;
  for (const made of reasons) (made as { interpretation?: string }).interpretation = interpretation;
  return reasons;
}

function decideMeasure(
  activity: Activity,
  measure: MeasureInForce,
  engagement: Engagement,
  context: EvaluationContext,
): Reason[] {
  const title = measure.title;
  const reasons: Reason[] = [];
  const goodsMatch = engagement.goods;
  if (goodsMatch?.result === "undecided") {
    return [
      reason(
        goodsMatch.why === "edition"
          ? "hs_edition_straddles"
          : goodsMatch.why === "value"
            ? "value_threshold"
            : "goods_undecided",
        measure.id,
        measure.citations[0],
        measure.verified,
        "review",
        { title, prefix: goodsMatch.prefix, goods: goodsMatch.note },
      ),
    ];
  }
  if (goodsMatch?.result === "in" && goodsMatch.note) {
    reasons.push(
      reason(
        goodsMatch.via === "value"
          ? "value_threshold"
          : goodsMatch.via === "code"
            ? "hs_edition_straddles"
            : "goods_by_description",
        measure.id,
        measure.citations[0],
        measure.verified,
        "permitted",
        { title, prefix: goodsMatch.prefix, goods: goodsMatch.note },
      ),
    );
  }

  if (measure.modality === "exhortation") {
    reasons.push(exhortationReason(measure));
    return reasons;
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
    const applies = window.applies;
    reasons.push(
      reason("window_applies", measure.id, applies.citation, applies.verified, applies.outcome, {
        title,
        window: applies.id,
        kind: applies.kind,
        ...(applies.condition === undefined ? {} : { condition: applies.condition }),
        lastDay: applies.lastDay,
      }),
    );
    return reasons;
  }

  if (window.undecided && measure.modality !== "cap" && measure.modality !== "notification") {
    // Prohibited unless the contract predates adoption: the facts given cannot decide.
    const undecided = window.undecided;
    reasons.push(
      reason(
        "window_undecided",
        measure.id,
        undecided.citation,
        undecided.verified && measure.verified,
        "review",
        { title, window: undecided.id, adopted: undecided.citation.adopted, lastDay: undecided.lastDay },
      ),
    );
    return reasons;
  }
  if (measure.modality === "cap") {
    reasons.push(...capReasons(activity, measure, context));
  } else if (measure.modality === "notification") {
    const days = measure.terms.noticeDaysBefore;
    reasons.push(
      reason(
        "notification_required",
        measure.id,
        measure.citations[0],
        measure.verified,
        "conditional",
        days ? { title, noticeDaysBefore: days } : { title },
      ),
    );
  } else {
    // Prohibitions, restrictions (limited by their scope) and obligations that reach the activity.
    reasons.push(
      reason("measure_prohibits", measure.id, measure.citations[0], measure.verified, "prohibited", {
        title,
        scope: measure.scope.text,
      }),
    );
  }
  for (const possible of exceptions.possible) {
    const exception = possible.exception;
    reasons.push(
      reason("exception_possible", measure.id, exception.citation, exception.verified, "permitted", {
        exception: exception.id,
        exceptionTitle: exception.title,
        missing: possible.missing,
      }),
    );
  }
  return reasons;
}

/** The notice of an exhorted measure: what States are called upon to do, and when it became binding. */
function exhortationReason(measure: MeasureInForce): Reason {
  const citation = measure.citations[0];
  const binding = measure.version.bindingFrom;
  return reason("measure_exhorts", measure.id, citation, measure.verified, "permitted", {
    title: measure.title,
    scope: measure.scope.text,
    ...(citation?.verb === undefined ? {} : { verb: citation.verb }),
    ...(binding === undefined
      ? {}
      : { bindingFrom: { citation: binding.citation.text, from: binding.from } }),
  });
}

/**
 * An applicable exception. One that needs the Committee's approval is checked against the exemption
 * records: a valid exemption is cited; an invalid one does not apply (and says why); none found leaves
 * the approval claimed, not checked, so the activity is only conditional.
 */
function exceptionReason(
  activity: Activity,
  measure: MeasureInForce,
  exception: CompiledException,
  context: EvaluationContext,
): Reason {
  let outcome: Outcome = exception.outcome;
  let found: { exemption: string } | { approval: "not-checked" } | undefined;
  if (exception.when.committeeApproval) {
    const matches = context.exemptions?.find(activity) ?? [];
    const valid = matches.find((match) => match.applies);
    if (valid) {
      found = { exemption: valid.reference };
    } else if (matches.length > 0) {
      return reason(
        "exemption_not_applicable",
        measure.id,
        measure.citations[0],
        measure.verified,
        "prohibited",
        {
          title: measure.title,
          exemptions: matches.map((match) =>
            match.reason === undefined
              ? { reference: match.reference }
              : { reference: match.reference, reason: match.reason },
          ),
        },
      );
    } else {
      // The approval is only claimed: the activity may go ahead only if it really was granted.
      outcome = "conditional";
      found = { approval: "not-checked" };
    }
  }
  return reason(
    "exception_applies",
    measure.id,
    exception.citation,
    exception.verified && measure.verified,
    outcome,
    {
      title: measure.title,
      exception: exception.id,
      exceptionTitle: exception.title,
      ...(exception.condition === undefined ? {} : { condition: exception.condition }),
      ...found,
    },
  );
}
