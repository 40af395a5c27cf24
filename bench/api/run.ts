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
import autocannon from "autocannon";
import pg from "pg";

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
}

/** Starts a child that prints `listening on http://...` on stderr; resolves with its URL. */
async function start(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ url: string; stop: () => Promise<void> }> {
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

async function measure(target: string, url: string): Promise<Summary[]> {
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
  await run(3); // warm-up: JIT, the evaluator's per-interval caches
  const summaries: Summary[] = [];
  for (let index = 1; index <= runs; index++) {
    const result = await run(duration);
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
    });
    console.error(
      `${target} run ${index}: ${Math.round(result.requests.average)} requests/s, p99 ${result.latency.p99} ms`,
    );
  }
  return summaries;
}

const summaries: Summary[] = [];
for (const target of targets) {
  if (target === "floor") {
    const server = await start([join(import.meta.dirname, "floor-server.js")], {});
    try {
      summaries.push(...(await measure(target, server.url)));
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
    try {
      summaries.push(...(await measure(target, server.url)));
    } finally {
      await server.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    if (target === "postgres") await admin(`drop database if exists ${database}`);
  }
}

const report = { date: new Date().toISOString().slice(0, 10), connections, duration, batch, runs: summaries };
console.log(JSON.stringify(report, null, 2));
await mkdir(join(root, "bench", "out"), { recursive: true });
await writeFile(
  join(root, "bench", "out", `api-results-batch${batch}.json`),
  JSON.stringify(report, null, 2) + "\n",
);
