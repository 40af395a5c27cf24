/**
 * Baselines for the `sanctions check` benchmark: the screen a user would otherwise write, an HS-prefix
 * filter over the JSON Lines. Both take today's goods scopes of the regime (HS prefixes, split by
 * direction) and keep a row when it goes to KP under a supply-side prefix, or comes from KP (from or
 * origin) under a procurement-side prefix. Neither looks at dates, exceptions, transition windows,
 * caps, descriptions, values, HS editions, parties or vessels, and neither gives a citation.
 *
 *   node --import tsx bench/check/baseline.ts jq-filter      # prints the jq program
 *   node --import tsx bench/check/baseline.ts jq-args        # prints the --argjson values as JSON
 *   node --import tsx bench/check/baseline.ts node FILE      # the same filter in plain Node, hits on stdout
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { defaultRegimeDir } from "../../src/config/index.js";
import { loadRegime, stateAt } from "../../src/regime/index.js";

/** The date whose goods scopes the baselines use: "today's lists", applied to every row whatever its date. */
export const BASELINE_AT = "2026-06-01";

export interface Prefixes {
  /** Goods the target may not receive (to KP). */
  readonly supply: readonly string[];
  /** Goods the target may not sell (from KP, or of KP origin). */
  readonly procurement: readonly string[];
}

export async function regimePrefixes(at = BASELINE_AT): Promise<Prefixes> {
  const { regime } = await loadRegime(defaultRegimeDir);
  if (!regime) throw new Error("the embedded regime does not load; run sanctions validate");
  const supply = new Set<string>();
  const procurement = new Set<string>();
  for (const measure of stateAt(regime, at).measures) {
    const goods = measure.scope.goods;
    if (!goods) continue;
    const prefixes = [...goods.hs, ...(goods.candidates ?? [])];
    const toTarget = measure.direction !== "from-target";
    const fromTarget = measure.direction !== "to-target";
    for (const prefix of prefixes) {
      if (toTarget) supply.add(prefix);
      if (fromTarget) procurement.add(prefix);
    }
  }
  return { supply: [...supply].sort(), procurement: [...procurement].sort() };
}

/** The jq program; `$supply` and `$procurement` come in with --argjson. */
export const JQ_FILTER = [
  '(.hs | tostring | gsub("[^0-9]"; "")) as $h',
  "| select(",
  '    (.to == "KP" and any($supply[]; . as $p | $h | startswith($p)))',
  '    or ((.from == "KP" or .origin == "KP") and any($procurement[]; . as $p | $h | startswith($p))))',
  "| {id, hit: true}",
].join(" ");

async function nodeBaseline(file: string): Promise<void> {
  const { supply, procurement } = await regimePrefixes();
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let out = "";
  for await (const line of lines) {
    if (line.trim() === "") continue;
    const row = JSON.parse(line) as {
      id?: unknown;
      hs?: unknown;
      from?: unknown;
      to?: unknown;
      origin?: unknown;
    };
    const hs = String(row.hs).replace(/[^0-9]/g, "");
    const hit =
      (row.to === "KP" && supply.some((prefix) => hs.startsWith(prefix))) ||
      ((row.from === "KP" || row.origin === "KP") && procurement.some((prefix) => hs.startsWith(prefix)));
    if (hit) out += JSON.stringify({ id: row.id, hit: true }) + "\n";
    if (out.length > 65_536) {
      process.stdout.write(out);
      out = "";
    }
  }
  process.stdout.write(out);
}

if (import.meta.filename === process.argv[1]) {
  const [mode, file] = process.argv.slice(2);
  if (mode === "jq-filter") process.stdout.write(JQ_FILTER + "\n");
  else if (mode === "jq-args") process.stdout.write(JSON.stringify(await regimePrefixes()) + "\n");
  else if (mode === "node" && file) await nodeBaseline(file);
  else throw new Error("usage: baseline.ts jq-filter | jq-args | node FILE");
}
