/**
 * @module texts/view-schemas
 * The shapes in which an official text is shown, written once as zod schemas (no Node import, so that
 * the web UI can take their types): `GET /v1/texts…` documents its answers with them, and
 * `sanctions texts list --json` and `sanctions text … --json` print the same objects, which
 * `./views.ts` builds.
 */
import { z } from "zod";
import type { VerbForce } from "./verbs.js";

const forces = ["binding", "demand", "exhortation", "instruction", "declaratory"] as const;
/** The force of an operative verb (see `src/texts/verbs.ts`). */
export const VerbForceSchema = z.enum(forces satisfies readonly VerbForce[]).meta({
  description:
    "binding (Decides), demand, exhortation (Calls upon, Urges), instruction (Directs), declaratory",
});

export const VerbSchema = z
  .object({
    text: z.string().meta({ description: "The verb as printed: `Decides`, `Calls upon`" }),
    force: VerbForceSchema,
  })
  .meta({ id: "Verb" });

const textsVersion = z.string().meta({
  description: "Hash of the active set of official texts the answer was read from (`sha256:…`)",
});

/** One stored version of a text, as `sanctions texts list|history` and `GET /v1/texts` show it. */
export const TextSummarySchema = z
  .object({
    symbol: z.string().meta({ example: "S/RES/2397 (2017)" }),
    adopted: z.string().nullable().meta({ description: "Date of adoption (or of the vote, for a draft)" }),
    title: z.string().nullable(),
    paragraphs: z.number().int().meta({ description: "How many numbered operative paragraphs it has" }),
    annexes: z.number().int(),
    source: z.string().meta({ description: "The file name, or the URL, it was imported from" }),
    sha256: z.string().meta({ description: "SHA-256 of the file's bytes: the version's id" }),
    importedAt: z.string(),
    active: z.boolean(),
  })
  .meta({ id: "TextSummary" });
export type TextSummary = z.infer<typeof TextSummarySchema>;

/** The active set: `GET /v1/texts`, `sanctions texts list --json`. */
export const TextsListSchema = z
  .object({ textsVersion, texts: z.array(TextSummarySchema) })
  .meta({ id: "TextsList" });
export type TextsList = z.infer<typeof TextsListSchema>;

/** A resolution's outline: `GET /v1/texts/{symbol}`, `sanctions text SYMBOL --json`. */
export const ResolutionViewSchema = z
  .object({
    symbol: z.string(),
    adopted: z.string().nullable(),
    title: z.string().nullable(),
    textsVersion,
    paragraphs: z.array(
      z.object({
        number: z.string().meta({ description: "As printed, without its dot: `8`" }),
        verb: VerbSchema.nullable().meta({ description: "The verb the paragraph opens with" }),
        decides: z.boolean().meta({ description: "Whether some verb of the paragraph is a decision" }),
      }),
    ),
    annexes: z.array(z.object({ label: z.string(), heading: z.string().nullable() })),
  })
  .meta({ id: "ResolutionText" });
export type ResolutionView = z.infer<typeof ResolutionViewSchema>;

/** A paragraph or sub-paragraph: `GET /v1/texts/{symbol}/paragraphs/{n}`, `sanctions text SYMBOL N --json`. */
export const ParagraphViewSchema = z
  .object({
    symbol: z.string(),
    adopted: z.string().nullable(),
    paragraph: z.string().meta({ description: "What was read: `8`, or `8(a)` for a sub-paragraph" }),
    text: z.string().meta({ description: "The paragraph's (or the sub-paragraph's) whole text" }),
    lead: z.string().meta({ description: "The paragraph's words before its first sub-paragraph" }),
    verb: VerbSchema.nullable(),
    decides: z.boolean(),
    subparagraphs: z.array(z.object({ label: z.string(), text: z.string() })),
    cites: z.array(z.string()).meta({ description: "Other resolutions the paragraph cites" }),
    textsVersion,
  })
  .meta({ id: "Paragraph" });
export type ParagraphView = z.infer<typeof ParagraphViewSchema>;

/** An annex: `GET /v1/texts/{symbol}/annexes/{label}`, `sanctions text SYMBOL "Annex IV" --json`. */
export const AnnexViewSchema = z
  .object({
    symbol: z.string(),
    adopted: z.string().nullable(),
    annex: z.string().meta({ description: "The label the text prints: `Annex IV`" }),
    heading: z.string().nullable(),
    text: z.string().meta({ description: "The annex's blocks, one per line" }),
    textsVersion,
  })
  .meta({ id: "Annex" });
export type AnnexView = z.infer<typeof AnnexViewSchema>;
