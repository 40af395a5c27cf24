/**
 * @module evaluate
 * The pure evaluation core: activity + compiled regime + injected context → verdict.
 *
 * @example
 * const evaluator = createEvaluator(regime, { screener });
 * const verdict = evaluator.evaluate({ id: "1", type: "goods", date: "2019-12-17", hs: "030211", from: "KP", to: "CN" });
 * // verdict.verdict === "prohibited"; verdict.reasons[0].citation === "S/RES/2371 (2017) OP9"
 */
export { createEvaluator, evaluate, type Evaluator } from "./evaluate.js";
export type {
  CapCheck,
  CapLedger,
  EvaluationContext,
  ExemptionMatch,
  ExemptionRegistry,
  PartyMatch,
  PartyQuery,
  PartyScreener,
} from "./context.js";
export { matchGoods, type DeclaredGoods, type GoodsMatch } from "./goods-scope.js";
export { checkVerdictCase, verdictCase, verdictCaseFile, type VerdictCase } from "./cases.js";
