/**
 * Builds the labelled evaluation set for name screening (design: shared/reference/evaluation-set-design.md)
 * from the UN consolidated list and the OFAC SDN snapshot in ../shared/data, plus hand-written
 * South Korean look-alikes. Writes bench/out/screen-evalset.jsonl (git-ignored).
 *
 *   node --import tsx bench/screen/evalset.ts
 *
 * Split by listed record: a stable hash of the UN reference sends ~30% of the records (all their
 * variants) to the frozen `test` split. Generator seed and version are written into every row.
 */
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseOfacSdnCsv, parseUnConsolidatedXml } from "../../src/lists/index.js";
import type { BirthDate, Designation } from "../../src/model/designation.js";
import { tokenise } from "../../src/screening/normalise.js";
import { SURNAME_CLASSES, SYLLABLE_CLASSES } from "../../src/screening/variant-classes.js";

export const GENERATOR_VERSION = "screen-evalset/1";
export const SEED = 20260509;
const SHARED = join(import.meta.dirname, "..", "..", "..", "shared", "data");
export const OUT_DIR = join(import.meta.dirname, "..", "out");
export const EVALSET_PATH = join(OUT_DIR, "screen-evalset.jsonl");

/** One labelled query. */
export interface EvalRow {
  readonly id: string;
  readonly split: "dev" | "test";
  readonly schema: "person" | "entity";
  readonly query: { name: string; dob?: string; nationality?: string };
  /** UN references that should alert; empty for a negative. */
  readonly expected: readonly string[];
  readonly category: string;
  readonly tier: "strong" | "medium" | "weak";
  readonly hard: boolean;
  readonly provenance: string;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

function splitOf(ref: string): "dev" | "test" {
  const byte = createHash("sha256").update(ref.trim()).digest()[0] ?? 0;
  return byte < 77 ? "test" : "dev"; // 77/256 ≈ 30%
}

const norm = (name: string): string => tokenise(name).tokens.join(" ");
const hasHan = (name: string): boolean => /[\u3400-\u9fff]/u.test(name);

/** Spelling alternatives per syllable, from the classes of the reference note (korean-names.md §2.4–2.5). */
const surnameAlternatives = new Map<string, readonly string[]>();
for (const cls of SURNAME_CLASSES) for (const s of cls.spellings) surnameAlternatives.set(s, cls.spellings);
const syllableAlternatives = new Map<string, readonly string[]>();
for (const cls of SYLLABLE_CLASSES) for (const s of cls.spellings) syllableAlternatives.set(s, cls.spellings);

/** RR-style rewrite of a DPRK/MR syllable, written independently of the matcher's key (§2.1–2.2). */
function rrSyllable(syllable: string): string {
  let out = syllable
    .replace(/^k(?!h)/u, "g")
    .replace(/^t(?!h)/u, "d")
    .replace(/^p(?!h)/u, "b")
    .replace(/^ch/u, "j")
    .replace(/^kh/u, "k")
    .replace(/^th/u, "t")
    .replace(/^ph/u, "p");
  if (random() < 0.5) out = out.replace(/yo(?=ng|n|k|l|m|p)/u, "yeo").replace(/o(?=l|k)/u, "eo");
  out = out.replace(/^un$/u, "eun").replace(/^u(?=ng|n)/u, "eu");
  return out;
}

function variantSyllable(syllable: string, family: boolean): string {
  const table = family ? surnameAlternatives : syllableAlternatives;
  const options = table.get(syllable)?.filter((s) => s !== syllable);
  if (options && options.length > 0 && random() < 0.7) return pick(options);
  return rrSyllable(syllable);
}

const cap = (s: string): string => (s.length > 0 ? (s[0] ?? "").toUpperCase() + s.slice(1) : s);

function typo(name: string): string {
  const tokens = name.split(" ");
  let longest = 0;
  tokens.forEach((t, i) => {
    if (t.length > (tokens[longest] ?? "").length) longest = i;
  });
  const t = tokens[longest] ?? "";
  if (t.length < 3) return name;
  const at = 1 + Math.floor(random() * (t.length - 2));
  const kind = Math.floor(random() * 4);
  let changed: string;
  if (kind === 0) changed = t.slice(0, at) + (t[at + 1] ?? "") + (t[at] ?? "") + t.slice(at + 2);
  else if (kind === 1) changed = t.slice(0, at) + t.slice(at + 1);
  else if (kind === 2) changed = t.slice(0, at) + (t[at] ?? "") + t.slice(at);
  else
    changed =
      t.slice(0, at) +
      (/[aeiou]/u.test(t[at] ?? "") ? pick(["a", "e", "i", "o", "u"]) : pick(["n", "m", "r"])) +
      t.slice(at + 1);
  tokens[longest] = changed;
  return tokens.join(" ");
}

const LEGAL_SWAPS = ["Corp.", "Corporation", "Co., Ltd.", "Company Limited", "Co Ltd", "Ltd", "LLC", ""];

function dobOf(dates: readonly BirthDate[]): string | undefined {
  for (const d of dates) {
    if (d.kind === "exact") return d.date;
    if (d.kind === "year") return String(d.year);
  }
  return undefined;
}

async function main(): Promise<void> {
  const un = await parseUnConsolidatedXml(join(SHARED, "un", "consolidated.xml"));
  const ofac = await parseOfacSdnCsv(join(SHARED, "ofac", "sdn.csv"));
  const dprk = un.designations.filter((d) => d.ref.trim().startsWith("KP"));
  const rows: EvalRow[] = [];
  const unNames = new Set(un.designations.flatMap((d) => d.names.map((n) => norm(n.full))));
  let n = 0;
  const add = (row: Omit<EvalRow, "id" | "provenance"> & { provenance?: string }): void => {
    n += 1;
    rows.push({
      id: `q${String(n).padStart(5, "0")}`,
      provenance: `generated:${GENERATOR_VERSION}:${SEED}`,
      ...row,
    });
  };

  for (const record of dprk) {
    const ref = record.ref.trim();
    const split = splitOf(ref);
    const schema = record.kind === "person" ? "person" : "entity";
    const base = { split, schema, expected: [ref], hard: false } as const;
    for (const alias of record.names) {
      if (hasHan(alias.full)) continue;
      const tokens = norm(alias.full)
        .split(" ")
        .filter((t) => t !== "");
      if (tokens.length === 0) continue;
      add({ ...base, query: { name: alias.full }, category: `control:${alias.quality}`, tier: "strong" });
      if (schema === "person" && tokens.length >= 2 && tokens.length <= 4) {
        const [family = "", ...given] = tokens;
        // Romanisation swap of every syllable, hyphenated given name (RR/press style).
        const swapped = [variantSyllable(family, true), ...given.map((g) => variantSyllable(g, false))];
        add({
          ...base,
          query: { name: `${cap(swapped[0] ?? "")} ${swapped.slice(1).map(cap).join("-")}` },
          category: "romanization",
          tier: "strong",
        });
        add({
          ...base,
          query: { name: `${cap(family)} ${given.join("")}` },
          category: "given-joined",
          tier: "strong",
        });
        add({
          ...base,
          query: { name: `${given.map(cap).join(" ")} ${cap(family)}` },
          category: "order:western",
          tier: "strong",
        });
        add({
          ...base,
          query: { name: `${family.toUpperCase()}, ${given.map(cap).join(" ")}` },
          category: "order:ofac",
          tier: "strong",
        });
        add({
          ...base,
          query: { name: `${cap(given.join(""))} ${cap(variantSyllable(family, true))}` },
          category: "combined:western+joined+romanization",
          tier: "medium",
        });
        add({ ...base, query: { name: typo(tokens.join(" ")) }, category: "typo", tier: "medium" });
        const dob = dobOf(record.birthDates);
        if (dob !== undefined) {
          add({
            ...base,
            query: { name: alias.full, dob },
            category: "qualifier:dob-agrees",
            tier: "strong",
          });
          // Same name, different person: conflicting DOB and nationality (policy: no alert).
          add({
            ...base,
            expected: [],
            hard: true,
            query: { name: alias.full, dob: String(Number(dob.slice(0, 4)) + 25), nationality: "KR" },
            category: "negative:same-name-conflicting-facts",
            tier: "strong",
          });
        }
        // One-syllable-different look-alike, unless that is itself a listed name.
        if (given.length >= 1) {
          const at = Math.floor(random() * given.length);
          const other = pick([
            "kwang",
            "song",
            "chol",
            "nam",
            "hyok",
            "il",
            "su",
            "ho",
            "min",
            "jin",
            "sok",
            "yong",
          ]);
          if (other !== given[at]) {
            const changed = [family, ...given.map((g, i) => (i === at ? other : g))].join(" ");
            if (!unNames.has(changed)) {
              add({
                ...base,
                expected: [],
                hard: true,
                query: { name: changed },
                category: "negative:one-syllable-lookalike",
                tier: "strong",
              });
            }
          }
        }
      } else if (schema === "entity") {
        const legal = /\b(corporation|corp|company|co|ltd|limited|llc)\b[.,\s]*/giu;
        const stripped = alias.full.replace(legal, " ").replace(/\s+/gu, " ").trim();
        if (stripped !== "" && stripped !== alias.full) {
          add({
            ...base,
            query: { name: `${stripped} ${pick(LEGAL_SWAPS)}`.trim() },
            category: "org:legal-form",
            tier: "strong",
          });
        }
        add({
          ...base,
          query: { name: alias.full.toLowerCase().replace(/-/gu, " ") },
          category: "case-hyphen",
          tier: "strong",
        });
        add({ ...base, query: { name: typo(alias.full) }, category: "typo", tier: "medium" });
      }
    }
  }

  // Natural cross-list variants: OFAC DPRK people joined to a UN DPRK person by an exact DOB.
  const ofacDprk = ofac.designations.filter((d) => d.programmes.some((p) => p.startsWith("DPRK")));
  const unByDob = new Map<string, Designation[]>();
  for (const record of dprk) {
    for (const d of record.birthDates) {
      if (d.kind !== "exact") continue;
      unByDob.set(d.date, [...(unByDob.get(d.date) ?? []), record]);
    }
  }
  const joined = new Set<string>();
  for (const record of ofacDprk) {
    if (record.kind !== "person") continue;
    const dates = record.birthDates.filter((d) => d.kind === "exact").map((d) => d.date);
    const same = dates.flatMap((d) => unByDob.get(d) ?? []);
    if (same.length === 1 && same[0]) {
      joined.add(record.ref);
      const target = same[0];
      for (const name of record.names) {
        if (hasHan(name.full)) continue;
        const natural = !target.names.some((n) => norm(n.full) === norm(name.full));
        add({
          split: splitOf(target.ref.trim()),
          schema: "person",
          expected: [target.ref.trim()],
          hard: false,
          query: { name: name.full },
          category: natural ? "natural:ofac-spelling" : "natural:ofac-identical",
          tier: natural ? "medium" : "strong",
          provenance: `natural:OFAC ${record.ref} joined by DOB`,
        });
      }
    }
  }
  // US-only designees: OFAC DPRK records not joined to the UN list and not sharing a UN name.
  for (const record of ofacDprk) {
    if (joined.has(record.ref)) continue;
    const primary = record.names.find((n) => n.quality === "primary") ?? record.names[0];
    if (!primary || unNames.has(norm(primary.full)) || hasHan(primary.full)) continue;
    add({
      split: splitOf(record.ref),
      schema: record.kind === "person" ? "person" : "entity",
      expected: [],
      hard: true,
      query: { name: primary.full },
      category: `negative:us-only-${record.kind}`,
      tier: "medium",
      provenance: `natural:OFAC ${record.ref} not on the UN list`,
    });
  }

  // Famous names not on the UN list, South Korean people and companies that look alike (hand-written).
  const curated: [string, "person" | "entity", string][] = [
    ["Kim Jong Un", "person", "famous-not-un"],
    ["Kim Yo Jong", "person", "famous-not-un"],
    ["Choe Ryong Hae", "person", "famous-not-un"],
    ["Kim Jong Il", "person", "famous-not-un"],
    ["Kim Il Sung", "person", "famous-not-un"],
    ["Kim Jong Nam", "person", "famous-not-un"],
    ["Kim Min-jun", "person", "rok-person"],
    ["Lee Ji-eun", "person", "rok-person"],
    ["Park Ji-sung", "person", "rok-person"],
    ["Choi Min-ho", "person", "rok-person"],
    ["Jung Hae-in", "person", "rok-person"],
    ["Kang Dong-won", "person", "rok-person"],
    ["Lee Min-ho", "person", "rok-person"],
    ["Son Heung-min", "person", "rok-person"],
    ["Yoon Suk-yeol", "person", "rok-person"],
    ["Moon Jae-in", "person", "rok-person"],
    ["Han Seung-woo", "person", "rok-person"],
    ["Kim Yeon-koung", "person", "rok-person"],
    ["Ryu Hyun-jin", "person", "rok-person"],
    ["Shin Dong-bin", "person", "rok-person"],
    ["Chung Mong-koo", "person", "rok-person"],
    ["Lee Jae-yong", "person", "rok-person"],
    ["Koo Kwang-mo", "person", "rok-person"],
    ["Chey Tae-won", "person", "rok-person"],
    ["Kim Seong-hoon", "person", "rok-person"],
    ["Park Seo-yeon", "person", "rok-person"],
    ["Jeon Do-yeon", "person", "rok-person"],
    ["Oh Jung-se", "person", "rok-person"],
    ["Yoo Jae-suk", "person", "rok-person"],
    ["Bae Suzy", "person", "rok-person"],
    ["Li Cheng", "person", "chinese-reading"],
    ["Jin Tie", "person", "chinese-reading"],
    ["Jiang Wen", "person", "chinese-reading"],
    ["Neil Chan", "person", "chinese-reading"],
    ["Hasan Min", "person", "cross-regime-short-tokens"],
    ["Nguyen Van Son", "person", "cross-regime-short-tokens"],
    ["Ho Jin Han", "person", "cross-regime-short-tokens"],
    ["Korea Development Bank", "entity", "rok-company"],
    ["Korea Resources Corporation", "entity", "rok-company"],
    ["Daesung Group", "entity", "rok-company"],
    ["Ocean Maritime Co.", "entity", "rok-company"],
    ["Green Pine Holdings", "entity", "rok-company"],
    ["Leader Trading Limited", "entity", "rok-company"],
    ["Korea Trading Corporation", "entity", "generic-only"],
    ["General Trading Co Ltd", "entity", "generic-only"],
    ["International Shipping Company", "entity", "generic-only"],
    ["Korea General Trading Corp.", "entity", "generic-only"],
    ["Samsung C&T Corporation", "entity", "rok-company"],
    ["Hyundai Merchant Marine", "entity", "rok-company"],
    ["Korea Line Corporation", "entity", "rok-company"],
    ["Pan Ocean Co., Ltd.", "entity", "rok-company"],
    ["Hanjin Shipping", "entity", "rok-company"],
    ["Korea National Oil Corporation", "entity", "rok-company"],
    ["Korea Mining Corporation", "entity", "rok-company"],
    ["Daewoo Shipbuilding", "entity", "rok-company"],
    ["Korea Exchange Bank", "entity", "rok-company"],
    ["Industrial Bank of Korea", "entity", "rok-company"],
    ["Korea Shipping Corporation", "entity", "rok-company"],
    ["Daedong Trading Co.", "entity", "rok-company"],
    ["Tanchon Commercial Bank of Busan", "entity", "rok-company"],
    ["Office 3", "entity", "number-mismatch"],
    ["Kwangson Trading Co. Ltd", "entity", "rok-company"],
  ];
  for (const [name, schema, category] of curated) {
    if (unNames.has(norm(name))) continue;
    add({
      split: "test",
      schema,
      expected: [],
      hard: true,
      query: { name },
      category: `negative:${category}`,
      tier: "medium",
      provenance: "curated",
    });
  }
  // Common South Korean names, generated from frequent surnames and syllables (RR spelling).
  const rokSurnames = [
    "Kim",
    "Lee",
    "Park",
    "Choi",
    "Jung",
    "Kang",
    "Cho",
    "Yoon",
    "Jang",
    "Lim",
    "Han",
    "Oh",
    "Seo",
    "Shin",
    "Kwon",
  ];
  const rokSyllables = [
    "min",
    "ji",
    "seo",
    "hyun",
    "woo",
    "jun",
    "eun",
    "yeon",
    "soo",
    "ha",
    "do",
    "yoon",
    "ho",
    "jae",
    "hee",
    "sang",
    "dong",
    "tae",
    "na",
    "bin",
  ];
  for (let i = 0; i < 600; i += 1) {
    const name = `${pick(rokSurnames)} ${cap(pick(rokSyllables))}-${pick(rokSyllables)}`;
    if (unNames.has(norm(name))) continue;
    add({
      split: i % 10 < 3 ? "test" : "dev",
      schema: "person",
      expected: [],
      hard: false,
      query: { name },
      category: "negative:rok-common-name",
      tier: "medium",
    });
  }
  // Easy negatives: non-Korean names from the rest of the world, synthetic.
  const given = [
    "John",
    "Maria",
    "Ahmed",
    "Olga",
    "Pierre",
    "Ana",
    "Hiroshi",
    "Ivan",
    "Fatima",
    "Carlos",
    "Mehmet",
    "Wei",
  ];
  const families = [
    "Smith",
    "Garcia",
    "Hassan",
    "Petrova",
    "Dubois",
    "Silva",
    "Tanaka",
    "Ivanov",
    "Khan",
    "Lopez",
    "Yilmaz",
    "Zhang",
  ];
  for (let i = 0; i < 600; i += 1) {
    add({
      split: i % 10 < 3 ? "test" : "dev",
      schema: "person",
      expected: [],
      hard: false,
      query: { name: `${pick(given)} ${pick(families)}` },
      category: "negative:world-name",
      tier: "strong",
    });
  }

  await mkdir(OUT_DIR, { recursive: true });
  await writeFile(EVALSET_PATH, rows.map((row) => JSON.stringify(row)).join("\n") + "\n");
  const count = (f: (r: EvalRow) => boolean): number => rows.filter(f).length;
  console.log(
    `${rows.length} rows: ${count((r) => r.expected.length > 0)} positives, ${count((r) => r.expected.length === 0)} negatives (${count((r) => r.hard)} hard); test split ${count((r) => r.split === "test")} → ${EVALSET_PATH}`,
  );
}

if (process.argv[1]?.endsWith("evalset.ts") === true) await main();
