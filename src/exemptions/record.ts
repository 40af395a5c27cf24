/**
 * @module exemptions/record
 * Exemption records in the shape of the 1718 Committee's humanitarian exemption approvals (IAN No. 7,
 * under 2397 OP25): reference, approval date, validity (six months originally; nine since the
 * 30 November 2020 revision, where justified), the items with HS codes and quantities, the parties,
 * and how many shipments are allowed (up to three) and used. And the standing carve-out of 2664 OP1:
 * covered humanitarian actors need no case-by-case exemption for asset-freeze-related transactions.
 */
import { parse } from "yaml";
import { z } from "zod";
import { addDays, addMonths, isIsoDate } from "../model/dates.js";
import {
  MAX_CODE_LENGTH,
  MAX_ID_LENGTH,
  MAX_NAME_LENGTH,
  MAX_PARTIES,
  MAX_QUANTITY,
  MAX_TEXT_LENGTH,
} from "../model/limits.js";
import { ExemptionError } from "./errors.js";

/** Most items an approval may list, and HS codes an item may name. */
export const MAX_ITEMS = 1_000;
export const MAX_HS_CODES = 100;

/**
 * The schemas, bounded or not. Records a client sends are held to the limits of `model/limits.ts`
 * (a 3,000-character reference does not fit the table's index, and failed as a 500); records already
 * stored are read without them, so that a record stored before a limit existed is still read, never
 * lost.
 */
function schemas(bounded: boolean) {
  const text = (max: number) =>
    bounded
      ? z.string().max(max, {
          error: (issue) =>
            `at most ${max} characters (${String(typeof issue.input === "string" ? issue.input.length : "more")} given)`,
        })
      : z.string();
  const list = <T extends z.ZodType>(item: T, max: number) =>
    bounded ? z.array(item).max(max, `at most ${max} entries`) : z.array(item);
  const count = (schema: z.ZodNumber) =>
    bounded ? schema.max(MAX_QUANTITY, `at most ${MAX_QUANTITY.toExponential()}`) : schema;

  const date = text(MAX_CODE_LENGTH).refine(isIsoDate, "must be a date written YYYY-MM-DD");
  const hs = z
    .union([text(MAX_CODE_LENGTH), z.number()])
    .transform((value) => String(value).replace(/[.\s]/g, ""))
    .refine(
      (value) => /^\d{2,10}$/.test(value),
      "must be an HS code of 2 to 10 digits (write it as a string)",
    );

  const party = z.strictObject({
    name: text(MAX_NAME_LENGTH).trim().min(1),
    role: text(MAX_CODE_LENGTH).optional(),
    country: text(MAX_CODE_LENGTH).optional(),
  });

  const item = z.strictObject({
    description: text(MAX_TEXT_LENGTH).min(1),
    hs: list(hs, MAX_HS_CODES).min(1),
    quantity: count(z.number().positive()).optional(),
    unit: text(MAX_CODE_LENGTH).optional(),
  });

  const common = {
    reference: text(MAX_ID_LENGTH).trim().min(1),
    title: text(MAX_TEXT_LENGTH).optional(),
    source: text(MAX_TEXT_LENGTH).optional(),
    note: text(MAX_TEXT_LENGTH).optional(),
    /** Whether the record was checked against the Committee's published list of approvals. */
    verified: z.boolean().default(false),
  };

  const committeeExemption = z.strictObject({
    ...common,
    kind: z.literal("committee"),
    applicant: text(MAX_NAME_LENGTH).min(1),
    approved: date,
    /** Validity from approval: 6 months (IAN 7), 9 months since the 2020 revision where justified. */
    validityMonths: z.number().int().positive().max(24).optional(),
    /** The last valid day, when the approval states one (overrides `validityMonths`). */
    validUntil: date.optional(),
    /** Activity types the approval covers; goods unless stated. */
    activities: z
      .array(z.enum(["goods", "payment", "service", "vessel", "joint_venture", "employment"]))
      .default(["goods"]),
    /** Goods covered (HS codes and quantities); an approval of goods names at least one. */
    items: list(item, MAX_ITEMS).default([]),
    parties: list(party, MAX_PARTIES).default([]),
    shipments: z.strictObject({
      allowed: count(z.number().int().positive()),
      used: count(z.number().int().nonnegative()).default(0),
    }),
  });

  const carveOut = z.strictObject({
    ...common,
    kind: z.literal("carve-out"),
    /** The covered actor (the UN, an international or humanitarian organization, an NGO in a UN plan). */
    actor: text(MAX_NAME_LENGTH).trim().min(1),
    category: z.enum(["un", "international-organization", "ga-observer", "un-plan-ngo", "other"]),
    /** The carve-out applies from 2664's adoption (9 December 2022) unless a later date is given. */
    from: date.default("2022-12-09"),
    aliases: list(text(MAX_NAME_LENGTH).trim().min(1), MAX_PARTIES).default([]),
  });

  return {
    committeeExemption,
    carveOut,
    exemptionRecord: z.discriminatedUnion("kind", [committeeExemption, carveOut]),
  };
}

const bounded = schemas(true);
const stored = schemas(false);

/** The schemas of a record as a client sends it, with the limits of `model/limits.ts`. */
export const committeeExemption = bounded.committeeExemption;
export const carveOut = bounded.carveOut;
export const exemptionRecord = bounded.exemptionRecord;

export type ExemptionRecord = z.infer<typeof exemptionRecord>;
export type CommitteeExemption = z.infer<typeof committeeExemption>;
export type CarveOut = z.infer<typeof carveOut>;
/** What a record file may say (defaults not yet applied). */
export type ExemptionInput = z.input<typeof exemptionRecord>;

/** The citation each kind of record rests on. */
export const exemptionCitation: Readonly<Record<ExemptionRecord["kind"], string>> = {
  committee: "S/RES/2397 (2017) OP25",
  "carve-out": "S/RES/2664 (2022) OP1",
};

/** Default validity when an approval states none: six months, as IAN 7 first set it. */
const defaultValidityMonths = 6;

/** The last day a committee exemption is valid, or undefined for a carve-out (no end). */
export function lastValidDay(record: ExemptionRecord): string | undefined {
  if (record.kind !== "committee") return undefined;
  if (record.validUntil !== undefined) return record.validUntil;
  return addDays(addMonths(record.approved, record.validityMonths ?? defaultValidityMonths), -1);
}

/** Whether a record applies on `date`, as `exemptions list` and `GET /v1/exemptions` show it. */
export type ExemptionState = "in force" | "not yet valid" | "expired" | "exhausted";

/** The state of a record on `date` (YYYY-MM-DD). */
export function exemptionState(record: ExemptionRecord, date: string): ExemptionState {
  if (record.kind === "committee") {
    const last = lastValidDay(record);
    if (date < record.approved) return "not yet valid";
    if (last !== undefined && date > last) return "expired";
    if (record.shipments.used >= record.shipments.allowed) return "exhausted";
  } else if (date < record.from) return "not yet valid";
  return "in force";
}

/** The first day a record applies. */
export function firstValidDay(record: ExemptionRecord): string {
  return record.kind === "committee" ? record.approved : record.from;
}

/**
 * Validates one record (parsed JSON or YAML).
 * @throws {ExemptionError} `record_invalid` naming the field
 */
export function parseExemption(value: unknown): ExemptionRecord {
  const parsed = exemptionRecord.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") || "(record)";
    throw new ExemptionError(
      "record_invalid",
      issue ? `${field}: ${issue.message}` : "invalid exemption record",
      field,
    );
  }
  const record = parsed.data;
  const fail = (field: string, why: string): never => {
    throw new ExemptionError("record_invalid", `${field}: ${why}`, field);
  };
  if (record.kind === "committee" && record.shipments.used > record.shipments.allowed)
    fail("shipments.used", "more than shipments.allowed");
  if (record.kind === "committee" && record.activities.includes("goods") && record.items.length === 0)
    fail("items", "an approval covering goods lists at least one item");
  if (record.kind === "committee" && record.validUntil !== undefined && record.validUntil < record.approved)
    fail("validUntil", "before the approval date");
  const last = lastValidDay(record);
  // An approval late in 9999 plus its months would end in a year no date column can hold.
  if (last !== undefined && !isIsoDate(last)) fail("validityMonths", "the validity ends after 9999-12-31");
  return record;
}

/**
 * Reads a record as the database holds it: the schema without the limits on what a client sends, so
 * that a record stored before a limit existed is read as it was stored.
 * @throws {ExemptionError} `record_invalid` when the stored value is not a record at all
 */
export function readStoredExemption(value: unknown): ExemptionRecord {
  const parsed = stored.exemptionRecord.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ExemptionError(
      "record_invalid",
      `stored record: ${issue ? `${issue.path.join(".") || "(record)"}: ${issue.message}` : "invalid"}`,
    );
  }
  return parsed.data;
}

/**
 * Reads records from the text of a YAML or JSON file: one record, or a list of them.
 * @throws {ExemptionError} `record_invalid` (with the record's position in a list)
 */
export function parseExemptionFile(text: string): ExemptionRecord[] {
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    throw new ExemptionError(
      "record_invalid",
      `not YAML or JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const values = Array.isArray(value) ? value : [value];
  return values.map((item, index) => {
    try {
      return parseExemption(item);
    } catch (error) {
      if (error instanceof ExemptionError && values.length > 1)
        throw new ExemptionError(error.code, `record ${index + 1}: ${error.message}`, error.field);
      throw error;
    }
  });
}
