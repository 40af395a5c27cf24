/**
 * @module api/routes/decisions
 * `POST /v1/decisions` (analyst) records an analyst's decision on a screening alert; `GET
 * /v1/decisions?party=` lists them. The decider is the key that sent the request. Same records as
 * `sanctions decisions add|list`; the rules are in `src/decisions`.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { DecisionError, DecisionInput, recordDecision, type DecisionStore } from "../../decisions/index.js";
import { MAX_NAME_LENGTH } from "../../model/limits.js";
import { ok, requireRole, type ApiApp, type Services } from "../env.js";
import { ApiError } from "../errors.js";
import { errorResponses, JsonObject } from "../schemas.js";
import { requireRecords } from "./caps.js";

const addRoute = createRoute({
  method: "post",
  path: "/v1/decisions",
  summary: "Record a decision on a screening alert: false positive or true match, with a note",
  middleware: [requireRole("analyst")] as const,
  request: { body: { required: true, content: { "application/json": { schema: DecisionInput } } } },
  responses: {
    200: {
      description: "The decision as stored, with the entry's content hash, who and when",
      content: { "application/json": { schema: JsonObject } },
    },
    ...errorResponses(400, 403, 404, 409, 413, 415),
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/v1/decisions",
  summary: "The decisions on screening alerts, oldest first",
  middleware: [requireRole("reader")] as const,
  request: { query: z.object({ party: z.string().max(MAX_NAME_LENGTH).optional() }) },
  responses: {
    200: {
      description: "`{decisions: [...]}`, as `sanctions decisions list --json`",
      content: { "application/json": { schema: JsonObject } },
    },
    ...errorResponses(400, 403, 409),
  },
});

/** Registers the decisions routes. */
export function registerDecisions(app: ApiApp, services: Services): void {
  const repository = () => {
    const decisions = requireRecords(services).decisions;
    if (!decisions)
      throw new ApiError(409, "no_store", "this server keeps no decisions: it runs without a database");
    return decisions;
  };

  app.openapi(addRoute, async (c) => {
    const input = c.req.valid("json");
    const decisions = repository();
    const context = await services.deps.context.current();
    // The entry as this server screens it now: the decision is judged against what the list says.
    const store: DecisionStore = {
      activeEntry: (list, ref) =>
        Promise.resolve(
          context.snapshots
            ?.find((snapshot) => snapshot.list === list)
            ?.designations.find((d) => d.ref === ref),
        ),
      add: (decisionInput, hash, by) => decisions.add(decisionInput, hash, by),
    };
    try {
      const decision = await recordDecision(store, input, c.get("principal").id);
      services.deps.context.invalidate();
      return ok(c, decision);
    } catch (error) {
      if (error instanceof DecisionError)
        throw new ApiError(404, "not_found", error.message, [
          { path: error.field, code: error.code, message: error.message },
        ]);
      throw error;
    }
  });

  app.openapi(listRoute, async (c) => {
    const { party } = c.req.valid("query");
    return ok(c, { decisions: await repository().list(party === undefined ? {} : { party }) });
  });
}
