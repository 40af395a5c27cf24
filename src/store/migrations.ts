/**
 * @module store/migrations
 * The schema as a list of plain TypeScript migrations, applied in order. {@link migrate} takes a
 * session-level `pg_advisory_lock` on one connection before it reads what is applied, so that two
 * instances starting together on one PostgreSQL cannot both apply the same migration: the second waits,
 * then finds nothing left to do. Each migration runs in its own transaction with its bookkeeping row,
 * so a failed one leaves nothing of itself behind.
 */
import { sql, type Kysely, type Selectable } from "kysely";
import { contentKeyOfRow } from "./deliveries.js";
import { StoreError } from "./errors.js";
import type { CapDeliveriesTable, Database } from "./schema.js";

/** One schema change. Names sort in the order they apply; never edit one that has shipped. */
export interface Migration {
  readonly name: string;
  up(db: Kysely<Database>): Promise<void>;
}

/** An arbitrary constant that names this engine's migration lock among the database's advisory locks. */
const MIGRATION_LOCK = 717_181_718;

export const migrations: readonly Migration[] = [
  {
    name: "0001-initial",
    async up(db) {
      await sql`
        create table regime_versions (
          version text primary key,
          files jsonb not null,
          stored_at timestamptz not null default now()
        )`.execute(db);
      await sql`
        create table list_snapshots (
          id text primary key check (id ~ '^[0-9a-f]{64}$'),
          list text not null,
          source text not null,
          generated_on text,
          imported_at text not null,
          counts jsonb not null,
          designations jsonb not null
        )`.execute(db);
      await sql`
        create table active_lists (
          list text primary key,
          snapshot_id text not null references list_snapshots (id)
        )`.execute(db);
      await sql`
        create table audit_batches (
          id text primary key,
          source text not null,
          regime_version text not null references regime_versions (version),
          list_snapshot text,
          context jsonb not null,
          checks integer not null,
          started_at timestamptz not null,
          recorded_at timestamptz not null default now()
        )`.execute(db);
      await sql`
        create table audit_checks (
          id bigserial primary key,
          batch_id text not null references audit_batches (id),
          seq integer not null,
          activity_id text not null,
          activity jsonb not null,
          verdict text not null check (verdict in ('prohibited', 'permitted', 'conditional', 'review')),
          result jsonb not null,
          answers jsonb not null,
          regime_version text not null references regime_versions (version),
          list_snapshot text,
          source text not null,
          checked_at timestamptz not null,
          unique (batch_id, seq)
        )`.execute(db);
      await sql`create index audit_checks_activity on audit_checks (activity_id)`.execute(db);
      await sql`
        create table cap_deliveries (
          id bigserial primary key,
          source_key text unique,
          measure text not null,
          supplier text not null,
          period_start date not null,
          period_end date not null check (period_end >= period_start),
          product text,
          quantity_bbl numeric check (quantity_bbl >= 0),
          quantity_t numeric check (quantity_t >= 0),
          kind text not null check (kind in ('notification', 'estimate')),
          record_type text not null,
          source text not null,
          source_date text,
          note text,
          created_at timestamptz not null default now(),
          check (quantity_bbl is not null or quantity_t is not null)
        )`.execute(db);
      await sql`create index cap_deliveries_period on cap_deliveries (measure, period_start)`.execute(db);
      await sql`
        create table exemptions (
          reference text primary key,
          kind text not null check (kind in ('committee', 'carve-out')),
          approved date not null,
          valid_until date,
          record jsonb not null,
          created_at timestamptz not null default now()
        )`.execute(db);
    },
  },
  {
    name: "0002-api-keys",
    async up(db) {
      // The secret is never stored: only its SHA-256, which is what a request's key is hashed to and
      // looked up by. A revoked key keeps its row, so that audit records naming its id stay explained.
      await sql`
        create table api_keys (
          id text primary key,
          hash text not null unique check (hash ~ '^[0-9a-f]{64}$'),
          role text not null check (role in ('reader', 'analyst', 'admin')),
          label text,
          created_at timestamptz not null default now(),
          revoked_at timestamptz
        )`.execute(db);
    },
  },
  {
    name: "0003-delivery-keys-and-voids",
    async up(db) {
      // Every delivery gets a key, unique: a record sent again is found by it, not stored twice. Rows
      // of a file keep theirs (`file#row`); the others get the key of their content, as a record sent
      // now would. Of rows stored twice before keys existed, the first gets that key and the others
      // `key#id`: they go on counting, since nothing tells a record sent twice from two shipments;
      // void the one that was sent twice.
      await sql`alter table cap_deliveries rename column source_key to key`.execute(db);
      const taken = new Set(
        (
          await sql<{ key: string }>`select key from cap_deliveries where key is not null`.execute(db)
        ).rows.map((row) => row.key),
      );
      const unkeyed = await sql<Selectable<CapDeliveriesTable>>`
        select * from cap_deliveries where key is null order by id`.execute(db);
      for (const row of unkeyed.rows) {
        const content = contentKeyOfRow(row);
        const key = taken.has(content) ? `${content}#${String(row.id)}` : content;
        taken.add(key);
        await sql`update cap_deliveries set key = ${key} where id = ${row.id}`.execute(db);
      }
      await sql`alter table cap_deliveries alter column key set not null`.execute(db);
      // A record is voided in place, never deleted: who, when and why, all three or none.
      await sql`
        alter table cap_deliveries
          add column voided_at timestamptz,
          add column voided_by text,
          add column void_reason text,
          add constraint cap_deliveries_void_whole check (
            (voided_at is null) = (voided_by is null) and (voided_at is null) = (void_reason is null)
          )`.execute(db);
    },
  },
  {
    name: "0004-audit-batch-complete",
    async up(db) {
      // `check --record` commits a batch's row first and its checks in parts, so that what it prints
      // is recorded however the run ends; `complete` turns true with the last part. Every batch written
      // before (and every one written whole, as the API's are) is complete.
      await sql`alter table audit_batches add column complete boolean not null default true`.execute(db);
    },
  },
  {
    name: "0005-official-texts",
    async up(db) {
      // The official texts of the resolutions, versioned like list snapshots: a version is one file,
      // keyed by the SHA-256 of its bytes; `active_texts` points each symbol at its active version.
      // The XML is kept beside the text as read, so that a newer reader can read it again.
      await sql`
        create table official_texts (
          id text primary key check (id ~ '^[0-9a-f]{64}$'),
          symbol text not null,
          adopted text,
          title text,
          source text not null,
          imported_at text not null,
          paragraphs integer not null,
          annexes integer not null,
          reader integer not null,
          xml text not null,
          parsed jsonb not null
        )`.execute(db);
      await sql`create index official_texts_symbol on official_texts (symbol, imported_at)`.execute(db);
      await sql`
        create table active_texts (
          symbol text primary key,
          text_id text not null references official_texts (id)
        )`.execute(db);
    },
  },
  {
    name: "0007-screening-decisions",
    async up(db) {
      // Appended, never updated: the latest decision on a party and entry wins, and every earlier one
      // stays as the record of who decided what, when and why.
      await sql`
        create table screening_decisions (
          id text primary key,
          party_key text not null,
          party text not null,
          list text not null,
          entry text not null,
          entry_hash text not null check (entry_hash ~ '^[0-9a-f]{64}$'),
          decision text not null check (decision in ('false_positive', 'true_match')),
          note text not null,
          decided_by text not null,
          decided_at text not null
        )`.execute(db);
      await sql`create index screening_decisions_key on screening_decisions (party_key, list, entry)`.execute(
        db,
      );
    },
  },
  {
    name: "0008-screening-decisions-append-only",
    async up(db) {
      // A decision is evidence a replay rests on (a recorded check names the decisions it applied): the
      // database refuses to change or remove one, whoever asks, so the record cannot be rewritten.
      await sql`
        create function screening_decisions_append_only() returns trigger language plpgsql as $$
        begin
          raise exception 'screening decisions are append-only: record a new decision instead';
        end
        $$`.execute(db);
      await sql`
        create trigger screening_decisions_append_only
        before update or delete on screening_decisions
        for each row execute function screening_decisions_append_only()`.execute(db);
    },
  },
];

/** What {@link migrate} did. */
export interface MigrationReport {
  readonly applied: readonly string[];
  readonly alreadyApplied: readonly string[];
}

/**
 * Applies the pending migrations under the advisory lock.
 * @throws {StoreError} `migration_failed` (with the migration's name), `schema_too_new`
 */
export async function migrate(
  db: Kysely<Database>,
  list: readonly Migration[] = migrations,
): Promise<MigrationReport> {
  // One connection for the whole run: a session-level advisory lock belongs to the connection that
  // took it. (PGlite's pool has a single connection, so nothing else may ask for one meanwhile.)
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
    try {
      await sql`
        create table if not exists schema_migrations (
          name text primary key,
          applied_at timestamptz not null default now()
        )`.execute(conn);
      const done = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(
        conn,
      );
      const known = new Set(list.map((migration) => migration.name));
      const unknown = done.rows.map((row) => row.name).filter((name) => !known.has(name));
      if (unknown.length > 0) {
        throw new StoreError(
          "schema_too_new",
          `the database has migrations this engine does not know (${unknown.join(", ")}): upgrade the engine`,
        );
      }
      const appliedBefore = new Set(done.rows.map((row) => row.name));
      const applied: string[] = [];
      for (const migration of list) {
        if (appliedBefore.has(migration.name)) continue;
        try {
          await conn.transaction().execute(async (trx) => {
            await migration.up(trx);
            await sql`insert into schema_migrations (name) values (${migration.name})`.execute(trx);
          });
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new StoreError("migration_failed", `migration ${migration.name} failed: ${reason}`, {
            cause: error,
          });
        }
        applied.push(migration.name);
      }
      return { applied, alreadyApplied: [...appliedBefore] };
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
    }
  });
}
