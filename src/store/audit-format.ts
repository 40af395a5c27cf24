/**
 * @module store/audit-format
 * The JSON text of one audit batch, as the audit log stores it in one statement and as the API's
 * journal keeps it on disk. Import-free (types only), so that the server's request path can use it
 * without loading the database modules.
 */
import type { BatchInfo, CheckToRecord } from "./audit.js";

/**
 * One batch as the JSON text `AuditLog.recordSerialized` takes:
 * `{"info": {id, source, regimeVersion, listSnapshot, context, startedAt?}, "checks": [{activity,
 * verdict, answers, checkedAt?}]}`. The verdict's own `regimeVersion` and `listSnapshot` are stored
 * with each check, as it was reached.
 */
export function serializeBatch(
  info: BatchInfo & { readonly id: string },
  checks: readonly CheckToRecord[],
): string {
  return JSON.stringify({
    info: {
      id: info.id,
      source: info.source,
      regimeVersion: info.regimeVersion,
      listSnapshot: info.listSnapshot,
      context: info.context,
      ...(info.startedAt === undefined ? {} : { startedAt: info.startedAt }),
    },
    checks: checks.map((check) => ({
      activity: check.activity,
      verdict: check.verdict,
      answers: check.answers,
      ...(check.checkedAt === undefined ? {} : { checkedAt: check.checkedAt }),
    })),
  });
}
