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

export const GENERATOR_VERSION = "screen-evalset/2";
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
  /** References (UN or OFAC) that should alert; empty for a negative. */
  readonly expected: readonly string[];
  /**
   * References whose alert is right too: the expected ones and every record of either list that
   * carries one of their names (the same party on the UN and the OFAC list). Filled in at the end.
   */
  readonly acceptable?: readonly string[];
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
  let at = 1 + Math.floor(random() * (t.length - 2));
  // Typos fall on letters, not on the punctuation OFAC writes into names (`JON, Il Ho`).
  const letter = (i: number): boolean => /[A-Za-z]/u.test(t[i] ?? "");
  while (at > 1 && !(letter(at) && letter(at + 1))) at -= 1;
  if (!(letter(at) && letter(at + 1))) return name;
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

type Add = (row: Omit<EvalRow, "id" | "provenance"> & { provenance?: string }) => void;

const titleCase = (name: string): string =>
  name
    .toLowerCase()
    .split(" ")
    .map((word) => word.split("-").map(cap).join("-"))
    .join(" ");

/** `SURNAME(S), Given Names` as OFAC writes a person, split; undefined without a comma. */
function commaParts(full: string): { family: string; given: string } | undefined {
  const at = full.indexOf(",");
  if (at < 0) return undefined;
  return { family: full.slice(0, at).trim(), given: full.slice(at + 1).trim() };
}

/** Takes up to `count` items, spread evenly over the array (deterministic). */
function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)] as T);
}

/** Arabic spellings of one name, as lists and customer records write them (transliteration variants). */
const ARABIC_SPELLINGS: readonly (readonly string[])[] = [
  ["muhammad", "mohammed", "mohamed", "mohammad", "muhammed"],
  ["husayn", "hussein", "husain", "hussain"],
  ["abdallah", "abdullah", "abdellah"],
  ["yusuf", "yousef", "youssef"],
  ["hasan", "hassan"],
  ["umar", "omar"],
  ["uthman", "othman", "osman"],
  ["sa'id", "said", "saeed"],
];

/** Russian transliteration alternations (BGN/PCGN vs passport vs English-style). */
const RUSSIAN_ALTERNATIONS: readonly [RegExp, string][] = [
  [/ks/u, "x"],
  [/iy\b/u, "y"],
  [/yev/u, "ev"],
  [/ey\b/u, "ei"],
  [/yu/u, "iu"],
  [/ya/u, "ia"],
  [/kh/u, "h"],
  [/sergey/u, "sergei"],
  [/aleksandr/u, "alexander"],
];

function arabicVariant(name: string): string {
  let out = name.toLowerCase();
  const choice = Math.floor(random() * 4);
  if (choice === 0) out = out.replace(/\bal[- ]/u, pick(["el-", "al ", "al"]));
  else if (choice === 1) out = out.replace(/\bbin\b/u, "ibn").replace(/\babu\b/u, "abou");
  else if (choice === 2) out = out.replace(/\babd al[- ]/u, pick(["abdul ", "abdel ", "abdul"]));
  if (out === name.toLowerCase()) {
    for (const spellings of ARABIC_SPELLINGS) {
      const hit = spellings.find((spelling) => new RegExp(`\\b${spelling}\\b`, "u").test(out));
      if (hit !== undefined) {
        out = out.replace(hit, pick(spellings.filter((spelling) => spelling !== hit)));
        break;
      }
    }
  }
  return titleCase(out);
}

/**
 * Variants of names in other scripts and orders: Spanish (order, particles, one surname), Arabic
 * (particles, spellings), Russian (patronymic left out, transliteration) from OFAC's persons, and
 * the UN's names in original script (Arabic, Cyrillic, Han) as given and with the words reversed.
 */
function generateOtherScripts(un: readonly Designation[], ofac: readonly Designation[], add: Add): void {
  const persons = ofac.filter((d) => d.kind === "person");
  const primaryOf = (d: Designation): string =>
    (d.names.find((n) => n.quality === "primary") ?? d.names[0])?.full ?? "";
  const spanish = persons.filter(
    (d) =>
      d.programmes.some((p) => /^(SDNT|SDNTK|TCO|ILLICIT)/u.test(p)) &&
      (commaParts(primaryOf(d))?.family.split(" ").length ?? 0) === 2,
  );
  for (const record of spread(spanish, 150)) {
    const parts = commaParts(primaryOf(record));
    if (!parts) continue;
    const base = {
      split: splitOf(record.ref),
      schema: "person",
      expected: [record.ref],
      hard: false,
    } as const;
    const [first = ""] = parts.family.split(" ");
    add({
      ...base,
      query: { name: titleCase(`${parts.given} ${parts.family}`) },
      category: "order:spanish",
      tier: "strong",
    });
    add({
      ...base,
      query: { name: titleCase(`${parts.given} ${first}`) },
      category: "spanish:one-surname",
      tier: "medium",
    });
    if (/\b(de|del|la)\b/iu.test(parts.given)) {
      const dropped = parts.given.replace(/\b(de la|de los|del|de)\b\s*/giu, "").trim();
      add({
        ...base,
        query: { name: titleCase(`${dropped} ${parts.family}`) },
        category: "particles:spanish",
        tier: "strong",
      });
    }
  }
  const arabicPattern = /\b(AL|BIN|IBN|ABU|ABD|MUHAMMAD|MOHAMMED|HUSAYN|HASAN|UMAR|YUSUF)\b/iu;
  const arabic = [
    ...persons.filter((d) => arabicPattern.test(primaryOf(d))),
    ...un.filter(
      (d) =>
        d.kind === "person" &&
        /^(QDi|IQi|LYi|SOi|YEi)/u.test(d.ref.trim()) &&
        arabicPattern.test(primaryOf(d)),
    ),
  ];
  for (const record of spread(arabic, 200)) {
    const primary = primaryOf(record);
    const parts = commaParts(primary);
    const natural = parts ? `${parts.given} ${parts.family}` : primary;
    const base = {
      split: splitOf(record.ref.trim()),
      schema: "person",
      expected: [record.ref.trim()],
      hard: false,
    } as const;
    const variant = arabicVariant(natural);
    if (norm(variant) !== norm(natural))
      add({ ...base, query: { name: variant }, category: "particles:arabic", tier: "strong" });
    if (parts)
      add({ ...base, query: { name: titleCase(natural) }, category: "order:western", tier: "strong" });
  }
  const russian = persons.filter((d) =>
    /(ovich|evich|ovna|evna)$/iu.test(commaParts(primaryOf(d))?.given ?? ""),
  );
  for (const record of spread(russian, 150)) {
    const parts = commaParts(primaryOf(record));
    if (!parts) continue;
    const givenWords = parts.given.split(" ");
    const base = {
      split: splitOf(record.ref),
      schema: "person",
      expected: [record.ref],
      hard: false,
    } as const;
    add({
      ...base,
      query: { name: titleCase(`${givenWords.slice(0, -1).join(" ")} ${parts.family}`) },
      category: "patronymic-dropped",
      tier: "strong",
    });
    const full = `${parts.given} ${parts.family}`.toLowerCase();
    const rules = RUSSIAN_ALTERNATIONS.filter(([pattern]) => pattern.test(full));
    if (rules.length > 0) {
      const [pattern, replacement] = pick(rules);
      add({
        ...base,
        query: { name: titleCase(full.replace(pattern, replacement)) },
        category: "transliteration",
        tier: "strong",
      });
    }
  }
  for (const record of un) {
    for (const name of record.names) {
      if (name.script === undefined) continue;
      const base = {
        split: splitOf(record.ref.trim()),
        schema: record.kind === "person" ? "person" : "entity",
        expected: [record.ref.trim()],
        hard: false,
      } as const;
      add({
        ...base,
        query: { name: name.full },
        category: `original-script:${name.script}`,
        tier: "strong",
      });
      const words = name.full.split(/\s+/u);
      if (words.length >= 2)
        add({
          ...base,
          query: { name: [...words.slice(1), words[0]].join(" ") },
          category: `original-script:${name.script}:order`,
          tier: "medium",
        });
    }
  }
}

/**
 * Near-miss organisations: a listed company name with its rarest word left out (KOREA UNITED
 * DEVELOPMENT BANK → Korea Development Bank) names another company, as the South Korean state bank
 * shows. Kept only when what is left has two or more words and is not itself a listed name.
 */
function generateNearMissOrganisations(
  all: readonly Designation[],
  listed: ReadonlySet<string>,
  add: Add,
): void {
  const frequency = new Map<string, number>();
  for (const d of all)
    for (const name of d.names)
      for (const token of new Set(norm(name.full).split(" ")))
        frequency.set(token, (frequency.get(token) ?? 0) + 1);
  const entities = all.filter((d) => d.kind === "entity");
  let made = 0;
  for (const record of spread(entities, 1200)) {
    if (made >= 250) break;
    const primary = (record.names.find((n) => n.quality === "primary") ?? record.names[0])?.full ?? "";
    // Parentheticals (an acronym, a branch's country) are left aside: without them it is the same body.
    const words = primary
      .replace(/\s*\([^)]*\)?/gu, " ")
      .split(/\s+/u)
      .filter((w) => /^[A-Za-z][A-Za-z.,&'-]{2,}$/u.test(w) && norm(w).split(" ").length === 1);
    if (words.length < 3 || hasHan(primary)) continue;
    let rarest = 0;
    for (let i = 1; i < words.length; i += 1)
      if ((frequency.get(norm(words[i] ?? "")) ?? 0) < (frequency.get(norm(words[rarest] ?? "")) ?? 0))
        rarest = i;
    const kept = words.filter((_, i) => i !== rarest).join(" ");
    if (norm(kept).split(" ").length < 2 || listed.has(norm(kept))) continue;
    made += 1;
    add({
      split: splitOf(record.ref.trim()),
      schema: "entity",
      expected: [],
      hard: true,
      query: { name: titleCase(kept) },
      category: "negative:near-miss-org",
      tier: "medium",
      provenance: `generated:${GENERATOR_VERSION}:${SEED}: ${record.ref.trim()} without "${words[rarest] ?? ""}"`,
    });
  }
}

async function main(): Promise<void> {
  const un = await parseUnConsolidatedXml(join(SHARED, "un", "consolidated.xml"));
  const ofac = await parseOfacSdnCsv(join(SHARED, "ofac", "sdn.csv"));
  const dprk = un.designations.filter((d) => d.ref.trim().startsWith("KP"));
  const rows: EvalRow[] = [];
  // Every name of both lists, folded: a generated negative that is a listed name is dropped.
  const unNames = new Set(
    [...un.designations, ...ofac.designations].flatMap((d) => d.names.map((n) => norm(n.full))),
  );
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
        // One syllable of the given name left out (expected: the review band, not silence).
        if (given.length >= 2) {
          const at = Math.floor(random() * given.length);
          add({
            ...base,
            query: { name: [family, ...given.filter((_, i) => i !== at)].map(cap).join(" ") },
            category: "missing-syllable",
            tier: "weak",
          });
        }
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
  // OFAC's DPRK records under their own names (with both lists loaded, these are positives).
  for (const record of ofacDprk) {
    const primary = record.names.find((n) => n.quality === "primary") ?? record.names[0];
    if (!primary || hasHan(primary.full)) continue;
    const split = splitOf(record.ref);
    const schema = record.kind === "person" ? "person" : "entity";
    const base = { split, schema, expected: [record.ref], hard: false } as const;
    add({ ...base, query: { name: primary.full }, category: "control:ofac", tier: "strong" });
    add({ ...base, query: { name: typo(primary.full) }, category: "typo", tier: "medium" });
  }

  generateOtherScripts(un.designations, ofac.designations, add);
  generateNearMissOrganisations([...un.designations, ...ofac.designations], unNames, add);

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
    "Juan Carlos",
    "Abdul Karim",
    "Sergei",
    "Ji-hoon",
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
    "Fernandez Ruiz",
    "Al-Amin",
    "Volkov",
    "Moreno de la Cruz",
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
    const name = `${pick(given)} ${pick(families)}`;
    if (unNames.has(norm(name))) continue;
    add({
      split: i % 10 < 3 ? "test" : "dev",
      schema: "person",
      expected: [],
      hard: false,
      query: { name },
      category: "negative:world-name",
      tier: "strong",
    });
  }

  // Acceptable alerts: the expected records and every record (either list) that shares a name with them.
  const byName = new Map<string, Set<string>>();
  const all = [...un.designations, ...ofac.designations];
  for (const d of all) {
    for (const name of d.names) {
      const key = norm(name.full);
      const refs = byName.get(key) ?? new Set<string>();
      refs.add(d.ref.trim());
      byName.set(key, refs);
    }
  }
  const namesOf = new Map(all.map((d) => [d.ref.trim(), d.names.map((name) => norm(name.full))]));
  const labelled = rows.map((row) => {
    if (row.expected.length === 0) return row;
    const acceptable = new Set(row.expected);
    for (const ref of row.expected)
      for (const name of namesOf.get(ref) ?? [])
        for (const other of byName.get(name) ?? []) acceptable.add(other);
    return { ...row, acceptable: [...acceptable] };
  });

  await mkdir(OUT_DIR, { recursive: true });
  await writeFile(EVALSET_PATH, labelled.map((row) => JSON.stringify(row)).join("\n") + "\n");
  const count = (f: (r: EvalRow) => boolean): number => rows.filter(f).length;
  console.log(
    `${rows.length} rows: ${count((r) => r.expected.length > 0)} positives, ${count((r) => r.expected.length === 0)} negatives (${count((r) => r.hard)} hard); test split ${count((r) => r.split === "test")} → ${EVALSET_PATH}`,
  );
}

if (process.argv[1]?.endsWith("evalset.ts") === true) await main();
