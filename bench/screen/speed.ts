/**
 * Screening speed with the UN and OFAC lists loaded, and the answers it gives, without the rest of
 * `evaluate.ts` (no Fuse.js, no metrics): for profiling (`node --cpu-prof --import tsx …`) and for
 * checking that a change to the screener keeps every answer.
 *
 *   node --import tsx bench/screen/speed.ts [--passes 3] [--answers bench/out/answers.jsonl] [--profile FILE]
 *
 * Builds the screener once on both lists (start-up excluded), screens the dev split's query names
 * (warm-up), times each test-split query once ("unseen": their records' names were not queried
 * yet), then every query name `passes` times without the answer cache, as `evaluate.ts` does. `--answers FILE`
 * also writes, per row, the matches (reference, score to 3 places, band) of the two ways the
 * benchmarks screen: the row as `evaluate.ts` asks it (kind, DOB, nationality; review from 0.3) and
 * the name alone at the default thresholds. Two such files are compared with `cmp`. `--profile FILE`
 * writes a V8 CPU profile of the timed passes only (not of reading the lists and building the index).
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { loadavg } from "node:os";
import { createScreener, type ScreeningMatch } from "../../src/screening/index.js";
import { EVALSET_PATH, type EvalRow } from "./evalset.js";
import { loadLists, throughput } from "./lists.js";

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const PASSES = Number(option("--passes") ?? 3) || 3;
const ANSWERS = option("--answers");
const PROFILE = option("--profile");

const brief = (matches: readonly ScreeningMatch[]): string[] =>
  matches.map((match) => `${match.ref} ${match.score.toFixed(3)} ${match.band}`);

async function main(): Promise<void> {
  if (!existsSync(EVALSET_PATH)) throw new Error(`run bench/screen/evalset.ts first (${EVALSET_PATH})`);
  const rows = (await readFile(EVALSET_PATH, "utf8"))
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as EvalRow);
  const { un, ofac } = await loadLists();
  const buildStart = performance.now();
  const screener = createScreener([un, ofac], { cacheSize: 0 });
  const buildMs = performance.now() - buildStart;
  const names = rows.map((row) => row.query.name);

  // Unseen queries: warmed up on the dev split, then each test-split query (other listed records)
  // screened once, so that what the screener caches across queries (token similarities) helps only
  // as much as it would on new names; then the passes `evaluate.ts` times.
  for (const row of rows) if (row.split === "dev") screener.screen({ name: row.query.name });
  const testNames = rows.filter((row) => row.split === "test").map((row) => row.query.name);
  const unseen = throughput(testNames, 1, (name) => screener.screen({ name }));
  const session = PROFILE === undefined ? undefined : new Session();
  if (session) {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
  }
  const speed = throughput(names, PASSES, (name) => screener.screen({ name }));
  if (session && PROFILE !== undefined) {
    const { profile } = await session.post("Profiler.stop");
    await writeFile(PROFILE, JSON.stringify(profile));
    session.disconnect();
  }

  if (ANSWERS !== undefined) {
    const wide = createScreener([un, ofac], { cacheSize: 0, reviewThreshold: 0.3 });
    const lines = rows.map((row) => {
      const kind = row.schema === "person" ? "person" : "entity";
      return JSON.stringify({
        id: row.id,
        evaluate: brief(wide.screen({ ...row.query, kind }, { limit: 10 })),
        nameOnly: brief(screener.screen({ name: row.query.name })),
      });
    });
    await writeFile(ANSWERS, lines.join("\n") + "\n");
  }

  const stats = screener.stats();
  console.log(
    JSON.stringify({
      names: stats.names,
      buildMs: Math.round(buildMs),
      queries: speed.queries,
      perSecondWall: Math.round(speed.perSecondWall),
      perSecondCpu: Math.round(speed.perSecondCpu),
      perSecondThreadCpu: Math.round(speed.perSecondThreadCpu ?? NaN),
      unseenQueries: unseen.queries,
      unseenWall: Math.round(unseen.perSecondWall),
      unseenCpu: Math.round(unseen.perSecondCpu),
      unseenThreadCpu: Math.round(unseen.perSecondThreadCpu ?? NaN),
      touchedPerQuery: +(stats.touched / stats.queries).toFixed(1),
      returnedPerQuery: +(stats.returned / stats.queries).toFixed(1),
      loadavg: loadavg().map((x) => +x.toFixed(2)),
    }),
  );
}

await main();
