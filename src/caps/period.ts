/**
 * @module caps/period
 * The period a cap counts over, at a date: a calendar year (2397 OP5), twelve months from a start
 * (2397 OP4: from 22 December 2017), or a fixed span (2375 OP14: October to December 2017).
 */
import type { Cap } from "../model/regime-schema.js";
import { addDays, addMonths, compareDates } from "../model/dates.js";

export interface CapPeriod {
  readonly start: string;
  readonly end: string;
}

/** The period of `cap` that contains `date`, or undefined when the cap says too little to tell. */
export function periodAt(cap: Cap, date: string): CapPeriod | undefined {
  if (cap.period === "calendar-year") {
    const year = date.slice(0, 4);
    return { start: `${year}-01-01`, end: `${year}-12-31` };
  }
  if (cap.period === "fixed") {
    if (cap.periodStart === undefined || cap.periodEnd === undefined) return undefined;
    return { start: cap.periodStart, end: cap.periodEnd };
  }
  if (cap.periodStart === undefined) return undefined;
  // Twelve-month periods from the start: step back or forward whole years to the one holding `date`.
  let start = cap.periodStart;
  const years = Number(date.slice(0, 4)) - Number(start.slice(0, 4));
  start = addMonths(cap.periodStart, 12 * Math.max(0, years - 1));
  while (compareDates(addMonths(start, 12), date) <= 0) start = addMonths(start, 12);
  return { start, end: addDays(addMonths(start, 12), -1) };
}

/** The months (`YYYY-MM`) a span of dates touches. */
export function monthsOf(start: string, end: string): string[] {
  const months: string[] = [];
  let year = Number(start.slice(0, 4));
  let month = Number(start.slice(5, 7));
  const last = end.slice(0, 7);
  for (;;) {
    const key = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
    months.push(key);
    if (key >= last) break;
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return months;
}
