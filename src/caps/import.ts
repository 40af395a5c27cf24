/**
 * @module caps/import
 * Reads a table of refined-petroleum notifications (the columns of
 * `../shared/data/trade/dprk-refined-petroleum-notifications.csv`) into delivery records. Figures are
 * kept as printed: barrels and tonnes as reported, months as `YYYY-MM` spans; estimates are marked as
 * estimates so that they are never summed with notifications. Every cell is held to the limits of
 * `model/limits.ts` (see `./check.ts`), and an error names its line and column.
 */
import { parse } from "csv-parse/sync";
import { isIsoDate } from "../model/dates.js";
import { MAX_CODE_LENGTH, MAX_ID_LENGTH, MAX_NAME_LENGTH, MAX_TEXT_LENGTH } from "../model/limits.js";
import { readQuantity, textProblem } from "./check.js";
import { recordTypes, type Delivery, type RecordType } from "./delivery.js";
import { CapError, deliveryProblemMessage, deliveryProblemText, type DeliveryProblem } from "./errors.js";
import { sameContent } from "./key.js";

export interface NotificationsOptions {
  /** The capped measure the rows belong to (callers give the regime's `defaultCap` when none is named). */
  readonly measure: string;
  /** Names the file in each record's `key` (`name#record_id`), so a second import adds nothing. */
  readonly name: string;
}

const required = ["record_id", "supplier", "period_start", "period_end", "record_type"] as const;

/**
 * Parses the notifications CSV text. Each row's key is `name#record_id`, so that importing the file
 * again stores nothing new; a record id given twice with other content is an error (which row is
 * meant?), given twice with the same content it is one record.
 * @throws {CapError} `delivery_invalid` naming the line and column, with the problem
 */
export function parseNotificationsCsv(text: string, options: NotificationsOptions): Delivery[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new CapError(
      "delivery_invalid",
      `not a readable CSV: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const first = rows[0];
  const missing = first ? required.filter((column) => !(column in first)) : [...required];
  if (missing.length > 0) {
    const problem: DeliveryProblem = { code: "missing_columns", field: "(header)", columns: missing };
    throw new CapError("delivery_invalid", deliveryProblemText(problem), problem);
  }
  const nameProblem = textProblem("name", options.name, MAX_ID_LENGTH, { required: true });
  if (nameProblem) throw new CapError("delivery_invalid", deliveryProblemMessage(nameProblem), nameProblem);
  const seen = new Map<string, { line: number; delivery: Delivery }>();
  const deliveries: Delivery[] = [];
  for (const [index, row] of rows.entries()) {
    const line = index + 2;
    const fail = (problem: DeliveryProblem): never => {
      throw new CapError("delivery_invalid", `line ${line}, ${deliveryProblemMessage(problem)}`, problem);
    };
    const column = (name: string, limit: number, required = false): string | undefined => {
      const value = row[name];
      const problem = textProblem(name, value, limit, { required });
      if (problem) fail(problem);
      return value === undefined || value === "" ? undefined : value;
    };
    const recordId = column("record_id", MAX_ID_LENGTH) ?? String(line);
    const supplier = column("supplier", MAX_NAME_LENGTH, true) ?? "";
    const recordType = column("record_type", MAX_CODE_LENGTH, true) as RecordType;
    if (!recordTypes.includes(recordType))
      fail({ code: "unknown_record_type", field: "record_type", value: recordType });
    const periodStart =
      monthStart(column("period_start", MAX_CODE_LENGTH, true) ?? "") ??
      fail({ code: "not_a_date", field: "period_start", value: row["period_start"] ?? "" });
    const periodEnd =
      monthEnd(column("period_end", MAX_CODE_LENGTH, true) ?? "") ??
      fail({ code: "not_a_date", field: "period_end", value: row["period_end"] ?? "" });
    if (periodEnd < periodStart) fail({ code: "before_start", field: "period_end", start: periodStart });
    // A notified nil month is a report too: zero is a quantity here (not for a single delivery).
    const quantity = (name: string): number | undefined => {
      const text = column(name, MAX_CODE_LENGTH);
      if (text === undefined) return undefined;
      const value = readQuantity(name, text, { zero: true });
      return typeof value === "number" ? value : fail(value);
    };
    const barrels = quantity("quantity_barrels");
    const tonnes = quantity("quantity_tonnes");
    if (barrels === undefined && tonnes === undefined)
      fail({ code: "no_quantity", field: "quantity_barrels" });
    const source = [column("source_publisher", MAX_NAME_LENGTH), column("source_url", MAX_TEXT_LENGTH)]
      .filter(Boolean)
      .join(" ");
    const sourceProblem = textProblem("source_publisher and source_url", source, MAX_TEXT_LENGTH);
    if (sourceProblem) fail(sourceProblem);
    const sourceDate = column("source_date", MAX_CODE_LENGTH);
    const note = column("note", MAX_TEXT_LENGTH);
    const key = `${options.name}#${recordId}`;
    const keyProblem = textProblem("record_id", key, MAX_ID_LENGTH);
    // The key is the file's name and the record id: together they must fit an indexed id.
    if (keyProblem) fail(keyProblem);
    const delivery: Delivery = {
      key,
      measure: options.measure,
      supplier,
      periodStart,
      periodEnd,
      ...(barrels === undefined ? {} : { barrels }),
      ...(tonnes === undefined ? {} : { tonnes }),
      kind: recordType === "estimate_not_notification" ? "estimate" : "notification",
      recordType,
      source: source || options.name,
      ...(sourceDate === undefined ? {} : { sourceDate }),
      ...(note === undefined ? {} : { note }),
    };
    // The same row twice is one record (the store answers `unchanged` for the second).
    const earlier = seen.get(key);
    if (earlier && !sameContent(earlier.delivery, delivery))
      fail({ code: "duplicate_key", field: "record_id", key, line: earlier.line });
    if (!earlier) seen.set(key, { line, delivery });
    deliveries.push(delivery);
  }
  return deliveries;
}

function monthStart(text: string): string | undefined {
  const date = /^\d{4}-\d{2}$/.test(text) ? `${text}-01` : text;
  return isIsoDate(date) ? date : undefined;
}

function monthEnd(text: string): string | undefined {
  if (!/^\d{4}-\d{2}$/.test(text)) return isIsoDate(text) ? text : undefined;
  const [year, month] = text.split("-").map(Number) as [number, number];
  if (month < 1 || month > 12) return undefined;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${text}-${String(last).padStart(2, "0")}`;
}
