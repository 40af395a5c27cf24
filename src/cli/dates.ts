/**
 * @module cli/dates
 * Date arguments: a real calendar date `YYYY-MM-DD`, or today's date (UTC) when omitted.
 */
import { isIsoDate, today } from "../model/dates.js";
import { UsageError } from "./output.js";

export function dateOption(value: string | undefined, name: string): string {
  if (value === undefined) return today();
  if (!isIsoDate(value))
    throw new UsageError(`${name} must be a real date written YYYY-MM-DD, got "${value}"`);
  return value;
}
