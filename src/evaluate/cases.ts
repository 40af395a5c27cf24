/**
 * @module evaluate/cases
 * Lawyer-style verdict cases beside the regime (`regime/<id>/tests/verdict-*.yaml`): an activity, the
 * expected outcome, and the reasons (code, measure, citation, verified) that must be among the verdict's,
 * or must not be. `verified` is compared only when the regime was verified against the official texts
 * (a citation is verified by its text, or not at all). Codes and outcomes are checked against the contract (`model/contract.ts`) when the
 * file is read, so a misspelt one is an issue naming the file, the line and the path.
 * Parties can be declared designated for the case, through a fake screener, so that asset-freeze cases
 * need no list.
 */
import { z } from "zod";
import { parseActivity } from "../model/activity.js";
import type { CompiledRegime } from "../model/regime.js";
import { isoDate } from "../model/regime-schema.js";
import { Outcome, ReasonCode, type Verdict } from "../model/contract.js";
import type { PartyScreener } from "./context.js";
import { createEvaluator } from "./evaluate.js";

// The code and outcome are the contract's enums: a misspelt code in `notReasons` would otherwise match
// nothing, and the case would pass whatever the engine said.
const expectedReason = z.strictObject({
  code: ReasonCode.optional(),
  measure: z.string().nullable().optional(),
  citation: z.string().nullable().optional(),
  verified: z.boolean().optional(),
  /** Whether the reason rests on the project's mapping of the text's words to HS codes (`interpretation`). */
  hsMapping: z.boolean().optional(),
  outcome: Outcome.optional(),
});

export const verdictCase = z.strictObject({
  name: z.string().min(1),
  /** The activity, without `id` (the case name is used). */
  activity: z.record(z.string(), z.unknown()),
  verdict: Outcome,
  reasons: z.array(expectedReason).optional(),
  /** Reasons that must not be there (e.g. a measure that must not engage). */
  notReasons: z.array(expectedReason).optional(),
  /**
   * Names that the fake screener reports as designated (alert) or as near matches (review): by default
   * a UN 1718 entry listed under the same name; `list` and `programmes` say another list's entry
   * (`OFAC-SDN`, `[SDNT]`), `listedName` and `score` a listed name the party's name is only close to.
   */
  designated: z
    .array(
      z.strictObject({
        name: z.string(),
        ref: z.string(),
        band: z.enum(["alert", "review"]).optional(),
        list: z.string().optional(),
        programmes: z.array(z.string()).optional(),
        listedName: z.string().optional(),
        score: z.number().min(0).max(1).optional(),
      }),
    )
    .optional(),
  note: z.string().optional(),
});
export type VerdictCase = z.infer<typeof verdictCase>;

export const verdictCaseFile = z.strictObject({
  date: isoDate.optional(),
  cases: z.array(verdictCase).min(1),
});

function fakeScreener(designated: NonNullable<VerdictCase["designated"]>): PartyScreener {
  return {
    snapshotIds: ["case"],
    screen: (query) =>
      designated
        .filter((entry) => entry.name.toLowerCase() === query.name.toLowerCase())
        .map((entry) => {
          const list = entry.list ?? "UN";
          return {
            ref: entry.ref,
            name: entry.listedName ?? entry.name,
            list,
            programmes: entry.programmes ?? (list === "UN" ? ["DPRK"] : []),
            score: entry.score ?? (entry.band === "review" ? 0.75 : 1),
            band: entry.band ?? "alert",
            matchedName: entry.listedName ?? entry.name,
          };
        }),
  };
}

/** Evaluates the case; returns what did not hold, one line each, and the verdict for reports. */
export function checkVerdictCase(
  regime: CompiledRegime,
  testCase: VerdictCase,
): { failures: string[]; verdict?: Verdict } {
  const parsed = parseActivity({ id: testCase.name, ...testCase.activity });
  if (!parsed.ok) return { failures: [`the activity is invalid: ${parsed.error.message}`] };
  const context = testCase.designated ? { screener: fakeScreener(testCase.designated) } : {};
  const verdict = createEvaluator(regime, context).evaluate(parsed.activity);
  const failures: string[] = [];
  const summary = verdict.reasons
    .map((reason) => `${reason.code}/${reason.measure ?? "-"}/${reason.citation ?? "-"}/${reason.outcome}`)
    .join(", ");
  if (verdict.verdict !== testCase.verdict)
    failures.push(`verdict is ${verdict.verdict}, expected ${testCase.verdict} (reasons: ${summary})`);
  const matches = (expected: z.infer<typeof expectedReason>) =>
    verdict.reasons.some(
      (reason) =>
        (expected.code === undefined || reason.code === expected.code) &&
        (expected.measure === undefined || reason.measure === expected.measure) &&
        (expected.citation === undefined || reason.citation === expected.citation) &&
        (expected.verified === undefined ||
          // Verified means borne out by the official text: without the texts there is nothing to compare.
          regime.textsVersion === undefined ||
          reason.verified === expected.verified) &&
        (expected.hsMapping === undefined || (reason.interpretation !== undefined) === expected.hsMapping) &&
        (expected.outcome === undefined || reason.outcome === expected.outcome),
    );
  for (const expected of testCase.reasons ?? []) {
    if (!matches(expected)) failures.push(`no reason ${JSON.stringify(expected)} among: ${summary}`);
  }
  for (const unexpected of testCase.notReasons ?? []) {
    if (matches(unexpected))
      failures.push(`unexpected reason ${JSON.stringify(unexpected)} among: ${summary}`);
  }
  return { failures, verdict };
}
