/**
 * @module goods/edition
 * HS editions the engine knows, and which one a declaration is in.
 */
import { GoodsError } from "./errors.js";

/** The HS editions the engine distinguishes. Earlier editions are read as HS 2017 (see docs/goods.md). */
export type HsEdition = "HS2017" | "HS2022";

/** All editions, oldest first. */
export const HS_EDITIONS: readonly HsEdition[] = ["HS2017", "HS2022"];

/** The day HS 2022 entered into force. */
export const HS2022_IN_FORCE = "2022-01-01";

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The edition in force on a date: HS 2017 before 2022-01-01, HS 2022 from then on. A string must be
 * an ISO calendar date (`YYYY-MM-DD`); a `Date` is read in UTC.
 */
export function editionForDate(date: string | Date): HsEdition {
  const day =
    typeof date === "string" ? date : Number.isNaN(date.getTime()) ? "" : date.toISOString().slice(0, 10);
  if (!isoDate.test(day))
    throw new GoodsError("hs_invalid_date", `not an ISO date (YYYY-MM-DD): "${String(date)}"`);
  // ISO dates of equal length compare correctly as strings.
  return day < HS2022_IN_FORCE ? "HS2017" : "HS2022";
}

/**
 * The edition a declared code is in: the activity's explicit `hsEdition` when it has one (a
 * declaration filed late, or a national tariff that switched late), else the edition in force on its
 * date.
 */
export function editionOf(activity: {
  readonly date: string;
  readonly hsEdition?: HsEdition | undefined;
}): HsEdition {
  return activity.hsEdition ?? editionForDate(activity.date);
}

/** Reads an edition name as users write it: `HS2017`, `hs2022`, `2022`, `HS 2017`. */
export function parseEdition(input: string): HsEdition {
  const compact = input.replace(/\s+/g, "").toUpperCase();
  const name = compact.startsWith("HS") ? compact : `HS${compact}`;
  if (name === "HS2017" || name === "HS2022") return name;
  throw new GoodsError("hs_invalid_edition", `unknown HS edition "${input}"; expected HS2017 or HS2022`);
}

/** The other edition (the engine knows two). */
export function otherEdition(edition: HsEdition): HsEdition {
  return edition === "HS2017" ? "HS2022" : "HS2017";
}
