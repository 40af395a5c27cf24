/**
 * @module regime/cases
 * Lawyer-style cases that live beside the regime data (`regime/<id>/tests/*.yaml`): at a date, which
 * measures are in force, with which citation, cap and open windows. Cases are validated with strict
 * schemas like the data itself, and each is checked into a list of failures (codes, not prose).
 */
import { z } from "zod";
import { isoDate, measureId } from "../model/regime-schema.js";
import type { CompiledRegime } from "../model/regime.js";
import { stateAt } from "./state.js";

const inForceExpectation = z.strictObject({
  citation: z.string().optional(),
  verified: z.boolean().optional(),
  /** Whether the goods scope in force is the project's mapping of the text's words to HS codes. */
  hsMapping: z.boolean().optional(),
  modality: z.string().optional(),
  since: isoDate.optional(),
  /** The cap's amount in a unit, or null when the measure must have no cap. */
  cap: z
    .strictObject({ amount: z.number(), unit: z.enum(["bbl", "t", "USD"]) })
    .nullable()
    .optional(),
  openWindows: z.array(z.string()).optional(),
  exceptions: z.array(z.string()).optional(),
  notExceptions: z.array(z.string()).optional(),
});

export const stateCase = z.strictObject({
  name: z.string().min(1),
  at: isoDate,
  inForce: z.record(measureId, inForceExpectation).optional(),
  notInForce: z.array(measureId).optional(),
  /** How many measures are in force (0 for "nothing was"). */
  count: z.number().int().min(0).optional(),
});
export type StateCase = z.infer<typeof stateCase>;

export const stateCaseFile = z.strictObject({ cases: z.array(stateCase).min(1) });

/** Checks one case; returns what did not hold, one line each (empty when the case passes). */
export function checkStateCase(regime: CompiledRegime, testCase: StateCase): string[] {
  if (!testCase.inForce && !testCase.notInForce && testCase.count === undefined) {
    return ["the case states no expectation (inForce, notInForce or count)"];
  }
  const state = stateAt(regime, testCase.at);
  const byId = new Map(state.measures.map((measure) => [measure.id, measure]));
  const failures: string[] = [];
  if (testCase.count !== undefined && state.measures.length !== testCase.count) {
    failures.push(
      `expected ${testCase.count} measures in force, found ${state.measures.length}: ${[...byId.keys()].join(", ")}`,
    );
  }
  for (const id of testCase.notInForce ?? []) {
    if (!regime.measures.has(id)) failures.push(`${id} is not a measure of the regime`);
    const found = byId.get(id);
    if (found) failures.push(`${id} is in force (${found.citation}), expected not`);
  }
  for (const [id, expected] of Object.entries(testCase.inForce ?? {})) {
    const found = byId.get(id);
    if (!found) {
      failures.push(`${id} is not in force, expected in force`);
      continue;
    }
    if (expected.citation !== undefined && found.citation !== expected.citation) {
      failures.push(`${id} cites ${found.citation}, expected ${expected.citation}`);
    }
    // Verified means borne out by the official text: compared only when the texts were given.
    if (
      expected.verified !== undefined &&
      regime.textsVersion !== undefined &&
      found.verified !== expected.verified
    ) {
      failures.push(`${id} verified is ${String(found.verified)}, expected ${String(expected.verified)}`);
    }
    if (expected.hsMapping !== undefined && found.interpretations.length > 0 !== expected.hsMapping) {
      failures.push(
        `${id} ${found.interpretations.length > 0 ? "has" : "has no"} HS mapping, expected ${expected.hsMapping ? "one" : "none"}`,
      );
    }
    if (expected.modality !== undefined && found.modality !== expected.modality) {
      failures.push(`${id} modality is ${found.modality}, expected ${expected.modality}`);
    }
    if (expected.since !== undefined && found.since !== expected.since) {
      failures.push(`${id} in force since ${found.since}, expected ${expected.since}`);
    }
    if (expected.cap === null) {
      if (found.cap) failures.push(`${id} has a cap, expected none`);
    } else if (expected.cap !== undefined) {
      const limit = found.cap?.limits?.find((candidate) => candidate.unit === expected.cap?.unit);
      if (limit?.amount !== expected.cap.amount) {
        failures.push(
          `${id} cap is ${limit ? `${limit.amount} ${limit.unit}` : "absent"}, expected ${expected.cap.amount} ${expected.cap.unit}`,
        );
      }
    }
    if (expected.openWindows !== undefined) {
      const open = found.openWindows.map((window) => window.id).sort();
      const wanted = [...expected.openWindows].sort();
      if (open.join(",") !== wanted.join(","))
        failures.push(`${id} open windows are [${open.join(", ")}], expected [${wanted.join(", ")}]`);
    }
    const exceptionIds = new Set(found.exceptions.map((exception) => exception.id));
    for (const exception of expected.exceptions ?? []) {
      if (!exceptionIds.has(exception)) failures.push(`${id} has no exception ${exception} in force`);
    }
    for (const exception of expected.notExceptions ?? []) {
      if (exceptionIds.has(exception))
        failures.push(`${id} still has exception ${exception}, expected it removed`);
    }
  }
  return failures;
}
