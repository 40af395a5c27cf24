/**
 * @module regime/events-view
 * `sanctions events --json` and `GET /v1/events`: the events the regime refers to, each test and launch
 * weighed against the DPRK's obligations in force on its date (`./obligations.ts`) and against the
 * Council's trigger commitments (`./commitments.ts`). The zod schema here is the one description of the
 * shape: the API's OpenAPI description is made from it, and the tests parse both outputs with it.
 *
 * Verification is a dependency, not an assumption: given the official texts, each clause's anchor is
 * looked for in its paragraph; without them, every clause says `no_official_text`.
 */
import { z } from "zod";
import { compareDates } from "../model/dates.js";
import type { CompiledRegime, RegimeEvent } from "../model/regime.js";
import { eventKinds, obligationDuties, obligationForces, type EventKind } from "../model/regime-schema.js";
import { verificationStatuses, type VerificationStatus } from "../model/verification.js";
import { commitmentFindings, commitmentFindingText, commitmentsTriggered } from "./commitments.js";
import { eventFindingText, weighEvent, type EventFinding } from "./obligations.js";

/** Looks a citation's anchor up in the official texts (`verifyCitation` over a text library). */
export type AnchorVerifier = (symbol: string, paragraph: string, anchor: string) => VerificationStatus;

const Date = z.string().meta({ format: "date" });

export const EventBreachView = z
  .object({
    obligation: z.string().meta({ example: "KP-OBL-2094-OP2" }),
    citation: z.string().meta({ example: "S/RES/2094 (2013) OP2" }),
    anchor: z.string().meta({ description: "The verbatim clause of the paragraph" }),
    force: z
      .enum(obligationForces)
      .meta({ description: "demand (Demands), decision (Decides), reaffirmation" }),
    duty: z.enum(obligationDuties),
    conduct: z.string().meta({ description: "The conduct the clause names, as obligations.yaml keys it" }),
    reason: z.string().meta({
      example:
        "a launch that uses ballistic missile technology, which S/RES/2094 (2013) OP2 decides the DPRK shall not conduct",
    }),
    verified: z
      .boolean()
      .meta({ description: "True only when the anchor was found in that paragraph of the official text" }),
    verification: z.enum(verificationStatuses),
  })
  .meta({ id: "EventBreach" });

export const EventNoBreachView = z
  .object({
    code: z.enum([
      "not_ballistic",
      "launch_type_unrecorded",
      "none_in_force",
      "not_conduct",
      "no_obligations",
    ]),
    reason: z
      .string()
      .meta({ example: "a cruise missile does not use ballistic missile technology: no paragraph reached" }),
  })
  .meta({ id: "EventNoBreach" });

export const EventCommitmentView = z
  .object({
    commitment: z.string().meta({ example: "KP-COMMIT-PETROLEUM-2397" }),
    citation: z.string(),
    code: z.enum(["triggered", "contribution_not_established", "not_named"]),
    triggered: z.boolean(),
    reason: z.string(),
    verified: z.boolean(),
  })
  .meta({ id: "EventCommitment" });

export const EventView = z
  .object({
    id: z.string().meta({ example: "rail-srbm-2021-09-15" }),
    date: Date,
    until: Date.optional(),
    precision: z.enum(["day", "month"]).optional(),
    kind: z.enum(eventKinds),
    title: z.string(),
    zone: z.enum(["KST", "NY"]).optional(),
    response: z.string().optional(),
    verified: z.boolean(),
    sources: z.array(z.string()),
    note: z.string().optional(),
    inBreach: z
      .boolean()
      .meta({ description: "Whether the event breaches a paragraph in force on its date" }),
    breaches: z.array(EventBreachView),
    notInBreach: EventNoBreachView.optional().meta({
      description: "Why no paragraph is breached, when none is",
    }),
    commitments: z.array(EventCommitmentView).meta({
      description:
        "Every trigger commitment in force on the date of a test or launch, and whether the event triggers it",
    }),
    triggers: z
      .array(
        z.object({
          commitment: z.string(),
          undertaking: z.string(),
          citation: z.string(),
          verified: z.boolean(),
        }),
      )
      .meta({
        description: "The commitments the event triggers (those of `commitments` with triggered: true)",
      }),
  })
  .meta({ id: "Event" });

export const EventsView = z
  .object({
    regimeVersion: z.string(),
    from: Date.optional(),
    to: Date.optional(),
    kind: z.enum(eventKinds).optional(),
    events: z.array(EventView),
  })
  .meta({ id: "Events" });

export type EventsView = z.infer<typeof EventsView>;
export type EventView = z.infer<typeof EventView>;

export interface EventsQuery {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly kind?: EventKind | undefined;
}

/** Whether an event (from `date` to `until`) falls within the query's period and kind. */
function selected(event: RegimeEvent, query: EventsQuery): boolean {
  if (query.kind !== undefined && event.kind !== query.kind) return false;
  if (query.from !== undefined && compareDates(event.until ?? event.date, query.from) < 0) return false;
  if (query.to !== undefined && compareDates(event.date, query.to) > 0) return false;
  return true;
}

/** One event with its breaches and commitments. */
export function eventView(regime: CompiledRegime, event: RegimeEvent, verify?: AnchorVerifier): EventView {
  const findings = weighEvent(regime, event);
  const breaches = findings.flatMap((finding) => {
    if (finding.code !== "breach") return [];
    const { obligation } = finding;
    const verification = verify
      ? verify(obligation.citation.symbol, obligation.citation.paragraph, obligation.anchor)
      : "no_official_text";
    return [
      {
        obligation: obligation.id,
        citation: obligation.citation.text,
        anchor: obligation.anchor,
        force: obligation.force,
        duty: obligation.duty,
        conduct: finding.conduct.key,
        reason: eventFindingText(finding),
        verified: verification === "verified",
        verification,
      },
    ];
  });
  const other = findings.find(
    (finding): finding is Exclude<EventFinding, { code: "breach" }> => finding.code !== "breach",
  );
  const commitments = commitmentFindings(regime, event).map((finding) => ({
    commitment: finding.commitment.id,
    citation: finding.commitment.citation.text,
    code: finding.code,
    triggered: finding.code === "triggered",
    reason: commitmentFindingText(finding),
    verified: finding.commitment.verified,
  }));
  return {
    ...event,
    sources: [...event.sources],
    inBreach: breaches.length > 0,
    breaches,
    ...(breaches.length === 0 && other
      ? { notInBreach: { code: other.code, reason: eventFindingText(other) } }
      : {}),
    commitments,
    triggers: commitmentsTriggered(regime, event).map((commitment) => ({
      commitment: commitment.id,
      undertaking: commitment.undertaking,
      citation: commitment.citation.text,
      verified: commitment.verified,
    })),
  };
}

/** The events of a period (and kind), weighed: `sanctions events --json`, `GET /v1/events`. */
export function eventsView(
  regime: CompiledRegime,
  query: EventsQuery = {},
  verify?: AnchorVerifier,
): EventsView {
  return {
    regimeVersion: regime.version,
    ...(query.from !== undefined ? { from: query.from } : {}),
    ...(query.to !== undefined ? { to: query.to } : {}),
    ...(query.kind !== undefined ? { kind: query.kind } : {}),
    events: regime.events
      .filter((event) => selected(event, query))
      .map((event) => eventView(regime, event, verify)),
  };
}
