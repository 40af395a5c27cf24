/**
 * @module regime/read
 * Reads one YAML file of regime data and validates it against its schema, turning YAML and schema
 * errors into {@link RegimeIssue}s located by file, path and line. No stack trace ever reaches a user.
 */
import { readFile } from "node:fs/promises";
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { z } from "zod";
import type { RegimeIssue, RegimeIssueCode } from "../model/issues.js";

/** The result of reading one file: its data when valid, and the issues found either way. */
export interface ReadResult<T> {
  readonly data?: T;
  readonly raw?: unknown;
  readonly issues: RegimeIssue[];
}

/** Parses YAML text and validates it; `file` names it in issues. */
export function parseRegimeYaml<T>(text: string, file: string, schema: z.ZodType<T>): ReadResult<T> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      issues: doc.errors.map((error) => ({
        code: error.code === "DUPLICATE_KEY" ? "duplicate_key" : "yaml_syntax",
        file,
        path: [],
        message: error.message.split("\n")[0] ?? error.message,
        line: lineCounter.linePos(error.pos[0]).line,
      })),
    };
  }
  const raw: unknown = doc.toJS();
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { data: parsed.data, raw, issues: [] };
  const issues = parsed.error.issues.flatMap((issue) => toRegimeIssues(issue, file, doc, lineCounter, raw));
  return { raw, issues };
}

/** Reads and validates a YAML file; an unreadable file is an issue, not an exception. */
export async function readRegimeYaml<T>(
  path: string,
  file: string,
  schema: z.ZodType<T>,
): Promise<ReadResult<T>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { issues: [{ code: "file_unreadable", file, path: [], message: reason }] };
  }
  return parseRegimeYaml(text, file, schema);
}

function toRegimeIssues(
  issue: z.core.$ZodIssue,
  file: string,
  doc: Document,
  lineCounter: LineCounter,
  raw: unknown,
): RegimeIssue[] {
  const path = issue.path.map((part) => (typeof part === "symbol" ? String(part) : part));
  const locate = (at: readonly (string | number)[]): number | undefined => lineOf(doc, at, lineCounter);
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      code: "unknown_key",
      file,
      path: [...path, key],
      message: `unknown key "${key}"`,
      line: locate([...path, key]) ?? locate(path),
    }));
  }
  // A discriminated union whose discriminator is wrong reports the allowed values as invalid_value.
  const code =
    issue.code === "invalid_union" ? "invalid_value" : codeOf(issue, valueAt(raw, path) === undefined);
  return [{ code, file, path, message: issue.message, line: locate(path) }];
}

function codeOf(issue: z.core.$ZodIssue, absent: boolean): RegimeIssueCode {
  if (issue.code === "custom") {
    const own = (issue.params as { code?: RegimeIssueCode } | undefined)?.code;
    return own ?? "invalid_value";
  }
  if (issue.code === "invalid_type") return absent ? "missing_field" : "invalid_type";
  return "invalid_value";
}

/** The parsed value at `path`, or undefined when the file does not have it. */
function valueAt(raw: unknown, path: readonly (string | number)[]): unknown {
  let value: unknown = raw;
  for (const part of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}

/** The 1-based line of the node at `path`, or of its nearest existing ancestor. */
function lineOf(
  doc: Document,
  path: readonly (string | number)[],
  lineCounter: LineCounter,
): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = nodeAt(doc.contents, path.slice(0, length));
    const offset = node?.range?.[0];
    if (offset !== undefined) return lineCounter.linePos(offset).line;
  }
  return undefined;
}

function nodeAt(root: unknown, path: readonly (string | number)[]): Node | undefined {
  let node: unknown = root;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === part);
      if (!pair) return undefined;
      // Point at the key, so that a bad value is reported on the line that names it.
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof part === "number") {
      node = node.items[part];
    } else {
      return undefined;
    }
  }
  return node as Node | undefined;
}
