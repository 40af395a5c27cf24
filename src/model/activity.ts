/**
 * @module model/activity
 * What a user asks about: a shipment, a work contract, a joint venture, a payment, a vessel operation or a
 * service, on a date. Parsed from JSON Lines or CSV records; a bad record gives one error that names the
 * field, and the batch goes on. Every string, list and number is bounded (`./limits.ts`): a value over
 * its limit is an `over_limit` error naming the field and the limit, before it reaches the evaluator,
 * the audit log or an index.
 */
import { z } from "zod";
import { parseHsCode } from "../goods/index.js";
import { isCountryCode } from "./countries.js";
import { isIsoDate } from "./dates.js";
import {
  MAX_CODE_LENGTH,
  MAX_ID_LENGTH,
  MAX_NAME_LENGTH,
  MAX_PARTIES,
  MAX_QUANTITY,
  MAX_TEXT_LENGTH,
} from "./limits.js";
import {
  activityFacts,
  activityTypes,
  commonFactNames,
  ownFactNames,
  type ActivityFacts,
  type FactName,
  type FactValue,
  type FactValueOf,
} from "./facts.js";
import { jointVentureActions, paymentInstruments, serviceKinds, vesselActions } from "./vocabulary.js";

/** Codes of the errors an activity record can have. */
export type ActivityErrorCode =
  | "missing_field"
  | "unknown_type"
  | "invalid_type"
  | "invalid_value"
  | "invalid_date"
  | "invalid_hs_code"
  | "unknown_country"
  /** A text longer, a list longer or a number larger than its limit (`limit` says which). */
  | "over_limit";

export interface ActivityError {
  readonly code: ActivityErrorCode;
  readonly message: string;
  /** The field at fault, e.g. `hs`, `vessel.imo`, `parties[1].name`. */
  readonly field?: string;
  /** For `over_limit`: the most characters, items or the largest number the field takes. */
  readonly limit?: number;
}

/** Text of at most `max` characters. */
const text = (max: number) => z.string().max(max);

const date = text(MAX_CODE_LENGTH).refine(isIsoDate, {
  message: "must be a real date written YYYY-MM-DD",
  params: { code: "invalid_date" },
});

const country = text(MAX_CODE_LENGTH)
  .transform((value) => value.trim().toUpperCase())
  .refine(isCountryCode, {
    message: "must be an ISO 3166 alpha-2 country code",
    params: { code: "unknown_country" },
  });

const number = z.preprocess(numberInput, z.number().nonnegative().max(MAX_QUANTITY));

/** Numbers may arrive as strings from CSV (shared with the fast path below). */
function numberInput(value: unknown): unknown {
  return typeof value === "string" && value.trim() !== "" ? Number(value) : value;
}

/** Booleans may arrive as strings from CSV (shared with the fast path below). */
function booleanInput(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const text = value.trim().toLowerCase();
  return ["true", "yes", "1"].includes(text) ? true : ["false", "no", "0"].includes(text) ? false : value;
}

const boolean = z.preprocess(booleanInput, z.boolean());

// Numbers are taken so that parseHsCode can say what a number did to the code (a lost leading zero).
const hs = z.union([text(MAX_CODE_LENGTH), z.number()]).transform((value, context) => {
  const parsed = parseHsCode(value);
  if (!parsed.ok) {
    context.addIssue({ code: "custom", message: parsed.error.message, params: { code: "invalid_hs_code" } });
    return z.NEVER;
  }
  return parsed.code;
});

const partyKinds = ["person", "entity", "vessel"] as const;

/** An IMO number, written as a string or a number (kept as a string). */
const imo = z.union([text(MAX_CODE_LENGTH), z.number()]).transform(String);

export const party = z.object({
  name: z.string().trim().min(1).max(MAX_NAME_LENGTH),
  role: text(MAX_CODE_LENGTH).optional(),
  kind: z.enum(partyKinds).optional(),
  country: country.optional(),
  nationality: country.optional(),
  imo: imo.optional(),
  dob: text(MAX_CODE_LENGTH).optional(),
  passport: text(MAX_CODE_LENGTH).optional(),
  /** A national identification number: confirms a match when it is the listed one's. */
  nationalId: text(MAX_CODE_LENGTH).optional(),
  /** A bank's SWIFT/BIC code: confirms a match when it is the listed bank's. */
  swift: text(MAX_CODE_LENGTH).optional(),
});
export type Party = z.infer<typeof party>;

export const vesselFacts = z.object({
  name: text(MAX_NAME_LENGTH).optional(),
  imo: imo.optional(),
  flag: country.optional(),
});
export type VesselFacts = z.infer<typeof vesselFacts>;

/** The schema of a fact's value, by its kind in the registry (`./facts.ts`). */
function factValueSchema(value: FactValue): z.ZodType {
  switch (value.kind) {
    case "boolean":
      return boolean;
    case "date":
      return date;
    case "country":
      return country;
    case "enum":
      return z.enum(value.values);
    case "text":
      return text(value.max);
  }
}

/** The optional fields of the facts `names`, typed from the registry. */
type FactShape<N extends FactName> = {
  [K in N]: z.ZodOptional<z.ZodType<FactValueOf<ActivityFacts[K]["value"]>>>;
};

/** The fields of the facts `names`, in the registry's order: each optional, checked as its kind, described. */
function factShape<N extends FactName>(names: readonly N[]): FactShape<N> {
  const shape: Record<string, z.ZodType> = {};
  for (const name of names) {
    const fact = activityFacts[name];
    // The description reaches the OpenAPI description of an activity.
    shape[name] = factValueSchema(fact.value).optional().describe(fact.description);
  }
  // The registry's `as const` types say what each kind's schema gives (see FactValueOf).
  return shape as FactShape<N>;
}

/** Fields any activity may carry: its id and date, words and parties, and the facts every type carries. */
const common = {
  id: z.union([text(MAX_ID_LENGTH).min(1), z.number()]).transform(String),
  date,
  description: text(MAX_TEXT_LENGTH).optional(),
  parties: z.array(party).max(MAX_PARTIES).optional(),
  vessel: vesselFacts.optional(),
  ...factShape(commonFactNames),
};

export const goodsActivity = z.object({
  type: z.literal("goods"),
  ...common,
  hs,
  from: country,
  to: country,
  ...factShape(ownFactNames("goods")),
  quantity: number.optional(),
  unit: text(MAX_CODE_LENGTH).optional(),
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
  ...factShape(ownFactNames("employment")),
});

export const jointVentureActivity = z.object({
  type: z.literal("joint_venture"),
  ...common,
  partnerCountry: country,
  country: country.optional(),
  action: z.enum(jointVentureActions),
  ...factShape(ownFactNames("joint_venture")),
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
  ...factShape(ownFactNames("payment")),
});

export const vesselActivity = z.object({
  type: z.literal("vessel"),
  ...common,
  action: z.enum(vesselActions),
  ...factShape(ownFactNames("vessel")),
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
  ...factShape(ownFactNames("service")),
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
export type { ActivityType } from "./facts.js";

// Typed so that every type of the registry's list must have its schema in the union.
const types: readonly Activity["type"][] = activityTypes;

export type ActivityParse =
  | { readonly ok: true; readonly activity: Activity }
  | { readonly ok: false; readonly id?: string; readonly error: ActivityError };

/** Parses one record into an activity, or the first error with the field it concerns. */
export function parseActivity(record: unknown): ActivityParse {
  return parse(record, true);
}

/**
 * {@link parseActivity} through the schema alone, never the goods fast path: what the property test
 * compares the fast path with.
 */
export function parseActivityBySchema(record: unknown): ActivityParse {
  return parse(record, false);
}

function parse(record: unknown, fastPath: boolean): ActivityParse {
  const id = idOf(record);
  if (record === null || typeof record !== "object" || Array.isArray(record)) {
    return failure(id, { code: "invalid_type", message: "an activity must be an object" });
  }
  const type = (record as { type?: unknown }).type;
  if (type === undefined)
    return failure(id, { code: "missing_field", message: "type is required", field: "type" });
  if (typeof type !== "string" || !(types as readonly string[]).includes(type)) {
    return failure(id, {
      code: "unknown_type",
      message: `unknown activity type ${JSON.stringify(type)}; expected one of ${types.join(", ")}`,
      field: "type",
    });
  }
  if (fastPath && type === "goods") {
    const fast = goodsFast(record as Record<string, unknown>);
    if (fast) return { ok: true, activity: fast };
  }
  const parsed = activitySchema.safeParse(record);
  if (parsed.success) return { ok: true, activity: parsed.data };
  const issue = parsed.error.issues[0];
  if (!issue) return failure(id, { code: "invalid_value", message: "invalid activity" });
  const field = formatField(issue.path);
  const value = valueAt(record, issue.path);
  if (issue.code === "too_big") {
    const limit = Number(issue.maximum);
    return failure(id, {
      code: "over_limit",
      message: overLimitText(field, issue.origin, value, limit),
      field,
      limit,
    });
  }
  if (typeof value === "number" && !Number.isFinite(value))
    return failure(id, {
      code: "invalid_value",
      message: `${field} ${describe(value)}: must be a finite number`,
      field,
    });
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
  return failure(id, { code, message, ...(field ? { field } : {}) });
}

function failure(id: string | undefined, error: ActivityError): ActivityParse {
  return { ok: false, ...(id === undefined ? {} : { id }), error };
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

/** The one wording of a value over its limit: how long or large it is, and the limit. */
function overLimitText(field: string, origin: string, value: unknown, limit: number): string {
  if (origin === "string" && typeof value === "string")
    return `${field} is ${value.length} characters long; the limit is ${limit}`;
  if (origin === "array" && Array.isArray(value))
    return `${field} has ${value.length} items; the limit is ${limit}`;
  return `${field} ${describe(value)} is over the limit of ${limit}`;
}

/** The value for a message, as JSON cut to 40 characters, however long or deeply nested it is. */
function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number") return String(value);
  const text = preview(value, 40);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/**
 * The JSON of `value`, or a text whose first `budget` characters are those of its JSON: it stops
 * once it has more than `budget` characters, so that a 10,000-deep array costs as little as a short
 * one (`JSON.stringify` would overflow the stack on it).
 */
function preview(value: unknown, budget: number): string {
  if (typeof value === "string")
    return JSON.stringify(value.length > budget ? value.slice(0, budget + 1) : value);
  if (typeof value === "number" || typeof value === "boolean") return JSON.stringify(value);
  // null, and what JSON has no text for (undefined in an array, a function): JSON writes null.
  if (value === null || typeof value !== "object") return "null";
  if (Array.isArray(value)) {
    let text = "[";
    for (const item of value as unknown[]) {
      if (text.length > budget) break;
      text += (text.length > 1 ? "," : "") + preview(item === undefined ? null : item, budget - text.length);
    }
    return `${text}]`;
  }
  let text = "{";
  for (const [key, item] of Object.entries(value)) {
    if (text.length > budget) break;
    if (item === undefined) continue;
    text += `${text.length > 1 ? "," : ""}${JSON.stringify(key)}:`;
    text += preview(item, budget - text.length);
  }
  return `${text}}`;
}

// --- fast path for goods records ------------------------------------------------------------------

/**
 * Parses an ordinary goods record without zod, or gives up (undefined) and lets the schema decide. It
 * accepts a value only where the schema would accept it and give the same output (the same checks and
 * limits, the same transforms: `trim().toUpperCase()` countries, `parseHsCode`, string numbers and booleans through
 * the same preprocessing), and builds the object with the schema's keys in the schema's order, absent
 * optional fields left out as the schema leaves them out. Anything else — parties, a vessel, a field the
 * schema would refuse, a key present with `undefined` (the schema keeps it) — goes to the schema, so that
 * every error keeps its code and message and every unusual record its exact shape. The facts are those of
 * the registry (`./facts.ts`), read with the checks of their kinds. Exported for the property test that
 * proves it gives what the schema gives (`./activity.test.ts`).
 */
export function goodsFast(record: Record<string, unknown>): GoodsActivity | undefined {
  // Constant property names for the fields of the goods type, so that each read and `in` test is a
  // cached lookup; the facts are read by name from the registry's list.
  const { id, date, description, parties, vessel, hs, from, to, quantity, unit, value, currency, hsEdition } =
    record;
  // A key present with the value undefined: the schema keeps it in its output.
  if (
    (parties === undefined && "parties" in record) ||
    (vessel === undefined && "vessel" in record) ||
    (description === undefined && "description" in record) ||
    (quantity === undefined && "quantity" in record) ||
    (unit === undefined && "unit" in record) ||
    (value === undefined && "value" in record) ||
    (currency === undefined && "currency" in record) ||
    (hsEdition === undefined && "hsEdition" in record)
  )
    return undefined;
  const idText = fastId(id);
  const day = fastDate(date);
  const code = typeof hs === "string" && hs.length <= MAX_CODE_LENGTH ? parseHsCode(hs) : undefined;
  const fromCode = fastCountry(from);
  const toCode = fastCountry(to);
  if (
    idText === undefined ||
    day === undefined ||
    !code?.ok ||
    fromCode === undefined ||
    toCode === undefined
  )
    return undefined;
  // Same keys in the same order as the schema's output; an absent optional field stays absent.
  const activity: Record<string, unknown> = { type: "goods", id: idText, date: day };
  if (description !== undefined) {
    if (!fastText(description, MAX_TEXT_LENGTH)) return undefined;
    activity["description"] = description;
  }
  if (parties !== undefined && (activity["parties"] = fastParties(parties)) === undefined) return undefined;
  if (vessel !== undefined && (activity["vessel"] = fastVessel(vessel)) === undefined) return undefined;
  if (!fastFacts(record, commonFactReaders, activity)) return undefined;
  activity["hs"] = code.code;
  activity["from"] = fromCode;
  activity["to"] = toCode;
  if (!fastFacts(record, goodsOwnFactReaders, activity)) return undefined;
  if (quantity !== undefined && (activity["quantity"] = fastNumber(quantity)) === undefined) return undefined;
  if (unit !== undefined) {
    if (!fastText(unit, MAX_CODE_LENGTH)) return undefined;
    activity["unit"] = unit;
  }
  if (value !== undefined && (activity["value"] = fastNumber(value)) === undefined) return undefined;
  if (currency !== undefined) {
    if (typeof currency !== "string" || !currencyPattern.test(currency)) return undefined;
    activity["currency"] = currency;
  }
  if (hsEdition !== undefined && (activity["hsEdition"] = fastEnum(hsEdition, hsEditions)) === undefined)
    return undefined;
  return activity as GoodsActivity;
}

/** A fact's name and the fast reading of its value: the value as the schema gives it, or undefined. */
interface FactReader {
  readonly name: string;
  readonly read: (value: unknown) => unknown;
}

/** The fast reading of a value of each kind of the registry, with the schema's checks and transforms. */
function fastReader(value: FactValue): (input: unknown) => unknown {
  switch (value.kind) {
    case "boolean":
      return fastBoolean;
    case "date":
      return fastDate;
    case "country":
      return fastCountry;
    case "enum":
      return (input) => fastEnum(input, value.values);
    case "text":
      return (input) => (fastText(input, value.max) ? input : undefined);
  }
}

const readersOf = (names: readonly FactName[]): FactReader[] =>
  names.map((name) => ({ name, read: fastReader(activityFacts[name].value) }));
const commonFactReaders = readersOf(commonFactNames);
const goodsOwnFactReaders = readersOf(ownFactNames("goods"));

/**
 * Copies the facts `readers` read from `record` into `activity`, in order; false if one is refused, or
 * present with the value undefined (the schema keeps such a key in its output).
 */
function fastFacts(
  record: Record<string, unknown>,
  readers: readonly FactReader[],
  activity: Record<string, unknown>,
): boolean {
  for (let i = 0; i < readers.length; i++) {
    const { name, read } = readers[i] as FactReader;
    const given = record[name];
    if (given === undefined) {
      if (name in record) return false;
      continue;
    }
    const value = read(given);
    if (value === undefined) return false;
    activity[name] = value;
  }
  return true;
}

/** A plain object (what JSON and CSV records hold); anything else is left to the schema. */
function plainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** `parties` as the schema gives it (names trimmed, IMO numbers as strings), or undefined. */
function fastParties(value: unknown): Party[] | undefined {
  if (!Array.isArray(value) || value.length > MAX_PARTIES) return undefined;
  const parties: Party[] = [];
  for (const element of value as unknown[]) {
    if (!plainObject(element)) return undefined;
    const { name, role, kind, country, nationality, imo, dob, passport, nationalId, swift } = element;
    if (
      (role === undefined && "role" in element) ||
      (kind === undefined && "kind" in element) ||
      (country === undefined && "country" in element) ||
      (nationality === undefined && "nationality" in element) ||
      (imo === undefined && "imo" in element) ||
      (dob === undefined && "dob" in element) ||
      (passport === undefined && "passport" in element) ||
      (nationalId === undefined && "nationalId" in element) ||
      (swift === undefined && "swift" in element)
    )
      return undefined;
    if (typeof name !== "string") return undefined;
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > MAX_NAME_LENGTH) return undefined;
    const party: Record<string, unknown> = { name: trimmed };
    if (role !== undefined) {
      if (!fastText(role, MAX_CODE_LENGTH)) return undefined;
      party["role"] = role;
    }
    if (kind !== undefined && (party["kind"] = fastEnum(kind, partyKinds)) === undefined) return undefined;
    if (country !== undefined && (party["country"] = fastCountry(country)) === undefined) return undefined;
    if (nationality !== undefined && (party["nationality"] = fastCountry(nationality)) === undefined)
      return undefined;
    if (imo !== undefined && (party["imo"] = fastImo(imo)) === undefined) return undefined;
    if (dob !== undefined) {
      if (!fastText(dob, MAX_CODE_LENGTH)) return undefined;
      party["dob"] = dob;
    }
    if (passport !== undefined) {
      if (!fastText(passport, MAX_CODE_LENGTH)) return undefined;
      party["passport"] = passport;
    }
    if (nationalId !== undefined) {
      if (!fastText(nationalId, MAX_CODE_LENGTH)) return undefined;
      party["nationalId"] = nationalId;
    }
    if (swift !== undefined) {
      if (!fastText(swift, MAX_CODE_LENGTH)) return undefined;
      party["swift"] = swift;
    }
    parties.push(party as Party);
  }
  return parties;
}

/** `vessel` as the schema gives it, or undefined. */
function fastVessel(value: unknown): VesselFacts | undefined {
  if (!plainObject(value)) return undefined;
  const { name, imo, flag } = value;
  if (
    (name === undefined && "name" in value) ||
    (imo === undefined && "imo" in value) ||
    (flag === undefined && "flag" in value)
  )
    return undefined;
  const vessel: Record<string, unknown> = {};
  if (name !== undefined) {
    if (!fastText(name, MAX_NAME_LENGTH)) return undefined;
    vessel["name"] = name;
  }
  if (imo !== undefined && (vessel["imo"] = fastImo(imo)) === undefined) return undefined;
  if (flag !== undefined && (vessel["flag"] = fastCountry(flag)) === undefined) return undefined;
  return vessel;
}

/** A string of at most `max` characters. */
function fastText(value: unknown, max: number): value is string {
  return typeof value === "string" && value.length <= max;
}

/** An IMO number written as a string or a (finite) number, as a string. */
function fastImo(value: unknown): string | undefined {
  if (typeof value === "string") return value.length <= MAX_CODE_LENGTH ? value : undefined;
  return typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
}
const hsEditions = ["HS2017", "HS2022"] as const;
const currencyPattern = /^[A-Z]{3}$/;

function fastId(value: unknown): string | undefined {
  if (typeof value === "string") return value.length > 0 && value.length <= MAX_ID_LENGTH ? value : undefined;
  return typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
}

/**
 * `isIsoDate` by character codes, without a regular expression or a `Date`: four digits, "-", two,
 * "-", two, a month 1–12 and a day that exists in it. Years before 0100 are refused as `isIsoDate`
 * refuses them (`Date.UTC` reads them as 19xx, so they never round-trip).
 */
function fastDate(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length !== 10) return undefined;
  if (value.charCodeAt(4) !== 0x2d || value.charCodeAt(7) !== 0x2d) return undefined;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  if (year < 100 || month < 1 || month > 12 || day < 1) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days =
    month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= days ? value : undefined;
}

/** The number written by the ASCII digits from `start` to `end`, or -1 if one is not a digit. */
function digits(text: string, start: number, end: number): number {
  let number = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    number = number * 10 + digit;
  }
  return number;
}

function fastCountry(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length > MAX_CODE_LENGTH) return undefined;
  const code = value.trim().toUpperCase();
  return isCountryCode(code) ? code : undefined;
}

function fastEnum<T extends string>(value: unknown, options: readonly T[]): T | undefined {
  return typeof value === "string" && (options as readonly string[]).includes(value)
    ? (value as T)
    : undefined;
}

function fastBoolean(value: unknown): boolean | undefined {
  const input = booleanInput(value);
  return typeof input === "boolean" ? input : undefined;
}

function fastNumber(value: unknown): number | undefined {
  const input = numberInput(value);
  return typeof input === "number" && Number.isFinite(input) && input >= 0 && input <= MAX_QUANTITY
    ? input
    : undefined;
}
