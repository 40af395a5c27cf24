/**
 * @module lists/text
 * Small text helpers the readers share: whitespace as the lists pad it, and the script of a name.
 */
import type { DesignationName, NameQuality } from "../model/designation.js";

/** Trims and collapses runs of whitespace (the UN pads names, `" RI "`, and wraps long comments). */
export function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

const scripts: readonly (readonly [string, RegExp])[] = [
  ["Arabic", /\p{Script=Arabic}/u],
  ["Cyrillic", /\p{Script=Cyrillic}/u],
  ["Hangul", /\p{Script=Hangul}/u],
  ["Han", /\p{Script=Han}/u],
  ["Hiragana", /\p{Script=Hiragana}/u],
  ["Katakana", /\p{Script=Katakana}/u],
  ["Greek", /\p{Script=Greek}/u],
  ["Hebrew", /\p{Script=Hebrew}/u],
  ["Thai", /\p{Script=Thai}/u],
];

/**
 * The script of a name that is not written in Latin letters (`"Hangul"`, `"Han"`, `"Arabic"`, …), or
 * `undefined` for Latin names. A name that mixes Latin with another script ("Jin Tiesan (金铁三)") is
 * reported as Latin: the matcher reads its Latin part.
 */
export function scriptOf(name: string): string | undefined {
  if (/\p{Script=Latin}/u.test(name)) return undefined;
  return scripts.find(([, pattern]) => pattern.test(name))?.[0];
}

const rank: Readonly<Record<NameQuality, number>> = { primary: 0, good: 1, former: 2, low: 3 };

/** The same spelling listed twice (case aside) is kept once, with its best quality, where it first came. */
export function dedupeNames(names: readonly DesignationName[]): DesignationName[] {
  const kept = new Map<string, DesignationName>();
  for (const name of names) {
    const k = name.full.toLowerCase();
    const before = kept.get(k);
    if (before === undefined) kept.set(k, name);
    else if (rank[name.quality] < rank[before.quality]) kept.set(k, { ...before, ...name });
  }
  return [...kept.values()];
}
