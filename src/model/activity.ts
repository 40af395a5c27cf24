/**
 * @module model/activity
 * What a user asks about: a shipment, a work contract, a joint venture, a payment, a vessel operation or a
 * service, on a date. Parsed from JSON Lines or CSV records; a bad record gives one error that names the
 * field, and the batch goes on.
 */
import { z } from "zod";
import { parseHsCode } from "../goods/index.js";
import { isCountryCode } from "./countries.js";
import { isIsoDate } from "./dates.js";
import { jointVentureActions, paymentInstruments, serviceKinds, vesselActions } from "./regime-schema.js";

/** Codes of the errors an activity record can have. */
export type ActivityErrorCode =
  | "missing_field"
  | "unknown_type"
  | "invalid_type"
  | "invalid_value"
  | "invalid_date"
  | "invalid_hs_code"
  | "unknown_country";

export interface ActivityError {
  readonly code: ActivityErrorCode;
  readonly message: string;
  /** The field at fault, e.g. `hs`, `vessel.imo`, `parties[1].name`. */
  readonly field?: string;
}

const date = z.string().refine(isIsoDate, {
  message: "must be a real date written YYYY-MM-DD",
  params: { code: "invalid_date" },
});

const country = z
  .string()
  .transform((value) => value.trim().toUpperCase())
  .refine(isCountryCode, {
    message: "must be an ISO 3166 alpha-2 country code",
    params: { code: "unknown_country" },
  });

/** Numbers may arrive as strings from CSV. */
const number = z.preprocess(
  (value) => (typeof value === "string" && value.trim() !== "" ? Number(value) : value),
  z.number().nonnegative(),
);

/** Booleans may arrive as strings from CSV. */
const boolean = z.preprocess((value) => {
  if (typeof value !== "string") return value;
  const text = value.trim().toLowerCase();
  return ["true", "yes", "1"].includes(text) ? true : ["false", "no", "0"].includes(text) ? false : value;
}, z.boolean());

const hs = z.union([z.string(), z.number()]).transform((value, context) => {
  if (typeof value === "number") {
    context.addIssue({
      code: "custom",
      message: "write HS codes as strings: as a number, 0301 becomes 301",
      params: { code: "invalid_hs_code" },
    });
    return z.NEVER;
  }
  const parsed = parseHsCode(value);
  if (!parsed.ok) {
    context.addIssue({ code: "custom", message: parsed.error.message, params: { code: "invalid_hs_code" } });
    return z.NEVER;
  }
  return parsed.code;
});

export const party = z.object({
  name: z.string().trim().min(1),
  role: z.string().optional(),
  kind: z.enum(["person", "entity", "vessel"]).optional(),
  country: country.optional(),
  nationality: country.optional(),
  imo: z.union([z.string(), z.number()]).transform(String).optional(),
  dob: z.string().optional(),
  passport: z.string().optional(),
});
export type Party = z.infer<typeof party>;

export const vesselFacts = z.object({
  name: z.string().optional(),
  imo: z.union([z.string(), z.number()]).transform(String).optional(),
  flag: country.optional(),
});
export type VesselFacts = z.infer<typeof vesselFacts>;

/** Facts any activity may carry, which exceptions and exemptions read. */
const common = {
  id: z.union([z.string().min(1), z.number()]).transform(String),
  date,
  description: z.string().optional(),
  parties: z.array(party).optional(),
  vessel: vesselFacts.optional(),
  contractDate: date.optional(),
  purpose: z.enum(["livelihood", "humanitarian", "denuclearization", "development", "diplomatic"]).optional(),
  endUse: z
    .enum(["civil-aircraft-spare-parts", "civil-passenger-flight", "food", "medicine", "medical-exchange"])
    .optional(),
  project: z
    .enum(["rajin-khasan", "hydroelectric", "public-utility-infrastructure", "inter-korean-rail-road"])
    .optional(),
  /** A Committee approval the user claims; an exemption reference lets it be checked. */
  committeeApproval: boolean.optional(),
  exemption: z.string().optional(),
  notified: boolean.optional(),
  /**
   * Whether there are reasonable grounds to believe the activity could contribute to the prohibited
   * programmes or to evasion (or involves prohibited items): some measures turn on it.
   */
  suspect: boolean.optional(),
};

export const goodsActivity = z.object({
  type: z.literal("goods"),
  ...common,
  hs,
  from: country,
  to: country,
  origin: country.optional(),
  port: z.string().optional(),
  quantity: number.optional(),
  unit: z.string().optional(),
  value: number.optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD")
    .optional(),
  hsEdition: z.enum(["HS2017", "HS2022"]).optional(),
});

export const employmentActivity = z.object({
  type: z.literal("employment"),
  ...common,
  nationality: country,
  country,
  /** True for a new work authorization; false for a person already working under an existing one. */
  newAuthorization: boolean,
  workerStatus: z.enum(["host-national", "protected-by-law", "un-privileges"]).optional(),
});

export const jointVentureActivity = z.object({
  type: z.literal("joint_venture"),
  ...common,
  partnerCountry: country,
  country: country.optional(),
  action: z.enum(jointVentureActions),
});

export const paymentActivity = z.object({
  type: z.literal("payment"),
  ...common,
  from: country,
  to: country,
  amount: number.optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as USD")
    .optional(),
  instrument: z.enum(paymentInstruments),
  /** For bank offices and correspondent accounts: an arrangement that existed before the ban. */
  existing: boolean.optional(),
});

export const vesselActivity = z.object({
  type: z.literal("vessel"),
  ...common,
  action: z.enum(vesselActions),
  /** The vessel refused an inspection authorized by its flag State. */
  refusedInspection: boolean.optional(),
  vessel: vesselFacts,
  from: country.optional(),
  to: country.optional(),
});

export const serviceActivity = z.object({
  type: z.literal("service"),
  ...common,
  service: z.enum(serviceKinds),
  from: country,
  to: country,
});

export const activitySchema = z.discriminatedUnion("type", [
  goodsActivity,
  employmentActivity,
  jointVentureActivity,
  paymentActivity,
  vesselActivity,
  serviceActivity,
]);

export type Activity = z.infer<typeof activitySchema>;
export type GoodsActivity = z.infer<typeof goodsActivity>;
export type EmploymentActivity = z.infer<typeof employmentActivity>;
export type JointVentureActivity = z.infer<typeof jointVentureActivity>;
export type PaymentActivity = z.infer<typeof paymentActivity>;
export type VesselActivity = z.infer<typeof vesselActivity>;
export type ServiceActivity = z.infer<typeof serviceActivity>;
export type ActivityType = Activity["type"];

const types = ["goods", "employment", "joint_venture", "payment", "vessel", "service"];

export type ActivityParse =
  | { readonly ok: true; readonly activity: Activity }
  | { readonly ok: false; readonly id?: string; readonly error: ActivityError };

/** Parses one record into an activity, or the first error with the field it concerns. */
export function parseActivity(record: unknown): ActivityParse {
  const id = idOf(record);
  const withId = (error: ActivityError): ActivityParse => ({
    ok: false,
    ...(id === undefined ? {} : { id }),
    error,
  });
  if (record === null || typeof record !== "object" || Array.isArray(record)) {
    return withId({ code: "invalid_type", message: "an activity must be an object" });
  }
  const type = (record as { type?: unknown }).type;
  if (type === undefined)
    return withId({ code: "missing_field", message: "type is required", field: "type" });
  if (typeof type !== "string" || !types.includes(type)) {
    return withId({
      code: "unknown_type",
      message: `unknown activity type ${JSON.stringify(type)}; expected one of ${types.join(", ")}`,
      field: "type",
    });
  }
  const parsed = activitySchema.safeParse(record);
  if (parsed.success) return { ok: true, activity: parsed.data };
  const issue = parsed.error.issues[0];
  if (!issue) return withId({ code: "invalid_value", message: "invalid activity" });
  const field = formatField(issue.path);
  const value = valueAt(record, issue.path);
  let code: ActivityErrorCode = "invalid_value";
  if (value === undefined) {
    code = "missing_field";
  } else if (issue.code === "custom") {
    code = (issue.params as { code?: ActivityErrorCode } | undefined)?.code ?? "invalid_value";
  } else if (issue.code === "invalid_type") {
    code = "invalid_type";
  }
  const message =
    code === "missing_field" ? `${field} is required` : `${field} ${describe(value)}: ${issue.message}`;
  return withId({ code, message, ...(field ? { field } : {}) });
}

function idOf(record: unknown): string | undefined {
  if (record === null || typeof record !== "object") return undefined;
  const id = (record as { id?: unknown }).id;
  return typeof id === "string" || typeof id === "number" ? String(id) : undefined;
}

function formatField(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, part) =>
      typeof part === "number" ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part),
    "",
  );
}

function valueAt(record: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = record;
  for (const part of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

function describe(value: unknown): string {
  const text = value === undefined ? "nothing" : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
