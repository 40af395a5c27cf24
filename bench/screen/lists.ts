/**
 * The UN and OFAC lists as snapshots, and a throughput timer, shared by the screening benchmarks
 * (`evaluate.ts`, `speed.ts`) so that both measure the same screener on the same inputs.
 */
import { join } from "node:path";
import { parseOfacSdnCsv, parseUnConsolidatedXml } from "../../src/lists/index.js";
import type { Designation, ListSnapshot } from "../../src/model/designation.js";

const SHARED = join(import.meta.dirname, "..", "..", "..", "shared", "data");

function snapshotOf(list: string, designations: readonly Designation[]): ListSnapshot {
  return {
    id: list,
    source: list,
    list,
    importedAt: new Date(0).toISOString(),
    counts: { persons: 0, entities: 0, vessels: 0, names: 0 },
    designations: designations.map((d) => ({ ...d, ref: d.ref.trim() })),
  };
}

/** The UN consolidated list and the OFAC SDN list from `../shared/data`. */
export async function loadLists(): Promise<{ un: ListSnapshot; ofac: ListSnapshot }> {
  const un = snapshotOf(
    "UN",
    (await parseUnConsolidatedXml(join(SHARED, "un", "consolidated.xml"))).designations,
  );
  const ofac = snapshotOf("OFAC-SDN", (await parseOfacSdnCsv(join(SHARED, "ofac", "sdn.csv"))).designations);
  return { un, ofac };
}

/** Queries per second of `run` over `queries`, by wall time and by this thread's CPU time. */
export function throughput(queries: readonly string[], passes: number, run: (name: string) => void) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let p = 0; p < passes; p += 1) for (const name of queries) run(name);
  const wall = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const count = queries.length * passes;
  return {
    queries: count,
    wallSeconds: wall,
    cpuSeconds,
    perSecondWall: count / wall,
    perSecondCpu: count / cpuSeconds,
  };
}
