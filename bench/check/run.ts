/**
 * End-to-end benchmark of `sanctions check`: the real binary as a child process, on generated goods
 * activities (100,000 and 1,000,000 rows, JSON Lines and CSV), with no list snapshot and no
 * nomenclature loaded (`SANCTIONS_DATA_DIR` is an empty temporary directory). Wall time and peak RSS
 * (from `/usr/bin/time`, else by polling VmHWM in /proc) of each run; each case is run several times
 * and the median reported. Then the same for the baselines (jq and plain Node HS-prefix filters, see
 * baseline.ts) on the JSON Lines.
 *
 *   node --import tsx bench/check/run.ts [--rows 100000,1000000] [--repeats 3] [--formats jsonl,csv] [--no-baseline] [--no-lists] [--distinct-parties]
 *
 * Unless `--no-lists`, JSON Lines are also checked with the UN and OFAC lists of ../shared/data imported
 * into a second temporary data directory, so that every party and vessel is screened. With
 * `--distinct-parties`, the JSON Lines are also generated with every party name different (generate.ts),
 * and checked with and without the lists, so that the screener's answer cache cannot help.
 *
 * Inputs are written to bench/out/ (git-ignored) and reused while the generator and seed are the same.
 * Results: a table on stdout, and bench/out/check-results.json.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { JQ_FILTER, regimePrefixes } from "./baseline.js";
import { DEFAULT_SEED, GENERATOR, generate } from "./generate.js";

const repoRoot = resolve(import.meta.dirname, "..", "..");
const outDir = join(repoRoot, "bench", "out");

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const SIZES = (option("--rows") ?? "100000,1000000").split(",").map(Number);
const REPEATS = Number(option("--repeats") ?? 3);
const FORMATS = (option("--formats") ?? "jsonl,csv").split(",") as ("jsonl" | "csv")[];
const BASELINE = !args.includes("--no-baseline");
/** Also run check with the UN and OFAC lists imported (parties screened), unless `--no-lists`. */
const LISTS = !args.includes("--no-lists");
/** Also check JSON Lines whose party names are all different (the answer cache does not help). */
const DISTINCT = args.includes("--distinct-parties");
/** The JSON Lines variants to check: parties from a small vocabulary, and all-distinct parties. */
const PARTY_VARIANTS: readonly boolean[] = DISTINCT ? [false, true] : [false];
const SHARED_DATA = resolve(repoRoot, "..", "shared", "data");

interface Measurement {
  readonly seconds: number;
  readonly rssKiB: number;
}

interface Result {
  readonly tool: string;
  readonly format: string;
  readonly rows: number;
  readonly bytes: number;
  readonly runs: readonly Measurement[];
  readonly seconds: number;
  readonly rssKiB: number;
  readonly rowsPerSecond: number;
}

const hasGnuTime = spawnSync("/usr/bin/time", ["-f", "%M", "true"]).status === 0;

/** Runs a command with stdout to /dev/null; wall time, and peak RSS of the process (KiB). */
async function measure(
  command: string,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<Measurement> {
  const rssFile = join(tmpdir(), `check-bench-rss-${process.pid}`);
  const [file, fileArgs] = hasGnuTime
    ? ["/usr/bin/time", ["-f", "%M", "-o", rssFile, command, ...argv]]
    : [command, [...argv]];
  const started = process.hrtime.bigint();
  const child = spawn(file, fileArgs, { env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  let polled = 0;
  const poll = hasGnuTime
    ? undefined
    : setInterval(() => {
        try {
          const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
          const hwm = /VmHWM:\s+(\d+)/.exec(status)?.[1];
          if (hwm) polled = Math.max(polled, Number(hwm));
        } catch {
          // The process has ended.
        }
      }, 20);
  const code = await new Promise<number | null>((done) => child.once("close", done));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (poll) clearInterval(poll);
  // `sanctions check` exits 2 when some records were rejected: the generated inputs have none.
  if (code !== 0) throw new Error(`${command} ${argv.join(" ")} exited ${code}: ${stderr.trim()}`);
  const rssKiB = hasGnuTime ? Number(readFileSync(rssFile, "utf8").trim().split("\n").pop()) : polled;
  if (hasGnuTime) rmSync(rssFile, { force: true });
  return { seconds, rssKiB };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** Generates the input unless a file from the same generator, seed and row count is there. */
async function input(
  rows: number,
  format: "jsonl" | "csv",
  distinctParties = false,
): Promise<{ path: string; bytes: number }> {
  const path = join(outDir, `check-${rows}${distinctParties ? "-distinct" : ""}.${format}`);
  const metaPath = `${path}.meta.json`;
  // `distinctParties` only when set: files of the other generator runs (record.ts) stay reusable.
  const meta = {
    generator: GENERATOR,
    seed: DEFAULT_SEED,
    rows,
    format,
    ...(distinctParties ? { distinctParties } : {}),
  };
  if (existsSync(path) && existsSync(metaPath)) {
    const saved = JSON.parse(readFileSync(metaPath, "utf8")) as typeof meta & { bytes: number };
    const same = (Object.keys(meta) as (keyof typeof meta)[]).every((key) => saved[key] === meta[key]);
    if (same && statSync(path).size === saved.bytes) return { path, bytes: saved.bytes };
  }
  process.stderr.write(`generating ${relative(repoRoot, path)}...\n`);
  const bytes = await generate({ rows, format, out: path, seed: DEFAULT_SEED, distinctParties });
  writeFileSync(metaPath, JSON.stringify({ ...meta, bytes }) + "\n");
  return { path, bytes };
}

async function repeat(
  tool: string,
  format: string,
  rows: number,
  bytes: number,
  command: string,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<Result> {
  const runs: Measurement[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const run = await measure(command, argv, env);
    process.stderr.write(
      `  ${tool} ${format} ${rows}: ${run.seconds.toFixed(2)} s, ${(run.rssKiB / 1024).toFixed(0)} MiB\n`,
    );
    runs.push(run);
  }
  const seconds = median(runs.map((run) => run.seconds));
  return {
    tool,
    format,
    rows,
    bytes,
    runs,
    seconds,
    rssKiB: median(runs.map((run) => run.rssKiB)),
    rowsPerSecond: rows / seconds,
  };
}

const dataDir = mkdtempSync(join(tmpdir(), "sanctions-bench-data-"));
const env = { ...process.env, SANCTIONS_DATA_DIR: dataDir };
const bin = join(repoRoot, "bin", "sanctions.js");
const results: Result[] = [];
try {
  // Fixed cost: start-up (loading the sources and the regime) on a one-row file.
  const one = join(dataDir, "one.jsonl");
  writeFileSync(one, '{"id":"1","type":"goods","date":"2019-12-17","hs":"0302.11","from":"KP","to":"CN"}\n');
  process.stderr.write("sanctions check, one row (start-up)\n");
  results.push(
    await repeat(
      "sanctions check",
      "jsonl",
      1,
      statSync(one).size,
      "node",
      [bin, "check", one, "--json"],
      env,
    ),
  );

  for (const rows of SIZES) {
    for (const format of FORMATS) {
      const { path, bytes } = await input(rows, format);
      process.stderr.write(`sanctions check, ${rows} rows, ${format}\n`);
      results.push(
        await repeat("sanctions check", format, rows, bytes, "node", [bin, "check", path, "--json"], env),
      );
    }
    if (DISTINCT) {
      const { path, bytes } = await input(rows, "jsonl", true);
      process.stderr.write(`sanctions check, ${rows} rows, jsonl, distinct parties\n`);
      const argv = [bin, "check", path, "--json"];
      results.push(
        await repeat("sanctions check, distinct parties", "jsonl", rows, bytes, "node", argv, env),
      );
    }
  }

  if (LISTS) {
    // The same inputs with both lists imported: every party and vessel is screened against UN and OFAC.
    const listsDir = mkdtempSync(join(tmpdir(), "sanctions-bench-lists-"));
    const listsEnv = { ...process.env, SANCTIONS_DATA_DIR: listsDir };
    try {
      for (const list of [
        join(SHARED_DATA, "un", "consolidated.xml"),
        join(SHARED_DATA, "ofac", "sdn.csv"),
      ]) {
        process.stderr.write(`importing ${relative(repoRoot, list)}\n`);
        const imported = spawnSync("node", [bin, "lists", "import", list, "--json"], { env: listsEnv });
        if (imported.status !== 0) throw new Error(`lists import ${list}: ${imported.stderr.toString()}`);
      }
      const one = join(listsDir, "one.jsonl");
      writeFileSync(
        one,
        '{"id":"1","type":"goods","date":"2019-12-17","hs":"0302.11","from":"KP","to":"CN"}\n',
      );
      process.stderr.write("sanctions check with UN + OFAC, one row (start-up)\n");
      results.push(
        await repeat(
          "sanctions check, UN + OFAC",
          "jsonl",
          1,
          statSync(one).size,
          "node",
          [bin, "check", one, "--json"],
          listsEnv,
        ),
      );
      for (const rows of SIZES) {
        for (const distinct of PARTY_VARIANTS) {
          const { path, bytes } = await input(rows, "jsonl", distinct);
          const tool = `sanctions check, UN + OFAC${distinct ? ", distinct parties" : ""}`;
          process.stderr.write(`${tool}, ${rows} rows, jsonl\n`);
          results.push(
            await repeat(tool, "jsonl", rows, bytes, "node", [bin, "check", path, "--json"], listsEnv),
          );
        }
      }
    } finally {
      rmSync(listsDir, { recursive: true, force: true });
    }
  }

  if (BASELINE) {
    const prefixes = await regimePrefixes();
    const jq = spawnSync("jq", ["--version"]).status === 0;
    for (const rows of SIZES) {
      const { path, bytes } = await input(rows, "jsonl");
      if (jq) {
        process.stderr.write(`jq prefix filter, ${rows} rows\n`);
        const jqArgs = [
          "-c",
          "--argjson", "supply", JSON.stringify(prefixes.supply),
          "--argjson", "procurement", JSON.stringify(prefixes.procurement),
          JQ_FILTER,
          path,
        ]; // prettier-ignore
        results.push(await repeat("jq prefix filter", "jsonl", rows, bytes, "jq", jqArgs, env));
      } else {
        process.stderr.write("jq not found: apt-get install -y jq for the jq baseline\n");
      }
      process.stderr.write(`node prefix filter, ${rows} rows\n`);
      const nodeArgs = ["--import", "tsx", join(import.meta.dirname, "baseline.ts"), "node", path];
      results.push(await repeat("node prefix filter", "jsonl", rows, bytes, "node", nodeArgs, env));
    }
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

const machine = {
  nproc: spawnSync("nproc").stdout.toString().trim(),
  cpu: cpus()[0]?.model ?? "?",
  node: process.version,
  rssFrom: hasGnuTime ? "/usr/bin/time %M" : "VmHWM polled every 20 ms",
  repeats: REPEATS,
  date: new Date().toISOString().slice(0, 10),
};
writeFileSync(join(outDir, "check-results.json"), JSON.stringify({ machine, results }, null, 2) + "\n");

const number = (value: number): string => Math.round(value).toLocaleString("en-US");
console.log(`${machine.cpu}, nproc ${machine.nproc}, Node ${machine.node}, median of ${REPEATS}`);
console.log("| tool | format | rows | bytes | wall (s) | rows/s | peak RSS (MiB) |");
console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
for (const result of results) {
  console.log(
    `| ${result.tool} | ${result.format} | ${number(result.rows)} | ${number(result.bytes)} | ${result.seconds.toFixed(2)} | ${number(result.rowsPerSecond)} | ${(result.rssKiB / 1024).toFixed(0)} |`,
  );
}
