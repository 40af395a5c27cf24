/**
 * @module api/audit
 * What the API records about each check: the activity, the verdict and the versions it was reached
 * under, so that it can be replayed later. {@link AuditSink} is the seam where the database's audit log
 * plugs in: `openAuditJournal` (`./audit-journal.ts`, which `sanctions serve` uses) or `storeAuditSink`
 * (`./stored.ts`, straight into the database); the in-memory sink is for tests.
 */
import type { Activity } from "../model/activity.js";
import type { Verdict } from "../model/verdict.js";
import type { RecordedAnswers } from "../store/answers.js";
import type { BatchContext, BatchInfo, CheckToRecord } from "../store/audit.js";

/** One check made through the API. */
export interface AuditRecord {
  /** When the check was made (ISO 8601, from the app's clock). */
  readonly at: string;
  readonly requestId: string;
  /** The key's public id, or null when the server runs open. */
  readonly principal: string | null;
  readonly activity: Activity;
  readonly verdict: Verdict;
  readonly regimeVersion: string;
  readonly listSnapshot: string | null;
  /**
   * What the cap ledger and exemption records answered while the verdict was reached: they change
   * after the check, so a replay gives these answers rather than today's.
   */
  readonly answers?: RecordedAnswers;
}

/** What the context of a request held: which stores answered, which nomenclatures were loaded. */
export type AuditContext = BatchContext;

/** Receives the checks of one request together; the answer waits until they are recorded. */
export interface AuditSink {
  /** Rejects with {@link AuditUnavailableError} when the checks cannot be recorded now. */
  record(entries: readonly AuditRecord[], context?: AuditContext): Promise<void>;
  /** How the recording stands, for `/healthz`; a sink without a backlog need not say. */
  health?(): AuditHealth;
}

/**
 * The recording's state: `failing` while records wait for the database, `full` once none are taken;
 * and how many batches the database refused for their data and were set aside on disk.
 */
export interface AuditHealth {
  readonly state: "ok" | "failing" | "full";
  /** Batches (one a request) recorded locally and not yet in the database. */
  readonly backlogBatches: number;
  readonly backlogBytes: number;
  readonly maxBacklogBytes: number;
  /** While failing: since when (ISO 8601). The database's errors go to the log, not here. */
  readonly failingSince?: string;
  /**
   * Batches the database refused for their data, kept in the journal's `rejected/` directory until an
   * operator retries or discards them (`sanctions audit rejected`); never retried by themselves.
   */
  readonly rejectedBatches: number;
}

/** Why a check could not be recorded; the API answers 503 `audit_unavailable` and no verdict. */
export type AuditUnavailableCode = "audit_backlog_full" | "audit_write_failed" | "audit_closed";

export class AuditUnavailableError extends Error {
  override readonly name = "AuditUnavailableError";

  constructor(
    readonly code: AuditUnavailableCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Keeps records in memory (tests). */
export class MemoryAuditSink implements AuditSink {
  readonly entries: AuditRecord[] = [];

  record(entries: readonly AuditRecord[]): Promise<void> {
    this.entries.push(...entries);
    return Promise.resolve();
  }
}

/** Records nothing: the default until the database audit log is plugged in. */
export const discardAudit: AuditSink = { record: () => Promise.resolve() };

const noContext: BatchContext = { ledger: false, exemptions: false, nomenclatures: [] };

/**
 * One request's checks as one audit batch, with the ledger's and exemption records' answers, so that
 * `sanctions audit replay` can re-evaluate them. The source names the key and the request id
 * (`api key-3f9a1c2e <request id>`), never the key.
 */
export function auditBatchOf(
  entries: readonly AuditRecord[],
  context: AuditContext | undefined,
  id: string,
): { info: BatchInfo & { readonly id: string }; checks: CheckToRecord[] } {
  const first = entries[0];
  return {
    info: {
      id,
      source: `api ${first?.principal ?? "open"} ${first?.requestId ?? ""}`,
      regimeVersion: first?.regimeVersion ?? "",
      listSnapshot: first?.listSnapshot ?? null,
      context: context ?? noContext,
      ...(first ? { startedAt: first.at } : {}),
    },
    checks: entries.map((entry) => ({
      activity: entry.activity,
      verdict: entry.verdict,
      answers: entry.answers ?? {},
      checkedAt: entry.at,
    })),
  };
}
