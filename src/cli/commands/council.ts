/**
 * @module cli/commands/council
 * `sanctions council vote FILE` and `sanctions council members`: thin adapters over `src/council`.
 * A draft file may carry many keys; only `symbol`, `title`, `date`, `votes` and `positions` are read.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import {
  councilForYear,
  CouncilDataError,
  CouncilError,
  decide,
  decisionLines,
  forecast,
  forecastLines,
  loadCouncilData,
  membersLines,
  membersOf,
  yearOfDate,
  type CouncilData,
  type CouncilYear,
  voteDocument,
} from "../../council/index.js";
import { printJson, printLines, UsageError } from "../output.js";

/** Reads a YAML or JSON file into a plain value; any failure becomes a one-line UsageError. */
function readDocument(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  try {
    // JSON.parse for .json gives JSON's own error positions; YAML reads everything else.
    return file.toLowerCase().endsWith(".json") ? JSON.parse(text) : parseYaml(text, { prettyErrors: false });
  } catch (error) {
    const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    throw new UsageError(
      `${file}: not valid ${file.toLowerCase().endsWith(".json") ? "JSON" : "YAML"}: ${message}`,
    );
  }
}

function parseYear(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}$/.test(value)) throw new UsageError(`--year must be a four-digit year, not "${value}"`);
  return Number(value);
}

/** Runs library code and turns its typed errors into the one-line contract, prefixed with the file. */
function guarded<T>(file: string | undefined, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof CouncilError)
      throw new UsageError(file === undefined ? error.message : `${file}: ${error.message}`);
    if (error instanceof CouncilDataError) throw new UsageError(error.message);
    throw error;
  }
}

function loadData(): CouncilData {
  return guarded(undefined, () => loadCouncilData());
}

interface VoteOptions {
  readonly year?: string;
  readonly positions?: string;
  readonly json?: boolean;
}

function vote(file: string, options: VoteOptions): void {
  const parsed = voteDocument.safeParse(readDocument(file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map(String).join(".") ?? "";
    throw new UsageError(
      `${file}: ${path === "" ? "expected a mapping" : `${path}: ${issue?.message ?? "invalid"}`}`,
    );
  }
  const draft = parsed.data;
  let positions = draft.positions;
  if (options.positions !== undefined) {
    const extra = z.record(z.string(), z.unknown()).safeParse(readDocument(options.positions));
    if (!extra.success)
      throw new UsageError(`${options.positions}: expected a mapping of member to position`);
    // --positions complements the file's own; a member in both is taken from --positions.
    positions = { ...positions, ...extra.data };
  }
  const data = loadData();
  const council: CouncilYear = guarded(file, () => {
    const year = parseYear(options.year) ?? (draft.date === undefined ? undefined : yearOfDate(draft.date));
    if (year === undefined) throw new UsageError(`${file}: no date in the file: give --year`);
    return councilForYear(data, year);
  });
  const header = {
    ...(draft.symbol === undefined ? {} : { symbol: draft.symbol }),
    ...(draft.title === undefined ? {} : { title: draft.title }),
    ...(draft.date === undefined ? {} : { date: draft.date }),
    year: council.year,
    membership: { verified: council.verified, sources: council.sources },
  };
  const label = draft.symbol ?? draft.title;
  const votes = draft.votes ?? {};
  const complete = Object.keys(votes).length >= membersOf(council).length && positions === undefined;

  if (complete) {
    const decision = guarded(file, () => decide(data, council, votes));
    if (options.json === true) printJson({ ...header, result: "decision", decision });
    else printLines(decisionLines(decision, label));
    return;
  }
  const odds = guarded(file, () => forecast(data, council, { votes, positions: positions ?? {} }));
  if (options.json === true) printJson({ ...header, result: "forecast", forecast: odds });
  else printLines(forecastLines(odds, label));
}

interface MembersOptions {
  readonly year?: string;
  readonly json?: boolean;
}

function members(options: MembersOptions): void {
  const data = loadData();
  const year = parseYear(options.year);
  const years = year === undefined ? data.years : [guarded(undefined, () => councilForYear(data, year))];
  if (options.json === true) {
    printJson(year === undefined ? { years } : years[0]);
    return;
  }
  printLines(years.flatMap((council) => membersLines(council)));
}

/** Adds `council vote` and `council members` to the program. */
export function register(program: Command): void {
  const council = program
    .command("council")
    .description("The Security Council: membership, adoption rule, adoption odds");
  council
    .command("vote")
    .description("Outcome of a vote (all 15 votes declared) or adoption odds and whip count (positions)")
    .argument("<file>", "YAML or JSON with symbol?, title?, date?, votes?, positions?")
    .option("--year <year>", "Council year (default: the year of the file's date)")
    .option(
      "--positions <file>",
      "YAML or JSON: member → P(yes) | yes|no|abstain|absent | {yes, no, abstain}",
    )
    .option("--json", "print one JSON document")
    .action((file: string, options: VoteOptions) => {
      vote(file, options);
    });
  council
    .command("members")
    .description("Council membership by year, 2006–2026")
    .option("--year <year>", "one year only")
    .option("--json", "print one JSON document")
    .action((options: MembersOptions) => {
      members(options);
    });
}
