/**
 * @module store/audit
 * The audit log: every recorded check with its activity, verdict, regime version, list snapshot, source
 * (`cli`, `api`...), batch and time, plus the answers the ledger and exemption records gave. A batch is
 * written in one transaction: the batch row, its checks, and the final count commit together, so a
 * process killed mid-batch leaves nothing of it (the database rolls the open transaction back).
 * (`check --record` writes its batch in parts instead, each printed once committed: `./recorder.ts`.)
 */
import { randomUUID } from "node:crypto";
import { sql, type ControlledTransaction, type Insertable, type Kysely, type Selectable } from "kysely";
import type { Activity } from "../model/activity.js";
import type { Verdict } from "../model/verdict.js";
import type { RecordedAnswers } from "./answers.js";
import { serializeBatch } from "./audit-format.js";
import { StoreError } from "./errors.js";
import { dataRefusalOf } from "./refusal.js";
import type { AuditChecksTable, Database } from "./schema.js";

/** What was in the context of a batch: which stores answered, which nomenclatures were loaded. */
export interface BatchContext {
  readonly ledger: boolean;
  readonly exemptions: boolean;
  readonly nomenclatures: readonly string[];
}

export interface BatchInfo {
  /** A new id is made when absent. */
  readonly id?: string;
  readonly source: string;
  readonly regimeVersion: string;
  readonly listSnapshot: string | null;
  readonly context: BatchContext;
  readonly startedAt?: string;
}

/** One check to record. */
export interface CheckToRecord {
  readonly activity: Activity;
  readonly verdict: Verdict;
  readonly answers: RecordedAnswers;
  readonly checkedAt?: string;
}

/** Which recorded checks: every condition given must hold. */
export interface CheckFilter {
  readonly batchId?: string;
  /** The activity's own `id`, as the client sent it. */
  readonly activityId?: string;
  /** The API request that made the check (its `X-Request-Id`). */
  readonly requestId?: string;
  /** These recorded checks only (their `id`s). */
  readonly ids?: readonly number[];
}

/** A recorded check as read back. */
export interface RecordedCheck {
  readonly id: number;
  readonly batchId: string;
  readonly seq: number;
  readonly activity: Record<string, unknown>;
  readonly verdict: string;
  readonly result: Record<string, unknown>;
  readonly answers: RecordedAnswers;
  readonly regimeVersion: string;
  readonly listSnapshot: string | null;
  readonly source: string;
  readonly checkedAt: string;
}

export interface RecordedBatch {
  readonly id: string;
  readonly source: string;
  readonly regimeVersion: string;
  readonly listSnapshot: string | null;
  readonly context: BatchContext;
  readonly checks: number;
  readonly startedAt: string;
  readonly recordedAt: string;
  /** False when the run writing it in parts (`check --record`) stopped before its end. */
  readonly complete: boolean;
}

/** A batch being written; nothing of it is visible until {@link BatchWriter.commit}. */
export interface BatchWriter {
  readonly id: string;
  add(checks: readonly CheckToRecord[]): Promise<void>;
  /** Commits the batch; returns the number of checks recorded. */
  commit(): Promise<number>;
  rollback(): Promise<void>;
}

/** The audit log in the database. */
export class AuditLog {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /**
   * Opens a batch in its own transaction. With PGlite (one connection) nothing else may use the
   * database until the batch commits or rolls back: load what the checks need first.
   * The regime version must be stored (`RegimeVersionRepository.save`) before.
   */
  async begin(info: BatchInfo): Promise<BatchWriter> {
    const id = info.id ?? randomUUID();
    const trx = await this.#db.startTransaction().execute();
    try {
      await trx
        .insertInto("audit_batches")
        .values({
          id,
          source: info.source,
          regime_version: info.regimeVersion,
          list_snapshot: info.listSnapshot,
          context: JSON.stringify(info.context),
          checks: 0,
          started_at: info.startedAt ?? new Date().toISOString(),
        })
        .execute();
    } catch (error) {
      await trx
        .rollback()
        .execute()
        .catch(() => undefined);
      throw new StoreError("invalid_record", `cannot open audit batch ${id}: ${messageOf(error)}`, {
        cause: error,
      });
    }
    return new Writer(trx, id, info);
  }

  /** Records a whole batch at once (one transaction); returns its id. */
  async record(info: BatchInfo, checks: readonly CheckToRecord[]): Promise<string> {
    const writer = await this.begin(info);
    try {
      await writer.add(checks);
      await writer.commit();
    } catch (error) {
      await writer.rollback().catch(() => undefined);
      throw error;
    }
    return writer.id;
  }

  /**
   * Records several whole batches at once (group commit). Returns the batch ids, in order.
   * See {@link AuditLog.recordSerialized}, which this calls.
   */
  async recordMany(
    batches: readonly { info: BatchInfo; checks: readonly CheckToRecord[] }[],
  ): Promise<string[]> {
    const ids = batches.map((batch) => batch.info.id ?? randomUUID());
    await this.recordSerialized(
      batches.map(({ info, checks }, index) =>
        serializeBatch({ ...info, id: ids[index] ?? randomUUID() }, checks),
      ),
    );
    return ids;
  }

  /**
   * Records whole batches given as JSON text ({@link serializeBatch}), in one statement: one round
   * trip and one implicit transaction. The database unpacks the documents (`jsonb_array_elements`);
   * the batches go in by a data-modifying CTE whose rows the checks' foreign keys see at the
   * statement's end. The text is what the API's journal keeps on disk, so a group of journaled
   * requests is stored without being parsed and serialised again. A batch whose id is already stored
   * is skipped, so that a group can be written again after a crash (the journal does, at start).
   * @throws {StoreError} `invalid_record` when the database refuses the batches' data (SQLSTATE in the
   * error's `cause`), `database_unavailable` when the statement failed for another reason
   */
  async recordSerialized(batches: readonly string[]): Promise<void> {
    if (batches.length === 0) return;
    try {
      await sql`
        with doc as (
          select value as batch from jsonb_array_elements(${`[${batches.join(",")}]`}::jsonb)
        ),
        batches as (
          insert into audit_batches (id, source, regime_version, list_snapshot, context, checks, started_at)
          select batch->'info'->>'id', batch->'info'->>'source', batch->'info'->>'regimeVersion',
            batch->'info'->>'listSnapshot', batch->'info'->'context', jsonb_array_length(batch->'checks'),
            coalesce((batch->'info'->>'startedAt')::timestamptz, now())
          from doc
          on conflict (id) do nothing
        )
        insert into audit_checks (batch_id, seq, activity_id, activity, verdict, result, answers,
          regime_version, list_snapshot, source, checked_at)
        select doc.batch->'info'->>'id', item.seq::integer, item.value->'activity'->>'id',
          item.value->'activity', item.value->'verdict'->>'verdict', item.value->'verdict',
          coalesce(item.value->'answers', '{}'::jsonb), item.value->'verdict'->>'regimeVersion',
          item.value->'verdict'->>'listSnapshot', doc.batch->'info'->>'source',
          coalesce((item.value->>'checkedAt')::timestamptz, now())
        from doc, jsonb_array_elements(doc.batch->'checks') with ordinality as item(value, seq)
        on conflict (batch_id, seq) do nothing
      `.execute(this.#db);
    } catch (error) {
      // The journal sets aside a batch the database refuses for its data (`invalid_record`), and
      // retries later what failed for any other reason (`database_unavailable`).
      throw new StoreError(
        dataRefusalOf(error) ? "invalid_record" : "database_unavailable",
        `cannot record ${batches.length} audit batches: ${messageOf(error)}`,
        { cause: error },
      );
    }
  }

  /** Recorded batches, newest first; the newest `limit` only, when given. */
  async batches(options: { limit?: number } = {}): Promise<RecordedBatch[]> {
    let query = this.#db.selectFrom("audit_batches").selectAll().orderBy("recorded_at", "desc").orderBy("id");
    if (options.limit !== undefined) query = query.limit(options.limit);
    return (await query.execute()).map(batchFromRow);
  }

  /** How many batches are recorded. */
  async batchCount(): Promise<number> {
    return (
      await this.#db
        .selectFrom("audit_batches")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n;
  }

  /** One batch, if recorded. */
  async batch(id: string): Promise<RecordedBatch | undefined> {
    const row = await this.#db
      .selectFrom("audit_batches")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row ? batchFromRow(row) : undefined;
  }

  /**
   * The contexts of these batches, by id: what a replay needs of each, read a thousand at a time,
   * since the API records a batch per request.
   */
  async batchContexts(ids: Iterable<string>): Promise<Map<string, BatchContext>> {
    const all = [...new Set(ids)];
    const contexts = new Map<string, BatchContext>();
    for (let index = 0; index < all.length; index += 1000) {
      const rows = await this.#db
        .selectFrom("audit_batches")
        .select(["id", "context"])
        .where("id", "in", all.slice(index, index + 1000))
        .execute();
      for (const row of rows) contexts.set(row.id, row.context as unknown as BatchContext);
    }
    return contexts;
  }

  /** Recorded checks (those `filter` selects, or all), in recording order, a page at a time. */
  async *checks(filter: CheckFilter & { pageSize?: number } = {}): AsyncGenerator<RecordedCheck> {
    let after = 0;
    const size = filter.pageSize ?? 500;
    for (;;) {
      const query = this.#filtered(filter).selectAll().where("id", ">", after);
      const rows = await query.orderBy("id").limit(size).execute();
      for (const row of rows) yield fromRow(row);
      const last = rows.at(-1);
      if (!last || rows.length < size) return;
      after = last.id;
    }
  }

  /** The newest `limit` checks `filter` selects, newest first: what an auditor looks up. */
  async find(filter: CheckFilter, limit: number): Promise<RecordedCheck[]> {
    const rows = await this.#filtered(filter).selectAll().orderBy("id", "desc").limit(limit).execute();
    return rows.map(fromRow);
  }

  #filtered(filter: CheckFilter) {
    let query = this.#db.selectFrom("audit_checks");
    if (filter.batchId !== undefined) query = query.where("batch_id", "=", filter.batchId);
    if (filter.activityId !== undefined) query = query.where("activity_id", "=", filter.activityId);
    if (filter.ids !== undefined)
      query =
        filter.ids.length > 0 ? query.where("id", "in", [...filter.ids]) : query.where(sql<boolean>`false`);
    if (filter.requestId !== undefined)
      // The API's source is `api <key id> <request id>`; LIKE's wildcards in the id are taken literally.
      query = query.where(
        "source",
        "like",
        `api % ${filter.requestId.replace(/[\\%_]/g, (char) => `\\${char}`)}`,
      );
    return query;
  }

  /** How many checks are recorded (in one batch, or in all). */
  async count(batchId?: string): Promise<number> {
    let query = this.#db.selectFrom("audit_checks").select((eb) => eb.fn.countAll<number>().as("n"));
    if (batchId !== undefined) query = query.where("batch_id", "=", batchId);
    return (await query.executeTakeFirstOrThrow()).n;
  }
}

class Writer implements BatchWriter {
  readonly id: string;
  readonly #trx: ControlledTransaction<Database>;
  readonly #info: BatchInfo;
  #seq = 0;
  #done = false;

  constructor(trx: ControlledTransaction<Database>, id: string, info: BatchInfo) {
    this.#trx = trx;
    this.id = id;
    this.#info = info;
  }

  async add(checks: readonly CheckToRecord[]): Promise<void> {
    if (this.#done) throw new StoreError("invalid_record", `audit batch ${this.id} is closed`);
    const now = new Date().toISOString();
    // Chunks keep each statement under PostgreSQL's 65,535 bound parameters (12 per row).
    for (let i = 0; i < checks.length; i += 2000) {
      const rows = checks
        .slice(i, i + 2000)
        .map((check) => checkRow(this.id, ++this.#seq, this.#info.source, check, now));
      await this.#trx.insertInto("audit_checks").values(rows).execute();
    }
  }

  async commit(): Promise<number> {
    if (this.#done) throw new StoreError("invalid_record", `audit batch ${this.id} is closed`);
    this.#done = true;
    await this.#trx
      .updateTable("audit_batches")
      .set({ checks: this.#seq })
      .where("id", "=", this.id)
      .execute();
    await this.#trx.commit().execute();
    return this.#seq;
  }

  async rollback(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    await this.#trx.rollback().execute();
  }
}

/** The `audit_checks` row of a check: number `seq` of batch `batchId`. */
export function checkRow(
  batchId: string,
  seq: number,
  source: string,
  check: CheckToRecord,
  now: string,
): Insertable<AuditChecksTable> {
  return {
    batch_id: batchId,
    seq,
    activity_id: check.activity.id,
    activity: JSON.stringify(check.activity),
    verdict: check.verdict.verdict,
    result: JSON.stringify(check.verdict),
    answers: JSON.stringify(check.answers),
    regime_version: check.verdict.regimeVersion,
    list_snapshot: check.verdict.listSnapshot,
    source,
    checked_at: check.checkedAt ?? now,
  };
}

function batchFromRow(row: Selectable<Database["audit_batches"]>): RecordedBatch {
  return {
    id: row.id,
    source: row.source,
    regimeVersion: row.regime_version,
    listSnapshot: row.list_snapshot,
    context: row.context as unknown as BatchContext,
    checks: row.checks,
    startedAt: row.started_at,
    recordedAt: row.recorded_at,
    complete: row.complete,
  };
}

function fromRow(row: Selectable<AuditChecksTable>): RecordedCheck {
  return {
    id: row.id,
    batchId: row.batch_id,
    seq: row.seq,
    activity: row.activity,
    verdict: row.verdict,
    result: row.result,
    answers: row.answers,
    regimeVersion: row.regime_version,
    listSnapshot: row.list_snapshot,
    source: row.source,
    checkedAt: row.checked_at,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
