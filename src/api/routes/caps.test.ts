/**
 * The caps routes over a database (embedded PGlite; PostgreSQL as well when `DATABASE_URL` is set),
 * through `app.request()`: a delivery posted again is `unchanged`, not counted twice, under any number
 * of concurrent requests; a key stored with other content is a 409; a table imported again changes
 * nothing; a void keeps the record with who, when and why and takes it out of the totals; quantities
 * are finite and bounded (1e308 t made the cap `∞`), and a field over its limit is a 400 that names it
 * (3,000 characters gave a 500). A void through one instance is seen by another's next check (the
 * stored context's fingerprint counts voids).
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { defaultRegimeDir } from "../../config/index.js";
import { MAX_ID_LENGTH, MAX_NAME_LENGTH, MAX_TEXT_LENGTH } from "../../model/limits.js";
import type { Store } from "../../store/index.js";
import {
  dropPostgresTemplate,
  pgliteFactory,
  postgresFactory,
  postgresUrl,
  type StoreFactory,
} from "../../store/testing/factories.js";
import { storedContext } from "../stored.js";
import { testApp, testRegime, type TestApp } from "../testing.js";

interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; code: string; message: string }[] };
}
interface Written {
  status: string;
  added: number;
  unchanged: number;
  delivery: { id: number; key: string; voided?: { at: string; by: string; reason: string } };
}
interface StatusBody {
  notified: number;
  limit: number;
  percent: number;
  counted: { id?: number }[];
  skipped: { id?: number; why: string; voided?: { by: string; reason: string } }[];
}

const shipment = { supplier: "China", date: "2025-02-03", quantity: 1200, unit: "t" };

const table = (rows: string[]) =>
  [
    "record_id,supplier,period_start,period_end,record_type,quantity_barrels,quantity_tonnes,source_publisher",
    ...rows,
  ].join("\n");

function suite(name: string, factory: StoreFactory): void {
  describe(`caps routes over ${name}`, () => {
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

    const post = (body: unknown, role: "admin" | "reader" = "admin") =>
      t.call("POST", "/v1/caps/deliveries", { role, body });
    const status = async (year: number): Promise<StatusBody> =>
      (await (
        await t.call("GET", `/v1/caps/status?year=${String(year)}`, { role: "reader" })
      ).json()) as StatusBody;

    it("describes the routes in the API description", async () => {
      const doc = (await (await t.call("GET", "/openapi.json")).json()) as {
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      };
      assert.ok(doc.paths["/v1/caps/deliveries/{id}/void"]?.["post"]?.responses["404"]);
      assert.ok(doc.paths["/v1/caps/deliveries"]?.["get"]);
      assert.ok(doc.paths["/v1/caps/deliveries"]["post"]?.responses["409"]);
    });

    it("answers a delivery posted again `unchanged` and counts it once", async () => {
      const first = await post(shipment);
      assert.equal(first.status, 200);
      const added = (await first.json()) as Written;
      assert.equal(added.status, "added");
      assert.equal(added.added, 1);
      assert.match(added.delivery.key, /^content:[0-9a-f]{64}$/);
      const second = await post({ ...shipment, source: "the same delivery, read elsewhere" });
      assert.equal(second.status, 200);
      const again = (await second.json()) as Written;
      assert.deepEqual([again.status, again.added, again.unchanged], ["unchanged", 0, 1]);
      assert.equal(again.delivery.id, added.delivery.id);
      // China's 8.33 bbl/t, once: 9,996 bbl, not 19,992.
      assert.equal((await status(2025)).notified, 9996);
    });

    it("stores ten concurrent posts of one delivery once, with no 500", async () => {
      const responses = await Promise.all(
        Array.from({ length: 10 }, () => post({ ...shipment, date: "2025-03-04" })),
      );
      assert.deepEqual(
        responses.map((r) => r.status),
        Array<number>(10).fill(200),
      );
      const bodies = (await Promise.all(responses.map((r) => r.json()))) as Written[];
      assert.deepEqual(bodies.map((b) => b.status).sort(), ["added", ...Array<string>(9).fill("unchanged")]);
      assert.equal(new Set(bodies.map((b) => b.delivery.id)).size, 1);
      assert.equal((await status(2025)).notified, 9996 * 2);
    });

    it("tells two alike shipments apart by their keys; a key with other content is a 409 and stores nothing", async () => {
      const one = (await (await post({ ...shipment, date: "2025-04-01", key: "BL-1" })).json()) as Written;
      const two = (await (await post({ ...shipment, date: "2025-04-01", key: "BL-2" })).json()) as Written;
      assert.deepEqual([one.status, two.status], ["added", "added"]);
      assert.equal(
        ((await (await post({ ...shipment, date: "2025-04-01", key: "BL-1" })).json()) as Written).status,
        "unchanged",
      );
      const conflict = await post({ ...shipment, date: "2025-04-01", quantity: 1, key: "BL-1" });
      assert.equal(conflict.status, 409);
      const body = (await conflict.json()) as ErrorBody;
      assert.equal(body.error.code, "conflict");
      assert.match(body.error.message, /BL-1 is stored with other content/);
      assert.equal((await status(2025)).notified, 9996 * 4);
    });

    it("imports a table once: again it is all unchanged, and a changed row under the same name is a 409", async () => {
      const csv = table([
        "1,China,2024-01,2024-01,notified_monthly,1000,,Committee",
        "2,China,2024-02,2024-02,notified_monthly,2000,,Committee",
      ]);
      const upload = (text: string) =>
        t.call("POST", "/v1/caps/deliveries?name=t.csv", {
          role: "admin",
          body: text,
          headers: { "content-type": "text/csv" },
        });
      assert.deepEqual(await (await upload(csv)).json(), { added: 2, unchanged: 0, rows: 2, estimates: 0 });
      assert.deepEqual(await (await upload(csv)).json(), { added: 0, unchanged: 2, rows: 2, estimates: 0 });
      const changed = await upload(
        csv.replace(",2000,", ",2500,") + "\n3,China,2024-03,2024-03,notified_monthly,10,,Committee",
      );
      assert.equal(changed.status, 409);
      assert.equal(((await changed.json()) as ErrorBody).error.code, "conflict");
      assert.equal((await status(2024)).notified, 3000, "row 3 of the refused table is not stored either");
      const twice = await upload(csv + "\n1,China,2024-05,2024-05,notified_monthly,1,,Committee");
      assert.equal(twice.status, 400);
      const error = ((await twice.json()) as ErrorBody).error;
      assert.match(error.message, /line 4, record_id: key t\.csv#1 is also on line 2, with other content/);
      assert.equal(error.issues?.[0]?.path, "record_id");
    });

    it("voids a delivery: admin only, reason required, kept with who/when/why, out of the totals, once", async () => {
      const added = (await (
        await post({ ...shipment, date: "2023-05-06", quantity: 100, unit: "bbl" })
      ).json()) as Written;
      const id = added.delivery.id;
      const path = `/v1/caps/deliveries/${String(id)}/void`;
      assert.equal((await status(2023)).notified, 100);
      for (const role of ["reader", "analyst"] as const)
        assert.equal((await t.call("POST", path, { role, body: { reason: "x" } })).status, 403);
      for (const body of [
        {},
        { reason: "   " },
        { reason: "r".repeat(MAX_TEXT_LENGTH + 1) },
        { reason: "x", extra: 1 },
      ]) {
        const refused = await t.call("POST", path, { role: "admin", body });
        assert.equal(refused.status, 400, JSON.stringify(body).slice(0, 80));
      }
      const long = await t.call("POST", path, {
        role: "admin",
        body: { reason: "r".repeat(MAX_TEXT_LENGTH + 1) },
      });
      assert.match(((await long.json()) as ErrorBody).error.message, /reason: at most 4000 characters/);

      const voided = await t.call("POST", path, { role: "admin", body: { reason: "entered twice" } });
      assert.equal(voided.status, 200);
      const body = (await voided.json()) as Written;
      assert.equal(body.status, "voided");
      assert.equal(body.delivery.voided?.reason, "entered twice");
      assert.match(body.delivery.voided.by, /^key-[0-9a-f]{8}$/);
      assert.ok(!Number.isNaN(Date.parse(body.delivery.voided.at)));

      const after = await status(2023);
      assert.equal(after.notified, 0, "a voided delivery counts no more");
      assert.deepEqual(
        after.skipped.filter((s) => s.why === "voided").map((s) => [s.id, s.voided?.reason]),
        [[id, "entered twice"]],
      );
      const listed = (await (
        await t.call("GET", "/v1/caps/deliveries?year=2023", { role: "reader" })
      ).json()) as {
        deliveries: Written["delivery"][];
      };
      assert.deepEqual(
        listed.deliveries.map((d) => [d.id, d.voided?.reason]),
        [[id, "entered twice"]],
      );

      const again = await t.call("POST", path, { role: "admin", body: { reason: "another reason" } });
      assert.equal(again.status, 200);
      const unchanged = (await again.json()) as Written;
      assert.equal(unchanged.status, "unchanged");
      assert.deepEqual(unchanged.delivery.voided, body.delivery.voided);
      assert.equal(
        (await t.call("POST", "/v1/caps/deliveries/999999999/void", { role: "admin", body: { reason: "x" } }))
          .status,
        404,
      );
      assert.equal(
        (await t.call("POST", "/v1/caps/deliveries/0/void", { role: "admin", body: { reason: "x" } })).status,
        400,
      );
      assert.equal(
        (await t.call("POST", "/v1/caps/deliveries/abc/void", { role: "admin", body: { reason: "x" } }))
          .status,
        400,
      );
    });

    it("a void through one instance takes the delivery out of the next check of another", async () => {
      const regime = await testRegime();
      const apps = await Promise.all(
        [0, 1].map(async () => {
          const dataDir = await mkdtemp(join(tmpdir(), "caps-void-"));
          const context = storedContext(store, {
            regime,
            regimeDir: defaultRegimeDir,
            dataDir,
            refreshMs: 0,
          });
          const app = await testApp({
            context,
            records: { deliveries: store.deliveries, exemptions: store.exemptions },
          });
          return { app, dataDir };
        }),
      );
      try {
        const [a, b] = apps.map((entry) => entry.app) as [TestApp, TestApp];
        const diesel = {
          id: "d1",
          type: "goods",
          date: "2022-06-01",
          hs: "271019",
          description: "diesel",
          from: "CN",
          to: "KP",
          quantity: 100000,
          unit: "bbl",
        };
        const check = async () =>
          (
            (await (await b.call("POST", "/v1/check", { role: "reader", body: diesel })).json()) as {
              verdict: string;
            }
          ).verdict;
        const big = (await (
          await a.call("POST", "/v1/caps/deliveries", {
            role: "admin",
            body: { supplier: "China", date: "2022-01-10", quantity: 450000, unit: "bbl" },
          })
        ).json()) as Written;
        assert.equal(await check(), "prohibited", "450,000 + 100,000 bbl exceeds the cap");
        const voided = await a.call("POST", `/v1/caps/deliveries/${String(big.delivery.id)}/void`, {
          role: "admin",
          body: { reason: "a tenfold typo" },
        });
        assert.equal(voided.status, 200);
        assert.equal(await check(), "conditional", "the other instance counts the voided delivery no more");
      } finally {
        for (const entry of apps) {
          await entry.app.cleanup();
          await rm(entry.dataDir, { recursive: true, force: true });
        }
      }
    });

    it("refuses a quantity that is not finite, positive and at most 1e12, naming the field and the limit", async () => {
      for (const quantity of [1e308, 1e13, 0, -1]) {
        const response = await post({ ...shipment, quantity });
        assert.equal(response.status, 400, String(quantity));
        const error = ((await response.json()) as ErrorBody).error;
        assert.equal(error.issues?.[0]?.path, "quantity");
        if (quantity > 1) assert.match(error.message, /quantity: at most 1e\+12/);
      }
      // JSON's 1e999 is Infinity once parsed.
      const infinite = await t.call("POST", "/v1/caps/deliveries", {
        role: "admin",
        body: `{"supplier":"China","date":"2025-02-03","quantity":1e999,"unit":"t"}`,
      });
      assert.equal(infinite.status, 400);
      const notified = (await status(2025)).notified;
      assert.ok(Number.isFinite(notified));
      const table1e308 = await t.call("POST", "/v1/caps/deliveries?name=big.csv", {
        role: "admin",
        body: table(["1,China,2025-01,2025-01,notified_monthly,,1e308,Committee"]),
        headers: { "content-type": "text/csv" },
      });
      assert.equal(table1e308.status, 400);
      assert.match(
        ((await table1e308.json()) as ErrorBody).error.message,
        /line 2, quantity_tonnes: must be a finite number ≥ 0 and at most 1e\+12/,
      );
      assert.equal((await status(2025)).notified, notified);
    });

    it("refuses 3,000-character fields with a 400 naming the field and the limit", async () => {
      const long = "x".repeat(3000);
      for (const [field, limit] of [
        ["key", MAX_ID_LENGTH],
        ["supplier", MAX_NAME_LENGTH],
        ["source", MAX_TEXT_LENGTH],
        ["note", MAX_TEXT_LENGTH],
        ["unit", 100],
        ["product", 100],
        ["measure", MAX_ID_LENGTH],
      ] as const) {
        const value = field === "source" || field === "note" ? "x".repeat(MAX_TEXT_LENGTH + 1) : long;
        const response = await post({ ...shipment, [field]: value });
        assert.equal(response.status, 400, field);
        const error = ((await response.json()) as ErrorBody).error;
        assert.equal(error.issues?.[0]?.path, field);
        assert.match(error.message, new RegExp(`${field}: at most ${String(limit)} characters`));
      }
      const name = await t.call("POST", `/v1/caps/deliveries?name=${long}`, {
        role: "admin",
        body: table(["1,China,2024-01,2024-01,notified_monthly,1,,C"]),
        headers: { "content-type": "text/csv" },
      });
      assert.equal(name.status, 400);
      assert.equal(((await name.json()) as ErrorBody).error.issues?.[0]?.path, "name");
      for (const [row, column] of [
        [`${long},China,2024-01,2024-01,notified_monthly,1,,C`, "record_id"],
        [`1,${long},2024-01,2024-01,notified_monthly,1,,C`, "supplier"],
        [`1,China,2024-01,2024-01,notified_monthly,1,,${long}`, "source_publisher"],
      ] as const) {
        const response = await t.call("POST", "/v1/caps/deliveries?name=long.csv", {
          role: "admin",
          body: table([row]),
          headers: { "content-type": "text/csv" },
        });
        assert.equal(response.status, 400, column);
        const error = ((await response.json()) as ErrorBody).error;
        assert.match(
          error.message,
          new RegExp(`line 2, ${column}: at most \\d+ characters \\(3000 given\\)`),
        );
        assert.equal(error.issues?.[0]?.path, column);
      }
      const measure = await t.call("GET", `/v1/caps/status?measure=${long}`, { role: "reader" });
      assert.equal(measure.status, 400);
      assert.match(((await measure.json()) as ErrorBody).error.message, /measure: at most 256 characters/);
    });
  });
}

suite("the embedded database", pgliteFactory);
const url = postgresUrl();
if (url !== undefined) {
  after(() => dropPostgresTemplate(url));
  suite("PostgreSQL", postgresFactory(url));
}
