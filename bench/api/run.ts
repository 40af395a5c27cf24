/**
 * The API under load: `sanctions serve` in a child process on 127.0.0.1 (a free port, request log on,
 * written to /dev/null, every check recorded in the audit log), autocannon in this process sending
 * `POST /v1/check` with one activity per request, cycling through a few activities that end in each
 * verdict. For each target a warm-up run, then the measured runs; each server is stopped (SIGTERM)
 * whatever happens, and each PostgreSQL database made for the run is dropped.
 *
 *   node --import tsx bench/api/run.ts [--duration 10] [--connections 10] [--batch 1] [--runs 1]
 *                                      [--targets floor,embedded,postgres]
 *
 * Targets: `embedded` (the default database, PGlite on its worker thread), `postgres` (a fresh
 * database on the server `DATABASE_URL` names; skipped without it), and `floor`: a bare node:http
 * server that parses the same JSON bodies and answers a fixed JSON verdict, with no evaluation and no
 * database; what HTTP and the load generator alone cost on this machine, in the same run.
 * `--batch N` sends arrays of N activities instead (activities per second = requests/s × N).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { join } from "node:path";
import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { parseArgs } from "node:util";
import { readFileSync, readdirSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import autocannon from "autocannon";
import pg from "pg";
import { openStore, storeTarget } from "../../src/store/index.js";

const root = join(import.meta.dirname, "..", "..");
const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "10" },
    batch: { type: "string", default: "1" },
    runs: { type: "string", default: "1" },
    targets: { type: "string", default: "floor,embedded,postgres" },
  },
});
const duration = Math.min(Number(values.duration), 60);
const connections = Math.min(Number(values.connections), 100);
const batch = Math.min(Number(values.batch), 1000);
const runs = Math.min(Number(values.runs), 5);
const targets = values.targets.split(",").map((target) => target.trim());
const databaseUrl = process.env["DATABASE_URL"]?.trim() || undefined;

const KEY = "bench-reader-key-000000000001";
const activities = [
  {
    id: "fish",
    type: "goods",
    date: "2020-01-15",
    hs: "0303.89",
    from: "KP",
    to: "CN",
    description: "frozen fish",
  },
  { id: "salmon", type: "goods", date: "2019-12-17", hs: "0302.14", from: "NO", to: "JP" },
  {
    id: "diesel",
    type: "goods",
    date: "2019-06-01",
    hs: "2710.19",
    from: "CN",
    to: "KP",
    description: "diesel fuel",
    quantity: 1200,
    unit: "bbl",
  },
  { id: "jet-or-gasoil", type: "goods", date: "2019-06-01", hs: "2710.19", from: "CN", to: "KP" },
  {
    id: "rajin-coal",
    type: "goods",
    date: "2019-12-17",
    hs: "2701.12",
    from: "KP",
    to: "CN",
    origin: "RU",
    port: "Rajin",
  },
  {
    id: "worker",
    type: "employment",
    date: "2019-12-23",
    nationality: "KP",
    country: "RU",
    newAuthorization: false,
  },
];
const bodies = activities.map((activity, i) =>
  JSON.stringify(
    batch === 1
      ? activity
      : Array.from({ length: batch }, (_, j) => ({
          ...activities[(i + j) % activities.length],
          id: String(j),
        })),
  ),
);

/** CPU time per answered request, in microseconds, from `/proc` (Linux only; `undefined` elsewhere). */
interface CpuPerRequest {
  /** The server process, all its threads (PGlite's worker thread included). */
  readonly serverUs: number | undefined;
  /** Of which the server's main thread: the JavaScript event loop that answers every request. */
  readonly serverMainThreadUs: number | undefined;
  /** Every `postgres` process on the machine (backends, WAL writer, checkpointer); 0 on embedded. */
  readonly postgresUs: number | undefined;
  /** This process: autocannon, the load generator. */
  readonly loadGeneratorUs: number;
  /** The host's share of the virtual machine's time while measuring, in percent of all CPU time. */
  readonly stealPercent: number | undefined;
  /** Busy time of the whole machine, in percent of its cores. */
  readonly busyPercent: number | undefined;
}

/** Resident memory of the server process during one run (MiB, from `/proc`; `undefined` elsewhere). */
interface MemoryOfRun {
  /** At the run's start. */
  readonly startMiB: number | undefined;
  /** The highest of the samples taken every 250 ms during the run. */
  readonly peakMiB: number | undefined;
  /** At the run's end. */
  readonly endMiB: number | undefined;
}

interface Summary {
  readonly target: string;
  readonly run: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly activitiesPerSecond: number;
  readonly latencyMs: { p50: number; p90: number; p99: number; max: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly cpuPerRequest: CpuPerRequest;
  readonly memory: MemoryOfRun;
}

const TICK_US = 10_000; // USER_HZ is 100 on Linux

/**
 * utime + stime of a process (all its threads), or of one of its threads, in clock ticks; undefined
 * when /proc cannot tell.
 */
function processTicks(pid: number, thread?: number): number | undefined {
  try {
    const stat = readFileSync(
      thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`,
      "utf8",
    );
    // The command name may hold spaces and parentheses: fields are counted after its last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** The summed ticks of every process named `postgres`; a process that ends between reads is lost. */
function postgresTicks(): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return undefined;
  }
  let total = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() !== "postgres") continue;
    } catch {
      continue;
    }
    total += processTicks(Number(entry)) ?? 0;
  }
  return total;
}

/** Machine-wide ticks from /proc/stat: all, idle (with iowait) and steal. */
function machineTicks(): { all: number; idle: number; steal: number } | undefined {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal guest guest_nice; guest time is counted in user.
    const all = values.slice(0, 8).reduce((sum, value) => sum + value, 0);
    return { all, idle: (values[3] ?? 0) + (values[4] ?? 0), steal: values[7] ?? 0 };
  } catch {
    return undefined;
  }
}

interface CpuReading {
  readonly server: number | undefined;
  readonly serverMainThread: number | undefined;
  readonly postgres: number | undefined;
  readonly self: NodeJS.CpuUsage;
  readonly machine: ReturnType<typeof machineTicks>;
}

function readCpu(serverPid: number): CpuReading {
  return {
    server: processTicks(serverPid),
    serverMainThread: processTicks(serverPid, serverPid),
    postgres: postgresTicks(),
    self: process.cpuUsage(),
    machine: machineTicks(),
  };
}

function cpuPerRequest(before: CpuReading, after: CpuReading, requests: number): CpuPerRequest {
  const per = (ticks: number | undefined, base: number | undefined) =>
    ticks === undefined || base === undefined || requests === 0
      ? undefined
      : Math.round(((ticks - base) * TICK_US) / requests);
  const selfUs = after.self.user - before.self.user + (after.self.system - before.self.system);
  const machine =
    before.machine && after.machine
      ? {
          all: after.machine.all - before.machine.all,
          idle: after.machine.idle - before.machine.idle,
          steal: after.machine.steal - before.machine.steal,
        }
      : undefined;
  return {
    serverUs: per(after.server, before.server),
    serverMainThreadUs: per(after.serverMainThread, before.serverMainThread),
    postgresUs: per(after.postgres, before.postgres),
    loadGeneratorUs: requests === 0 ? 0 : Math.round(selfUs / requests),
    stealPercent: machine && machine.all > 0 ? round1((machine.steal / machine.all) * 100) : undefined,
    busyPercent:
      machine && machine.all > 0 ? round1(((machine.all - machine.idle) / machine.all) * 100) : undefined,
  };
}

/** A process's resident set (VmRSS) and its peak so far (VmHWM), in MiB; undefined when /proc cannot tell. */
function residentMiB(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1]);
    const rss = kib("VmRSS");
    const peak = kib("VmHWM");
    return Number.isFinite(rss) && Number.isFinite(peak)
      ? { rss: round1(rss / 1024), peak: round1(peak / 1024) }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a process's resident memory every 250 ms until stopped. */
function sampleMemory(pid: number): { stop(): MemoryOfRun } {
  const start = residentMiB(pid)?.rss;
  let peak = start;
  const timer = setInterval(() => {
    const now = residentMiB(pid)?.rss;
    if (now !== undefined && (peak === undefined || now > peak)) peak = now;
  }, 250);
  return {
    stop() {
      clearInterval(timer);
      const end = residentMiB(pid)?.rss;
      return {
        startMiB: start,
        peakMiB: end !== undefined && peak !== undefined ? Math.max(peak, end) : peak,
        endMiB: end,
      };
    },
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Starts a child that prints `listening on http://...` on stderr; resolves with its URL. */
async function start(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  // Never outlive the benchmark, even if it fails.
  const guard = setTimeout(() => child.kill("SIGKILL"), ((duration + 5) * (runs + 1) + 60) * 1000).unref();
  let stderr = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => {
      reject(new Error(`${args.join(" ")} exited with ${String(code)}: ${stderr}`));
    });
  });
  return {
    url,
    pid: child.pid ?? 0,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, "exit");
        child.kill("SIGTERM");
        await exited;
      }
      clearTimeout(guard);
    },
  };
}

/** The measured runs, and how many requests got a 2xx answer in all (warm-up included). */
async function measure(
  target: string,
  server: { url: string; pid: number },
): Promise<{ summaries: Summary[]; answered: number }> {
  const { url } = server;
  const idle = residentMiB(server.pid);
  const run = (seconds: number) =>
    autocannon({
      url: `${url}/v1/check`,
      connections,
      duration: seconds,
      requests: bodies.map((body) => ({
        method: "POST" as const,
        headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
        body,
      })),
    });
  const warmUp = await run(3); // warm-up: JIT, the evaluator's per-interval caches
  let answered = warmUp["2xx"];
  const summaries: Summary[] = [];
  for (let index = 1; index <= runs; index++) {
    const before = readCpu(server.pid);
    const sampler = sampleMemory(server.pid);
    const result = await run(duration);
    const memory = sampler.stop();
    const after = readCpu(server.pid);
    answered += result["2xx"];
    const cpu = cpuPerRequest(before, after, result.requests.total);
    summaries.push({
      target,
      run: index,
      requests: result.requests.total,
      requestsPerSecond: result.requests.average,
      activitiesPerSecond: result.requests.average * batch,
      latencyMs: {
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
      },
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      cpuPerRequest: cpu,
      memory,
    });
    console.error(
      `${target} run ${index}: ${Math.round(result.requests.average)} requests/s, p99 ${result.latency.p99} ms; ` +
        `CPU per request: server ${cpu.serverUs ?? "?"} µs (main thread ${cpu.serverMainThreadUs ?? "?"}), postgres ${cpu.postgresUs ?? "?"} µs, ` +
        `autocannon ${cpu.loadGeneratorUs} µs; machine busy ${cpu.busyPercent ?? "?"}%, steal ${cpu.stealPercent ?? "?"}%; ` +
        `server RSS ${memory.startMiB ?? "?"} → ${memory.endMiB ?? "?"} MiB (peak ${memory.peakMiB ?? "?"})`,
    );
  }
  const end = residentMiB(server.pid);
  console.error(
    `${target}: server RSS ${idle?.rss ?? "?"} MiB before the warm-up, ${end?.rss ?? "?"} MiB after the last run, ` +
      `${end?.peak ?? "?"} MiB at most`,
  );
  memoryOfTargets.push({ target, beforeMiB: idle?.rss, afterMiB: end?.rss, peakMiB: end?.peak });
  return { summaries, answered };
}

/** Resident memory of each server: before the warm-up, after the last run, and its peak (VmHWM). */
const memoryOfTargets: {
  target: string;
  beforeMiB: number | undefined;
  afterMiB: number | undefined;
  peakMiB: number | undefined;
}[] = [];

const summaries: Summary[] = [];
const recordedChecks: { target: string; answered: number; recorded: number; complete: boolean }[] = [];
for (const target of targets) {
  if (target === "floor") {
    const server = await start([join(import.meta.dirname, "floor-server.js")], {});
    try {
      summaries.push(...(await measure(target, server)).summaries);
    } finally {
      await server.stop();
    }
    continue;
  }
  if (target !== "embedded" && target !== "postgres") throw new Error(`unknown target ${target}`);
  if (target === "postgres" && databaseUrl === undefined) {
    console.error("postgres: skipped (DATABASE_URL is not set)");
    continue;
  }
  const dataDir = await mkdtemp(join(tmpdir(), "sanctions-bench-api-"));
  const database = `sanctions_bench_${randomBytes(4).toString("hex")}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  let env: NodeJS.ProcessEnv = {
    SANCTIONS_DATA_DIR: dataDir,
    SANCTIONS_API_KEYS: `${KEY}:reader`,
    SANCTIONS_LOG_LEVEL: "info",
    DATABASE_URL: "",
  };
  if (target === "postgres" && databaseUrl !== undefined) {
    await admin(`create database ${database}`);
    const url = new URL(databaseUrl);
    url.pathname = `/${database}`;
    env = { ...env, DATABASE_URL: url.toString() };
  }
  try {
    const server = await start(
      [join(root, "bin", "sanctions.js"), "serve", "--port", "0", "--host", "127.0.0.1"],
      env,
    );
    let answered: number;
    try {
      const measured = await measure(target, server);
      summaries.push(...measured.summaries);
      answered = measured.answered;
    } finally {
      await server.stop(); // SIGTERM: the server drains its audit journal into the database first
    }
    // Every answered check must be in the audit log, once: the benchmark measures the service with
    // recording on, so a run that lost records would measure something else.
    const store = await openStore(storeTarget(dataDir, env));
    let recorded: number;
    try {
      recorded = await store.audit.count();
    } finally {
      await store.close();
    }
    const expected = answered * batch;
    // autocannon stops each run with up to `connections` requests in flight: the server answers and
    // records them, but autocannon no longer counts them, so a few more may be recorded, never fewer.
    const inFlight = connections * (runs + 1) * batch;
    const complete = recorded >= expected && recorded <= expected + inFlight;
    console.error(
      `${target}: ${recorded} checks recorded in the audit log for ${expected} answered ` +
        `(${complete ? "complete" : "MISMATCH"})`,
    );
    recordedChecks.push({ target, answered: expected, recorded, complete });
    if (!complete) process.exitCode = 1;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    if (target === "postgres") await admin(`drop database if exists ${database}`);
  }
}

const report = {
  date: new Date().toISOString().slice(0, 10),
  machine: {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    node: process.version,
    loadAverageAtEnd: loadavg().map(round1),
  },
  connections,
  duration,
  batch,
  runs: summaries,
  memory: memoryOfTargets,
  recordedChecks,
};
console.log(JSON.stringify(report, null, 2));
await mkdir(join(root, "bench", "out"), { recursive: true });
await writeFile(
  join(root, "bench", "out", `api-results-batch${batch}.json`),
  JSON.stringify(report, null, 2) + "\n",
);
