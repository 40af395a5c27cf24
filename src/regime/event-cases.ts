/**
 * @module regime/event-cases
 * Lawyer-style cases for events (`regime/<id>/tests/events-*.yaml`): an event of the data (by id), or a
 * hypothetical one (a date and a kind), and what the Council's texts make of it: the paragraphs it must
 * and must not breach (by citation), why none is breached (by code), and which commitments it triggers
 * or not. Strict schemas like the data; each case checked into a list of failures.
 */
import { z } from "zod";
import { eventKinds, isoDate } from "../model/regime-schema.js";
import type { CompiledRegime, RegimeEvent } from "../model/regime.js";
import { commitmentFindings, type CommitmentFindingCode } from "./commitments.js";
import { weighEvent, type EventFindingCode } from "./obligations.js";

const noBreachCodes = [
  "not_ballistic",
  "launch_type_unrecorded",
  "none_in_force",
  "not_conduct",
  "no_obligations",
] as const satisfies readonly Exclude<EventFindingCode, "breach">[];
const commitmentCodes = [
  "triggered",
  "contribution_not_established",
  "not_named",
] as const satisfies readonly CommitmentFindingCode[];

export const eventCase = z.strictObject({
  name: z.string().min(1),
  /** An event of `events.yaml`, by id ... */
  event: z.string().optional(),
  /** ... or a hypothetical event on a date, of a kind. */
  at: isoDate.optional(),
  kind: z.enum(eventKinds).optional(),
  inBreach: z.boolean().optional(),
  /** Citations it must breach (`S/RES/2094 (2013) OP2`), among others. */
  breaches: z.array(z.string().min(1)).optional(),
  /** Citations it must not breach. */
  notBreaches: z.array(z.string().min(1)).optional(),
  /** Why no paragraph is breached. */
  noBreach: z.enum(noBreachCodes).optional(),
  /** Commitment id → what the event does to it. */
  commitments: z.record(z.string(), z.enum(commitmentCodes)).optional(),
});
export type EventCase = z.infer<typeof eventCase>;

export const eventCaseFile = z.strictObject({ cases: z.array(eventCase).min(1) });

/** Checks one case; returns what did not hold, one line each (empty when the case passes). */
export function checkEventCase(regime: CompiledRegime, testCase: EventCase): string[] {
  let event: Pick<RegimeEvent, "date" | "kind"> | undefined;
  if (testCase.event !== undefined) {
    event = regime.events.find((candidate) => candidate.id === testCase.event);
    if (!event) return [`no event ${testCase.event} in the regime data`];
  } else if (testCase.at !== undefined && testCase.kind !== undefined) {
    event = { date: testCase.at, kind: testCase.kind };
  } else {
    return ["the case names no event: give event, or at and kind"];
  }
  const findings = weighEvent(regime, event);
  const breached = new Set(
    findings.flatMap((finding) => (finding.code === "breach" ? [finding.obligation.citation.text] : [])),
  );
  const failures: string[] = [];
  if (testCase.inBreach !== undefined && breached.size > 0 !== testCase.inBreach)
    failures.push(
      `in breach is ${String(breached.size > 0)} (${[...breached].join(", ") || findings[0]?.code}), expected ${String(testCase.inBreach)}`,
    );
  for (const citation of testCase.breaches ?? [])
    if (!breached.has(citation)) failures.push(`does not breach ${citation}, expected it to`);
  for (const citation of testCase.notBreaches ?? [])
    if (breached.has(citation)) failures.push(`breaches ${citation}, expected not`);
  if (testCase.noBreach !== undefined) {
    const code = breached.size > 0 ? "breach" : findings[0]?.code;
    if (code !== testCase.noBreach)
      failures.push(`finding is ${String(code)}, expected ${testCase.noBreach}`);
  }
  const commitments = new Map(
    commitmentFindings(regime, event).map((finding) => [finding.commitment.id, finding.code]),
  );
  for (const [id, expected] of Object.entries(testCase.commitments ?? {})) {
    const found = commitments.get(id);
    if (found !== expected) failures.push(`${id} is ${found ?? "not weighed"}, expected ${expected}`);
  }
  return failures;
}
