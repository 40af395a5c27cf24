/**
 * @module screening/org-words
 * Words that carry little evidence in a name: legal forms ("Corp.", "Co., Ltd"), generic business
 * words ("Trading", "Shipping", "Korea") and stop words (titles, articles, vessel prefixes).
 * Legal forms are compared through classes, so `Corp.` ≈ `Corporation`, and weigh little, following
 * the org-type handling of logic-v2 (`shared/reference/screening-anchors.md` §1.5: ORG_CLASS symbols,
 * low weight, never sufficient on their own). The Korean words inside English company names come from
 * `shared/reference/korean-names.md` §6 (unhaeng = bank, muyok = trade, Choson = Korea, ...).
 */

/** What a word is, for weighting. */
export type WordKind = "legal" | "generic" | "stop";

/** Legal-form classes: each spelling maps to its class name. */
const LEGAL: Readonly<Record<string, string>> = {
  corporation: "corp",
  corp: "corp",
  corpn: "corp",
  company: "co",
  co: "co",
  cie: "co",
  hoesa: "co",
  limited: "ltd",
  ltd: "ltd",
  incorporated: "inc",
  inc: "inc",
  llc: "llc",
  plc: "plc",
  jsc: "jsc",
  ojsc: "jsc",
  cjsc: "jsc",
  pjsc: "jsc",
  jv: "jv",
  gmbh: "gmbh",
  ag: "ag",
  sa: "sa",
  srl: "srl",
  bv: "bv",
  pte: "pte",
  bhd: "bhd",
  sdn: "sdn",
  llp: "llp",
  lp: "lp",
  fze: "fze",
  fzco: "fze",
  fzc: "fze",
};

/** Generic business and place words, with translation equivalents in one class. */
const GENERIC: Readonly<Record<string, string>> = {
  trading: "trade",
  trade: "trade",
  trdg: "trade",
  trader: "trade",
  traders: "trade",
  muyok: "trade",
  general: "general",
  genl: "general",
  gen: "general",
  international: "intl",
  intl: "intl",
  int: "intl",
  shipping: "shipping",
  shpg: "shipping",
  ship: "shipping",
  shipmanagement: "shipping",
  group: "group",
  holding: "holding",
  holdings: "holding",
  industrial: "industry",
  industry: "industry",
  industries: "industry",
  development: "development",
  dev: "development",
  associated: "associated",
  association: "associated",
  yonhap: "associated",
  united: "united",
  bank: "bank",
  banking: "bank",
  unhaeng: "bank",
  korea: "korea",
  korean: "korea",
  choson: "korea",
  chosun: "korea",
  dprk: "korea",
  commercial: "commercial",
  commerce: "commercial",
  technology: "technology",
  tech: "technology",
  technical: "technology",
  import: "import",
  export: "export",
  management: "management",
  maritime: "maritime",
  enterprise: "enterprise",
  enterprises: "enterprise",
  corporate: "enterprise",
  investment: "investment",
  investments: "investment",
  service: "service",
  services: "service",
  economic: "economic",
  cooperation: "cooperation",
  joint: "joint",
  venture: "venture",
  hong: "hong",
  kong: "kong",
  china: "china",
  chinese: "china",
  global: "global",
};

/** Titles, articles and vessel prefixes: dropped before matching. */
const STOP: ReadonlySet<string> = new Set([
  "the",
  "of",
  "and",
  "for",
  "a",
  "an",
  "mv",
  "mt",
  "ms",
  "mr",
  "mrs",
  "dr",
  "col",
  "gen",
  "lt",
  "maj",
  "capt",
  "prof",
  "sir",
  "hon",
  "sri",
  "al",
  "el",
]);

/** Classifies a folded token as a legal form, generic word, stop word or ordinary name word. */
export function wordKind(token: string, isPerson: boolean): { kind: WordKind | "name"; cls?: string } {
  if (isPerson) {
    // Only titles are noise in a person's name; "Han", "Hong", "Son" and "Gen" are real name parts.
    if (["mr", "mrs", "ms", "dr", "col", "lt", "maj", "capt", "prof", "sir"].includes(token)) {
      return { kind: "stop" };
    }
    return { kind: "name" };
  }
  // Own keys only: a name's word may be "constructor" or "toString", which every object inherits.
  const legal = Object.hasOwn(LEGAL, token) ? LEGAL[token] : undefined;
  if (legal !== undefined) return { kind: "legal", cls: legal };
  const generic = Object.hasOwn(GENERIC, token) ? GENERIC[token] : undefined;
  if (generic !== undefined) return { kind: "generic", cls: generic };
  if (STOP.has(token)) return { kind: "stop" };
  return { kind: "name" };
}
