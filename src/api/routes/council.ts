/**
 * @module api/routes/council
 * `POST /v1/council/vote`: the outcome of a vote when all fifteen votes are declared, otherwise the
 * adoption odds and whip count from the positions given: the JSON of `sanctions council vote --json`.
 * The body holds what the CLI reads from the draft file (`symbol`, `title`, `date`, `votes`,
 * `positions`) and `year` for `--year`.
 */
import { createRoute, type z } from "@hono/zod-openapi";
import {
  councilForYear,
  CouncilDataError,
  CouncilError,
  decide,
  forecast,
  membersOf,
  normaliseName,
  yearOfDate,
  type CouncilData,
  type CouncilErrorDetail,
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

type VoteBody = z.infer<typeof CouncilVoteBody>;

/**
 * The field of the body a Council input error is about: `votes.<key>` or `positions.<key>` for the
 * member's entry as the client spelled it, `year` or `date` for the year, else the object it concerns.
 */
function fieldOf(data: CouncilData, body: VoteBody, detail: CouncilErrorDetail): string {
  const entry = (member: string, fallback: "votes" | "positions"): string => {
    for (const object of ["votes", "positions"] as const) {
      const key = Object.keys(body[object] ?? {}).find(
        (name) => name === member || data.names.get(normaliseName(name)) === member,
      );
      if (key !== undefined) return `${object}.${key}`;
    }
    return fallback;
  };
  switch (detail.code) {
    case "YEAR_NOT_COVERED":
      return body.year === undefined ? "date" : "year";
    case "INVALID_DATE":
      return "date";
    case "UNKNOWN_MEMBER":
      return entry(detail.name, "votes");
    case "DUPLICATE_MEMBER":
      return entry(detail.names[1] ?? detail.member, "votes");
    case "INVALID_PROBABILITY":
    case "PROBABILITIES_DO_NOT_SUM_TO_ONE":
      return entry(detail.member, "positions");
    case "NOT_ON_COUNCIL":
    case "INVALID_VOTE":
    case "CONFLICTING_INPUT":
      return entry(detail.member, "votes");
    case "MISSING_VOTES":
      return "votes";
  }
}

/** Runs Council library code; its typed input errors become 400 `invalid_council_input` naming the field. */
function guarded<T>(data: CouncilData, body: VoteBody, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof CouncilError)
      throw new ApiError(400, "invalid_council_input", error.message, [
        { path: fieldOf(data, body, error.detail), code: error.code, message: error.message },
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
    const council: CouncilYear = guarded(data, body, () => {
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
      const decision = guarded(data, body, () => decide(data, council, votes));
      return ok(c, { ...header, result: "decision", decision });
    }
    const odds = guarded(data, body, () =>
      forecast(data, council, { votes, positions: body.positions ?? {} }),
    );
    return ok(c, { ...header, result: "forecast", forecast: odds });
  });
}
