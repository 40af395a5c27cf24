/**
 * @module api/audit-rejected
 * Audit batches the database refused for their data, set aside on disk beside the journal
 * (`<journal dir>/rejected/<batch id>.json`): the batch's journaled JSON line, the database's SQLSTATE
 * and message, and when.
 *
 * Why: one batch the database will never take (an activity id too long for its index, a NUL character
 * in a string) used to fail every statement it was part of, so the journal stopped draining, checks
 * answered after it stayed on disk until the backlog refused new ones, and a restart failed on it. Set
 * aside, it stops holding back anything else and is not lost: an answered check stays on record, here,
 * until an operator stores it (`sanctions audit rejected --retry`, after fixing the cause) or discards
 * it (`--discard ID`). Nothing retries it by itself: it would be refused again. Files, not a table: the
 * database is what refused them.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { dataRefusalOf, type DataRefusal } from "../store/refusal.js";
import type { AuditLog } from "../store/index.js";

/** A set-aside batch, as `sanctions audit rejected` shows it. */
export interface RejectedBatch {
  /** The batch's id (`info.id` of its line). */
  readonly id: string;
  /** The file's name in the rejected directory. */
  readonly file: string;
  /** When the database last refused it (ISO 8601). */
  readonly rejectedAt: string;
  readonly reason: DataRefusal;
  /** Its checks: the checks of one API request. */
  readonly checks: number;
  /** `api <key id> <request id>`. */
  readonly source: string;
  /** The batch as JSON text, exactly as it was journaled: what a retry stores. */
  readonly line: string;
}

/** A file in the rejected directory that is not a set-aside batch (edited by hand, say). */
export interface UnreadableRejected {
  readonly file: string;
  readonly message: string;
}

/** What a retry did with one batch. */
export type RetryOutcome =
  | { readonly id: string; readonly checks: number; readonly outcome: "stored" }
  | {
      readonly id: string;
      readonly checks: number;
      readonly outcome: "refused";
      readonly reason: DataRefusal;
    };

/** Where the set-aside batches of the journal in `journalDir` are kept. */
export function rejectedDirOf(journalDir: string): string {
  return join(journalDir, "rejected");
}

/** A batch id safe as a file name; anything else is named after the line's hash. */
const SAFE_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;

/** The id, checks and source of a batch's line, or what is wrong with it. */
function describeLine(line: string): { id?: string; checks: number; source: string } {
  try {
    const batch = JSON.parse(line) as { info?: { id?: unknown; source?: unknown }; checks?: unknown };
    return {
      ...(typeof batch.info?.id === "string" ? { id: batch.info.id } : {}),
      checks: Array.isArray(batch.checks) ? batch.checks.length : 0,
      source: typeof batch.info?.source === "string" ? batch.info.source : "",
    };
  } catch {
    return { checks: 0, source: "" };
  }
}

/** The file a batch is set aside in: its id, or the line's hash when the id cannot name a file. */
function fileFor(line: string, id: string | undefined): string {
  if (id !== undefined && SAFE_ID.test(id)) return `${id}.json`;
  return `line-${createHash("sha256").update(line).digest("hex").slice(0, 32)}.json`;
}

/**
 * Sets `line` aside with the database's `reason`, synced (the file and its directory entry) before it
 * returns: the caller deletes the journal segment holding the line afterwards. Returns the batch as
 * set aside. A batch set aside again (the same id) replaces its file.
 */
export async function setAside(
  journalDir: string,
  line: string,
  reason: DataRefusal,
  at: Date = new Date(),
): Promise<RejectedBatch> {
  const dir = rejectedDirOf(journalDir);
  await mkdir(dir, { recursive: true });
  const { id, checks, source } = describeLine(line);
  const file = fileFor(line, id);
  const batch: RejectedBatch = {
    id: id ?? file.replace(/\.json$/, ""),
    file,
    rejectedAt: at.toISOString(),
    reason: { sqlState: reason.sqlState, message: reason.message },
    checks,
    source,
    line,
  };
  const temp = join(dir, `.${file}.${String(process.pid)}-${randomBytes(4).toString("hex")}.tmp`);
  const handle = await open(temp, "w");
  try {
    const { file: _file, ...written } = batch;
    await handle.writeFile(`${JSON.stringify(written, null, 2)}\n`);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(temp, join(dir, file));
  await syncDir(dir);
  return batch;
}

/** The ids of the batches set aside (those a drain must not send again). */
export async function rejectedIds(journalDir: string): Promise<Set<string>> {
  const { batches } = await listRejected(journalDir);
  return new Set(batches.map((batch) => batch.id));
}

/** How many batches are set aside: the files, without reading them (for `/healthz`). */
export async function countRejected(journalDir: string): Promise<number> {
  return (await rejectedFiles(rejectedDirOf(journalDir))).length;
}

/** The set-aside batches, oldest refusal first, and the files that could not be read as one. */
export async function listRejected(
  journalDir: string,
): Promise<{ batches: RejectedBatch[]; unreadable: UnreadableRejected[] }> {
  const dir = rejectedDirOf(journalDir);
  const batches: RejectedBatch[] = [];
  const unreadable: UnreadableRejected[] = [];
  for (const file of await rejectedFiles(dir)) {
    let text: string;
    try {
      text = await readFile(join(dir, file), "utf8");
    } catch (error) {
      // Taken by a retry or a discard running meanwhile.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    const batch = parseRejected(text, file);
    if (typeof batch === "string") unreadable.push({ file, message: batch });
    else batches.push(batch);
  }
  batches.sort((a, b) => a.rejectedAt.localeCompare(b.rejectedAt) || a.id.localeCompare(b.id));
  return { batches, unreadable };
}

/**
 * Sends each batch to the audit log again, one statement each: a stored batch's file is deleted; one
 * the database refuses again keeps its file, with the new reason and time. Yields as it goes; any
 * other failure (the database unreachable) ends the retry by throwing, the rest kept as they are.
 */
export async function* retryRejected(
  journalDir: string,
  log: Pick<AuditLog, "recordSerialized">,
  batches: readonly RejectedBatch[],
): AsyncGenerator<RetryOutcome> {
  for (const batch of batches) {
    try {
      await log.recordSerialized([batch.line]);
    } catch (error) {
      const reason = dataRefusalOf(error);
      if (reason === undefined) throw error;
      await setAside(journalDir, batch.line, reason);
      yield { id: batch.id, checks: batch.checks, outcome: "refused", reason };
      continue;
    }
    await rm(join(rejectedDirOf(journalDir), batch.file), { force: true });
    yield { id: batch.id, checks: batch.checks, outcome: "stored" };
  }
}

/** Deletes a set-aside batch for good: its checks are then on record nowhere. */
export async function discardRejected(journalDir: string, batch: RejectedBatch): Promise<void> {
  await rm(join(rejectedDirOf(journalDir), batch.file), { force: true });
}

/** The set-aside files' names (not the temporary files of a write under way). */
async function rejectedFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => name.endsWith(".json") && !name.startsWith(".")).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/** A set-aside batch from its file's text, or what is wrong with it. */
function parseRejected(text: string, file: string): RejectedBatch | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  const record = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const reason = (
    typeof record["reason"] === "object" && record["reason"] !== null ? record["reason"] : {}
  ) as Record<string, unknown>;
  const { id, rejectedAt, line } = record;
  if (typeof line !== "string") return "no batch: the field line must be the batch's JSON text";
  if (typeof id !== "string") return "the field id must be a string";
  if (typeof rejectedAt !== "string") return "the field rejectedAt must be a string";
  if (typeof reason["sqlState"] !== "string" || typeof reason["message"] !== "string")
    return "the field reason must be {sqlState, message}";
  const { checks, source } = describeLine(line);
  return {
    id,
    file,
    rejectedAt,
    reason: { sqlState: reason["sqlState"], message: reason["message"] },
    checks,
    source,
    line,
  };
}

/** Syncs a directory, so that a file renamed into it is there after a crash. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
