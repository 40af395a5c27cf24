/**
 * Runs the labelled evaluation set (evalset.ts) with the UN and OFAC lists both loaded, against this
 * screener, Fuse.js and a Jaro-Winkler token matcher (jaro-winkler.ts) in the same run, and measures
 * queries per second. Fuse.js and the Jaro-Winkler matcher compare the query with every listed name,
 * so they run on a stratified sample (up to 15 test and 8 dev rows per category); this screener runs
 * on every row and on the same sample. Writes bench/out/screen-results.json and prints Markdown.
 *
 *   node --import tsx bench/screen/evaluate.ts [--per-category 15]
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import Fuse from "fuse.js";
import {
  createScreener,
  DEFAULT_ALERT_THRESHOLD,
  DEFAULT_REVIEW_THRESHOLD,
} from "../../src/screening/index.js";
import { EVALSET_PATH, OUT_DIR, type EvalRow } from "./evalset.js";
import { JaroWinklerMatcher } from "./jaro-winkler.js";
import { loadLists, throughput } from "./lists.js";

const args = process.argv.slice(2);
const PER_CATEGORY = Number(args[args.indexOf("--per-category") + 1] ?? 15) || 15;

type System = "ours" | "fuse" | "jw";
type Scores = ReadonlyMap<string, number>;
interface Scored {
  readonly row: EvalRow;
  readonly scores: Partial<Record<System, Scores>>;
}

interface Metrics {
  rows: number;
  positives: number;
  negatives: number;
  precision: number;
  recall: number;
  recallAnyBand?: number;
  f1: number;
  top1: number;
  falseAlertsHard: number;
  falseAlertsAll: number;
}

/** Kinds of variant the rows' categories belong to, for the report. */
function kindOf(category: string): string {
  if (category.startsWith("negative:")) return category;
  if (category.startsWith("control")) return "control (as listed)";
  if (category.startsWith("original-script")) return "original script";
  if (category.startsWith("order:") || category === "combined:western+joined+romanization")
    return "transposed order";
  if (category === "given-joined" || category === "case-hyphen") return "joined/split given name";
  if (category === "romanization" || category === "transliteration" || category.startsWith("natural:"))
    return "transliteration variant";
  if (category.startsWith("particles:")) return "particles";
  if (category === "patronymic-dropped" || category === "spanish:one-surname")
    return "patronymic / second surname left out";
  return category;
}

function metrics(set: readonly Scored[], system: System, threshold: number, review?: number): Metrics {
  let tp = 0;
  let fp = 0;
  let found = 0;
  let foundAny = 0;
  let top1 = 0;
  let positives = 0;
  let negatives = 0;
  let hard = 0;
  let hardAlerts = 0;
  let negAlerts = 0;
  for (const { row, scores } of set) {
    const map = scores[system] ?? new Map<string, number>();
    const alerts = [...map].filter(([, score]) => score >= threshold).sort((a, b) => b[1] - a[1]);
    const expected = new Set(row.expected);
    const acceptable = new Set(row.acceptable ?? row.expected);
    for (const [ref] of alerts)
      if (acceptable.has(ref)) tp += 1;
      else fp += 1;
    if (expected.size > 0) {
      positives += 1;
      if (alerts.some(([ref]) => expected.has(ref))) found += 1;
      if (review !== undefined && row.expected.some((ref) => (map.get(ref) ?? 0) >= review)) foundAny += 1;
      if (alerts[0] && acceptable.has(alerts[0][0])) top1 += 1;
    } else {
      negatives += 1;
      if (alerts.length > 0) negAlerts += 1;
      if (row.hard) {
        hard += 1;
        if (alerts.length > 0) hardAlerts += 1;
      }
    }
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = positives === 0 ? 0 : found / positives;
  return {
    rows: set.length,
    positives,
    negatives,
    precision,
    recall,
    ...(review === undefined ? {} : { recallAnyBand: positives === 0 ? 0 : foundAny / positives }),
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    top1: positives === 0 ? 0 : top1 / positives,
    falseAlertsHard: hard === 0 ? 0 : hardAlerts / hard,
    falseAlertsAll: negatives === 0 ? 0 : negAlerts / negatives,
  };
}

/** The similarity with the best F1 on a set (for Fuse.js and Jaro-Winkler: their tuned threshold). */
function bestThreshold(set: readonly Scored[], system: System): number {
  let best = { t: 0.5, f1: -1 };
  for (let t = 0.3; t <= 0.995; t += 0.01) {
    const m = metrics(set, system, t);
    if (m.f1 > best.f1) best = { t: Math.round(t * 100) / 100, f1: m.f1 };
  }
  return best.t;
}

const pct = (x: number | undefined): string => (x === undefined ? "–" : (x * 100).toFixed(1) + "%");
const f3 = (x: number): string => x.toFixed(3);

async function main(): Promise<void> {
  if (!existsSync(EVALSET_PATH)) throw new Error(`run bench/screen/evalset.ts first (${EVALSET_PATH})`);
  const rows = (await readFile(EVALSET_PATH, "utf8"))
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as EvalRow);
  const { un, ofac } = await loadLists();
  const both = [un, ofac];

  const buildStart = performance.now();
  const screener = createScreener(both, { reviewThreshold: 0.3 });
  const buildMs = performance.now() - buildStart;
  const items = both.flatMap((snapshot) =>
    snapshot.designations.flatMap((d) =>
      d.names.map((n) => ({ ref: d.ref, name: n.full, person: d.kind === "person" })),
    ),
  );
  const fuseStart = performance.now();
  const fuse = new Fuse(items, { keys: ["name"], includeScore: true, ignoreLocation: true, threshold: 0.6 });
  const fuseBuildMs = performance.now() - fuseStart;
  const jw = new JaroWinklerMatcher(items);

  const oursOf = (row: EvalRow): Scores => {
    const map = new Map<string, number>();
    const kind = row.schema === "person" ? "person" : "entity";
    for (const match of screener.screen({ ...row.query, kind }, { limit: 10 }))
      map.set(match.ref, match.score);
    return map;
  };
  const fuseOf = (row: EvalRow): Scores => {
    const map = new Map<string, number>();
    for (const result of fuse.search(row.query.name, { limit: 30 })) {
      if (result.item.person !== (row.schema === "person")) continue;
      const score = 1 - (result.score ?? 1);
      if ((map.get(result.item.ref) ?? -1) < score) map.set(result.item.ref, score);
    }
    return map;
  };

  const scored: Scored[] = rows.map((row) => ({ row, scores: { ours: oursOf(row) } }));
  // Stratified sample for the brute-force systems: the first rows of each category per split.
  const taken = new Map<string, number>();
  const sample: Scored[] = [];
  for (const item of scored) {
    const key = `${item.row.split}:${item.row.category}`;
    const cap = item.row.split === "test" ? PER_CATEGORY : Math.ceil(PER_CATEGORY / 2);
    if ((taken.get(key) ?? 0) >= cap) continue;
    taken.set(key, (taken.get(key) ?? 0) + 1);
    sample.push(item);
  }
  process.stderr.write(`scoring ${sample.length} sampled rows with Fuse.js and Jaro-Winkler...\n`);
  const fuseTime = { cpu: 0, wall: 0 };
  const jwTime = { cpu: 0, wall: 0 };
  for (const item of sample) {
    let cpu = process.cpuUsage();
    let start = performance.now();
    const fuseScores = fuseOf(item.row);
    fuseTime.wall += performance.now() - start;
    let used = process.cpuUsage(cpu);
    fuseTime.cpu += (used.user + used.system) / 1000;
    cpu = process.cpuUsage();
    start = performance.now();
    const jwScores = jw.search(item.row.query.name, item.row.schema === "person");
    jwTime.wall += performance.now() - start;
    used = process.cpuUsage(cpu);
    jwTime.cpu += (used.user + used.system) / 1000;
    (item.scores as Record<System, Scores>).fuse = fuseScores;
    (item.scores as Record<System, Scores>).jw = jwScores;
  }

  const devSample = sample.filter((s) => s.row.split === "dev");
  const testSample = sample.filter((s) => s.row.split === "test");
  const fuseTuned = bestThreshold(devSample, "fuse");
  const jwTuned = bestThreshold(devSample, "jw");
  const ourRule = (set: readonly Scored[]) =>
    metrics(set, "ours", DEFAULT_ALERT_THRESHOLD, DEFAULT_REVIEW_THRESHOLD);
  const lines: string[] = [];
  const report: Record<string, unknown> = {
    generatedAt: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, loadavg: loadavg() },
    rows: rows.length,
    sample: sample.length,
    names: items.length,
    buildMs,
    fuseBuildMs,
    thresholds: {
      ours: DEFAULT_ALERT_THRESHOLD,
      review: DEFAULT_REVIEW_THRESHOLD,
      fuseDefault: 0.4,
      fuseTuned,
      jwTuned,
    },
  };

  const header =
    "| system | threshold | precision | recall (alert) | recall (alert or review) | F1 | top-1 | false alerts, hard negatives | false alerts, all negatives |";
  const rule = "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";
  const line = (name: string, t: number | string, m: Metrics): string =>
    `| ${name} | ${t} | ${f3(m.precision)} | ${f3(m.recall)} | ${pct(m.recallAnyBand)} | ${f3(m.f1)} | ${f3(m.top1)} | ${pct(m.falseAlertsHard)} | ${pct(m.falseAlertsAll)} |`;

  const testAll = scored.filter((s) => s.row.split === "test");
  const summary = {
    oursTestAll: ourRule(testAll),
    oursAll: ourRule(scored),
    oursTestSample: ourRule(testSample),
    fuseDefault: metrics(testSample, "fuse", 0.4),
    fuseTuned: metrics(testSample, "fuse", fuseTuned),
    jwTuned: metrics(testSample, "jw", jwTuned),
    jw90: metrics(testSample, "jw", 0.9),
  };
  report["summary"] = summary;
  const m = summary.oursTestAll;
  lines.push(`## Test split, every row (${m.positives} positives, ${m.negatives} negatives)`, header, rule);
  lines.push(line("this screener", DEFAULT_ALERT_THRESHOLD, summary.oursTestAll));
  lines.push(line("this screener, dev and test", DEFAULT_ALERT_THRESHOLD, summary.oursAll));
  const s = summary.oursTestSample;
  lines.push(
    `\n## Test split, stratified sample (${s.positives} positives, ${s.negatives} negatives): all three systems`,
    header,
    rule,
  );
  lines.push(line("this screener", DEFAULT_ALERT_THRESHOLD, summary.oursTestSample));
  lines.push(line("Fuse.js, default threshold 0.6", "0.4", summary.fuseDefault));
  lines.push(line("Fuse.js, tuned on the dev sample", fuseTuned, summary.fuseTuned));
  lines.push(line("Jaro-Winkler tokens, tuned on the dev sample", jwTuned, summary.jwTuned));
  lines.push(line("Jaro-Winkler tokens, watchman-like 0.90", "0.9", summary.jw90));

  lines.push(
    "\n## By kind (test split): share of rows that alert on an expected record (positives) or on anything (negatives)",
  );
  lines.push(
    "| kind | rows (all / sample) | this screener: alert | this screener: alert or review | this screener on the sample | Fuse.js tuned | Jaro-Winkler tuned |",
  );
  lines.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  const kinds = [...new Set(testAll.map((x) => kindOf(x.row.category)))].sort((a, b) =>
    a.startsWith("negative:") === b.startsWith("negative:")
      ? a.localeCompare(b)
      : a.startsWith("negative:")
        ? 1
        : -1,
  );
  const rate = (set: readonly Scored[], system: System, t: number): number =>
    set.length === 0
      ? 0
      : set.filter(({ row, scores }) => {
          const map = scores[system] ?? new Map<string, number>();
          return row.expected.length > 0
            ? row.expected.some((ref) => (map.get(ref) ?? 0) >= t)
            : [...map.values()].some((score) => score >= t);
        }).length / set.length;
  const byKind: Record<string, unknown> = {};
  for (const kind of kinds) {
    const all = testAll.filter((x) => kindOf(x.row.category) === kind);
    const part = testSample.filter((x) => kindOf(x.row.category) === kind);
    const entry = {
      rows: all.length,
      sample: part.length,
      oursAlert: rate(all, "ours", DEFAULT_ALERT_THRESHOLD),
      oursAnyBand: rate(all, "ours", DEFAULT_REVIEW_THRESHOLD),
      oursSample: rate(part, "ours", DEFAULT_ALERT_THRESHOLD),
      fuse: rate(part, "fuse", fuseTuned),
      jw: rate(part, "jw", jwTuned),
    };
    byKind[kind] = entry;
    lines.push(
      `| ${kind} | ${entry.rows} / ${entry.sample} | ${pct(entry.oursAlert)} | ${pct(entry.oursAnyBand)} | ${pct(entry.oursSample)} | ${pct(entry.fuse)} | ${pct(entry.jw)} |`,
    );
  }
  report["byKind"] = byKind;
  const byCategory: Record<string, unknown> = {};
  for (const category of [...new Set(testAll.map((x) => x.row.category))].sort()) {
    const all = testAll.filter((x) => x.row.category === category);
    byCategory[category] = {
      rows: all.length,
      alert: rate(all, "ours", DEFAULT_ALERT_THRESHOLD),
      anyBand: rate(all, "ours", DEFAULT_REVIEW_THRESHOLD),
    };
  }
  report["byCategory"] = byCategory;
  report["missesTest"] = testAll
    .filter(
      (x) =>
        x.row.expected.length > 0 &&
        !x.row.expected.some((ref) => (x.scores.ours?.get(ref) ?? 0) >= DEFAULT_ALERT_THRESHOLD),
    )
    .map((x) => ({
      q: x.row.query.name,
      cat: x.row.category,
      expected: x.row.expected,
      got: [...(x.scores.ours ?? [])].slice(0, 3),
    }));
  report["falseAlerts"] = scored
    .filter(
      (x) =>
        x.row.expected.length === 0 &&
        [...(x.scores.ours?.values() ?? [])].some((v) => v >= DEFAULT_ALERT_THRESHOLD),
    )
    .map((x) => ({ q: x.row.query.name, cat: x.row.category, got: [...(x.scores.ours ?? [])].slice(0, 3) }));

  // Speed, one core, start-up excluded: name-only queries, both lists and UN alone, beside Fuse.js.
  const names = rows.map((row) => row.query.name);
  // Without the answer cache: every pass screens every query again.
  const fast = createScreener(both, { cacheSize: 0 });
  const unOnly = createScreener([un], { cacheSize: 0 });
  for (const name of names.slice(0, 1000)) {
    fast.screen({ name });
    unOnly.screen({ name });
  }
  const speed = {
    bothLists: throughput(names, 3, (name) => fast.screen({ name })),
    unOnly: throughput(names, 3, (name) => unOnly.screen({ name })),
    fuseSample: {
      queries: sample.length,
      perSecondWall: sample.length / (fuseTime.wall / 1000),
      perSecondCpu: sample.length / (fuseTime.cpu / 1000),
    },
    jwSample: {
      queries: sample.length,
      perSecondWall: sample.length / (jwTime.wall / 1000),
      perSecondCpu: sample.length / (jwTime.cpu / 1000),
    },
  };
  report["speed"] = speed;
  report["blocking"] = fast.stats();
  lines.push(
    "\n## Speed (one core, start-up excluded; wall time, CPU time of the screening thread, and of the whole process with the garbage collector's helper threads)",
  );
  lines.push(
    "| system | lists | queries | queries/s (wall) | queries/s (thread CPU) | queries/s (process CPU) |",
  );
  lines.push("| --- | --- | ---: | ---: | ---: | ---: |");
  const fmt = (x: number | undefined): string => (x === undefined ? "–" : Math.round(x).toLocaleString("en"));
  lines.push(
    `| this screener | UN + OFAC (${fmt(items.length)} names) | ${fmt(speed.bothLists.queries)} | ${fmt(speed.bothLists.perSecondWall)} | ${fmt(speed.bothLists.perSecondThreadCpu)} | ${fmt(speed.bothLists.perSecondCpu)} |`,
  );
  lines.push(
    `| this screener | UN only | ${fmt(speed.unOnly.queries)} | ${fmt(speed.unOnly.perSecondWall)} | ${fmt(speed.unOnly.perSecondThreadCpu)} | ${fmt(speed.unOnly.perSecondCpu)} |`,
  );
  lines.push(
    `| Fuse.js 7.5.0 | UN + OFAC (sample) | ${fmt(sample.length)} | ${speed.fuseSample.perSecondWall.toFixed(1)} | – | ${speed.fuseSample.perSecondCpu.toFixed(1)} |`,
  );
  lines.push(
    `| Jaro-Winkler tokens | UN + OFAC (sample) | ${fmt(sample.length)} | ${speed.jwSample.perSecondWall.toFixed(1)} | – | ${speed.jwSample.perSecondCpu.toFixed(1)} |`,
  );
  lines.push(
    `\nbuild: screener ${buildMs.toFixed(0)} ms, Fuse.js index ${fuseBuildMs.toFixed(0)} ms; load average at the end ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")}`,
  );

  await writeFile(join(OUT_DIR, "screen-results.json"), JSON.stringify(report, null, 2));
  console.log(lines.join("\n"));
}

await main();
