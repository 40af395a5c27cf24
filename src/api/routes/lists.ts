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
  DATASET_NAME,
  DATASET_NAME_RULE,
  detectFormat,
  importListInput,
  LIST_FORMATS,
  ListError,
  MAX_LIST_DROP,
  recordIssueText,
  type ImportResult,
  type ListFormat,
} from "../../lists/index.js";
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
    "the format is guessed from the content unless `format` is given. A file with a record that has no name or " +
    "no reference is refused (400 `invalid_list`, its `issues` naming each record); a list with more than " +
    `${MAX_LIST_DROP * 100}% fewer designations than the active one of the same list is refused (409 \`list_shrunk\`) ` +
    "unless `force=true`. Either way the active list stays.",
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
      force: z
        .enum(["true", "false"])
        .optional()
        .openapi({
          description: `Import even with more than ${MAX_LIST_DROP * 100}% fewer designations than the active list (a real mass delisting)`,
        }),
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
    ...errorResponses(400, 403, 409, 413),
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
    const format = query.format ?? detectFormat(bytes.subarray(0, 512));
    if (format === undefined)
      throw new ApiError(
        400,
        "invalid_list",
        "cannot tell the format of the upload; give ?format=un|ofac|ftm",
      );
    let result: ImportResult;
    try {
      result = await importListInput(store, bytes, {
        format,
        source: query.source ?? "upload",
        force: query.force === "true",
        now: services.clock.now(),
        ...(query.dataset === undefined ? {} : { dataset: query.dataset }),
        // The snapshot is stored in the database, whose text cannot hold NUL characters.
        accept: requireStorable,
      });
    } catch (error) {
      if (error instanceof ListError) throw listRefusal(error);
      throw error;
    }
    services.deps.context.invalidate();
    return ok(c, result);
  });

  app.openapi(listRoute, async (c) =>
    ok(c, { snapshots: (await store.list()) as unknown as Record<string, unknown>[] }),
  );
}

/**
 * A list the import refused, in the API's words: a drop is a 409 that `force=true` overrides; the
 * rest is the upload's fault (400 `invalid_list`), with each unusable record as an issue.
 */
function listRefusal(error: ListError): ApiError {
  const unchanged = "; the active list is unchanged";
  if (error.code === "list_shrunk")
    return new ApiError(
      409,
      "list_shrunk",
      `${error.message}${unchanged}: send it with ?force=true if the drop is real`,
    );
  return new ApiError(
    400,
    "invalid_list",
    `${error.code}: ${error.message}${unchanged}`,
    error.issues.map((issue) => ({
      path: `record.${issue.record}`,
      code: issue.problem,
      message: recordIssueText(issue),
    })),
  );
}
