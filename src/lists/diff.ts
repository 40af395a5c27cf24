/**
 * @module lists/diff
 * What changed between two snapshots: designations added, removed, and changed (same list and ref),
 * naming the fields that differ so that a reviewer sees "names, identifiers" rather than two blobs.
 */
import type { Designation, ListSnapshot } from "../model/designation.js";
import { canonicalJson } from "./snapshot.js";

/** One designation present in both snapshots with different content. */
export interface DesignationChange {
  readonly ref: string;
  readonly list: string;
  /** Top-level fields that differ, sorted, e.g. `["identifiers", "names"]`. */
  readonly fields: readonly string[];
  readonly before: Designation;
  readonly after: Designation;
}

/** The difference from snapshot `from` to snapshot `to`. */
export interface SnapshotDiff {
  readonly from: string;
  readonly to: string;
  readonly added: readonly Designation[];
  readonly removed: readonly Designation[];
  readonly changed: readonly DesignationChange[];
  readonly unchanged: number;
}

const keyOf = (d: Designation): string => `${d.list}\u0000${d.ref}`;

/** Compares two snapshots by list and ref; results are in ref order. */
export function diffSnapshots(from: ListSnapshot, to: ListSnapshot): SnapshotDiff {
  const before = new Map(from.designations.map((d) => [keyOf(d), d]));
  const after = new Map(to.designations.map((d) => [keyOf(d), d]));
  const added: Designation[] = [];
  const removed: Designation[] = [];
  const changed: DesignationChange[] = [];
  let unchanged = 0;
  for (const [key, b] of before) {
    const a = after.get(key);
    if (a === undefined) {
      removed.push(b);
      continue;
    }
    const fields = changedFields(b, a);
    if (fields.length === 0) unchanged++;
    else changed.push({ ref: b.ref, list: b.list, fields, before: b, after: a });
  }
  for (const [key, a] of after) if (!before.has(key)) added.push(a);
  const byRef = <T extends { ref: string }>(x: T, y: T): number => x.ref.localeCompare(y.ref, "en");
  return {
    from: from.id,
    to: to.id,
    added: added.sort(byRef),
    removed: removed.sort(byRef),
    changed: changed.sort(byRef),
    unchanged,
  };
}

function changedFields(before: Designation, after: Designation): string[] {
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...fields]
    .filter((field) => {
      const b = (before as unknown as Record<string, unknown>)[field];
      const a = (after as unknown as Record<string, unknown>)[field];
      return canonicalJson(b ?? null) !== canonicalJson(a ?? null);
    })
    .sort();
}
