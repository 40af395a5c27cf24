/**
 * @module api/schemas
 * The request and response schemas of the HTTP API, in zod, from which `/openapi.json` is generated.
 * Activities are not redefined here: `/v1/check` reads them with the library's `parseActivity`
 * (the same codes and messages as `sanctions check`) and documents them with `activitySchema`.
 */
import { z } from "@hono/zod-openapi";
import { activitySchema } from "../model/activity.js";
import { Verdict } from "../model/contract.js";
import { isIsoDate } from "../model/dates.js";
import {
  MAX_CODE_LENGTH,
  MAX_ID_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_NAME_LENGTH,
  MAX_RESULTS,
  MAX_TEXT_LENGTH,
} from "../model/limits.js";
import { ROLES } from "./auth.js";

/** A calendar date written YYYY-MM-DD (a real one: 2019-02-30 is refused). */
export const IsoDate = z
  .string()
  .max(MAX_CODE_LENGTH)
  .refine(isIsoDate, { message: "must be a real date written YYYY-MM-DD" })
  .openapi({ type: "string", format: "date", example: "2019-12-17" });

/** The body of every error. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid_request" }),
      message: z.string(),
      issues: z
        .array(z.object({ path: z.string(), code: z.string(), message: z.string() }))
        .optional()
        .openapi({
          description: "Where and what: `path` names the field (dotted), `message` the limit it broke",
        }),
      requestId: z.string().optional(),
    }),
  })
  .openapi("Error");

/** Error responses every authenticated route may give. */
export function errorResponses(
  ...statuses: readonly number[]
): Record<number, { description: string; content: { "application/json": { schema: typeof ErrorBody } } }> {
  const descriptions: Record<number, string> = {
    400: "Invalid request: the issues say where",
    401: "No API key, or an unknown one",
    403: "The key's role does not allow this",
    404: "Not found",
    409: "The server's data cannot answer this yet",
    413: "Body too large",
    415: "Body not JSON",
    503: "audit_unavailable: the checks could not be recorded, so no verdict is given; retry after Retry-After",
  };
  const out: Record<
    number,
    { description: string; content: { "application/json": { schema: typeof ErrorBody } } }
  > = {};
  for (const status of [401, ...statuses]) {
    out[status] = {
      description: descriptions[status] ?? "Error",
      content: { "application/json": { schema: ErrorBody } },
    };
  }
  return out;
}

/** The JSON Schema of an activity (input side), registered as the `Activity` component. */
export function activityJsonSchema(): Record<string, unknown> {
  const { $schema: _schema, ...schema } = z.toJSONSchema(activitySchema, {
    io: "input",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return schema;
}

const ActivityRef = { $ref: "#/components/schemas/Activity" };

/**
 * The body of `POST /v1/check`: one activity or an array of them. Validated item by item with
 * `parseActivity`, so that one bad activity in an array is reported in its place and the rest are
 * evaluated, as in `sanctions check`.
 */
export const CheckBody = z.unknown().openapi({
  description: "One activity, or an array of activities (each evaluated or rejected on its own)",
  oneOf: [ActivityRef, { type: "array", items: ActivityRef }],
  example: { id: "1", type: "goods", date: "2019-12-17", hs: "0302.11", from: "KP", to: "CN" },
});

/**
 * A verdict: the same object as a line of `sanctions check --json`. The schema is the contract's
 * (`model/contract.ts`): each reason typed by its code, the codes an enum, the component named `Verdict`.
 */
export const VerdictSchema = Verdict;

/** A rejected activity: `sanctions check --json`'s error line, with the array index for the line. */
export const RejectedSchema = z
  .object({
    id: z.string().nullable(),
    error: z.object({
      code: z.string(),
      message: z.string(),
      index: z.number().int().optional(),
      field: z.string().optional(),
      limit: z.number().optional().openapi({ description: "For `over_limit`: the limit the field broke" }),
    }),
  })
  .openapi("Rejected");

export const CheckResult = z.union([VerdictSchema, RejectedSchema]);

export const CheckManyResponse = z
  .object({
    results: z.array(CheckResult),
    summary: z.object({
      evaluated: z.number().int(),
      rejected: z.number().int(),
      byVerdict: z.record(z.string(), z.number().int()),
    }),
  })
  .openapi("CheckResults");

/** The facts a screening query may give (as `sanctions screen --file` reads them). */
export const ScreenQuery = z
  .strictObject({
    id: z.union([z.string().max(MAX_ID_LENGTH), z.number()]).optional(),
    name: z.string().trim().min(1).max(MAX_NAME_LENGTH),
    kind: z.enum(["person", "entity", "vessel"]).optional(),
    dob: z.string().max(MAX_CODE_LENGTH).optional(),
    nationality: z.string().max(MAX_CODE_LENGTH).optional(),
    gender: z.enum(["male", "female"]).optional(),
    imo: z.string().max(MAX_CODE_LENGTH).optional(),
    passport: z.string().max(MAX_CODE_LENGTH).optional(),
    nationalId: z.string().max(MAX_CODE_LENGTH).optional(),
    swift: z.string().max(MAX_CODE_LENGTH).optional(),
  })
  .openapi("ScreenQuery");

export const ScreenBody = z
  .strictObject({
    queries: z.array(ScreenQuery).min(1),
    threshold: z.number().optional(),
    limit: z.number().int().min(1).max(MAX_RESULTS).optional(),
  })
  .openapi("ScreenRequest");

/** A loose JSON object (shapes documented in docs/api.md, the same as the CLI's `--json`). */
export const JsonObject = z.record(z.string(), z.unknown());

/**
 * An object whose keys are at most `max` characters, any values (checked by the library that reads
 * them). zod's own error for a bad key does not say why; this one names the limit.
 */
function boundedKeys(max: number) {
  return z.record(z.string().max(max), z.unknown(), {
    error: (issue) => (issue.code === "invalid_key" ? `keys are at most ${max} characters` : undefined),
  });
}

export const DraftDiffBody = z
  .strictObject({
    id: z.string().max(MAX_ID_LENGTH).optional().openapi({ example: "cn-ru-2019" }),
    draft: z.record(z.string(), z.unknown()).optional(),
    at: IsoDate.optional(),
    activities: z.array(z.unknown()).optional(),
  })
  .openapi("DraftDiffRequest");

export const CouncilVoteBody = z
  .strictObject({
    symbol: z.string().max(MAX_ID_LENGTH).optional(),
    title: z.string().max(MAX_TEXT_LENGTH).optional(),
    date: z.string().max(MAX_CODE_LENGTH).optional(),
    // The years the United Nations could have voted in, not a size: the Council data says which it covers.
    year: z.number().int().min(1945).max(2100).optional(),
    votes: boundedKeys(MAX_NAME_LENGTH).optional(),
    positions: boundedKeys(MAX_NAME_LENGTH).optional(),
  })
  .openapi("CouncilVoteRequest");

/** The body of `POST /v1/keys`. */
export const CreateKeyBody = z
  .strictObject({
    role: z.enum(ROLES).openapi({ example: "reader" }),
    label: z
      .string()
      .trim()
      .min(1)
      .max(MAX_LABEL_LENGTH)
      .openapi({ description: "What the key is for, shown in lists", example: "CI pipeline" }),
  })
  .openapi("CreateKeyRequest");

/** A stored API key as it is listed: never its secret, nor its hash. */
export const ApiKeySchema = z
  .object({
    id: z.string().openapi({
      description: "The public id, as the log and the audit log name the key",
      example: "key-3f9a1c2e",
    }),
    role: z.enum(ROLES),
    label: z.string().nullable(),
    createdAt: z.string().openapi({ format: "date-time" }),
    revokedAt: z.string().nullable().openapi({ format: "date-time" }),
  })
  .openapi("ApiKey");

/** A key just created, with its secret: the only answer that carries it. */
export const CreatedApiKeySchema = ApiKeySchema.extend({
  secret: z.string().openapi({ description: "Send as `Authorization: Bearer <secret>`; not shown again" }),
}).openapi("CreatedApiKey");
