/**
 * The storage conformance suite: one set of behaviours every database must show, run against PGlite on
 * every run and against PostgreSQL when `DATABASE_URL` is set (`store.*.test.ts` call it with their
 * factory). Real databases, real SQL: no mocks.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { contentKey, type Delivery } from "../../caps/index.js";
import { defaultRegimeDir } from "../../config/index.js";
import { createEvaluator } from "../../evaluate/index.js";
import { parseExemption } from "../../exemptions/index.js";
import { buildSnapshot } from "../../lists/index.js";
import type { Activity } from "../../model/activity.js";
import { MAX_ID_LENGTH, MAX_QUANTITY, MAX_TEXT_LENGTH } from "../../model/limits.js";
import type { CompiledRegime } from "../../model/regime.js";
import { loadRegime } from "../../regime/index.js";
import { recordingContext } from "../answers.js";
import { migrate } from "../migrations.js";
import { readRegimeFiles, versionOfFiles } from "../regimes.js";
import { replayChecks } from "../replay.js";
import type { DeliveryImport } from "../deliveries.js";
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

/** The counts of a delivery write, without the outcomes. */
const counts = ({ added, unchanged }: DeliveryImport) => ({ added, unchanged });

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
      assert.ok(report.alreadyApplied.includes("0003-delivery-keys-and-voids"));
    });

    it("reads dates as YYYY-MM-DD strings, numerics and counts as numbers", async () => {
      const row = await sql<{ d: unknown; n: unknown; c: unknown; t: unknown }>`
        select date '2019-12-17' as d, 587.4::numeric as n, count(*) as c, timestamptz '2020-01-02T03:04:05Z' as t`.execute(
        store.database.db,
      );
      assert.deepEqual(row.rows[0], { d: "2019-12-17", n: 587.4, c: 1, t: "2020-01-02T03:04:05.000Z" });
    });

    it("stores deliveries once per key, in one transaction, and reads them back as given", async () => {
      const first = await store.deliveries.add([
        delivery({ key: "f#1" }),
        delivery({ key: "f#2", barrels: 10725, tonnes: 1288 }),
      ]);
      assert.deepEqual(counts(first), { added: 2, unchanged: 0 });
      assert.deepEqual(
        first.outcomes.map((o) => [o.status, o.delivery.key]),
        [
          ["added", "f#1"],
          ["added", "f#2"],
        ],
      );
      const again = await store.deliveries.add([delivery({ key: "f#1", source: "another report" })]);
      assert.deepEqual(counts(again), { added: 0, unchanged: 1 });
      assert.equal(again.outcomes[0]?.delivery.id, first.outcomes[0]?.delivery.id);
      assert.equal(again.outcomes[0]?.delivery.source, "test", "the stored record is kept as it was");
      const listed = await store.deliveries.list("KP-IMP-REFINED");
      const stored = listed.find((d) => d.key === "f#1");
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
          delivery({ key: "g#1" }),
          { ...delivery({ key: "g#2" }), barrels: undefined, tonnes: undefined } as unknown as Delivery,
        ]),
        { code: "invalid_record" },
      );
      assert.equal(await store.deliveries.count(), before);
    });

    it("keys a delivery sent without one by its content: sent again (from another source) it is unchanged", async () => {
      const measure = "KP-KEYS-CONTENT";
      const shipment: Delivery = {
        measure,
        supplier: "China",
        periodStart: "2025-02-03",
        periodEnd: "2025-02-03",
        tonnes: 1200,
        kind: "notification",
        recordType: "delivery",
        source: "entered by one officer",
      };
      const { tonnes: _tonnes, ...withoutTonnes } = shipment;
      const first = await store.deliveries.add([shipment]);
      assert.equal(first.outcomes[0]?.status, "added");
      const key = first.outcomes[0].delivery.key ?? "";
      assert.equal(key, contentKey(shipment));
      assert.match(key, /^content:[0-9a-f]{64}$/);
      const again = await store.deliveries.add([
        { ...shipment, source: "entered by another", sourceDate: "2030-01-01" },
      ]);
      assert.deepEqual(counts(again), { added: 0, unchanged: 1 });
      // Another quantity, unit, product or kind is another delivery.
      for (const other of [
        { ...shipment, tonnes: 1201 },
        { ...withoutTonnes, barrels: 1200 },
        { ...shipment, product: "gas-oil" },
        { ...shipment, kind: "estimate" as const, recordType: "estimate_not_notification" as const },
      ])
        assert.equal((await store.deliveries.add([other])).outcomes[0]?.status, "added");
      // Two shipments alike in every field are told apart by the keys their sender gives.
      const tankers = await store.deliveries.add([
        { ...shipment, key: "BL-1" },
        { ...shipment, key: "BL-2" },
      ]);
      assert.deepEqual(counts(tankers), { added: 2, unchanged: 0 });
      assert.equal((await store.deliveries.list(measure)).length, 7);
    });

    it("refuses a key stored, or sent twice, with other content, and stores nothing of the batch", async () => {
      const measure = "KP-KEYS-CONFLICT";
      await store.deliveries.add([delivery({ measure, key: "c#1" })]);
      const before = await store.deliveries.count();
      await assert.rejects(
        store.deliveries.add([
          delivery({ measure, key: "c#2" }),
          delivery({ measure, key: "c#1", barrels: 1 }),
        ]),
        { code: "conflict", message: /c#1 is stored with other content/ },
      );
      await assert.rejects(
        store.deliveries.add([
          delivery({ measure, key: "c#3" }),
          delivery({ measure, key: "c#3", barrels: 2 }),
        ]),
        { code: "conflict", message: /same key c#3/ },
      );
      assert.equal(await store.deliveries.count(), before);
      // The same record twice in one batch is stored once.
      const twice = await store.deliveries.add([
        delivery({ measure, key: "c#4" }),
        delivery({ measure, key: "c#4" }),
      ]);
      assert.deepEqual(counts(twice), { added: 1, unchanged: 1 });
      assert.equal(twice.outcomes[0]?.delivery.id, twice.outcomes[1]?.delivery.id);
    });

    it("stores one delivery sent by ten writers at once, once", async () => {
      const shipment = delivery({ measure: "KP-KEYS-RACE", recordType: "delivery", periodEnd: "2021-03-01" });
      const results = await Promise.all(Array.from({ length: 10 }, () => store.deliveries.add([shipment])));
      assert.deepEqual(results.map((r) => r.outcomes[0]?.status).sort(), [
        "added",
        ...Array<string>(9).fill("unchanged"),
      ]);
      assert.equal(new Set(results.map((r) => r.outcomes[0]?.delivery.id)).size, 1);
      assert.equal((await store.deliveries.list("KP-KEYS-RACE")).length, 1);
    });

    it("refuses quantities that are not finite or above MAX_QUANTITY, and fields over their limits", async () => {
      const before = await store.deliveries.count();
      for (const [bad, field] of [
        [{ tonnes: 1e308 }, /tonnes: must be a finite number ≥ 0 and at most 1e\+12/],
        [{ barrels: Number.POSITIVE_INFINITY }, /barrels/],
        [{ barrels: Number.NaN }, /barrels/],
        [{ barrels: MAX_QUANTITY * 2 }, /barrels/],
        [{ barrels: -1 }, /barrels/],
        [{ key: "k".repeat(MAX_ID_LENGTH + 1) }, /key: at most 256 characters \(257 given\)/],
        [{ supplier: "s".repeat(3000) }, /supplier: at most 500 characters/],
        [{ source: "s".repeat(MAX_TEXT_LENGTH + 1) }, /source: at most 4000 characters/],
        [{ measure: "m".repeat(3000) }, /measure: at most 256 characters/],
      ] as const) {
        await assert.rejects(store.deliveries.add([delivery({ key: "limits#1", ...bad })]), {
          code: "invalid_record",
          message: field,
        });
      }
      assert.equal(await store.deliveries.count(), before);
      // The limit itself is a quantity.
      const largest = await store.deliveries.add([delivery({ key: "limits#2", barrels: MAX_QUANTITY })]);
      assert.equal(largest.outcomes[0]?.delivery.barrels, MAX_QUANTITY);
    });

    it("voids a delivery in place with who, when and why: counted no more, listed when asked, voided once", async () => {
      const measure = "KP-VOID";
      const added = await store.deliveries.add([
        delivery({ measure, key: "v#1" }),
        delivery({ measure, key: "v#2" }),
      ]);
      const id = added.outcomes[0]?.delivery.id ?? 0;
      const before = Date.now();
      const voided = await store.deliveries.void(id, "key-0000abcd", "  entered twice  ");
      assert.equal(voided.status, "voided");
      assert.equal(voided.delivery.voided?.by, "key-0000abcd");
      assert.equal(voided.delivery.voided.reason, "entered twice");
      const at = Date.parse(voided.delivery.voided.at);
      assert.ok(at >= before - 60_000 && at <= Date.now() + 60_000, voided.delivery.voided.at);
      assert.deepEqual(
        (await store.deliveries.list(measure)).map((d) => d.key),
        ["v#2"],
        "a ledger never sees it",
      );
      const all = await store.deliveries.list(measure, { includeVoided: true });
      assert.deepEqual(
        all.map((d) => [d.key, d.voided?.reason]),
        [
          ["v#1", "entered twice"],
          ["v#2", undefined],
        ],
      );
      const again = await store.deliveries.void(id, "cli someone", "another reason");
      assert.equal(again.status, "unchanged");
      assert.deepEqual(again.delivery.voided, voided.delivery.voided, "the first void is kept");
      // Sent again, a voided record stays voided: its key is taken.
      const resent = await store.deliveries.add([delivery({ measure, key: "v#1" })]);
      assert.equal(resent.outcomes[0]?.status, "unchanged");
      assert.equal(resent.outcomes[0].delivery.voided?.reason, "entered twice");
      await assert.rejects(store.deliveries.void(999_999_999, "x", "why"), { code: "not_found" });
      await assert.rejects(store.deliveries.void(0, "x", "why"), { code: "not_found" });
      await assert.rejects(store.deliveries.void(id + 1, "x", "  "), {
        code: "invalid_record",
        message: /reason: required/,
      });
      await assert.rejects(store.deliveries.void(id + 1, "x", "r".repeat(MAX_TEXT_LENGTH + 1)), {
        code: "invalid_record",
        message: /reason: at most 4000 characters/,
      });
      assert.equal((await store.deliveries.get(id + 1))?.voided, undefined);
      // The table keeps who, when and why together: a void without a reason is refused.
      await assert.rejects(
        sql`update cap_deliveries set voided_at = now() where id = ${id + 1}`.execute(store.database.db),
      );
      // Ten voids at once: one voids, nine find it voided.
      const race = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          store.deliveries.void(id + 1, `key-${String(index)}`, "duplicate"),
        ),
      );
      assert.deepEqual(
        race.map((r) => r.status).sort(),
        ["unchanged", ...Array<string>(8).fill("unchanged"), "voided"].sort(),
      );
      assert.equal(new Set(race.map((r) => r.delivery.voided?.by)).size, 1);
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

    it("ten writers creating one reference at once: one adds it, the others find it (unchanged or conflict)", async () => {
      const record = (applicant: string) =>
        parseExemption({
          reference: "1718-HEX-RACE",
          kind: "carve-out",
          actor: applicant,
          category: "un",
        });
      // The same record ten times: one added, nine unchanged.
      const same = await Promise.allSettled(
        Array.from({ length: 10 }, () => store.exemptions.add([record("World Food Programme")])),
      );
      assert.deepEqual(
        same
          .map((r) => (r.status === "fulfilled" ? (r.value.added === 1 ? "added" : "unchanged") : "failed"))
          .sort(),
        ["added", ...Array<string>(9).fill("unchanged")],
      );
      // Ten different records under a new reference: one added, nine conflicts, and nothing else.
      const other = (index: number) => ({
        ...record(`Actor ${String(index)}`),
        reference: "1718-HEX-RACE-2",
      });
      const settled = await Promise.allSettled(
        Array.from({ length: 10 }, (_, index) => store.exemptions.add([other(index)])),
      );
      const outcomes = settled.map((r) =>
        r.status === "fulfilled"
          ? `added ${String(r.value.added)}`
          : String((r.reason as { code?: string }).code),
      );
      assert.deepEqual(outcomes.sort(), ["added 1", ...Array<string>(9).fill("conflict")]);
      const stored = await store.exemptions.get("1718-HEX-RACE-2");
      assert.equal(stored?.kind, "carve-out");
      // Two writers of overlapping sets in opposite orders do not deadlock.
      const a = { ...record("A"), reference: "1718-HEX-ORDER-A" };
      const b = { ...record("B"), reference: "1718-HEX-ORDER-B" };
      const pair = await Promise.allSettled(
        Array.from({ length: 6 }, (_, index) => store.exemptions.add(index % 2 === 0 ? [a, b] : [b, a])),
      );
      assert.ok(
        pair.every((r) => r.status === "fulfilled"),
        JSON.stringify(pair),
      );
      assert.equal(pair.filter((r) => r.value.added === 2).length, 1);
    });

    it("refuses a reference longer than an id, or given twice, and reads back records stored before the limits", async () => {
      const base = parseExemption({ reference: "X", kind: "carve-out", actor: "WFP", category: "un" });
      await assert.rejects(store.exemptions.add([{ ...base, reference: "r".repeat(3000) }]), {
        code: "invalid_record",
        message: /reference: at most 256 characters/,
      });
      await assert.rejects(store.exemptions.add([base, base]), {
        code: "invalid_record",
        message: /given twice/,
      });
      // A record stored before the limits (a 300-character note) is read as it was, never lost.
      const legacy = { ...base, reference: "1718-LEGACY", note: "n".repeat(MAX_TEXT_LENGTH + 1) };
      await sql`insert into exemptions (reference, kind, approved, record)
        values ('1718-LEGACY', 'carve-out', '2022-12-09', ${JSON.stringify(legacy)}::jsonb)`.execute(
        store.database.db,
      );
      assert.equal((await store.exemptions.get("1718-LEGACY"))?.note?.length, MAX_TEXT_LENGTH + 1);
      assert.ok((await store.exemptions.list()).some((r) => r.reference === "1718-LEGACY"));
      assert.deepEqual(await store.exemptions.add([legacy]), { added: 0, replaced: 0, unchanged: 1 });
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

      // A reason's detail is not compared (its text says the same in words, and details gain fields);
      // its text is.
      await sql`update audit_checks set verdict = 'prohibited',
        result = jsonb_set(result, '{reasons,0,detail}', '{"older": "shape"}'::jsonb)
        where batch_id = ${id} and seq = 1`.execute(store.database.db);
      assert.deepEqual((await replayChecks(store, { batchId: id })).differences, []);
      await sql`update audit_checks set result = jsonb_set(result, '{reasons,0,text}', '"other words"'::jsonb)
        where batch_id = ${id} and seq = 1`.execute(store.database.db);
      const reworded = await replayChecks(store, { batchId: id });
      assert.deepEqual(
        reworded.differences.map((d) => d.kind),
        ["result"],
      );
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
