/**
 * @module store/recorder
 * Records a run of checks (`sanctions check --record`) in the audit log as it goes, so that what the
 * run prints is recorded however it ends, and memory stays flat however long it runs.
 *
 * The batch's row is committed first, marked incomplete. Results are then gathered in parts (at most
 * {@link DEFAULT_PART_CHECKS} results or {@link DEFAULT_PART_BYTES} of recorded JSON, or what came
 * within {@link DEFAULT_PART_WAIT_MS}): each part's checks are committed in a transaction of their own
 * (with the batch's count), and only then are its results passed on to the output. So a process
 * killed at any point has printed only recorded verdicts, and leaves an incomplete batch holding every
 * part committed before the kill, which `audit list` shows as incomplete and `audit replay` replays.
 * At most two parts are held: one being recorded and printed, one being gathered.
 */
import { randomUUID } from "node:crypto";
import type { Insertable } from "kysely";
import { createEvaluator, type EvaluationContext, type Evaluator } from "../evaluate/index.js";
import type { Activity } from "../model/activity.js";
import type { ListSnapshot } from "../model/designation.js";
import type { CompiledRegime } from "../model/regime.js";
import type { Verdict } from "../model/verdict.js";
import { recordingContext, type RecordedAnswers } from "./answers.js";
import { checkRow, type BatchContext } from "./audit.js";
import { StoreError } from "./errors.js";
import { readRegimeFiles, versionOfFiles } from "./regimes.js";
import type { AuditChecksTable } from "./schema.js";
import type { Store } from "./store.js";

/** The structural shape of an output writer (`src/batch`'s RecordWriter). */
export interface ResultWriter {
  write(record: Readonly<Record<string, unknown>>): Promise<void>;
  writeMany?(records: readonly Readonly<Record<string, unknown>>[]): Promise<void>;
  end(): Promise<void>;
}

export interface CheckRecorder {
  readonly batchId: string;
  readonly evaluator: Evaluator;
  /**
   * Wraps the output writer: results are gathered in parts, and a part's results are written only
   * once its checks are committed. `end` records and writes the last part (then ends `writer`).
   */
  wrap(writer: ResultWriter): ResultWriter;
  /** After the wrapped writer's `end`: marks the batch complete; returns the number of checks recorded. */
  finish(): Promise<number>;
  /**
   * When the run stops on an error: records and writes the part being gathered (when the database and
   * the output still can), leaves the batch incomplete, and returns the number of checks recorded.
   * Never throws.
   */
  stop(): Promise<number>;
}

export interface RecorderOptions {
  readonly regime: CompiledRegime;
  /** The regime package directory, whose files are stored with the version the first time. */
  readonly regimeDir: string;
  /** The list snapshots the screener holds (stored so that replays find them). */
  readonly snapshots: readonly ListSnapshot[];
  readonly context: EvaluationContext;
  readonly source: string;
  /** Results per part (1 to {@link MAX_PART_CHECKS}); default {@link DEFAULT_PART_CHECKS}. */
  readonly partChecks?: number;
  /** Bytes of recorded JSON (activities, verdicts, answers) per part; default {@link DEFAULT_PART_BYTES}. */
  readonly partBytes?: number;
  /**
   * How long a part may wait for more results before it is recorded and written anyway, so that
   * verdicts typed or piped in slowly come out; default {@link DEFAULT_PART_WAIT_MS}.
   */
  readonly partWaitMs?: number;
}

/** Results per part: a commit per thousand checks costs little next to evaluating them. */
export const DEFAULT_PART_CHECKS = 1000;
/** Recorded JSON per part: bounds a part of large activities (a line may hold up to 1 MiB). */
export const DEFAULT_PART_BYTES = 4 * 1024 * 1024;
/** Longest wait of a part that is not full. */
export const DEFAULT_PART_WAIT_MS = 200;
/** Most results per part: 11 parameters a row stay under PostgreSQL's 65,535 in one statement. */
export const MAX_PART_CHECKS = 5000;

/** One part: the results to write, in order, and the rows of those that are verdicts. */
interface Part {
  readonly results: Readonly<Record<string, unknown>>[];
  readonly rows: Insertable<AuditChecksTable>[];
  bytes: number;
}

const emptyPart = (): Part => ({ results: [], rows: [], bytes: 0 });

/**
 * Stores the regime version and the snapshots, commits the batch's row (incomplete), and returns the
 * recorder.
 * @throws {StoreError} `corrupt` when the regime directory's files are not the loaded version;
 *   `invalid_record` when the batch cannot be opened
 */
export async function startRecording(store: Store, options: RecorderOptions): Promise<CheckRecorder> {
  const { regime } = options;
  const partChecks = options.partChecks ?? DEFAULT_PART_CHECKS;
  if (!Number.isInteger(partChecks) || partChecks < 1 || partChecks > MAX_PART_CHECKS)
    throw new StoreError("invalid_record", `partChecks must be 1 to ${MAX_PART_CHECKS}, got ${partChecks}`);
  const partBytes = options.partBytes ?? DEFAULT_PART_BYTES;
  if (!(partBytes > 0)) throw new StoreError("invalid_record", `partBytes must be above 0, got ${partBytes}`);
  const partWaitMs = options.partWaitMs ?? DEFAULT_PART_WAIT_MS;
  if (!(await store.regimes.has(regime.version))) {
    const files = await readRegimeFiles(options.regimeDir);
    if (versionOfFiles(files) !== regime.version)
      throw new StoreError("corrupt", `${options.regimeDir} changed since it was loaded (or holds drafts)`);
    await store.regimes.save(regime.version, files);
  }
  for (const snapshot of options.snapshots) await store.snapshots.save(snapshot);

  const db = store.database.db;
  const batchId = randomUUID();
  const context: BatchContext = {
    ledger: options.context.caps !== undefined,
    exemptions: options.context.exemptions !== undefined,
    nomenclatures: Object.keys(options.context.nomenclatures ?? {}),
  };
  try {
    await db
      .insertInto("audit_batches")
      .values({
        id: batchId,
        source: options.source,
        regime_version: regime.version,
        list_snapshot: options.snapshots.length > 0 ? options.snapshots.map((s) => s.id).join(",") : null,
        context: JSON.stringify(context),
        checks: 0,
        started_at: new Date().toISOString(),
        complete: false,
      })
      .execute();
  } catch (error) {
    throw new StoreError("invalid_record", `cannot open audit batch ${batchId}: ${messageOf(error)}`, {
      cause: error,
    });
  }

  const recording = recordingContext(options.context);
  const inner = createEvaluator(regime, recording.context);
  // Activities evaluated whose verdicts have not reached the writer yet (a chunk of input at most).
  let noted: { activity: Activity; answers: RecordedAnswers }[] = [];
  let nextNoted = 0;
  let seq = 0;
  let recorded = 0;
  let part = emptyPart();
  // The parts handed on, one after the other: recorded, then written. Rejects for good on a failure.
  let queue: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let output: ResultWriter | undefined;

  const commit = async (rows: readonly Insertable<AuditChecksTable>[]): Promise<void> => {
    const last = rows.at(-1)?.seq ?? recorded;
    try {
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += MAX_PART_CHECKS)
          await trx
            .insertInto("audit_checks")
            .values(rows.slice(i, i + MAX_PART_CHECKS))
            .execute();
        await trx.updateTable("audit_batches").set({ checks: last }).where("id", "=", batchId).execute();
      });
    } catch (error) {
      throw new StoreError(
        "invalid_record",
        `cannot record checks ${recorded + 1} to ${last} of audit batch ${batchId}: ${messageOf(error)}`,
        { cause: error },
      );
    }
    recorded = last;
  };

  /** Hands the part being gathered on; resolves once it (and every part before it) is written. */
  const handOn = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (part.results.length === 0) return queue;
    const taken = part;
    const writer = output;
    part = emptyPart();
    queue = queue.then(async () => {
      if (taken.rows.length > 0) await commit(taken.rows);
      if (!writer) return;
      if (writer.writeMany) await writer.writeMany(taken.results);
      else for (const result of taken.results) await writer.write(result);
    });
    return queue;
  };

  /** Adds a result to the part being gathered (and its check, when it is a verdict). */
  const gather = (result: Readonly<Record<string, unknown>>, now: string): void => {
    part.results.push(result);
    // Rejected lines (no verdict) were never evaluated: nothing of them is noted or recorded.
    if ("error" in result) return;
    const note = noted[nextNoted];
    if (!note) throw new StoreError("invalid_record", "a verdict came out that was never evaluated");
    nextNoted += 1;
    if (nextNoted === noted.length) {
      noted = [];
      nextNoted = 0;
    }
    const row = checkRow(
      batchId,
      ++seq,
      options.source,
      { activity: note.activity, verdict: result as unknown as Verdict, answers: note.answers },
      now,
    );
    part.bytes += row.activity.length + row.result.length + row.answers.length;
    part.rows.push(row);
  };

  const add = async (results: readonly Readonly<Record<string, unknown>>[]): Promise<void> => {
    const now = new Date().toISOString();
    for (const result of results) {
      gather(result, now);
      if (part.results.length >= partChecks || part.bytes >= partBytes) {
        // One part in flight while the next is gathered: wait for the one before this.
        const before = queue;
        void handOn().catch(() => undefined);
        await before;
      }
    }
    if (part.results.length > 0 && !timer) {
      timer = setTimeout(() => void handOn().catch(() => undefined), partWaitMs);
      timer.unref();
    }
  };

  return {
    batchId,
    evaluator: {
      evaluate(activity) {
        const verdict = inner.evaluate(activity);
        noted.push({ activity, answers: recording.take() });
        return verdict;
      },
    },
    wrap(writer) {
      output = writer;
      return {
        write: (result) => add([result]),
        writeMany: (results) => add(results),
        async end() {
          await handOn();
          await writer.end();
        },
      };
    },
    async finish() {
      await handOn();
      try {
        await db
          .updateTable("audit_batches")
          .set({ checks: recorded, complete: true })
          .where("id", "=", batchId)
          .execute();
      } catch (error) {
        throw new StoreError(
          "invalid_record",
          `cannot complete audit batch ${batchId}: ${messageOf(error)}`,
          {
            cause: error,
          },
        );
      }
      return recorded;
    },
    async stop() {
      await handOn().catch(() => undefined);
      return recorded;
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
