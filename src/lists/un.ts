/**
 * @module lists/un
 * Reader for the UN Security Council Consolidated List XML (`consolidated.xml`, schema
 * `sc-sanctions.xsd`). It streams with saxes, builds one small tree per INDIVIDUAL or ENTITY and maps
 * it to a {@link Designation}. The whole list is read (every regime), each record keeping its
 * `UN_LIST_TYPE` as programme, so that callers filter for DPRK (`KPi.NNN` / `KPe.NNN`) themselves.
 *
 * Hostile or broken input ends in a {@link ListError}, never a stack trace: a DOCTYPE is refused
 * before anything is expanded, bytes that are not UTF-8 are refused, a file that stops before the
 * root element closes is `truncated`, and XML with another root is `not_a_list`. A record without a
 * name or a reference number is `record_invalid`, naming every such record: activated, a list with
 * a nameless record would hide that party from every screening.
 */
import { SaxesParser } from "saxes";
import type {
  BirthDate,
  Designation,
  DesignationName,
  Identifier,
  NameQuality,
} from "../model/designation.js";
import { countryOrWords } from "./countries.js";
import { ListError, RecordIssues, type RecordProblem } from "./errors.js";
import { chunksOf, utf8Text, type ListInput, type ReadOptions } from "./input.js";
import { collapse, dedupeNames, scriptOf } from "./text.js";

/** The list name UN designations carry in {@link Designation.list}. */
export const UN_LIST = "UN";

/** The UN's official address of the consolidated list (English XML). */
export const UN_CONSOLIDATED_URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml";

/** What {@link parseUnConsolidatedXml} returns. */
export interface UnListResult {
  readonly list: typeof UN_LIST;
  /** The root element's `dateGenerated` attribute as written, e.g. `2026-05-08T23:00:06.922Z`. */
  readonly generatedOn?: string;
  /** Individuals first, then entities, in file order. */
  readonly designations: Designation[];
}

/** One element of a record, kept only while its record is being read. */
interface Node {
  readonly name: string;
  text: string;
  readonly children: Node[];
}

const ROOT = "CONSOLIDATED_LIST";
const RECORDS: Readonly<Record<string, "person" | "entity">> = { INDIVIDUAL: "person", ENTITY: "entity" };
// A record is a few kilobytes; a far bigger one means the input is not the list (or is an attack).
const MAX_RECORD_NODES = 20_000;

/**
 * Reads the UN consolidated list. `input` is a file path, the bytes, a web stream (a `fetch` body) or
 * an async iterable of chunks.
 *
 * @throws {ListError} `doctype_refused`, `encoding_unsupported`, `xml_malformed`, `truncated`,
 *   `not_a_list`, `input_unreadable`, `record_invalid` (after the whole file is read, naming every
 *   record without a name or a reference number).
 */
export async function parseUnConsolidatedXml(
  input: ListInput,
  options: ReadOptions = {},
): Promise<UnListResult> {
  const parser = new SaxesParser({ position: true });
  const designations: Designation[] = [];
  let generatedOn: string | undefined;
  // An object, not two lets: the handlers set these and TypeScript's flow analysis cannot see that.
  const root = { seen: false, closed: false };
  let depth = 0;
  // The element path inside the current record; stack[0] is the record element itself.
  let stack: Node[] = [];
  let recordNodes = 0;
  // Where the current record starts, and how many records came before it.
  const record = { position: 0, line: 0 };
  const issues = new RecordIssues();

  const fail = (code: ConstructorParameters<typeof ListError>[0], message: string): never => {
    throw new ListError(code, message, parser.line);
  };

  parser.on("error", (error) => {
    // saxes messages start with "file:line:column: "; the line goes into the error's own field.
    const message = error.message.replace(/^[^:]*:\d+:\d+: /, "");
    fail("xml_malformed", `not well-formed XML: ${message}`);
  });
  parser.on("doctype", () => {
    fail("doctype_refused", "the XML declares a DOCTYPE, which a sanctions list never needs; refused");
  });
  parser.on("xmldecl", (decl) => {
    if (decl.encoding !== undefined && !/^utf-?8$/i.test(decl.encoding)) {
      fail("encoding_unsupported", `the XML declares encoding ${decl.encoding}; only UTF-8 lists are read`);
    }
  });
  parser.on("opentag", (tag) => {
    depth++;
    if (depth === 1) {
      if (tag.name !== ROOT) fail("not_a_list", `root element is <${tag.name}>, not <${ROOT}>`);
      root.seen = true;
      const date = tag.attributes["dateGenerated"];
      if (typeof date === "string" && date.trim() !== "") generatedOn = date.trim();
      return;
    }
    if (stack.length === 0) {
      if (depth === 3 && RECORDS[tag.name] !== undefined) {
        stack = [{ name: tag.name, text: "", children: [] }];
        recordNodes = 1;
        record.position++;
        record.line = parser.line;
      }
      return;
    }
    if (++recordNodes > MAX_RECORD_NODES)
      fail("not_a_list", `a <${stack[0]?.name ?? "?"}> record is too large`);
    const node: Node = { name: tag.name, text: "", children: [] };
    stack.at(-1)?.children.push(node);
    stack.push(node);
  });
  const onText = (text: string): void => {
    const current = stack.at(-1);
    if (current) current.text += text;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", () => {
    depth--;
    if (depth === 0) root.closed = true;
    if (stack.length === 0) return;
    const node = stack.pop();
    if (stack.length === 0 && node) {
      const kind = RECORDS[node.name];
      if (!kind) return;
      const read = toDesignation(node, kind);
      if ("problem" in read)
        issues.add({ ...read, record: record.position, line: record.line, kind: node.name });
      else designations.push(read);
    }
  });

  for await (const text of utf8Text(sniffUtf16(chunksOf(input)), options)) {
    parser.write(text);
  }
  if (!root.seen) throw new ListError("not_a_list", "the input holds no XML element (empty file?)");
  if (!root.closed) {
    throw new ListError(
      "truncated",
      `the list ends before </${ROOT}> (after ${designations.length} records); the download or copy is incomplete`,
      parser.line,
    );
  }
  parser.close();
  issues.throwIfAny();
  return generatedOn === undefined
    ? { list: UN_LIST, designations }
    : { list: UN_LIST, generatedOn, designations };
}

/** UTF-16 without a byte-order mark shows as NUL bytes between ASCII letters: name it, not "bad char". */
async function* sniffUtf16(chunks: AsyncIterable<string | Uint8Array>): AsyncGenerator<string | Uint8Array> {
  let first = true;
  for await (const chunk of chunks) {
    if (first && typeof chunk !== "string" && chunk.subarray(0, 64).includes(0)) {
      throw new ListError(
        "encoding_unsupported",
        "the input looks like UTF-16 (NUL bytes); only UTF-8 is read",
      );
    }
    first = false;
    yield chunk;
  }
}

// ---- mapping one record ----------------------------------------------------------------------------

function child(node: Node, name: string): Node | undefined {
  return node.children.find((c) => c.name === name);
}

function children(node: Node, name: string): Node[] {
  return node.children.filter((c) => c.name === name);
}

/** The collapsed text of a direct child, or `undefined` when absent or blank. */
function field(node: Node, name: string): string | undefined {
  const found = child(node, name);
  if (!found) return undefined;
  const text = collapse(found.text);
  return text === "" ? undefined : text;
}

/** The texts of `<NAME><VALUE>…</VALUE></NAME>` lists such as NATIONALITY or TITLE. */
function values(node: Node, name: string): string[] {
  return children(node, name)
    .flatMap((c) => children(c, "VALUE"))
    .map((v) => collapse(v.text))
    .filter((v) => v !== "");
}

/** The record as a designation, or what makes it unusable. */
function toDesignation(
  record: Node,
  kind: "person" | "entity",
): Designation | { readonly problem: RecordProblem; readonly ref?: string } {
  const ref = field(record, "REFERENCE_NUMBER");
  if (ref === undefined) return { problem: "no_reference" };
  const programme = field(record, "UN_LIST_TYPE");
  const remarks = field(record, "COMMENTS1");
  const listedOn = isoDate(field(record, "LISTED_ON"));
  const gender = genderOf(field(record, "GENDER") ?? /\bgender:\s*(male|female)\b/i.exec(remarks ?? "")?.[1]);
  const aliasTag = kind === "person" ? "INDIVIDUAL_ALIAS" : "ENTITY_ALIAS";

  const names: DesignationName[] = [];
  const parts = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
    .map((tag) => field(record, tag))
    .filter((p): p is string => p !== undefined);
  if (kind === "entity" && parts.length === 1 && parts[0]?.includes(";")) {
    // One entity record names two bodies in one field ("… (CAGL) ; GREAT LAKES BUSINESS COMPANY
    // (GLBC)"): each is a primary name, and matching either whole is what a screener expects.
    for (const part of parts[0].split(/\s*;\s*/)) if (part !== "") names.push(nameOf(part, "primary"));
  } else if (parts.length > 0) {
    names.push(nameOf(parts.join(" "), "primary", parts.length > 1 ? parts : undefined));
  }
  const original = field(record, "NAME_ORIGINAL_SCRIPT");
  if (original !== undefined) names.push(nameOf(original, "primary"));
  const birthDates: BirthDate[] = [];
  for (const alias of children(record, aliasTag)) {
    const quality = aliasQuality(field(alias, "QUALITY"));
    // The UN joins spelling variants of one alias with "; " (as OpenSanctions also reads it).
    for (const full of (field(alias, "ALIAS_NAME") ?? "").split(/\s*;\s*/)) {
      if (full !== "") names.push(nameOf(full, quality));
    }
    // An alias may carry the birth date used with it (e.g. on a false passport): it is still his.
    const aliasBirth = isoDate(field(alias, "DATE_OF_BIRTH"));
    if (aliasBirth !== undefined) birthDates.push(exactOrYear(aliasBirth));
  }

  for (const dob of children(record, "INDIVIDUAL_DATE_OF_BIRTH")) {
    const parsed = birthDateOf(dob);
    if (parsed) birthDates.push(parsed);
  }

  const identifiers: Identifier[] = [];
  for (const doc of children(record, "INDIVIDUAL_DOCUMENT")) {
    const id = documentOf(doc);
    if (id) identifiers.push(id);
  }
  if (remarks !== undefined) identifiers.push(...identifiersInComments(remarks));

  const nationalities = values(record, "NATIONALITY")
    .map((n) => countryOrWords(n))
    .filter((n): n is string => n !== undefined);

  if (names.length === 0) return { problem: "no_name", ref };
  return {
    ref,
    list: UN_LIST,
    programmes: programme === undefined ? [] : [programme],
    kind,
    names: dedupeNames(names),
    birthDates: dedupeBy(birthDates, (b) => JSON.stringify(b)),
    nationalities: [...new Set(nationalities)],
    ...(gender === undefined ? {} : { gender }),
    identifiers: dedupeBy(identifiers, (i) => `${i.type}:${i.value}`),
    ...(listedOn === undefined ? {} : { listedOn }),
    ...(remarks === undefined ? {} : { remarks }),
  };
}

function nameOf(full: string, quality: NameQuality, parts?: readonly string[]): DesignationName {
  const script = scriptOf(full);
  return {
    full,
    quality,
    ...(parts === undefined ? {} : { parts }),
    ...(script === undefined ? {} : { script }),
  };
}

/** UN alias qualities: "Good"/"a.k.a." are good, "Low" is low, "f.k.a." a former name; blank is good. */
function aliasQuality(quality: string | undefined): NameQuality {
  const lower = quality?.toLowerCase();
  if (lower === "low") return "low";
  if (lower === "f.k.a.") return "former";
  return "good";
}

function genderOf(text: string | undefined): "male" | "female" | undefined {
  const lower = text?.toLowerCase();
  return lower === "male" || lower === "female" ? lower : undefined;
}

/** `2015-03-27-04:00` (a date with a zone, as some records write it) → `2015-03-27`. */
function isoDate(text: string | undefined): string | undefined {
  return text === undefined ? undefined : /^(\d{4}-\d{2}-\d{2})/.exec(text)?.[1];
}

/** An ISO date whose month or day is `00` says only the year. */
function exactOrYear(date: string): BirthDate {
  return /-00/.test(date) ? { kind: "year", year: Number(date.slice(0, 4)) } : { kind: "exact", date };
}

function birthDateOf(dob: Node): BirthDate | undefined {
  const type = field(dob, "TYPE_OF_DATE")?.toUpperCase();
  const note = field(dob, "NOTE");
  const approximate = type === "APPROXIMATELY" || /approx/i.test(note ?? "");
  const date = isoDate(field(dob, "DATE"));
  if (date !== undefined) return exactOrYear(date);
  const year = yearOf(field(dob, "YEAR"));
  if (year !== undefined) return approximate ? { kind: "year", year, approximate } : { kind: "year", year };
  const from = yearOf(field(dob, "FROM_YEAR"));
  const to = yearOf(field(dob, "TO_YEAR"));
  if (from !== undefined && to !== undefined) {
    const range = { kind: "range", fromYear: Math.min(from, to), toYear: Math.max(from, to) } as const;
    return approximate ? { ...range, approximate } : range;
  }
  // Only a note: "Nov. 1960", "Between Aug. and Sep. 1960" say the year; a Hijri date or an age do not.
  const noted =
    note !== undefined && !/hijri|years old/i.test(note) ? /\b(1[89]\d\d|20\d\d)\b/.exec(note) : null;
  if (noted?.[1] !== undefined) return { kind: "year", year: Number(noted[1]) };
  return undefined;
}

function yearOf(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{4}$/.test(text) ? Number(text) : undefined;
}

function documentOf(doc: Node): Identifier | undefined {
  const value = field(doc, "NUMBER");
  if (value === undefined) return undefined;
  const type = field(doc, "TYPE_OF_DOCUMENT") ?? "";
  const type2 = field(doc, "TYPE_OF_DOCUMENT2");
  const kind: Identifier["type"] = /pass(e)?port|pasaporte/i.test(type)
    ? "passport"
    : /identification|identity/i.test(type)
      ? "national-id"
      : "other";
  const country = countryOrWords(field(doc, "ISSUING_COUNTRY") ?? field(doc, "COUNTRY_OF_ISSUE"));
  const notes = [type2, kind === "other" && type !== "" ? type : undefined, field(doc, "NOTE")].filter(
    (n): n is string => n !== undefined,
  );
  return {
    type: kind,
    value,
    ...(country === undefined ? {} : { country }),
    ...(notes.length === 0 ? {} : { note: notes.join("; ") }),
  };
}

/**
 * DPRK shipping companies carry their IMO *company* number in the comments ("IMO number: 5342883",
 * "Company Number IMO 5434358"), and banks their SWIFT code. Company numbers have no ship check digit,
 * so `valid` stays unset.
 */
function identifiersInComments(remarks: string): Identifier[] {
  const found: Identifier[] = [];
  for (const m of remarks.matchAll(/\bIMO\)?\s*(?:number|no\.?)?\s*:?\s*(\d{7})\b/gi)) {
    if (m[1] !== undefined) found.push({ type: "imo", value: m[1], note: "company" });
  }
  for (const m of remarks.matchAll(/\bSWIFT(?:\/BIC)?\s*:\s*([A-Z0-9]{8}(?:[A-Z0-9]{3})?)\b/g)) {
    if (m[1] !== undefined) found.push({ type: "other", value: m[1], note: "SWIFT/BIC" });
  }
  return found;
}

function dedupeBy<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = keyOf(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
