/**
 * @module caps/import
 * Reads a table of refined-petroleum notifications (the columns of
 * `../shared/data/trade/dprk-refined-petroleum-notifications.csv`) into delivery records. Figures are
 * kept as printed: barrels and tonnes as reported, months as `YYYY-MM` spans; estimates are marked as
 * estimates so that they are never summed with notifications.
 */
import { parse } from "csv-parse/sync";
import { isIsoDate } from "../model/dates.js";
import { recordTypes, type Delivery, type RecordType } from "./delivery.js";
import { CapError } from "./errors.js";

export interface NotificationsOptions {
  /** The capped measure the rows belong to; `KP-IMP-REFINED` by default. */
  readonly measure?: string;
  /** Names the file in each record's `sourceKey` (`name#record_id`), so a second import adds nothing. */
  readonly name: string;
}

const required = ["record_id", "supplier", "period_start", "period_end", "record_type"] as const;

/**
 * Parses the notifications CSV text.
 * @throws {CapError} `delivery_invalid` naming the line and column
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
  if (missing.length > 0) throw new CapError("delivery_invalid", `missing column ${missing.join(", ")}`);
  return rows.map((row, index) => {
    const line = index + 2;
    const fail = (column: string, why: string): never => {
      throw new CapError("delivery_invalid", `line ${line}, ${column}: ${why}`);
    };
    const recordType = row["record_type"] as RecordType;
    if (!recordTypes.includes(recordType))
      fail("record_type", `unknown record type "${row["record_type"] ?? ""}"`);
    const periodStart = monthStart(row["period_start"] ?? "") ?? fail("period_start", "must be YYYY-MM");
    const periodEnd = monthEnd(row["period_end"] ?? "") ?? fail("period_end", "must be YYYY-MM");
    if (periodEnd < periodStart) fail("period_end", "before period_start");
    const barrels = quantity(row["quantity_barrels"], () => fail("quantity_barrels", "not a number"));
    const tonnes = quantity(row["quantity_tonnes"], () => fail("quantity_tonnes", "not a number"));
    if (barrels === undefined && tonnes === undefined)
      fail("quantity_barrels", "neither barrels nor tonnes given");
    const supplier = row["supplier"] ?? "";
    if (supplier === "") fail("supplier", "empty");
    const source = [row["source_publisher"], row["source_url"]].filter(Boolean).join(" ");
    return {
      sourceKey: `${options.name}#${row["record_id"] ?? String(line)}`,
      measure: options.measure ?? "KP-IMP-REFINED",
      supplier,
      periodStart,
      periodEnd,
      ...(barrels === undefined ? {} : { barrels }),
      ...(tonnes === undefined ? {} : { tonnes }),
      kind: recordType === "estimate_not_notification" ? "estimate" : "notification",
      recordType,
      source: source || options.name,
      ...(row["source_date"] ? { sourceDate: row["source_date"] } : {}),
      ...(row["note"] ? { note: row["note"] } : {}),
    } satisfies Delivery;
  });
}

function quantity(text: string | undefined, fail: () => never): number | undefined {
  if (text === undefined || text === "") return undefined;
  const value = Number(text.replace(/,/g, ""));
  if (!Number.isFinite(value) || value < 0) fail();
  return value;
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
