/**
 * @module cli/commands/audit
 * `sanctions audit list | show ACTIVITY-ID | replay [--batch ID]`: the recorded checks (`sanctions
 * check --record`, the API), one activity's checks with their verdicts and reasons, and their replay
 * under the regime version and list snapshot they were made with. Replay exits 0 when every check
 * gives the same answer, 2 when some differ (each difference printed).
 */
import type { Command } from "commander";
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
      "recorded batches, newest first (the API records one per request); a run of check --record that was stopped is marked incomplete",
    )
    .option("--limit <n>", "at most this many (0: all)", "50")
    .option("--json", "print as JSON")
    .action(async (opts: { limit: string; json?: boolean }) => {
      const limit = wholeNumber(opts.limit, "--limit");
      const { batches, total } = await run(() =>
        onStore(async (store) => ({
          batches: await store.audit.batches(limit === 0 ? {} : { limit }),
          total: await store.audit.batchCount(),
        })),
      );
      if (opts.json === true) printJson(batches);
      else
        printLines(
          batches.map(
            (b) =>
              `${b.id}  ${b.recordedAt}  ${String(b.checks).padStart(7)} checks  ${b.source}  regime ${b.regimeVersion.slice(0, 19)}  lists ${b.listSnapshot?.slice(0, 12) ?? "none"}${b.complete ? "" : "  incomplete"}`,
          ),
        );
      if (batches.length < total)
        process.stderr.write(`${batches.length} of ${total} batches shown (--limit 0 for all)\n`);
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
