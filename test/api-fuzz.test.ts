/**
 * Fuzzing the API through `app.request()`: thousands of random and malformed requests (methods, paths,
 * query strings, headers, keys of every role, JSON and non-JSON bodies, activities with mangled
 * fields, cap deliveries, exemption records) must each get a 2xx or 4xx answer in the one error shape,
 * never a 5xx and never a throw. The app runs over an embedded database, as `sanctions serve` does, so
 * that writes, reads and the audit log of checks are fuzzed too.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { storeAuditSink, storedContext, storeRegimeVersion } from "../src/api/stored.js";
import { TEST_KEYS, testApp, testRegime, type TestApp } from "../src/api/testing.js";
import { defaultRegimeDir } from "../src/config/index.js";
import type { Store } from "../src/store/index.js";
import { pgliteFactory } from "../src/store/testing/factories.js";

const PATHS = [
  "/v1/check",
  "/v1/screen",
  "/v1/regime",
  "/v1/measures/KP-EXP-SEAFOOD",
  "/v1/measures/%E0%A4%A",
  "/v1/timeline",
  "/v1/events",
  "/v1/drafts/diff",
  "/v1/council/vote",
  "/v1/lists/import",
  "/v1/lists",
  "/v1/caps/status",
  "/v1/caps/deliveries",
  "/v1/exemptions",
  "/v1/exemptions/1718-HEX-2021-07",
  "/v1/exemptions/%00",
  "/healthz",
  "/openapi.json",
  "/",
  "/v1",
  "/v1/",
  "//v1/check",
  "/v1/check/",
  "/v1/measures/",
];

const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

const CONTENT_TYPES = [
  undefined,
  "application/json",
  "application/json; charset=utf-8",
  "application/JSON",
  "application/problem+json",
  "text/plain",
  "application/xml",
  "text/csv",
  "application/x-ndjson",
  "application/octet-stream",
  "multipart/form-data; boundary=x",
  "application/x-www-form-urlencoded",
  "",
  ";;;",
];

// Mostly valid keys of every role, so that most requests get past the key check to the handlers.
const authorization = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 12, arbitrary: fc.constantFrom(...Object.values(TEST_KEYS)).map((key) => `Bearer ${key}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((key) => `Bearer ${key}`) },
);

/** The routes as they are meant to be called. */
const ROUTES: readonly (readonly [string, string])[] = [
  ["POST", "/v1/check"],
  ["POST", "/v1/screen"],
  ["GET", "/v1/regime"],
  ["GET", "/v1/measures/KP-EXP-SEAFOOD"],
  ["GET", "/v1/measures/kp-imp-refined"],
  ["GET", "/v1/timeline"],
  ["GET", "/v1/events"],
  ["POST", "/v1/drafts/diff"],
  ["POST", "/v1/council/vote"],
  ["POST", "/v1/lists/import"],
  ["GET", "/v1/lists"],
  ["GET", "/v1/caps/status"],
  ["POST", "/v1/caps/deliveries"],
  ["GET", "/v1/exemptions"],
  ["GET", "/v1/exemptions/1718-HEX-2021-07"],
  ["POST", "/v1/exemptions"],
  ["GET", "/healthz"],
];

const date = fc.oneof(
  fc.constantFrom(
    "2019-12-17",
    "2006-10-13",
    "2017-08-05",
    "2019-02-29",
    "2020-02-29",
    "0000-01-01",
    "9999-12-31",
  ),
  fc.string({ maxLength: 12 }),
);

const queryValue = fc.oneof(
  date,
  fc.string({ maxLength: 20 }),
  fc.constantFrom("%", "%ZZ", "a&b", "[]", "\u0000"),
);
const query = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        "at",
        "from",
        "to",
        "format",
        "dataset",
        "source",
        "x",
        "at[]",
        "year",
        "measure",
        "name",
        "replace",
      ),
      fc.oneof(queryValue, fc.constantFrom("2019", "KP-IMP-REFINED", "true", "false")),
    ),
    {
      maxLength: 4,
    },
  )
  .map((pairs) =>
    pairs.length === 0
      ? ""
      : "?" +
        pairs
          .map(([key, value]) => `${key}=${Math.random() < 0.7 ? encodeURIComponent(value) : value}`)
          .join("&"),
  );

/** An activity-like record with some fields mangled: the evaluator must take or refuse it cleanly. */
const activity = fc.record(
  {
    id: fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null)),
    type: fc.constantFrom(
      "goods",
      "employment",
      "joint_venture",
      "payment",
      "vessel",
      "service",
      "GOODS",
      "",
      "x",
    ),
    date,
    hs: fc.oneof(
      fc.constantFrom("0302.11", "2710.19", "8806.21", "27", "9999.99", "0302.11.00"),
      fc.string({ maxLength: 12 }),
      fc.integer(),
    ),
    from: fc.oneof(fc.constantFrom("KP", "CN", "kp", "XX", " ru "), fc.string({ maxLength: 3 })),
    to: fc.oneof(fc.constantFrom("KP", "CN", "JP"), fc.string({ maxLength: 3 })),
    contractDate: date,
    quantity: fc.oneof(fc.double(), fc.string({ maxLength: 6 }), fc.integer()),
    unit: fc.string({ maxLength: 5 }),
    nationality: fc.constantFrom("KP", "RU"),
    country: fc.constantFrom("RU", "CN", "??"),
    newAuthorization: fc.oneof(fc.boolean(), fc.string({ maxLength: 5 })),
    action: fc.constantFrom("establish", "port-entry", "bunkering", "nope"),
    instrument: fc.constantFrom("transfer", "bulk-cash", "grant", "x"),
    service: fc.constantFrom("crew", "insurance", "x"),
    partnerCountry: fc.constantFrom("KP", "CN"),
    parties: fc.oneof(
      fc.array(
        fc.record(
          {
            name: fc.string({ maxLength: 20 }),
            role: fc.string({ maxLength: 8 }),
            imo: fc.oneof(fc.string({ maxLength: 9 }), fc.integer()),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 3 },
      ),
      fc.anything({ maxDepth: 2 }),
    ),
    vessel: fc.oneof(
      fc.record(
        {
          name: fc.string({ maxLength: 10 }),
          imo: fc.string({ maxLength: 9 }),
          flag: fc.string({ maxLength: 3 }),
        },
        { requiredKeys: [] },
      ),
      fc.anything({ maxDepth: 1 }),
    ),
    purpose: fc.constantFrom("livelihood", "humanitarian", "other"),
    hsEdition: fc.constantFrom("HS2017", "HS2022", "HS1996"),
  },
  { requiredKeys: [] },
);

/** A delivery as `POST /v1/caps/deliveries` takes it, with fields mangled. */
const delivery = fc.record(
  {
    supplier: fc.oneof(fc.constantFrom("China", "Russian Federation", ""), fc.string({ maxLength: 20 })),
    date,
    until: date,
    quantity: fc.oneof(fc.double(), fc.integer(), fc.string({ maxLength: 5 })),
    unit: fc.constantFrom("bbl", "t", "barrels", "kl", ""),
    product: fc.constantFrom("gas-oil", "lpg", "x"),
    estimate: fc.oneof(fc.boolean(), fc.string({ maxLength: 3 })),
    source: fc.string({ maxLength: 20 }),
    measure: fc.constantFrom("KP-IMP-REFINED", "KP-IMP-CRUDE", "KP-EXP-SEAFOOD", "nope", ""),
  },
  { requiredKeys: [] },
);

/** An exemption record, with fields mangled. */
const exemption = fc.record(
  {
    reference: fc.oneof(fc.constantFrom("1718-HEX-2021-07", "2664-WFP"), fc.string({ maxLength: 12 })),
    kind: fc.constantFrom("committee", "carve-out", "x"),
    applicant: fc.string({ maxLength: 10 }),
    actor: fc.constantFrom("World Food Programme", ""),
    category: fc.constantFrom("un", "other", "x"),
    approved: date,
    validityMonths: fc.oneof(fc.integer({ min: -2, max: 200 }), fc.double()),
    validUntil: date,
    activities: fc.array(fc.constantFrom("goods", "joint_venture", "x"), { maxLength: 2 }),
    items: fc.array(
      fc.record(
        {
          description: fc.string({ maxLength: 8 }),
          hs: fc.array(fc.constantFrom("8708", "0302.11", "x"), { maxLength: 2 }),
          quantity: fc.oneof(fc.double(), fc.integer()),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 2 },
    ),
    parties: fc.array(fc.record({ name: fc.string({ maxLength: 8 }) }), { maxLength: 2 }),
    shipments: fc.record(
      { allowed: fc.integer({ min: -1, max: 5 }), used: fc.integer({ min: -1, max: 5 }) },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

const jsonBody = fc.oneof(
  delivery.map((value) => JSON.stringify(value)),
  fc.oneof(exemption, fc.array(exemption, { maxLength: 3 })).map((value) => JSON.stringify(value)),
  fc.json({ maxDepth: 4 }),
  activity.map((value) => JSON.stringify(value)),
  fc.array(activity, { maxLength: 5 }).map((value) => JSON.stringify(value)),
  fc
    .record(
      {
        queries: fc.oneof(
          fc.array(
            fc.record(
              {
                name: fc.string({ maxLength: 30 }),
                dob: fc.string({ maxLength: 10 }),
                kind: fc.constantFrom("person", "entity", "vessel", "x"),
              },
              { requiredKeys: [] },
            ),
            { maxLength: 3 },
          ),
          fc.anything({ maxDepth: 1 }),
        ),
        threshold: fc.oneof(fc.double(), fc.string({ maxLength: 3 })),
        limit: fc.oneof(fc.integer(), fc.double()),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
  fc
    .record(
      {
        id: fc.constantFrom("cn-ru-2019", "us-2022", "nope", "../x", "CN-RU-2019", ""),
        at: fc.constantFrom("2019-12-17", "2022-05-26", "2019-02-30", "x"),
        draft: fc.anything({ maxDepth: 2 }),
        activities: fc.array(activity, { maxLength: 3 }),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
  fc
    .record(
      {
        date: date,
        year: fc.oneof(fc.integer({ min: 1990, max: 2030 }), fc.double(), fc.string({ maxLength: 4 })),
        votes: fc.dictionary(
          fc.constantFrom("China", "United States", "France", "Atlantis", "RU", ""),
          fc.oneof(
            fc.constantFrom("yes", "no", "abstain", "absent", "maybe"),
            fc.double(),
            fc.anything({ maxDepth: 1 }),
          ),
        ),
        positions: fc.dictionary(
          fc.constantFrom("China", "Russian Federation", "Kenya", "UK", "x"),
          fc.oneof(
            fc.double(),
            fc.constantFrom("yes", "no"),
            fc.record({ yes: fc.double(), no: fc.double(), abstain: fc.double() }, { requiredKeys: [] }),
            fc.anything({ maxDepth: 1 }),
          ),
        ),
        symbol: fc.string({ maxLength: 10 }),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
);

const rawBody = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    "",
    "{",
    "[",
    "null",
    "[[[[[[[[[[]]]]]]]]]]",
    '{"a":',
    "\uFEFF{}",
    "<?xml version='1.0'?><CONSOLIDATED_LIST>",
    '<CONSOLIDATED_LIST dateGenerated="x"><INDIVIDUALS><INDIVIDUAL></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>',
    '1,"X",-0-',
    '{"schema":"Person","id":"x","properties":{}}',
    "record_id,supplier,period_start,period_end,record_type,quantity_barrels\n1,China,2019-01,2019-12,notified_annual_total,5",
  ),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
);

const target = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ROUTES) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...METHODS), fc.constantFrom(...PATHS)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...METHODS), fc.webPath()) },
);

const request = fc.record({
  target,
  query,
  authorization,
  contentType: fc.oneof(
    { weight: 3, arbitrary: fc.constant("application/json") },
    { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
  ),
  body: fc.option(fc.oneof(jsonBody, rawBody), { nil: undefined }),
  requestId: fc.option(fc.string({ maxLength: 80 }), { nil: undefined }),
});

describe("API fuzzing", () => {
  let t: TestApp;
  let store: Store;
  let dataDir: string;
  before(async () => {
    store = await pgliteFactory();
    const regime = await testRegime();
    await storeRegimeVersion(store, regime, defaultRegimeDir);
    dataDir = await mkdtemp(join(tmpdir(), "api-fuzz-"));
    t = await testApp({
      lists: store.snapshots,
      records: { deliveries: store.deliveries, exemptions: store.exemptions },
      audit: storeAuditSink(store),
      context: storedContext(store, { regime, regimeDir: defaultRegimeDir, dataDir, refreshMs: 0 }),
    });
  });
  after(async () => {
    await t.cleanup();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("answers thousands of random requests with 2xx or 4xx, never 5xx, never a throw", async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const [method, path] = r.target;
        const headers = new Headers();
        if (r.authorization !== undefined) {
          try {
            headers.set("authorization", r.authorization);
          } catch {
            // Not a valid header value: a client could not send it either.
          }
        }
        if (r.contentType !== undefined) headers.set("content-type", r.contentType);
        if (r.requestId !== undefined) {
          try {
            headers.set("x-request-id", r.requestId);
          } catch {
            // As above.
          }
        }
        const body = method === "GET" || method === "HEAD" ? undefined : r.body;
        const response = await t.app.request(`${path}${r.query}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body }),
        });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const text = await response.text();
        assert.ok(
          response.status >= 200 && response.status < 500,
          `${method} ${path}${r.query} → ${response.status}: ${text}`,
        );
        if (response.status >= 400 && method !== "HEAD") {
          const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
          assert.equal(typeof body.error?.code, "string");
          assert.equal(typeof body.error?.message, "string");
          assert.ok(!text.includes("    at "), "no stack trace");
        }
      }),
      { numRuns: 4000 },
    );
    // Both kinds of answers came out, so the fuzzing reached the handlers and not only the guards.
    const ok = [...statuses].filter(([status]) => status < 300).reduce((sum, [, n]) => sum + n, 0);
    assert.ok(ok > 100, `only ${ok} successful answers: ${JSON.stringify([...statuses])}`);
  });

  it("evaluates thousands of mangled activities as one array each, item by item", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(activity, { minLength: 1, maxLength: 20 }), async (items) => {
        const response = await t.call("POST", "/v1/check", { role: "reader", body: items });
        assert.equal(response.status, 200);
        const body = (await response.json()) as {
          results: unknown[];
          summary: { evaluated: number; rejected: number };
        };
        assert.equal(body.results.length, items.length);
        assert.equal(body.summary.evaluated + body.summary.rejected, items.length);
      }),
      { numRuns: 1500 },
    );
  });
});
