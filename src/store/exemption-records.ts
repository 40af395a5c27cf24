/**
 * @module store/exemption-records
 * Exemption records in the database, keyed by reference. Adding a reference again replaces the record
 * only when asked (an approval extended or a shipment used), so that a typo cannot silently overwrite.
 */
import type { Kysely } from "kysely";
import { lastValidDay, parseExemption, type ExemptionRecord } from "../exemptions/index.js";
import { StoreError } from "./errors.js";
import type { Database } from "./schema.js";

/** Exemption records in the database. */
export class ExemptionRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /**
   * Adds records in one transaction.
   * @throws {StoreError} `conflict` when a reference exists with other content and `replace` is not set
   */
  async add(
    records: readonly ExemptionRecord[],
    options: { replace?: boolean } = {},
  ): Promise<{ added: number; replaced: number; unchanged: number }> {
    return this.#db.transaction().execute(async (trx) => {
      let added = 0;
      let replaced = 0;
      let unchanged = 0;
      for (const record of records) {
        const json = JSON.stringify(record);
        const existing = await trx
          .selectFrom("exemptions")
          .select("record")
          .where("reference", "=", record.reference)
          .forUpdate()
          .executeTakeFirst();
        if (
          existing &&
          JSON.stringify(parseExemption(existing.record)) === JSON.stringify(parseExemption(record))
        ) {
          unchanged++;
          continue;
        }
        if (existing && options.replace !== true) {
          throw new StoreError(
            "conflict",
            `exemption ${record.reference} exists with other content (replace it explicitly)`,
          );
        }
        const row = {
          reference: record.reference,
          kind: record.kind,
          approved: record.kind === "committee" ? record.approved : record.from,
          valid_until: lastValidDay(record) ?? null,
          record: json,
        };
        if (existing) {
          await trx.updateTable("exemptions").set(row).where("reference", "=", record.reference).execute();
          replaced++;
        } else {
          await trx.insertInto("exemptions").values(row).execute();
          added++;
        }
      }
      return { added, replaced, unchanged };
    });
  }

  /** Every record, by reference. */
  async list(): Promise<ExemptionRecord[]> {
    const rows = await this.#db.selectFrom("exemptions").select("record").orderBy("reference").execute();
    return rows.map((row) => parseExemption(row.record));
  }

  /** One record, if stored. */
  async get(reference: string): Promise<ExemptionRecord | undefined> {
    const row = await this.#db
      .selectFrom("exemptions")
      .select("record")
      .where("reference", "=", reference.trim())
      .executeTakeFirst();
    return row ? parseExemption(row.record) : undefined;
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
