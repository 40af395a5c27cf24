/**
 * @module cli/commands/screen
 * `sanctions screen [NAME...] [--file FILE]`: screens names against the active list snapshots (the
 * database's, which the service uses too) and prints, per query, the records at or above the alert
 * threshold with their explanation, on whose list each is (a UN 1718 designation, or listed elsewhere
 * with its authority and programmes) and whether it is confirmed or only potential (`confirm-v1`).
 * Thin: the matching is in `src/screening`, the legal basis in `src/lists/basis.ts`.
 */
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import {
  decisionJson,
  decisionOf,
  decisionText,
  isSuppressed,
  screenerWithDecisions,
} from "../../decisions/index.js";
import type { Designation } from "../../model/designation.js";
import {
  formatJudgement,
  judgeMatch,
  judgementJson,
  type ConfirmQuery,
  type MatchJudgement,
} from "../../screening/confirm.js";
import {
  createScreener,
  DEFAULT_ALERT_THRESHOLD,
  formatExplanation,
  matchJson,
  type ScreeningMatch,
  type ScreeningQuery,
} from "../../screening/index.js";
import { printJson, printLines, UsageError } from "../output.js";
import { readListsAndDecisions } from "../store-source.js";

interface ScreenFlags {
  readonly file?: string;
  readonly dob?: string;
  readonly nationality?: string;
  readonly gender?: string;
  readonly kind?: string;
  readonly imo?: string;
  readonly passport?: string;
  readonly nationalId?: string;
  readonly swift?: string;
  readonly threshold?: string;
  readonly limit?: string;
  readonly json?: boolean;
}

/** A query with the identifiers only the confirmation policy compares (national id, SWIFT/BIC). */
type Query = ScreeningQuery & Omit<ConfirmQuery, "name">;

interface NumberedQuery {
  readonly id?: string;
  readonly query: Query;
}

const KINDS = ["person", "entity", "vessel"] as const;
const GENDERS = ["male", "female"] as const;

function parseThreshold(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_ALERT_THRESHOLD;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > 1) {
    throw new UsageError(`--threshold must be a number in (0, 1], got ${raw}`);
  }
  return value;
}

function oneOf<T extends string>(
  allowed: readonly T[],
  raw: string | undefined,
  flag: string,
): T | undefined {
  if (raw === undefined) return undefined;
  const found = allowed.find((value) => value === raw);
  if (found === undefined) throw new UsageError(`${flag} must be one of ${allowed.join(", ")}, got ${raw}`);
  return found;
}

/** The facts given on the command line, applied to every name that does not state its own. */
function flagFacts(flags: ScreenFlags): Omit<Query, "name"> {
  const facts: { -readonly [K in keyof Omit<Query, "name">]: Query[K] } = {};
  if (flags.dob !== undefined) facts.dob = flags.dob;
  if (flags.nationality !== undefined) facts.nationality = flags.nationality;
  const gender = oneOf(GENDERS, flags.gender, "--gender");
  if (gender !== undefined) facts.gender = gender;
  const kind = oneOf(KINDS, flags.kind, "--kind");
  if (kind !== undefined) facts.kind = kind;
  if (flags.imo !== undefined) facts.imo = flags.imo;
  if (flags.passport !== undefined) facts.passport = flags.passport;
  if (flags.nationalId !== undefined) facts.nationalId = flags.nationalId;
  if (flags.swift !== undefined) facts.swift = flags.swift;
  return facts;
}

/**
 * Reads queries from a file: one per line, either a plain name or a JSON object with `name` and
 * optionally `id`, `kind`, `dob`, `nationality`, `gender`, `imo`, `passport`, `nationalId`, `swift`.
 */
async function readQueries(path: string, facts: Omit<Query, "name">): Promise<NumberedQuery[]> {
  let text: string;
  try {
    text = path === "-" ? await readStdin() : await readFile(path, "utf8");
  } catch {
    throw new UsageError(`cannot read ${path}`);
  }
  const queries: NumberedQuery[] = [];
  text.split(/\r?\n/u).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === "") return;
    if (!trimmed.startsWith("{")) {
      queries.push({ query: { ...facts, name: trimmed } });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new UsageError(`${path}:${index + 1}: not valid JSON`);
    }
    const record = parsed as Record<string, unknown>;
    const name = record["name"];
    if (typeof name !== "string") throw new UsageError(`${path}:${index + 1}: "name" must be a string`);
    const text = (key: string): string | undefined => {
      const value = record[key];
      return typeof value === "string" ? value : undefined;
    };
    const query: { -readonly [K in keyof Query]: Query[K] } = { ...facts, name };
    const kind = oneOf(KINDS, text("kind"), "kind");
    if (kind !== undefined) query.kind = kind;
    const gender = oneOf(GENDERS, text("gender"), "gender");
    if (gender !== undefined) query.gender = gender;
    for (const key of ["dob", "nationality", "imo", "passport", "nationalId", "swift"] as const) {
      const value = text(key);
      if (value !== undefined) query[key] = value;
    }
    const id = record["id"];
    queries.push(typeof id === "string" || typeof id === "number" ? { id: String(id), query } : { query });
  });
  return queries;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

type Judged = ScreeningMatch & MatchJudgement;

function humanLines(query: NumberedQuery, matches: readonly Judged[]): string[] {
  const label = query.id === undefined ? query.query.name : `${query.id}: ${query.query.name}`;
  const open = matches.filter((match) => !isSuppressed(match)).length;
  const closed = matches.length - open;
  if (matches.length === 0) return [`${label}: no alert`];
  const lines = [
    `${label}: ${open === 0 ? "no open alert" : `${open} alert${open > 1 ? "s" : ""}`}` +
      (closed > 0 ? ` (${closed} closed by a decision)` : ""),
  ];
  for (const match of matches) {
    lines.push(
      `  ${match.score.toFixed(3)}  ${match.ref}  ${match.name}  [${match.list} ${match.programmes.join(",")}]`,
    );
    const decision = decisionOf(match);
    if (decision) lines.push(`    ${decisionText(decision)}`);
    lines.push(`    ${formatJudgement(match)}`);
    for (const line of formatExplanation(match.explanation)) lines.push(`    ${line}`);
  }
  return lines;
}

/** Registers `screen` on the program. */
export function register(program: Command): void {
  program
    .command("screen")
    .description(
      "Screen names against the active sanctions lists (sanctions lists list), with an explanation per match",
    )
    .argument("[names...]", "names to screen (quote names with spaces)")
    .option("--file <file>", "queries, one per line: a name or a JSON object ({name, dob, ...}); - for stdin")
    .option("--dob <date>", "date of birth, YYYY or YYYY-MM-DD (lowers the score when it conflicts)")
    .option("--nationality <country>", "nationality, ISO alpha-2 or a country name")
    .option("--gender <gender>", "male or female")
    .option("--kind <kind>", "person, entity or vessel")
    .option("--imo <number>", "IMO number (a valid one confirms a match)")
    .option("--passport <number>", "passport number (confirms a match)")
    .option("--national-id <number>", "national id number (confirms a match when it is the listed one)")
    .option("--swift <code>", "SWIFT/BIC code (confirms a match when it is the listed bank's)")
    .option("--threshold <score>", `alert threshold in (0, 1] (default ${DEFAULT_ALERT_THRESHOLD})`)
    .option("--limit <n>", "at most this many matches per query", "10")
    .option("--json", "one JSON line per query")
    .action(async (names: string[], flags: ScreenFlags) => {
      const alertThreshold = parseThreshold(flags.threshold);
      const limit = Number(flags.limit ?? "10");
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive integer`);
      const facts = flagFacts(flags);
      const queries: NumberedQuery[] = names.map((name) => ({ query: { ...facts, name } }));
      if (flags.file !== undefined) queries.push(...(await readQueries(flags.file, facts)));
      if (queries.length === 0) throw new UsageError("give a NAME or --file FILE");
      const { snapshots, decisions } = await readListsAndDecisions();
      if (snapshots.length === 0) {
        throw new UsageError(
          "no sanctions list imported; run `sanctions lists import` (or import one through the API) first",
        );
      }
      // Matches carry the analysts' decisions on their party and entry (`sanctions decisions`).
      const screener = screenerWithDecisions(
        createScreener(snapshots, { alertThreshold }),
        decisions,
        snapshots,
      );
      const records = new Map<string, Designation>();
      for (const snapshot of snapshots)
        for (const record of snapshot.designations) records.set(`${record.list}\u0000${record.ref}`, record);
      for (const query of queries) {
        const matches: Judged[] = screener
          .screen(query.query, { limit })
          .filter((match) => match.score >= alertThreshold)
          .map((match) => ({
            ...match,
            ...judgeMatch(query.query, match, records.get(`${match.list}\u0000${match.ref}`)),
          }));
        if (flags.json) {
          printJson({
            ...(query.id === undefined ? {} : { id: query.id }),
            query: query.query.name,
            matches: matches.map((match) => ({
              ...matchJson(match),
              ...judgementJson(match),
              ...decisionJson(match),
            })),
          });
        } else {
          printLines(humanLines(query, matches));
        }
      }
    });
}
