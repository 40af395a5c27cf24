/**
 * @module council/membership
 * Who sat on the Council in a year or on a date. Terms run from 1 January to 31 December, so the
 * calendar year of a date fixes the membership.
 */
import { CouncilError } from "./errors.js";
import { resolveMember } from "./names.js";
import type { CouncilData, CouncilYear } from "./types.js";

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The year of a `YYYY-MM-DD` calendar date; throws `INVALID_DATE` for anything else (e.g. 2019-02-30). */
export function yearOfDate(date: string): number {
  const match = isoDate.exec(date);
  if (match === null) throw new CouncilError({ code: "INVALID_DATE", value: date });
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const parsed = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 30 February over into March; a round trip exposes such dates.
  if (parsed.getUTCFullYear() !== year || parsed.getUTCMonth() !== month - 1 || parsed.getUTCDate() !== day) {
    throw new CouncilError({ code: "INVALID_DATE", value: date });
  }
  return year;
}

/** The Council in a calendar year; throws `YEAR_NOT_COVERED` outside the data. */
export function councilForYear(data: CouncilData, year: number): CouncilYear {
  const found = data.years.find((entry) => entry.year === year);
  if (found === undefined) {
    const first = data.years[0]?.year ?? 0;
    const last = data.years.at(-1)?.year ?? 0;
    throw new CouncilError({ code: "YEAR_NOT_COVERED", year, first, last });
  }
  return found;
}

/** The Council on a `YYYY-MM-DD` date. */
export function councilAt(data: CouncilData, date: string): CouncilYear {
  return councilForYear(data, yearOfDate(date));
}

/** All fifteen members of a Council year, permanent members first. */
export function membersOf(council: CouncilYear): readonly string[] {
  return [...council.permanent, ...council.elected];
}

/** Whether a canonical name is a permanent member in that year. */
export function isPermanent(council: CouncilYear, member: string): boolean {
  return council.permanent.includes(member);
}

/**
 * Resolves a spelling to a member of that year's Council; throws `UNKNOWN_MEMBER` for a name no
 * alias knows and `NOT_ON_COUNCIL` for a State that did not sit that year.
 */
export function memberOf(data: CouncilData, council: CouncilYear, name: string): string {
  const member = resolveMember(data, name);
  if (!membersOf(council).includes(member)) {
    throw new CouncilError({ code: "NOT_ON_COUNCIL", member, year: council.year });
  }
  return member;
}
