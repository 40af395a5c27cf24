/**
 * The UN and OFAC lists as snapshots, and a throughput timer, shared by the screening benchmarks
 * (`evaluate.ts`, `speed.ts`) so that both measure the same screener on the same inputs.
 */
import { readFileSync } from "node:fs";
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

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`, 100 on Linux). */
const CLOCK_TICKS = 100;

/**
 * CPU seconds of the calling thread (user and system) from /proc/thread-self/stat, or undefined off
 * Linux. `process.cpuUsage` counts every thread of the process, the garbage collector's helpers too.
 */
function threadCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync("/proc/thread-self/stat", "utf8");
    // Fields after the command name (which may hold spaces): state is the 3rd, utime the 14th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/**
 * Queries per second of `run` over `queries`: by wall time, by CPU time of the process (every thread,
 * the garbage collector's helpers included) and, on Linux, of the calling thread alone (to 10 ms).
 */
export function throughput(queries: readonly string[], passes: number, run: (name: string) => void) {
  const cpu = process.cpuUsage();
  const thread = threadCpuSeconds();
  const start = performance.now();
  for (let p = 0; p < passes; p += 1) for (const name of queries) run(name);
  const wall = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const threadEnd = threadCpuSeconds();
  const cpuSeconds = (used.user + used.system) / 1e6;
  const threadSeconds = thread === undefined || threadEnd === undefined ? undefined : threadEnd - thread;
  const count = queries.length * passes;
  return {
    queries: count,
    wallSeconds: wall,
    cpuSeconds,
    threadCpuSeconds: threadSeconds,
    perSecondWall: count / wall,
    perSecondCpu: count / cpuSeconds,
    perSecondThreadCpu: threadSeconds === undefined ? undefined : count / threadSeconds,
  };
}
