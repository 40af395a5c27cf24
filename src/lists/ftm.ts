/**
 * @module lists/ftm
 * Reader for FollowTheMoney entities as JSON lines, the form in which OpenSanctions publishes its
 * datasets (`entities.ftm.json`, `targets.nested.json`): one object per line with `id`, `schema` and
 * `properties` (every property a list of strings). Person, Organization, Company, LegalEntity,
 * PublicBody, Vessel and Airplane become designations; the other schemas (Sanction, Address,
 * Ownership, …) describe them and are skipped, except that nested `sanctions` give programmes and
 * listing dates.
 */
import type {
  BirthDate,
  Designation,
  DesignationKind,
  DesignationName,
  Identifier,
  NameQuality,
  VesselDetails,
} from "../model/designation.js";
import { countryCode, countryOrWords } from "./countries.js";
import { ListError, RecordIssues } from "./errors.js";
import { isValidImo, normaliseImo } from "./imo.js";
import { chunksOf, utf8Text, type ListInput, type ReadOptions } from "./input.js";
import { collapse, dedupeNames, scriptOf } from "./text.js";

/** The `note` of an identifier that holds a UN Security Council reference (`KPi.001`). */
export const UNSC_ID_NOTE = "UN SC reference";

/** Options of {@link parseFtmJsonLines}. */
export interface FtmReadOptions extends ReadOptions {
  /** Dataset name for `list` (`FTM:<dataset>`) when an entity names none in `datasets`. */
  readonly dataset?: string;
}

/** What {@link parseFtmJsonLines} returns. */
export interface FtmListResult {
  /** `FTM:<dataset>` of the first designation (or of `options.dataset`). */
  readonly list: string;
  readonly designations: Designation[];
  /** Lines whose schema is not a party (Sanction, Address, …), counted so a caller can report them. */
  readonly skipped: number;
}

const KINDS: Readonly<Record<string, { kind: DesignationKind; sourceType?: string }>> = {
  Person: { kind: "person" },
  Organization: { kind: "entity" },
  Company: { kind: "entity" },
  LegalEntity: { kind: "entity" },
  PublicBody: { kind: "entity" },
  Vessel: { kind: "vessel" },
  Airplane: { kind: "entity", sourceType: "aircraft" },
};

// Name properties and the weight each deserves, as OpenSanctions maps the UN's alias qualities.
const NAME_PROPS: readonly (readonly [string, NameQuality])[] = [
  ["name", "primary"],
  ["alias", "good"],
  ["previousName", "former"],
  ["weakAlias", "low"],
];

type Props = Readonly<Record<string, unknown>>;

/**
 * Reads FollowTheMoney JSON lines. Blank lines are allowed.
 *
 * @throws {ListError} `json_malformed` naming the line (not JSON, or not an entity with `id`, `schema`
 *   and `properties`), `encoding_unsupported`, `input_unreadable`, `record_invalid` (after the whole
 *   file is read, naming every party without a name or an id).
 */
export async function parseFtmJsonLines(
  input: ListInput,
  options: FtmReadOptions = {},
): Promise<FtmListResult> {
  const designations: Designation[] = [];
  const issues = new RecordIssues();
  let skipped = 0;
  let position = 0;
  for await (const { text, line } of lines(utf8Text(chunksOf(input), options))) {
    if (text.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ListError("json_malformed", "not a JSON object", line);
    }
    if (!isEntity(value)) {
      throw new ListError(
        "json_malformed",
        "not a FollowTheMoney entity (needs id, schema, properties)",
        line,
      );
    }
    const mapped = KINDS[value.schema];
    if (mapped === undefined) {
      skipped++;
      continue;
    }
    position++;
    const designation = toDesignation(value, mapped.kind, mapped.sourceType, options.dataset);
    const where = { record: position, line, kind: value.schema };
    const ref = value.id.trim();
    if (ref === "") issues.add({ problem: "no_reference", ...where });
    else if (designation.names.length === 0) issues.add({ problem: "no_name", ...where, ref });
    else designations.push(designation);
  }
  issues.throwIfAny();
  const list = designations[0]?.list ?? `FTM:${options.dataset ?? "unknown"}`;
  return { list, designations, skipped };
}

interface Entity {
  readonly id: string;
  readonly schema: string;
  readonly properties: Props;
  readonly datasets?: unknown;
}

function isEntity(value: unknown): value is Entity {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v["id"] === "string" &&
    typeof v["schema"] === "string" &&
    typeof v["properties"] === "object" &&
    v["properties"] !== null &&
    !Array.isArray(v["properties"])
  );
}

async function* lines(texts: AsyncIterable<string>): AsyncGenerator<{ text: string; line: number }> {
  let rest = "";
  let line = 0;
  for await (const text of texts) {
    rest += text;
    let newline: number;
    while ((newline = rest.indexOf("\n")) >= 0) {
      yield { text: rest.slice(0, newline), line: ++line };
      rest = rest.slice(newline + 1);
    }
  }
  if (rest !== "") yield { text: rest, line: line + 1 };
}

/** The string values of a property; nested entities (e.g. `sanctions`) are not strings and are dropped. */
function strings(props: Props, name: string): string[] {
  const v = props[name];
  if (!Array.isArray(v)) return [];
  return v
    .filter((s): s is string => typeof s === "string")
    .map(collapse)
    .filter((s) => s !== "");
}

/** Nested entities of a property, as in OpenSanctions' `targets.nested.json`. */
function nested(props: Props, name: string): Props[] {
  const v = props[name];
  if (!Array.isArray(v)) return [];
  return v.filter(isEntity).map((e) => e.properties);
}

function toDesignation(
  entity: Entity,
  kind: DesignationKind,
  sourceType: string | undefined,
  dataset: string | undefined,
): Designation {
  const p = entity.properties;
  const datasets = Array.isArray(entity.datasets)
    ? entity.datasets.filter((d): d is string => typeof d === "string")
    : [];
  const names: DesignationName[] = [];
  for (const [prop, quality] of NAME_PROPS) {
    for (const full of strings(p, prop)) {
      const script = scriptOf(full);
      names.push(script === undefined ? { full, quality } : { full, quality, script });
    }
  }
  const birthDates = strings(p, "birthDate")
    .map(ftmDate)
    .filter((b): b is BirthDate => b !== undefined);
  const nationalities = [...strings(p, "nationality"), ...strings(p, "citizenship")]
    .map((c) => countryCode(c) ?? countryOrWords(c))
    .filter((c): c is string => c !== undefined);
  const gender = strings(p, "gender")[0]?.toLowerCase();

  const identifiers: Identifier[] = [];
  for (const imo of strings(p, "imoNumber")) {
    const digits = normaliseImo(imo) ?? imo;
    // FtM puts company IMO numbers on organisations in the same property; only ships have a check digit.
    identifiers.push(
      kind === "vessel"
        ? { type: "imo", value: digits, valid: isValidImo(digits) }
        : { type: "imo", value: digits, note: "company" },
    );
  }
  for (const value of strings(p, "passportNumber")) identifiers.push({ type: "passport", value });
  for (const value of strings(p, "idNumber")) identifiers.push({ type: "national-id", value });
  for (const [prop, note] of [
    ["swiftBic", "SWIFT/BIC"],
    ["mmsi", "MMSI"],
    ["callSign", "call sign"],
    ["registrationNumber", "registration number"],
    ["taxNumber", "tax number"],
  ] as const) {
    for (const value of strings(p, prop)) identifiers.push({ type: "other", value, note });
  }

  const sanctions = nested(p, "sanctions");
  const programmes = [
    ...strings(p, "programId"),
    ...sanctions.flatMap((s) => [...strings(s, "programId"), ...strings(s, "program")]),
  ];
  // The authority that imposes it (`United Nations Security Council (UN SC)`, `Office of Foreign Assets
  // Control`, ...), and the UN SC reference (`KPi.001`), which tells a 1718 designation (`basis.ts`).
  const authority = [...new Set(sanctions.flatMap((s) => strings(s, "authority")))].join("; ");
  for (const value of new Set([...strings(p, "unscId"), ...sanctions.flatMap((s) => strings(s, "unscId"))]))
    identifiers.push({ type: "other", value, note: UNSC_ID_NOTE });
  const topics = [...new Set(strings(p, "topics"))];
  const listedOn = [...sanctions.flatMap((s) => [...strings(s, "listingDate"), ...strings(s, "startDate")])]
    .map((d) => /^\d{4}-\d{2}-\d{2}/.exec(d)?.[0])
    .filter((d): d is string => d !== undefined)
    .sort()[0];
  const remarks = strings(p, "notes").join(" ");

  let vessel: VesselDetails | undefined;
  if (kind === "vessel") {
    const details: Record<string, string> = {};
    const flag = strings(p, "flag")[0];
    if (flag !== undefined) details["flag"] = countryCode(flag) ?? flag;
    for (const key of ["type", "tonnage", "grossRegisteredTonnage"] as const) {
      const v = strings(p, key)[0];
      if (v !== undefined) details[key] = v;
    }
    if (Object.keys(details).length > 0) vessel = details;
  }

  return {
    ref: entity.id,
    list: `FTM:${datasets[0] ?? dataset ?? "unknown"}`,
    programmes: [...new Set(programmes)],
    ...(authority === "" ? {} : { authority }),
    ...(topics.length === 0 ? {} : { topics }),
    kind,
    ...(sourceType === undefined ? {} : { sourceType }),
    names: dedupeNames(names),
    birthDates,
    nationalities: [...new Set(nationalities)],
    ...(gender === "male" || gender === "female" ? { gender } : {}),
    identifiers,
    ...(listedOn === undefined ? {} : { listedOn }),
    ...(remarks === "" ? {} : { remarks }),
    ...(vessel === undefined ? {} : { vessel }),
  };
}

/** FtM dates are ISO prefixes: `1964-07-17` exact; `1964-07` and `1964` say the year. */
function ftmDate(text: string): BirthDate | undefined {
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) return { kind: "exact", date: text.slice(0, 10) };
  const year = /^(\d{4})(?:-\d{2})?$/.exec(text)?.[1];
  return year === undefined ? undefined : { kind: "year", year: Number(year) };
}
