/**
 * Synthetic goods activities for the `sanctions check` benchmark: real HS codes (read at run time from
 * the HS 2017 and HS 2022 nomenclatures, HS 2017 for dates before 2022 and HS 2022 from then on), often
 * with a national extension (8 to 10 digits, written with dots or without), dates 2006–2026, flows
 * between the DPRK, China, Russia and other States (about half of them touch KP), some re-exports of
 * DPRK-origin goods, and descriptions, quantities, contract dates, parties and vessels on a share of
 * the rows. Deterministic: the same seed and row count give the same bytes.
 *
 *   node --import tsx bench/check/generate.ts --rows 100000 --format jsonl --out bench/out/check-100k.jsonl
 *
 * Options: --rows N (default 100000), --format jsonl|csv (default jsonl), --out FILE (default
 * bench/out/check-<rows>.<format>), --seed N (default 20260523), --hs-dir DIR (default
 * ../shared/data/hs next to the repository, or $SANCTIONS_BENCH_HS_DIR), --distinct-parties.
 *
 * Party names are drawn from a small vocabulary (240 names), so they repeat as a trader's
 * counterparties do. With --distinct-parties each party name also carries a made-up word of its own
 * (`Kim Chol Bodeliru`, `Haesong Vakimotu Trading Co., Ltd.`), so that no two are alike and a
 * screener's answer cache never helps; everything else is the same file, draw for draw.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { once } from "node:events";
import { parse } from "csv-parse/sync";

export const GENERATOR = "check-activities/1";
export const DEFAULT_SEED = 20260523;
const repoRoot = resolve(import.meta.dirname, "..", "..");

export interface GenerateOptions {
  readonly rows: number;
  readonly format: "jsonl" | "csv";
  readonly out: string;
  readonly seed?: number;
  readonly hsDir?: string;
  /** Every party name different from every other (see the module comment). */
  readonly distinctParties?: boolean;
}

const COINED_ONSETS = "bdfgklmnprstvz";
const COINED_VOWELS = "aeiou";
/** Made-up words of four consonant-vowel syllables: 70^4 of them. */
const COINED_WORDS = (COINED_ONSETS.length * COINED_VOWELS.length) ** 4;
/** Coprime with COINED_WORDS (2^4 · 5^4 · 7^4), so that n ↦ n · STRIDE mod COINED_WORDS is one to one. */
const COINED_STRIDE = 9_999_991;

/** A made-up word, different for each n below 70^4, and scattered so that neighbours look unlike. */
export function coinedWord(n: number): string {
  let rest = (n * COINED_STRIDE) % COINED_WORDS;
  let word = "";
  for (let syllable = 0; syllable < 4; syllable++) {
    const index = rest % (COINED_ONSETS.length * COINED_VOWELS.length);
    rest = Math.floor(rest / (COINED_ONSETS.length * COINED_VOWELS.length));
    word +=
      (COINED_ONSETS[Math.floor(index / COINED_VOWELS.length)] ?? "") +
      (COINED_VOWELS[index % COINED_VOWELS.length] ?? "");
  }
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** The CSV columns, in order; `parties` holds JSON, `vessel.*` nest. */
export const CSV_COLUMNS = [
  "id",
  "type",
  "date",
  "hs",
  "from",
  "to",
  "origin",
  "port",
  "description",
  "quantity",
  "unit",
  "value",
  "currency",
  "contractDate",
  "parties",
  "vessel.name",
  "vessel.imo",
  "vessel.flag",
] as const;

// --- seeded PRNG (mulberry32) ----------------------------------------------------------------------

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// --- HS nomenclatures --------------------------------------------------------------------------------

interface HsEntry {
  readonly code: string;
  readonly label: string;
}

interface Nomenclature {
  /** Six-digit subheadings, all chapters. */
  readonly all: readonly HsEntry[];
  /** Six-digit subheadings in the chapters DPRK trade and the regime revolve around. */
  readonly focus: readonly HsEntry[];
}

/** Chapters that DPRK trade, and the sanctions on it, revolve around: fish, ores, fuel, textiles, metals, machinery, vehicles. */
const FOCUS_CHAPTERS = new Set([
  "03", "16", "25", "26", "27", "44", "52", "54", "55", "61", "62", "63", "71", "72", "73", "76", "84",
  "85", "87", "88", "89", "93",
]); // prettier-ignore

export function defaultHsDir(): string {
  return process.env.SANCTIONS_BENCH_HS_DIR ?? resolve(repoRoot, "..", "shared", "data", "hs");
}

function loadNomenclature(path: string): Nomenclature {
  if (!existsSync(path)) {
    throw new Error(`cannot find ${path}: pass --hs-dir (the directory of hs2017.csv and hs2022.csv)`);
  }
  const rows = parse<Record<string, string>>(readFileSync(path), { columns: true, skip_empty_lines: true });
  const all: HsEntry[] = [];
  for (const row of rows) {
    const code = row.hscode ?? "";
    if (row.level === "6" && /^\d{6}$/.test(code)) all.push({ code, label: row.description ?? "" });
  }
  if (all.length === 0) throw new Error(`${path} holds no six-digit subheadings`);
  return { all, focus: all.filter((entry) => FOCUS_CHAPTERS.has(entry.code.slice(0, 2))) };
}

// --- vocabulary ----------------------------------------------------------------------------------------

/** Weighted [country, weight] for the other side of a flow. */
const PARTNERS: readonly (readonly [string, number])[] = [
  ["CN", 40], ["RU", 15], ["HK", 5], ["SG", 4], ["JP", 3], ["KR", 3], ["US", 3], ["DE", 3], ["NL", 2],
  ["MY", 2], ["TH", 2], ["VN", 2], ["IN", 2], ["AE", 2], ["TW", 2], ["MN", 2], ["ID", 1], ["TR", 1],
  ["PK", 1], ["IR", 1], ["SY", 1], ["EG", 1], ["BR", 1], ["PA", 1], ["SL", 1], ["TG", 1],
]; // prettier-ignore
const PARTNER_TOTAL = PARTNERS.reduce((sum, [, weight]) => sum + weight, 0);

const CURRENCIES = ["USD", "USD", "USD", "CNY", "CNY", "EUR", "RUB", "JPY", "HKD"];
const UNITS = ["kg", "kg", "kg", "t", "t", "pcs", "bbl", "l", "m", "m2", "set"];
const PORTS = ["Nampo", "Dalian", "Dandong", "Vladivostok", "Nakhodka", "Rason", "Chongjin", "Busan"];
const ROLES = ["buyer", "seller", "consignee", "shipper", "notify", "carrier", "broker"];
const SURNAMES = [
  "Kim",
  "Ri",
  "Pak",
  "Choe",
  "Jong",
  "Kang",
  "Han",
  "Wang",
  "Li",
  "Zhang",
  "Ivanov",
  "Petrov",
];
const GIVEN = ["Chol", "Song Il", "Yong Ho", "Myong", "Wei", "Jun", "Hua", "Sergei", "Alexei", "Kwang"];
const COMPANIES = [
  "Trading Co., Ltd.", "General Corporation", "Import & Export Co.", "Shipping LLC", "Industrial Group",
  "Logistics Ltd", "Mining Company", "Fisheries Co.", "Machinery Works", "Petroleum Trading",
]; // prettier-ignore
const COMPANY_STEMS = [
  "Korea Ryonbong", "Dandong Hongxiang", "Sino-Ocean", "Haesong", "Primorye", "Kwangmyong", "Golden Star",
  "Far East", "Amnok River", "Pacific Bridge", "Northern Lights", "Chosun",
]; // prettier-ignore
const VESSELS = [
  "Sea Star",
  "Chon Ma San",
  "Yu Jong 2",
  "Ocean Pearl",
  "Xin Yuan 18",
  "Wan Heng 11",
  "Rye Song Gang 1",
];
const FREE_TEXT = [
  "frozen", "assorted", "used", "new", "for civilian use", "spare parts", "in bulk", "packed in bags",
  "for hospital", "for agricultural use", "second-hand", "under contract of the previous year",
]; // prettier-ignore

// --- one activity --------------------------------------------------------------------------------------

/** Unix day numbers of 2006-01-01 and 2026-12-31. */
const FIRST_DAY = Date.UTC(2006, 0, 1) / 86_400_000;
const LAST_DAY = Date.UTC(2026, 11, 31) / 86_400_000;
const HS2022_FROM = Date.UTC(2022, 0, 1) / 86_400_000;

const isoDay = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);

export type GoodsRecord = Record<string, unknown>;

export function createActivityGenerator(
  hs2017: Nomenclature,
  hs2022: Nomenclature,
  seed: number,
  distinctParties = false,
): (index: number) => GoodsRecord {
  const random = prng(seed);
  const chance = (p: number): boolean => random() < p;
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const partner = (): string => {
    let roll = random() * PARTNER_TOTAL;
    for (const [code, weight] of PARTNERS) {
      roll -= weight;
      if (roll < 0) return code;
    }
    return "CN";
  };
  const digits = (count: number): string => {
    let text = "";
    for (let i = 0; i < count; i++) text += String(int(0, 9));
    return text;
  };
  /** As declarations write it: 030211, 0302.11, 0302.11.90, 03021190, 8703.23.1910. */
  const declared = (code: string): string => {
    const drawn = chance(0.6) ? digits(pick([2, 2, 3, 4])) : "";
    // National lines have 8 or 10 digits (an odd count reads as a lost leading zero and is refused);
    // a 3-digit draw is padded rather than redrawn, so that the seeded stream stays the same.
    const extension = drawn.length === 3 ? `${drawn}0` : drawn;
    const full = code + extension;
    if (chance(0.5)) return full;
    const parts = [full.slice(0, 4), full.slice(4, 6)];
    if (extension.length > 0) parts.push(full.slice(6, 8));
    if (extension.length > 2) parts.push(full.slice(8));
    return parts.join(".");
  };
  // The made-up word takes no draw from the seeded stream: the rest of the file stays the same.
  let parties = 0;
  const coined = (): string => coinedWord((parties += 1));
  const person = (): string =>
    distinctParties ? `${pick(SURNAMES)} ${pick(GIVEN)} ${coined()}` : `${pick(SURNAMES)} ${pick(GIVEN)}`;
  const company = (): string =>
    distinctParties
      ? `${pick(COMPANY_STEMS)} ${coined()} ${pick(COMPANIES)}`
      : `${pick(COMPANY_STEMS)} ${pick(COMPANIES)}`;

  return (index) => {
    const day = int(FIRST_DAY, LAST_DAY);
    const date = isoDay(day);
    const nomenclature = day >= HS2022_FROM ? hs2022 : hs2017;
    const entry = pick(chance(0.45) ? nomenclature.focus : nomenclature.all);

    // About 28% from the DPRK, 22% to it, 6% re-exports of DPRK-origin goods, the rest elsewhere.
    const roll = random();
    let from: string;
    let to: string;
    let origin: string | undefined;
    if (roll < 0.28) {
      from = "KP";
      to = partner();
    } else if (roll < 0.5) {
      from = partner();
      to = "KP";
    } else if (roll < 0.56) {
      from = pick(["CN", "CN", "RU", "HK", "SG", "MY"]);
      to = partner();
      origin = "KP";
    } else {
      from = partner();
      do to = partner();
      while (to === from);
      if (chance(0.1)) origin = partner();
    }

    const record: GoodsRecord = { id: `A${String(index + 1).padStart(8, "0")}`, type: "goods", date };
    record.hs = declared(entry.code);
    record.from = from;
    record.to = to;
    if (origin !== undefined) record.origin = origin;
    if (chance(0.35)) {
      const label = entry.label.length > 90 ? entry.label.slice(0, 90) : entry.label;
      record.description = chance(0.4) ? `${label}, ${pick(FREE_TEXT)}` : label;
    }
    if (chance(0.6)) {
      record.quantity = int(1, 50_000);
      record.unit = pick(UNITS);
      record.value = Math.round(random() * 2_000_000_00) / 100;
      record.currency = pick(CURRENCIES);
    }
    if (chance(0.15)) record.contractDate = isoDay(Math.max(FIRST_DAY, day - int(0, 400)));
    if (chance(0.1)) {
      const parties: Record<string, unknown>[] = [];
      for (let i = int(1, 3); i > 0; i--) {
        const party: Record<string, unknown> = {
          name: chance(0.6) ? company() : person(),
          role: pick(ROLES),
        };
        if (chance(0.7)) party.country = pick([from, to, "CN", "KP", "RU"]);
        parties.push(party);
      }
      record.parties = parties;
    }
    if (chance(0.05)) {
      record.vessel = {
        name: pick(VESSELS),
        imo: `${int(8, 9)}${digits(6)}`,
        flag: pick(["KP", "PA", "SL", "TG", "CN", "RU", "MN"]),
      };
      record.port = pick(PORTS);
    }
    return record;
  };
}

// --- output --------------------------------------------------------------------------------------------

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return "";
  const text = typeof value === "string" || typeof value === "number" ? String(value) : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(record: GoodsRecord): string {
  const vessel = record.vessel as Record<string, unknown> | undefined;
  return CSV_COLUMNS.map((column) =>
    csvCell(column.startsWith("vessel.") ? vessel?.[column.slice(7)] : record[column]),
  ).join(",");
}

/** Writes the file; returns its size in bytes. */
export async function generate(options: GenerateOptions): Promise<number> {
  const hsDir = options.hsDir ?? defaultHsDir();
  const generator = createActivityGenerator(
    loadNomenclature(join(hsDir, "hs2017.csv")),
    loadNomenclature(join(hsDir, "hs2022.csv")),
    options.seed ?? DEFAULT_SEED,
    options.distinctParties ?? false,
  );
  mkdirSync(dirname(options.out), { recursive: true });
  const out = createWriteStream(options.out);
  let bytes = 0;
  let buffer = options.format === "csv" ? CSV_COLUMNS.join(",") + "\n" : "";
  for (let i = 0; i < options.rows; i++) {
    const record = generator(i);
    buffer += (options.format === "csv" ? csvRow(record) : JSON.stringify(record)) + "\n";
    if (buffer.length > 1 << 20) {
      bytes += Buffer.byteLength(buffer);
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  bytes += Buffer.byteLength(buffer);
  out.end(buffer);
  await once(out, "finish");
  return bytes;
}

function parseArgs(argv: readonly string[]): GenerateOptions {
  const value = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const rows = Number(value("--rows") ?? 100_000);
  if (!Number.isInteger(rows) || rows < 1) throw new Error("--rows must be a positive integer");
  const format = value("--format") ?? "jsonl";
  if (format !== "jsonl" && format !== "csv") throw new Error("--format must be jsonl or csv");
  const seed = Number(value("--seed") ?? DEFAULT_SEED);
  const hsDir = value("--hs-dir");
  const distinctParties = argv.includes("--distinct-parties");
  const name = `check-${rows}${distinctParties ? "-distinct" : ""}.${format}`;
  return {
    rows,
    format,
    out: value("--out") ?? join(repoRoot, "bench", "out", name),
    seed,
    ...(hsDir ? { hsDir } : {}),
    ...(distinctParties ? { distinctParties } : {}),
  };
}

if (import.meta.filename === process.argv[1]) {
  const options = parseArgs(process.argv.slice(2));
  const bytes = await generate(options);
  process.stderr.write(
    `${GENERATOR} seed ${options.seed ?? DEFAULT_SEED}: ${options.rows} rows, ${bytes} bytes → ${options.out}\n`,
  );
}
