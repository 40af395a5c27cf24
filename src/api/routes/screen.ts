/**
 * @module api/routes/screen
 * `POST /v1/screen`: names (with optional facts) against the active list snapshots. Each result is a
 * line of `sanctions screen --json`: `{id?, query, matches: [{ref, name, score, band, list, programmes,
 * ..., authority, un1718, confirmation}]}`: on whose list each match is, and whether it is confirmed
 * or only potential under the confirmation policy (`src/screening/confirm.ts`).
 */
import { createRoute, z } from "@hono/zod-openapi";
import { decisionJson } from "../../decisions/index.js";
import {
  DEFAULT_ALERT_THRESHOLD,
  DEFAULT_REVIEW_THRESHOLD,
  matchJson,
  type ScreeningQuery,
} from "../../screening/index.js";
import { judgeMatch, judgementJson } from "../../screening/confirm.js";
import { ok, requireRole, type ApiApp, type Services } from "../env.js";
import { ApiError } from "../errors.js";
import { errorResponses, JsonObject, ScreenBody } from "../schemas.js";

const screenRoute = createRoute({
  method: "post",
  path: "/v1/screen",
  summary: "Screen names against the imported sanctions lists, with an explanation per match",
  middleware: [requireRole("reader")] as const,
  request: { body: { required: true, content: { "application/json": { schema: ScreenBody } } } },
  responses: {
    200: {
      description: "One result per query, in order: the matches at or above the threshold, best first",
      content: {
        "application/json": {
          schema: z.object({ listSnapshot: z.array(z.string()), results: z.array(JsonObject) }),
        },
      },
    },
    ...errorResponses(400, 403, 409, 413, 415),
  },
});

/** Registers `POST /v1/screen`. */
export function registerScreen(app: ApiApp, services: Services): void {
  app.openapi(screenRoute, async (c) => {
    const body = c.req.valid("json");
    if (body.queries.length > services.limits.screenQueries)
      throw new ApiError(
        413,
        "too_many_items",
        `at most ${services.limits.screenQueries} queries per request`,
      );
    // The shared screener returns matches down to the review threshold, so a request may lower the
    // alert threshold that far but not below (that would need a screener of its own per request).
    const threshold = body.threshold ?? DEFAULT_ALERT_THRESHOLD;
    if (!(threshold >= DEFAULT_REVIEW_THRESHOLD && threshold <= 1))
      throw new ApiError(400, "invalid_request", `threshold must lie in [${DEFAULT_REVIEW_THRESHOLD}, 1]`, [
        { path: "threshold", code: "out_of_range", message: `got ${threshold}` },
      ]);
    const { screener } = await services.deps.context.current();
    if (!screener)
      throw new ApiError(
        409,
        "no_lists",
        "no sanctions list imported; import one first (POST /v1/lists/import)",
      );
    const limit = body.limit ?? 10;
    const results = body.queries.map(({ id, ...facts }) => {
      // Absent facts stay absent (exact optional properties).
      const query = Object.fromEntries(
        Object.entries(facts).filter(([, value]) => value !== undefined),
      ) as unknown as ScreeningQuery;
      const matches = screener.screen(query, { limit }).filter((match) => match.score >= threshold);
      return {
        ...(id === undefined ? {} : { id: String(id) }),
        query: query.name,
        matches: matches.map((match) => ({
          ...matchJson(match),
          ...judgementJson(judgeMatch(query, match)),
          ...decisionJson(match),
        })),
      };
    });
    return ok(c, { listSnapshot: [...screener.snapshotIds], results });
  });
}
