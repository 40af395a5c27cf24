/**
 * @module store/deliveries
 * The cap ledger's delivery records in the database. Records imported from a file carry a source key,
 * so importing the same file again adds nothing; an import is one transaction (all rows or none).
 */
import type { Kysely, Selectable } from "kysely";
import type { Delivery, RecordType } from "../caps/index.js";
import { isIsoDate } from "../model/dates.js";
import { StoreError } from "./errors.js";
import type { CapDeliveriesTable, Database } from "./schema.js";

/** What an import did. */
export interface DeliveryImport {
  readonly added: number;
  /** Rows whose source key was already stored. */
  readonly unchanged: number;
}

/** Delivery records in the database. */
export class DeliveryRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /**
   * Adds records in one transaction; those whose source key is stored already are left as they are.
   * @throws {StoreError} `invalid_record`
   */
  async add(deliveries: readonly Delivery[]): Promise<DeliveryImport> {
    for (const [index, delivery] of deliveries.entries()) check(delivery, index);
    if (deliveries.length === 0) return { added: 0, unchanged: 0 };
    return this.#db.transaction().execute(async (trx) => {
      let added = 0;
      // Chunks keep each statement under PostgreSQL's 65,535 bound parameters.
      for (let i = 0; i < deliveries.length; i += 1000) {
        const rows = deliveries.slice(i, i + 1000).map(toRow);
        const inserted = await trx
          .insertInto("cap_deliveries")
          .values(rows)
          .onConflict((oc) => oc.column("source_key").doNothing())
          .returning("id")
          .execute();
        added += inserted.length;
      }
      return { added, unchanged: deliveries.length - added };
    });
  }

  /** Records of a measure (all measures when absent), in period order. */
  async list(measure?: string): Promise<Delivery[]> {
    let query = this.#db.selectFrom("cap_deliveries").selectAll();
    if (measure !== undefined) query = query.where("measure", "=", measure);
    const rows = await query.orderBy("period_start").orderBy("id").execute();
    return rows.map(fromRow);
  }

  /** How many records are stored (cheap: lets callers skip loading an empty ledger). */
  async count(): Promise<number> {
    const row = await this.#db
      .selectFrom("cap_deliveries")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return row.n;
  }
}

function check(delivery: Delivery, index: number): void {
  const fail = (field: string, why: string): never => {
    throw new StoreError("invalid_record", `delivery ${index + 1}, ${field}: ${why}`);
  };
  if (!isIsoDate(delivery.periodStart)) fail("periodStart", "must be YYYY-MM-DD");
  if (!isIsoDate(delivery.periodEnd)) fail("periodEnd", "must be YYYY-MM-DD");
  if (delivery.periodEnd < delivery.periodStart) fail("periodEnd", "before periodStart");
  if (delivery.barrels === undefined && delivery.tonnes === undefined)
    fail("quantity", "neither barrels nor tonnes");
  for (const [field, value] of [
    ["barrels", delivery.barrels],
    ["tonnes", delivery.tonnes],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) fail(field, "must be a number ≥ 0");
  }
  if (delivery.supplier.trim() === "") fail("supplier", "empty");
  if (delivery.measure.trim() === "") fail("measure", "empty");
}

function toRow(delivery: Delivery) {
  return {
    source_key: delivery.sourceKey ?? null,
    measure: delivery.measure,
    supplier: delivery.supplier,
    period_start: delivery.periodStart,
    period_end: delivery.periodEnd,
    product: delivery.product ?? null,
    quantity_bbl: delivery.barrels ?? null,
    quantity_t: delivery.tonnes ?? null,
    kind: delivery.kind,
    record_type: delivery.recordType,
    source: delivery.source,
    source_date: delivery.sourceDate ?? null,
    note: delivery.note ?? null,
  };
}

function fromRow(row: Selectable<CapDeliveriesTable>): Delivery {
  return {
    id: row.id,
    ...(row.source_key === null ? {} : { sourceKey: row.source_key }),
    measure: row.measure,
    supplier: row.supplier,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    ...(row.product === null ? {} : { product: row.product }),
    ...(row.quantity_bbl === null ? {} : { barrels: row.quantity_bbl }),
    ...(row.quantity_t === null ? {} : { tonnes: row.quantity_t }),
    kind: row.kind,
    recordType: row.record_type as RecordType,
    source: row.source,
    ...(row.source_date === null ? {} : { sourceDate: row.source_date }),
    ...(row.note === null ? {} : { note: row.note }),
  };
}
