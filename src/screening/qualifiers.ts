/**
 * @module screening/qualifiers
 * Facts beside the name that can only lower a score: date of birth, nationality, gender. Weights follow
 * the shape of logic-v2's qualifiers (`shared/reference/screening-anchors.md` §1.4: country −0.2,
 * DOB year disjoint −0.15, DOB day disjoint −0.25, gender −0.2), with a small tolerance for dates one
 * day, month or year off, which the evaluation-set design asks to tolerate (§2 item 14).
 */
import type { BirthDate, Designation } from "../model/designation.js";

/** Typed qualifier outcomes; `effect` is added to the score and is never positive. */
export type QualifierCode =
  | "dob-match"
  | "dob-near"
  | "dob-mismatch"
  | "nationality-match"
  | "nationality-mismatch"
  | "gender-match"
  | "gender-mismatch";

/** One qualifier applied to a match. */
export interface QualifierResult {
  readonly code: QualifierCode;
  readonly effect: number;
  readonly detail: string;
}

export const DOB_MISMATCH = -0.25;
export const DOB_NEAR = -0.03;
export const NATIONALITY_MISMATCH = -0.2;
export const GENDER_MISMATCH = -0.2;

interface QueryDate {
  readonly year: number;
  readonly month?: number;
  readonly day?: number;
}

/** Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; undefined if it is none of them. */
export function parseQueryDate(raw: string): QueryDate | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/u.exec(raw.trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  if (match[2] === undefined) return { year };
  if (match[3] === undefined) return { year, month: Number(match[2]) };
  return { year, month: Number(match[2]), day: Number(match[3]) };
}

function describe(date: BirthDate): string {
  switch (date.kind) {
    case "exact":
      return date.date;
    case "year":
      return String(date.year);
    case "range":
      return `${date.fromYear}–${date.toYear}`;
  }
}

/** 0 = agrees, 1 = near (one day, month or year off), 2 = disjoint. */
function compareDate(query: QueryDate, listed: BirthDate): 0 | 1 | 2 {
  switch (listed.kind) {
    case "year":
      return query.year === listed.year ? 0 : Math.abs(query.year - listed.year) <= 1 ? 1 : 2;
    case "range":
      if (query.year >= listed.fromYear && query.year <= listed.toYear) return 0;
      return query.year === listed.fromYear - 1 || query.year === listed.toYear + 1 ? 1 : 2;
    case "exact": {
      const other = parseQueryDate(listed.date);
      if (!other) return 0;
      if (query.year !== other.year) return Math.abs(query.year - other.year) <= 1 ? 1 : 2;
      if (query.month === undefined || other.month === undefined) return 0;
      if (query.day === undefined || other.day === undefined) return query.month === other.month ? 0 : 1;
      if (query.month === other.month && query.day === other.day) return 0;
      // Same year, one of day or month differs (or day and month swapped): a typing slip, not another person.
      const swapped = query.month === other.day && query.day === other.month;
      return query.month === other.month || query.day === other.day || swapped ? 1 : 2;
    }
  }
}

/** Country words the lists and users write, to ISO 3166 alpha-2. */
const COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  "democratic peoples republic of korea": "KP",
  "north korea": "KP",
  dprk: "KP",
  kp: "KP",
  prk: "KP",
  "republic of korea": "KR",
  "south korea": "KR",
  korea: "KR",
  kr: "KR",
  kor: "KR",
  rok: "KR",
  china: "CN",
  "peoples republic of china": "CN",
  cn: "CN",
  chn: "CN",
  "russian federation": "RU",
  russia: "RU",
  ru: "RU",
  rus: "RU",
  japan: "JP",
  jp: "JP",
  "united states": "US",
  usa: "US",
  us: "US",
  "hong kong": "HK",
  hk: "HK",
  singapore: "SG",
  sg: "SG",
  "united arab emirates": "AE",
  ae: "AE",
  syria: "SY",
  "syrian arab republic": "SY",
  iran: "IR",
  "islamic republic of iran": "IR",
  vietnam: "VN",
  "viet nam": "VN",
  malaysia: "MY",
  myanmar: "MM",
  mongolia: "MN",
  taiwan: "TW",
};

/** Normalises a country word or code to alpha-2 where known, else to folded words. */
export function normaliseCountry(raw: string): string {
  const folded = raw
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/['’]/gu, "")
    .replace(/[^a-z ]+/gu, " ")
    .replace(/\s+/gu, " ")
    .trim();
  return COUNTRY_ALIASES[folded] ?? (folded.length === 2 ? folded.toUpperCase() : folded);
}

/** The facts a query may carry beside the name. */
export interface QualifierQuery {
  readonly dob?: string;
  readonly nationality?: string;
  readonly gender?: "male" | "female";
}

/** Applies every qualifier the query and the record both state. Missing facts never change a score. */
export function applyQualifiers(query: QualifierQuery, record: Designation): QualifierResult[] {
  const results: QualifierResult[] = [];
  const date = query.dob === undefined ? undefined : parseQueryDate(query.dob);
  if (date && record.birthDates.length > 0) {
    const best = Math.min(...record.birthDates.map((listed) => compareDate(date, listed)));
    const listed = record.birthDates.map(describe).join(", ");
    if (best === 0)
      results.push({ code: "dob-match", effect: 0, detail: `${query.dob ?? ""} agrees with ${listed}` });
    else if (best === 1)
      results.push({
        code: "dob-near",
        effect: DOB_NEAR,
        detail: `${query.dob ?? ""} is one unit off ${listed}`,
      });
    else
      results.push({
        code: "dob-mismatch",
        effect: DOB_MISMATCH,
        detail: `${query.dob ?? ""} conflicts with ${listed}`,
      });
  }
  if (query.nationality !== undefined && record.nationalities.length > 0) {
    const wanted = normaliseCountry(query.nationality);
    const listed = record.nationalities.map(normaliseCountry);
    if (listed.includes(wanted)) {
      results.push({ code: "nationality-match", effect: 0, detail: `${wanted} is listed` });
    } else {
      results.push({
        code: "nationality-mismatch",
        effect: NATIONALITY_MISMATCH,
        detail: `${wanted} is not among ${listed.join(", ")}`,
      });
    }
  }
  if (query.gender !== undefined && record.gender !== undefined) {
    results.push(
      query.gender === record.gender
        ? { code: "gender-match", effect: 0, detail: record.gender }
        : {
            code: "gender-mismatch",
            effect: GENDER_MISMATCH,
            detail: `${query.gender} vs listed ${record.gender}`,
          },
    );
  }
  return results;
}
