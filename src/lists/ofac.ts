/**
 * @module lists/ofac
 * Reader for OFAC's legacy SDN CSV (`sdn.csv`: no header, 12 columns, `-0-` for empty) and, when
 * given, its alias companion (`alt.csv`: ent_num, alt_num, alt_type, alt_name, alt_remarks).
 *
 * OFAC keeps much of what identifies a party in free-text remarks ("DOB 18 Jun 1964; nationality
 * Korea, North; Passport 381420754; Vessel Registration Identification IMO 7937317; a.k.a. 'KOMID'").
 * The reader takes the clauses it recognises into typed fields and keeps the remarks text as well,
 * so nothing is lost when a clause is not recognised. Weak aliases live only in the remarks (OFAC
 * puts them there, not in alt.csv): they become `low` names.
 */
import { Readable } from "node:stream";
import { parse, CsvError } from "csv-parse";
import type {
  BirthDate,
  Designation,
  DesignationName,
  Identifier,
  NameQuality,
  VesselDetails,
} from "../model/designation.js";
import { countryOrWords } from "./countries.js";
import { ListError, RecordIssues, type RecordProblem } from "./errors.js";
import { isValidImo } from "./imo.js";
import { chunksOf, utf8Text, type ListInput, type ReadOptions } from "./input.js";
import { collapse, dedupeNames } from "./text.js";

/** The list name OFAC SDN designations carry in {@link Designation.list}. */
export const OFAC_LIST = "OFAC-SDN";

/** Options of {@link parseOfacSdnCsv}. */
export interface OfacReadOptions extends ReadOptions {
  /** OFAC's `alt.csv`, whose aliases are added to the records they name by entity number. */
  readonly aliases?: ListInput;
}

/** What {@link parseOfacSdnCsv} returns. The legacy CSV states no generation date. */
export interface OfacListResult {
  readonly list: typeof OFAC_LIST;
  readonly designations: Designation[];
}

const SDN_COLUMNS = 12;
const ALT_COLUMNS = 5;

/**
 * Reads OFAC's `sdn.csv` (and `alt.csv` when `options.aliases` is given).
 *
 * @throws {ListError} `csv_malformed` naming the line of a broken row, `encoding_unsupported`,
 *   `input_unreadable`, `not_a_list` (a row whose first column is not an entity number),
 *   `record_invalid` (after the whole file is read, naming every row without an SDN name).
 */
export async function parseOfacSdnCsv(
  input: ListInput,
  options: OfacReadOptions = {},
): Promise<OfacListResult> {
  const designations: Designation[] = [];
  const issues = new RecordIssues();
  let position = 0;
  for await (const { record, line } of csvRecords(input, SDN_COLUMNS, "sdn.csv", options)) {
    position++;
    const read = sdnRecord(record, line);
    if ("problem" in read) issues.add({ ...read, record: position, line, kind: "sdn.csv row" });
    else designations.push(read);
  }
  issues.throwIfAny();
  if (options.aliases !== undefined) {
    const byRef = new Map(designations.map((d, i) => [d.ref, i]));
    const extra = new Map<number, DesignationName[]>();
    for await (const { record, line } of csvRecords(options.aliases, ALT_COLUMNS, "alt.csv", {})) {
      const [entNum, , altType, altName] = record as [string, string, string, string, string];
      const index = byRef.get(entNum);
      const full = value(altName);
      // An alias of an entity number absent from sdn.csv (an older alt.csv) names no one here.
      if (index === undefined || full === undefined) continue;
      if (!/^\d+$/.test(entNum))
        throw new ListError("not_a_list", `alt.csv: "${entNum}" is not an entity number`, line);
      const names = extra.get(index) ?? [];
      names.push(...nameOf(full, altQuality(value(altType))));
      extra.set(index, names);
    }
    for (const [index, names] of extra) {
      const d = designations[index];
      if (d) designations[index] = { ...d, names: dedupeNames([...d.names, ...names]) };
    }
  }
  return { list: OFAC_LIST, designations };
}

/** Reads CSV records with their line, checking the column count so that a broken row is named. */
async function* csvRecords(
  input: ListInput,
  columns: number,
  file: string,
  options: ReadOptions,
): AsyncGenerator<{ record: string[]; line: number }> {
  const parser = parse({ relax_column_count: true, skip_empty_lines: true, info: true, bom: true });
  const source = Readable.from(utf8Text(chunksOf(input), options));
  source.on("error", (error) => parser.destroy(error));
  source.pipe(parser);
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { record, info } = item;
      // OFAC ends the file with a DOS end-of-file byte (0x1A) on its own line.
      const only = record.length === 1 ? (record[0] ?? "").trim() : undefined;
      if (only === "" || only === "\u001a") continue;
      if (record.length !== columns) {
        throw new ListError(
          "csv_malformed",
          `${file}: a row has ${record.length} columns, expected ${columns}`,
          info.lines,
        );
      }
      yield { record, line: info.lines };
    }
  } catch (error) {
    if (error instanceof ListError) throw error;
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new ListError("csv_malformed", `${file}: ${error.message.replace(/ at line \d+/, "")}`, line);
    }
    throw error;
  } finally {
    source.destroy();
    parser.destroy();
  }
}

/** OFAC's empty marker `-0-` (usually with a trailing space) and blanks become `undefined`. */
function value(text: string | undefined): string | undefined {
  const trimmed = collapse(text ?? "");
  return trimmed === "" || trimmed === "-0-" ? undefined : trimmed;
}

function altQuality(type: string | undefined): NameQuality {
  const lower = type?.toLowerCase().replace(/\./g, "");
  return lower === "fka" ? "former" : "good";
}

/** `KIM, Yong Chol` keeps its text; the parts are family name first, as the UN list writes DPRK names. */
function nameOf(full: string, quality: NameQuality): DesignationName[] {
  const comma = /^([^,]+),\s*(.+)$/.exec(full);
  const parts =
    comma?.[1] !== undefined && comma[2] !== undefined ? [comma[1].trim(), comma[2].trim()] : undefined;
  return [parts === undefined ? { full, quality } : { full, quality, parts }];
}

/** The row as a designation, or what makes it unusable. */
function sdnRecord(
  record: string[],
  line: number,
): Designation | { readonly problem: RecordProblem; readonly ref: string } {
  const [
    entNum,
    sdnName,
    sdnType,
    program,
    ,
    callSign,
    vessType,
    tonnage,
    grt,
    vessFlag,
    vessOwner,
    rawRemarks,
  ] = record as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!/^\d+$/.test(entNum.trim())) {
    throw new ListError(
      "not_a_list",
      `sdn.csv: "${entNum}" is not an entity number; is this OFAC's sdn.csv?`,
      line,
    );
  }
  const name = value(sdnName);
  if (name === undefined) return { problem: "no_name", ref: entNum.trim() };
  const type = value(sdnType)?.toLowerCase();
  const kind = type === "individual" ? "person" : type === "vessel" ? "vessel" : "entity";
  const remarks = value(rawRemarks)?.replace(/\.$/, "");
  const facts = remarksFacts(remarks ?? "");

  const names = [...nameOf(name, "primary"), ...facts.names];
  // OFAC writes a shipping company's IMO *company* number with the same words as a ship's
  // ("Vessel Registration Identification IMO 5878589"); only a ship's number has a check digit.
  const identifiers = facts.identifiers.map((i): Identifier => {
    if (i.type !== "imo" || kind === "vessel") return i;
    return { type: "imo", value: i.value, note: "company" };
  });
  const call = value(callSign);
  if (call !== undefined) identifiers.push({ type: "other", value: call, note: "call sign" });
  if (type === "aircraft") identifiers.push({ type: "other", value: name, note: "aircraft tail number" });

  let vessel: VesselDetails | undefined;
  if (kind === "vessel") {
    const details: Record<string, string> = {};
    const flag = countryOrWords(value(vessFlag));
    if (flag !== undefined) details["flag"] = flag;
    for (const [key, text] of [
      ["type", vessType],
      ["tonnage", tonnage],
      ["grossRegisteredTonnage", grt],
      ["owner", vessOwner],
    ] as const) {
      const v = value(text);
      if (v !== undefined) details[key] = v;
    }
    vessel = details;
  }

  return {
    ref: entNum.trim(),
    list: OFAC_LIST,
    programmes: programmesOf(program),
    kind,
    ...(type === "aircraft" ? { sourceType: "aircraft" } : {}),
    names: dedupeNames(names),
    birthDates: facts.birthDates,
    nationalities: [...new Set(facts.nationalities)],
    ...(facts.gender === undefined ? {} : { gender: facts.gender }),
    identifiers,
    ...(vessel === undefined ? {} : { vessel }),
    ...(remarks === undefined ? {} : { remarks }),
  };
}

/** `NPWMD] [DPRK2` → `["NPWMD", "DPRK2"]`. */
function programmesOf(program: string): string[] {
  return (value(program) ?? "")
    .split(/\]\s*\[/)
    .map((p) => p.replace(/[[\]]/g, "").trim())
    .filter((p) => p !== "");
}

interface RemarksFacts {
  names: DesignationName[];
  birthDates: BirthDate[];
  nationalities: string[];
  gender?: "male" | "female";
  identifiers: Identifier[];
}

const MONTHS: Readonly<Record<string, string>> = {
  jan: "01",
  feb: "02",
  mar: "03",
  apr: "04",
  may: "05",
  jun: "06",
  jul: "07",
  aug: "08",
  sep: "09",
  oct: "10",
  nov: "11",
  dec: "12",
};

/**
 * The clauses of OFAC remarks that identify a party. Clauses are separated by `"; "`; a clause that
 * is not recognised is skipped (the whole text stays in `remarks`).
 */
export function remarksFacts(remarks: string): RemarksFacts {
  const facts: RemarksFacts = { names: [], birthDates: [], nationalities: [], identifiers: [] };
  for (const raw of remarks.split(/;\s*/)) {
    const clause = raw.trim().replace(/\.$/, "");
    let m: RegExpExecArray | null;
    if ((m = /^(?:alt\. )?DOB (.+)$/.exec(clause)) && m[1] !== undefined) {
      const dob = ofacDate(m[1]);
      if (dob) facts.birthDates.push(dob);
    } else if ((m = /^(?:alt\. )?(?:nationality|citizen) (.+)$/.exec(clause)) && m[1] !== undefined) {
      const country = countryOrWords(m[1]);
      if (country !== undefined) facts.nationalities.push(country);
    } else if ((m = /^Gender (Male|Female)$/i.exec(clause)) && m[1] !== undefined) {
      facts.gender = m[1].toLowerCase() as "male" | "female";
    } else if (
      (m = /^(?:alt\. )?((?:Diplomatic |Official |Service )?Passport) (\S+)(?: \(([^)]+)\))?(.*)$/i.exec(
        clause,
      ))
    ) {
      facts.identifiers.push(
        document("passport", m[2], m[3], [m[1] === "Passport" ? undefined : m[1], m[4]]),
      );
    } else if (
      (m =
        /^(?:alt\. )?(National ID No\.|Cedula No\.|Identification Number(?! IMO)) (\S+)(?: \(([^)]+)\))?(.*)$/i.exec(
          clause,
        ))
    ) {
      facts.identifiers.push(document("national-id", m[2], m[3], [m[4]]));
    } else if (
      (m =
        /^(?:Vessel Registration Identification(?: Number)?\s+(?:IMO\s+)?|Identification Number IMO\s+)(\d{7})(?:\s*\([^)]*\))?$/.exec(
          clause,
        )) &&
      m[1] !== undefined
    ) {
      // Seven digits are an IMO number even where OFAC leaves out the word "IMO".
      facts.identifiers.push({ type: "imo", value: m[1], valid: isValidImo(m[1]) });
    } else if (
      (m = /^Vessel Registration Identification(?: Number)?\s+(.+?)(?:\s*\(([^)]+)\))?$/.exec(clause))
    ) {
      facts.identifiers.push(document("other", m[1], m[2], ["vessel registration"]));
    } else if ((m = /^SWIFT\/BIC ([A-Z0-9]{8}(?:[A-Z0-9]{3})?)$/.exec(clause)) && m[1] !== undefined) {
      // A bank's SWIFT/BIC code is a strong identifier: an equal one confirms a match.
      facts.identifiers.push({ type: "other", value: m[1], note: "SWIFT/BIC" });
    } else if ((m = /^(?:alt\. )?MMSI (\d{9})$/.exec(clause)) && m[1] !== undefined) {
      facts.identifiers.push({ type: "other", value: m[1], note: "MMSI" });
    } else if ((m = /^([afn])\.k\.a\. '(.+)'(?:\s*\([^)]*\))?$/.exec(clause)) && m[2] !== undefined) {
      // Remarks hold OFAC's weak aliases; "f.k.a." is a former name, "n.k.a." the current one.
      const quality: NameQuality = m[1] === "f" ? "former" : m[1] === "n" ? "good" : "low";
      facts.names.push(...nameOf(m[2].trim(), quality));
    }
  }
  facts.birthDates = facts.birthDates.filter(
    (b, i, all) => all.findIndex((o) => JSON.stringify(o) === JSON.stringify(b)) === i,
  );
  return facts;
}

function document(
  type: Identifier["type"],
  number: string | undefined,
  country: string | undefined,
  notes: readonly (string | undefined)[],
): Identifier {
  const code = countryOrWords(country);
  const note = notes
    .map((n) => n?.trim())
    .filter((n): n is string => n !== undefined && n !== "")
    .join("; ");
  return {
    type,
    value: (number ?? "").replace(/[.,]$/, ""),
    ...(code === undefined ? {} : { country: code }),
    ...(note === "" ? {} : { note }),
  };
}

/**
 * OFAC dates: `18 Jun 1964`, `Jun 1964`, `1964`, ranges `1960 to 1962` or `1979-1982`, each possibly
 * after `circa`. A `circa` day is kept as an approximate year: the model's exact dates are exact.
 */
export function ofacDate(text: string): BirthDate | undefined {
  const circa = /^circa\s+(.+)$/i.exec(text.trim());
  const body = circa?.[1] ?? text.trim();
  const approximate = circa !== null;
  const range = /^(.+?)(?: to |-)(.+)$/.exec(body);
  if (range?.[1] !== undefined && range[2] !== undefined) {
    const from = yearIn(range[1]);
    const to = yearIn(range[2]);
    if (from !== undefined && to !== undefined) {
      if (from === to)
        return approximate ? { kind: "year", year: from, approximate } : { kind: "year", year: from };
      const r = { kind: "range", fromYear: Math.min(from, to), toYear: Math.max(from, to) } as const;
      return approximate ? { ...r, approximate } : r;
    }
  }
  const exact = /^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})$/.exec(body);
  const month = MONTHS[exact?.[2]?.toLowerCase() ?? ""];
  if (exact?.[1] !== undefined && exact[3] !== undefined && month !== undefined) {
    if (approximate) return { kind: "year", year: Number(exact[3]), approximate };
    return { kind: "exact", date: `${exact[3]}-${month}-${exact[1].padStart(2, "0")}` };
  }
  // "Jun 1964" and "1964" both say the year; the model has no month precision.
  const year = /^(?:[A-Za-z]{3,9} )?(\d{4})$/.exec(body)?.[1];
  if (year === undefined) return undefined;
  return approximate
    ? { kind: "year", year: Number(year), approximate }
    : { kind: "year", year: Number(year) };
}

function yearIn(text: string): number | undefined {
  const m = /(\d{4})\s*$/.exec(text.trim());
  return m?.[1] === undefined ? undefined : Number(m[1]);
}
