/**
 * @module cli/commands/check
 * `sanctions check [FILE|-]`: activities as JSON Lines or CSV in (streamed), one verdict per line out.
 * Exit 0 when every record was evaluated, 2 when some were rejected (summary on stderr), 1 when the
 * input cannot be read at all. With `--record`, verdicts are printed only once recorded (see
 * `store/recorder`): whatever stops the run, what it printed is in the audit log.
 *
 * Citations are verified against the official texts when they are at hand (`--texts DIR`,
 * `SANCTIONS_TEXTS_DIR`); `--text` prints, under each reason, the anchor and the paragraph's words.
 */
import type { Command } from "commander";
import {
  BatchInputError,
  createCsvWriter,
  createJsonlWriter,
  createProgress,
  inputSize,
  runCheck,
  type RejectedLine,
} from "../../batch/index.js";
import { defaultRegimeDir } from "../../config/index.js";
import { createEvaluator } from "../../evaluate/index.js";
import type { Verdict } from "../../model/verdict.js";
import type { CheckRecorder, Store } from "../../store/index.js";
import { verdictCsvColumns } from "../../model/vocabulary.js";
import { UsageError, verdictLines } from "../output.js";
import { citationTextLines, resolveOfficialTexts } from "../official-texts.js";
import { loadRegimeOrFail } from "../regime-source.js";
// The database modules (PGlite, Kysely, pg) take most of a second to load: they are imported below
// only when the store may hold something.
import { evaluationContextOf, openConfiguredStore, storeMayHoldAnything } from "../store-source.js";

interface CheckCliOptions {
  json?: boolean;
  csv?: boolean;
  format?: "jsonl" | "csv" | "auto";
  progress?: boolean;
  regime?: string;
  record?: boolean;
  texts?: string;
  text?: boolean;
}

export function register(program: Command): void {
  program
    .command("check")
    .description(
      "Evaluate activities (shipments, payments, contracts, vessel operations) against the regime on their dates",
    )
    .argument("[file]", "JSON Lines or CSV file of activities; - or nothing for standard input", "-")
    .option("--json", "print one JSON verdict per line (JSON Lines)")
    .option("--csv", "print verdicts as CSV")
    .option("--format <format>", "input format: jsonl, csv or auto", "auto")
    .option("--no-progress", "no progress bar on stderr")
    .option("--regime <dir>", "a regime package directory instead of the embedded DPRK regime")
    .option(
      "--texts <dir>",
      "official resolution texts (Akoma Ntoso XML) to verify citations against (default: $SANCTIONS_TEXTS_DIR)",
    )
    .option("--text", "print under each reason its anchor and the paragraph's official text")
    .option(
      "--record",
      "record the checks in the audit log (one batch, committed in parts of 1,000: each verdict is printed once recorded)",
    )
    .addHelpText(
      "after",
      `
An activity has at least id, type (goods, employment, joint_venture, payment, vessel, service) and date.
Goods: hs, from, to (ISO alpha-2), optional origin, port, contractDate, description, quantity, unit,
value, currency, hsEdition, parties [{name, role, country, imo, dob}], vessel {name, imo, flag}.
Parties are screened against the lists sanctions lists list marks active (the database's, imported
with sanctions lists import or through the API).

Example:
  echo '{"id":"1","type":"goods","date":"2019-12-17","hs":"0302.11","from":"KP","to":"CN"}' | sanctions check`,
    )
    .action(async (file: string, options: CheckCliOptions) => {
      if (options.format && !["jsonl", "csv", "auto"].includes(options.format)) {
        throw new UsageError(`--format must be jsonl, csv or auto, got "${options.format}"`);
      }
      let summary: Awaited<ReturnType<typeof runCheck>> | undefined;
      const texts = await resolveOfficialTexts({ texts: options.texts });
      const regime = await loadRegimeOrFail(options.regime, texts);
      const under =
        options.text === true
          ? (reason: Verdict["reasons"][number]) =>
              reason.citation === null ? [] : citationTextLines(texts, reason.citation, reason.anchor)
          : undefined;
      // The database is opened only when it may hold lists, a ledger or exemptions (or a record is
      // asked): with nothing stored yet, check stays instant and creates nothing.
      let store: Store | undefined;
      let recorder: CheckRecorder | undefined;
      const stores =
        options.record === true || storeMayHoldAnything() ? await import("../../store/index.js") : undefined;
      try {
        if (stores) store = await openConfiguredStore();
        // What the service uses too: the database's active lists, the ledger and the exemption records.
        const { context, snapshots } = await evaluationContextOf(
          store,
          regime,
          options.regime ?? defaultRegimeDir,
        );
        if (stores && store && options.record === true) {
          recorder = await stores.startRecording(store, {
            regime,
            regimeDir: options.regime ?? defaultRegimeDir,
            // The snapshots the screener holds, stored so that a replay screens against the same lists.
            snapshots,
            context,
            source: "cli",
          });
        } else if (store) {
          // Everything the checks need is in memory now; an open PGlite would keep the process alive.
          await store.close();
          store = undefined;
        }
        const evaluator = recorder?.evaluator ?? createEvaluator(regime, context);
        const output = options.csv
          ? createCsvWriter(process.stdout, { columns: verdictCsvColumns })
          : options.json
            ? createJsonlWriter(process.stdout)
            : {
                write: async (record: Readonly<Record<string, unknown>>) =>
                  writeText(record as unknown as Verdict | RejectedLine, under),
                end: () => Promise.resolve(),
              };
        const writer = recorder ? recorder.wrap(output) : output;
        const progress = createProgress({
          total: file === "-" ? undefined : await inputSize(file),
          silent: options.progress === false,
        });
        try {
          summary = await runCheck(file, evaluator, writer, { format: options.format ?? "auto", progress });
        } catch (error) {
          if (error instanceof BatchInputError)
            throw new UsageError(`cannot read ${file === "-" ? "standard input" : file}: ${error.message}`);
          throw error;
        } finally {
          progress.stop();
        }
        if (recorder) {
          const recorded = await recorder.finish();
          process.stderr.write(`recorded ${recorded} checks in audit batch ${recorder.batchId}\n`);
        }
      } catch (error) {
        if (recorder) {
          // What was printed is recorded; the batch keeps it, marked incomplete.
          const recorded = await recorder.stop();
          process.stderr.write(
            `recorded ${recorded} checks in audit batch ${recorder.batchId}, left incomplete as the run stopped\n`,
          );
        }
        if (stores?.isStoreError(error)) throw new UsageError(`${error.code}: ${error.message}`);
        throw error;
      } finally {
        await store?.close();
      }
      const total = summary.evaluated + summary.rejected;
      if (total === 0)
        throw new UsageError(`empty input: no activity in ${file === "-" ? "standard input" : file}`);
      const counts = Object.entries(summary.byVerdict)
        .filter(([, count]) => count > 0)
        .map(([verdict, count]) => `${count} ${verdict}`)
        .join(", ");
      if (file !== "-" || summary.rejected > 0) {
        process.stderr.write(
          `checked ${summary.evaluated} of ${total} activities: ${counts || "none evaluated"}${summary.rejected > 0 ? `; ${summary.rejected} rejected` : ""}\n`,
        );
      }
      if (summary.rejected > 0) process.exitCode = 2;
    });
}

async function writeText(
  result: Verdict | RejectedLine,
  under?: (reason: Verdict["reasons"][number]) => readonly string[],
): Promise<void> {
  const lines: string[] = [];
  if ("error" in result) {
    lines.push(`${result.id ?? "?"}  REJECTED  line ${result.error.line}: ${result.error.message}`);
  } else {
    lines.push(...verdictLines(result, under));
  }
  const text = lines.join("\n") + "\n";
  if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once("drain", resolve));
}
