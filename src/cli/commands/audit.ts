/**
 * @module cli/commands/audit
 * `sanctions audit list | replay [--batch ID]`: the recorded checks (`sanctions check --record`, the
 * API), and their replay under the regime version and list snapshot they were made with. Replay exits
 * 0 when every check gives the same answer, 2 when some differ (each difference printed).
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
import type { Store } from "../../store/index.js";
import { printJson, printLines, UsageError } from "../output.js";

/** Adds the `audit` command group to the program. */
export function register(program: Command): void {
  const audit = program.command("audit").description("the audit log of recorded checks, and their replay");

  audit
    .command("list")
    .description("recorded batches, newest first")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }) => {
      const batches = await run(() => onStore((store) => store.audit.batches()));
      if (opts.json === true) {
        printJson(batches);
        return;
      }
      printLines(
        batches.map(
          (b) =>
            `${b.id}  ${b.recordedAt}  ${String(b.checks).padStart(7)} checks  ${b.source}  regime ${b.regimeVersion.slice(0, 19)}  lists ${b.listSnapshot?.slice(0, 12) ?? "none"}`,
        ),
      );
    });

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
