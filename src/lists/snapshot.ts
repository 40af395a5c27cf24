/**
 * @module lists/snapshot
 * A snapshot is one imported version of one list. Its id is the SHA-256 of the designations written
 * as canonical JSON (keys sorted, records sorted by list and ref), so the same content always gets
 * the same id whatever the order of the file or the time of import, and a verdict that cites a
 * snapshot id can be reproduced later.
 */
import { createHash } from "node:crypto";
import type { Designation, ListSnapshot, SnapshotCounts } from "../model/designation.js";

/** A snapshot without its designations: what listings and pointers need. */
export type SnapshotSummary = Omit<ListSnapshot, "designations">;

/** JSON with object keys sorted and `undefined` members left out, so equal data gives equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** Designations in canonical order: by list, then ref. */
export function sortDesignations(designations: readonly Designation[]): Designation[] {
  const key = (d: Designation): string => `${d.list}\u0000${d.ref}`;
  return [...designations].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** The content hash of a set of designations (64 hex digits); order does not matter. */
export function snapshotId(designations: readonly Designation[]): string {
  const hash = createHash("sha256");
  hash.update("[");
  sortDesignations(designations).forEach((d, i) => {
    hash.update((i === 0 ? "" : ",") + canonicalJson(d));
  });
  hash.update("]");
  return hash.digest("hex");
}

/** Persons, entities, vessels and names in a set of designations. */
export function countDesignations(designations: readonly Designation[]): SnapshotCounts {
  let persons = 0;
  let entities = 0;
  let vessels = 0;
  let names = 0;
  for (const d of designations) {
    if (d.kind === "person") persons++;
    else if (d.kind === "vessel") vessels++;
    else entities++;
    names += d.names.length;
  }
  return { persons, entities, vessels, names };
}

/** What {@link buildSnapshot} needs. */
export interface SnapshotInput {
  /** Where the list came from: a path or URL. */
  readonly source: string;
  /** The list name, e.g. `UN`, `OFAC-SDN`, `FTM:un_sc_sanctions`. */
  readonly list: string;
  readonly generatedOn?: string | undefined;
  readonly designations: readonly Designation[];
  /** The import time; now by default. */
  readonly importedAt?: Date;
}

/** Makes a {@link ListSnapshot}: designations in canonical order, content-hash id, counts. */
export function buildSnapshot(input: SnapshotInput): ListSnapshot {
  const designations = sortDesignations(input.designations);
  return {
    id: snapshotId(designations),
    source: input.source,
    list: input.list,
    ...(input.generatedOn === undefined ? {} : { generatedOn: input.generatedOn }),
    importedAt: (input.importedAt ?? new Date()).toISOString(),
    counts: countDesignations(designations),
    designations,
  };
}

/** The snapshot without its designations. */
export function summarise(snapshot: ListSnapshot): SnapshotSummary {
  const { designations: _designations, ...summary } = snapshot;
  return summary;
}
