/**
 * @module cli/commands/exemptions
 * `sanctions exemptions add FILE | list | show REF`: the Committee's humanitarian exemption approvals
 * and 2664 carve-out records in the engine's database, which `sanctions check` then applies. A file
 * is held to the same limits as `POST /v1/exemptions` (the record schema's, from `model/limits.ts`),
 * and adding it again changes nothing (`unchanged`).
 */
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { dataDir } from "../../config/index.js";
import {
  ExemptionError,
  exemptionCitation,
  exemptionState,
  lastValidDay,
  parseExemptionFile,
  type ExemptionRecord,
} from "../../exemptions/index.js";
import { today } from "../../model/dates.js";
import { MAX_ID_LENGTH } from "../../model/limits.js";
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

/** Adds the `exemptions` command group to the program. */
export function register(program: Command): void {
  const exemptions = program
    .command("exemptions")
    .description("humanitarian exemption approvals (2397 OP25) and 2664 carve-out records");

  exemptions
    .command("add")
    .description("add records from a YAML or JSON file (one record or a list)")
    .argument("<file>", "YAML or JSON file")
    .option("--replace", "replace records whose reference exists (an extension, a shipment used)")
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      `
A Committee approval:
  reference: 1718-HEX-2021-07          kind: committee        applicant: Relief Org
  approved: 2021-02-01                 validityMonths: 9      (or validUntil: 2021-10-31)
  items: [{description: tractor parts, hs: ["8708"], quantity: 50, unit: pieces}]
  parties: [{name: Relief Org}]        shipments: {allowed: 3, used: 0}
A 2664 carve-out:
  reference: 2664-WFP  kind: carve-out  actor: World Food Programme  aliases: [WFP]  category: un`,
    )
    .action(async (file: string, opts: { replace?: boolean; json?: boolean }) => {
      const text = await readFile(file, "utf8").catch(() => {
        throw new UsageError(`cannot read ${file}`);
      });
      const records = await run(() => Promise.resolve(parseExemptionFile(text)));
      const result = await run(() =>
        onStore((store) => store.exemptions.add(records, opts.replace === true ? { replace: true } : {})),
      );
      if (opts.json === true) printJson(result);
      else printLines([`${result.added} added, ${result.replaced} replaced, ${result.unchanged} unchanged`]);
    });

  exemptions
    .command("list")
    .description("the stored records, with whether each is in force today")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }) => {
      const records = await run(() => onStore((store) => store.exemptions.list()));
      if (opts.json === true) {
        printJson(
          records.map((record) => ({
            ...record,
            validUntil: lastValidDay(record) ?? null,
            state: state(record),
          })),
        );
        return;
      }
      printLines(records.map(line));
    });

  exemptions
    .command("show")
    .description("one record")
    .argument("<reference>", "the exemption's reference")
    .option("--json", "print as JSON")
    .action(async (reference: string, opts: { json?: boolean }) => {
      if (reference.length > MAX_ID_LENGTH)
        throw new UsageError(
          `record_invalid: reference: at most ${MAX_ID_LENGTH} characters (${reference.length} given)`,
        );
      const record = await run(() => onStore((store) => store.exemptions.get(reference)));
      if (!record) throw new UsageError(`not_found: no exemption ${reference}`);
      const details = {
        ...record,
        validUntil: lastValidDay(record) ?? null,
        state: state(record),
        citation: exemptionCitation[record.kind],
      };
      if (opts.json === true) printJson(details, true);
      else printLines([line(record), JSON.stringify(details, null, 2)]);
    });
}

function state(record: ExemptionRecord): string {
  return exemptionState(record, today());
}

function line(record: ExemptionRecord): string {
  if (record.kind === "carve-out")
    return `${record.reference.padEnd(20)} carve-out  ${record.actor} (${record.category}) from ${record.from}  [${exemptionCitation["carve-out"]}]  ${state(record)}`;
  return `${record.reference.padEnd(20)} committee  ${record.applicant}, approved ${record.approved}, valid until ${lastValidDay(record) ?? "?"}, shipments ${record.shipments.used}/${record.shipments.allowed}  [${exemptionCitation.committee}]  ${state(record)}`;
}

async function run<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ExemptionError || (await loadStore()).isStoreError(error))
      throw new UsageError(`${error.code}: ${error.message}`);
    throw error;
  }
}
