/**
 * @module api/routes/council
 * `POST /v1/council/vote`: the outcome of a vote when all fifteen votes are declared, otherwise the
 * adoption odds and whip count from the positions given: the JSON of `sanctions council vote --json`.
 * The body holds what the CLI reads from the draft file (`symbol`, `title`, `date`, `votes`,
 * `positions`) and `year` for `--year`.
 */
import { createRoute } from "@hono/zod-openapi";
import {
  councilForYear,
  CouncilDataError,
  CouncilError,
  decide,
  forecast,
  membersOf,
  yearOfDate,
  type CouncilYear,
} from "../../council/index.js";
import { ok, requireRole, type ApiApp, type Services } from "../env.js";
import { ApiError } from "../errors.js";
import { CouncilVoteBody, errorResponses, JsonObject } from "../schemas.js";

const voteRoute = createRoute({
  method: "post",
  path: "/v1/council/vote",
  summary: "The outcome of a Council vote, or the adoption odds of a draft",
  middleware: [requireRole("reader")] as const,
  request: { body: { required: true, content: { "application/json": { schema: CouncilVoteBody } } } },
  responses: {
    200: {
      description: "`sanctions council vote --json`: `result` is `decision` or `forecast`",
      content: { "application/json": { schema: JsonObject } },
    },
    ...errorResponses(400, 403, 413, 415),
  },
});

/** Runs Council library code; its typed input errors become 400 `invalid_council_input`. */
function guarded<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof CouncilError)
      throw new ApiError(400, "invalid_council_input", error.message, [
        { path: "", code: error.code, message: error.message },
      ]);
    // A bad council.yaml is the server's problem, not the request's: it stays a 500.
    if (error instanceof CouncilDataError) throw error;
    throw error;
  }
}

/** Registers `POST /v1/council/vote`. */
export function registerCouncil(app: ApiApp, services: Services): void {
  app.openapi(voteRoute, (c) => {
    const body = c.req.valid("json");
    const data = services.council();
    const council: CouncilYear = guarded(() => {
      const year = body.year ?? (body.date === undefined ? undefined : yearOfDate(body.date));
      if (year === undefined)
        throw new ApiError(400, "invalid_request", "give date or year", [
          { path: "year", code: "missing_field", message: "no date in the body: give year" },
        ]);
      return councilForYear(data, year);
    });
    const header = {
      ...(body.symbol === undefined ? {} : { symbol: body.symbol }),
      ...(body.title === undefined ? {} : { title: body.title }),
      ...(body.date === undefined ? {} : { date: body.date }),
      year: council.year,
      membership: { verified: council.verified, sources: council.sources },
    };
    const votes = body.votes ?? {};
    const complete = Object.keys(votes).length >= membersOf(council).length && body.positions === undefined;
    if (complete) {
      const decision = guarded(() => decide(data, council, votes));
      return ok(c, { ...header, result: "decision", decision });
    }
    const odds = guarded(() => forecast(data, council, { votes, positions: body.positions ?? {} }));
    return ok(c, { ...header, result: "forecast", forecast: odds });
  });
}
