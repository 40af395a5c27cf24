/**
 * @module screening/weights
 * Token weights from the loaded lists. A word that many listed entries share (KOREA, TRADING, BANK,
 * CO, MOHAMMED) tells little about which entry a name means, so matching it earns little and missing
 * it costs little; a word few entries carry (UNITED, a place, a rare given name) tells entries apart,
 * so a missing or extra one costs dearly. This is inverse document frequency over the entries of the
 * snapshots the screener is built from, as moov-io/watchman and yente weight their tokens
 * (`shared/reference/screening-anchors.md` §1.3, §2): nothing here is a hand-written word list, and the
 * weights move with the lists (a word common on OFAC's list is common only once OFAC is loaded).
 *
 * Spellings that `org-words.ts` puts in one class (`Corp.`/`Corporation`, `Choson`/`Korea`) count as
 * one word. Numbers are not weighed by frequency: a number always tells entries apart (`Office 39`).
 */
import { wordKind } from "./org-words.js";

/** Weight of a word no listed entry shares with another (and of a word not on the lists at all). */
export const MAX_WEIGHT = 1;
/** Floor, so that even the most common word keeps a trace of weight. */
export const MIN_WEIGHT = 0.12;
/** Legal forms weigh at most this, however rare: `JSC` tells little about who a company is. */
export const LEGAL_FORM_CAP = 0.25;

/** The key a token is counted under: its class when it has one, else its folded text. */
export function weightKey(text: string): string {
  const { cls } = wordKind(text, false);
  return cls === undefined ? text : `=${cls}`;
}

/** Frequencies of the words of the loaded entries, and the weights derived from them. */
export class TokenWeights {
  private readonly frequency = new Map<string, number>();
  private readonly cache = new Map<string, number>();
  private entries = 0;
  private sealed = false;

  /** Counts one listed entry (a person, entity or vessel) given the folded tokens of all its names. */
  addEntry(tokens: Iterable<string>): void {
    if (this.sealed) throw new Error("TokenWeights.addEntry after the first weight was read");
    this.entries += 1;
    const seen = new Set<string>();
    for (const token of tokens) {
      const key = weightKey(token);
      if (seen.has(key)) continue;
      seen.add(key);
      this.frequency.set(key, (this.frequency.get(key) ?? 0) + 1);
    }
  }

  /** Number of entries counted. */
  get size(): number {
    return this.entries;
  }

  /** How many entries carry the word (or a spelling of its class). */
  entriesWith(text: string): number {
    return this.frequency.get(weightKey(text)) ?? 0;
  }

  /**
   * The weight of a folded token in (0, 1]: `ln((N+1)/(df+1)) / ln((N+1)/2)`, so a word carried by one
   * entry weighs 1 and one carried by every entry weighs the floor. Legal forms are capped.
   */
  weight(text: string): number {
    this.sealed = true;
    const cached = this.cache.get(text);
    if (cached !== undefined) return cached;
    const n = this.entries;
    let weight = MAX_WEIGHT;
    if (n >= 2) {
      const df = this.entriesWith(text);
      const idf = Math.log((n + 1) / (df + 1)) / Math.log((n + 1) / 2);
      weight = Math.max(MIN_WEIGHT, Math.min(MAX_WEIGHT, idf));
    }
    if (wordKind(text, false).kind === "legal") weight = Math.min(weight, LEGAL_FORM_CAP);
    if (this.cache.size > 100_000) this.cache.clear();
    this.cache.set(text, weight);
    return weight;
  }
}
