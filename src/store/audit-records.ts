/**
 * @module store/audit-records
 * The audit log as a list of what was recorded, newest first: batches of checks (`kind: "checks"`) and
 * analysts' decisions on screening alerts (`kind: "decision"`). A decision is its own audit record: the
 * `screening_decisions` table is appended to, never updated, and holds what was decided, on which party
 * and list entry (with the entry's content hash), why, who and when; a check that applied one records
 * its id (`store/answers.ts`). What `sanctions audit list` and `GET /v1/audit` answer.
 */
import type { Decision } from "../decisions/index.js";
import type { RecordedBatch } from "./audit.js";
import type { Store } from "./store.js";

/** One entry of the audit log. */
export type AuditEntry =
  | (RecordedBatch & { readonly kind: "checks" })
  | {
      readonly kind: "decision";
      readonly id: string;
      /** When it was decided: when it was recorded. */
      readonly recordedAt: string;
      readonly by: string;
      readonly decision: Decision;
    };

/** The newest `limit` entries of the audit log (all when absent), and how many there are. */
export async function auditEntries(
  store: Pick<Store, "audit" | "decisions">,
  options: { readonly limit?: number } = {},
): Promise<{ entries: AuditEntry[]; total: number }> {
  const batches = await store.audit.batches(options);
  const decisions = await store.decisions.newest(options);
  const entries: AuditEntry[] = [
    ...batches.map((batch) => ({ ...batch, kind: "checks" as const })),
    ...decisions.map((decision) => ({
      kind: "decision" as const,
      id: decision.id,
      recordedAt: decision.decidedAt,
      by: decision.decidedBy,
      decision,
    })),
  ].sort((a, b) => timeOf(b.recordedAt) - timeOf(a.recordedAt) || a.id.localeCompare(b.id));
  const total = (await store.audit.batchCount()) + (await store.decisions.count());
  return { entries: options.limit === undefined ? entries : entries.slice(0, options.limit), total };
}

const timeOf = (at: string): number => new Date(at).getTime();
