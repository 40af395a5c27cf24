/**
 * @module screening/blocking
 * Candidate generation ("blocking") so that large lists stay fast: an inverted index from keys of
 * each name token to the names that contain it, then a bounded candidate set for the scorer.
 * Keys per token: the folded text (`s:`), its Korean syllable symbols (`k:` romanisation key and
 * `c:` variant class, also for each syllable of a joined token, so `Jongun` finds `Jong Un`), its
 * legal-form or generic-word class (`g:`), one-deletion keys for typos (`d:`, symmetric-delete style),
 * and a Double Metaphone key (`m:`) for longer non-Korean words. Keys that are too common (a surname
 * like Kim on a million-name list) are skipped while rarer keys of the query remain, as watchman and
 * yente do with their token indexes (`shared/reference/screening-anchors.md` §1.3, §2.2).
 */
import { doubleMetaphone } from "double-metaphone";
import { wordKind } from "./org-words.js";
import { isSyllable, segmentations, syllableSymbols } from "./syllables.js";

/** Retrieval keys of one folded token: exact ones (text, class, syllable symbols) and fuzzy ones. */
export interface TokenKeys {
  readonly exact: readonly string[];
  /** One-deletion keys and the Double Metaphone key: only looked up when the text itself is unknown. */
  readonly fuzzy: readonly string[];
}

const keyCache = new Map<string, TokenKeys>();

/** Retrieval keys of one folded token. The same function serves names and queries. */
export function tokenKeys(text: string): TokenKeys {
  const cached = keyCache.get(text);
  if (cached) return cached;
  const keys = new Set<string>([`s:${text}`]);
  const { cls } = wordKind(text, false);
  if (cls !== undefined) keys.add(`g:${cls}`);
  const single = syllableSymbols(text);
  if (single) for (const symbol of single) keys.add(symbol);
  if (!isSyllable(text)) {
    for (const pieces of segmentations(text)) {
      for (const piece of pieces) for (const symbol of syllableSymbols(piece) ?? []) keys.add(symbol);
    }
  }
  const fuzzy = new Set<string>();
  if (text.length >= 3 && !/[0-9]/u.test(text)) {
    fuzzy.add(`d:${text}`);
    for (let i = 0; i < text.length; i += 1) fuzzy.add(`d:${text.slice(0, i)}${text.slice(i + 1)}`);
  }
  if (text.length >= 5 && single === undefined) {
    const [primary] = doubleMetaphone(text);
    if (primary.length >= 3) fuzzy.add(`m:${primary}`);
  }
  const result = { exact: [...keys], fuzzy: [...fuzzy] };
  if (keyCache.size > 200_000) keyCache.clear();
  keyCache.set(text, result);
  return result;
}

/**
 * A key held by more names than this (at least 250, else 1% of the names) is too common to read while
 * a rarer key of the query can carry it: on UN and OFAC together (23,000 names) that is `kim`, `al`
 * and `mohammad`, and the one-deletion keys of such words.
 */
const COMMON_KEY_FLOOR = 250;
const COMMON_KEY_SHARE = 0.01;

/** Options of the candidate search. */
export interface CandidateOptions {
  /** At most this many names go to the scorer. */
  readonly maxCandidates: number;
}

/** An inverted index over name tokens. Names are numbered in the order they are added. */
export class BlockingIndex {
  /** `weightOf` ranks candidates: a name earns each query token's weight (`weights.ts`). */
  constructor(private readonly weightOf: (text: string) => number = () => 1) {}

  private building: Map<string, number[]> | undefined = new Map();
  private postings = new Map<string, Int32Array>();
  private readonly postingsByText = new Map<string, readonly Int32Array[]>();
  private count = 0;
  private scores = new Float32Array(0);
  private stamps = new Int32Array(0);
  private stamp = 0;
  /** Counters for benchmarks: queries, names touched in postings, names returned. */
  readonly stats = { queries: 0, touched: 0, returned: 0 };

  /** Adds a name given as folded tokens; returns its number. */
  add(tokens: readonly string[]): number {
    const building = this.building;
    if (!building) throw new Error("BlockingIndex.add after freeze");
    const id = this.count;
    this.count += 1;
    for (const token of tokens) {
      const { exact, fuzzy } = tokenKeys(token);
      for (const keys of [exact, fuzzy]) {
        for (const key of keys) {
          const list = building.get(key);
          // Names are numbered in order: a key this name already holds ends its list.
          if (list === undefined) building.set(key, [id]);
          else if (list[list.length - 1] !== id) list.push(id);
        }
      }
    }
    return id;
  }

  /** Compacts the postings; no names can be added afterwards. */
  freeze(): void {
    if (!this.building) return;
    for (const [key, list] of this.building) this.postings.set(key, Int32Array.from(list));
    this.building = undefined;
    this.scores = new Float32Array(this.count);
    this.stamps = new Int32Array(this.count).fill(-1);
  }

  /**
   * The postings a query token reads, by its text (the index no longer changes once frozen, and
   * queries repeat their words). A token some listed name spells exactly is taken as spelt right:
   * its typo keys stay unread.
   */
  private postingsOf(text: string): readonly Int32Array[] {
    const cached = this.postingsByText.get(text);
    if (cached) return cached;
    const { exact, fuzzy } = tokenKeys(text);
    const keys = this.postings.has(`s:${text}`) ? exact : exact.concat(fuzzy);
    const lists: Int32Array[] = [];
    for (const key of keys) {
      const list = this.postings.get(key);
      if (list !== undefined) lists.push(list);
    }
    if (this.postingsByText.size > 100_000) this.postingsByText.clear();
    this.postingsByText.set(text, lists);
    return lists;
  }

  /** Number of names indexed. */
  get size(): number {
    return this.count;
  }

  /**
   * Names that share keys with the query tokens, best first, at most `maxCandidates`. A name earns
   * each query token's weight once, whichever of the token's keys it shares.
   */
  candidates(tokens: readonly string[], options: CandidateOptions): number[] {
    this.freeze();
    const cap = Math.max(COMMON_KEY_FLOOR, Math.floor(this.count * COMMON_KEY_SHARE));
    const perToken = tokens.map((text) => ({ weight: this.weightOf(text), lists: this.postingsOf(text) }));
    const anyRare = perToken.some((entry) => entry.lists.some((list) => list.length <= cap));
    const touched: number[] = [];
    const scores = this.scores;
    const stamps = this.stamps;
    for (const entry of perToken) {
      this.stamp += 1;
      const stamp = this.stamp;
      for (const list of entry.lists) {
        // Common keys are skipped while a rarer key can carry the query; otherwise a bounded prefix.
        const limit = list.length <= cap ? list.length : anyRare ? 0 : cap;
        for (let k = 0; k < limit; k += 1) {
          const id = list[k] ?? 0;
          if (stamps[id] === stamp) continue;
          if (stamps[id] === -1) {
            touched.push(id);
            scores[id] = 0;
          }
          stamps[id] = stamp;
          scores[id] = (scores[id] ?? 0) + entry.weight;
        }
      }
    }
    let best = 0;
    for (const id of touched) best = Math.max(best, scores[id] ?? 0);
    // A name that shares too little of the query's weight cannot reach a review score.
    let total = 0;
    for (const entry of perToken) total += entry.weight;
    const floor = Math.min(best, Math.max(best * 0.6, total * 0.5));
    let result = touched.filter((id) => (scores[id] ?? 0) >= floor);
    if (result.length > options.maxCandidates) {
      result.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
      result = result.slice(0, options.maxCandidates);
    }
    for (const id of touched) stamps[id] = -1;
    this.stats.queries += 1;
    this.stats.touched += touched.length;
    this.stats.returned += result.length;
    return result;
  }
}
