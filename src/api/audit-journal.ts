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
 */
import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, readFile, rm, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { isProcessRunning } from "../service/processes.js";
import { serializeBatch } from "../store/audit-format.js";
import type { Store } from "../store/index.js";
import { auditBatchOf, type AuditContext, type AuditRecord, type AuditSink } from "./audit.js";

export interface AuditJournalOptions {
  /** The journal's directory (created when missing). */
  readonly dir: string;
  /** How long a record may wait in the journal before the drain moves it (default 50 ms). */
  readonly drainMs?: number;
  /** Reports a drain that failed (the records stay journaled and are retried). */
  readonly onError?: (error: unknown) => void;
}

export interface AuditJournal extends AuditSink {
  /** Batches moved from earlier processes' segments at start. */
  readonly recovered: number;
  /** Moves everything journaled into the database now. */
  drain(): Promise<void>;
  /** Syncs, drains and closes; records after this are refused. */
  close(): Promise<void>;
}

/** Batches per statement: large groups cost least per row, and keep a statement a few megabytes. */
const GROUP = 500;

/**
 * Opens the journal in `options.dir`: first moves the segments of processes that no longer run into
 * the database, then starts a segment of its own.
 */
export async function openAuditJournal(store: Store, options: AuditJournalOptions): Promise<AuditJournal> {
  const { dir } = options;
  const drainMs = options.drainMs ?? 50;
  await mkdir(dir, { recursive: true });
  const recovered = await recoverSegments(store, dir);

  let segment = await openSegment(dir);
  /** Requests whose lines are not written yet. */
  let waiting: { line: string; done: (error?: unknown) => void }[] = [];
  /** Batches (JSON text, as in the segment) synced in the current segment, not yet in the database. */
  let journaled: string[] = [];
  /** Segments whose batches failed to drain: deleted by the next drain that stores them. */
  const undrained: string[] = [];
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

  // Group commit: one write and one sync for every line that waits when the write's turn comes.
  const write = async (): Promise<void> => {
    writeQueued = false;
    const group = waiting;
    waiting = [];
    if (group.length === 0) return;
    try {
      await segment.handle.write(group.map((entry) => `${entry.line}\n`).join(""));
      await segment.handle.datasync();
      for (const entry of group) journaled.push(entry.line);
      for (const entry of group) entry.done();
    } catch (error) {
      for (const entry of group) entry.done(error);
    }
    scheduleDrain();
  };

  const scheduleDrain = (): void => {
    if (timer !== undefined || journaled.length === 0 || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      drainNow().catch((error: unknown) => options.onError?.(error));
    }, drainMs);
    timer.unref();
  };

  const drainOnce = async (): Promise<void> => {
    // New lines go to a fresh segment; the full one is deleted once its batches are stored.
    const { full, batches } = await serially(async () => {
      const rotated = { full: segment, batches: journaled };
      segment = await openSegment(dir);
      journaled = [];
      await rotated.full.handle.close();
      return rotated;
    });
    if (batches.length === 0) {
      await rm(full.path, { force: true });
      return;
    }
    try {
      for (let index = 0; index < batches.length; index += GROUP)
        await store.audit.recordSerialized(batches.slice(index, index + GROUP));
    } catch (error) {
      // Kept on disk and in memory; retried at the next drain (ids make a repeat harmless).
      journaled = [...batches, ...journaled];
      undrained.push(full.path);
      scheduleDrain();
      throw error;
    }
    for (const path of [...undrained.splice(0), full.path]) await rm(path, { force: true });
  };

  const drainNow = async (): Promise<void> => {
    // One drain at a time; one asked for meanwhile runs after it.
    while (draining) await draining.catch(() => undefined);
    if (journaled.length === 0 && waiting.length === 0) return;
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
      if (closed) return Promise.reject(new Error("the audit journal is closed"));
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
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      await serially(write);
      await drainNow();
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
 * Moves the segments of processes that no longer run into the database, and deletes them. A last line
 * cut short by the kill was never synced, so never answered: it is dropped.
 */
async function recoverSegments(store: Store, dir: string): Promise<number> {
  let recovered = 0;
  for (const name of (await readdir(dir)).sort()) {
    const match = /^(\d+)-\d+-\d+\.jsonl$/.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid !== process.pid && isProcessRunning(pid)) continue;
    const path = join(dir, name);
    const batches: string[] = [];
    for (const line of (await readFile(path, "utf8")).split("\n")) {
      if (line.trim() === "") continue;
      try {
        JSON.parse(line);
        batches.push(line);
      } catch {
        // A torn last line: its request was never answered.
      }
    }
    for (let index = 0; index < batches.length; index += GROUP)
      await store.audit.recordSerialized(batches.slice(index, index + GROUP));
    recovered += batches.length;
    await rm(path, { force: true });
  }
  return recovered;
}
