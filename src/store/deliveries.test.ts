/**
 * The migration that keys every delivery (`0003-delivery-keys-and-voids`), over a database holding
 * what the engine stored before it: rows of a file keep their key, the others get the key of their
 * content, and a delivery stored twice (as `POST /v1/caps/deliveries` did when a request was sent
 * again) keeps both rows, the second under `key#id`, so that nothing stored is lost and the same
 * delivery sent now is `unchanged`. On PGlite always; on PostgreSQL when `DATABASE_URL` is set.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "kysely";
import { contentKey, type Delivery } from "../caps/index.js";
import { migrate, migrations } from "./migrations.js";
import { openPgliteStore, openStore, type Store } from "./store.js";
import { adminQuery, postgresUrl, withDatabase } from "./testing/factories.js";

/** The migrations the engine had before deliveries were keyed. */
const before = migrations.slice(
  0,
  migrations.findIndex((migration) => migration.name === "0003-delivery-keys-and-voids"),
);

const shipment: Delivery = {
  measure: "KP-IMP-REFINED",
  supplier: "China",
  periodStart: "2025-02-03",
  periodEnd: "2025-02-03",
  tonnes: 1200,
  kind: "notification",
  recordType: "delivery",
  source: "entered through the API (key-0000abcd)",
};

async function keysDeliveriesStoredBefore(store: Store): Promise<void> {
  const db = store.database.db;
  await migrate(db, before);
  const insert = (sourceKey: string | null, tonnes: number, source: string) =>
    sql`
    insert into cap_deliveries (source_key, measure, supplier, period_start, period_end, quantity_t, kind,
      record_type, source)
    values (${sourceKey}, 'KP-IMP-REFINED', 'China', '2025-02-03', '2025-02-03', ${tonnes}, 'notification',
      'delivery', ${source})`.execute(db);
  await insert("notifications.csv#1", 1200, "a table");
  await insert(null, 1200, shipment.source);
  await insert(null, 1200, "the same request, sent again");
  await insert(null, 587.4, "another delivery");

  const report = await migrate(db);
  assert.ok(report.applied.includes("0003-delivery-keys-and-voids"));
  const rows = await sql<{ id: number; key: string; voided_at: string | null }>`
    select id, key, voided_at from cap_deliveries order by id`.execute(db);
  const key = contentKey(shipment);
  assert.deepEqual(
    rows.rows.map((row) => [row.key, row.voided_at]),
    [
      ["notifications.csv#1", null],
      [key, null],
      [`${key}#${String(rows.rows[2]?.id)}`, null],
      [contentKey({ ...shipment, tonnes: 587.4 }), null],
    ],
  );
  // Nothing is lost: the row stored twice still counts until it is voided.
  assert.equal((await store.deliveries.list()).length, 4);
  // The delivery sent now is the one stored before it.
  const again = await store.deliveries.add([shipment]);
  assert.equal(again.outcomes[0]?.status, "unchanged");
  assert.equal(again.outcomes[0].delivery.id, rows.rows[1]?.id);
  // A key is required from now on.
  await assert.rejects(
    sql`insert into cap_deliveries (measure, supplier, period_start, period_end, quantity_t, kind, record_type, source)
      values ('KP-IMP-REFINED', 'China', '2025-02-03', '2025-02-03', 1, 'notification', 'delivery', 'x')`.execute(
      db,
    ),
  );
}

describe("migration 0003: keys for the deliveries stored before", () => {
  it("on PGlite", async () => {
    const store = await openPgliteStore(await PGlite.create(), { migrate: false });
    try {
      await keysDeliveriesStoredBefore(store);
    } finally {
      await store.close();
    }
  });

  const url = postgresUrl();
  it("on PostgreSQL", { skip: url === undefined ? "DATABASE_URL is not set" : false }, async () => {
    if (url === undefined) return;
    const name = `sanctions_keys_${randomBytes(4).toString("hex")}`;
    await adminQuery(url, `create database ${name}`);
    try {
      const store = await openStore(
        { kind: "postgres", url: withDatabase(url, name), poolSize: 2 },
        { migrate: false },
      );
      try {
        await keysDeliveriesStoredBefore(store);
      } finally {
        await store.close();
      }
    } finally {
      await adminQuery(url, `drop database if exists ${name}`);
    }
  });
});
