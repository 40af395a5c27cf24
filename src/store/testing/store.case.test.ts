/**
 * The storage conformance suite: one set of behaviours every database must show, run against PGlite on
 * every run and against PostgreSQL when `DATABASE_URL` is set (`store.*.test.ts` call it with their
 * factory). Real databases, real SQL: no mocks.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import type { Delivery } from "../../caps/index.js";
import { defaultRegimeDir } from "../../config/index.js";
import { createEvaluator } from "../../evaluate/index.js";
import { parseExemption } from "../../exemptions/index.js";
import { buildSnapshot } from "../../lists/index.js";
import type { Activity } from "../../model/activity.js";
import type { CompiledRegime } from "../../model/regime.js";
import { loadRegime } from "../../regime/index.js";
import { recordingContext } from "../answers.js";
import { migrate } from "../migrations.js";
import { readRegimeFiles, versionOfFiles } from "../regimes.js";
import { replayChecks } from "../replay.js";
import type { Store } from "../store.js";
import type { StoreFactory } from "./factories.js";

const delivery = (over: Partial<Delivery> = {}): Delivery => ({
  measure: "KP-IMP-REFINED",
  supplier: "China",
  periodStart: "2021-03-01",
  periodEnd: "2021-03-31",
  barrels: 4893,
  tonnes: 587.4,
  kind: "notification",
  recordType: "notified_monthly",
  source: "test",
  ...over,
});

const seafood: Activity = {
  id: "s1",
  type: "goods",
  date: "2019-12-17",
  hs: "030211",
  from: "KP",
  to: "CN",
};
const diesel: Activity = {
  id: "d1",
  type: "goods",
  date: "2019-06-01",
  hs: "271019",
  from: "CN",
  to: "KP",
  description: "diesel",
  quantity: 1000,
  unit: "bbl",
};

let regime: CompiledRegime | undefined;
async function dprk(): Promise<CompiledRegime> {
  if (regime) return regime;
  const loaded = await loadRegime(defaultRegimeDir);
  if (!loaded.regime) throw new Error("the embedded regime does not load");
  regime = loaded.regime;
  return regime;
}

/** Runs the suite against stores made by `factory`. */
export function storeConformance(name: string, factory: StoreFactory): void {
  describe(`store conformance: ${name}`, () => {
    let store: Store;
    before(async () => {
      store = await factory();
    });
    after(() => store.close());

    it("migrates once: a second run finds nothing to apply", async () => {
      const report = await migrate(store.database.db);
      assert.deepEqual(report.applied, []);
      assert.ok(report.alreadyApplied.includes("0001-initial"));
      assert.ok(report.alreadyApplied.includes("0002-api-keys"));
    });

    it("reads dates as YYYY-MM-DD strings, numerics and counts as numbers", async () => {
      const row = await sql<{ d: unknown; n: unknown; c: unknown; t: unknown }>`
        select date '2019-12-17' as d, 587.4::numeric as n, count(*) as c, timestamptz '2020-01-02T03:04:05Z' as t`.execute(
        store.database.db,
      );
      assert.deepEqual(row.rows[0], { d: "2019-12-17", n: 587.4, c: 1, t: "2020-01-02T03:04:05.000Z" });
    });

    it("stores deliveries once per source key, in one transaction, and reads them back as given", async () => {
      const first = await store.deliveries.add([
        delivery({ sourceKey: "f#1" }),
        delivery({ sourceKey: "f#2", barrels: 10725, tonnes: 1288 }),
      ]);
      assert.deepEqual(first, { added: 2, unchanged: 0 });
      const again = await store.deliveries.add([delivery({ sourceKey: "f#1" })]);
      assert.deepEqual(again, { added: 0, unchanged: 1 });
      const listed = await store.deliveries.list("KP-IMP-REFINED");
      const stored = listed.find((d) => d.sourceKey === "f#1");
      assert.ok(stored);
      assert.equal(stored.periodStart, "2021-03-01");
      assert.equal(stored.tonnes, 587.4);
      assert.equal(stored.barrels, 4893);
      assert.equal(await store.deliveries.count(), 2);
    });

    it("rejects a delivery with neither barrels nor tonnes, and stores none of its batch", async () => {
      const before = await store.deliveries.count();
      await assert.rejects(
        store.deliveries.add([
          delivery({ sourceKey: "g#1" }),
          { ...delivery({ sourceKey: "g#2" }), barrels: undefined, tonnes: undefined } as unknown as Delivery,
        ]),
        { code: "invalid_record" },
      );
      assert.equal(await store.deliveries.count(), before);
    });

    it("keeps regime versions with their files and compiles them back; refuses files that do not hash to the version", async () => {
      const files = await readRegimeFiles(defaultRegimeDir);
      const version = versionOfFiles(files);
      assert.equal(version, (await dprk()).version);
      await store.regimes.save(version, files);
      await store.regimes.save(version, files);
      const compiled = await store.regimes.compile(version);
      assert.equal(compiled.version, version);
      assert.equal(compiled.measures.size, (await dprk()).measures.size);
      await assert.rejects(store.regimes.save("sha256:00", files), { code: "corrupt" });
      await assert.rejects(store.regimes.compile("sha256:ff"), { code: "not_found" });
    });

    it("stores list snapshots, activates one per list, finds them by prefix", async () => {
      const person = (ref: string, full: string) => ({
        ref,
        list: "UN",
        programmes: ["DPRK"],
        kind: "person" as const,
        names: [{ full, quality: "primary" as const }],
        birthDates: [],
        nationalities: [],
        identifiers: [],
      });
      const one = buildSnapshot({
        source: "a.xml",
        list: "UN",
        designations: [person("KPi.1", "RI WON HO")],
      });
      const two = buildSnapshot({
        source: "b.xml",
        list: "UN",
        designations: [person("KPi.2", "PAK TO CHUN")],
      });
      await store.snapshots.save(one);
      await store.snapshots.save(one);
      await store.snapshots.save(two);
      await store.snapshots.activate(one.id);
      assert.equal((await store.snapshots.active("UN"))?.id, one.id);
      await store.snapshots.activate(two.id.slice(0, 10));
      assert.equal((await store.snapshots.active("UN"))?.id, two.id);
      assert.deepEqual(
        (await store.snapshots.activeAll()).map((s) => s.id),
        [two.id],
      );
      const listed = await store.snapshots.list();
      assert.equal(listed.length, 2);
      assert.equal(listed.find((s) => s.id === two.id)?.active, true);
      const back = await store.snapshots.get(one.id);
      assert.deepEqual(back?.designations, one.designations);
      assert.equal(await store.snapshots.get("abcdef0123"), undefined);
      await assert.rejects(store.snapshots.activate("0".repeat(64)), { code: "snapshot_not_found" });
    });

    it("stores exemption records, refuses a changed record unless replaced", async () => {
      const record = parseExemption({
        reference: "1718-HEX-TEST-1",
        kind: "committee",
        applicant: "Test Relief",
        approved: "2021-02-01",
        validityMonths: 9,
        items: [{ description: "syringes", hs: ["901831"], quantity: 1000, unit: "pieces" }],
        parties: [{ name: "Test Relief" }],
        shipments: { allowed: 3, used: 1 },
      });
      assert.deepEqual(await store.exemptions.add([record]), { added: 1, replaced: 0, unchanged: 0 });
      assert.deepEqual(await store.exemptions.add([record]), { added: 0, replaced: 0, unchanged: 1 });
      const used = { ...record, shipments: { allowed: 3, used: 2 } };
      await assert.rejects(store.exemptions.add([used]), { code: "conflict" });
      assert.deepEqual(await store.exemptions.add([used], { replace: true }), {
        added: 0,
        replaced: 1,
        unchanged: 0,
      });
      assert.deepEqual(await store.exemptions.get("1718-HEX-TEST-1"), used);
      assert.equal((await store.exemptions.list()).length, 1);
    });

    it("creates API keys with a secret shown once and only its SHA-256 stored; finds active keys only", async () => {
      const created = await store.keys.create("reader", "  CI pipeline ");
      assert.match(created.secret, /^[0-9a-f]{48}$/);
      const hash = createHash("sha256").update(created.secret).digest("hex");
      assert.equal(created.id, `key-${hash.slice(0, 8)}`);
      assert.equal(created.role, "reader");
      assert.equal(created.label, "CI pipeline");
      assert.equal(created.revokedAt, null);
      assert.ok(!Number.isNaN(Date.parse(created.createdAt)));

      const rows = await sql<Record<string, unknown>>`select * from api_keys`.execute(store.database.db);
      assert.equal(rows.rows.length, 1);
      assert.equal(rows.rows[0]?.["hash"], hash);
      assert.ok(!JSON.stringify(rows.rows).includes(created.secret), "the secret is not stored");

      assert.deepEqual(await store.keys.find(created.secret), { id: created.id, role: "reader" });
      assert.equal(await store.keys.find(`${created.secret}0`), undefined);
      const admin = await store.keys.create("admin", "operator");
      assert.notEqual(admin.secret, created.secret);
      assert.deepEqual(
        (await store.keys.active()).map((key) => [key.id, key.role, key.hash]).sort(),
        [
          [created.id, "reader", hash],
          [admin.id, "admin", createHash("sha256").update(admin.secret).digest("hex")],
        ].sort(),
      );
      const listed = await store.keys.list();
      assert.deepEqual(
        listed.map((key) => key.id),
        [created.id, admin.id],
      );
      assert.ok(!JSON.stringify(listed).includes(created.secret));
      assert.ok(!JSON.stringify(listed).includes(hash), "list shows no hash");
    });

    it("revokes an API key: it is no longer found nor active, keeps its row, and revoking again keeps the first time", async () => {
      const key = await store.keys.create("analyst", "to revoke");
      const revoked = await store.keys.revoke(key.id);
      assert.equal(revoked.id, key.id);
      assert.ok(revoked.revokedAt !== null && !Number.isNaN(Date.parse(revoked.revokedAt)));
      assert.equal(await store.keys.find(key.secret), undefined);
      assert.ok(!(await store.keys.active()).some((active) => active.id === key.id));
      const again = await store.keys.revoke(` ${key.id} `);
      assert.equal(again.revokedAt, revoked.revokedAt);
      assert.equal(
        (await store.keys.list()).find((listed) => listed.id === key.id)?.revokedAt,
        revoked.revokedAt,
      );
      await assert.rejects(store.keys.revoke("key-00000000"), { code: "not_found" });
      await assert.rejects(store.keys.revoke("key-\u0000"), { code: "not_found" });
    });

    it("refuses an API key with an unknown role or a bad label, and the table refuses what the repository would", async () => {
      await assert.rejects(store.keys.create("root" as never, "x"), { code: "invalid_record" });
      await assert.rejects(store.keys.create("reader", "  "), { code: "invalid_record" });
      await assert.rejects(store.keys.create("reader", "x".repeat(201)), { code: "invalid_record" });
      await assert.rejects(store.keys.create("reader", "a\u0000b"), { code: "invalid_record" });
      await assert.rejects(
        sql`insert into api_keys (id, hash, role) values ('key-x', ${"0".repeat(64)}, 'root')`.execute(
          store.database.db,
        ),
      );
      await assert.rejects(
        sql`insert into api_keys (id, hash, role) values ('key-y', 'not-a-hash', 'reader')`.execute(
          store.database.db,
        ),
      );
    });

    it("records an audit batch atomically and replays it with no difference; an altered verdict shows", async () => {
      const compiled = await dprk();
      await store.regimes.save(compiled.version, await readRegimeFiles(defaultRegimeDir));
      const recording = recordingContext({
        caps: { check: () => ({ status: "within", used: 10, limit: 500000, unit: "bbl" }) },
      });
      const evaluator = createEvaluator(compiled, recording.context);
      const checks = [seafood, diesel].map((activity) => ({
        activity,
        verdict: evaluator.evaluate(activity),
        answers: recording.take(),
      }));
      assert.ok(checks[1]?.answers.caps?.length, "the diesel check asked the ledger");
      const info = {
        source: "test",
        regimeVersion: compiled.version,
        listSnapshot: null,
        context: { ledger: true, exemptions: false, nomenclatures: [] },
      };

      // A batch rolled back leaves nothing.
      const abandoned = await store.audit.begin(info);
      await abandoned.add(checks);
      await abandoned.rollback();
      assert.equal(await store.audit.count(), 0);
      assert.equal((await store.audit.batches()).length, 0);

      const id = await store.audit.record(info, checks);
      assert.equal(await store.audit.count(id), 2);
      assert.equal((await store.audit.batch(id))?.checks, 2);
      const clean = await replayChecks(store, { batchId: id });
      assert.deepEqual(clean.differences, []);
      assert.equal(clean.identical, 2);

      await sql`update audit_checks set verdict = 'permitted' where batch_id = ${id} and seq = 1`.execute(
        store.database.db,
      );
      const altered = await replayChecks(store, { batchId: id });
      assert.equal(altered.differences.length, 1);
      const [difference] = altered.differences;
      assert.ok(difference);
      assert.equal(difference.kind, "verdict");
      assert.equal(difference.activityId, "s1");
      assert.equal(difference.recorded, "permitted");
      assert.equal(difference.replayed, "prohibited");
    });

    it("records several batches in one statement, text with quotes and backslashes intact", async () => {
      const compiled = await dprk();
      if (!(await store.regimes.has(compiled.version)))
        await store.regimes.save(compiled.version, await readRegimeFiles(defaultRegimeDir));
      const evaluator = createEvaluator(compiled, {});
      // What an E'' literal or a JSON escape could get wrong: quotes, backslashes before quotes and
      // before u, a closing-literal attempt, non-Latin text.
      const awkward = [
        `it's`,
        `C:\\path\\u0041\\'`,
        `'); drop table audit_checks; --`,
        `\\\\'' E'\\x' "q"`,
        "생선 / ryba / سمك",
      ];
      const activities = awkward.map((description, index) => ({
        ...seafood,
        id: `awkward-${index}`,
        description,
      }));
      const batches = activities.map((activity, index) => ({
        info: {
          source: `api key-test ${String(index)} '\\`,
          regimeVersion: compiled.version,
          listSnapshot: null,
          context: { ledger: false, exemptions: false, nomenclatures: [] },
          startedAt: "2026-01-02T03:04:05.000Z",
        },
        checks: [{ activity, verdict: evaluator.evaluate(activity), answers: {} }],
      }));
      const ids = await store.audit.recordMany(batches);
      assert.equal(ids.length, awkward.length);
      for (const [index, id] of ids.entries()) {
        const batch = await store.audit.batch(id);
        assert.equal(batch?.checks, 1);
        assert.equal(batch.source, `api key-test ${String(index)} '\\`);
        assert.equal(batch.startedAt, "2026-01-02T03:04:05.000Z");
        const recorded = [];
        for await (const check of store.audit.checks({ batchId: id })) recorded.push(check);
        assert.equal(recorded.length, 1);
        assert.equal(recorded[0]?.activity["description"], awkward[index]);
        assert.equal(recorded[0]?.result["id"], `awkward-${String(index)}`);
      }
      assert.deepEqual((await replayChecks(store, { batchId: ids[1] ?? "" })).differences, []);
      // The table is still there, and a failing group records none of its batches.
      const before = await store.audit.count();
      await assert.rejects(
        store.audit.recordMany([
          batches[0] ?? assert.fail(),
          {
            ...(batches[1] ?? assert.fail()),
            info: { ...(batches[1] ?? assert.fail()).info, regimeVersion: "unknown" },
          },
        ]),
        { code: "invalid_record", message: /cannot record 2 audit batches/ },
      );
      assert.equal(await store.audit.count(), before);
    });

    it("finds recorded checks by activity, API request, batch and id, newest first; lists batches newest first", async () => {
      const compiled = await dprk();
      if (!(await store.regimes.has(compiled.version)))
        await store.regimes.save(compiled.version, await readRegimeFiles(defaultRegimeDir));
      const evaluator = createEvaluator(compiled, {});
      const context = { ledger: false, exemptions: false, nomenclatures: [] };
      // Two requests check the same shipment; a third request id holds LIKE's wildcards.
      const request = (requestId: string, activityIds: string[]) => ({
        info: {
          source: `api key-lookup ${requestId}`,
          regimeVersion: compiled.version,
          listSnapshot: null,
          context,
        },
        checks: activityIds.map((id) => {
          const activity = { ...seafood, id };
          return { activity, verdict: evaluator.evaluate(activity), answers: {} };
        }),
      });
      const [first, second, odd] = await store.audit.recordMany([
        request("req-lookup-1", ["lookup-ship", "lookup-other"]),
        request("req-lookup-2", ["lookup-ship"]),
        request("req_lookup%3", ["lookup-odd"]),
      ]);
      const found = await store.audit.find({ activityId: "lookup-ship" }, 10);
      assert.deepEqual(
        found.map((check) => check.batchId),
        [second, first],
        "both checks of the shipment, newest first",
      );
      assert.equal(found[0]?.verdict, "prohibited");
      assert.equal(found[0].result["id"], "lookup-ship");
      assert.deepEqual(
        (await store.audit.find({ activityId: "lookup-ship" }, 1)).map((check) => check.batchId),
        [second],
      );
      assert.deepEqual(
        (await store.audit.find({ requestId: "req-lookup-1" }, 10))
          .map((check) => check.activity["id"])
          .sort(),
        ["lookup-other", "lookup-ship"],
      );
      // LIKE's wildcards in a request id match themselves only.
      assert.deepEqual(await store.audit.find({ requestId: "req_lookup_1" }, 10), []);
      assert.deepEqual(await store.audit.find({ requestId: "req-lookup-%" }, 10), []);
      assert.equal((await store.audit.find({ requestId: "req_lookup%3" }, 10))[0]?.batchId, odd);
      assert.deepEqual(await store.audit.find({ activityId: "lookup-ship", batchId: odd ?? "" }, 10), []);
      const ids = found.map((check) => check.id);
      const replay = await replayChecks(store, { ids });
      assert.equal(replay.checks, 2);
      assert.equal(replay.identical, 2);

      const total = await store.audit.batchCount();
      assert.equal((await store.audit.batches()).length, total);
      const newest = await store.audit.batches({ limit: 2 });
      assert.equal(newest.length, 2);
      assert.equal((await store.audit.batch(odd ?? ""))?.source, "api key-lookup req_lookup%3");
      assert.equal(await store.audit.batch("no-such-batch"), undefined);
      const contexts = await store.audit.batchContexts([first ?? "", odd ?? "", "no-such-batch"]);
      assert.deepEqual([...contexts.keys()].sort(), [first, odd].sort());
    });
  });
}
