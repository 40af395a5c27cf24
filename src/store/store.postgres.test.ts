/**
 * The storage conformance suite against PostgreSQL, when `DATABASE_URL` names one (CI starts it), and
 * what only a server can show: two instances migrating one new database at once apply each migration
 * exactly once (the advisory lock), and a snapshot activated through one store is active in another.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, describe, it } from "node:test";
import { sql } from "kysely";
import { buildSnapshot } from "../lists/index.js";
import { migrations } from "./migrations.js";
import { openStore } from "./store.js";
import { storeConformance } from "./testing/store.case.test.js";
import {
  adminQuery,
  dropPostgresTemplate,
  postgresFactory,
  postgresUrl,
  withDatabase,
} from "./testing/factories.js";

const url = postgresUrl();

if (url === undefined) {
  describe("store conformance: PostgreSQL", () => {
    it(
      "runs when DATABASE_URL is set (.ci/run sets it)",
      { skip: "DATABASE_URL is not set" },
      () => undefined,
    );
  });
} else {
  after(() => dropPostgresTemplate(url));
  storeConformance("PostgreSQL", postgresFactory(url));

  describe("PostgreSQL with several instances", () => {
    it("two instances migrating a new database at once apply each migration once", async () => {
      const name = `sanctions_race_${randomBytes(4).toString("hex")}`;
      await adminQuery(url, `create database ${name}`);
      try {
        const target = { kind: "postgres" as const, url: withDatabase(url, name), poolSize: 2 };
        const stores = await Promise.all([openStore(target), openStore(target), openStore(target)]);
        try {
          const first = stores[0];
          assert.ok(first);
          const rows = await sql<{ name: string }>`select name from schema_migrations`.execute(
            first.database.db,
          );
          assert.deepEqual(
            rows.rows.map((row) => row.name),
            migrations.map((migration) => migration.name),
          );
        } finally {
          await Promise.all(stores.map((store) => store.close()));
        }
      } finally {
        await adminQuery(url, `drop database if exists ${name}`);
      }
    });

    it("a list activated through one instance is active in the other", async () => {
      const one = await postgresFactory(url)();
      const name = new URL(url).pathname;
      try {
        // A second pool on the same database as `one`: what a second API instance would open.
        const current = await sql<{ db: string }>`select current_database() as db`.execute(one.database.db);
        const db = current.rows[0]?.db ?? name;
        const two = await openStore({ kind: "postgres", url: withDatabase(url, db) });
        try {
          const snapshot = buildSnapshot({
            source: "x.xml",
            list: "UN",
            designations: [
              {
                ref: "KPe.1",
                list: "UN",
                programmes: ["DPRK"],
                kind: "entity",
                names: [{ full: "KOREA MINING DEVELOPMENT TRADING CORPORATION", quality: "primary" }],
                birthDates: [],
                nationalities: [],
                identifiers: [],
              },
            ],
          });
          await one.snapshots.save(snapshot);
          await one.snapshots.activate(snapshot.id);
          assert.equal((await two.snapshots.active("UN"))?.id, snapshot.id);
        } finally {
          await two.close();
        }
      } finally {
        await one.close();
      }
    });
  });
}
