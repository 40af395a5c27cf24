/**
 * @module store/unavailable
 * Whether an error means "the database cannot be reached now" rather than "this statement is wrong".
 * The difference decides what a caller does: a lost connection is retried (a read, once) or answered
 * with 503 `database_unavailable` and `Retry-After`, and the service goes on with new connections;
 * a refused statement is the request's or the data's problem. The driver's errors are left as they
 * are (callers and the audit journal read their SQLSTATE), and are recognised here, in one place,
 * through any chain of `cause`s the repositories wrap them in.
 *
 * Kept free of the database modules: the API's error mapping imports it on every start.
 */
import { isStoreError } from "./errors.js";

/**
 * SQLSTATEs of a connection that was lost or refused, not of a statement: class 08 (connection
 * exception), 57P01–57P05 (terminated by an administrator, a crash or a shutdown, not accepting
 * connections yet, idle session timeout), 53300 (too many connections), 3D000 (the database is gone).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-5]|53300|3D000)$/;

/** Node's socket errors: nothing listens, the peer went away, no route, no name. */
const SOCKET_ERRNO = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * pg's own errors carry no code, only these messages: the socket ended (`Connection terminated
 * unexpectedly`), a client used after it broke, the pool's connection timeout; and PostgreSQL's
 * refusal of a database with `allow_connections false` (SQLSTATE 55000, shared with unrelated errors).
 */
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|Client has encountered a connection error|Client was closed|timeout exceeded when trying to connect)|is not currently accepting connections/;

/** How deep a chain of causes is followed (a cycle must not hang the error path). */
const MAX_CAUSES = 8;

/**
 * Whether `error`, or an error it was caused by, says that the database could not be reached or that
 * the connection was lost: a `StoreError` `database_unavailable`, a socket error, one of the SQLSTATEs
 * or driver messages above. False for everything a statement itself can cause (constraint violations,
 * bad input, serialization failures).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSES && current instanceof Error; depth++) {
    if (isStoreError(current)) {
      if (current.code === "database_unavailable") return true;
    } else if (unavailable(current)) return true;
    // Several addresses tried at once (localhost on IPv4 and IPv6): an AggregateError of socket errors.
    if (
      current instanceof AggregateError &&
      current.errors.some((inner) => inner instanceof Error && unavailable(inner))
    )
      return true;
    current = current.cause;
  }
  return false;
}

function unavailable(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (UNAVAILABLE_SQLSTATE.test(code) || SOCKET_ERRNO.has(code))) return true;
  return UNAVAILABLE_MESSAGE.test(error.message);
}
