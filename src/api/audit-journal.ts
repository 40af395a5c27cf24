/**
 * @module api/audit-journal
 * The API's audit records go through a journal on local disk before the database. A request's answer
 * waits until its record is in the journal and synced (`fdatasync`, shared by the requests that arrive
 * together); a drain moves the journal into the database's audit log in large groups, at most
 * `drainMs` later, and deletes what it moved.
 *
 * Why: recording each request's checks in the database before answering made the database's round
 * trip part of every answer, and with a few connections the service waited on the database far more
 * than it worked (see bench/README.md, api). A synced local file costs a fraction of that, and the
 * database gets its rows in groups of hundreds, where a row costs least.
 *
 * Durability is unchanged: an answered check is on disk. A server killed before its drain leaves
 * journal segments, which the next start on the same data directory moves into the database before it
 * answers anything (batch ids make this idempotent: a group stored just before the kill is not stored
 * twice). Segments are named after the process that writes them, and a start only takes those of
 * processes that no longer run, so that instances sharing a directory never take each other's.
 *
 * While the database is unreachable the journal keeps answering: the segments stay on disk (not in
 * memory), the drain retries with a growing pause (up to `maxRetryMs`), and `health()` says so. Only
 * when the backlog reaches `maxBacklogBytes` does it refuse new records (`AuditUnavailableError`), so
 * that no check is answered without being recorded and the disk is not filled.
 *
 * A batch the database refuses for its data (`dataRefusalOf`: an activity id too long for its index,
 * say) would be refused on every try, and with it every statement it is part of. So a group refused
 * that way is split in halves, and the halves stored or split again, until the refused batches are
 * alone; each is set aside on disk (`./audit-rejected.ts`), never sent again by the journal, and the
 * rest is stored. The drain and the start go on; `health()` counts the set-aside batches for an
 * operator (`sanctions audit rejected`). A failure of any other kind is retried as above.
 */
import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, readFile, rm, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { isProcessRunning } from "../store/processes.js";
import { serializeBatch } from "../store/audit-format.js";
import type { AuditLog } from "../store/index.js";
import { dataRefusalOf, type DataRefusal } from "../store/refusal.js";
import {
  AuditUnavailableError,
  auditBatchOf,
  type AuditContext,
  type AuditHealth,
  type AuditRecord,
  type AuditSink,
} from "./audit.js";
import { countRejected, rejectedIds, setAside, type RejectedBatch } from "./audit-rejected.js";

/** What the journal needs of the audit log: storing batches given as the journal's JSON lines. */
export type JournalTarget = Pick<AuditLog, "recordSerialized">;

/** The journal's directory in a data directory (`sanctions serve` and `sanctions audit rejected`). */
export function auditJournalDir(dataDir: string): string {
  return join(dataDir, "audit-journal");
}

export interface AuditJournalOptions {
  /** The journal's directory (created when missing). */
  readonly dir: string;
  /** How long a record may wait in the journal before the drain moves it (default 50 ms). */
  readonly drainMs?: number;
  /** The longest pause between retries of a failing drain (default 5 s); the pause doubles up to it. */
  readonly maxRetryMs?: number;
  /**
   * The most journaled bytes not yet in the database (default 256 MiB); past it, records are refused
   * with `AuditUnavailableError` (`audit_backlog_full`) until a drain succeeds.
   */
  readonly maxBacklogBytes?: number;
  /** Reports a drain that failed (the records stay journaled and are retried). */
  readonly onError?: (error: unknown) => void;
  /** Reports the first drain that succeeds after failures, with how long they lasted. */
  readonly onRecovered?: (failedForMs: number) => void;
  /** Reports a batch the database refused for its data, now set aside (at start too). */
  readonly onRejected?: (batch: RejectedBatch) => void;
}

export interface AuditJournal extends AuditSink {
  /** Batches moved from earlier processes' segments at start (not counting those set aside). */
  readonly recovered: number;
  /** Moves everything journaled into the database now; rejects if the database refuses. */
  drain(): Promise<void>;
  /** The backlog, whether the drain is failing, and how many batches are set aside. */
  health(): AuditHealth;
  /**
   * Syncs, drains and closes; records after this are refused. A drain that fails here leaves the
   * segments on disk for the next start (reported through `onError`); close itself does not fail.
   */
  close(): Promise<void>;
}

/**
 * The most JSON text per statement (a single larger batch goes alone): groups cost less per row than
 * single rows, but a statement of tens of megabytes (500 requests of 100 checks each, as a count of
 * batches allowed) held the database, and on PGlite the server's thread that serialises it, long
 * enough to lift p99 from 72 ms to 681 ms (bench/README.md, api). 256 KiB is a few hundred
 * single-check requests; measured against 1 MiB it did as well for them and better for batches.
 */
const GROUP_CHARS = 256 * 1024;

/** Consecutive slices of `lines` of at most GROUP_CHARS characters each (at least one line each). */
export function groupsOf(lines: readonly string[], maxChars = GROUP_CHARS): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  let chars = 0;
  for (const line of lines) {
    if (group.length > 0 && chars + line.length > maxChars) {
      groups.push(group);
      group = [];
      chars = 0;
    }
    group.push(line);
    chars += line.length;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}
const DEFAULT_MAX_BACKLOG_BYTES = 256 * 1024 * 1024;

/** A segment whose batches are synced on disk and not yet all stored. */
interface Pending {
  readonly path: string;
  readonly bytes: number;
  readonly batches: number;
  /** The lines, while still in memory; read back from `path` after a failed drain dropped them. */
  lines: string[] | undefined;
}

/**
 * Opens the journal in `options.dir`: first moves the segments of processes that no longer run into
 * the database, then starts a segment of its own.
 */
export async function openAuditJournal(
  log: JournalTarget,
  options: AuditJournalOptions,
): Promise<AuditJournal> {
  const { dir } = options;
  const drainMs = options.drainMs ?? 50;
  const maxRetryMs = Math.max(options.maxRetryMs ?? 5000, drainMs);
  const maxBacklogBytes = options.maxBacklogBytes ?? DEFAULT_MAX_BACKLOG_BYTES;
  await mkdir(dir, { recursive: true });
  /** Batches set aside, here or by an earlier process: a segment read back from disk skips them. */
  const setAsideIds = await rejectedIds(dir);
  /** How many are set aside (the files: an operator may retry or discard them meanwhile). */
  let rejectedCount = setAsideIds.size;
  let rejectedCountedAt = Date.now();
  let counting = false;
  const recount = async (): Promise<void> => {
    rejectedCountedAt = Date.now();
    rejectedCount = await countRejected(dir);
  };
  const store = storeIsolating(log, async (line, reason) => {
    const batch = await setAside(dir, line, reason);
    setAsideIds.add(batch.id);
    await recount();
    options.onRejected?.(batch);
  });
  const recovered = await recoverSegments(store, dir, setAsideIds);
  await recount();

  let segment = await openSegment(dir);
  /** Requests whose lines are not written yet. */
  let waiting: { line: string; done: (error?: unknown) => void }[] = [];
  /** Batches (JSON text, as in the segment) synced in the current segment, not yet in the database. */
  let journaled: string[] = [];
  let journaledBytes = 0;
  /** Rotated segments not yet stored, oldest first: more than one only while the drain fails. */
  const pending: Pending[] = [];
  let pendingBytes = 0;
  let pendingBatches = 0;
  // Writes and segment rotations run one after another, in order, on this chain.
  let chain: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  };
  let writeQueued = false;
  let draining: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  /** While drains fail: since when, and the pause before the next try. */
  let failing: { since: number; retryMs: number } | undefined;

  const backlogBytes = () => journaledBytes + pendingBytes;

  // Group commit: one write and one sync for every line that waits when the write's turn comes.
  const write = async (): Promise<void> => {
    writeQueued = false;
    const group = waiting;
    waiting = [];
    if (group.length === 0) return;
    const text = group.map((entry) => `${entry.line}\n`).join("");
    try {
      await segment.handle.write(text);
      await segment.handle.datasync();
    } catch (error) {
      // Cut what this group may have written, so that the next group's lines do not follow a torn
      // one (the segment holds exactly the journaled lines, `journaledBytes` of them).
      await segment.handle.truncate(journaledBytes).catch(() => undefined);
      const refused = new AuditUnavailableError(
        "audit_write_failed",
        "the audit journal could not be written",
        { cause: error },
      );
      for (const entry of group) entry.done(refused);
      return;
    }
    for (const entry of group) journaled.push(entry.line);
    journaledBytes += Buffer.byteLength(text);
    for (const entry of group) entry.done();
    scheduleDrain();
  };

  const scheduleDrain = (): void => {
    if (timer !== undefined || closed || (journaled.length === 0 && pending.length === 0)) return;
    timer = setTimeout(() => {
      timer = undefined;
      drainNow().catch(() => undefined); // reported through onError by drainOnce
    }, failing?.retryMs ?? drainMs);
    timer.unref();
  };

  const drainOnce = async (): Promise<void> => {
    // New lines go to a fresh segment; the full one is deleted once its batches are stored.
    await serially(async () => {
      const full = segment;
      segment = await openSegment(dir);
      await full.handle.close();
      if (journaled.length === 0) {
        await rm(full.path, { force: true });
        return;
      }
      pending.push({ path: full.path, bytes: journaledBytes, batches: journaled.length, lines: journaled });
      pendingBytes += journaledBytes;
      pendingBatches += journaled.length;
      journaled = [];
      journaledBytes = 0;
    });
    try {
      while (pending.length > 0) {
        const next = pending[0] as Pending;
        const lines = next.lines ?? (await readSegment(next.path, setAsideIds));
        await store(lines);
        await rm(next.path, { force: true });
        pending.shift();
        pendingBytes -= next.bytes;
        pendingBatches -= next.batches;
      }
    } catch (error) {
      // Kept on disk, not in memory: an outage must not grow the heap. Retried after a pause that
      // doubles with each failure (ids make a repeat of a partly stored segment harmless, and the
      // batches set aside meanwhile are skipped when it is read back).
      for (const entry of pending) entry.lines = undefined;
      failing = {
        since: failing?.since ?? Date.now(),
        retryMs: Math.min(maxRetryMs, (failing?.retryMs ?? drainMs) * 2),
      };
      options.onError?.(error);
      scheduleDrain();
      throw error;
    }
    if (failing !== undefined) {
      const failedForMs = Date.now() - failing.since;
      failing = undefined;
      options.onRecovered?.(failedForMs);
    }
  };

  const drainNow = async (): Promise<void> => {
    // One drain at a time; one asked for meanwhile runs after it.
    while (draining) await draining.catch(() => undefined);
    if (journaled.length === 0 && waiting.length === 0 && pending.length === 0) return;
    draining = drainOnce();
    try {
      await draining;
    } finally {
      draining = undefined;
    }
  };

  return {
    recovered,
    record(entries: readonly AuditRecord[], context?: AuditContext): Promise<void> {
      if (entries.length === 0) return Promise.resolve();
      if (closed)
        return Promise.reject(new AuditUnavailableError("audit_closed", "the audit journal is closed"));
      if (backlogBytes() >= maxBacklogBytes)
        return Promise.reject(
          new AuditUnavailableError(
            "audit_backlog_full",
            `the audit journal holds ${String(backlogBytes())} bytes the database has not taken ` +
              `(at most ${String(maxBacklogBytes)})`,
          ),
        );
      const line = toLine(entries, context);
      return new Promise<void>((resolve, reject) => {
        waiting.push({
          line,
          done: (error) => {
            if (error === undefined) resolve();
            else reject(error instanceof Error ? error : new Error("the audit record could not be written"));
          },
        });
        if (!writeQueued) {
          writeQueued = true;
          void serially(write);
        }
      });
    },
    drain: drainNow,
    health(): AuditHealth {
      const bytes = backlogBytes();
      // Counted again in the background, at most once a second: `sanctions audit rejected --retry`
      // or another instance on this directory may have changed the files since.
      if (!counting && Date.now() - rejectedCountedAt >= 1000) {
        counting = true;
        recount()
          .catch(() => undefined)
          .finally(() => {
            counting = false;
          });
      }
      return {
        state: bytes >= maxBacklogBytes ? "full" : failing ? "failing" : "ok",
        backlogBatches: journaled.length + pendingBatches,
        backlogBytes: bytes,
        maxBacklogBytes,
        ...(failing ? { failingSince: new Date(failing.since).toISOString() } : {}),
        rejectedBatches: rejectedCount,
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      await serially(write);
      try {
        await drainNow();
      } catch {
        // Reported through onError; what did not drain stays on disk, and the next start moves it.
      }
      await serially(() => segment.handle.close());
      if (journaled.length === 0) await rm(segment.path, { force: true });
    },
  };
}

/** One request's checks as one batch, as JSON text on one line. */
function toLine(entries: readonly AuditRecord[], context: AuditContext | undefined): string {
  const { info, checks } = auditBatchOf(entries, context, randomUUID());
  return serializeBatch(info, checks);
}

interface Segment {
  readonly path: string;
  readonly handle: FileHandle;
}

let segmentCounter = 0;

async function openSegment(dir: string): Promise<Segment> {
  const path = join(dir, `${String(process.pid)}-${String(Date.now())}-${String(segmentCounter++)}.jsonl`);
  return { path, handle: await open(path, "a") };
}

/**
 * A segment's batches, but for those set aside; a last line cut short by a kill was never synced, so
 * never answered: dropped.
 */
async function readSegment(path: string, setAsideIds: ReadonlySet<string>): Promise<string[]> {
  const batches: string[] = [];
  for (const line of (await readFile(path, "utf8")).split("\n")) {
    if (line.trim() === "") continue;
    let id: unknown;
    try {
      id = (JSON.parse(line) as { info?: { id?: unknown } }).info?.id;
    } catch {
      // A torn last line: its request was never answered.
      continue;
    }
    if (typeof id === "string" && setAsideIds.has(id)) continue;
    batches.push(line);
  }
  return batches;
}

/**
 * Stores lines in groups of at most GROUP_CHARS; a group the database refuses for its data is split
 * until each refused batch is alone, and that one is handed to `setAside`. Returns how many were set
 * aside; rejects on any other failure (what was stored before stays stored).
 */
function storeIsolating(
  log: JournalTarget,
  setAside: (line: string, reason: DataRefusal) => Promise<void>,
): (lines: readonly string[]) => Promise<number> {
  const storeGroup = async (group: readonly string[]): Promise<number> => {
    try {
      await log.recordSerialized(group);
      return 0;
    } catch (error) {
      const reason = dataRefusalOf(error);
      if (reason === undefined) throw error;
      if (group.length === 1) {
        await setAside(group[0] as string, reason);
        return 1;
      }
      // Halves: k refused batches among n cost about 2k·log2(n/k) statements, not n.
      const half = Math.ceil(group.length / 2);
      return (await storeGroup(group.slice(0, half))) + (await storeGroup(group.slice(half)));
    }
  };
  return async (lines) => {
    let setAsideCount = 0;
    for (const group of groupsOf(lines)) setAsideCount += await storeGroup(group);
    return setAsideCount;
  };
}

/**
 * Moves the segments of processes that no longer run into the database (setting aside what it
 * refuses for its data), and deletes them. Returns how many batches were moved.
 */
async function recoverSegments(
  store: (lines: readonly string[]) => Promise<number>,
  dir: string,
  setAsideIds: ReadonlySet<string>,
): Promise<number> {
  let recovered = 0;
  for (const name of (await readdir(dir)).sort()) {
    const match = /^(\d+)-\d+-\d+\.jsonl$/.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid !== process.pid && isProcessRunning(pid)) continue;
    const path = join(dir, name);
    const batches = await readSegment(path, setAsideIds);
    recovered += batches.length - (await store(batches));
    await rm(path, { force: true });
  }
  return recovered;
}
