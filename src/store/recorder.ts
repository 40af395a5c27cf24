/**
 * @module store/recorder
 * Records a run of checks in the audit log as it goes: an evaluator that notes each activity and the
 * context's answers, and an output writer that, before passing each batch of results on, adds the
 * verdicts to the open audit batch. Everything sits in one transaction until {@link CheckRecorder.commit}:
 * a process killed mid-run leaves no batch and no check of it in the database.
 */
import { createEvaluator, type EvaluationContext, type Evaluator } from "../evaluate/index.js";
import type { Activity } from "../model/activity.js";
import type { ListSnapshot } from "../model/designation.js";
import type { CompiledRegime } from "../model/regime.js";
import type { Verdict } from "../model/verdict.js";
import { recordingContext, type RecordedAnswers } from "./answers.js";
import type { BatchWriter } from "./audit.js";
import { StoreError } from "./errors.js";
import { readRegimeFiles, versionOfFiles } from "./regimes.js";
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
  /** Wraps the output writer so that each batch of verdicts is recorded before it is written. */
  wrap(writer: ResultWriter): ResultWriter;
  commit(): Promise<number>;
  rollback(): Promise<void>;
}

export interface RecorderOptions {
  readonly regime: CompiledRegime;
  /** The regime package directory, whose files are stored with the version the first time. */
  readonly regimeDir: string;
  /** The list snapshots the screener holds (stored so that replays find them). */
  readonly snapshots: readonly ListSnapshot[];
  readonly context: EvaluationContext;
  readonly source: string;
}

/**
 * Stores the regime version and the snapshots, opens an audit batch, and returns the recorder.
 * @throws {StoreError} `corrupt` when the regime directory's files are not the loaded version
 */
export async function startRecording(store: Store, options: RecorderOptions): Promise<CheckRecorder> {
  const { regime } = options;
  if (!(await store.regimes.has(regime.version))) {
    const files = await readRegimeFiles(options.regimeDir);
    if (versionOfFiles(files) !== regime.version)
      throw new StoreError("corrupt", `${options.regimeDir} changed since it was loaded (or holds drafts)`);
    await store.regimes.save(regime.version, files);
  }
  for (const snapshot of options.snapshots) await store.snapshots.save(snapshot);
  const recording = recordingContext(options.context);
  const inner = createEvaluator(regime, recording.context);
  const pending: { activity: Activity; answers: RecordedAnswers }[] = [];
  const batch: BatchWriter = await store.audit.begin({
    source: options.source,
    regimeVersion: regime.version,
    listSnapshot: options.snapshots.length > 0 ? options.snapshots.map((s) => s.id).join(",") : null,
    context: {
      ledger: options.context.caps !== undefined,
      exemptions: options.context.exemptions !== undefined,
      nomenclatures: Object.keys(options.context.nomenclatures ?? {}),
    },
  });

  const record = async (records: readonly Readonly<Record<string, unknown>>[]): Promise<void> => {
    const checks = [];
    for (const result of records) {
      // Rejected lines (no verdict) were never evaluated: nothing of them is pending.
      if ("error" in result) continue;
      const noted = pending.shift();
      if (!noted) throw new StoreError("invalid_record", "a verdict came out that was never evaluated");
      checks.push({
        activity: noted.activity,
        verdict: result as unknown as Verdict,
        answers: noted.answers,
      });
    }
    await batch.add(checks);
  };

  return {
    batchId: batch.id,
    evaluator: {
      evaluate(activity) {
        const verdict = inner.evaluate(activity);
        pending.push({ activity, answers: recording.take() });
        return verdict;
      },
    },
    wrap(writer) {
      return {
        async write(result) {
          await record([result]);
          await writer.write(result);
        },
        async writeMany(results) {
          await record(results);
          if (writer.writeMany) await writer.writeMany(results);
          else for (const result of results) await writer.write(result);
        },
        end: () => writer.end(),
      };
    },
    commit: () => batch.commit(),
    rollback: () => batch.rollback(),
  };
}
