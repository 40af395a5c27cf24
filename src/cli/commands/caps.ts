/**
 * @module cli/commands/caps
 * `sanctions caps import FILE | add | status`: the refined-petroleum (or any capped measure's) ledger
 * in the engine's database. Thin: the totals and the rules are in `src/caps`, storage in `src/store`.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Command } from "commander";
import {
  CapError,
  capStatusJson,
  createLedger,
  loadCapsData,
  normaliseUnit,
  parseNotificationsCsv,
  type CapStatus,
  type Delivery,
} from "../../caps/index.js";
import { dataDir, defaultRegimeDir } from "../../config/index.js";
import { isIsoDate, today } from "../../model/dates.js";
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
import { loadRegimeOrFail } from "../regime-source.js";

const DEFAULT_MEASURE = "KP-IMP-REFINED";

/** Adds the `caps` command group to the program. */
export function register(program: Command): void {
  const caps = program
    .command("caps")
    .description("quantity-cap ledgers: deliveries, totals per period, notices");

  caps
    .command("import")
    .description("import a table of notifications (the columns of dprk-refined-petroleum-notifications.csv)")
    .argument("<file>", "CSV file")
    .option("--measure <id>", "the capped measure the rows belong to", DEFAULT_MEASURE)
    .option("--json", "print the result as JSON")
    .action(async (file: string, opts: { measure: string; json?: boolean }) => {
      const text = await readFile(file, "utf8").catch(() => {
        throw new UsageError(`cannot read ${file}`);
      });
      const deliveries = await run(() =>
        Promise.resolve(parseNotificationsCsv(text, { name: basename(file), measure: opts.measure })),
      );
      const result = await run(() => onStore((store) => store.deliveries.add(deliveries)));
      const estimates = deliveries.filter((d) => d.kind === "estimate").length;
      if (opts.json === true) printJson({ ...result, rows: deliveries.length, estimates });
      else
        printLines([
          `${deliveries.length} rows (${deliveries.length - estimates} notifications, ${estimates} estimates): ${result.added} added, ${result.unchanged} already stored`,
        ]);
    });

  caps
    .command("add")
    .description("record one delivery (or an estimate of one)")
    .requiredOption("--supplier <state>", "the supplying State")
    .requiredOption("--date <date>", "delivery date (YYYY-MM-DD)")
    .requiredOption("--quantity <n>", "quantity")
    .requiredOption("--unit <unit>", "bbl or t")
    .option("--until <date>", "last day, when the figure covers a period")
    .option(
      "--product <product>",
      "product of the conversion chart (lpg, gasoline, kerosene, gas-oil, fuel-oil)",
    )
    .option("--estimate", "an estimate, not the supplier's notification (kept apart from notifications)")
    .option("--source <text>", "where the figure comes from", "entered with sanctions caps add")
    .option("--measure <id>", "the capped measure", DEFAULT_MEASURE)
    .option("--json", "print the stored record as JSON")
    .action(
      async (opts: {
        supplier: string;
        date: string;
        quantity: string;
        unit: string;
        until?: string;
        product?: string;
        estimate?: boolean;
        source: string;
        measure: string;
        json?: boolean;
      }) => {
        if (!isIsoDate(opts.date)) throw new UsageError(`--date must be YYYY-MM-DD, got "${opts.date}"`);
        if (opts.until !== undefined && (!isIsoDate(opts.until) || opts.until < opts.date))
          throw new UsageError(`--until must be a date on or after --date`);
        const quantity = Number(opts.quantity);
        if (!Number.isFinite(quantity) || quantity < 0)
          throw new UsageError(`--quantity must be a number ≥ 0, got "${opts.quantity}"`);
        const unit = normaliseUnit(opts.unit);
        if (unit === undefined) throw new UsageError(`--unit must be bbl or t, got "${opts.unit}"`);
        const delivery: Delivery = {
          measure: opts.measure,
          supplier: opts.supplier,
          periodStart: opts.date,
          periodEnd: opts.until ?? opts.date,
          ...(opts.product === undefined ? {} : { product: opts.product }),
          ...(unit === "bbl" ? { barrels: quantity } : { tonnes: quantity }),
          kind: opts.estimate === true ? "estimate" : "notification",
          recordType: opts.estimate === true ? "estimate_not_notification" : "delivery",
          source: opts.source,
          sourceDate: today(),
        };
        await run(() => onStore((store) => store.deliveries.add([delivery])));
        if (opts.json === true) printJson(delivery);
        else
          printLines([
            `recorded ${quantity} ${unit} from ${opts.supplier} on ${opts.date} (${delivery.kind})`,
          ]);
      },
    );

  caps
    .command("status")
    .description("how much of the cap is used in a year (or the cap's period), with the notices due")
    .option("--year <year>", "calendar year", String(new Date().getUTCFullYear()))
    .option("--measure <id>", "the capped measure", DEFAULT_MEASURE)
    .option("--regime <dir>", "a regime package directory instead of the embedded DPRK regime")
    .option("--json", "print as JSON")
    .action(async (opts: { year: string; measure: string; regime?: string; json?: boolean }) => {
      if (!/^\d{4}$/.test(opts.year))
        throw new UsageError(`--year must be a year such as 2019, got "${opts.year}"`);
      const regime = await loadRegimeOrFail(opts.regime);
      const data = await run(() => loadCapsData(opts.regime ?? defaultRegimeDir));
      const deliveries = await run(() => onStore((store) => store.deliveries.list(opts.measure)));
      // The cap in force at the end of the year decides the period (October–December 2017 had its own).
      const status = createLedger(regime, deliveries, data).status(opts.measure, `${opts.year}-12-31`);
      if ("reason" in status) {
        if (opts.json === true) printJson(status);
        else
          printLines([`${opts.measure}: no status for ${opts.year} (${status.reason.replace(/_/g, " ")})`]);
        return;
      }
      if (opts.json === true) printJson(capStatusJson(status));
      else printLines(statusLines(status));
    });
}

function statusLines(status: CapStatus): string[] {
  const n = (value: number): string => value.toLocaleString("en-US", { maximumFractionDigits: 2 });
  const lines = [
    `${status.measure}  ${status.period.start} to ${status.period.end}  cap ${n(status.limit)} bbl  [${status.citation}${status.verified ? "" : "*"}]`,
    `  notified   ${n(status.totals.notified).padStart(12)} bbl  ${status.percent}%  (${status.totals.counted.length} records counted, ${status.totals.skipped.length} left out as overlapping or outside)`,
    `  estimated  ${n(status.totals.estimated).padStart(12)} bbl  ${status.estimatedPercent}%  (not notifications; never added to the total)`,
  ];
  for (const notice of status.notices)
    lines.push(
      `  notice     ${notice.percent}% reached${notice.verified ? "" : " (threshold unconfirmed)"}: ${notice.notice}`,
    );
  for (const record of status.totals.counted) {
    const factor = record.converted.factor;
    lines.push(
      `    ${record.delivery.periodStart.slice(0, 7)}..${record.delivery.periodEnd.slice(0, 7)}  ${record.delivery.supplier.padEnd(26)} ${n(record.converted.barrels).padStart(12)} bbl  ${record.delivery.recordType}` +
        (factor
          ? `  (tonnes at ${factor.barrelsPerTonne} bbl/t, ${factor.id}${factor.verified ? "" : ", unconfirmed"})`
          : ""),
    );
  }
  return lines;
}

async function run<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CapError || (await loadStore()).isStoreError(error))
      throw new UsageError(`${error.code}: ${error.message}`);
    throw error;
  }
}
