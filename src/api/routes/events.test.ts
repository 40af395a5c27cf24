/**
 * `GET /v1/events` through `app.request()`: the same view as `sanctions events --json` (parsed with the
 * one schema), the period and kind filters, and the query's limits at the edge (a bad date, an unknown
 * kind, a period that ends before it starts: a 400 naming the field). `GET /v1/measures/{id}` lists
 * the review clauses.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { EventsView } from "../../regime/events-view.js";
import { testApp, type TestApp } from "../testing.js";

interface ErrorBody {
  error: { code: string; issues?: { path: string; code: string }[] };
}

describe("GET /v1/events", () => {
  let t: TestApp;
  before(async () => (t = await testApp()));
  after(async () => t.cleanup());

  it("weighs the September 2021 launches, in the shape of EventsView", async () => {
    const response = await t.call("GET", "/v1/events?from=2021-09-01&to=2021-09-30", { role: "reader" });
    assert.equal(response.status, 200);
    const view = EventsView.parse(await response.json());
    const byId = new Map(view.events.map((event) => [event.id, event]));
    assert.equal(byId.get("cruise-missiles-2021-09")?.notInBreach?.code, "not_ballistic");
    assert.equal(byId.get("rail-srbm-2021-09-15")?.inBreach, true);
    assert.ok(
      byId
        .get("hwasong-8-2021-09-28")
        ?.breaches.some((breach) => breach.citation === "S/RES/2094 (2013) OP2"),
    );
    assert.ok(view.events.every((event) => event.date >= "2021-09-01" && event.date <= "2021-09-30"));
  });

  it("filters by kind, and answers every event without a query", async () => {
    const tests = EventsView.parse(
      await (await t.call("GET", "/v1/events?kind=nuclear-test", { role: "reader" })).json(),
    );
    assert.equal(tests.events.length, 6);
    const all = EventsView.parse(await (await t.call("GET", "/v1/events", { role: "reader" })).json());
    assert.ok(all.events.length > tests.events.length);
  });

  it("refuses a bad date, an unknown kind and a period that ends before it starts, naming the field", async () => {
    for (const [query, field] of [
      ["from=2021-02-30", "from"],
      ["kind=rocket", "kind"],
      ["from=2022-01-01&to=2021-01-01", "from"],
      [`to=${"9".repeat(5000)}`, "to"],
    ] as const) {
      const response = await t.call("GET", `/v1/events?${query}`, { role: "reader" });
      assert.equal(response.status, 400, query);
      const body = (await response.json()) as ErrorBody;
      assert.ok(
        body.error.issues?.some((issue) => issue.path === field),
        `${query}: ${JSON.stringify(body.error)}`,
      );
    }
  });

  it("needs a key", async () => {
    assert.equal((await t.call("GET", "/v1/events")).status, 401);
  });
});

describe("GET /v1/measures/{id}: review clauses", () => {
  let t: TestApp;
  before(async () => (t = await testApp()));
  after(async () => t.cleanup());

  it("lists the review clauses of the resolutions that imposed or amended the measure", async () => {
    const response = await t.call("GET", "/v1/measures/KP-IMP-REFINED", { role: "reader" });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { reviewClauses: { commitment: string; basis: string }[] };
    assert.ok(body.reviewClauses.some((clause) => clause.commitment === "KP-COMMIT-REVIEW-2397"));
  });
});
