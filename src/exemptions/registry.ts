/**
 * @module exemptions/registry
 * The {@link ExemptionRegistry} the evaluator asks when an activity claims a Committee approval or
 * names an exemption: which records could cover it, and for each whether it applies or why not
 * (expired, not yet valid, exhausted, items, parties or activity not covered, quantity above the
 * approval). Held in memory: the evaluator's `find` is synchronous and does no I/O.
 */
import type { ExemptionMatch, ExemptionRegistry } from "../evaluate/context.js";
import type { Activity } from "../model/activity.js";
import {
  exemptionCitation,
  firstValidDay,
  lastValidDay,
  type CarveOut,
  type CommitteeExemption,
  type ExemptionRecord,
} from "./record.js";

/** Why a record does not apply. */
export type NotApplicableCode =
  | "unknown_reference"
  | "not_yet_valid"
  | "expired"
  | "exhausted"
  | "activity_not_covered"
  | "items_not_covered"
  | "quantity_exceeds"
  | "parties_not_stated"
  | "parties_not_covered"
  | "purpose_not_humanitarian";

/** A match with the code of why it does not apply. */
export interface ExemptionFinding extends ExemptionMatch {
  readonly code?: NotApplicableCode;
  readonly kind?: ExemptionRecord["kind"];
}

export interface Registry extends ExemptionRegistry {
  find(activity: Activity): readonly ExemptionFinding[];
  /** Whether one record covers the activity, and why not. */
  assess(record: ExemptionRecord, activity: Activity): ExemptionFinding;
  readonly records: readonly ExemptionRecord[];
}

/** Names compared as people write them: case, spacing and punctuation ignored. */
export function normaliseName(name: string): string {
  return name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** A registry over `records`. */
export function createExemptionRegistry(records: readonly ExemptionRecord[]): Registry {
  const byReference = new Map(records.map((record) => [normaliseReference(record.reference), record]));

  const find = (activity: Activity): ExemptionFinding[] => {
    if (activity.exemption !== undefined) {
      const record = byReference.get(normaliseReference(activity.exemption));
      if (!record) {
        return [
          {
            reference: activity.exemption,
            applies: false,
            code: "unknown_reference",
            reason: "no exemption record has this reference",
          },
        ];
      }
      return [assess(record, activity)];
    }
    // No reference: the records that name one of the parties, or (for goods) cover the code.
    const parties = new Set((activity.parties ?? []).map((party) => normaliseName(party.name)));
    const hs = activity.type === "goods" ? activity.hs.replace(/\D/g, "") : undefined;
    return records
      .filter((record) =>
        record.kind === "carve-out"
          ? [record.actor, ...record.aliases].some((name) => parties.has(normaliseName(name)))
          : record.parties.some((party) => parties.has(normaliseName(party.name))) ||
            (hs !== undefined && record.items.some((item) => item.hs.some((code) => hs.startsWith(code)))),
      )
      .map((record) => assess(record, activity))
      .sort((a, b) => Number(b.applies) - Number(a.applies));
  };

  return { records, find, assess };
}

function assess(record: ExemptionRecord, activity: Activity): ExemptionFinding {
  const base = { reference: record.reference, kind: record.kind, citation: exemptionCitation[record.kind] };
  const no = (code: NotApplicableCode, reason: string): ExemptionFinding => ({
    ...base,
    applies: false,
    code,
    reason: `${code.replace(/_/g, " ")}: ${reason}`,
  });
  const first = firstValidDay(record);
  if (activity.date < first) return no("not_yet_valid", `valid from ${first}`);
  if (record.kind === "carve-out") return assessCarveOut(record, activity, base, no);
  return assessCommittee(record, activity, base, no);
}

type No = (code: NotApplicableCode, reason: string) => ExemptionFinding;
type Base = Pick<ExemptionFinding, "reference" | "kind" | "citation">;

function assessCommittee(
  record: CommitteeExemption,
  activity: Activity,
  base: Base,
  no: No,
): ExemptionFinding {
  const last = lastValidDay(record);
  if (last !== undefined && activity.date > last) return no("expired", `valid until ${last}`);
  if (record.shipments.used >= record.shipments.allowed) {
    return no("exhausted", `${record.shipments.used} of ${record.shipments.allowed} shipments used`);
  }
  if (!record.activities.includes(activity.type)) {
    return no("activity_not_covered", `covers ${record.activities.join(", ")}, not ${activity.type}`);
  }
  if (activity.type === "goods") {
    const hs = activity.hs.replace(/\D/g, "");
    const item = record.items.find((candidate) => candidate.hs.some((code) => hs.startsWith(code)));
    if (!item) {
      return no("items_not_covered", `HS ${hs} is not among ${record.items.flatMap((i) => i.hs).join(", ")}`);
    }
    if (
      item.quantity !== undefined &&
      activity.quantity !== undefined &&
      (item.unit ?? "") === (activity.unit ?? "") &&
      activity.quantity > item.quantity
    ) {
      return no(
        "quantity_exceeds",
        `${activity.quantity} ${activity.unit ?? ""} is more than the ${item.quantity} approved`.replace(
          / {2}/g,
          " ",
        ),
      );
    }
  }
  if (record.parties.length > 0) {
    const approved = new Set(record.parties.map((party) => normaliseName(party.name)));
    const given = activity.parties ?? [];
    if (given.length === 0) {
      return no("parties_not_stated", `the approval names ${record.parties.map((p) => p.name).join(", ")}`);
    }
    // The approval names the parties to the transaction: one it does not name is not covered.
    const outside = given.filter((party) => !approved.has(normaliseName(party.name)));
    if (outside.length > 0) return no("parties_not_covered", outside.map((party) => party.name).join(", "));
  }
  return { ...base, applies: true };
}

function assessCarveOut(record: CarveOut, activity: Activity, base: Base, no: No): ExemptionFinding {
  if (activity.purpose !== "humanitarian" && activity.purpose !== "basic-human-needs") {
    return no(
      "purpose_not_humanitarian",
      "the 2664 carve-out covers humanitarian assistance and basic human needs",
    );
  }
  const names = new Set([record.actor, ...record.aliases].map(normaliseName));
  const given = activity.parties ?? [];
  if (given.length === 0) return no("parties_not_stated", `the carve-out covers ${record.actor}`);
  if (!given.some((party) => names.has(normaliseName(party.name)))) {
    return no("parties_not_covered", `${record.actor} is not a party`);
  }
  return { ...base, applies: true };
}

function normaliseReference(reference: string): string {
  return reference.trim().toLowerCase();
}
