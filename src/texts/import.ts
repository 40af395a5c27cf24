/**
 * @module texts/import
 * `sanctions texts import PATH|URL`: the files of a source read (`./sources.ts`), checked for two of
 * one symbol, and handed to the store in one piece, which keeps each as a version and makes it active.
 * The store is injected as the one method this needs, so that this module loads no database code.
 */
import { TextError } from "./errors.js";
import { readTextSource, type ReadSourceOptions, type TextFile, type TextFileFailure } from "./sources.js";

/** What an import did with one file. */
export type TextImportStatus =
  /** A new version, now active for its symbol. */
  | "imported"
  /** A version stored before (not active), made active again. */
  | "activated"
  /** The active version of its symbol already has these bytes: nothing changed. */
  | "unchanged";

export interface TextImportEntry {
  readonly symbol: string;
  readonly sha256: string;
  readonly source: string;
  readonly status: TextImportStatus;
  /** The version it replaced as active, when there was one. */
  readonly previous?: string;
}

/** Where imported texts go: `store.texts` of `src/store`. */
export interface TextImportTarget {
  importFiles(files: readonly TextFile[], importedAt: string): Promise<readonly TextImportEntry[]>;
}

/** What an import did: each file stored (or found unchanged), and each that could not be read. */
export interface TextImportResult {
  readonly entries: readonly TextImportEntry[];
  readonly failures: readonly { readonly source: string; readonly code: string; readonly message: string }[];
}

export interface ImportTextsOptions extends ReadSourceOptions {
  /** The time of the import (injected for tests). */
  readonly now?: Date;
}

/**
 * Imports a file, a folder or a URL. Two files of one import that give the same symbol are both
 * refused (`duplicate_symbol`): which one is the official text is not guessed.
 *
 * @throws {TextError} when a single file or URL cannot be read, or a folder holds no readable text.
 */
export async function importTexts(
  target: TextImportTarget,
  source: string,
  options: ImportTextsOptions = {},
): Promise<TextImportResult> {
  const read = await readTextSource(source, options);
  const bySymbol = new Map<string, TextFile[]>();
  for (const file of read.files)
    bySymbol.set(file.text.symbol, [...(bySymbol.get(file.text.symbol) ?? []), file]);
  const failures: TextFileFailure[] = [...read.failures];
  const files: TextFile[] = [];
  for (const file of read.files) {
    const same = bySymbol.get(file.text.symbol) ?? [];
    if (same.length === 1) files.push(file);
    else
      failures.push({
        source: file.source,
        error: new TextError(
          "duplicate_symbol",
          `${file.text.symbol} is also the symbol of ${same
            .filter((other) => other !== file)
            .map((other) => other.source)
            .join(", ")}; neither is imported`,
        ),
      });
  }
  if (files.length === 0)
    throw new TextError(
      failures[0]?.error.code ?? "input_unreadable",
      `no text of ${source} could be imported: ${failures.map((f) => `${f.source}: ${f.error.message}`).join("; ")}`,
    );
  const entries = await target.importFiles(files, (options.now ?? new Date()).toISOString());
  return {
    entries,
    failures: failures.map((f) => ({ source: f.source, code: f.error.code, message: f.error.message })),
  };
}
