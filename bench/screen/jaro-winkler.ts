/**
 * A Jaro-Winkler token matcher, the baseline moov-io/watchman stands for (`shared/reference/
 * screening-anchors.md` §2): names folded to lower-case ASCII words, each query word paired with its
 * most similar listed word by Jaro-Winkler, both directions averaged with weights by word length, every
 * listed name compared (no index). Written here rather than taken from npm so that the comparison
 * depends on nothing but this file; it has no Korean, legal-form or particle knowledge on purpose.
 */
import anyAscii from "any-ascii";

/** Jaro-Winkler similarity of two strings (prefix scale 0.1, at most 4 prefix letters). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const matchedA = new Uint8Array(la);
  const matchedB = new Uint8Array(lb);
  let matches = 0;
  for (let i = 0; i < la; i += 1) {
    const from = Math.max(0, i - window);
    const to = Math.min(lb - 1, i + window);
    for (let j = from; j <= to; j += 1) {
      if (matchedB[j] === 1 || a.charCodeAt(i) !== b.charCodeAt(j)) continue;
      matchedA[i] = 1;
      matchedB[j] = 1;
      matches += 1;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i += 1) {
    if (matchedA[i] !== 1) continue;
    while (matchedB[k] !== 1) k += 1;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions += 1;
    k += 1;
  }
  const jaro = (matches / la + matches / lb + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a[prefix] === b[prefix]) prefix += 1;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Lower-case ASCII words of a name (any script through any-ascii, punctuation as spaces). */
export function words(name: string): string[] {
  return anyAscii(name.normalize("NFKC"))
    .toLowerCase()
    .replace(/['’`]/gu, "")
    .split(/[^a-z0-9]+/u)
    .filter((word) => word !== "");
}

function directed(from: readonly string[], to: readonly string[]): number {
  let sum = 0;
  let weight = 0;
  for (const word of from) {
    let best = 0;
    for (const other of to) {
      const score = jaroWinkler(word, other);
      if (score > best) best = score;
    }
    sum += best * word.length;
    weight += word.length;
  }
  return weight === 0 ? 0 : sum / weight;
}

/** Similarity of two names in [0, 1]: the mean of both directions of best word pairs. */
export function tokenJaroWinkler(query: readonly string[], listed: readonly string[]): number {
  return (directed(query, listed) + directed(listed, query)) / 2;
}

/** A brute-force matcher over listed names: the best score per reference. */
export class JaroWinklerMatcher {
  private readonly names: { ref: string; person: boolean; words: string[] }[];

  constructor(items: readonly { ref: string; name: string; person: boolean }[]) {
    this.names = items.map((item) => ({ ref: item.ref, person: item.person, words: words(item.name) }));
  }

  /** Best score per reference among names of the same kind (person or not). */
  search(name: string, person: boolean): Map<string, number> {
    const query = words(name);
    const best = new Map<string, number>();
    for (const item of this.names) {
      if (item.person !== person) continue;
      const score = tokenJaroWinkler(query, item.words);
      if (score >= 0.5 && score > (best.get(item.ref) ?? 0)) best.set(item.ref, score);
    }
    return best;
  }
}
