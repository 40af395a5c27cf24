/**
 * @module api/routes/caps
 * `GET /v1/caps/status` (readers): how much of a cap period is used, the same JSON as
 * `sanctions caps status --json`. `POST /v1/caps/deliveries` (admin keys only): one delivery as JSON,
 * as `sanctions caps add` takes it, or a table of notifications as `text/csv`, as `sanctions caps
 * import` reads it (idempotent: rows carry source keys). The totals and rules are `src/caps`'s; the
 * ledger that later checks use is reloaded from the database after a write.
 */
import { createRoute, z } from "@hono/zod-openapi";
import {
  CapError,
  capStatusJson,
  createLedger,
  loadCapsData,
  normaliseUnit,
  parseNotificationsCsv,
  type CapsData,
  type Delivery,
} from "../../caps/index.js";
import { isStoreError } from "../../store/errors.js";
import type { RecordStores } from "../deps.js";
import { ok, requireRole, type ApiApp, type Services } from "../env.js";
import { ApiError } from "../errors.js";
import { errorResponses, IsoDate, JsonObject } from "../schemas.js";
import { requireStorable } from "../storable.js";

/** The capped measure asked about when none is named. */
export const DEFAULT_CAP_MEASURE = "KP-IMP-REFINED";

const Measure = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._-]+$/, "a measure id such as KP-IMP-REFINED")
  .openapi({ example: DEFAULT_CAP_MEASURE });

const statusRoute = createRoute({
  method: "get",
  path: "/v1/caps/status",
  summary: "How much of a cap is used in a year, with the threshold notices due",
  description:
    "The period of the cap in force at the end of `year` (the current year by default). Notifications and " +
    "estimates are totalled apart; overlapping reports are counted once. When the measure has no cap " +
    "period then, `{measure, date, reason}`.",
  middleware: [requireRole("reader")] as const,
  request: {
    query: z.object({
      year: z
        .string()
        .regex(/^\d{4}$/, "a year such as 2019")
        .optional()
        .openapi({ example: "2019" }),
      measure: Measure.optional(),
    }),
  },
  responses: {
    200: {
      description: "`sanctions caps status --json`",
      content: { "application/json": { schema: JsonObject } },
    },
    ...errorResponses(400, 403, 409),
  },
});

const DeliveryBody = z
  .strictObject({
    supplier: z.string().trim().min(1).max(200),
    date: IsoDate,
    until: IsoDate.optional().openapi({ description: "Last day, when the figure covers a period" }),
    quantity: z.number().nonnegative(),
    unit: z.string().min(1).max(20).openapi({ description: "bbl or t (barrels, tonnes)", example: "bbl" }),
    product: z.string().min(1).max(50).optional().openapi({
      description: "A product of the conversion chart (lpg, gasoline, kerosene, gas-oil, fuel-oil)",
    }),
    estimate: z.boolean().optional().openapi({ description: "An estimate, kept apart from notifications" }),
    source: z.string().min(1).max(500).optional(),
    measure: Measure.optional(),
  })
  .openapi("Delivery");

const deliveriesRoute = createRoute({
  method: "post",
  path: "/v1/caps/deliveries",
  summary: "Record a delivery, or import a table of notifications",
  description:
    "Admin keys only. `application/json`: one delivery, as `sanctions caps add` takes it. `text/csv`: the " +
    "notifications table (the columns of dprk-refined-petroleum-notifications.csv), as `sanctions caps import` " +
    "reads it; `name` names the file in each row's source key, so importing it again adds nothing.",
  middleware: [requireRole("admin")] as const,
  request: {
    query: z.object({
      measure: Measure.optional(),
      name: z.string().min(1).max(200).optional().openapi({
        description: "For a CSV: the file's name, in the rows' source keys (default upload.csv)",
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
        "`{added, unchanged, delivery}` for one delivery; `{added, unchanged, rows, estimates}` for a table",
      content: { "application/json": { schema: JsonObject } },
    },
    ...errorResponses(400, 403, 409, 413, 415),
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
    const measure = query.measure ?? DEFAULT_CAP_MEASURE;
    const year = query.year ?? String(services.clock.now().getUTCFullYear());
    const deliveries = await records.deliveries.list(measure);
    // The cap in force at the end of the year decides the period (October–December 2017 had its own).
    const status = createLedger(services.deps.regime, deliveries, await data()).status(
      measure,
      `${year}-12-31`,
    );
    return ok(c, "reason" in status ? status : capStatusJson(status));
  });

  app.openapi(deliveriesRoute, async (c) => {
    const query = c.req.valid("query");
    const records = requireRecords(services);
    const contentType = c.req.header("content-type") ?? "";
    const measure = query.measure ?? DEFAULT_CAP_MEASURE;
    if (/^text\/csv\b/i.test(contentType)) {
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
      services.deps.context.invalidate();
      const estimates = deliveries.filter((d) => d.kind === "estimate").length;
      return ok(c, { ...result, rows: deliveries.length, estimates });
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
      throw new ApiError(400, "invalid_delivery", `unit must be bbl or t, got "${body.unit}"`);
    if (body.until !== undefined && body.until < body.date)
      throw new ApiError(400, "invalid_delivery", "until must be on or after date");
    const deliveryMeasure = body.measure ?? measure;
    checkMeasure(services, deliveryMeasure);
    const delivery: Delivery = {
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
    };
    const result = await store(records, [delivery]);
    services.deps.context.invalidate();
    return ok(c, { ...result, delivery });
  });
}

/** A delivery for a measure the regime does not have would sit in the ledger unused: refuse it. */
function checkMeasure(services: Services, measure: string): void {
  if (!services.deps.regime.measures.has(measure))
    throw new ApiError(400, "invalid_delivery", `the regime has no measure ${measure}`);
}

async function store(records: RecordStores, deliveries: readonly Delivery[]) {
  try {
    return await records.deliveries.add(deliveries);
  } catch (error) {
    // The repository refuses what does not fit the ledger (dates, quantities) before writing anything.
    if (isInvalidRecord(error)) throw invalidDelivery(error);
    throw error;
  }
}

function isInvalidRecord(error: unknown): error is Error {
  return isStoreError(error) && error.code === "invalid_record";
}

function invalidDelivery(error: unknown): ApiError {
  if (error instanceof CapError || isInvalidRecord(error))
    return new ApiError(400, "invalid_delivery", error.message);
  return new ApiError(400, "invalid_delivery", "the body cannot be read as deliveries");
}
