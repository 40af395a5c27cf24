/**
 * @module api/stored
 * The API over the engine's database (`src/store`): the evaluation context read from it, the audit
 * sink that records every check in it, and the start-up step that stores the regime version. This is
 * what makes instances stateless: two instances on one PostgreSQL read the same active lists, ledger
 * and exemption records, and each sees the other's writes at its next refresh.
 *
 * Loaded by `sanctions serve` only (dynamically): the database modules take most of a second to import.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { indexDecisions, screenerWithDecisions } from "../decisions/index.js";
import { loadNomenclatures } from "../goods/index.js";
import type { CompiledRegime } from "../model/regime.js";
import { createScreener } from "../screening/index.js";
import { contextFingerprint, type LoadedContext } from "../service/context.js";
import {
  auditEntries,
  loadStoredContext,
  lookUpChecks,
  moveFileSnapshots,
  readRegimeFiles,
  StoreError,
  versionOfFiles,
  type Store,
} from "../store/index.js";
import {
  AuditUnavailableError,
  auditBatchOf,
  type AuditContext,
  type AuditRecord,
  type AuditSink,
} from "./audit.js";
import { reloadingContext, type ContextSource, type DataDirContextOptions } from "./context.js";
import type { AuditReader, DatabaseHealth, DatabaseProbe } from "./deps.js";

/** Options of {@link storedContext}. */
export interface StoredContextOptions extends DataDirContextOptions {
  readonly regime: CompiledRegime;
  /** The regime package directory (`caps.yaml` is read from it). */
  readonly regimeDir: string;
  /**
   * The data directory: nomenclatures, and lists it may still hold as files from before they lived in
   * the database (moved into it at the first load).
   */
  readonly dataDir: string;
}

/**
 * A fingerprint of what the context holds from the database: the active-list pointers, the number and
 * last id of cap deliveries (they are only ever added) with the number voided (a void is in place), and
 * a hash of the exemption records (a record may be replaced in place). One small query: it is what each instance asks at each refresh, so that a
 * write by any instance or by the CLI is seen without a notification channel or a schema change.
 */
export async function storeFingerprint(store: Store): Promise<string> {
  const result = await sql<{ lists: string; deliveries: string; exemptions: string }>`
    select
      (select coalesce(string_agg(list || '=' || snapshot_id, ',' order by list), '') from active_lists) as lists,
      (select count(*)::text || ':' || coalesce(max(id), 0)::text || ':' || count(voided_at)::text
         from cap_deliveries) as deliveries,
      (select coalesce(md5(string_agg(reference || ' ' || record::text, ',' order by reference)), '')
         from exemptions) as exemptions`.execute(store.database.db);
  const row = result.rows[0];
  const decisions = await store.decisions.fingerprint();
  return row
    ? `lists ${row.lists}\ndeliveries ${row.deliveries}\nexemptions ${row.exemptions}\ndecisions ${decisions}`
    : "";
}

/**
 * Loads the context: the database's active lists (the same as `sanctions check` and `sanctions screen`
 * use: there is one list store), the data directory's nomenclatures, and the cap ledger and exemption
 * records from the database. Lists the data directory still holds as files are moved into the database
 * first (`moveFileSnapshots`: once, then one `stat` per load).
 */
export async function loadServiceContext(
  store: Store,
  options: StoredContextOptions,
): Promise<LoadedContext> {
  await moveFileSnapshots(store.database.db, options.dataDir);
  const snapshots = await store.snapshots.activeAll();
  const nomenclatures = await loadNomenclatures(options.dataDir);
  const records = await loadStoredContext(store, options.regime, options.regimeDir);
  const decisions = indexDecisions(await store.decisions.list());
  return {
    screener:
      snapshots.length > 0
        ? screenerWithDecisions(createScreener(snapshots), decisions, snapshots)
        : undefined,
    snapshots,
    nomenclatures,
    ...records,
  };
}

/**
 * The context of the database and the data directory, reloaded when either changes: at most every
 * `refreshMs` (default 1000; 0 asks on every request) an instance compares one fingerprint query and
 * the data directory's small files with what it loaded. A failed reload keeps the context already
 * loaded (answering with the data of a second ago beats failing every request); the first must succeed.
 */
export function storedContext(store: Store, options: StoredContextOptions): ContextSource {
  return reloadingContext(
    async () => `${await storeFingerprint(store)}\n${await contextFingerprint(options.dataDir)}`,
    () => loadServiceContext(store, options),
    options,
  );
}

/**
 * Stores the regime version's files, once, so that checks recorded under it can be replayed.
 * @throws {StoreError} `corrupt` when the directory's files are not the loaded version (they changed)
 */
export async function storeRegimeVersion(
  store: Store,
  regime: CompiledRegime,
  regimeDir: string,
): Promise<void> {
  if (await store.regimes.has(regime.version)) return;
  const files = await readRegimeFiles(regimeDir);
  if (versionOfFiles(files) !== regime.version)
    throw new StoreError("corrupt", `${regimeDir} changed since it was loaded`);
  await store.regimes.save(regime.version, files);
}

/**
 * Records the checks of each request as one audit batch ({@link auditBatchOf}) straight into the
 * database, the answer waiting for the commit (`sanctions serve` goes through the journal of
 * `./audit-journal.ts` instead). The regime version must be stored first ({@link storeRegimeVersion}); the list snapshots screened
 * against are in the database already (the only place lists are read from).
 */
export function storeAuditSink(store: Store): AuditSink {
  // Group commit: the checks of requests that arrive while a write is under way go into the next
  // transaction together. Each request still waits until its own batch is committed.
  type Pending = {
    entries: readonly AuditRecord[];
    context: AuditContext | undefined;
    done: (error?: unknown) => void;
  };
  let queue: Pending[] = [];
  let writing = false;
  const flush = async (): Promise<void> => {
    writing = true;
    while (queue.length > 0) {
      const group = queue;
      queue = [];
      try {
        await store.audit.recordMany(
          group.map(({ entries, context }) => auditBatchOf(entries, context, randomUUID())),
        );
        for (const pending of group) pending.done();
      } catch (error) {
        const refused = new AuditUnavailableError(
          "audit_write_failed",
          "the audit log could not be written",
          {
            cause: error,
          },
        );
        for (const pending of group) pending.done(refused);
      }
    }
    writing = false;
  };
  return {
    record(entries, context) {
      if (entries.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        queue.push({
          entries,
          context,
          done: (error) => {
            if (error === undefined) resolve();
            else reject(error instanceof Error ? error : new Error("the audit record could not be written"));
          },
        });
        if (!writing) void flush();
      });
    },
  };
}

/**
 * The audit log for `GET /v1/audit` (its entries) and `GET /v1/audit/checks`: lookups in the store, and
 * replays with the nomenclatures the context holds now (a batch recorded with one the server no longer
 * has reports it).
 */
export function auditReaderOf(store: Store, context: ContextSource): AuditReader {
  return {
    entries: (options) => auditEntries(store, options),
    async lookUp(filter, { limit, replay }) {
      if (!replay) return lookUpChecks(store, filter, { limit });
      const { nomenclatures } = await context.current();
      return lookUpChecks(store, filter, {
        limit,
        replay: nomenclatures === undefined ? {} : { nomenclatures },
      });
    },
  };
}

/** Options of {@link databaseProbe}. */
export interface DatabaseProbeOptions {
  /** How long a look waits for the database's answer (ms, default 3000). */
  readonly timeoutMs?: number;
  /** How long an answer is reused (ms, default 1000): `/healthz` needs no key, so it is not a query each. */
  readonly reuseMs?: number;
  /** Milliseconds now (injected for tests). */
  readonly now?: () => number;
}

/**
 * Whether the database answers `select 1` within `timeoutMs`, for `/healthz`: one look at a time,
 * its answer reused for `reuseMs`. An outage is dated from its first failed look.
 */
export function databaseProbe(store: Store, options: DatabaseProbeOptions = {}): DatabaseProbe {
  const timeoutMs = options.timeoutMs ?? 3000;
  const reuseMs = options.reuseMs ?? 1000;
  const now = options.now ?? Date.now;
  let last: { health: DatabaseHealth; at: number } | undefined;
  let looking: Promise<DatabaseHealth> | undefined;
  let since: string | undefined;

  const look = async (): Promise<DatabaseHealth> => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new StoreError("database_unavailable", `no answer within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    let health: DatabaseHealth;
    try {
      await Promise.race([sql`select 1`.execute(store.database.db), timedOut]);
      since = undefined;
      health = { state: "ok" };
    } catch {
      since ??= new Date(now()).toISOString();
      health = { state: "unavailable", since };
    } finally {
      clearTimeout(timer);
    }
    last = { health, at: now() };
    return health;
  };

  return {
    health() {
      if (last && now() - last.at < reuseMs) return Promise.resolve(last.health);
      looking ??= look().finally(() => {
        looking = undefined;
      });
      return looking;
    },
  };
}
