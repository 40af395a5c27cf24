/**
 * @module api/routes/events
 * `GET /v1/events?from=&to=&kind=`: the events the regime refers to, each test and launch with the
 * paragraphs of the DPRK's obligations it breaches (and why, or why none) and the Council's trigger
 * commitments it does or does not trigger: the JSON of `sanctions events --json`. The shape is
 * `EventsView` (`src/regime/events-view.ts`); the query's limits are checked here, at the edge.
 * The official texts are not yet a dependency of the service: every clause says `no_official_text`.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { compareDates } from "../../model/dates.js";
import { eventKinds } from "../../model/regime-schema.js";
import { EventsView, eventsView } from "../../regime/events-view.js";
import { ok, requireRole, type ApiApp, type Services } from "../env.js";
import { ApiError } from "../errors.js";
import { errorResponses, IsoDate } from "../schemas.js";

const eventsRoute = createRoute({
  method: "get",
  path: "/v1/events",
  summary:
    "The events the regime refers to: the paragraphs each test or launch breaches, and the commitments it triggers",
  middleware: [requireRole("reader")] as const,
  request: {
    query: z.object({
      from: IsoDate.optional(),
      to: IsoDate.optional(),
      kind: z.enum(eventKinds).optional().openapi({ example: "ballistic-missile-launch" }),
    }),
  },
  responses: {
    200: {
      description: "`sanctions events --json`: events in date order, within the period and of the kind asked",
      content: { "application/json": { schema: EventsView } },
    },
    ...errorResponses(400),
  },
});

/** Registers `GET /v1/events`. */
export function registerEvents(app: ApiApp, services: Services): void {
  const { regime } = services.deps;
  app.openapi(eventsRoute, (c) => {
    const { from, to, kind } = c.req.valid("query");
    if (from !== undefined && to !== undefined && compareDates(from, to) > 0)
      throw new ApiError(400, "invalid_request", `from ${from} is after to ${to}`, [
        { path: "from", code: "dates_out_of_order", message: `${from} is after ${to}` },
      ]);
    return ok(c, eventsView(regime, { from, to, kind }));
  });
}
