/**
 * @module store/snapshots
 * List snapshots in the database: the one {@link SnapshotStore} the engine reads and writes, embedded
 * (PGlite under the data directory) or PostgreSQL. `sanctions lists import`, `POST /v1/lists/import`,
 * `check`, `screen`, `lists list|diff`, `draft diff --activities` and the service all use it, so that
 * every one of them sees the same active lists, and two API instances on one server share imports.
 * Saving is idempotent by content hash; activating is one upsert of the list's pointer row, atomic.
 *
 * Data directories written before the lists lived in the database hold them as files
 * (`FileSnapshotStore` of `src/lists`); {@link moveFileSnapshots} moves those in, once.
 */
import { rename } from "node:fs/promises";
import { join } from "node:path";
import type { Kysely } from "kysely";
import {
  FileSnapshotStore,
  hasFileSnapshots,
  ListError,
  type SnapshotStore,
  type SnapshotSummary,
} from "../lists/index.js";
import type { ListSnapshot, SnapshotCounts } from "../model/designation.js";
import { StoreError } from "./errors.js";
import { dataRefusalOf } from "./refusal.js";
import type { Database } from "./schema.js";

const ID = /^[0-9a-f]{64}$/;

/** The database implementation of {@link SnapshotStore}. */
export class DbSnapshotStore implements SnapshotStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /**
   * @throws {StoreError} `invalid_record` when the database refuses the snapshot for its content (a NUL
   * character or an unpaired surrogate in its text, which `jsonb` cannot hold)
   */
  async save(snapshot: ListSnapshot): Promise<SnapshotSummary> {
    if (!ID.test(snapshot.id)) throw new ListError("snapshot_corrupt", `not a snapshot id: ${snapshot.id}`);
    try {
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
    } catch (error) {
      const refusal = dataRefusalOf(error);
      if (refusal === undefined) throw error;
      throw new StoreError(
        "invalid_record",
        `the ${snapshot.list} snapshot ${snapshot.id.slice(0, 12)} cannot be stored: ${refusal.message} ` +
          `(a NUL character or an unpaired surrogate in its text)`,
        { cause: error },
      );
    }
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

  /**
   * Makes a stored snapshot the active one of its list only when the list has none yet (one
   * statement, so that two processes doing it at once cannot both win). Whether it did.
   */
  async activateIfNone(id: string): Promise<boolean> {
    const summary = await this.#summary(id);
    if (!summary) throw new ListError("snapshot_not_found", `no snapshot ${id}`);
    const inserted = await this.#db
      .insertInto("active_lists")
      .values({ list: summary.list, snapshot_id: summary.id })
      .onConflict((oc) => oc.column("list").doNothing())
      .returning("list")
      .execute();
    return inserted.length > 0;
  }

  /** Which of `ids` are stored (one query). */
  async has(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.#db.selectFrom("list_snapshots").select("id").where("id", "in", ids).execute();
    return new Set(rows.map((row) => row.id));
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

/** Where {@link moveFileSnapshots} puts the data directory's list folder once its content is moved. */
export const MOVED_LISTS_DIR = "lists.moved";

/** What {@link moveFileSnapshots} did. */
export interface FileSnapshotMove {
  /** How many snapshots were copied into the database (those it held already are not counted). */
  readonly copied: number;
  /** The lists whose data-directory snapshot became active in the database, which had none of them. */
  readonly activated: readonly string[];
  /**
   * The lists whose data-directory snapshot was active there but stays inactive here: the database had
   * an active snapshot of the list already, which the commands and the service were using instead.
   */
  readonly kept: readonly string[];
  /** Where the folder was renamed to. */
  readonly movedTo: string;
}

/**
 * Moves the list snapshots that `dataDir` holds as files (`<dataDir>/lists/`, written by
 * `sanctions lists import` before lists lived in the database) into the database, keeping each
 * snapshot's id, import date and content. A snapshot active in the files becomes active in the
 * database unless the database already has an active snapshot of that list: there the database's was
 * the one in use (it took precedence over the files'), and it stays so; the file's is stored, inactive.
 * Then the folder is renamed to `<dataDir>/lists.moved/` (with a suffix if that exists), kept for
 * reference and never read again. `undefined` when there is no such folder: one `stat`, so that
 * every open can ask.
 *
 * Idempotent, and safe to repeat after a stop at any point: snapshots already stored are not read
 * again, activation only fills in lists that have no active snapshot, and the folder is renamed last.
 * A file that cannot be read is not skipped silently: the others are moved, and the error names it.
 * @throws {StoreError} `corrupt` naming each snapshot file that cannot be read or holds text the
 * database cannot store (the folder stays where it is, with every file in it)
 */
export async function moveFileSnapshots(
  db: Kysely<Database>,
  dataDir: string,
): Promise<FileSnapshotMove | undefined> {
  if (!hasFileSnapshots(dataDir)) return undefined;
  const files = new FileSnapshotStore(dataDir);
  const store = new DbSnapshotStore(db);
  let summaries: Awaited<ReturnType<FileSnapshotStore["list"]>>;
  try {
    summaries = await files.list();
  } catch (error) {
    if (error instanceof ListError) throw unmovable([error.message]);
    throw error;
  }
  const stored = await store.has(summaries.map((summary) => summary.id));
  const problems: string[] = [];
  const present = new Set(stored);
  let copied = 0;
  // Oldest first, one at a time: a list's snapshots can be large, and only one is in memory at once.
  for (const summary of [...summaries].reverse()) {
    if (stored.has(summary.id)) continue;
    try {
      const snapshot = await files.get(summary.id);
      if (snapshot === undefined) throw new ListError("snapshot_not_found", `no snapshot ${summary.id}`);
      await store.save(snapshot);
      present.add(summary.id);
      copied++;
    } catch (error) {
      if (error instanceof ListError) problems.push(error.message);
      // Text the database cannot hold (a NUL character): the file is named, the others moved.
      else if (error instanceof StoreError && error.code === "invalid_record")
        problems.push(`${join(files.root, "snapshots", `${summary.id}.json`)}: ${error.message}`);
      else throw error;
    }
  }
  const activated: string[] = [];
  const fileActive = summaries.filter((summary) => summary.active && present.has(summary.id));
  for (const summary of fileActive) if (await store.activateIfNone(summary.id)) activated.push(summary.list);
  const activeNow = new Set((await store.list()).filter((row) => row.active).map((row) => row.id));
  const kept = fileActive.filter((summary) => !activeNow.has(summary.id)).map((summary) => summary.list);
  if (problems.length > 0) throw unmovable(problems);
  return { copied, activated: activated.sort(), kept: kept.sort(), movedTo: await renameAside(files.root) };
}

function unmovable(problems: readonly string[]): StoreError {
  return new StoreError(
    "corrupt",
    `cannot move the data directory's list snapshots into the database: ${problems.join("; ")}; ` +
      `the others are in the database; repair or remove what is named, then run again`,
  );
}

/** Renames `<dataDir>/lists` to `lists.moved` (or `lists.moved-2`...); a folder already gone is fine. */
async function renameAside(root: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const target = join(root, "..", attempt === 1 ? MOVED_LISTS_DIR : `${MOVED_LISTS_DIR}-${attempt}`);
    try {
      await rename(root, target);
      return target;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Another process (on the same PostgreSQL) moved it meanwhile.
      if (code === "ENOENT") return target;
      if ((code !== "EEXIST" && code !== "ENOTEMPTY") || attempt >= 100) throw error;
    }
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
