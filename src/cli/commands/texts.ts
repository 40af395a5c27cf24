/**
 * @module cli/commands/texts
 * `sanctions texts import|list|history|activate`: the official texts of the resolutions, stored in the
 * engine's database as versions, one active per symbol, as `sanctions lists` does for sanctions lists.
 * Once imported, `sanctions text`, the API's `/v1/texts` routes and the web UI's citation panel read
 * them from there. Thin: reading is `src/texts`, storing `src/store/texts.ts`.
 */
import type { Command } from "commander";
import {
  importTexts,
  isTextError,
  textsVersionOf,
  type TextImportResult,
  type TextsList,
  type TextSummary,
} from "../../texts/index.js";
import { printJson, printLines, UsageError } from "../output.js";
import { withConfiguredStore, withStoreIfAny } from "../store-source.js";

/** Longest symbol or version a user may type. */
const MAX_ARGUMENT = 100;

/** Adds the `texts` command group to the program. */
export function register(program: Command): void {
  const texts = program
    .command("texts")
    .description("The official texts of the resolutions (UN Akoma Ntoso XML), versioned in the database");

  texts
    .command("import")
    .description(
      "Import a text, a folder of texts or an http(s) URL of one, and make each active for its symbol",
    )
    .argument("<source>", "an Akoma Ntoso XML file, a folder of them, or an http(s) URL")
    .option("--json", "print the result as JSON")
    .action(async (source: string, opts: { json?: boolean }) => {
      const result = await withConfiguredStore((store) => usage(() => importTexts(store.texts, source)));
      for (const failure of result.failures)
        process.stderr.write(`sanctions: skipped ${failure.source}: ${failure.code}: ${failure.message}\n`);
      if (opts.json === true) {
        printJson(result);
        return;
      }
      printLines(importLines(result));
    });

  texts
    .command("list")
    .description("Show the active texts: symbol, adoption date, paragraphs, source file and SHA-256")
    .option("--json", "print as JSON (as GET /v1/texts)")
    .action(async (opts: { json?: boolean }) => {
      const list = await withStoreIfAny(async (store) =>
        textsList(store ? await store.texts.activeSummaries() : []),
      );
      if (opts.json === true) {
        printJson(list);
        return;
      }
      if (list.texts.length === 0) {
        process.stderr.write("no official texts yet; run `sanctions texts import DIR|FILE|URL`\n");
        return;
      }
      printLines([
        `texts ${list.textsVersion.slice(0, 19)}: ${list.texts.length} active`,
        ...list.texts.map((t) => summaryLine(t, false)),
      ]);
    });

  texts
    .command("history")
    .description("Show every stored version, newest first (* = active)")
    .argument("[symbol]", "only the versions of this symbol, as stored: S/RES/2397 (2017)")
    .option("--json", "print as JSON")
    .action(async (symbol: string | undefined, opts: { json?: boolean }) => {
      if (symbol !== undefined && symbol.length > MAX_ARGUMENT)
        throw new UsageError(`symbol: longer than ${MAX_ARGUMENT} characters`);
      const versions = await withStoreIfAny(async (store) =>
        store ? await store.texts.history(symbol) : [],
      );
      if (opts.json === true) {
        printJson({ versions });
        return;
      }
      if (versions.length === 0) {
        process.stderr.write(
          symbol === undefined
            ? "no official texts yet; run `sanctions texts import DIR|FILE|URL`\n"
            : `no stored version of ${symbol}\n`,
        );
        return;
      }
      printLines(versions.map((t) => summaryLine(t, true)));
    });

  texts
    .command("activate")
    .description("Make a stored version the active text of its symbol")
    .argument("<version>", "the version's SHA-256, or an unambiguous prefix of at least 6 hex digits")
    .option("--json", "print as JSON")
    .action(async (version: string, opts: { json?: boolean }) => {
      if (version.length > MAX_ARGUMENT)
        throw new UsageError(`version: longer than ${MAX_ARGUMENT} characters`);
      const summary = await withConfiguredStore((store) => usage(() => store.texts.activate(version)));
      if (opts.json === true) {
        printJson(summary);
        return;
      }
      printLines([`${summary.symbol}: version ${short(summary.sha256)} (${summary.source}) is active`]);
    });
}

/** The active set as `GET /v1/texts` answers it. */
export function textsList(summaries: readonly TextSummary[]): TextsList {
  return {
    textsVersion: textsVersionOf(summaries.map((s) => ({ symbol: s.symbol, sha256: s.sha256 }))),
    texts: [...summaries],
  };
}

function importLines(result: TextImportResult): string[] {
  const counts = { imported: 0, activated: 0, unchanged: 0 };
  for (const entry of result.entries) counts[entry.status]++;
  return [
    ...result.entries.map(
      (e) =>
        `${e.status.padEnd(9)} ${e.symbol.padEnd(18)} ${short(e.sha256)}  ${e.source}` +
        (e.previous === undefined || e.status === "unchanged" ? "" : `  (replaces ${short(e.previous)})`),
    ),
    `${counts.imported} imported, ${counts.activated} activated again, ${counts.unchanged} unchanged` +
      (result.failures.length === 0 ? "" : `, ${result.failures.length} skipped`),
  ];
}

function summaryLine(t: TextSummary, marked: boolean): string {
  return (
    `${marked ? (t.active ? "* " : "  ") : ""}${t.symbol.padEnd(18)} ${(t.adopted ?? "-").padEnd(10)} ` +
    `${String(t.paragraphs).padStart(3)} OP ${t.annexes > 0 ? `${t.annexes} annex${t.annexes > 1 ? "es" : ""} ` : ""}` +
    `${short(t.sha256)}  ${t.source}${marked ? `  ${t.importedAt}` : ""}`
  );
}

function short(id: string): string {
  return id.slice(0, 12);
}

// A text that cannot be read, or a version not found, is the user's input: one line, exit code 1.
async function usage<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isTextError(error))
      throw new UsageError(`${error.code}: ${error.message}; the active texts are unchanged`);
    throw error;
  }
}
