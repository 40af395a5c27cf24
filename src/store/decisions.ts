/**
 * @module store/decisions
 * Analysts' decisions on screening alerts in the database. A decision is appended with the list
 * entry's content hash as it is now, and never updated: the latest one on a party and entry is in
 * force, the earlier ones stay as the record. (See `src/decisions`.)
 */
import { randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import { partyKey, type Decision, type DecisionInput } from "../decisions/model.js";
import type { DecisionStore } from "../decisions/record.js";
import type { ListSnapshot } from "../model/designation.js";
import type { Database, ScreeningDecisionsTable } from "./schema.js";

/** Decisions in the database. */
export class DecisionRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Records a decision on an entry whose content hash is `entryHash`. */
  async add(
    input: DecisionInput,
    entryHash: string,
    decidedBy: string,
    decidedAt: string = new Date().toISOString(),
  ): Promise<Decision> {
    const decision: Decision = {
      id: `dec-${randomUUID()}`,
      partyKey: partyKey(input.party),
      party: input.party,
      list: input.list,
      entry: input.entry,
      entryHash,
      decision: input.decision,
      note: input.note,
      decidedBy,
      decidedAt,
    };
    await this.#db
      .insertInto("screening_decisions")
      .values({
        id: decision.id,
        party_key: decision.partyKey,
        party: decision.party,
        list: decision.list,
        entry: decision.entry,
        entry_hash: decision.entryHash,
        decision: decision.decision,
        note: decision.note,
        decided_by: decision.decidedBy,
        decided_at: decision.decidedAt,
      })
      .execute();
    return decision;
  }

  /** The decisions of these ids that are stored, by id (a thousand ids a query). */
  async byIds(ids: Iterable<string>): Promise<Map<string, Decision>> {
    const all = [...new Set(ids)];
    const found = new Map<string, Decision>();
    for (let index = 0; index < all.length; index += 1000) {
      const rows = await this.#db
        .selectFrom("screening_decisions")
        .selectAll()
        .where("id", "in", all.slice(index, index + 1000))
        .execute();
      for (const row of rows) found.set(row.id, decisionOf(row));
    }
    return found;
  }

  /** Every decision, oldest first; only those on a party (by its normalised name) when given. */
  async list(options: { party?: string } = {}): Promise<Decision[]> {
    let query = this.#db.selectFrom("screening_decisions").selectAll();
    if (options.party !== undefined) query = query.where("party_key", "=", partyKey(options.party));
    const rows = await query.orderBy("decided_at").orderBy("id").execute();
    return rows.map(decisionOf);
  }

  /** The newest `limit` decisions (all when absent), newest first: the audit log lists them. */
  async newest(options: { limit?: number } = {}): Promise<Decision[]> {
    let query = this.#db
      .selectFrom("screening_decisions")
      .selectAll()
      .orderBy("decided_at", "desc")
      .orderBy("id");
    if (options.limit !== undefined) query = query.limit(options.limit);
    return (await query.execute()).map(decisionOf);
  }

  /** How many decisions are stored. */
  async count(): Promise<number> {
    const row = await this.#db
      .selectFrom("screening_decisions")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** How many decisions are stored, and the latest time: a cheap fingerprint for reloading. */
  async fingerprint(): Promise<string> {
    const row = await this.#db
      .selectFrom("screening_decisions")
      .select((eb) => [eb.fn.countAll<string>().as("count"), eb.fn.max("decided_at").as("latest")])
      .executeTakeFirst();
    return `${row?.count ?? 0}:${row?.latest ?? ""}`;
  }
}

function decisionOf(row: Selectable<ScreeningDecisionsTable>): Decision {
  return {
    id: row.id,
    partyKey: row.party_key,
    party: row.party,
    list: row.list,
    entry: row.entry,
    entryHash: row.entry_hash,
    decision: row.decision,
    note: row.note,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
  };
}

/** The recording store of `src/decisions` over this database: entries from the active snapshots. */
export function decisionStoreOf(store: {
  readonly snapshots: { active(list: string): Promise<ListSnapshot | undefined> };
  readonly decisions: DecisionRepository;
}): DecisionStore {
  return {
    activeEntry: async (list, ref) =>
      (await store.snapshots.active(list))?.designations.find((entry) => entry.ref === ref),
    add: (input, hash, by) => store.decisions.add(input, hash, by),
  };
}
