/**
 * @module store/deliveries
 * The cap ledger's delivery records in the database. Every record has a key (`src/caps/key.ts`), and
 * the table's unique index on it decides, under any number of concurrent writers, whether a record is
 * new: a record sent again is `unchanged`, never a second row, and one sent under a stored key with
 * other content is a `conflict` (nothing of its batch is stored). A write is one transaction.
 *
 * A record is never deleted: a wrong one is voided, in place, with who voided it, when and why. Voided
 * records are left out of {@link DeliveryRepository.list} unless asked for, so that no ledger counts
 * them; the totals leave them out too (`src/caps/totals.ts`), for listings that include them.
 */
import type { Kysely, Selectable } from "kysely";
import { sql } from "kysely";
import {
  contentKey,
  deliveryProblem,
  deliveryProblemMessage,
  keyOf,
  sameContent,
  textProblem,
  type Delivery,
  type RecordType,
} from "../caps/index.js";
import { MAX_NAME_LENGTH, MAX_TEXT_LENGTH } from "../model/limits.js";
import { StoreError } from "./errors.js";
import type { CapDeliveriesTable, Database } from "./schema.js";

/** What became of one record sent: stored now, or stored already under its key. */
export type DeliveryStatus = "added" | "unchanged";

/** One record sent, as it is stored (with its id, key, and its void when it was voided). */
export interface DeliveryOutcome {
  readonly status: DeliveryStatus;
  readonly delivery: Delivery;
}

/** What a write did. */
export interface DeliveryImport {
  readonly added: number;
  /** Records whose key was already stored with the same content (or sent twice in this write). */
  readonly unchanged: number;
  /** Each record sent, in the order sent. */
  readonly outcomes: readonly DeliveryOutcome[];
}

/** What voiding did: `unchanged` when the record was voided already (the first void is kept). */
export interface VoidOutcome {
  readonly status: "voided" | "unchanged";
  readonly delivery: Delivery;
}

/** A record with the key it is stored under. */
type Keyed = Delivery & { readonly key: string };

/** Rows per statement: 13 parameters each keeps a statement under PostgreSQL's 65,535. */
const CHUNK = 1000;

/** Delivery records in the database. */
export class DeliveryRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /**
   * Stores records in one transaction: each is `added`, or `unchanged` when its key is stored with the
   * same content. Records without a key get the key of their content.
   * @throws {StoreError} `invalid_record` (naming the record and field), `conflict` (a key stored, or
   *   sent twice, with other content; nothing of the batch is stored)
   */
  async add(deliveries: readonly Delivery[]): Promise<DeliveryImport> {
    const keyed = deliveries.map((delivery, index): Keyed => {
      const problem = deliveryProblem(delivery);
      if (problem)
        throw new StoreError("invalid_record", `delivery ${index + 1}, ${deliveryProblemMessage(problem)}`);
      return { ...delivery, key: keyOf(delivery) };
    });
    if (keyed.length === 0) return { added: 0, unchanged: 0, outcomes: [] };
    // The first record of each key is written; a later one is the same record sent twice, or an error.
    const first = new Map<string, { index: number; delivery: Keyed }>();
    for (const [index, delivery] of keyed.entries()) {
      const earlier = first.get(delivery.key);
      if (!earlier) first.set(delivery.key, { index, delivery });
      else if (!sameContent(earlier.delivery, delivery))
        throw new StoreError(
          "conflict",
          `deliveries ${earlier.index + 1} and ${index + 1} have the same key ${delivery.key} and other content`,
        );
    }
    // In key order, so that two writers of overlapping batches lock the keys in one order (no deadlock).
    const unique = [...first.values()]
      .map((entry) => entry.delivery)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return this.#db.transaction().execute(async (trx) => {
      const stored = new Map<string, DeliveryOutcome>();
      for (let i = 0; i < unique.length; i += CHUNK) {
        const chunk = unique.slice(i, i + CHUNK);
        // The unique index is the arbiter: a key another writer is storing waits for its commit.
        const inserted = await trx
          .insertInto("cap_deliveries")
          .values(chunk.map(toRow))
          .onConflict((oc) => oc.column("key").doNothing())
          .returningAll()
          .execute();
        for (const row of inserted) stored.set(row.key, { status: "added", delivery: fromRow(row) });
        const existing = chunk.filter((delivery) => !stored.has(delivery.key));
        if (existing.length === 0) continue;
        const rows = await trx
          .selectFrom("cap_deliveries")
          .selectAll()
          .where(
            "key",
            "in",
            existing.map((delivery) => delivery.key),
          )
          .execute();
        const byKey = new Map(rows.map((row) => [row.key, fromRow(row)]));
        for (const delivery of existing) {
          const found = byKey.get(delivery.key);
          if (!found) throw new StoreError("conflict", `delivery key ${delivery.key} could not be stored`);
          if (!sameContent(found, delivery))
            throw new StoreError(
              "conflict",
              `delivery key ${delivery.key} is stored with other content (delivery ${String(found.id)}): give this one another key, or void that one and send this one under a new key`,
            );
          stored.set(delivery.key, { status: "unchanged", delivery: found });
        }
      }
      const outcomes = keyed.map((delivery, index): DeliveryOutcome => {
        const outcome = stored.get(delivery.key);
        if (!outcome) throw new StoreError("conflict", `delivery key ${delivery.key} was not stored`);
        return first.get(delivery.key)?.index === index ? outcome : { ...outcome, status: "unchanged" };
      });
      const added = outcomes.filter((outcome) => outcome.status === "added").length;
      return { added, unchanged: outcomes.length - added, outcomes };
    });
  }

  /**
   * Voids a record: it stays stored with who voided it, when and why, and is counted no more. Voiding
   * it again is `unchanged` and keeps the first void.
   * @throws {StoreError} `not_found` (no record with that id), `invalid_record` (no reason, too long)
   */
  async void(id: number, by: string, reason: string): Promise<VoidOutcome> {
    if (!Number.isSafeInteger(id) || id < 1) throw new StoreError("not_found", `no delivery ${String(id)}`);
    const problem =
      textProblem("reason", reason, MAX_TEXT_LENGTH, { required: true }) ??
      textProblem("by", by, MAX_NAME_LENGTH, { required: true });
    if (problem)
      throw new StoreError("invalid_record", `void of delivery ${id}, ${deliveryProblemMessage(problem)}`);
    // One statement: of two voids at once, one sets the columns and the other finds them set.
    const voided = await this.#db
      .updateTable("cap_deliveries")
      .set({ voided_at: sql<string>`now()`, voided_by: by.trim(), void_reason: reason.trim() })
      .where("id", "=", id)
      .where("voided_at", "is", null)
      .returningAll()
      .executeTakeFirst();
    if (voided) return { status: "voided", delivery: fromRow(voided) };
    const row = await this.#db
      .selectFrom("cap_deliveries")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) throw new StoreError("not_found", `no delivery ${id}`);
    return { status: "unchanged", delivery: fromRow(row) };
  }

  /**
   * Records of a measure (all measures when absent), in period order; voided records only when
   * `includeVoided` (a listing, a status that shows them as left out), never for a ledger.
   */
  async list(measure?: string, options: { includeVoided?: boolean } = {}): Promise<Delivery[]> {
    let query = this.#db.selectFrom("cap_deliveries").selectAll();
    if (measure !== undefined) query = query.where("measure", "=", measure);
    if (options.includeVoided !== true) query = query.where("voided_at", "is", null);
    const rows = await query.orderBy("period_start").orderBy("id").execute();
    return rows.map(fromRow);
  }

  /** One record by id, voided or not. */
  async get(id: number): Promise<Delivery | undefined> {
    if (!Number.isSafeInteger(id) || id < 1) return undefined;
    const row = await this.#db
      .selectFrom("cap_deliveries")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  /** How many records are stored, voided ones included (cheap: lets callers skip loading an empty ledger). */
  async count(): Promise<number> {
    const row = await this.#db
      .selectFrom("cap_deliveries")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return row.n;
  }
}

/** The content key of a stored row (the migration that gave keys to rows stored without one uses it). */
export function contentKeyOfRow(row: Selectable<CapDeliveriesTable>): string {
  return contentKey(fromRow(row));
}

function toRow(delivery: Keyed) {
  return {
    key: delivery.key,
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
    key: row.key,
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
    ...(row.voided_at === null
      ? {}
      : { voided: { at: row.voided_at, by: row.voided_by ?? "", reason: row.void_reason ?? "" } }),
  };
}
