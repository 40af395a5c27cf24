/**
 * @module store/snapshots
 * List snapshots in the database: the {@link SnapshotStore} of `src/lists` for PostgreSQL (so that two
 * API instances on one server share imports: a list imported through one is active in the other) and
 * for the embedded database (so that audit replays find the snapshot a check was screened against).
 * Saving is idempotent by content hash; activating is one upsert of the list's pointer row, atomic in
 * the database as the rename is for files.
 */
import type { Kysely } from "kysely";
import { ListError, type SnapshotStore, type SnapshotSummary } from "../lists/index.js";
import type { ListSnapshot, SnapshotCounts } from "../model/designation.js";
import type { Database } from "./schema.js";

const ID = /^[0-9a-f]{64}$/;

/** The database implementation of {@link SnapshotStore}. */
export class DbSnapshotStore implements SnapshotStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async save(snapshot: ListSnapshot): Promise<SnapshotSummary> {
    if (!ID.test(snapshot.id)) throw new ListError("snapshot_corrupt", `not a snapshot id: ${snapshot.id}`);
    await this.#db
      .insertInto("list_snapshots")
      .values({
        id: snapshot.id,
        list: snapshot.list,
        source: snapshot.source,
        generated_on: snapshot.generatedOn ?? null,
        imported_at: snapshot.importedAt,
        counts: JSON.stringify(snapshot.counts),
        designations: JSON.stringify(snapshot.designations),
      })
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();
    const summary = await this.#summary(snapshot.id);
    if (!summary) throw new ListError("snapshot_not_found", `snapshot ${snapshot.id} was not stored`);
    return summary;
  }

  async activate(id: string): Promise<SnapshotSummary> {
    const full = await this.#resolve(id);
    const summary = full === undefined ? undefined : await this.#summary(full);
    if (!summary) throw new ListError("snapshot_not_found", `no snapshot ${id}`);
    await this.#db
      .insertInto("active_lists")
      .values({ list: summary.list, snapshot_id: summary.id })
      .onConflict((oc) => oc.column("list").doUpdateSet({ snapshot_id: summary.id }))
      .execute();
    return summary;
  }

  /** Saves and activates in one transaction: killed before it commits, nothing of it is stored. */
  async saveActive(snapshot: ListSnapshot): Promise<SnapshotSummary> {
    return this.#db.transaction().execute(async (trx) => {
      const store = new DbSnapshotStore(trx);
      return store.activate((await store.save(snapshot)).id);
    });
  }

  async active(list: string): Promise<ListSnapshot | undefined> {
    const row = await this.#db
      .selectFrom("active_lists")
      .innerJoin("list_snapshots", "list_snapshots.id", "active_lists.snapshot_id")
      .selectAll("list_snapshots")
      .where("active_lists.list", "=", list)
      .executeTakeFirst();
    return row ? toSnapshot(row) : undefined;
  }

  async activeAll(): Promise<ListSnapshot[]> {
    const rows = await this.#db
      .selectFrom("active_lists")
      .innerJoin("list_snapshots", "list_snapshots.id", "active_lists.snapshot_id")
      .selectAll("list_snapshots")
      .orderBy("active_lists.list")
      .execute();
    return rows.map(toSnapshot);
  }

  async list(): Promise<(SnapshotSummary & { readonly active: boolean })[]> {
    const rows = await this.#db
      .selectFrom("list_snapshots")
      .leftJoin("active_lists", "active_lists.snapshot_id", "list_snapshots.id")
      .select([
        "list_snapshots.id",
        "list_snapshots.list",
        "list_snapshots.source",
        "list_snapshots.generated_on",
        "list_snapshots.imported_at",
        "list_snapshots.counts",
        "active_lists.list as active_list",
      ])
      .orderBy("list_snapshots.imported_at", "desc")
      .execute();
    return rows.map((row) => ({ ...toSummary(row), active: row.active_list !== null }));
  }

  async get(id: string): Promise<ListSnapshot | undefined> {
    const full = await this.#resolve(id);
    if (full === undefined) return undefined;
    const row = await this.#db
      .selectFrom("list_snapshots")
      .selectAll()
      .where("id", "=", full)
      .executeTakeFirst();
    return row ? toSnapshot(row) : undefined;
  }

  /** A full id from an id or an unambiguous prefix of at least 6 characters. */
  async #resolve(id: string): Promise<string | undefined> {
    const wanted = id.trim().toLowerCase();
    if (ID.test(wanted)) return wanted;
    if (!/^[0-9a-f]{6,63}$/.test(wanted)) return undefined;
    const rows = await this.#db
      .selectFrom("list_snapshots")
      .select("id")
      .where("id", "like", `${wanted}%`)
      .limit(2)
      .execute();
    if (rows.length > 1) throw new ListError("snapshot_not_found", `snapshot id ${id} is ambiguous`);
    return rows[0]?.id;
  }

  async #summary(id: string): Promise<SnapshotSummary | undefined> {
    const row = await this.#db
      .selectFrom("list_snapshots")
      .select(["id", "list", "source", "generated_on", "imported_at", "counts"])
      .where("id", "=", id)
      .executeTakeFirst();
    return row ? toSummary(row) : undefined;
  }
}

interface SummaryRow {
  id: string;
  list: string;
  source: string;
  generated_on: string | null;
  imported_at: string;
  counts: Record<string, number>;
}

function toSummary(row: SummaryRow): SnapshotSummary {
  return {
    id: row.id,
    source: row.source,
    list: row.list,
    ...(row.generated_on === null ? {} : { generatedOn: row.generated_on }),
    importedAt: row.imported_at,
    counts: row.counts as unknown as SnapshotCounts,
  };
}

function toSnapshot(row: SummaryRow & { designations: unknown[] }): ListSnapshot {
  return { ...toSummary(row), designations: row.designations as ListSnapshot["designations"] };
}
