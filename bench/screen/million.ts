/**
 * Latency per query on a synthetic list of one million names (default; `--names N` to change):
 * 60% Korean person names spelt in the DPRK, MR or RR system, 25% other person names, 15% company
 * names. Queries are 2,000 spelling variants of listed names plus 2,000 names that are not listed.
 * Reports build time, heap, and per-query latency (mean, p50, p95, p99) on one core.
 *
 *   node --max-old-space-size=8192 --import tsx bench/screen/million.ts
 */
import type { Designation, ListSnapshot } from "../../src/model/designation.js";
import { createScreener } from "../../src/screening/index.js";

const args = process.argv.slice(2);
const sizeArg = args.indexOf("--names");
const SIZE = sizeArg >= 0 ? Number(args[sizeArg + 1]) : 1_000_000;

let seed = 7;
function random(): number {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const SURNAMES = [
  ...Array<string>(20).fill("Kim"),
  ...Array<string>(14).fill("Ri"),
  ...Array<string>(8).fill("Pak"),
  "Choe",
  "Choe",
  "Jong",
  "Jong",
  "Kang",
  "Kang",
  "Cho",
  "Jang",
  "Han",
  "O",
  "Yun",
  "Ryu",
  "Hwang",
  "Mun",
  "Paek",
  "Son",
  "Ko",
  "Hyon",
  "Sin",
  "Rim",
  "Ro",
  "Ra",
  "Ju",
  "Jon",
  "Min",
  "Song",
  "Pae",
  "Hong",
  "Yang",
];
const SYLLABLES = [
  "chol",
  "song",
  "yong",
  "il",
  "nam",
  "su",
  "ho",
  "jin",
  "hyok",
  "kwang",
  "myong",
  "kyong",
  "sok",
  "min",
  "chun",
  "un",
  "jong",
  "hui",
  "sik",
  "kil",
  "ok",
  "mu",
  "ryong",
  "gwang",
  "tae",
  "hun",
  "won",
  "chang",
  "hak",
  "sam",
  "pom",
  "bong",
  "dok",
  "ung",
  "yop",
  "chan",
  "hwa",
  "rim",
  "kuk",
  "thae",
  "myon",
  "ju",
];
const RR: Readonly<Record<string, string>> = {
  chol: "cheol",
  song: "seong",
  yong: "yeong",
  hyok: "hyeok",
  myong: "myeong",
  kyong: "gyeong",
  sok: "seok",
  un: "eun",
  jong: "jeong",
  kwang: "gwang",
  kil: "gil",
  pom: "beom",
};
const FIRST = [
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
  "Sara",
  "David",
  "Lucia",
  "Omar",
  "Elena",
  "Yusuf",
  "Nadia",
  "Pavel",
];
const LAST = [
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
  "Novak",
  "Rossi",
  "Muller",
  "Haddad",
  "Costa",
  "Sato",
  "Kowalski",
  "Nguyen",
];
const WORDS = [
  "Ocean",
  "Star",
  "Golden",
  "Pine",
  "Eastern",
  "Pacific",
  "Unity",
  "Dragon",
  "Phoenix",
  "Summit",
  "Harbor",
  "Victory",
  "Crystal",
  "Silver",
  "Horizon",
  "Daedong",
  "Taesong",
  "Kumsan",
  "Ryonbong",
  "Moranbong",
];
const KINDS = ["Trading", "Shipping", "Industrial", "Mining", "Logistics", "Energy", "Marine", "Technology"];
const LEGAL = ["Co., Ltd.", "Corporation", "Limited", "LLC", "Company", "Corp."];

function koreanName(): string {
  const given = random() < 0.9 ? [pick(SYLLABLES), pick(SYLLABLES)] : [pick(SYLLABLES)];
  const style = random();
  if (style < 0.5) return `${pick(SURNAMES).toUpperCase()} ${given.join(" ").toUpperCase()}`;
  if (style < 0.8)
    return `${pick(SURNAMES)} ${given.map((g, i) => (i === 0 ? (g[0] ?? "").toUpperCase() + g.slice(1) : g)).join("-")}`;
  return `${pick(SURNAMES)} ${given.map((g) => RR[g] ?? g).join("")}`;
}
function otherName(): string {
  return `${pick(FIRST)} ${random() < 0.3 ? pick(FIRST) + " " : ""}${pick(LAST)}${random() < 0.5 ? "-" + pick(LAST) : ""}`;
}
function companyName(): string {
  return `${pick(WORDS)} ${random() < 0.5 ? pick(WORDS) + " " : ""}${pick(KINDS)} ${pick(LEGAL)}`;
}

const designations: Designation[] = [];
const names: string[] = [];
for (let i = 0; i < SIZE; i += 1) {
  const r = random();
  const kind = r < 0.85 ? "person" : "entity";
  const name = r < 0.6 ? koreanName() : r < 0.85 ? otherName() : companyName();
  names.push(name);
  designations.push({
    ref: `SYN.${i}`,
    list: "SYN",
    programmes: ["SYN"],
    kind,
    names: [{ full: name, quality: "primary" }],
    birthDates: [],
    nationalities: [],
    identifiers: [],
  });
}
const snapshot: ListSnapshot = {
  id: "synthetic",
  source: "synthetic",
  list: "SYN",
  importedAt: new Date(0).toISOString(),
  counts: { persons: 0, entities: 0, vessels: 0, names: SIZE },
  designations,
};

const buildStart = performance.now();
const screener = createScreener([snapshot]);
const buildSeconds = (performance.now() - buildStart) / 1000;
const heapMb = process.memoryUsage().heapUsed / 1e6;

function variant(name: string): string {
  const tokens = name.toLowerCase().split(/[\s-]+/u);
  if (tokens.length >= 3 && random() < 0.5) return `${tokens.slice(1).join("")} ${tokens[0] ?? ""}`;
  return tokens.map((t) => RR[t] ?? t).join(" ");
}
const queries: string[] = [];
for (let i = 0; i < 2000; i += 1) queries.push(variant(pick(names)));
for (let i = 0; i < 1000; i += 1) queries.push(koreanName());
for (let i = 0; i < 1000; i += 1) queries.push(`${pick(FIRST)} ${pick(LAST)}son`);

for (const q of queries.slice(0, 200)) screener.screen({ name: q });
const times: number[] = [];
let hits = 0;
for (const q of queries) {
  const start = performance.now();
  const matches = screener.screen({ name: q });
  times.push(performance.now() - start);
  if (matches.length > 0) hits += 1;
}
times.sort((a, b) => a - b);
const at = (p: number): number => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
const mean = times.reduce((a, b) => a + b, 0) / times.length;
console.log(
  `${SIZE.toLocaleString("en")} names: build ${buildSeconds.toFixed(1)} s, heap ${heapMb.toFixed(0)} MB; ` +
    `${queries.length} queries: mean ${mean.toFixed(2)} ms, p50 ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, ` +
    `p99 ${at(0.99).toFixed(2)} ms; ${hits} queries with a match ≥ review`,
);
