/**
 * Cap ledgers against the refined-petroleum notifications table (`../shared/data/trade/`): totals per
 * calendar year that do not count overlapping reports twice, estimates kept apart, China's 8.33 bbl/t,
 * threshold notices flagged unconfirmed, and the ledger's answer for a new delivery; the limits of a
 * table's cells, the keys of its rows and of a delivery's content, and voided records left out.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { before, describe, it } from "node:test";
import { defaultRegimeDir } from "../config/index.js";
import type { CompiledRegime } from "../model/regime.js";
import { loadRegime } from "../regime/index.js";
import { needsShared, sharedData } from "../../test/support/shared.js";
import {
  CapError,
  capStatusJson,
  contentKey,
  createLedger,
  keyOf,
  loadCapsData,
  parseCapsData,
  parseNotificationsCsv,
  periodAt,
  toBarrels,
  type CapStatus,
  type CapsData,
  type Delivery,
  type DeliveryProblem,
  type Ledger,
} from "./index.js";

/** Suites of the shared data are skipped, saying so, on a clone with no ../shared beside it. */
const notifications = needsShared("trade", "dprk-refined-petroleum-notifications.csv");

let regime: CompiledRegime;
let data: CapsData;
let rows: Delivery[];
let ledger: Ledger;

before(async () => {
  const loaded = await loadRegime(defaultRegimeDir);
  assert.ok(loaded.regime);
  regime = loaded.regime;
  data = await loadCapsData(defaultRegimeDir);
  if (notifications.skip !== undefined) return;
  const csv = await readFile(sharedData("trade", "dprk-refined-petroleum-notifications.csv"), "utf8");
  rows = parseNotificationsCsv(csv, { name: "notifications.csv", measure: "KP-IMP-REFINED" });
  ledger = createLedger(regime, rows, data);
});

function status(year: number): CapStatus {
  const result = ledger.status("KP-IMP-REFINED", `${year}-06-30`);
  assert.ok(!("reason" in result), `no status for ${year}`);
  return result;
}

describe("caps.yaml", () => {
  it("holds China's 8.33 bbl/t and the 75/90/95 % thresholds of 2397 OP5 as confirmed", () => {
    const china = data.conversion.factors.find((factor) => factor.id === "china-notices");
    assert.equal(china?.barrelsPerTonne, 8.33);
    assert.equal(china.verified, true);
    assert.deepEqual(
      data.thresholds.map((t) => [t.percent, t.verified]),
      [
        [75, true],
        [90, true],
        [95, true],
      ],
    );
    assert.equal(data.conversion.factors.find((f) => f.id === "product-basket")?.verified, false);
  });

  it("rejects unknown keys and a default that names no factor", () => {
    assert.throws(() => parseCapsData({ ...data, extra: 1 }), { code: "caps_data_invalid" });
    assert.throws(() => parseCapsData({ ...data, conversion: { ...data.conversion, default: "nope" } }), {
      code: "caps_data_invalid",
    });
  });
});

describe("the notifications table", notifications, () => {
  it("reads 31 rows, three of them estimates, months as date spans", () => {
    assert.equal(rows.length, 31);
    assert.equal(rows.filter((row) => row.kind === "estimate").length, 3);
    const first = rows.find((row) => row.key === "notifications.csv#14");
    assert.equal(first?.periodStart, "2021-03-01");
    assert.equal(first.periodEnd, "2021-03-31");
    assert.equal(first.tonnes, 587.4);
  });

  it("converts China's tonnes at 8.33 bbl/t, and uses given barrels first", () => {
    const tonnesOnly = rows.find((row) => row.key === "notifications.csv#10");
    assert.ok(tonnesOnly);
    assert.deepEqual(toBarrels(tonnesOnly, data), {
      barrels: 1182.86,
      factor: { id: "china-notices", barrelsPerTonne: 8.33, verified: true },
    });
    const both = rows.find((row) => row.key === "notifications.csv#17");
    assert.ok(both);
    assert.deepEqual(toBarrels(both, data), { barrels: 11745 });
    // Russia's tonnes: no factor of its own, so the unconfirmed default (product basket).
    assert.equal(toBarrels({ supplier: "Russian Federation", tonnes: 100 }, data).factor?.verified, false);
  });

  it("rejects a row with a bad month, naming the line", () => {
    const csv =
      "record_id,supplier,period_start,period_end,record_type,quantity_barrels\n1,China,2021-13,2021-13,notified_monthly,5\n";
    assert.throws(() => parseNotificationsCsv(csv, { name: "x", measure: "KP-IMP-REFINED" }), {
      code: "delivery_invalid",
      message: /line 2, period_start/,
    });
  });
});

describe("limits and keys of the rows of a table", () => {
  const header = "record_id,supplier,period_start,period_end,record_type,quantity_barrels,quantity_tonnes\n";
  const problemOf = (csv: string): DeliveryProblem | undefined => {
    try {
      parseNotificationsCsv(header + csv, { name: "t.csv", measure: "KP-IMP-REFINED" });
    } catch (error) {
      assert.ok(error instanceof CapError);
      assert.equal(error.code, "delivery_invalid");
      return error.problem;
    }
    return undefined;
  };

  it("refuses quantities that are not finite or above 1e12 (1e308 t made the cap infinite), keeps a nil month", () => {
    assert.deepEqual(problemOf("1,China,2021-01,2021-01,notified_monthly,,1e308\n"), {
      code: "quantity_out_of_range",
      field: "quantity_tonnes",
      zero: true,
      limit: 1e12,
    });
    assert.equal(
      problemOf("1,China,2021-01,2021-01,notified_monthly,Infinity,\n")?.code,
      "quantity_out_of_range",
    );
    assert.equal(problemOf("1,China,2021-01,2021-01,notified_monthly,abc,\n")?.code, "not_a_number");
    assert.equal(problemOf("1,China,2021-01,2021-01,notified_monthly,0,\n"), undefined);
  });

  it("refuses cells over their limits, naming the column and the limit", () => {
    const long = "x".repeat(3000);
    assert.deepEqual(problemOf(`${long},China,2021-01,2021-01,notified_monthly,1,\n`), {
      code: "too_long",
      field: "record_id",
      limit: 256,
      length: 3000,
    });
    assert.equal(problemOf(`1,${long},2021-01,2021-01,notified_monthly,1,\n`)?.field, "supplier");
    // The key is the file's name and the record id: together within an id's length.
    assert.equal(
      problemOf(`${"r".repeat(251)},China,2021-01,2021-01,notified_monthly,1,\n`)?.code,
      "too_long",
    );
  });

  it("keys each row by file and record id; a record id given twice is one record, or an error if they differ", () => {
    const row = "7,China,2021-01,2021-01,notified_monthly,1,\n";
    const rows = parseNotificationsCsv(header + row + row, { name: "t.csv", measure: "KP-IMP-REFINED" });
    assert.deepEqual(
      rows.map((r) => r.key),
      ["t.csv#7", "t.csv#7"],
    );
    assert.deepEqual(problemOf(row + "7,China,2021-02,2021-02,notified_monthly,1,\n"), {
      code: "duplicate_key",
      field: "record_id",
      key: "t.csv#7",
      line: 2,
    });
  });
});

describe("the content key of a delivery", () => {
  const shipment: Delivery = {
    measure: "KP-IMP-REFINED",
    supplier: "China",
    periodStart: "2025-02-03",
    periodEnd: "2025-02-03",
    tonnes: 1200,
    kind: "notification",
    recordType: "delivery",
    source: "officer A",
  };

  it("is the same for the same delivery from another source, and differs for another delivery", () => {
    const key = contentKey(shipment);
    assert.match(key, /^content:[0-9a-f]{64}$/);
    assert.equal(contentKey({ ...shipment, source: "officer B", note: "n", sourceDate: "2030-01-01" }), key);
    assert.equal(contentKey({ ...shipment, supplier: " China " }), key);
    for (const other of [
      { ...shipment, tonnes: 1200.5 },
      { ...shipment, periodEnd: "2025-02-04" },
      { ...shipment, supplier: "Russian Federation" },
      { ...shipment, product: "lpg" },
      { ...shipment, measure: "KP-IMP-CRUDE" },
      { ...shipment, kind: "estimate" as const, recordType: "estimate_not_notification" as const },
    ])
      assert.notEqual(contentKey(other), key);
    assert.equal(keyOf({ ...shipment, key: " BL-1 " }), "BL-1");
    assert.equal(keyOf(shipment), key);
  });
});

describe("totals per calendar year", notifications, () => {
  it("2019: the combined China + Russia total (418,000 bbl, about 83% of the cap), not the sum of every row", () => {
    const s = status(2019);
    assert.equal(s.limit, 500000);
    assert.equal(s.citation, "S/RES/2397 (2017) OP5");
    assert.equal(s.totals.notified, 418000);
    assert.equal(s.percent, 83.6);
    assert.deepEqual(
      s.notices.map((notice) => [notice.percent, notice.verified]),
      [[75, true]],
    );
    assert.ok(s.totals.skipped.every((record) => record.why === "overlaps"));
  });

  it("2021: China's annual total (91,909 bbl, 18.4%) covers its monthly and cumulative reports", () => {
    const s = status(2021);
    assert.equal(s.totals.notified, 91909);
    assert.equal(s.percent, 18.38);
    assert.equal(s.notices.length, 0);
    assert.equal(s.totals.counted.length, 1);
  });

  it("2022: two monthly reports add up", () => {
    assert.equal(status(2022).totals.notified, 10822 + 6295);
  });

  it("2024: the Committee's running total of all States covers Russia's January; the US estimate stays apart", () => {
    const s = status(2024);
    assert.equal(s.totals.notified, 168679);
    assert.equal(s.totals.estimated, 165000);
    assert.equal(s.percent, 33.74);
  });

  it("2020: estimates above the whole cap are never summed with notifications", () => {
    const s = status(2020);
    assert.equal(s.totals.notified, 129706);
    assert.equal(s.totals.estimated, 1600000);
    assert.equal(s.notices.length, 0);
  });

  it("voided records count in no total and no check; they are listed as voided", () => {
    const one = (id: number, barrels: number, voided?: Delivery["voided"]): Delivery => ({
      id,
      measure: "KP-IMP-REFINED",
      supplier: "China",
      periodStart: "2025-01-05",
      periodEnd: "2025-01-05",
      barrels,
      kind: "notification",
      recordType: "delivery",
      source: "officer",
      ...(voided === undefined ? {} : { voided }),
    });
    const void1 = { at: "2025-02-01T00:00:00.000Z", by: "key-0000abcd", reason: "entered twice" };
    const small = createLedger(regime, [one(1, 300000), one(2, 300000, void1)], data);
    const s = small.status("KP-IMP-REFINED", "2025-03-01");
    assert.ok(!("reason" in s));
    assert.equal(s.totals.notified, 300000);
    assert.deepEqual(
      s.totals.skipped.map((r) => [r.delivery.id, r.why]),
      [[2, "voided"]],
    );
    assert.equal(small.check("KP-IMP-REFINED", "2025-03-01", 150000, "bbl").status, "within");
    const json = capStatusJson(s) as { skipped: { id: number; why: string; voided: unknown }[] };
    assert.deepEqual(json.skipped, [
      {
        id: 2,
        supplier: "China",
        periodStart: "2025-01-05",
        periodEnd: "2025-01-05",
        recordType: "delivery",
        barrels: 300000,
        source: "officer",
        voided: void1,
        why: "voided",
      },
    ]);
  });

  it("single deliveries in one month add up, and count against the cap", () => {
    const one = (day: string, barrels: number): Delivery => ({
      measure: "KP-IMP-REFINED",
      supplier: "China",
      periodStart: `2025-01-${day}`,
      periodEnd: `2025-01-${day}`,
      barrels,
      kind: "notification",
      recordType: "delivery",
      source: "officer",
    });
    const small = createLedger(regime, [one("05", 200000), one("20", 180000)], data);
    const s = small.status("KP-IMP-REFINED", "2025-03-01");
    assert.ok(!("reason" in s));
    assert.equal(s.totals.notified, 380000);
    assert.deepEqual(
      s.notices.map((n) => n.percent),
      [75],
    );
  });
});

describe("the ledger's answer for a new delivery", notifications, () => {
  it("within while there is headroom, with the numbers", () => {
    const check = ledger.check("KP-IMP-REFINED", "2021-12-20", 1000, "bbl");
    assert.equal(check.status, "within");
    assert.equal(check.used, 91909);
    assert.equal(check.limit, 500000);
  });

  it("exceeds when the delivery would take the year past the cap", () => {
    const check = ledger.check("KP-IMP-REFINED", "2019-12-20", 100000, "barrels");
    assert.equal(check.status, "exceeds");
    assert.match(check.note ?? "", /518,000/);
  });

  it("converts tonnes at the default factor and says it is unconfirmed", () => {
    const check = ledger.check("KP-IMP-REFINED", "2021-12-20", 1000, "t");
    assert.equal(check.status, "within");
    assert.match(check.note ?? "", /8,000 bbl \(1,000 t at 8 bbl\/t, product-basket, unconfirmed\)/);
  });

  it("unknown without a quantity, with an unknown unit, and where no cap is in force", () => {
    assert.equal(ledger.check("KP-IMP-REFINED", "2021-12-20", undefined, undefined).status, "unknown");
    assert.equal(ledger.check("KP-IMP-REFINED", "2021-12-20", 5, "kl").status, "unknown");
    assert.equal(ledger.check("KP-IMP-REFINED", "2016-12-20", 5, "bbl").status, "unknown");
  });

  it("counts only records whose period had begun by the date of the check", () => {
    const check = ledger.check("KP-IMP-REFINED", "2021-02-15", 10, "bbl");
    // Only the annual total (from January) had begun; it is the widest record and covers the year.
    assert.equal(check.used, 91909);
    const early = ledger.check("KP-IMP-REFINED", "2022-01-15", 10, "bbl");
    assert.equal(early.used, 10822);
  });
});

describe("cap periods", () => {
  it("the 2017 cap is a fixed span; the crude cap runs twelve months from 22 December 2017", () => {
    const refined = regime.measures.get("KP-IMP-REFINED")?.versions.find((v) => v.from === "2017-10-01")?.cap;
    assert.ok(refined);
    assert.deepEqual(periodAt(refined, "2017-11-15"), { start: "2017-10-01", end: "2017-12-31" });
    const crude = regime.measures
      .get("KP-IMP-CRUDE")
      ?.versions.find((v) => v.cap?.periodStart === "2017-12-22")?.cap;
    assert.ok(crude);
    assert.deepEqual(periodAt(crude, "2019-01-05"), { start: "2018-12-22", end: "2019-12-21" });
    assert.deepEqual(periodAt(crude, "2019-12-22"), { start: "2019-12-22", end: "2020-12-21" });
  });
});
