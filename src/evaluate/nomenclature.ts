/**
 * @module evaluate/nomenclature
 * Whether a declared HS code exists in the edition it is read in. With no nomenclature imported the code
 * was checked by form only, and the verdict says so; a code that is not in the imported edition needs
 * review (a misread code would miss the measures that name it).
 */
import type { GoodsActivity } from "../model/activity.js";
import type { Reason } from "../model/contract.js";
import type { EvaluationContext } from "./context.js";
import type { DeclaredGoods } from "./goods-scope.js";
import { reason } from "./reasons.js";

/** The nomenclature reasons of a goods activity (none when the code is in the imported edition). */
export function nomenclatureReasons(
  activity: GoodsActivity,
  goods: DeclaredGoods,
  context: EvaluationContext,
): Reason[] {
  const nomenclature = context.nomenclatures?.[goods.edition];
  if (!nomenclature) {
    return [
      reason("hs_form_only", null, null, true, "permitted", { hs: activity.hs, edition: goods.edition }),
    ];
  }
  const six = activity.hs.slice(0, Math.min(6, activity.hs.length - (activity.hs.length % 2)));
  if (nomenclature.has(six)) return [];
  return [reason("hs_not_in_nomenclature", null, null, true, "review", { hs: six, edition: goods.edition })];
}
