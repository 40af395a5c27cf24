/**
 * `POST /v1/exemptions` over a database (embedded PGlite; PostgreSQL as well when `DATABASE_URL` is
 * set), through `app.request()`: ten concurrent creations of one reference give one 200 that adds it
 * and 409 `conflict` for the others (they gave 500s when two transactions both read "absent" and the
 * second insert broke the primary key); the same record again is `unchanged`; a 3,000-character
 * reference is a 400 naming the field and the limit, not a 500 from the index.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Store } from "../../store/index.js";
import {
  dropPostgresTemplate,
  pgliteFactory,
  postgresFactory,
  postgresUrl,
  type StoreFactory,
} from "../../store/testing/factories.js";
import { testApp, type TestApp } from "../testing.js";

interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; code: string; message: string }[] };
}

const approval = (reference: string, applicant = "Relief Org") => ({
  reference,
  kind: "committee",
  applicant,
  approved: "2021-02-01",
  validityMonths: 9,
  activities: ["joint_venture"],
  shipments: { allowed: 3, used: 0 },
});

function suite(name: string, factory: StoreFactory): void {
  describe(`exemptions routes over ${name}`, () => {
    let store: Store;
    let t: TestApp;

    before(async () => {
      store = await factory();
      t = await testApp({ records: { deliveries: store.deliveries, exemptions: store.exemptions } });
    });
    after(async () => {
      await t.cleanup();
      await store.close();
    });

    const post = (body: unknown, query = "") =>
      t.call("POST", `/v1/exemptions${query}`, { role: "admin", body });

    it("gives one 200 and nine 409 conflicts to ten concurrent creations of one reference", async () => {
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          post(approval("1718-HEX-RACE", `Relief Org ${String(index)}`)),
        ),
      );
      assert.deepEqual(responses.map((r) => r.status).sort(), [200, ...Array<number>(9).fill(409)]);
      const bodies = (await Promise.all(responses.map((r) => r.json()))) as ({ added: number } | ErrorBody)[];
      assert.equal(bodies.filter((b) => "added" in b && b.added === 1).length, 1);
      assert.deepEqual(
        bodies.filter((b): b is ErrorBody => "error" in b).map((b) => b.error.code),
        Array<string>(9).fill("conflict"),
      );
      assert.equal(await store.exemptions.count(), 1);
    });

    it("answers ten concurrent posts of one record with one added and nine unchanged", async () => {
      const responses = await Promise.all(Array.from({ length: 10 }, () => post(approval("1718-HEX-SAME"))));
      assert.deepEqual(
        responses.map((r) => r.status),
        Array<number>(10).fill(200),
      );
      const bodies = (await Promise.all(responses.map((r) => r.json()))) as {
        added: number;
        unchanged: number;
      }[];
      assert.deepEqual(bodies.map((b) => `${String(b.added)}/${String(b.unchanged)}`).sort(), [
        "0/1",
        "0/1",
        "0/1",
        "0/1",
        "0/1",
        "0/1",
        "0/1",
        "0/1",
        "0/1",
        "1/0",
      ]);
    });

    it("answers the same record again `unchanged`, another one under the reference 409, until replaced", async () => {
      assert.deepEqual(await (await post(approval("1718-HEX-AGAIN"))).json(), {
        added: 1,
        replaced: 0,
        unchanged: 0,
      });
      assert.deepEqual(await (await post([approval("1718-HEX-AGAIN")])).json(), {
        added: 0,
        replaced: 0,
        unchanged: 1,
      });
      const other = approval("1718-HEX-AGAIN", "Another Org");
      const conflict = await post(other);
      assert.equal(conflict.status, 409);
      assert.equal(((await conflict.json()) as ErrorBody).error.code, "conflict");
      assert.deepEqual(await (await post(other, "?replace=true")).json(), {
        added: 0,
        replaced: 1,
        unchanged: 0,
      });
    });

    it("refuses fields over their limits with a 400 naming the field and the limit", async () => {
      const long = "x".repeat(3000);
      const cases: [unknown, string, RegExp][] = [
        [approval(long), "reference", /reference: at most 256 characters \(3000 given\)/],
        [{ ...approval("L-1"), applicant: long }, "applicant", /applicant: at most 500 characters/],
        [{ ...approval("L-2"), note: "n".repeat(4001) }, "note", /note: at most 4000 characters/],
        [[approval("L-3"), approval(long)], "1.reference", /record 1: reference: at most 256 characters/],
        [
          { ...approval("L-4"), parties: Array.from({ length: 101 }, () => ({ name: "p" })) },
          "parties",
          /parties: at most 100 entries/,
        ],
        [
          {
            ...approval("L-5"),
            activities: ["goods"],
            items: [{ description: "x", hs: ["8708"], quantity: 1e308 }],
          },
          "items.0.quantity",
          /items\.0\.quantity: at most 1e\+12/,
        ],
      ];
      for (const [body, path, message] of cases) {
        const response = await post(body);
        assert.equal(response.status, 400, path);
        const error = ((await response.json()) as ErrorBody).error;
        assert.equal(error.code, "invalid_exemption");
        assert.match(error.message, message);
        assert.equal(error.issues?.[0]?.path, path);
      }
      const shown = await t.call("GET", `/v1/exemptions/${long}`, { role: "reader" });
      assert.equal(shown.status, 400);
      assert.match(((await shown.json()) as ErrorBody).error.message, /ref: at most 256 characters/);
      assert.equal(await store.exemptions.get("L-3"), undefined, "nothing of a refused request is stored");
    });
  });
}

suite("the embedded database", pgliteFactory);
const url = postgresUrl();
if (url !== undefined) {
  after(() => dropPostgresTemplate(url));
  suite("PostgreSQL", postgresFactory(url));
}
