/**
 * @module api/env
 * The per-request variables the middlewares set, the services the routes share, and the role guard.
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import type { CouncilData } from "../council/index.js";
import type { Evaluator } from "../evaluate/index.js";
import type { LoadedContext } from "../service/context.js";
import type { RecordedAnswers } from "../store/answers.js";
import type { AuditSink } from "./audit.js";
import { allows, type Principal, type Role } from "./auth.js";
import type { ApiDeps, ApiLimits, Clock } from "./deps.js";
import { ApiError } from "./errors.js";

/** What a request carries through the middlewares. */
export interface ApiEnv {
  Variables: {
    requestId: string;
    /** Who is asking; set on `/v1/*` once the key is checked. */
    principal: Principal;
  };
}

/** The app type. */
export type ApiApp = OpenAPIHono<ApiEnv>;

/**
 * An evaluator that notes what the context's ledger and exemption records answered for the activity
 * it last evaluated. `evaluate` is synchronous: take the answers right after it, before any `await`.
 */
export interface RecordingEvaluator extends Evaluator {
  /** The answers given since the last call, cleared. */
  takeAnswers(): RecordedAnswers;
}

/** What the routes share, built once per app from its {@link ApiDeps}. */
export interface Services {
  readonly deps: ApiDeps;
  readonly limits: ApiLimits;
  readonly clock: Clock;
  readonly audit: AuditSink | undefined;
  council(): CouncilData;
  /** The evaluator of a context (built once per context, so its per-date caches are kept). */
  evaluatorFor(context: LoadedContext): RecordingEvaluator;
}

/** Lets the request through only when its principal has at least `role`. */
export function requireRole(role: Role) {
  return createMiddleware<ApiEnv>(async (c, next) => {
    const principal = c.get("principal");
    if (!allows(principal.role, role))
      throw new ApiError(403, "forbidden", `this needs a key with the ${role} role`);
    await next();
  });
}

/**
 * Answers 200 with a library view as JSON. The route schemas document these bodies, but the library's
 * readonly types do not fit zod's mutable output types, so the typed-response check is bypassed here,
 * in one place.
 */
export function ok(c: { json: (body: never, status: 200) => Response }, body: unknown): never {
  return c.json(body as never, 200) as never;
}
