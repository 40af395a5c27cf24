/**
 * @module model/dates
 * Legal dates are calendar dates (`YYYY-MM-DD`), never instants: a resolution adopted on 22 December 2017
 * applies from that day, whatever the time zone. All arithmetic here is on UTC calendar days.
 */

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real calendar date written `YYYY-MM-DD` (2019-02-29 and 2019-13-40 are not). */
export function isIsoDate(value: string): boolean {
  const match = isoDatePattern.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function toUtc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function fromUtc(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The date `days` calendar days after `date` (negative goes back). */
export function addDays(date: string, days: number): string {
  const value = toUtc(date);
  value.setUTCDate(value.getUTCDate() + days);
  return fromUtc(value);
}

/**
 * The same day `months` months later. "No later than 24 months after adoption" of 22 December 2017
 * is 22 December 2019. A day that does not exist in the target month falls back to its last day.
 */
export function addMonths(date: string, months: number): string {
  const value = toUtc(date);
  const day = value.getUTCDate();
  value.setUTCDate(1);
  value.setUTCMonth(value.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(value.getUTCFullYear(), value.getUTCMonth() + 1, 0)).getUTCDate();
  value.setUTCDate(Math.min(day, lastDay));
  return fromUtc(value);
}

/** Compares two ISO dates as strings compare: negative, zero or positive. */
export function compareDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Today's date in UTC, for defaults at the edges (the core always receives an explicit date). */
export function today(now: Date = new Date()): string {
  return fromUtc(now);
}
