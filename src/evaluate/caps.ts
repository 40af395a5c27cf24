/**
 * @module evaluate/caps
 * The reasons of a capped measure: allowed within the cap, and, for a cap on the aggregate of all
 * States, what the delivery ledger says of the headroom. Without a ledger the headroom is said to be
 * unchecked (`cap_not_checked`), never assumed.
 */
import type { Activity } from "../model/activity.js";
import type { Reason } from "../model/contract.js";
import type { MeasureInForce } from "../regime/index.js";
import type { EvaluationContext } from "./context.js";
import { reason } from "./reasons.js";

/** The reasons of a measure whose modality is `cap`. */
export function capReasons(
  activity: Activity,
  measure: MeasureInForce,
  context: EvaluationContext,
): Reason[] {
  const { id, verified, title } = measure;
  const citation = measure.citations[0];
  const cap = measure.cap;
  const reasons: Reason[] = [reason("cap_applies", id, citation, verified, "conditional", { title, cap })];
  if (cap?.basis !== "aggregate") return reasons;
  if (!context.caps) {
    reasons.push(reason("cap_not_checked", id, citation, verified, "conditional", { title, ledger: false }));
    return reasons;
  }
  const quantity = activity.type === "goods" ? activity.quantity : undefined;
  const unit = activity.type === "goods" ? activity.unit : undefined;
  const check = context.caps.check(measure.id, activity.date, quantity, unit);
  if (check.status === "exceeds") {
    reasons.push(
      reason("cap_exceeded", id, citation, verified, "prohibited", { title, ...check, status: "exceeds" }),
    );
  } else if (check.status === "within") {
    reasons.push(
      reason("cap_headroom", id, citation, verified, "conditional", { title, ...check, status: "within" }),
    );
  } else {
    reasons.push(
      reason(
        "cap_not_checked",
        id,
        citation,
        verified,
        "conditional",
        check.note === undefined ? { title, ledger: true } : { title, ledger: true, note: check.note },
      ),
    );
  }
  return reasons;
}
