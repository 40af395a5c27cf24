/**
 * @module batch/check
 * The batch check pipeline: records in (JSON Lines or CSV, streamed), activities parsed, verdicts out,
 * one per record, in order. A bad record becomes an error line and the run goes on; the summary counts
 * verdicts by outcome and by measure.
 */
import type { Evaluator } from "../evaluate/index.js";
import { parseActivity } from "../model/activity.js";
import type { Outcome, Verdict } from "../model/verdict.js";
import type { RecordWriter } from "./write.js";
import { readRecordBatches, type BatchFormat, type ReadProgress } from "./read.js";

/** One output line for a record that could not be evaluated. */
export interface RejectedLine {
  readonly id: string | null;
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly line: number;
    readonly field?: string;
  };
}

export interface CheckSummary {
  readonly evaluated: number;
  readonly rejected: number;
  readonly byVerdict: Readonly<Record<Outcome, number>>;
  /** How many verdicts each measure was a reason of (prohibiting, conditioning or undecided). */
  readonly byMeasure: Readonly<Record<string, number>>;
}

export interface CheckOptions {
  readonly format?: BatchFormat;
  readonly maxLineBytes?: number;
  readonly progress?: ReadProgress;
  /** Called for each verdict or rejection, in input order, before it is written. */
  readonly onResult?: (result: Verdict | RejectedLine) => void;
}

/** Reads activities from `input`, evaluates each, writes each result to `writer`; returns the summary. */
export async function runCheck(
  input: NodeJS.ReadableStream | string,
  evaluator: Evaluator,
  writer: RecordWriter,
  options: CheckOptions = {},
): Promise<CheckSummary> {
  const byVerdict: Record<Outcome, number> = { prohibited: 0, permitted: 0, conditional: 0, review: 0 };
  const byMeasure: Record<string, number> = {};
  let evaluated = 0;
  let rejected = 0;
  const batches = readRecordBatches(input, {
    format: options.format ?? "auto",
    requiredColumns: ["id", "type", "date"],
    ...(options.maxLineBytes ? { maxLineBytes: options.maxLineBytes } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  });
  // One batch of records (a chunk of input) at a time: evaluated in order, then written together.
  const results: Record<string, unknown>[] = [];
  for await (const batch of batches) {
    results.length = 0;
    for (const item of batch) {
      let result: Verdict | RejectedLine;
      if ("error" in item) {
        result = { id: null, error: { ...item.error, line: item.line } };
      } else {
        const parsed = parseActivity(item.record);
        if (parsed.ok) {
          result = evaluator.evaluate(parsed.activity);
        } else {
          result = { id: parsed.id ?? null, error: { ...parsed.error, line: item.line } };
        }
      }
      if ("error" in result) {
        rejected++;
      } else {
        evaluated++;
        byVerdict[result.verdict]++;
        countMeasures(byMeasure, result.reasons);
      }
      options.onResult?.(result);
      results.push(result as unknown as Record<string, unknown>);
    }
    if (writer.writeMany) await writer.writeMany(results);
    else for (const result of results) await writer.write(result);
  }
  await writer.end();
  return { evaluated, rejected, byVerdict, byMeasure };
}

/** Counts each measure once per verdict it is a non-permitting reason of (in order of first mention). */
function countMeasures(byMeasure: Record<string, number>, reasons: Verdict["reasons"]): void {
  for (let i = 0; i < reasons.length; i++) {
    const measure = reasons[i]?.measure;
    if (!measure || reasons[i]?.outcome === "permitted") continue;
    let seen = false;
    for (let j = 0; j < i && !seen; j++)
      seen = reasons[j]?.measure === measure && reasons[j]?.outcome !== "permitted";
    if (!seen) byMeasure[measure] = (byMeasure[measure] ?? 0) + 1;
  }
}
