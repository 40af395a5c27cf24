/**
 * @module api/routes/exemptions
 * `GET /v1/exemptions` and `GET /v1/exemptions/{ref}` (readers): the stored humanitarian exemption
 * approvals and 2664 carve-out records, each with its last valid day and its state today, as
 * `sanctions exemptions list|show --json`. `POST /v1/exemptions` (admin keys only): one record or a
 * list, as `sanctions exemptions add` reads a file; a changed record needs `?replace=true`. Later
 * checks apply the records: the context is reloaded from the database after a write.
 *
 * Writes are idempotent and safe under concurrency: the table's primary key decides which request
 * creates a reference (`src/store/exemption-records.ts`), so of ten requests creating one reference at
 * once one adds it, and the others answer `unchanged` (the same record, 200) or 409 `conflict` (another
 * one). Every field is held to the limits of `model/limits.ts`; a 400 names the field and the limit.
 */
import { createRoute, z } from "@hono/zod-openapi";
import {
  ExemptionError,
  exemptionCitation,
  exemptionState,
  lastValidDay,
  parseExemption,
  type ExemptionRecord,
} from "../../exemptions/index.js";
import { MAX_ID_LENGTH } from "../../model/limits.js";
import { isStoreError } from "../../store/errors.js";
import { ok, requireRole, type ApiApp, type Services } from "../env.js";
import { ApiError } from "../errors.js";
import { errorResponses, JsonObject } from "../schemas.js";
import { hasUnstorableText, requireStorable } from "../storable.js";
import { requireRecords } from "./caps.js";

/** Most records in one `POST /v1/exemptions`. */
const MAX_RECORDS = 500;

const listRoute = createRoute({
  method: "get",
  path: "/v1/exemptions",
  summary: "The stored exemption records, with whether each is in force today",
  middleware: [requireRole("reader")] as const,
  responses: {
    200: {
      description: "`{exemptions: [...]}`, each as `sanctions exemptions list --json` prints it",
      content: { "application/json": { schema: z.object({ exemptions: z.array(JsonObject) }) } },
    },
    ...errorResponses(403, 409),
  },
});

const showRoute = createRoute({
  method: "get",
  path: "/v1/exemptions/{ref}",
  summary: "One exemption record, with its last valid day, state and citation",
  middleware: [requireRole("reader")] as const,
  request: {
    params: z.object({
      ref: z
        .string()
        .min(1)
        .max(MAX_ID_LENGTH, { error: `at most ${MAX_ID_LENGTH} characters` })
        .openapi({ example: "1718-HEX-2021-07" }),
    }),
  },
  responses: {
    200: {
      description: "`sanctions exemptions show REF --json`",
      content: { "application/json": { schema: JsonObject } },
    },
    ...errorResponses(403, 404, 409),
  },
});

const addRoute = createRoute({
  method: "post",
  path: "/v1/exemptions",
  summary: "Add exemption records (one record or a list)",
  description:
    "Admin keys only. The records in the JSON form of the YAML file `sanctions exemptions add` reads " +
    "(see docs/exemptions.md). A record stored already with the same content is counted `unchanged`; a " +
    "reference stored with other content is a 409 `conflict` unless `replace=true` (an extension, a shipment " +
    "used). All records are stored or none. Fields are bounded (references 256 characters, names 500, text " +
    "4,000, codes 100, quantities 1e12): a 400 `invalid_exemption` names the field and the limit.",
  middleware: [requireRole("admin")] as const,
  request: {
    query: z.object({
      replace: z
        .enum(["true", "false"])
        .optional()
        .openapi({ description: "Replace records whose reference is stored with other content" }),
    }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.unknown().openapi({
            description: "One exemption record, or an array of them",
            example: {
              reference: "1718-HEX-2021-07",
              kind: "committee",
              applicant: "Relief Org",
              approved: "2021-02-01",
              validityMonths: 9,
              items: [{ description: "tractor parts", hs: ["8708"], quantity: 50, unit: "pieces" }],
              parties: [{ name: "Relief Org" }],
              shipments: { allowed: 3, used: 0 },
            },
          }),
        },
      },
    },
  },
  responses: {
    200: {
      description: "`sanctions exemptions add --json`: `{added, replaced, unchanged}`",
      content: { "application/json": { schema: JsonObject } },
    },
    ...errorResponses(400, 403, 409, 413, 415),
  },
});

/** Registers the exemptions routes. */
export function registerExemptions(app: ApiApp, services: Services): void {
  const today = (): string => services.clock.now().toISOString().slice(0, 10);
  const view = (record: ExemptionRecord) => ({
    ...record,
    validUntil: lastValidDay(record) ?? null,
    state: exemptionState(record, today()),
  });

  app.openapi(listRoute, async (c) => {
    const records = await requireRecords(services).exemptions.list();
    return ok(c, { exemptions: records.map(view) });
  });

  app.openapi(showRoute, async (c) => {
    const { ref } = c.req.valid("param");
    const stores = requireRecords(services);
    // No stored reference holds a NUL character, and the database would refuse to compare one.
    const record = hasUnstorableText(ref) ? undefined : await stores.exemptions.get(ref);
    if (!record) throw new ApiError(404, "not_found", `no exemption ${ref}`);
    return ok(c, { ...view(record), citation: exemptionCitation[record.kind] });
  });

  app.openapi(addRoute, async (c) => {
    const body: unknown = c.req.valid("json");
    const replace = c.req.valid("query").replace === "true";
    const stores = requireRecords(services);
    requireStorable(body);
    const items: unknown[] = Array.isArray(body) ? body : [body];
    if (items.length === 0) throw new ApiError(400, "invalid_exemption", "no records in the body");
    if (items.length > MAX_RECORDS)
      throw new ApiError(413, "too_many_items", `at most ${MAX_RECORDS} records per request`);
    const records = items.map((item, index) => {
      try {
        return parseExemption(item);
      } catch (error) {
        if (!(error instanceof ExemptionError)) throw error;
        const where = Array.isArray(body) ? `record ${index}: ` : "";
        const path = [Array.isArray(body) ? String(index) : undefined, error.field].filter(Boolean).join(".");
        throw new ApiError(400, "invalid_exemption", `${where}${error.message}`, [
          { path, code: error.code, message: error.message },
        ]);
      }
    });
    const references = new Set<string>();
    for (const record of records) {
      // Two versions of one reference in one request would leave which one wins to the order.
      if (references.has(record.reference))
        throw new ApiError(400, "invalid_exemption", `reference ${record.reference} is given twice`);
      references.add(record.reference);
    }
    let result;
    try {
      result = await stores.exemptions.add(records, replace ? { replace: true } : {});
    } catch (error) {
      if (isStoreError(error) && error.code === "conflict")
        throw new ApiError(409, "conflict", error.message);
      if (isStoreError(error) && error.code === "invalid_record")
        throw new ApiError(400, "invalid_exemption", error.message);
      throw error;
    }
    services.deps.context.invalidate();
    return ok(c, result);
  });
}
