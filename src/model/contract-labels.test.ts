/**
 * The contract's words as plain data: every reason code and outcome has a label, the outcomes' weights
 * agree with the contract's enum, and reasons read from the most restrictive outcome to the least.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  byWeight,
  outcomeLabels,
  outcomeRank,
  outcomesByWeight,
  reasonCodeLabels,
  type OutcomeName,
} from "./contract-labels.js";
import { Outcome, reasonCodes } from "./contract.js";

describe("contract labels", () => {
  it("label every reason code and every outcome of the contract, and nothing else", () => {
    assert.deepEqual(Object.keys(reasonCodeLabels), reasonCodes);
    assert.deepEqual(Object.keys(outcomeRank).sort(), [...Outcome.options].sort());
    assert.deepEqual(Object.keys(outcomeLabels).sort(), [...Outcome.options].sort());
    for (const label of Object.values(reasonCodeLabels)) assert.doesNotMatch(label, /_/);
  });

  it("weigh the outcomes from prohibited to permitted", () => {
    assert.deepEqual(outcomesByWeight, ["prohibited", "review", "conditional", "permitted"]);
  });

  it("put a prohibition before the form-only HS note that the engine lists first", () => {
    const reasons = [
      { code: "hs_form_only", outcome: "permitted" as const },
      { code: "measure_prohibits", outcome: "prohibited" as const },
    ];
    assert.deepEqual(
      byWeight(reasons).map((reason) => reason.code),
      ["measure_prohibits", "hs_form_only"],
    );
  });

  it("order any reasons by weight, keeping the engine's order within an outcome", () => {
    const outcome = fc.constantFrom<OutcomeName>(...outcomesByWeight);
    fc.assert(
      fc.property(fc.array(outcome, { maxLength: 20 }), (outcomes) => {
        const reasons = outcomes.map((o, index) => ({ outcome: o, index }));
        const sorted = byWeight(reasons);
        assert.equal(sorted.length, reasons.length);
        for (let i = 1; i < sorted.length; i++) {
          const a = sorted[i - 1];
          const b = sorted[i];
          assert.ok(a && b);
          const delta = outcomeRank[a.outcome] - outcomeRank[b.outcome];
          assert.ok(delta > 0 || (delta === 0 && a.index < b.index));
        }
      }),
    );
  });
});
