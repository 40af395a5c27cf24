/**
 * @module model/limits
 * The limits on what a client sends, in one place, for every edge (the API's schemas, the CLI's
 * readers, the importers) to check before anything is evaluated or stored.
 *
 * Why: a value with no limit reaches places that have one of their own. A 3,000-character activity id
 * was answered and journaled, and then every move of the journal into the database failed on
 * PostgreSQL's btree row limit (2,704 bytes) for the audit log's index, so one request stopped the
 * audit log for every client. A limit checked at the edge gives a 400 naming the field; a limit met
 * deep inside gives a 500, or worse, for everybody.
 *
 * Identifiers are bounded well below the btree limit even when every character takes four bytes in
 * UTF-8 (256 × 4 = 1,024 bytes, with room for the other columns of a composite index).
 */

/** Ids and references that are stored and indexed: activity ids, record ids, exemption references, delivery keys, request and batch ids. */
export const MAX_ID_LENGTH = 256;

/** Names of parties, vessels, ports, suppliers and Council members. */
export const MAX_NAME_LENGTH = 500;

/** Free text: descriptions, notes, sources, titles. */
export const MAX_TEXT_LENGTH = 4_000;

/** Short coded values: dates, units, country codes, HS codes, roles, dataset names, identifiers such as IMO or passport numbers. */
export const MAX_CODE_LENGTH = 100;

/** The deepest nesting of JSON a body may have; deeper bodies are refused before they are parsed further. */
export const MAX_JSON_DEPTH = 32;

/** The largest quantity (barrels, tonnes, units, value) accepted: far above any real delivery, far below where sums lose precision or overflow. */
export const MAX_QUANTITY = 1e12;

/** The most parties one activity may name. */
export const MAX_PARTIES = 100;

/** API key labels: a note for operators, not a document (the key store refuses longer ones). */
export const MAX_LABEL_LENGTH = 200;

/** The most results one request may ask for: recorded checks of an audit query, matches per screening query. */
export const MAX_RESULTS = 100;
