/**
 * @module api/routes/drafts
 * The draft resolutions encoded in the regime package (`regime/<id>/drafts/`), for any reader:
 *
 * - `GET /v1/drafts`: each draft's id, title, symbol, sponsors, circulation date, status and outcome
 *   (`vetoed`, `not put to a vote`, ...) and its recorded vote, in date order;
 * - `GET /v1/drafts/{id}`: the same, with the draft's paragraphs and the operations each encodes, and the
 *   vote scenarios of `drafts/scenarios/` (illustrative positions, not records);
 * - `POST /v1/drafts/diff`: what a draft would change if adopted (the legal diff) and, given activities,
 *   which verdicts would change: the JSON of `sanctions draft diff --json`. The draft is one encoded in
 *   the package (`id`, any reader) or a draft document in the body (`draft`, analysts and admins:
 *   applying an arbitrary draft compiles the regime twice, so it is not for every key).
 *
 * Nothing is inferred beyond the data: a fact the draft file lists under `unconfirmed` is answered with
 * `verified: false`, and a recorded vote is `verified` only when the Council's recorded votes
 * (`council.yaml`) confirm it with the same date and tally.
 */
import { join } from "node:path";
import { createRoute, z } from "@hono/zod-openapi";
import {
  DraftDetail,
  DraftSummary,
  diffDraft,
  diffVerdicts,
  readDraft,
  readDraftCatalogue,
  type DraftCatalogue,
  type DraftRead,
} from "../../drafts/index.js";
import type { Activity } from "../../model/activity.js";
import { parseActivity } from "../../model/activity.js";
import type { RegimeIssue } from "../../model/issues.js";
import { MAX_ID_LENGTH } from "../../model/limits.js";
import { draftFile } from "../../model/regime-schema.js";
import { allows } from "../auth.js";
import { ok, requireRole, type ApiApp, type Services } from "../env.js";
import { ApiError, type ApiIssue } from "../errors.js";
import { DraftDiffBody, errorResponses, JsonObject } from "../schemas.js";

const listRoute = createRoute({
  method: "get",
  path: "/v1/drafts",
  summary: "The draft resolutions encoded in the regime package, with their status and recorded votes",
  middleware: [requireRole("reader")] as const,
  responses: {
    200: {
      description: "`{drafts: [...]}` in date order (the date each is applied at by default)",
      content: { "application/json": { schema: z.object({ drafts: z.array(DraftSummary) }) } },
    },
    ...errorResponses(403),
  },
});

const showRoute = createRoute({
  method: "get",
  path: "/v1/drafts/{id}",
  summary: "One encoded draft: its paragraphs, the operations they encode, and its vote scenarios",
  middleware: [requireRole("reader")] as const,
  request: {
    params: z.object({ id: z.string().min(1).max(MAX_ID_LENGTH).openapi({ example: "cn-ru-2019" }) }),
  },
  responses: {
    200: {
      description: "The draft; `scenarios` are illustrative positions, never recorded votes",
      content: { "application/json": { schema: DraftDetail } },
    },
    ...errorResponses(403, 404),
  },
});

const draftsRoute = createRoute({
  method: "post",
  path: "/v1/drafts/diff",
  summary: "What a draft would change if adopted, and which verdicts it would flip",
  description:
    "Give `id` (an encoded draft: cn-ru-2019, cn-ru-2021, us-2022, poe-renewal-2024) or `draft` (a draft document, " +
    "analyst or admin keys only), optionally `at` (apply as if adopted on that date) and `activities`.",
  middleware: [requireRole("reader")] as const,
  request: { body: { required: true, content: { "application/json": { schema: DraftDiffBody } } } },
  responses: {
    200: {
      description: "`sanctions draft diff --json`, plus `rejected` for activities left out",
      content: { "application/json": { schema: JsonObject } },
    },
    ...errorResponses(400, 403, 404, 413, 415),
  },
});

const DRAFT_ID = new RegExp(`^[a-z0-9-]{1,${MAX_ID_LENGTH}}$`);

function issuesOf(issues: readonly RegimeIssue[]): ApiIssue[] {
  return issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join("."),
    code: issue.code,
    message: issue.message,
  }));
}

/** Registers the drafts routes. */
export function registerDrafts(app: ApiApp, services: Services): void {
  const { regimeDir } = services.deps;
  let catalogue: Promise<DraftCatalogue> | undefined;
  const drafts = (): Promise<DraftCatalogue> => {
    if (!catalogue) {
      const building = readDraftCatalogue(regimeDir, services.council());
      catalogue = building;
      // A failure is not kept: the next request tries again.
      building.catch(() => {
        if (catalogue === building) catalogue = undefined;
      });
    }
    return catalogue;
  };

  app.openapi(listRoute, async (c) => ok(c, { drafts: (await drafts()).list }));

  app.openapi(showRoute, async (c) => {
    const { id } = c.req.valid("param");
    const draft = (await drafts()).byId.get(id);
    if (!draft) throw new ApiError(404, "not_found", `no encoded draft ${JSON.stringify(id)}`);
    return ok(c, draft);
  });
  // Encoded drafts are part of the regime package, fixed for the life of the process: their diffs are
  // kept (a few, by id and date) so that repeated questions do not compile the regime again.
  const cache = new Map<string, ReturnType<typeof diffDraft>>();
  const encodedDiff = (
    read: DraftRead & { draft: NonNullable<DraftRead["draft"]> },
    at: string | undefined,
  ) => {
    const key = `${read.draft.id}@${at ?? ""}`;
    let diff = cache.get(key);
    if (!diff) {
      if (cache.size >= 32) cache.delete(cache.keys().next().value as string);
      diff = diffDraft(regimeDir, read.draft, { ...(at ? { at } : {}), file: read.file });
      cache.set(key, diff);
      // A failure is not kept: the next request tries again.
      diff.catch(() => cache.delete(key));
    }
    return diff;
  };

  app.openapi(draftsRoute, async (c) => {
    const body = c.req.valid("json");
    if ((body.id === undefined) === (body.draft === undefined))
      throw new ApiError(
        400,
        "invalid_request",
        "give either id (an encoded draft) or draft (a draft document)",
      );
    if ((body.activities?.length ?? 0) > services.limits.draftActivities)
      throw new ApiError(
        413,
        "too_many_items",
        `at most ${services.limits.draftActivities} activities per request`,
      );

    let result;
    if (body.id !== undefined) {
      if (!DRAFT_ID.test(body.id))
        throw new ApiError(404, "not_found", `no encoded draft ${JSON.stringify(body.id)}`);
      // Only the package's drafts folder is read: an id is never a path.
      const read = await readDraft(join(regimeDir, "drafts", `${body.id}.yaml`));
      if (!read.draft) {
        if (read.issues.some((issue) => issue.code === "file_unreadable"))
          throw new ApiError(404, "not_found", `no encoded draft ${JSON.stringify(body.id)}`);
        throw new ApiError(400, "invalid_draft", "the encoded draft is invalid", issuesOf(read.issues));
      }
      result = await encodedDiff({ ...read, draft: read.draft }, body.at);
    } else {
      if (!allows(c.get("principal").role, "analyst"))
        throw new ApiError(
          403,
          "forbidden",
          "applying a draft document needs an analyst or admin key; readers give an encoded draft id",
        );
      const parsed = draftFile.safeParse(body.draft);
      if (!parsed.success)
        throw new ApiError(
          400,
          "invalid_draft",
          "the draft does not validate",
          parsed.error.issues.slice(0, 20).map((issue) => ({
            path: ["draft", ...issue.path.map(String)].join("."),
            code: issue.code,
            message: issue.message,
          })),
        );
      result = await diffDraft(regimeDir, parsed.data, {
        ...(body.at ? { at: body.at } : {}),
        file: `drafts/${parsed.data.id}.yaml`,
      });
    }
    if (!result.diff)
      throw new ApiError(400, "invalid_draft", "the draft cannot be applied", issuesOf(result.issues));

    const { baseline: _baseline, amended: _amended, ...diff } = result.diff;
    if (body.activities === undefined) return ok(c, { ...diff });
    const activities: Activity[] = [];
    const rejected: { id: string | null; error: Record<string, unknown> }[] = [];
    body.activities.forEach((item, index) => {
      const parsed = parseActivity(item);
      if (parsed.ok) activities.push(parsed.activity);
      else rejected.push({ id: parsed.id ?? null, error: { ...parsed.error, index } });
    });
    const verdicts = diffVerdicts(result.diff, activities, await services.deps.context.current());
    return ok(c, { ...diff, verdicts, ...(rejected.length > 0 ? { rejected } : {}) });
  });
}
