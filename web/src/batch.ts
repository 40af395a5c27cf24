/**
 * Batch files in the browser, read as `sanctions check` reads them: JSON Lines (one activity per line)
 * or CSV (a header row; empty cells are absent, dotted columns nest as `vessel.imo`, the `parties` cell
 * holds JSON). A line that cannot be read becomes a rejection in its place, and the others go on.
 * Results are written back as JSON Lines or as the CLI's CSV columns.
 */
import type { VerdictResult } from "./types.js";
import { verdictCsvColumns } from "../../src/model/vocabulary.js";

/** One record of the file, with the line it starts on, or why it could not be read. */
export type FileItem =
  | { readonly line: number; readonly record: Record<string, unknown> }
  | { readonly line: number; readonly id?: string; readonly error: { code: string; message: string } };

export type BatchFormat = "jsonl" | "csv";

/** JSON Lines if the first non-blank character is `{`, else CSV (as the CLI guesses). */
export function guessFormat(text: string): BatchFormat {
  return text.trimStart().startsWith("{") ? "jsonl" : "csv";
}

export function readBatch(text: string, format: BatchFormat = guessFormat(text)): FileItem[] {
  return format === "jsonl" ? readJsonLines(text) : readCsv(text);
}

function readJsonLines(text: string): FileItem[] {
  const items: FileItem[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    try {
      const value: unknown = JSON.parse(raw);
      if (value === null || typeof value !== "object" || Array.isArray(value))
        items.push({ line, error: { code: "batch_bad_json", message: `line ${line}: not a JSON object` } });
      else items.push({ line, record: value as Record<string, unknown> });
    } catch (cause) {
      items.push({
        line,
        error: { code: "batch_bad_json", message: `line ${line}: ${(cause as Error).message}` },
      });
    }
  });
  return items;
}

/** RFC 4180 rows, each with the line it starts on (quoted cells may hold commas, quotes and newlines). */
export function parseCsvRows(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let started = false;
  const endRow = (): void => {
    cells.push(cell);
    if (started || cells.length > 1 || cell !== "") rows.push({ line: rowLine, cells });
    cells = [];
    cell = "";
    started = false;
  };
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  for (let i = 0; i < source.length; i++) {
    const char = source.charAt(i);
    if (quoted) {
      if (char === '"') {
        if (source[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (char === "\n") line++;
        cell += char;
      }
      continue;
    }
    if (char === '"' && cell === "") {
      quoted = true;
      started = true;
    } else if (char === ",") {
      cells.push(cell);
      cell = "";
      started = true;
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && source[i + 1] === "\n") i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      cell += char;
      started = true;
    }
  }
  if (started || cell !== "" || cells.length > 0) endRow();
  return rows;
}

const JSON_COLUMNS = new Set(["parties"]);

function readCsv(text: string): FileItem[] {
  const rows = parseCsvRows(text);
  const header = rows.shift();
  if (!header) return [];
  const columns = header.cells.map((name) => name.trim());
  const items: FileItem[] = [];
  for (const { line, cells } of rows) {
    if (cells.length === 1 && cells[0]?.trim() === "") continue;
    if (cells.length !== columns.length) {
      items.push({
        line,
        error: {
          code: "batch_bad_csv",
          message: `line ${line}: ${cells.length} cells for ${columns.length} columns`,
        },
      });
      continue;
    }
    const record: Record<string, unknown> = {};
    let failed: FileItem | undefined;
    columns.forEach((column, index) => {
      const cell = cells[index] ?? "";
      if (cell === "" || failed) return;
      let value: unknown = cell;
      if (JSON_COLUMNS.has(column)) {
        try {
          value = JSON.parse(cell);
        } catch (cause) {
          failed = {
            line,
            error: {
              code: "batch_bad_cell",
              message: `column ${column} must hold JSON: ${(cause as Error).message}`,
            },
          };
          return;
        }
      }
      const keys = column.split(".");
      const last = keys.pop() ?? column;
      let target = record;
      for (const key of keys) {
        const next = target[key];
        if (next !== null && typeof next === "object") target = next as Record<string, unknown>;
        else target = target[key] = {};
      }
      target[last] = value;
    });
    items.push(failed ?? { line, record });
  }
  return items;
}

/** A result in the file's order: a verdict, or a rejection with the file's line. */
export type BatchResult =
  | VerdictResult
  | { readonly id?: string; readonly error: { code: string; message: string; line: number; field?: string } };

export function isRejected(result: BatchResult): result is Extract<BatchResult, { error: unknown }> {
  return "error" in result;
}

export function toJsonLines(results: readonly BatchResult[]): string {
  return results.map((result) => JSON.stringify(result)).join("\n") + (results.length > 0 ? "\n" : "");
}

/** The columns of `sanctions check --csv`, from the shared vocabulary. */
export const CSV_COLUMNS = verdictCsvColumns;

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) || value.startsWith(" ") ? `"${value.replaceAll('"', '""')}"` : value;
}

const plain = (value: unknown): string =>
  value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);

export function toCsv(results: readonly BatchResult[]): string {
  const out = [CSV_COLUMNS.join(",")];
  for (const result of results) {
    const row: Record<string, string> = { id: plain(result.id) };
    if (isRejected(result)) {
      row["error.code"] = result.error.code;
      row["error.message"] = result.error.message;
      row["error.line"] = String(result.error.line);
      row["error.field"] = plain(result.error.field);
    } else {
      row["verdict"] = result.verdict;
      row["reasons.code"] = result.reasons.map((r) => r.code).join("; ");
      row["reasons.measure"] = result.reasons.map((r) => plain(r.measure)).join("; ");
      row["reasons.citation"] = result.reasons.map((r) => plain(r.citation)).join("; ");
      row["reasons.verified"] = result.reasons.map((r) => String(r.verified)).join("; ");
      row["reasons.text"] = result.reasons.map((r) => r.text).join("; ");
      row["regimeVersion"] = result.regimeVersion;
      row["listSnapshot"] = plain(result.listSnapshot);
    }
    out.push(CSV_COLUMNS.map((column) => csvCell(row[column] ?? "")).join(","));
  }
  return out.join("\n") + "\n";
}
