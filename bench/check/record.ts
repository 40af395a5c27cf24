/**
 * Peak memory of `sanctions check FILE --record`: the real binary on generated goods activities (see
 * generate.ts), recording into an embedded database (PGlite under a temporary data directory, created
 * by a one-row run first, also measured; `--fresh` measures the run that creates it instead), or into
 * PostgreSQL with `--postgres` (the `DATABASE_URL` of the environment; each run adds a batch to it).
 * Peak RSS and wall time from `/usr/bin/time`, the recorded count from `sanctions audit list --json`. The
 * point is the shape: peak RSS should not grow with the number of rows.
 *
 *   node --import tsx bench/check/record.ts [--rows 20000,200000] [--format jsonl|csv] [--postgres] [--fresh]
 *
 * Inputs are written to bench/out/ (git-ignored) and reused while the generator and seed are the same.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { DEFAULT_SEED, GENERATOR, generate } from "./generate.js";

const repoRoot = resolve(import.meta.dirname, "..", "..");
const outDir = join(repoRoot, "bench", "out");
const bin = join(repoRoot, "bin", "sanctions.js");

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const SIZES = (option("--rows") ?? "20000,200000").split(",").map(Number);
const FORMAT = (option("--format") ?? "jsonl") as "jsonl" | "csv";
const POSTGRES = args.includes("--postgres");
const FRESH = args.includes("--fresh");

if (spawnSync("/usr/bin/time", ["-f", "%M", "true"]).status !== 0) {
  process.stderr.write("needs GNU time (/usr/bin/time): apt-get install -y time\n");
  process.exit(1);
}
if (POSTGRES && !process.env.DATABASE_URL) {
  process.stderr.write("--postgres needs DATABASE_URL\n");
  process.exit(1);
}

/** Generates the input unless a file from the same generator, seed and row count is there. */
async function input(rows: number): Promise<{ path: string; bytes: number }> {
  const path = join(outDir, `check-${rows}.${FORMAT}`);
  const metaPath = `${path}.meta.json`;
  const meta = { generator: GENERATOR, seed: DEFAULT_SEED, rows, format: FORMAT };
  if (existsSync(path) && existsSync(metaPath)) {
    const saved = JSON.parse(readFileSync(metaPath, "utf8")) as typeof meta & { bytes: number };
    const same = (Object.keys(meta) as (keyof typeof meta)[]).every((key) => saved[key] === meta[key]);
    if (same && statSync(path).size === saved.bytes) return { path, bytes: saved.bytes };
  }
  process.stderr.write(`generating ${relative(repoRoot, path)}...\n`);
  const bytes = await generate({ rows, format: FORMAT, out: path, seed: DEFAULT_SEED });
  writeFileSync(metaPath, JSON.stringify({ ...meta, bytes }) + "\n");
  return { path, bytes };
}

/** Runs `sanctions check FILE --record --json > /dev/null` under GNU time. */
async function measure(path: string, env: NodeJS.ProcessEnv): Promise<{ seconds: number; rssKiB: number }> {
  const timeFile = join(tmpdir(), `check-record-bench-${process.pid}`);
  const child = spawn(
    "/usr/bin/time",
    ["-f", "%M %e", "-o", timeFile, "node", bin, "check", path, "--record", "--json", "--no-progress"],
    { env, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.once("close", done));
  if (code !== 0) throw new Error(`sanctions check --record exited ${code}: ${stderr.trim()}`);
  const [rss, seconds] = readFileSync(timeFile, "utf8").trim().split("\n").pop()?.split(" ") ?? [];
  rmSync(timeFile, { force: true });
  process.stderr.write(stderr);
  return { seconds: Number(seconds), rssKiB: Number(rss) };
}

/** The checks the newest batch holds, as `sanctions audit list` reports them. */
function newestBatchChecks(env: NodeJS.ProcessEnv): number {
  const listed = spawnSync("node", [bin, "audit", "list", "--limit", "1", "--json"], { env });
  const [batch] = JSON.parse(listed.stdout.toString()) as { checks: number }[];
  return batch?.checks ?? 0;
}

const one = join(outDir, "check-record-one.jsonl");
writeFileSync(one, '{"id":"1","type":"goods","date":"2019-12-17","hs":"0302.11","from":"KP","to":"CN"}\n');
const results: { rows: number; bytes: number; seconds: number; rssMiB: number; recorded: number }[] = [];
const run = async (rows: number, path: string, bytes: number, env: NodeJS.ProcessEnv): Promise<void> => {
  process.stderr.write(
    `sanctions check --record, ${rows} rows, ${FORMAT}, ${POSTGRES ? "PostgreSQL" : "PGlite"}${FRESH ? ", fresh data directory" : ""}\n`,
  );
  const measured = await measure(path, env);
  results.push({
    rows,
    bytes,
    seconds: measured.seconds,
    rssMiB: measured.rssKiB / 1024,
    recorded: newestBatchChecks(env),
  });
};
for (const size of SIZES) {
  const { path, bytes } = await input(size);
  const dataDir = mkdtempSync(join(tmpdir(), "sanctions-bench-record-"));
  const env = { ...process.env, SANCTIONS_DATA_DIR: dataDir, ...(POSTGRES ? {} : { DATABASE_URL: "" }) };
  try {
    // Unless --fresh, the store exists before the measured run (as it does after the first use): the
    // first run on an embedded database also creates it (initdb), which costs more than any batch.
    if (!FRESH) await run(1, one, statSync(one).size, env);
    await run(size, path, bytes, env);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

process.stdout.write(
  "| rows | bytes | wall (s) | peak RSS (MiB) | recorded |\n| ---: | ---: | ---: | ---: | ---: |\n",
);
for (const row of results) {
  process.stdout.write(
    `| ${row.rows.toLocaleString("en")} | ${row.bytes.toLocaleString("en")} | ${row.seconds.toFixed(1)} | ${row.rssMiB.toFixed(0)} | ${row.recorded.toLocaleString("en")} |\n`,
  );
}
