/**
 * The API under load: `sanctions serve` in a child process on 127.0.0.1 (a free port, request log on,
 * written to /dev/null), autocannon in this process sending `POST /v1/check` with one activity per
 * request, cycling through a few activities that end in each verdict. A warm-up run, then the measured
 * run; bounded in duration, and the server is stopped (SIGTERM) whatever happens.
 *
 *   node --import tsx bench/api/run.ts [--duration 10] [--connections 10] [--batch 1]
 *
 * `--batch N` sends arrays of N activities instead (activities per second = requests/s × N).
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { parseArgs } from "node:util";
import autocannon from "autocannon";

const root = join(import.meta.dirname, "..", "..");
const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "10" },
    batch: { type: "string", default: "1" },
  },
});
const duration = Math.min(Number(values.duration), 60);
const connections = Math.min(Number(values.connections), 100);
const batch = Math.min(Number(values.batch), 1000);

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

const dataDir = await mkdtemp(join(tmpdir(), "sanctions-bench-api-"));
await mkdir(dataDir, { recursive: true });
const server = spawn(
  process.execPath,
  [join(root, "bin", "sanctions.js"), "serve", "--port", "0", "--host", "127.0.0.1"],
  {
    env: {
      ...process.env,
      SANCTIONS_DATA_DIR: dataDir,
      SANCTIONS_API_KEYS: `${KEY}:reader`,
      SANCTIONS_LOG_LEVEL: "info",
    },
    stdio: ["ignore", "ignore", "pipe"],
  },
);
// Never outlive the benchmark, even if it fails.
const guard = setTimeout(() => server.kill("SIGKILL"), (duration * 2 + 60) * 1000).unref();

try {
  let stderr = "";
  const url = await new Promise<string>((resolve, reject) => {
    server.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    server.once("exit", (code) => {
      reject(new Error(`serve exited with ${String(code)}: ${stderr}`));
    });
  });
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
  const result = await run(duration);
  const summary = {
    date: new Date().toISOString().slice(0, 10),
    connections,
    duration,
    batch,
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
  };
  console.log(JSON.stringify(summary, null, 2));
  await mkdir(join(root, "bench", "out"), { recursive: true });
  await writeFile(
    join(root, "bench", "out", `api-results-batch${batch}.json`),
    JSON.stringify(summary, null, 2) + "\n",
  );
} finally {
  server.kill("SIGTERM");
  if (server.exitCode === null) await once(server, "exit");
  clearTimeout(guard);
  await rm(dataDir, { recursive: true, force: true });
}
