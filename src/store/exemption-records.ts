/**
 * @module store/exemption-records
 * Exemption records in the database, keyed by reference. Adding a reference again replaces the record
 * only when asked (an approval extended or a shipment used), so that a typo cannot silently overwrite.
 *
 * The table's primary key decides which of several writers creates a reference: each tries to insert
 * (`on conflict do nothing`), and a writer that finds the reference taken, by a transaction that
 * committed meanwhile too, compares contents. So ten requests creating one reference at once give one
 * `added` and, for the others, `unchanged` (the same record) or `conflict` (another one), never a
 * unique-key failure. Reading first and writing after, as before, let two writers both read "absent".
 */
import type { Kysely } from "kysely";
import { lastValidDay, readStoredExemption, type ExemptionRecord } from "../exemptions/index.js";
import { MAX_ID_LENGTH } from "../model/limits.js";
import { StoreError } from "./errors.js";
import type { Database } from "./schema.js";

/** What a write did, record by record counted. */
export interface ExemptionWrite {
  readonly added: number;
  readonly replaced: number;
  readonly unchanged: number;
}

/** Exemption records in the database. */
export class ExemptionRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /**
   * Adds records in one transaction (all or none).
   * @throws {StoreError} `conflict` when a reference exists with other content and `replace` is not
   *   set; `invalid_record` when a reference is given twice or is longer than an id may be
   */
  async add(
    records: readonly ExemptionRecord[],
    options: { replace?: boolean } = {},
  ): Promise<ExemptionWrite> {
    const seen = new Set<string>();
    for (const record of records) {
      if (record.reference.length > MAX_ID_LENGTH)
        throw new StoreError("invalid_record", `reference: at most ${MAX_ID_LENGTH} characters`);
      if (seen.has(record.reference))
        throw new StoreError("invalid_record", `reference ${record.reference} is given twice`);
      seen.add(record.reference);
    }
    // In reference order: two writers of overlapping sets take the keys' locks in one order.
    const ordered = [...records].sort((a, b) =>
      a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0,
    );
    return this.#db.transaction().execute(async (trx) => {
      let added = 0;
      let replaced = 0;
      let unchanged = 0;
      for (const record of ordered) {
        const json = JSON.stringify(record);
        const row = {
          reference: record.reference,
          kind: record.kind,
          approved: record.kind === "committee" ? record.approved : record.from,
          valid_until: lastValidDay(record) ?? null,
          record: json,
        };
        // A reference another writer is creating waits here for its commit (or rollback).
        const inserted = await trx
          .insertInto("exemptions")
          .values(row)
          .onConflict((oc) => oc.column("reference").doNothing())
          .returning("reference")
          .executeTakeFirst();
        if (inserted) {
          added++;
          continue;
        }
        const existing = await trx
          .selectFrom("exemptions")
          .select("record")
          .where("reference", "=", record.reference)
          .forUpdate()
          .executeTakeFirst();
        if (!existing)
          throw new StoreError("conflict", `exemption ${record.reference} changed while it was written`);
        // Both read by one schema, so that the order of keys (jsonb keeps its own) does not matter.
        if (
          JSON.stringify(readStoredExemption(existing.record)) === JSON.stringify(readStoredExemption(record))
        ) {
          unchanged++;
          continue;
        }
        if (options.replace !== true)
          throw new StoreError(
            "conflict",
            `exemption ${record.reference} exists with other content (replace it explicitly)`,
          );
        await trx.updateTable("exemptions").set(row).where("reference", "=", record.reference).execute();
        replaced++;
      }
      return { added, replaced, unchanged };
    });
  }

  /** Every record, by reference. */
  async list(): Promise<ExemptionRecord[]> {
    const rows = await this.#db.selectFrom("exemptions").select("record").orderBy("reference").execute();
    return rows.map((row) => readStoredExemption(row.record));
  }

  /** One record, if stored. */
  async get(reference: string): Promise<ExemptionRecord | undefined> {
    const wanted = reference.trim();
    const row = await this.#db
      .selectFrom("exemptions")
      .select("record")
      .where("reference", "=", wanted)
      .executeTakeFirst();
    return row ? readStoredExemption(row.record) : undefined;
  }

  /** How many records are stored. */
  async count(): Promise<number> {
    const row = await this.#db
      .selectFrom("exemptions")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return row.n;
  }
}
