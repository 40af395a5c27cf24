/**
 * @module cli/commands/hs
 * `sanctions hs import PATH|URL` and `sanctions hs lookup CODE`: thin wrappers over `src/goods`.
 */
import type { Command } from "commander";
import { dataDir } from "../../config/index.js";
import {
  checkCode,
  counterparts,
  GoodsError,
  importNomenclature,
  loadNomenclatures,
  normaliseHsCode,
  otherEdition,
  parseEdition,
  type HsEdition,
} from "../../goods/index.js";
import { printJson, printLines, UsageError } from "../output.js";

interface ImportFlags {
  readonly edition?: string;
  readonly json?: boolean;
}

interface LookupFlags {
  readonly edition?: string;
  readonly json?: boolean;
}

/** Registers `hs import` and `hs lookup` on the program. */
export function register(program: Command): void {
  const hs = program.command("hs").description("HS goods codes: import a nomenclature, look a code up");

  hs.command("import")
    .description("Import an HS nomenclature CSV (columns section, hscode, description, parent, level)")
    .argument("<source>", "path or http(s) URL of the CSV")
    .option("--edition <edition>", "HS2017 or HS2022 (guessed from the codes when absent)")
    .option("--json", "print the result as JSON")
    .action(async (source: string, flags: ImportFlags) => {
      const edition =
        flags.edition === undefined ? undefined : usage(() => parseEdition(flags.edition ?? ""));
      const { nomenclature, path } = await usageAsync(() =>
        importNomenclature(source, { dataDir: dataDir(), edition }),
      );
      const result = { edition: nomenclature.edition, codes: nomenclature.size, source, path };
      if (flags.json) printJson(result);
      else
        printLines([
          `imported ${result.edition} nomenclature: ${result.codes} codes from ${source} into ${path}`,
        ]);
    });

  hs.command("lookup")
    .description("Show a code's label and where its goods are in the other HS edition")
    .argument("<code>", "HS code, 2 to 10 digits (dots, spaces and hyphens are ignored)")
    .option("--edition <edition>", "edition the code is written in: HS2017 or HS2022", "HS2022")
    .option("--json", "print the result as JSON")
    .action(async (input: string, flags: LookupFlags) => {
      const edition = usage(() => parseEdition(flags.edition ?? "HS2022"));
      const code = usage(() => normaliseHsCode(input));
      const nomenclatures = await usageAsync(() => loadNomenclatures(dataDir()));
      const other = otherEdition(edition);
      const check = checkCode(code, nomenclatures[edition]);
      const mapped = counterparts(code, edition, other);
      const result = {
        ...check,
        edition,
        other: {
          edition: other,
          moved: mapped.moved,
          relationships: mapped.relationships,
          counterparts: mapped.codes.map((counterpart) => {
            const label = nomenclatures[other]?.label(counterpart);
            return label === undefined ? { code: counterpart } : { code: counterpart, label };
          }),
        },
      };
      if (flags.json) {
        printJson(result);
        return;
      }
      printLines([
        `${code} (${edition}): ${describe(check.status, check.label, edition)}`,
        `in ${other}: ${mapped.moved ? `moved (${mapped.relationships.join(", ")})` : "same code or heading"}`,
        ...result.other.counterparts.map((c) => `  ${c.code}${c.label === undefined ? "" : `  ${c.label}`}`),
      ]);
    });
}

function describe(
  status: "valid" | "unknown" | "form-only",
  label: string | undefined,
  edition: HsEdition,
): string {
  switch (status) {
    case "valid":
      return label ?? "";
    case "unknown":
      return `not in the imported ${edition} nomenclature`;
    case "form-only":
      return `well-formed; no ${edition} nomenclature imported, so not checked (sanctions hs import PATH|URL)`;
  }
}

// Bad input from the user (a code, an edition, a file) ends as a UsageError: one line, exit code 1.
function usage<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw asUsage(error);
  }
}

async function usageAsync<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw asUsage(error);
  }
}

function asUsage(error: unknown): unknown {
  return error instanceof GoodsError ? new UsageError(error.message) : error;
}
