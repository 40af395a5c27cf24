/**
 * @module api/routes/lists
 * `POST /v1/lists/import` (admin keys only): the body is a list file — the UN consolidated XML,
 * OFAC's sdn.csv or FollowTheMoney JSON lines — read, stored as a snapshot and made active, as
 * `sanctions lists import` does with a path. The server never fetches a URL or reads a path it is
 * given: the list comes in the body. `GET /v1/lists`: the stored snapshots, as `sanctions lists list`.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import {
  buildSnapshot,
  DATASET_NAME,
  DATASET_NAME_RULE,
  detectFormat,
  LIST_FORMATS,
  ListError,
  parseFtmJsonLines,
  parseOfacSdnCsv,
  parseUnConsolidatedXml,
  requireWithinLimits,
  type ListFormat,
} from "../../lists/index.js";
import type { ListSnapshot } from "../../model/designation.js";
import { MAX_CODE_LENGTH, MAX_TEXT_LENGTH } from "../../model/limits.js";
import { ok, requireRole, type ApiApp, type Services } from "../env.js";
import { ApiError } from "../errors.js";
import { errorResponses, JsonObject } from "../schemas.js";
import { requireStorable } from "../storable.js";

const importRoute = createRoute({
  method: "post",
  path: "/v1/lists/import",
  summary: "Import a sanctions list (the file in the body) and make it active",
  description:
    "Admin keys only. The body is the list itself: UN consolidated XML, OFAC sdn.csv or FollowTheMoney JSON lines; " +
    "the format is guessed from the content unless `format` is given.",
  middleware: [requireRole("admin")] as const,
  request: {
    query: z.object({
      format: z.enum(LIST_FORMATS as [ListFormat, ...ListFormat[]]).optional(),
      dataset: z
        .string()
        .min(1)
        .max(MAX_CODE_LENGTH)
        .regex(DATASET_NAME, DATASET_NAME_RULE)
        .optional()
        .openapi({
          description: "The dataset name (`FTM:<dataset>`) for FollowTheMoney entities that name none",
        }),
      source: z
        .string()
        .min(1)
        .max(MAX_TEXT_LENGTH)
        .optional()
        .openapi({ description: "Where the file came from, recorded in the snapshot" }),
    }),
    body: {
      required: true,
      content: {
        "application/xml": { schema: z.string() },
        "text/csv": { schema: z.string() },
        "application/x-ndjson": { schema: z.string() },
        "application/octet-stream": { schema: z.string() },
      },
    },
  },
  responses: {
    200: {
      description: "`sanctions lists import --json`: `{snapshot, format, activated, previous?}`",
      content: { "application/json": { schema: JsonObject } },
    },
    ...errorResponses(400, 403, 413),
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/v1/lists",
  summary: "The stored list snapshots, newest first, with which are active",
  middleware: [requireRole("reader")] as const,
  responses: {
    200: {
      description: "`sanctions lists list --json`",
      content: { "application/json": { schema: z.object({ snapshots: z.array(JsonObject) }) } },
    },
    ...errorResponses(),
  },
});

type Parsed = { list: string; generatedOn?: string | undefined; designations: ListSnapshot["designations"] };

async function parseUpload(
  bytes: Uint8Array,
  format: ListFormat,
  dataset: string | undefined,
): Promise<Parsed> {
  switch (format) {
    case "un":
      return parseUnConsolidatedXml(bytes);
    case "ofac":
      return parseOfacSdnCsv(bytes);
    case "ftm":
      return parseFtmJsonLines(bytes, dataset === undefined ? {} : { dataset });
  }
}

/** Registers the list routes. */
export function registerLists(app: ApiApp, services: Services): void {
  const store = services.deps.lists;
  // Lists are larger than any other body: this route has its own limit (the app's is skipped for it).
  app.use(
    importRoute.path,
    bodyLimit({
      maxSize: services.limits.listBytes,
      onError: () => {
        throw new ApiError(
          413,
          "payload_too_large",
          `a list upload may be at most ${services.limits.listBytes} bytes`,
        );
      },
    }),
  );

  app.openapi(importRoute, async (c) => {
    const query = c.req.valid("query");
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length === 0) throw new ApiError(400, "invalid_list", "the body is empty: send the list file");
    const head = Buffer.from(bytes.subarray(0, 512)).toString("latin1");
    const format = query.format ?? detectFormat(head);
    if (format === undefined)
      throw new ApiError(
        400,
        "invalid_list",
        "cannot tell the format of the upload; give ?format=un|ofac|ftm",
      );
    let parsed: Parsed;
    try {
      parsed = await parseUpload(bytes, format, query.dataset);
      // Record ids and dataset names are stored and indexed: one over its limit refuses the upload.
      requireWithinLimits(parsed);
    } catch (error) {
      // Whatever the reader could not make of the upload is the upload's fault, not the server's.
      const message =
        error instanceof ListError
          ? `${error.code}: ${error.message}`
          : "the upload cannot be read as a list";
      throw new ApiError(400, "invalid_list", message);
    }
    if (parsed.designations.length === 0)
      throw new ApiError(400, "invalid_list", "the upload holds no designations; nothing imported");
    const snapshot = buildSnapshot({
      source: query.source ?? "upload",
      list: parsed.list,
      generatedOn: parsed.generatedOn,
      designations: parsed.designations,
      importedAt: services.clock.now(),
    });
    // The snapshot is stored in the database, whose text cannot hold NUL characters.
    requireStorable(snapshot);
    const previous = (await store.active(snapshot.list))?.id;
    // Saved and activated together: a server killed in the middle leaves the previous state.
    const summary = await store.saveActive(snapshot);
    services.deps.context.invalidate();
    return ok(c, {
      snapshot: summary,
      format,
      activated: true,
      ...(previous === undefined ? {} : { previous }),
    });
  });

  app.openapi(listRoute, async (c) =>
    ok(c, { snapshots: (await store.list()) as unknown as Record<string, unknown>[] }),
  );
}
