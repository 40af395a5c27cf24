/**
 * @module cli/commands/caps
 * `sanctions caps import FILE | add | list | void ID | status`: the refined-petroleum (or any capped
 * measure's) ledger in the engine's database. Thin: the totals, keys and limits are in `src/caps`,
 * storage in `src/store`. Writes are idempotent (a record run in again is `unchanged`, see
 * `src/caps/key.ts`), and a wrong record is voided, never deleted.
 */
import { readFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { basename } from "node:path";
import type { Command } from "commander";
import {
  CapError,
  capStatusJson,
  createLedger,
  deliveryProblemMessage,
  loadCapsData,
  normaliseUnit,
  parseNotificationsCsv,
  readQuantity,
  textProblem,
  type CapStatus,
  type Delivery,
  type DeliveryProblem,
} from "../../caps/index.js";
import { dataDir, defaultRegimeDir } from "../../config/index.js";
import { isIsoDate, today } from "../../model/dates.js";
import { MAX_CODE_LENGTH, MAX_ID_LENGTH, MAX_NAME_LENGTH, MAX_TEXT_LENGTH } from "../../model/limits.js";
// Loaded when a subcommand runs: the database modules take most of a second to import, and every
// other command (the quick start among them) must not pay for them.
const loadStore = () => import("../../store/index.js");

/** Runs `work` on the store the environment names, and closes it. */
async function onStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const { storeTarget, withStore } = await loadStore();
  return withStore(storeTarget(dataDir()), work);
}
import type { CompiledRegime } from "../../model/regime.js";
import type { Store } from "../../store/index.js";
import { printJson, printLines, UsageError } from "../output.js";
import { loadRegimeOrFail } from "../regime-source.js";

/** The measure named with `--measure`, or the cap the regime names as its default (`defaultCap`). */
async function capMeasure(measure: string | undefined, regime: CompiledRegime | undefined): Promise<string> {
  if (measure !== undefined) return measure;
  const id = (regime ?? (await loadRegimeOrFail(undefined))).defaultCap;
  if (id === undefined) throw new UsageError("the regime names no default cap: name one with --measure");
  return id;
}

const MEASURE_HELP = "(the regime's default cap when not given)";

/** Adds the `caps` command group to the program. */
export function register(program: Command): void {
  const caps = program
    .command("caps")
    .description("quantity-cap ledgers: deliveries, totals per period, notices");

  caps
    .command("import")
    .description("import a table of notifications (the columns of dprk-refined-petroleum-notifications.csv)")
    .argument("<file>", "CSV file")
    .option("--measure <id>", `the capped measure the rows belong to ${MEASURE_HELP}`)
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      "\nEach row's key is the file's name and its record_id: importing the file again adds nothing.",
    )
    .action(async (file: string, opts: { measure?: string; json?: boolean }) => {
      requireText("--measure", opts.measure, MAX_ID_LENGTH);
      const measure = await capMeasure(opts.measure, undefined);
      const text = await readFile(file, "utf8").catch(() => {
        throw new UsageError(`cannot read ${file}`);
      });
      const deliveries = await run(() =>
        Promise.resolve(parseNotificationsCsv(text, { name: basename(file), measure })),
      );
      const result = await run(() => onStore((store) => store.deliveries.add(deliveries)));
      const estimates = deliveries.filter((d) => d.kind === "estimate").length;
      const summary = {
        added: result.added,
        unchanged: result.unchanged,
        rows: deliveries.length,
        estimates,
      };
      if (opts.json === true) printJson(summary);
      else
        printLines([
          `${deliveries.length} rows (${deliveries.length - estimates} notifications, ${estimates} estimates): ${result.added} added, ${result.unchanged} unchanged (stored already)`,
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
    .option("--note <text>", "a note kept with the record")
    .option(
      "--key <key>",
      "the delivery's own key (a bill of lading number): two shipments alike in every field need one each",
    )
    .option("--measure <id>", `the capped measure ${MEASURE_HELP}`)
    .option("--json", "print {status, added, unchanged, delivery} as JSON")
    .addHelpText(
      "after",
      "\nRunning the same command again records nothing (status unchanged): without --key, the key is\n" +
        "derived from the measure, supplier, dates, quantity, unit, product and --estimate.",
    )
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
        note?: string;
        key?: string;
        measure?: string;
        json?: boolean;
      }) => {
        requireText("--key", opts.key, MAX_ID_LENGTH, opts.key !== undefined);
        requireText("--supplier", opts.supplier, MAX_NAME_LENGTH, true);
        requireText("--measure", opts.measure, MAX_ID_LENGTH);
        requireText("--product", opts.product, MAX_CODE_LENGTH);
        requireText("--source", opts.source, MAX_TEXT_LENGTH);
        requireText("--note", opts.note, MAX_TEXT_LENGTH);
        requireText("--unit", opts.unit, MAX_CODE_LENGTH);
        if (!isIsoDate(opts.date))
          throw new UsageError(`--date must be YYYY-MM-DD, got "${clip(opts.date)}"`);
        if (opts.until !== undefined && (!isIsoDate(opts.until) || opts.until < opts.date))
          throw new UsageError(`--until must be a date on or after --date`);
        // A single delivery is a positive quantity (a nil month is a notification, imported from a table).
        const quantity = readQuantity("--quantity", opts.quantity, { zero: false });
        if (typeof quantity !== "number") throw problemError(quantity);
        const unit = normaliseUnit(opts.unit);
        if (unit === undefined) throw new UsageError(`--unit must be bbl or t, got "${clip(opts.unit)}"`);
        const delivery: Delivery = {
          ...(opts.key === undefined ? {} : { key: opts.key }),
          measure: await capMeasure(opts.measure, undefined),
          supplier: opts.supplier,
          periodStart: opts.date,
          periodEnd: opts.until ?? opts.date,
          ...(opts.product === undefined ? {} : { product: opts.product }),
          ...(unit === "bbl" ? { barrels: quantity } : { tonnes: quantity }),
          kind: opts.estimate === true ? "estimate" : "notification",
          recordType: opts.estimate === true ? "estimate_not_notification" : "delivery",
          source: opts.source,
          sourceDate: today(),
          ...(opts.note === undefined ? {} : { note: opts.note }),
        };
        const result = await run(() => onStore((store) => store.deliveries.add([delivery])));
        const outcome = result.outcomes[0];
        if (!outcome) throw new Error("the store answered no outcome for one delivery");
        if (opts.json === true) {
          printJson({
            status: outcome.status,
            added: result.added,
            unchanged: result.unchanged,
            delivery: outcome.delivery,
          });
          return;
        }
        const stored = outcome.delivery;
        printLines([
          outcome.status === "added"
            ? `recorded ${quantity} ${unit} from ${opts.supplier} on ${opts.date} (${delivery.kind}) as delivery ${String(stored.id)}, key ${stored.key ?? ""}`
            : `unchanged: delivery ${String(stored.id)} (key ${stored.key ?? ""}) is stored already${stored.voided ? `, voided ${voidText(stored)}` : ""}`,
        ]);
      },
    );

  caps
    .command("list")
    .description("the stored delivery records, with their ids and keys; voided ones marked")
    .option("--measure <id>", "one capped measure (all by default)")
    .option("--year <year>", "records whose period touches this year")
    .option("--json", "print as JSON")
    .action(async (opts: { measure?: string; year?: string; json?: boolean }) => {
      requireText("--measure", opts.measure, MAX_ID_LENGTH);
      if (opts.year !== undefined && !/^\d{4}$/.test(opts.year))
        throw new UsageError(`--year must be a year such as 2019, got "${clip(opts.year)}"`);
      const year = opts.year;
      const all = await run(() =>
        onStore((store) => store.deliveries.list(opts.measure, { includeVoided: true })),
      );
      const deliveries =
        year === undefined
          ? all
          : all.filter((d) => d.periodStart <= `${year}-12-31` && d.periodEnd >= `${year}-01-01`);
      if (opts.json === true) printJson(deliveries);
      else printLines(deliveries.map(listLine));
    });

  caps
    .command("void")
    .description("void a delivery record: it stays stored with who, when and why, and is counted no more")
    .argument("<id>", "the record's id (caps list shows it)")
    .requiredOption("--reason <text>", "why the record is voided")
    .option("--json", "print {status, delivery} as JSON")
    .action(async (id: string, opts: { reason: string; json?: boolean }) => {
      if (!/^[1-9]\d{0,14}$/.test(id))
        throw new UsageError(`the id must be a delivery id (a positive whole number), got "${clip(id)}"`);
      requireText("--reason", opts.reason, MAX_TEXT_LENGTH, true);
      const outcome = await run(() =>
        onStore((store) => store.deliveries.void(Number(id), cliUser(), opts.reason)),
      );
      if (opts.json === true) printJson(outcome);
      else
        printLines([
          outcome.status === "voided"
            ? `voided delivery ${id}: ${voidText(outcome.delivery)}`
            : `unchanged: delivery ${id} was voided already, ${voidText(outcome.delivery)}`,
        ]);
    });

  caps
    .command("status")
    .description("how much of the cap is used in a year (or the cap's period), with the notices due")
    .option("--year <year>", "calendar year", String(new Date().getUTCFullYear()))
    .option("--measure <id>", `the capped measure ${MEASURE_HELP}`)
    .option("--regime <dir>", "a regime package directory instead of the embedded DPRK regime")
    .option("--json", "print as JSON")
    .action(async (opts: { year: string; measure?: string; regime?: string; json?: boolean }) => {
      if (!/^\d{4}$/.test(opts.year))
        throw new UsageError(`--year must be a year such as 2019, got "${clip(opts.year)}"`);
      requireText("--measure", opts.measure, MAX_ID_LENGTH);
      const regime = await loadRegimeOrFail(opts.regime);
      const measure = await capMeasure(opts.measure, regime);
      const data = await run(() => loadCapsData(opts.regime ?? defaultRegimeDir));
      // Voided records too: the totals leave them out, and the status lists them as voided.
      const deliveries = await run(() =>
        onStore((store) => store.deliveries.list(measure, { includeVoided: true })),
      );
      // The cap in force at the end of the year decides the period (October–December 2017 had its own).
      const status = createLedger(regime, deliveries, data).status(measure, `${opts.year}-12-31`);
      if ("reason" in status) {
        if (opts.json === true) printJson(status);
        else printLines([`${measure}: no status for ${opts.year} (${status.reason.replace(/_/g, " ")})`]);
        return;
      }
      if (opts.json === true) printJson(capStatusJson(status));
      else printLines(statusLines(status));
    });
}

function statusLines(status: CapStatus): string[] {
  const n = (value: number): string => value.toLocaleString("en-US", { maximumFractionDigits: 2 });
  const voided = status.totals.skipped.filter((s) => s.why === "voided");
  const leftOut = status.totals.skipped.length - voided.length;
  const lines = [
    `${status.measure}  ${status.period.start} to ${status.period.end}  cap ${n(status.limit)} bbl  [${status.citation}${status.verified ? "" : "*"}]`,
    `  notified   ${n(status.totals.notified).padStart(12)} bbl  ${status.percent}%  (${status.totals.counted.length} records counted, ${leftOut} left out as overlapping or outside)`,
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
  for (const record of voided)
    lines.push(
      `    voided     delivery ${String(record.delivery.id)}  ${record.delivery.supplier}  ${n(record.converted.barrels)} bbl: ${voidText(record.delivery)}`,
    );
  return lines;
}

function listLine(delivery: Delivery): string {
  const quantity =
    delivery.barrels !== undefined ? `${String(delivery.barrels)} bbl` : `${String(delivery.tonnes ?? "")} t`;
  const period =
    delivery.periodStart === delivery.periodEnd
      ? delivery.periodStart
      : `${delivery.periodStart}..${delivery.periodEnd}`;
  return (
    `${String(delivery.id).padStart(6)}  ${delivery.measure}  ${period}  ${delivery.supplier}  ${quantity}  ${delivery.recordType}  key ${delivery.key ?? ""}` +
    (delivery.voided ? `  VOIDED ${voidText(delivery)}` : "")
  );
}

function voidText(delivery: Delivery): string {
  const voided = delivery.voided;
  return voided ? `${voided.at} by ${voided.by}: ${voided.reason}` : "";
}

/** Who voids from the command line: `cli` and the user the process runs as. */
function cliUser(): string {
  try {
    return `cli ${userInfo().username}`;
  } catch {
    // No passwd entry for the uid (a container): the command line is all that is known.
    return "cli";
  }
}

/** Refuses an option's text over its limit (or empty, when `required`), naming the option and the limit. */
function requireText(option: string, value: string | undefined, limit: number, required = false): void {
  const problem = textProblem(option, value, limit, { required });
  if (problem) throw problemError(problem);
}

function problemError(problem: DeliveryProblem): UsageError {
  return new UsageError(`delivery_invalid: ${deliveryProblemMessage(problem)}`);
}

function clip(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
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
