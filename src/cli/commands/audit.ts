/**
 * @module cli/commands/audit
 * `sanctions audit list | show ACTIVITY-ID | replay [--batch ID] | rejected [ID...] [--retry |
 * --discard]`: the recorded checks (`sanctions check --record`, the API) and analysts' decisions on
 * screening alerts, one activity's checks with their verdicts and reasons, and their replay under the
 * regime version, list snapshot and decisions they were made with. Replay exits 0 when every check gives the same answer, 2 when some differ (each
 * difference printed). `rejected` shows the API's audit batches the database refused for their data,
 * which the server set aside on disk, and lets an operator store them again or discard them.
 */
import { join } from "node:path";
import type { Command } from "commander";
import { auditJournalDir } from "../../api/audit-journal.js";
import {
  discardRejected,
  listRejected,
  rejectedDirOf,
  retryRejected,
  type RejectedBatch,
  type RetryOutcome,
} from "../../api/audit-rejected.js";
import { dataDir } from "../../config/index.js";
import { loadNomenclatures } from "../../goods/index.js";
// Loaded when a subcommand runs: the database modules take most of a second to import, and every
// other command (the quick start among them) must not pay for them.
const loadStore = () => import("../../store/index.js");

/** Runs `work` on the store the environment names, and closes it. */
async function onStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const { storeTarget, withStore } = await loadStore();
  return withStore(storeTarget(dataDir()), work);
}
import type { Verdict } from "../../model/verdict.js";
import type { Store } from "../../store/index.js";
import { printJson, printLines, UsageError, verdictLines } from "../output.js";

/** Adds the `audit` command group to the program. */
export function register(program: Command): void {
  const audit = program.command("audit").description("the audit log of recorded checks, and their replay");

  audit
    .command("list")
    .description(
      "the audit log, newest first: batches of recorded checks (the API records one per request; a run of check --record that was stopped is marked incomplete) and analysts' decisions on screening alerts",
    )
    .option("--limit <n>", "at most this many (0: all)", "50")
    .option("--json", "print as JSON")
    .action(async (opts: { limit: string; json?: boolean }) => {
      const limit = wholeNumber(opts.limit, "--limit");
      const { entries, total } = await run(() =>
        onStore(async (store) => (await loadStore()).auditEntries(store, limit === 0 ? {} : { limit })),
      );
      if (opts.json === true) printJson(entries);
      else
        printLines(
          entries.map((entry) =>
            entry.kind === "decision"
              ? `${entry.id}  ${entry.recordedAt}  decision ${entry.decision.decision}  ${entry.decision.party} ↔ ${entry.decision.list} ${entry.decision.entry}  by ${entry.by}: ${entry.decision.note}`
              : `${entry.id}  ${entry.recordedAt}  ${String(entry.checks).padStart(7)} checks  ${entry.source}  regime ${entry.regimeVersion.slice(0, 19)}  lists ${entry.listSnapshot?.slice(0, 12) ?? "none"}${entry.complete ? "" : "  incomplete"}`,
          ),
        );
      if (entries.length < total)
        process.stderr.write(`${entries.length} of ${total} records shown (--limit 0 for all)\n`);
    });

  audit
    .command("show")
    .description(
      "the recorded checks of an activity (by its id), newest first: verdict, reasons, versions, who and when",
    )
    .argument("<activity-id>", "the activity's id, as it was sent")
    .option("--batch <id>", "only in this batch")
    .option("--request <id>", "only from this API request (its X-Request-Id)")
    .option("--limit <n>", "at most this many (at least 1)", "20")
    .option("--replay", "re-evaluate each under its recorded versions and say whether the answer is the same")
    .option("--json", "print as JSON")
    .addHelpText(
      "after",
      `
Exit code 0 when checks are found (and, with --replay, all give the same answer), 1 when none is
recorded, 2 when a replay differs.

Example:
  sanctions audit show shipment-0042 --replay`,
    )
    .action(
      async (
        activityId: string,
        opts: { batch?: string; request?: string; limit: string; replay?: boolean; json?: boolean },
      ) => {
        const limit = wholeNumber(opts.limit, "--limit", 1);
        const filter = {
          activityId,
          ...(opts.batch === undefined ? {} : { batchId: opts.batch }),
          ...(opts.request === undefined ? {} : { requestId: opts.request }),
        };
        const replay =
          opts.replay === true ? { nomenclatures: await loadNomenclatures(dataDir()) } : undefined;
        const checks = await run(() =>
          onStore(async (store) =>
            (await loadStore()).lookUpChecks(store, filter, { limit, ...(replay ? { replay } : {}) }),
          ),
        );
        if (checks.length === 0)
          throw new UsageError(
            `not_found: no recorded check of activity "${activityId}"` +
              (opts.batch === undefined ? "" : ` in batch ${opts.batch}`) +
              (opts.request === undefined ? "" : ` from request ${opts.request}`),
          );
        if (opts.json === true) printJson(checks);
        else {
          const lines: string[] = [];
          for (const check of checks) {
            lines.push(
              `${check.checkedAt}  batch ${check.batchId} #${check.seq}  ${check.source}`,
              `  regime ${check.regimeVersion}  lists ${check.listSnapshot ?? "none"}`,
              ...verdictLines(check.result as unknown as Verdict).map((line) => `  ${line}`),
            );
            if (check.replay !== undefined)
              lines.push(
                "kind" in check.replay
                  ? `  replayed: DIFFERENT (${check.replay.kind}): ${check.replay.message}`
                  : "  replayed: the same answer",
              );
            lines.push("");
          }
          printLines(lines);
        }
        if (checks.some((check) => check.replay !== undefined && "kind" in check.replay))
          process.exitCode = 2;
      },
    );

  audit
    .command("replay")
    .description("re-evaluate recorded checks under their recorded versions and report every difference")
    .option("--batch <id>", "only this batch")
    .option("--json", "print the report as JSON")
    .action(async (opts: { batch?: string; json?: boolean }) => {
      const nomenclatures = await loadNomenclatures(dataDir());
      const report = await run(() =>
        onStore(async (store) => {
          if (opts.batch !== undefined && !(await store.audit.batch(opts.batch)))
            throw new UsageError(`not_found: no recorded batch ${opts.batch}`);
          return (await loadStore()).replayChecks(store, {
            ...(opts.batch === undefined ? {} : { batchId: opts.batch }),
            nomenclatures,
          });
        }),
      );
      if (opts.json === true) printJson(report);
      else {
        printLines([
          `replayed ${report.checks} checks: ${report.identical} identical, ${report.differences.length} different`,
          ...report.differences.map(
            (d) => `  ${d.batchId} #${d.seq} ${d.activityId}: ${d.kind}: ${d.message}`,
          ),
        ]);
      }
      if (report.differences.length > 0) process.exitCode = 2;
    });

  audit
    .command("rejected")
    .description(
      "API audit batches the database refused for their data, set aside on disk: list, --retry, --discard",
    )
    .argument("[ids...]", "only these batches (all when none is given; at least one with --discard)")
    .option("--retry", "store them in the audit log again, after fixing what the database refused")
    .option("--discard", "delete them for good: their checks are then on record nowhere")
    .option("--json", "print as JSON")
    .addHelpText(
      "after",
      `
The server sets a batch aside (in $SANCTIONS_DATA_DIR/audit-journal/rejected/) when the database
refuses it for what it holds, so that it holds back no other check; it never retries it by itself.
With --retry, a batch stored is removed from the list; one refused again stays, with the new reason.
Exit code 0; 2 when --retry leaves a batch refused; 1 on an unknown id or an unreachable database.

Example:
  sanctions audit rejected
  sanctions audit rejected --retry
  sanctions audit rejected --discard 6f1c0d2e-0b1a-4c55-9d3e-2a7f1e0c9b41`,
    )
    .action(async (ids: string[], opts: { retry?: boolean; discard?: boolean; json?: boolean }) => {
      if (opts.retry === true && opts.discard === true)
        throw new UsageError("--retry and --discard cannot be given together");
      if (opts.discard === true && ids.length === 0)
        throw new UsageError("--discard needs the id of each batch to discard");
      const journalDir = auditJournalDir(dataDir());
      const { batches: all, unreadable } = await listRejected(journalDir);
      for (const file of unreadable)
        process.stderr.write(
          `${join(rejectedDirOf(journalDir), file.file)}: not a set-aside batch: ${file.message}\n`,
        );
      const batches = selectRejected(all, ids);

      if (opts.discard === true) {
        for (const batch of batches) await discardRejected(journalDir, batch);
        if (opts.json === true) printJson(batches.map((batch) => ({ id: batch.id, checks: batch.checks })));
        else printLines(batches.map((batch) => `discarded ${batch.id} (${checksText(batch.checks)})`));
        return;
      }
      if (opts.retry === true && batches.length > 0) {
        const outcomes: RetryOutcome[] = [];
        try {
          await run(() =>
            onStore(async (store) => {
              for await (const outcome of retryRejected(journalDir, store.audit, batches)) {
                outcomes.push(outcome);
                if (opts.json !== true) printLines([outcomeText(outcome)]);
              }
            }),
          );
        } finally {
          // What was done before a failure is said too.
          if (opts.json === true) printJson(outcomes);
        }
        if (outcomes.some((outcome) => outcome.outcome === "refused")) process.exitCode = 2;
        return;
      }
      if (opts.json === true)
        printJson(
          batches.map(({ line: _line, file, ...batch }) => ({
            ...batch,
            file: join(rejectedDirOf(journalDir), file),
          })),
        );
      else if (batches.length === 0) process.stderr.write("no audit batches are set aside\n");
      else
        printLines(
          batches.map(
            (b) =>
              `${b.id}  ${b.rejectedAt}  ${checksText(b.checks).padStart(10)}  ${b.source}  ${b.reason.sqlState}: ${b.reason.message}`,
          ),
        );
    });
}

/** The set-aside batches named by `ids` (all when none is named). */
function selectRejected(batches: readonly RejectedBatch[], ids: readonly string[]): RejectedBatch[] {
  if (ids.length === 0) return [...batches];
  const byId = new Map(batches.map((batch) => [batch.id, batch]));
  return [...new Set(ids)].map((id) => {
    const batch = byId.get(id);
    if (!batch) throw new UsageError(`not_found: no set-aside audit batch "${id}"`);
    return batch;
  });
}

function checksText(checks: number): string {
  return `${String(checks)} ${checks === 1 ? "check" : "checks"}`;
}

function outcomeText(outcome: RetryOutcome): string {
  return outcome.outcome === "stored"
    ? `stored ${outcome.id} (${checksText(outcome.checks)})`
    : `refused again ${outcome.id} (${checksText(outcome.checks)}): ${outcome.reason.sqlState}: ${outcome.reason.message}`;
}

async function run<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((await loadStore()).isStoreError(error)) throw new UsageError(`${error.code}: ${error.message}`);
    throw error;
  }
}

function wholeNumber(text: string, option: string, least = 0): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < least)
    throw new UsageError(`${option} must be a whole number of at least ${String(least)}, got "${text}"`);
  return value;
}
