/**
 * @module store/refusal
 * Tells a statement the database refused for what it carries from a database that could not be asked.
 * The difference decides what a writer does next: a connection that failed may work on the next try,
 * so the same statement is sent again later; a statement refused for its data (a value too long for an
 * index, a malformed date, a broken reference) is refused again however often it is sent, so retrying
 * it only holds back everything queued behind it. Import-free, so that the server's request path (the
 * audit journal) can use it without loading the database modules.
 */

/** What the database said when it refused a statement for its data. */
export interface DataRefusal {
  /** The SQLSTATE (`54000`: an index row too large, `22P05`: a NUL character in JSON text...). */
  readonly sqlState: string;
  readonly message: string;
}

/**
 * SQLSTATE classes that name the statement's data: 22 data exception, 23 integrity constraint
 * violation, 54 program limit exceeded (an index row or a JSON document too large), XX internal error
 * (the server failed on this statement; the same statement fails the same way). Everything else —
 * 08 connection exception, 57 operator intervention (a shutdown), 53 insufficient resources, 40
 * rollbacks, 42 (a missing table: a deployment to fix, not data to drop), errors without a SQLSTATE
 * such as ECONNREFUSED — may pass on a later try.
 */
const DATA_CLASSES: ReadonlySet<string> = new Set(["22", "23", "54", "XX"]);

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * The database's refusal of a statement for its data, when `error` (or an error it wraps as its
 * `cause`, as `StoreError` does) is one; `undefined` for anything that may pass on a later try.
 */
export function dataRefusalOf(error: unknown): DataRefusal | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    // The first SQLSTATE found decides: an outer wrapper's code (`invalid_record`...) is not one.
    if (typeof code === "string" && SQLSTATE.test(code))
      return DATA_CLASSES.has(code.slice(0, 2))
        ? { sqlState: code, message: typeof message === "string" ? message : String(message) }
        : undefined;
    current = cause;
  }
  return undefined;
}
