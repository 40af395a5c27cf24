/**
 * @module api/routes/yente
 * yente's routes, at the paths yente serves them (`POST /match/{dataset}`, `GET /search/{dataset}`,
 * `GET /entities/{id}`, `GET /catalog`, `GET /algorithms`, `GET /readyz`), so that a yente client or a
 * Marble-style integration points its base URL here unchanged. Errors are yente's `{"detail": …}`
 * (see `app.ts`); keys are the same as `/v1`'s, sent as `ApiKey <key>` or `Bearer <key>`.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { LoadedContext } from "../../service/context.js";
import {
  ALGORITHM,
  algorithmsResponse,
  indexEntities,
  MatchBody,
  matchParams,
  matchResponse,
  MAX_MATCH_LIMIT,
  searchResponse,
  YenteRequestError,
  type EntityIndex,
} from "../../yente/index.js";
import { MAX_CODE_LENGTH, MAX_ID_LENGTH, MAX_NAME_LENGTH } from "../../model/limits.js";
import { ok, requireRole, type ApiApp, type ApiEnv, type Services } from "../env.js";

/** The yente error body. */
const Detail = z.object({ detail: z.string() }).meta({ id: "YenteError" });
const detailResponses = {
  400: {
    description: "A parameter or the body is not valid",
    content: { "application/json": { schema: Detail } },
  },
  401: { description: "No key, or an unknown one", content: { "application/json": { schema: Detail } } },
  404: { description: "No such dataset or entity", content: { "application/json": { schema: Detail } } },
  409: {
    description: "No list is imported yet: nothing to match against (never an empty answer)",
    content: { "application/json": { schema: Detail } },
  },
} as const;

const Anything = z.record(z.string(), z.unknown());

const matchRoute = createRoute({
  method: "post",
  path: "/match/{dataset}",
  summary: "yente-compatible batch matching of FtM entity examples against the imported lists",
  tags: ["yente"],
  middleware: [requireRole("reader")] as const,
  request: {
    params: z.object({ dataset: z.string().max(MAX_CODE_LENGTH) }),
    query: z.object({
      limit: z
        .string()
        .optional()
        .meta({ description: `Results per query, 1 to ${MAX_MATCH_LIMIT} (5)` }),
      threshold: z.string().optional().meta({ description: "Score from which a result is a match (0.7)" }),
      cutoff: z.string().optional().meta({ description: "Results at or below it are dropped (deprecated)" }),
      algorithm: z.string().optional(),
      include_dataset: z.string().optional(),
      exclude_dataset: z.string().optional(),
      exclude_schema: z.string().optional(),
      exclude_entity_ids: z.string().optional().meta({ description: "Ids decided false positives (≤ 50)" }),
      topics: z.string().optional(),
      changed_since: z.string().optional(),
    }),
    body: { required: true, content: { "application/json": { schema: MatchBody } } },
  },
  responses: {
    200: {
      description: "One response per query key: results with score, match and explanations",
      content: {
        "application/json": {
          schema: z.object({ responses: z.record(z.string(), Anything), limit: z.number() }),
        },
      },
    },
    ...detailResponses,
  },
});

const searchRoute = createRoute({
  method: "get",
  path: "/search/{dataset}",
  summary: "yente-compatible free-text name search (the dataset's entities when q is empty)",
  tags: ["yente"],
  middleware: [requireRole("reader")] as const,
  request: {
    params: z.object({ dataset: z.string().max(MAX_CODE_LENGTH) }),
    query: z.object({
      q: z.string().max(MAX_NAME_LENGTH).optional(),
      limit: z.string().optional(),
      offset: z.string().optional(),
      schema: z.string().max(MAX_CODE_LENGTH).optional(),
    }),
  },
  responses: {
    200: {
      description: "Entities, best first",
      content: {
        "application/json": {
          schema: z.object({
            results: z.array(Anything),
            facets: Anything,
            total: z.object({ value: z.number(), relation: z.string() }),
            limit: z.number(),
            offset: z.number(),
          }),
        },
      },
    },
    ...detailResponses,
  },
});

const entityRoute = createRoute({
  method: "get",
  path: "/entities/{id}",
  summary: "One listed entity in FtM form",
  tags: ["yente"],
  middleware: [requireRole("reader")] as const,
  request: { params: z.object({ id: z.string().max(MAX_ID_LENGTH) }) },
  responses: {
    200: { description: "The entity", content: { "application/json": { schema: Anything } } },
    ...detailResponses,
  },
});

const catalogRoute = createRoute({
  method: "get",
  path: "/catalog",
  summary: "The datasets (imported lists) and collections this service matches against",
  tags: ["yente"],
  middleware: [requireRole("reader")] as const,
  responses: {
    200: { description: "The catalogue", content: { "application/json": { schema: Anything } } },
    ...detailResponses,
  },
});

const algorithmsRoute = createRoute({
  method: "get",
  path: "/algorithms",
  summary: "The matching algorithm, and the yente algorithm names it answers",
  tags: ["yente"],
  middleware: [requireRole("reader")] as const,
  responses: {
    200: { description: "The algorithms", content: { "application/json": { schema: Anything } } },
    ...detailResponses,
  },
});

/**
 * An error answered as yente answers it, `{"detail": …}`. Typed `never` for the same reason as
 * {@link ok}: the route's typed-response check knows only its 200 body.
 */
function detail(c: Context<ApiEnv>, status: 400 | 404 | 409, message: string): never {
  return c.json({ detail: message }, status) as never;
}

const refused = (c: Context<ApiEnv>, error: YenteRequestError): never =>
  detail(c, error.status, error.message);

/** The active lists as yente datasets, built once per loaded context. */
function indexFor(cache: WeakMap<LoadedContext, EntityIndex>, context: LoadedContext): EntityIndex {
  let index = cache.get(context);
  if (!index) {
    index = indexEntities(context.snapshots ?? []);
    cache.set(context, index);
  }
  return index;
}

/** Registers the yente-compatible routes. */
export function registerYente(app: ApiApp, services: Services): void {
  const indexes = new WeakMap<LoadedContext, EntityIndex>();
  const loaded = async () => {
    const context = await services.deps.context.current();
    return { context, index: indexFor(indexes, context) };
  };
  const noLists = (c: Context<ApiEnv>): never =>
    detail(c, 409, "No list is imported yet: import one (sanctions lists import, POST /v1/lists/import).");
  const knownDataset = (index: EntityIndex, name: string): boolean =>
    index.datasets.some((dataset) => dataset.name === name);

  app.openapi(
    matchRoute,
    async (c) => {
      const { dataset } = c.req.valid("param");
      const body = c.req.valid("json");
      const { context, index } = await loaded();
      if (!knownDataset(index, dataset)) return detail(c, 404, "No such dataset.");
      if (!context.screener) return noLists(c);
      try {
        const params = matchParams(
          (name) => c.req.query(name),
          (name) => c.req.queries(name) ?? [],
          index.datasets.map((d) => d.name),
        );
        const answer = matchResponse(body, dataset, params, context.screener, index);
        c.header("x-batch-size", String(Object.keys(body.queries).length));
        return ok(c, answer);
      } catch (error) {
        if (error instanceof YenteRequestError) return refused(c, error);
        throw error;
      }
    },
    (result, c) => {
      if (result.success) return;
      const issue = result.error.issues[0];
      const where = issue ? issue.path.map(String).join(".") : "";
      return detail(c, 400, `${where === "" ? "the request" : where}: ${issue?.message ?? "invalid"}`);
    },
  );

  app.openapi(searchRoute, async (c) => {
    const { dataset } = c.req.valid("param");
    const query = c.req.valid("query");
    const { context, index } = await loaded();
    if (!knownDataset(index, dataset)) return detail(c, 404, "No such dataset.");
    if (!context.screener) return noLists(c);
    const number = (raw: string | undefined, field: string, fallback: number, max: number): number => {
      if (raw === undefined || raw === "") return fallback;
      const value = Number(raw);
      if (!Number.isInteger(value) || value < 0 || value > max)
        throw new YenteRequestError(400, field, `${field} must be an integer from 0 to ${max}`);
      return value;
    };
    try {
      const limit = Math.max(1, number(query.limit, "limit", 10, MAX_MATCH_LIMIT));
      const offset = number(query.offset, "offset", 0, 10_000);
      const options = { limit, offset, ...(query.schema === undefined ? {} : { schema: query.schema }) };
      return ok(c, searchResponse(query.q ?? "", dataset, options, context.screener, index));
    } catch (error) {
      if (error instanceof YenteRequestError) return refused(c, error);
      throw error;
    }
  });

  app.openapi(entityRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { index } = await loaded();
    const entity = index.entity(id);
    if (!entity) return detail(c, 404, "No such entity.");
    return ok(c, entity);
  });

  app.openapi(catalogRoute, async (c) => {
    const { index } = await loaded();
    return ok(c, {
      datasets: index.datasets.map((dataset) => ({
        name: dataset.name,
        title: dataset.title,
        type: dataset.type,
        version: dataset.version,
        updated_at: dataset.updatedAt,
        entity_count: dataset.entityCount,
        load: true,
        index_current: true,
        lists: dataset.lists,
        snapshots: dataset.snapshots,
      })),
      current: index.datasets.map((dataset) => dataset.name),
      outdated: [],
      index_stale: false,
    });
  });

  app.openapi(algorithmsRoute, (c) => ok(c, algorithmsResponse()));

  // Readiness as yente answers it: ready once there is something to match against.
  app.get("/readyz", async (c) => {
    const { context } = await loaded();
    return context.screener
      ? c.json({ status: "ok", algorithm: ALGORITHM })
      : c.json({ status: "unavailable", detail: "no list is imported yet" }, 503);
  });
}
