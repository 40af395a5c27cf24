/**
 * @module api/app
 * The HTTP API as a Hono app built from injected dependencies, so that tests call `app.request()`
 * with no socket and several instances can serve the same data. Middleware order: request id and
 * log line, security headers, the Host check of an open server, API key (every `/v1/*` route), body
 * limit, then the route's role guard and zod validation. Errors of every kind leave as
 * `{"error": {code, message, issues?}}`.
 */
import { randomUUID } from "node:crypto";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import pino from "pino";
import { loadCouncilData, type CouncilData } from "../council/index.js";
import { createEvaluator } from "../evaluate/index.js";
import type { LoadedContext } from "../service/context.js";
import { recordingContext } from "../store/answers.js";
import { limitBody } from "./body.js";
import { bearerKey, hashApiKey, hostAllowed, OPEN_PRINCIPAL, openAccess } from "./auth.js";
import { defaultLimits, systemClock, type ApiDeps } from "./deps.js";
import type { ApiApp, ApiEnv, RecordingEvaluator, Services } from "./env.js";
import { ApiError, errorResponse, toApiError, type ApiIssue } from "./errors.js";
import { registerAudit } from "./routes/audit.js";
import { registerCaps } from "./routes/caps.js";
import { registerCheck } from "./routes/check.js";
import { registerCouncil } from "./routes/council.js";
import { registerDecisions } from "./routes/decisions.js";
import { registerDrafts } from "./routes/drafts.js";
import { registerExemptions } from "./routes/exemptions.js";
import { registerKeys } from "./routes/keys.js";
import { registerLists } from "./routes/lists.js";
import { registerRegime } from "./routes/regime.js";
import { registerEvents } from "./routes/events.js";
import { registerScreen } from "./routes/screen.js";
import { registerYente } from "./routes/yente.js";
import { registerTexts } from "./routes/texts.js";
import { activityJsonSchema } from "./schemas.js";
import { registerWeb } from "./web.js";

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The yente-compatible routes (routes/yente.ts): keyed like `/v1`, errors as yente's `{"detail": …}`. */
const YENTE_PATHS = ["/match/*", "/search/*", "/entities/*", "/catalog", "/algorithms"] as const;
const isYentePath = (path: string): boolean =>
  YENTE_PATHS.some((pattern) =>
    pattern.endsWith("/*") ? path.startsWith(pattern.slice(0, -1)) : path === pattern,
  );

/**
 * Builds the API. Nothing is kept between requests but what `deps` derives from stored data (the
 * regime, the context of the data directory, caches of immutable results).
 */
export function createApp(deps: ApiDeps): ApiApp {
  const logger = deps.logger ?? pino({ level: "silent" });
  const evaluators = new WeakMap<LoadedContext, RecordingEvaluator>();
  let council: CouncilData | undefined = deps.council;
  const services: Services = {
    deps,
    limits: { ...defaultLimits, ...deps.limits },
    clock: deps.clock ?? systemClock,
    audit: deps.audit,
    council: () => (council ??= loadCouncilData()),
    evaluatorFor(context) {
      let evaluator = evaluators.get(context);
      if (!evaluator) {
        // The ledger's and exemption records' answers are noted, so that the audit log can replay them.
        const recording = recordingContext(context);
        const inner = createEvaluator(deps.regime, recording.context);
        evaluator = { evaluate: (activity) => inner.evaluate(activity), takeAnswers: () => recording.take() };
        evaluators.set(context, evaluator);
      }
      return evaluator;
    },
  };

  const app: ApiApp = new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const issues: ApiIssue[] = result.error.issues.slice(0, 20).map((issue) => ({
        path: issue.path.map(String).join("."),
        code: issue.code,
        message: issue.message,
      }));
      const where = issues[0]?.path ? ` (${issues[0].path}: ${issues[0].message})` : "";
      throw new ApiError(
        400,
        "invalid_request",
        `the ${result.target} does not match the route's schema${where}`,
        issues,
      );
    },
  });

  app.use("*", async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header("x-request-id");
    const requestId = incoming !== undefined && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set("requestId", requestId);
    await next();
    // On the response's headers, not through c.header(): once a response exists, c.header() copies it
    // into a new native Response, which cost more than the rest of the middleware together.
    c.res.headers.set("X-Request-Id", requestId);
    const principal = c.get("principal") as ApiEnv["Variables"]["principal"] | undefined;
    // The key is never logged: only its public id (a prefix of its hash).
    logger.info(
      {
        reqId: requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 100) / 100,
        key: principal?.id,
        regimeVersion: deps.regime.version,
      },
      "request",
    );
  });

  app.use("*", secureHeaders());

  // An open server answers only to names of this machine: a web page whose name resolves to
  // 127.0.0.1 (DNS rebinding) must not read what it answers without a key.
  if (deps.open === true) {
    const allowed = deps.allowedHosts ?? [];
    app.use("*", async (c, next) => {
      const host = c.req.header("host");
      // A request without Host is not from a browser (Node refuses HTTP/1.1 without one).
      if (host !== undefined && !hostAllowed(host, allowed, localPortOf(c.env))) {
        throw new ApiError(
          421,
          "host_not_allowed",
          `the Host header ${JSON.stringify(host.slice(0, 100))} does not name this server: without API keys it ` +
            `answers only to localhost, 127.0.0.1 and [::1] on its port (and to SANCTIONS_ALLOWED_HOSTS)`,
        );
      }
      await next();
    });
  }

  const access = openAccess(deps.keys, deps.open === true, {
    closed: () => {
      logger.info("a key is configured: every request needs one from now on (the server started open)");
    },
    keysGone: () => {
      logger.warn(
        "no API key is left (the last stored key was revoked): every request is refused until a key is created " +
          "(sanctions keys create); the server does not open up again, but a restart with no key runs open on loopback",
      );
    },
  });

  const authenticate: MiddlewareHandler<ApiEnv> = async (c, next) => {
    const header = c.req.header("authorization");
    // Asked on every keyless request of an open server (cached, no query): a key stored since the
    // start turns authentication on, for good.
    if (header === undefined && (await access.admitsKeyless())) {
      c.set("principal", { id: OPEN_PRINCIPAL, role: "analyst" });
      return next();
    }
    const key = bearerKey(header);
    const principal = key === undefined ? undefined : await deps.keys.findByHash(hashApiKey(key));
    if (!principal) {
      await access.refused();
      c.header("WWW-Authenticate", 'Bearer realm="sanctions-engine"');
      throw new ApiError(
        401,
        "unauthorized",
        header === undefined ? "send an API key: Authorization: Bearer <key>" : "unknown API key",
      );
    }
    c.set("principal", principal);
    return next();
  };
  app.use("/v1/*", authenticate);
  for (const path of YENTE_PATHS) app.use(path, authenticate);

  const limit = limitBody(services.limits.bodyBytes, () => {
    throw new ApiError(
      413,
      "payload_too_large",
      `the body may be at most ${services.limits.bodyBytes} bytes`,
    );
  });
  // List uploads have their own, larger limit (see routes/lists.ts).
  const limitAllButLists: MiddlewareHandler<ApiEnv> = (c, next) =>
    c.req.path === "/v1/lists/import" ? next() : limit(c, next);
  app.use("/v1/*", limitAllButLists);
  app.use("/match/*", limit);

  registerCheck(app, services);
  registerScreen(app, services);
  registerRegime(app, services);
  registerEvents(app, services);
  registerDrafts(app, services);
  registerCouncil(app, services);
  registerLists(app, services);
  registerTexts(app, services);
  registerCaps(app, services);
  registerExemptions(app, services);
  registerDecisions(app, services);
  registerKeys(app, services);
  registerAudit(app, services);
  registerYente(app, services);

  // "degraded" while checks are recorded on local disk only (the database is not taking them), or
  // while batches the database refused are set aside for an operator, or while the database does not
  // answer: still 200, checks are answered and recorded (from the journal). 503 once checks are
  // refused, so that a load balancer sends them elsewhere.
  app.get("/healthz", async (c) => {
    const context = await deps.context.current();
    const audit = deps.audit?.health?.();
    const database = await deps.database?.health();
    const status =
      audit?.state === "full"
        ? "unavailable"
        : audit?.state === "failing" || (audit?.rejectedBatches ?? 0) > 0 || database?.state === "unavailable"
          ? "degraded"
          : "ok";
    return c.json(
      {
        status,
        regimeVersion: deps.regime.version,
        listSnapshot: context.screener ? [...context.screener.snapshotIds] : [],
        ...(audit === undefined ? {} : { audit }),
        ...(database === undefined ? {} : { database }),
      },
      status === "unavailable" ? 503 : 200,
    );
  });

  // The description is generated once: a failure shows at startup, not as a 500 with details.
  app.openAPIRegistry.registerComponent("schemas", "Activity", activityJsonSchema());
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", { type: "http", scheme: "bearer" });
  // yente clients send the same keys as `Authorization: ApiKey <key>`.
  app.openAPIRegistry.registerComponent("securitySchemes", "yenteApiKey", {
    type: "apiKey",
    in: "header",
    name: "Authorization",
    description: "The same key, written `ApiKey <key>` as yente clients send it",
  });
  const document = withOperationIds(
    app.getOpenAPI31Document({
      openapi: "3.1.0",
      info: {
        title: "sanctions-engine",
        version: "1",
        description: `The UN Security Council DPRK (1718) regime as data. Regime version ${deps.regime.version}.`,
        // `identifier` (an SPDX id) is OpenAPI 3.1's; the library's type knows only 3.0's fields.
        license: { name: "MIT", ...{ identifier: "MIT" } },
      },
      // Relative: the description is served by the API it describes, at whatever address it listens on.
      servers: [{ url: "/", description: "this service" }],
      security: [{ apiKey: [] }, { yenteApiKey: [] }],
    }),
  );
  app.get("/openapi.json", (c) => c.json(document));
  if (deps.webRoot !== undefined) registerWeb(app, deps.webRoot);

  app.notFound((c) =>
    errorResponse(c, new ApiError(404, "not_found", `no route ${c.req.method} ${c.req.path}`)),
  );
  app.onError((error, c) => {
    const apiError = toApiError(error);
    const requestId = c.get("requestId") as string | undefined;
    if (apiError.code === "audit_unavailable")
      logger.warn({ reqId: requestId, err: error }, "a check was refused: it could not be recorded");
    else if (apiError.code === "database_unavailable")
      logger.warn({ reqId: requestId, err: error }, "refused: the database could not be reached");
    else if (apiError.status >= 500) logger.error({ reqId: requestId, err: error }, "internal error");
    if (isYentePath(c.req.path)) {
      // A yente client reads `detail`; the code is kept in a header for logs and support.
      const response = errorResponse(c, apiError, requestId);
      c.header("x-error-code", apiError.code);
      return c.json({ detail: apiError.message }, apiError.status, Object.fromEntries(response.headers));
    }
    return errorResponse(c, apiError, requestId);
  });
  return app;
}

/**
 * Gives every operation an `operationId` made from its method and path (`POST /v1/caps/deliveries/{id}/void`
 * → `postCapsDeliveriesByIdVoid`), so that generated clients get stable names without each route
 * spelling one out.
 */
function withOperationIds<T extends { paths?: object }>(document: T): T {
  const word = (part: string): string => part.charAt(0).toUpperCase() + part.slice(1);
  const paths = (document.paths ?? {}) as Record<string, Record<string, unknown> | undefined>;
  for (const [path, item] of Object.entries(paths)) {
    const name = path
      .split("/")
      .filter((part) => part !== "" && part !== "v1")
      .map((part) => (part.startsWith("{") ? `By${word(part.slice(1, -1))}` : part))
      .flatMap((part) => part.split(/[^A-Za-z0-9]+/))
      .map(word)
      .join("");
    for (const [method, operation] of Object.entries(item ?? {})) {
      if (typeof operation !== "object" || operation === null || "operationId" in operation) continue;
      (operation as { operationId?: string }).operationId = `${method}${name}`;
    }
  }
  return document;
}

/** The local port of the request's socket, under `@hono/node-server` (undefined in `app.request()`). */
function localPortOf(env: unknown): number | undefined {
  const port = (env as { incoming?: { socket?: { localPort?: unknown } } } | undefined)?.incoming?.socket
    ?.localPort;
  return typeof port === "number" ? port : undefined;
}
