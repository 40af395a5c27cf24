/**
 * @module api/errors
 * Every error the API answers with has one shape, `{"error": {"code", "message", "issues"?}}`, a
 * stable code that clients branch on, and never a stack trace. Anything unexpected becomes a 500
 * `internal_error` that carries only the request id, so that the log line can be found.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isDatabaseUnavailable } from "../store/unavailable.js";
import { AuditUnavailableError } from "./audit.js";

/** The stable codes of API errors. */
export type ApiErrorCode =
  /** The request's query, path or body does not match the route's schema. */
  | "invalid_request"
  /** The body is not JSON, though it says it is. */
  | "malformed_json"
  /** A single activity sent to `/v1/check` is not a valid activity. */
  | "invalid_activity"
  /** More activities or queries in one request than the route takes. */
  | "too_many_items"
  /** A draft given in the body does not validate, or cannot be applied to the regime. */
  | "invalid_draft"
  /** A council vote input names unknown members, bad votes or probabilities. */
  | "invalid_council_input"
  /** A list upload cannot be read, holds no designations, or has records without a name or reference. */
  | "invalid_list"
  /** A list upload holds far fewer designations than the active list of that name; `force=true` overrides. */
  | "list_shrunk"
  /** Screening was asked for, but no sanctions list has been imported. */
  | "no_lists"
  /** A cap delivery (or a notifications table) cannot be read or stored. */
  | "invalid_delivery"
  /** An exemption record does not validate. */
  | "invalid_exemption"
  /**
   * An exemption with that reference exists with other content, and `replace` was not asked; or a
   * delivery key is stored (or sent twice) with other content.
   */
  | "conflict"
  /** Revoking this key would leave no active stored key; `force=true` overrides. */
  | "last_key"
  /** Revoking this key would leave no active stored admin key; `force=true` overrides. */
  | "last_admin_key"
  /** An open server (no API key) got a Host header that does not name it: see `SANCTIONS_ALLOWED_HOSTS`. */
  | "host_not_allowed"
  /** The route needs the database, and this app was built without one. */
  | "no_store"
  /** No `Authorization: Bearer` key, or an unknown one. */
  | "unauthorized"
  /** The key is valid but its role does not allow the route. */
  | "forbidden"
  /** No such route, measure or draft. */
  | "not_found"
  /** No official text of the symbol asked for is imported (`sanctions texts import`). */
  | "symbol_not_found"
  /** The official text has no such operative paragraph (or sub-paragraph). */
  | "paragraph_not_found"
  /** The official text has no annex with that label. */
  | "annex_not_found"
  /** The route exists but not with this method. */
  | "method_not_allowed"
  /** The body is larger than the route accepts. */
  | "payload_too_large"
  /** The body's content type is not one the route reads. */
  | "unsupported_media_type"
  /**
   * The checks could not be recorded (the audit journal cannot be written, or holds as much as it
   * may while the database is unreachable), so no verdict is given; retry after `Retry-After`.
   */
  | "audit_unavailable"
  /**
   * The database could not be reached, or the connection a request was using was lost (a read is
   * retried once on a new connection first); retry after `Retry-After`. A write that failed this way
   * may or may not have been stored: the writes the API takes can be sent again safely.
   */
  | "database_unavailable"
  /** Something failed that the request did not cause; see the log line of the request id. */
  | "internal_error";

/** One detail of an `invalid_request`: where (a dotted path) and what. */
export interface ApiIssue {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** The body of every error response. */
export interface ApiErrorBody {
  readonly error: {
    readonly code: ApiErrorCode;
    readonly message: string;
    readonly issues?: readonly ApiIssue[];
    readonly requestId?: string;
  };
}

/** An error a handler throws to answer with a given status and code. */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: readonly ApiIssue[],
  ) {
    super(message);
  }

  /** The response body. */
  toBody(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.issues && this.issues.length > 0 ? { issues: this.issues } : {}),
      },
    };
  }
}

/** Hono's own exceptions (bad JSON, media type gate, body limit) in the API's vocabulary. */
function fromHttpException(error: HTTPException): ApiError {
  switch (error.status as number) {
    case 400:
      return /json/i.test(error.message)
        ? new ApiError(400, "malformed_json", "the body is not valid JSON")
        : new ApiError(400, "invalid_request", error.message || "bad request");
    case 401:
      return new ApiError(401, "unauthorized", "a valid API key is required");
    case 403:
      return new ApiError(403, "forbidden", "this key may not do that");
    case 404:
      return new ApiError(404, "not_found", "not found");
    case 413:
      return new ApiError(413, "payload_too_large", "the body is larger than this route accepts");
    case 415:
      return new ApiError(415, "unsupported_media_type", "send the body as application/json");
    default:
      return error.status >= 400 && error.status < 500
        ? new ApiError(error.status, "invalid_request", error.message || "bad request")
        : new ApiError(500, "internal_error", "internal error");
  }
}

/** A JSON body nested deeper than `limit` levels, at `path` (the first array or object too deep). */
export function jsonTooDeep(path: string, limit: number): ApiError {
  const message = `nested deeper than the limit of ${limit} levels`;
  return new ApiError(400, "invalid_request", `the body is ${message}${path ? ` (at ${path})` : ""}`, [
    { path, code: "too_deep", message },
  ]);
}

/** Turns anything thrown into an {@link ApiError}; unknown errors become `internal_error`. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException) return fromHttpException(error);
  if (error instanceof AuditUnavailableError) return new ApiError(503, "audit_unavailable", error.message);
  if (isDatabaseUnavailable(error))
    return new ApiError(
      503,
      "database_unavailable",
      "the database could not be reached or the connection was lost; retry after Retry-After",
    );
  return new ApiError(500, "internal_error", "internal error");
}

/**
 * Seconds a client is asked to wait before retrying a 503. The journal's drain retries every few
 * seconds at most, sooner would only be refused again; a lost connection is replaced on the next
 * request, so a second is enough there.
 */
const RETRY_AFTER_SECONDS: Partial<Record<ApiErrorCode, number>> = {
  audit_unavailable: 5,
  database_unavailable: 1,
};

/** Answers with an error body; a 500 carries the request id so that its log line can be found. */
export function errorResponse(c: Context, error: ApiError, requestId?: string): Response {
  const body = error.toBody();
  const withId =
    error.status >= 500 && requestId !== undefined ? { error: { ...body.error, requestId } } : body;
  const retryAfter = RETRY_AFTER_SECONDS[error.code];
  if (retryAfter !== undefined) c.header("Retry-After", String(retryAfter));
  return c.json(withId, error.status);
}
