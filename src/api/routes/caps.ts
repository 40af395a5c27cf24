/**
 * @module api/routes/caps
 * `GET /v1/caps/status` (readers): how much of a cap period is used, the same JSON as
 * `sanctions caps status --json`. `GET /v1/caps/deliveries` (readers): the stored records, voided ones
 * marked, as `sanctions caps list --json`. `POST /v1/caps/deliveries` (admin keys only): one delivery
 * as JSON, as `sanctions caps add` takes it, or a table of notifications as `text/csv`, as `sanctions
 * caps import` reads it. `POST /v1/caps/deliveries/{id}/void` (admin keys only): a record voided, with
 * who, when and why, as `sanctions caps void`.
 *
 * Writes are idempotent: every record has a key (given, `file#row`, or derived from its content), so
 * a retried request answers `unchanged` rather than counting the delivery twice. Every field is held
 * to the limits of `model/limits.ts`, and a 400 names the field and the limit. The totals and rules
 * are `src/caps`'s; the ledger that later checks use is reloaded from the database after a write.
 */
import { createRoute, z } from "@hono/zod-openapi";
import {
  CapError,
  capStatusJson,
  createLedger,
  deliveryProblemMessage,
  loadCapsData,
  normaliseUnit,
  parseNotificationsCsv,
  type CapsData,
  type Delivery,
} from "../../caps/index.js";
import {
  MAX_CODE_LENGTH,
  MAX_ID_LENGTH,
  MAX_NAME_LENGTH,
  MAX_QUANTITY,
  MAX_TEXT_LENGTH,
} from "../../model/limits.js";
import { isStoreError } from "../../store/errors.js";
import type { RecordStores } from "../deps.js";
import { ok, requireRole, type ApiApp, type Services } from "../env.js";
import { ApiError } from "../errors.js";
import { errorResponses, IsoDate, JsonObject } from "../schemas.js";
import { requireStorable } from "../storable.js";

/** A string of at most `max` characters, the 400 saying so. */
function bounded(max: number) {
  return z.string().max(max, { error: `at most ${max} characters` });
}

const Measure = bounded(MAX_ID_LENGTH)
  .min(1)
  .regex(/^[A-Za-z0-9._-]+$/, "a measure id such as KP-IMP-REFINED")
  .openapi({ example: "KP-IMP-REFINED" });

const Year = z
  .string()
  .regex(/^\d{4}$/, "a year such as 2019")
  .openapi({ example: "2019" });

const statusRoute = createRoute({
  method: "get",
  path: "/v1/caps/status",
  summary: "How much of a cap is used in a year, with the threshold notices due",
  description:
    "The period of the cap in force at the end of `year` (the current year by default). Notifications and " +
    "estimates are totalled apart; overlapping reports are counted once; voided records are listed under " +
    "`skipped` (`why: voided`) and counted in no total. When the measure has no cap period then, " +
    "`{measure, date, reason}`.",
  middleware: [requireRole("reader")] as const,
  request: { query: z.object({ year: Year.optional(), measure: Measure.optional() }) },
  responses: {
    200: {
      description: "`sanctions caps status --json`",
      content: { "application/json": { schema: JsonObject } },
    },
    ...errorResponses(400, 403, 409),
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/v1/caps/deliveries",
  summary: "The stored delivery records, voided ones marked",
  description:
    "Every record of `measure` (all measures by default) whose period touches `year` (any year by default), " +
    "in period order, each with its `id` (what a void names), `key`, and `voided: {at, by, reason}` when it was voided.",
  middleware: [requireRole("reader")] as const,
  request: { query: z.object({ year: Year.optional(), measure: Measure.optional() }) },
  responses: {
    200: {
      description: "`{deliveries: [...]}`, as `sanctions caps list --json` prints them",
      content: { "application/json": { schema: z.object({ deliveries: z.array(JsonObject) }) } },
    },
    ...errorResponses(400, 403, 409),
  },
});

const DeliveryBody = z
  .strictObject({
    key: bounded(MAX_ID_LENGTH)
      .trim()
      .min(1)
      .optional()
      .openapi({
        description:
          "An idempotency key (a bill of lading number, a request id): the delivery sent again under it is " +
          "`unchanged`. Without one the key is derived from the content (measure, supplier, dates, quantity, " +
          "unit, product, estimate), so two shipments that agree on all of these need a key each.",
        example: "BL-2025-0042",
      }),
    supplier: bounded(MAX_NAME_LENGTH).trim().min(1),
    date: IsoDate,
    until: IsoDate.optional().openapi({ description: "Last day, when the figure covers a period" }),
    quantity: z
      .number()
      .positive({ error: "must be greater than 0" })
      .max(MAX_QUANTITY, { error: `at most ${MAX_QUANTITY.toExponential()}` }),
    unit: bounded(MAX_CODE_LENGTH)
      .min(1)
      .openapi({ description: "bbl or t (barrels, tonnes)", example: "bbl" }),
    product: bounded(MAX_CODE_LENGTH).min(1).optional().openapi({
      description: "A product of the conversion chart (lpg, gasoline, kerosene, gas-oil, fuel-oil)",
    }),
    estimate: z.boolean().optional().openapi({ description: "An estimate, kept apart from notifications" }),
    source: bounded(MAX_TEXT_LENGTH).trim().min(1).optional(),
    note: bounded(MAX_TEXT_LENGTH).trim().min(1).optional(),
    measure: Measure.optional(),
  })
  .openapi("Delivery");

const deliveriesRoute = createRoute({
  method: "post",
  path: "/v1/caps/deliveries",
  summary: "Record a delivery, or import a table of notifications",
  description:
    "Admin keys only. `application/json`: one delivery, as `sanctions caps add` takes it, answered with " +
    "`status` `added` or `unchanged` (its key was stored with the same content: nothing is counted twice). " +
    "`text/csv`: the notifications table (the columns of dprk-refined-petroleum-notifications.csv), as " +
    "`sanctions caps import` reads it; `name` names the file in each row's key (`name#record_id`), so importing " +
    "it again adds nothing. A key stored with other content is a 409 `conflict`, and nothing is stored.",
  middleware: [requireRole("admin")] as const,
  request: {
    query: z.object({
      measure: Measure.optional(),
      name: bounded(MAX_ID_LENGTH).min(1).optional().openapi({
        description: "For a CSV: the file's name, in the rows' keys (default upload.csv)",
      }),
    }),
    body: {
      content: {
        "application/json": { schema: DeliveryBody },
        "text/csv": { schema: z.string() },
      },
    },
  },
  responses: {
    200: {
      description:
        "`{status, added, unchanged, delivery}` for one delivery; `{added, unchanged, rows, estimates}` for a table",
      content: { "application/json": { schema: JsonObject } },
    },
    ...errorResponses(400, 403, 409, 413, 415),
  },
});

const VoidBody = z
  .strictObject({
    reason: bounded(MAX_TEXT_LENGTH)
      .trim()
      .min(1, { error: "required: say why the record is voided" })
      .openapi({ example: "entered twice (see delivery 41)" }),
  })
  .openapi("VoidDelivery");

const voidRoute = createRoute({
  method: "post",
  path: "/v1/caps/deliveries/{id}/void",
  summary: "Void a delivery record: kept, with who, when and why, and counted no more",
  description:
    "Admin keys only. The record stays stored, marked `voided: {at, by, reason}` (`by` is the key's id), and is " +
    "left out of every total from then on. Voiding it again is `unchanged`, and keeps the first void.",
  middleware: [requireRole("admin")] as const,
  request: {
    params: z.object({
      id: z
        .string()
        .regex(/^[1-9]\d{0,14}$/, "a delivery id (a positive whole number, as the listing gives it)")
        .openapi({ example: "42" }),
    }),
    body: { required: true, content: { "application/json": { schema: VoidBody } } },
  },
  responses: {
    200: {
      description: "`{status: voided | unchanged, delivery}`",
      content: { "application/json": { schema: JsonObject } },
    },
    ...errorResponses(400, 403, 404, 409, 413, 415),
  },
});

/** The record stores, or a 409 when the app was built without a database. */
export function requireRecords(services: Services): RecordStores {
  const records = services.deps.records;
  if (!records)
    throw new ApiError(409, "no_store", "this server keeps no records: it runs without a database");
  return records;
}

/** Registers the caps routes. */
export function registerCaps(app: ApiApp, services: Services): void {
  // caps.yaml is part of the regime package, which does not change while the app runs.
  let capsData: Promise<CapsData> | undefined;
  const data = (): Promise<CapsData> => {
    capsData ??= loadCapsData(services.deps.regimeDir).catch((error: unknown) => {
      capsData = undefined;
      throw error;
    });
    return capsData;
  };

  app.openapi(statusRoute, async (c) => {
    const query = c.req.valid("query");
    const records = requireRecords(services);
    const measure = capMeasure(services, query.measure);
    const year = query.year ?? String(services.clock.now().getUTCFullYear());
    // Voided records too: the totals leave them out, and the status lists them as voided.
    const deliveries = await records.deliveries.list(measure, { includeVoided: true });
    // The cap in force at the end of the year decides the period (October–December 2017 had its own).
    const status = createLedger(services.deps.regime, deliveries, await data()).status(
      measure,
      `${year}-12-31`,
    );
    return ok(c, "reason" in status ? status : capStatusJson(status));
  });

  app.openapi(listRoute, async (c) => {
    const query = c.req.valid("query");
    const records = requireRecords(services);
    const deliveries = await records.deliveries.list(query.measure, { includeVoided: true });
    const year = query.year;
    return ok(c, {
      deliveries:
        year === undefined
          ? deliveries
          : deliveries.filter((d) => d.periodStart <= `${year}-12-31` && d.periodEnd >= `${year}-01-01`),
    });
  });

  app.openapi(deliveriesRoute, async (c) => {
    const query = c.req.valid("query");
    const records = requireRecords(services);
    const contentType = c.req.header("content-type") ?? "";
    if (/^text\/csv\b/i.test(contentType)) {
      const measure = capMeasure(services, query.measure);
      const text = await c.req.text();
      requireStorable([text, query.name]);
      let deliveries: Delivery[];
      try {
        deliveries = parseNotificationsCsv(text, { name: query.name ?? "upload.csv", measure });
      } catch (error) {
        throw invalidDelivery(error);
      }
      if (deliveries.length === 0) throw new ApiError(400, "invalid_delivery", "the table holds no rows");
      checkMeasure(services, measure);
      const result = await store(records, deliveries);
      if (result.added > 0) services.deps.context.invalidate();
      const estimates = deliveries.filter((d) => d.kind === "estimate").length;
      return ok(c, { added: result.added, unchanged: result.unchanged, rows: deliveries.length, estimates });
    }
    if (!/json/i.test(contentType))
      throw new ApiError(
        415,
        "unsupported_media_type",
        "send one delivery as application/json, or the notifications table as text/csv",
      );
    // The JSON validator ran (the content type is JSON), so the body is a Delivery, not the CSV text.
    const body = c.req.valid("json") as z.infer<typeof DeliveryBody>;
    requireStorable(body);
    const unit = normaliseUnit(body.unit);
    if (unit === undefined)
      throw new ApiError(400, "invalid_delivery", `unit: must be bbl or t, got "${body.unit.slice(0, 60)}"`, [
        { path: "unit", code: "unknown_unit", message: "must be bbl or t" },
      ]);
    if (body.until !== undefined && body.until < body.date)
      throw new ApiError(400, "invalid_delivery", "until: must be on or after date", [
        { path: "until", code: "before_start", message: "must be on or after date" },
      ]);
    const deliveryMeasure = body.measure ?? capMeasure(services, query.measure);
    checkMeasure(services, deliveryMeasure);
    const delivery: Delivery = {
      ...(body.key === undefined ? {} : { key: body.key }),
      measure: deliveryMeasure,
      supplier: body.supplier,
      periodStart: body.date,
      periodEnd: body.until ?? body.date,
      ...(body.product === undefined ? {} : { product: body.product }),
      ...(unit === "bbl" ? { barrels: body.quantity } : { tonnes: body.quantity }),
      kind: body.estimate === true ? "estimate" : "notification",
      recordType: body.estimate === true ? "estimate_not_notification" : "delivery",
      source: body.source ?? `entered through the API (${c.get("principal").id})`,
      sourceDate: services.clock.now().toISOString().slice(0, 10),
      ...(body.note === undefined ? {} : { note: body.note }),
    };
    const result = await store(records, [delivery]);
    const outcome = result.outcomes[0];
    if (!outcome) throw new Error("the store answered no outcome for one delivery");
    if (outcome.status === "added") services.deps.context.invalidate();
    return ok(c, {
      status: outcome.status,
      added: result.added,
      unchanged: result.unchanged,
      delivery: outcome.delivery,
    });
  });

  app.openapi(voidRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { reason } = c.req.valid("json");
    const records = requireRecords(services);
    requireStorable(reason);
    let outcome;
    try {
      outcome = await records.deliveries.void(Number(id), c.get("principal").id, reason);
    } catch (error) {
      if (isStoreError(error) && error.code === "not_found")
        throw new ApiError(404, "not_found", error.message);
      if (isInvalidRecord(error)) throw new ApiError(400, "invalid_delivery", error.message);
      throw error;
    }
    if (outcome.status === "voided") services.deps.context.invalidate();
    return ok(c, outcome);
  });
}

/** The measure asked about, or the cap the regime names as its default (`defaultCap` in `regime.yaml`). */
function capMeasure(services: Services, measure: string | undefined): string {
  const id = measure ?? services.deps.regime.defaultCap;
  if (id === undefined)
    throw new ApiError(400, "invalid_request", "measure: the regime names no default cap; name the measure", [
      { path: "measure", code: "missing_field", message: "the regime names no default cap" },
    ]);
  return id;
}

/** A delivery for a measure the regime does not have would sit in the ledger unused: refuse it. */
function checkMeasure(services: Services, measure: string): void {
  if (!services.deps.regime.measures.has(measure))
    throw new ApiError(400, "invalid_delivery", `measure: the regime has no measure ${measure}`, [
      { path: "measure", code: "unknown_measure", message: `the regime has no measure ${measure}` },
    ]);
}

async function store(records: RecordStores, deliveries: readonly Delivery[]) {
  try {
    return await records.deliveries.add(deliveries);
  } catch (error) {
    // The repository refuses what does not fit the ledger (dates, quantities) before writing anything.
    if (isInvalidRecord(error)) throw invalidDelivery(error);
    // A key stored (or sent twice) with other content: nothing of the request was stored.
    if (isStoreError(error) && error.code === "conflict") throw new ApiError(409, "conflict", error.message);
    throw error;
  }
}

function isInvalidRecord(error: unknown): error is Error {
  return isStoreError(error) && error.code === "invalid_record";
}

function invalidDelivery(error: unknown): ApiError {
  if (error instanceof CapError) {
    const problem = error.problem;
    return new ApiError(
      400,
      "invalid_delivery",
      error.message,
      problem === undefined
        ? undefined
        : [{ path: problem.field, code: problem.code, message: deliveryProblemMessage(problem) }],
    );
  }
  if (isInvalidRecord(error)) return new ApiError(400, "invalid_delivery", error.message);
  return new ApiError(400, "invalid_delivery", "the body cannot be read as deliveries");
}
