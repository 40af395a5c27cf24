/**
 * @module drafts/views
 * The shapes in which the drafts catalogue (`./catalogue.ts`) shows drafts: a draft's summary, its
 * recorded vote, the operations its paragraphs encode, its vote scenarios. Zod schemas with their
 * descriptions as metadata (read by the OpenAPI description); nothing else is imported, so that the web
 * UI can take the types (`import type`) without Node's modules.
 */
import { z } from "zod";

export const VoteValue = z.enum(["yes", "no", "abstain", "absent"]);

export const RecordedVoteView = z
  .object({
    date: z.string().meta({ format: "date", example: "2022-05-26" }),
    verified: z.boolean().meta({
      description:
        "True only when the Council's recorded votes (council.yaml) confirm this vote, with the same date and " +
        "tally, and the draft file lists neither its date nor its votes as unconfirmed",
    }),
    tally: z.object({
      yes: z.number().int(),
      no: z.number().int(),
      abstain: z.number().int(),
      absent: z.number().int(),
    }),
    vetoes: z
      .array(z.string())
      .meta({ description: "Permanent members whose negative vote blocked adoption" }),
    votes: z
      .record(z.string(), VoteValue)
      .meta({ description: "Member → vote, as the draft file records it" }),
    record: z
      .string()
      .nullable()
      .meta({ description: "The id of the matching recorded vote in council.yaml, if any" }),
    sources: z.array(z.string()),
    note: z.string().optional(),
  })
  .meta({ id: "DraftVote" });

export const DraftSummary = z
  .object({
    id: z.string().meta({ example: "us-2022" }),
    title: z.string(),
    symbol: z
      .object({ text: z.string(), verified: z.boolean() })
      .nullable()
      .meta({ description: "The document symbol (S/2022/431), when the data records one" }),
    sponsors: z.array(z.string()),
    circulated: z
      .object({ date: z.string().meta({ format: "date" }), verified: z.boolean() })
      .nullable()
      .meta({ description: "When the draft was circulated (tabled), when the sources give it" }),
    status: z.enum(["circulated", "voted", "withdrawn"]),
    outcome: z
      .enum(["adopted", "vetoed", "not adopted", "not put to a vote", "withdrawn", "unknown"])
      .meta({ description: "`vetoed` when the recorded vote fails on a permanent member's no" }),
    at: z.string().meta({ format: "date", description: "The date the draft is applied at by default" }),
    vote: RecordedVoteView.nullable(),
    unconfirmed: z.array(z.string()).meta({ description: "Elements the draft file marks unconfirmed" }),
    paragraphs: z.number().int(),
    operations: z.number().int().meta({ description: "Operations encoded (0 when the content is unknown)" }),
    scenarios: z.number().int().meta({ description: "Vote scenarios in drafts/scenarios/" }),
    summary: z.string(),
    sources: z.array(z.string()),
  })
  .meta({ id: "DraftSummary" });

export const DraftOperation = z
  .object({
    action: z.enum(["lift", "suspend", "amend", "impose", "commit"]),
    measure: z.string().optional(),
    commitment: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    title: z.string().optional(),
    modality: z.string().optional(),
    scope: z.string().optional(),
    hs: z.array(z.string()).optional(),
    cap: z
      .array(z.object({ amount: z.number(), unit: z.string() }))
      .nullable()
      .optional(),
    terms: z.record(z.string(), z.unknown()).optional(),
    addExceptions: z.array(z.string()).optional(),
    removeExceptions: z.array(z.string()).optional(),
    addWindows: z.array(z.string()).optional(),
    snapback: z.array(z.string()).optional(),
    undertaking: z.string().optional(),
    verified: z.boolean().meta({
      description:
        "False when the paragraph rests on reports rather than the text, or an element is unconfirmed",
    }),
    note: z.string().optional(),
  })
  .meta({ id: "DraftOperation" });

export const Distribution = z.object({ yes: z.number(), no: z.number(), abstain: z.number() });

export const DraftDetail = DraftSummary.extend({
  note: z.string().optional(),
  paragraphs: z.array(
    z.object({
      id: z.string(),
      verified: z.boolean(),
      text: z.string(),
      sources: z.array(z.string()),
      operations: z.array(DraftOperation),
      unencoded: z.string().optional(),
      note: z.string().optional(),
    }),
  ),
  scenarios: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      date: z.string().optional(),
      votes: z.record(z.string(), VoteValue),
      positions: z.record(z.string(), Distribution),
    }),
  ),
}).meta({ id: "Draft" });

export type DraftSummaryView = z.infer<typeof DraftSummary>;
export type DraftView = z.infer<typeof DraftDetail>;
export type OperationView = z.infer<typeof DraftOperation>;
export type VoteView = z.infer<typeof RecordedVoteView>;
export type ScenarioView = DraftView["scenarios"][number];

/** The drafts of a regime package, read once: they are part of the package, fixed for the process. */
