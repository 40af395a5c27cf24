/**
 * Runs the labelled evaluation set against the matcher and against Fuse.js on the same queries, and
 * measures queries per second on the UN list (one core). Reads bench/out/screen-evalset.jsonl (built by
 * evalset.ts when missing) and writes bench/out/screen-results.json.
 *
 *   node --import tsx bench/screen/evaluate.ts
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import Fuse from "fuse.js";
import { parseUnConsolidatedXml } from "../../src/lists/index.js";
import type { ListSnapshot } from "../../src/model/designation.js";
import { createScreener, DEFAULT_ALERT_THRESHOLD } from "../../src/screening/index.js";
import { EVALSET_PATH, OUT_DIR, type EvalRow } from "./evalset.js";

const SHARED = join(import.meta.dirname, "..", "..", "..", "shared", "data");

interface Scored {
  readonly row: EvalRow;
  /** Best score per reference, both systems. */
  readonly ours: ReadonlyMap<string, number>;
  readonly fuse: ReadonlyMap<string, number>;
}

interface Metrics {
  precision: number;
  recall: number;
  f1: number;
  positives: number;
  negatives: number;
  hardNegatives: number;
  hardFalseAlertRate: number;
  negativeFalseAlertRate: number;
  top1: number;
}

function metrics(scored: readonly Scored[], system: "ours" | "fuse", threshold: number): Metrics {
  let tp = 0;
  let fp = 0;
  let found = 0;
  let top1 = 0;
  let positives = 0;
  let negatives = 0;
  let hard = 0;
  let hardAlerts = 0;
  let negAlerts = 0;
  for (const { row, ...scores } of scored) {
    const map = scores[system];
    const alerts = [...map].filter(([, score]) => score >= threshold).sort((a, b) => b[1] - a[1]);
    const expected = new Set(row.expected);
    for (const [ref] of alerts)
      if (expected.has(ref)) tp += 1;
      else fp += 1;
    if (expected.size > 0) {
      positives += 1;
      if (alerts.some(([ref]) => expected.has(ref))) found += 1;
      if (alerts[0] && expected.has(alerts[0][0])) top1 += 1;
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
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    precision,
    recall,
    f1,
    positives,
    negatives,
    hardNegatives: hard,
    hardFalseAlertRate: hard === 0 ? 0 : hardAlerts / hard,
    negativeFalseAlertRate: negatives === 0 ? 0 : negAlerts / negatives,
    top1: positives === 0 ? 0 : top1 / positives,
  };
}

function bestThreshold(scored: readonly Scored[], system: "ours" | "fuse"): number {
  let best = { t: 0.5, f1: -1 };
  for (let t = 0.3; t <= 0.99; t += 0.01) {
    const m = metrics(scored, system, t);
    const ok = system === "fuse" || m.hardFalseAlertRate <= 0.05;
    if (ok && m.f1 > best.f1) best = { t: Math.round(t * 100) / 100, f1: m.f1 };
  }
  return best.t;
}

const pct = (x: number): string => (x * 100).toFixed(1) + "%";
const f3 = (x: number): string => x.toFixed(3);

async function main(): Promise<void> {
  if (!existsSync(EVALSET_PATH)) await import("./evalset.js").then(() => undefined);
  const rows = (await readFile(EVALSET_PATH, "utf8"))
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as EvalRow);
  const un = await parseUnConsolidatedXml(join(SHARED, "un", "consolidated.xml"));
  const snapshot: ListSnapshot = {
    id: "un-2026-05-08",
    source: "consolidated.xml",
    list: "UN",
    importedAt: new Date(0).toISOString(),
    counts: { persons: 0, entities: 0, vessels: 0, names: 0 },
    designations: un.designations.map((d) => ({ ...d, ref: d.ref.trim() })),
  };
  const buildStart = performance.now();
  const screener = createScreener([snapshot], { reviewThreshold: 0.3 });
  const buildMs = performance.now() - buildStart;
  const fuseItems = snapshot.designations.flatMap((d) =>
    d.names.map((n) => ({ ref: d.ref, name: n.full, kind: d.kind })),
  );
  const fuse = new Fuse(fuseItems, {
    keys: ["name"],
    includeScore: true,
    ignoreLocation: true,
    threshold: 0.6,
  });

  const scored: Scored[] = rows.map((row) => {
    const kind = row.schema === "person" ? "person" : "entity";
    const ours = new Map<string, number>();
    for (const match of screener.screen({ ...row.query, kind }, { limit: 10 }))
      ours.set(match.ref, match.score);
    const fuseScores = new Map<string, number>();
    for (const result of fuse.search(row.query.name, { limit: 20 })) {
      if ((result.item.kind === "person") !== (kind === "person")) continue;
      const score = 1 - (result.score ?? 1);
      if ((fuseScores.get(result.item.ref) ?? -1) < score) fuseScores.set(result.item.ref, score);
    }
    return { row, ours, fuse: fuseScores };
  });

  const dev = scored.filter((s) => s.row.split === "dev");
  const test = scored.filter((s) => s.row.split === "test");
  const ourDevBest = bestThreshold(dev, "ours");
  const fuseDevBest = bestThreshold(dev, "fuse");
  const report: Record<string, unknown> = {
    rows: rows.length,
    buildMs,
    defaultThreshold: DEFAULT_ALERT_THRESHOLD,
    ourDevBest,
    fuseDevBest,
  };
  const lines: string[] = [];
  const table = (label: string, set: readonly Scored[]): void => {
    const ours = metrics(set, "ours", DEFAULT_ALERT_THRESHOLD);
    const fuseDefault = metrics(set, "fuse", 0.4); // Fuse threshold 0.6 = similarity ≥ 0.4: anything Fuse returns
    const fuseTuned = metrics(set, "fuse", fuseDevBest);
    report[label] = { ours, fuseDefault, fuseTuned };
    lines.push(
      `\n## ${label} (${ours.positives} positives, ${ours.negatives} negatives, ${ours.hardNegatives} hard)`,
    );
    lines.push(
      "| system | threshold | precision | recall | F1 | top-1 | false alerts, hard negatives | false alerts, all negatives |",
    );
    lines.push("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const [name, t, m] of [
      ["this matcher", DEFAULT_ALERT_THRESHOLD, ours],
      ["Fuse.js (default threshold 0.6)", 0.4, fuseDefault],
      [`Fuse.js (similarity tuned on dev)`, fuseDevBest, fuseTuned],
    ] as const) {
      lines.push(
        `| ${name} | ${t} | ${f3(m.precision)} | ${f3(m.recall)} | ${f3(m.f1)} | ${f3(m.top1)} | ${pct(m.hardFalseAlertRate)} | ${pct(m.negativeFalseAlertRate)} |`,
      );
    }
  };
  table("dev", dev);
  table("test", test);
  table("all", scored);

  lines.push("\n## per category, test split (this matcher vs Fuse.js tuned)");
  lines.push("| category | rows | this matcher: alert rate | Fuse.js: alert rate |");
  lines.push("| --- | --- | --- | --- |");
  const categories = [...new Set(test.map((s) => s.row.category))].sort();
  const perCategory: Record<string, unknown> = {};
  for (const category of categories) {
    const set = test.filter((s) => s.row.category === category);
    const rate = (system: "ours" | "fuse", t: number): number =>
      set.filter((s) => {
        const map = s[system];
        return s.row.expected.length > 0
          ? s.row.expected.some((ref) => (map.get(ref) ?? 0) >= t)
          : [...map.values()].some((score) => score >= t);
      }).length / set.length;
    const ours = rate("ours", DEFAULT_ALERT_THRESHOLD);
    const fuseRate = rate("fuse", fuseDevBest);
    perCategory[category] = { rows: set.length, ours, fuse: fuseRate };
    lines.push(`| ${category} | ${set.length} | ${pct(ours)} | ${pct(fuseRate)} |`);
  }
  report["perCategory"] = perCategory;
  lines.push(
    "\n(alert rate = share of rows that alert on an expected reference for positives, on anything for negatives)",
  );

  // Failures, for reading.
  const misses = test.filter(
    (s) =>
      s.row.expected.length > 0 &&
      !s.row.expected.some((ref) => (s.ours.get(ref) ?? 0) >= DEFAULT_ALERT_THRESHOLD),
  );
  const falseAlerts = scored.filter(
    (s) => s.row.hard && [...s.ours.values()].some((v) => v >= DEFAULT_ALERT_THRESHOLD),
  );
  report["missesTest"] = misses.map((s) => ({
    q: s.row.query.name,
    cat: s.row.category,
    expected: s.row.expected,
    got: [...s.ours],
  }));
  report["hardFalseAlerts"] = falseAlerts.map((s) => ({
    q: s.row.query.name,
    cat: s.row.category,
    got: [...s.ours],
  }));

  // Throughput on the UN list: names only, one core, several passes.
  const queries = rows.map((row) => ({ name: row.query.name }));
  const qpsScreener = createScreener([snapshot]);
  for (const q of queries.slice(0, 500)) qpsScreener.screen(q);
  const passes = 3;
  const start = performance.now();
  for (let p = 0; p < passes; p += 1) for (const q of queries) qpsScreener.screen(q);
  const seconds = (performance.now() - start) / 1000;
  const qps = (queries.length * passes) / seconds;
  report["qps"] = qps;
  lines.push(
    `\nUN list: ${snapshot.designations.length} records, ${fuseItems.length} names; build ${buildMs.toFixed(0)} ms; ${qps.toFixed(0)} queries/s (${queries.length * passes} name-only queries, one core)`,
  );
  lines.push(
    `threshold with best dev F1 (hard-negative false alerts ≤ 5%): ${ourDevBest}; Fuse.js best dev F1 at similarity ${fuseDevBest}`,
  );

  await writeFile(join(OUT_DIR, "screen-results.json"), JSON.stringify(report, null, 2));
  console.log(lines.join("\n"));
}

await main();
