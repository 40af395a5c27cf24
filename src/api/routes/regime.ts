/**
 * @module api/routes/regime
 * The law itself: `GET /v1/regime?at=`, `GET /v1/measures/{id}`, `GET /v1/timeline?from=&to=` and
 * `GET /v1/events`, with the JSON of `sanctions regime|measure|timeline|events --json`.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { compareDates, today } from "../../model/dates.js";
import { MAX_ID_LENGTH } from "../../model/limits.js";
import { commitmentsTriggered, measureView, stateAt, stateView, timeline } from "../../regime/index.js";
import { ok, requireRole, type ApiApp, type Services } from "../env.js";
import { ApiError } from "../errors.js";
import { errorResponses, IsoDate, JsonObject } from "../schemas.js";

const json = (description: string) => ({
  200: { description, content: { "application/json": { schema: JsonObject } } },
});

const regimeRoute = createRoute({
  method: "get",
  path: "/v1/regime",
  summary: "The measures in force on a date, each with the paragraph that put it there",
  middleware: [requireRole("reader")] as const,
  request: { query: z.object({ at: IsoDate.optional() }) },
  responses: { ...json("`sanctions regime --at DATE --json`"), ...errorResponses(400) },
});

const measureRoute = createRoute({
  method: "get",
  path: "/v1/measures/{id}",
  summary: "One measure's history: every version, its citations, exceptions and windows",
  middleware: [requireRole("reader")] as const,
  request: {
    params: z.object({ id: z.string().min(1).max(MAX_ID_LENGTH).openapi({ example: "KP-EXP-SEAFOOD" }) }),
  },
  responses: { ...json("`sanctions measure ID --json`"), ...errorResponses(404) },
});

const timelineRoute = createRoute({
  method: "get",
  path: "/v1/timeline",
  summary: "The changes to the regime between two dates, and the events in that period",
  middleware: [requireRole("reader")] as const,
  request: { query: z.object({ from: IsoDate.optional(), to: IsoDate.optional() }) },
  responses: { ...json("`sanctions timeline --from DATE --to DATE --json`"), ...errorResponses(400) },
});

const eventsRoute = createRoute({
  method: "get",
  path: "/v1/events",
  summary: "The events the regime refers to, with the Council commitments each triggers",
  middleware: [requireRole("reader")] as const,
  responses: { ...json("`sanctions events --json`"), ...errorResponses() },
});

/** Registers the regime routes. */
export function registerRegime(app: ApiApp, services: Services): void {
  const { regime } = services.deps;
  const todayNow = (): string => today(services.clock.now());

  app.openapi(regimeRoute, (c) => {
    const at = c.req.valid("query").at ?? todayNow();
    return ok(c, stateView(stateAt(regime, at)));
  });

  app.openapi(measureRoute, (c) => {
    const id = c.req.valid("param").id.toUpperCase();
    const measure = regime.measures.get(id);
    if (!measure) throw new ApiError(404, "not_found", `no measure ${JSON.stringify(id)}`);
    return ok(c, measureView(regime, measure));
  });

  app.openapi(timelineRoute, (c) => {
    const query = c.req.valid("query");
    const from = query.from ?? "2006-01-01";
    const to = query.to ?? todayNow();
    if (compareDates(from, to) > 0)
      throw new ApiError(400, "invalid_request", `from ${from} is after to ${to}`, [
        { path: "from", code: "dates_out_of_order", message: `${from} is after ${to}` },
      ]);
    return ok(c, timeline(regime, from, to));
  });

  // The events never change for a regime: built once.
  const events = {
    regimeVersion: regime.version,
    events: regime.events.map((event) => ({
      ...event,
      triggers: commitmentsTriggered(regime, event).map((commitment) => ({
        commitment: commitment.id,
        undertaking: commitment.undertaking,
        citation: commitment.citation.text,
        verified: commitment.verified,
        verification: commitment.citation.verification,
      })),
    })),
  };
  app.openapi(eventsRoute, (c) => ok(c, events));
}
