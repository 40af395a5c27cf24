/**
 * @module model/contract
 * The shape of an answer, written once: outcomes, reason codes (the runtime list, each with a line saying
 * what it means), a reason per code with a typed `detail`, and the verdict. The evaluator builds these,
 * the OpenAPI description (`/v1/check`'s `Verdict`), the lawyer cases (`regime/<id>/tests/verdict-*.yaml`)
 * and the web UI's types are derived from them, so a code that the engine does not know is refused
 * wherever it is written, and a new code is one edit here.
 *
 * Why a `detail` per code: the English line of a reason (`text`) is rendered from its code and detail in
 * one place (`src/evaluate/reasons.ts`), so each detail holds what its line says (the measure's title,
 * the exception, the window's last day, the matched designation...) and a client can word it otherwise.
 *
 * Plain zod with `.meta({ id, description })`, which the OpenAPI generator reads; no HTTP import here.
 *
 * @example
 * ReasonCode.parse("measure_prohibits"); // ok
 * ReasonCode.safeParse("measure_prohibit").success; // false
 * const reason: Reason = verdict.reasons[0];
 * if (reason.code === "window_applies") reason.detail.lastDay; // typed
 */
import { z } from "zod";
import { reasonCodeDescriptions, type ReasonCodeName } from "./contract-labels.js";
import { cap } from "./regime-schema.js";
import { verificationStatuses } from "./verification.js";

/** What a verdict, or one reason on its own, says of an activity. */
export const Outcome = z.enum(["prohibited", "permitted", "conditional", "review"]).meta({
  id: "Outcome",
  description:
    "prohibited: a measure applies and nothing lets the activity through; permitted: no measure applies, " +
    "or an exception or exemption lets it through; conditional: allowed only if a stated condition holds " +
    "(cap headroom, a notification, an approval); review: the facts given cannot decide it",
});
export type Outcome = z.infer<typeof Outcome>;

// How restrictive each outcome is, and what each reason code means, are plain data in
// ./contract-labels.ts (the web UI reads them without zod); re-exported here for the engine.
export { outcomeRank, reasonCodeDescriptions, reasonCodeLabels } from "./contract-labels.js";

/** The reason codes in their documented order. */
export const reasonCodes = Object.keys(reasonCodeDescriptions) as [ReasonCodeName, ...ReasonCodeName[]];

/** A stable reason code; anything else is refused with the value named. */
export const ReasonCode = z
  .enum(reasonCodes, {
    error: (issue) =>
      `unknown reason code ${JSON.stringify(issue.input)} (the codes are listed in src/model/contract.ts)`,
  })
  .meta({
    id: "ReasonCode",
    description: reasonCodes.map((code) => `${code}: ${reasonCodeDescriptions[code]}`).join("\n"),
  });
export type ReasonCode = z.infer<typeof ReasonCode>;

// --- details ---------------------------------------------------------------------------------------

const title = z.string().meta({ description: "The measure's title" });

/** A calendar day `YYYY-MM-DD`, with what it means for this reason. */
function day(description?: string) {
  return z.string().meta(description === undefined ? { format: "date" } : { format: "date", description });
}

/** A designation a party or vessel matched, and who matched it. */
const partyMatch = {
  party: z.string().meta({ description: "The name of the party or vessel as given" }),
  name: z.string().meta({ description: "The designated name it matched" }),
  ref: z.string().meta({ description: "The designation's reference on its list" }),
  list: z.string(),
  score: z.number(),
};

/**
 * How a match to a listed entry was judged under the confirmation policy (`src/screening/confirm.ts`):
 * confirmed (a strong identifier agrees, or the full name is a listed name and no fact conflicts),
 * potential (an alert that is not confirmed) or near (the review band).
 */
export const MatchConfirmation = z
  .object({
    policy: z.string().meta({ description: "The confirmation policy and its version, e.g. confirm-v1" }),
    kind: z.enum(["confirmed", "potential", "near"]),
    by: z.enum(["identifier", "exact-name", "decision"]).optional().meta({
      description:
        "What confirmed it, for a confirmed match: decision when an analyst recorded a true match (the reason's `decision` says who and when)",
    }),
    identifier: z.string().optional().meta({ description: "The identifier that agreed, e.g. imo 9176187" }),
    agrees: z.array(z.string()).meta({ description: "Facts that agree (qualifier codes: dob-match, ...)" }),
    conflicts: z
      .array(z.string())
      .meta({ description: "Facts that conflict (dob-mismatch, nationality-mismatch, imo-conflict, ...)" }),
    why: z.string().meta({ description: "Why it is confirmed or not, in words" }),
  })
  .meta({ id: "MatchConfirmation" });
export type MatchConfirmation = z.infer<typeof MatchConfirmation>;

/**
 * An analyst's decision on a match (`src/decisions`): what it was, what it does to the alert now, and
 * who made it when. `reopened` means the list entry changed since, so the decision no longer applies.
 */
export const MatchDecision = z
  .object({
    id: z.string().meta({ description: "The decision's id (sanctions decisions list, GET /v1/decisions)" }),
    decision: z.enum(["false_positive", "true_match"]),
    state: z.enum(["suppressed", "confirmed", "reopened"]).meta({
      description:
        "suppressed: a false positive on the entry as it was decided; confirmed: a true match; reopened: the entry changed since, so the decision no longer applies",
    }),
    note: z.string().meta({ description: "Why, as the analyst wrote it" }),
    decidedBy: z.string(),
    decidedAt: z.string().meta({ format: "date-time" }),
  })
  .meta({ id: "MatchDecision" });
export type MatchDecision = z.infer<typeof MatchDecision>;

/** The decision on a match, when there is one. */
const decided = {
  decision: MatchDecision.optional().meta({
    description: "The analyst's decision on this party and entry, when there is one (confirmed or reopened)",
  }),
};

/** Why goods are in, or may be in, a measure's scope: what the reason's line says after the title. */
export const GoodsNote = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("described"),
      what: z.string().meta({ description: "What the description points at" }),
    }),
    z.object({
      kind: z.literal("within-union"),
      hs: z.string(),
      first: z.string().meta({ description: "First code of the paragraph's confirmed scope" }),
      last: z.string().meta({ description: "Last code of the paragraph's confirmed scope" }),
    }),
    z.object({
      kind: z.literal("edition-straddles"),
      hs: z.string(),
      edition: z.enum(["HS2017", "HS2022"]),
    }),
    z.object({ kind: z.literal("broader"), hs: z.string() }),
    z.object({
      kind: z.literal("may-be"),
      hs: z.string(),
      what: z.string(),
      described: z.boolean().meta({ description: "Whether a description was given (and did not say)" }),
    }),
    z.object({ kind: z.literal("value-missing"), item: z.string() }),
    z.object({
      kind: z.literal("currency-differs"),
      item: z.string(),
      threshold: z.string().meta({ description: "The threshold's currency" }),
      currency: z.string().meta({ description: "The value's currency" }),
    }),
    z.object({
      kind: z.literal("unit-value"),
      item: z.string(),
      unitValue: z.number(),
      currency: z.string(),
    }),
  ])
  .meta({ id: "GoodsNote" });
export type GoodsNote = z.infer<typeof GoodsNote>;

const goodsDetail = z.object({
  title,
  prefix: z.string().meta({ description: "The scope's HS prefix concerned" }),
  goods: GoodsNote,
});

const capCheckDetail = {
  title,
  used: z.number().optional(),
  limit: z.number().optional(),
  unit: z.string().optional(),
  note: z.string().optional(),
};

/** What an activity was, in the words of `no_measure_applies`. */
export const ActivitySummary = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("goods"), hs: z.string(), from: z.string(), to: z.string() }),
    z.object({ type: z.literal("service"), service: z.string(), from: z.string(), to: z.string() }),
    z.object({ type: z.literal("payment"), instrument: z.string(), from: z.string(), to: z.string() }),
    z.object({ type: z.literal("vessel"), action: z.string() }),
    z.object({ type: z.literal("employment"), nationality: z.string(), country: z.string() }),
    z.object({ type: z.literal("joint_venture"), action: z.string(), partnerCountry: z.string() }),
  ])
  .meta({ id: "ActivitySummary" });
export type ActivitySummary = z.infer<typeof ActivitySummary>;

/** Whether a citation is verified against the official text, and why not, in words. */
export const CitationVerification = z
  .object({
    status: z.enum(verificationStatuses).meta({
      description:
        "verified: the anchor is in that paragraph of the official text; no_official_text: the text is " +
        "not imported; anchor_not_found, paragraph_missing: the text does not bear the citation out; " +
        "no_anchor, no_paragraph_number, part_not_read: nothing to look for",
    }),
    text: z.string().meta({ description: "Why, in words" }),
  })
  .meta({ id: "CitationVerification" });
export type CitationVerification = z.infer<typeof CitationVerification>;

/** The detail of each code: what its line says, and what a client needs to act on it. */
const details = {
  measure_prohibits: z.object({
    title,
    scope: z.string().meta({ description: "The measure's scope in words" }),
  }),
  measure_exhorts: z.object({
    title,
    scope: z.string().meta({ description: "The measure's scope in words" }),
    verb: z
      .string()
      .optional()
      .meta({ description: "The paragraph's operative verb as the official text prints it (Calls upon)" }),
    bindingFrom: z
      .object({
        citation: z.string().meta({ description: "The paragraph that made it binding" }),
        from: day("The first day it binds"),
      })
      .optional()
      .meta({ description: "When a later resolution made the measure binding, if one did" }),
  }),
  measure_condition_unknown: z.object({
    title,
    fact: z.enum(["suspect", "refusedInspection"]).meta({ description: "The fact to give" }),
    condition: z.string().meta({ description: "The condition in words" }),
  }),
  cap_applies: z.object({ title, cap: cap.optional() }),
  cap_exceeded: z.object({ status: z.literal("exceeds"), ...capCheckDetail }),
  cap_headroom: z.object({ status: z.literal("within"), ...capCheckDetail }),
  cap_not_checked: z.object({
    title,
    ledger: z.boolean().meta({ description: "Whether a delivery ledger was given" }),
    note: z.string().optional().meta({ description: "Why the ledger could not tell" }),
  }),
  notification_required: z.object({ title, noticeDaysBefore: z.number().int().optional() }),
  exception_applies: z.union([
    z.object({
      title,
      exception: z.string().meta({ description: "The exception's id" }),
      exceptionTitle: z.string(),
      condition: z.string().optional().meta({ description: "What must still hold, for a conditional one" }),
      exemption: z.string().optional().meta({ description: "The Committee exemption that grants it" }),
      approval: z
        .literal("not-checked")
        .optional()
        .meta({ description: "The approval is claimed, not checked against exemption records" }),
    }),
    z
      .object({
        exception: z.string(),
        exceptionTitle: z.string(),
        ...partyMatch,
      })
      .meta({ description: "A designated party, and an exception of the asset freeze that lets it through" }),
  ]),
  exception_possible: z.object({
    exception: z.string(),
    exceptionTitle: z.string(),
    missing: z.array(z.string()).meta({ description: "The facts to show" }),
  }),
  window_applies: z.object({
    title,
    window: z.string().meta({ description: "The window's id" }),
    kind: z.enum(["prior-contracts", "wind-down"]),
    condition: z.string().optional(),
    lastDay: day("The last day the window allows"),
  }),
  window_undecided: z.object({
    title,
    window: z.string(),
    adopted: day("Contracts concluded before this day are covered"),
    lastDay: day("The last day the window allows"),
  }),
  goods_undecided: goodsDetail,
  goods_by_description: goodsDetail,
  hs_edition_straddles: goodsDetail,
  value_threshold: goodsDetail,
  party_designated: z.discriminatedUnion("assetFreeze", [
    z.object({
      assetFreeze: z.literal(true),
      ...partyMatch,
      confirmation: MatchConfirmation.optional(),
      explanation: z.unknown().optional(),
      ...decided,
    }),
    z.object({
      assetFreeze: z.literal(false),
      ...partyMatch,
      confirmation: MatchConfirmation.optional(),
      explanation: z.unknown().optional(),
      ...decided,
      date: day("No asset freeze of the regime was in force on this day"),
    }),
  ]),
  party_potential_match: z.object({
    ...partyMatch,
    confirmation: MatchConfirmation,
    explanation: z.unknown().optional(),
    ...decided,
  }),
  party_near_match: z.object({ ...partyMatch, explanation: z.unknown().optional(), ...decided }),
  party_alert_closed: z.object({
    ...partyMatch,
    authority: z
      .string()
      .meta({ description: "Who lists the entry: UN Security Council, US Treasury OFAC, ..." }),
    decision: MatchDecision,
  }),
  listed_elsewhere: z.object({
    ...partyMatch,
    authority: z
      .string()
      .meta({ description: "Who lists the entry: UN Security Council, US Treasury OFAC, ..." }),
    programmes: z.array(z.string()).meta({
      description: "The programmes the entry is filed under (UN_LIST_TYPE, OFAC tags, FtM program)",
    }),
    matchKind: z.enum(["confirmed", "potential", "near"]),
    confirmation: MatchConfirmation,
    explanation: z.unknown().optional(),
    ...decided,
  }),
  parties_not_screened: z.object({ count: z.number().int().min(1) }),
  exemption_not_applicable: z.object({
    title,
    exemptions: z.array(
      z.object({ reference: z.string(), reason: z.string().optional().meta({ description: "Why not" }) }),
    ),
  }),
  hs_not_in_nomenclature: z.object({ hs: z.string(), edition: z.enum(["HS2017", "HS2022"]) }),
  hs_form_only: z.object({ hs: z.string(), edition: z.enum(["HS2017", "HS2022"]) }),
  no_target_nexus: z.object({ target: z.string() }),
  no_measure_applies: z.object({
    inForce: z.number().int().meta({ description: "How many measures were in force" }),
    date: day("The activity's date"),
    activity: ActivitySummary,
  }),
} satisfies Record<ReasonCode, z.ZodType>;

type Details = typeof details;

/** The detail of a reason with code `C`. */
export type ReasonDetail<C extends ReasonCode> = z.infer<Details[C]>;

function reasonOf<C extends ReasonCode>(code: C) {
  return z
    .object({
      code: z.literal(code),
      measure: z
        .string()
        .nullable()
        .meta({ description: "The measure concerned, e.g. KP-EXP-SEAFOOD; null when none" }),
      citation: z.string().nullable().meta({
        description: "The paragraph, e.g. S/RES/2371 (2017) OP9; null when no paragraph is behind the reason",
      }),
      anchor: z.string().optional().meta({
        description: "The verbatim phrase of the paragraph the regime data quotes for this citation",
      }),
      verified: z.boolean().meta({
        description:
          "False when the citation is not verified against the official text (verification says why), or an element of the measure is unconfirmed (an HS mapping is said apart, in interpretation)",
      }),
      verification: CitationVerification.nullable().meta({
        description:
          "The citation checked against the official text, with why; null when there is no citation",
      }),
      outcome: Outcome,
      text: z.string().meta({ description: "The reason in English, rendered from the code and detail" }),
      detail: details[code],
      interpretation: z
        .string()
        .optional()
        .meta({
          description:
            "When the goods engaged the measure through this project's mapping of the text's words to HS " +
            "codes (the text names goods, not codes): the mapping, in words. No official text can verify it; " +
            "`verified` is about the citation.",
        }),
    })
    .meta({ description: reasonCodeDescriptions[code] });
}

const reasonSchemas = reasonCodes.map(reasonOf) as unknown as {
  [C in ReasonCode]: ReturnType<typeof reasonOf<C>>;
}[ReasonCode][];

/** One reason of a verdict: the code, the measure and paragraph behind it, its outcome, line and detail. */
export const Reason = z
  .discriminatedUnion("code", reasonSchemas as [(typeof reasonSchemas)[number], ...typeof reasonSchemas])
  .meta({ id: "Reason" });
export type Reason = z.infer<typeof Reason>;

/** A reason before its line is rendered: what the evaluator builds. */
export type ReasonFacts = Reason extends infer R ? (R extends Reason ? Omit<R, "text"> : never) : never;

/** What the engine says about an activity. */
export const Verdict = z
  .object({
    id: z.string(),
    verdict: Outcome,
    reasons: z.array(Reason),
    regimeVersion: z
      .string()
      .meta({ description: "Content hash of the regime data the verdict was reached under" }),
    listSnapshot: z.string().nullable().meta({
      description: "Ids of the list snapshots parties were screened against, or null when none was loaded",
    }),
  })
  .meta({ id: "Verdict", description: "A verdict: the same object as a line of `sanctions check --json`" });
export type Verdict = z.infer<typeof Verdict>;
