/**
 * @module api/routes/audit
 * `GET /v1/audit` (analyst and admin keys): the audit log's entries, newest first: batches of recorded
 * checks and analysts' decisions on screening alerts, as `sanctions audit list --json` prints them.
 *
 * `GET /v1/audit/checks` (analyst and admin keys): the recorded checks of an activity, an API request
 * or a batch, newest first, each with its verdict and reasons, the regime version and list snapshots
 * it was reached under, who asked and when; with `replay=true`, whether re-evaluating it under those
 * versions and the ledger's and exemption records' recorded answers gives the same answer. The same
 * records as `sanctions audit show --json`. Checks made through the API are here once the audit
 * journal has drained them into the database, within 50 ms of their answer.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { MAX_ID_LENGTH, MAX_RESULTS } from "../../model/limits.js";
import { ok, requireRole, type ApiApp, type Services } from "../env.js";
import { ApiError } from "../errors.js";
import { errorResponses, JsonObject } from "../schemas.js";
import { hasUnstorableText } from "../storable.js";

const AuditQuery = z.object({
  activity: z.string().min(1).max(MAX_ID_LENGTH).optional().openapi({ example: "shipment-0042" }),
  request: z
    .string()
    .min(1)
    .max(MAX_ID_LENGTH)
    .optional()
    .openapi({ description: "an API request's X-Request-Id" }),
  batch: z.string().min(1).max(MAX_ID_LENGTH).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_RESULTS).default(20),
  replay: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true"),
});

const auditChecksRoute = createRoute({
  method: "get",
  path: "/v1/audit/checks",
  summary: "Recorded checks of an activity, a request or a batch, and whether they replay the same",
  description:
    "Analyst and admin keys. At least one of `activity` (the id the client sent), `request` (an API " +
    "request's X-Request-Id) or `batch`; all given must hold. Newest first, at most `limit` (default 20, " +
    "at most 100). With `replay=true` each check carries `replay`: `{identical: true}`, or the " +
    "difference (`kind`, `recorded`, `replayed`, `message`).",
  middleware: [requireRole("analyst")] as const,
  request: { query: AuditQuery },
  responses: {
    200: {
      description: "`{checks: [...]}`, as `sanctions audit show --json` prints them",
      content: { "application/json": { schema: z.object({ checks: z.array(JsonObject) }) } },
    },
    ...errorResponses(400, 403, 409),
  },
});

const auditEntriesRoute = createRoute({
  method: "get",
  path: "/v1/audit",
  summary: "The audit log: batches of recorded checks and analysts' decisions, newest first",
  description:
    "Analyst and admin keys. At most `limit` entries (default 20, at most 100), newest first, each with " +
    "`kind`: `checks` (a batch: `id`, `source`, `regimeVersion`, `listSnapshot`, `checks`, `recordedAt`, " +
    "...) or `decision` (`id`, `recordedAt`, `by`, and the `decision` as `GET /v1/decisions` gives it); " +
    "`total` counts them all.",
  middleware: [requireRole("analyst")] as const,
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(MAX_RESULTS).default(20) }) },
  responses: {
    200: {
      description: "`{entries: [...], total}`, the entries as `sanctions audit list --json` prints them",
      content: {
        "application/json": { schema: z.object({ entries: z.array(JsonObject), total: z.number().int() }) },
      },
    },
    ...errorResponses(400, 403, 409),
  },
});

/** Registers `GET /v1/audit` and `GET /v1/audit/checks`. */
export function registerAudit(app: ApiApp, services: Services): void {
  const auditLog = () => {
    const log = services.deps.auditLog;
    if (!log)
      throw new ApiError(409, "no_store", "this server keeps no audit log: it runs without a database");
    return log;
  };

  app.openapi(auditEntriesRoute, async (c) => {
    const { limit } = c.req.valid("query");
    return ok(c, await auditLog().entries({ limit }));
  });

  app.openapi(auditChecksRoute, async (c) => {
    const query = c.req.valid("query");
    const log = auditLog();
    if (query.activity === undefined && query.request === undefined && query.batch === undefined)
      throw new ApiError(400, "invalid_request", "give activity, request or batch", [
        { path: "activity", code: "required", message: "one of activity, request or batch is required" },
      ]);
    // Text the database cannot hold (a NUL, a lone surrogate) was never recorded: nothing matches it.
    const unstorable = [query.activity, query.request, query.batch].some(
      (value) => value !== undefined && hasUnstorableText(value),
    );
    const checks = unstorable
      ? []
      : await log.lookUp(
          {
            ...(query.activity === undefined ? {} : { activityId: query.activity }),
            ...(query.request === undefined ? {} : { requestId: query.request }),
            ...(query.batch === undefined ? {} : { batchId: query.batch }),
          },
          { limit: query.limit, replay: query.replay },
        );
    return ok(c, { checks });
  });
}
