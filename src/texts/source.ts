/**
 * @module texts/source
 * Where the rest of the engine gets the official texts from: the store's active set, as
 * `ResolutionText[]` with a version (a hash of which version of each symbol is active), so that an
 * answer resting on the texts can say which texts it read. The store comes in as the one method this
 * needs; `src/cli/text-source.ts` chooses between a folder and the store for the commands.
 */
import { createHash } from "node:crypto";
import type { ResolutionText } from "./model.js";

/** The official texts at hand, and which they are. */
export interface OfficialTexts {
  readonly texts: readonly ResolutionText[];
  /**
   * `sha256:` and the hash of the active set (each symbol and the SHA-256 of its file); for texts read
   * from a folder, the same over the folder's files. Changes whenever any text does.
   */
  readonly version: string;
}

/** What {@link loadOfficialTexts} reads: `store.texts` of `src/store`. */
export interface OfficialTextStore {
  active(): Promise<readonly { readonly sha256: string; readonly text: ResolutionText }[]>;
}

/** The version of a set of texts: the same set of files gives the same version, in any order. */
export function textsVersionOf(
  texts: readonly { readonly symbol: string; readonly sha256: string }[],
): string {
  const lines = texts.map((t) => `${t.symbol}\t${t.sha256}\n`).sort();
  return `sha256:${createHash("sha256").update(lines.join("")).digest("hex")}`;
}

/** The store's active texts (none imported: an empty set, with its version). */
export async function loadOfficialTexts(store: {
  readonly texts: OfficialTextStore;
}): Promise<OfficialTexts> {
  const active = await store.texts.active();
  return {
    texts: active.map((a) => a.text),
    version: textsVersionOf(active.map((a) => ({ symbol: a.text.symbol, sha256: a.sha256 }))),
  };
}

/** A source of the active texts that may change while it is used (the API's): asked per request. */
export interface OfficialTextSource {
  current(): Promise<OfficialTexts>;
}

/** A source that never changes (texts read once, or tests). */
export function fixedTexts(texts: OfficialTexts): OfficialTextSource {
  return { current: () => Promise.resolve(texts) };
}

/**
 * The store's texts, loaded again when `fingerprint` (one small query) says the active set changed,
 * asked at most every `refreshMs`: an import by the CLI or another instance is seen within that time.
 * A failed reload keeps what was loaded before; the first load must succeed.
 */
export function reloadingTexts(
  fingerprint: () => Promise<string>,
  load: () => Promise<OfficialTexts>,
  options: { readonly refreshMs?: number; readonly now?: () => number } = {},
): OfficialTextSource {
  const refreshMs = options.refreshMs ?? 1000;
  const now = options.now ?? Date.now;
  let held: { texts: OfficialTexts; print: string; at: number } | undefined;
  let pending: Promise<OfficialTexts> | undefined;
  const refresh = async (): Promise<OfficialTexts> => {
    try {
      const print = await fingerprint();
      if (held && held.print === print) {
        held.at = now();
        return held.texts;
      }
      const texts = await load();
      held = { texts, print, at: now() };
      return texts;
    } catch (error) {
      if (held) return held.texts;
      throw error;
    }
  };
  return {
    current() {
      if (held && now() - held.at < refreshMs) return Promise.resolve(held.texts);
      pending ??= refresh().finally(() => {
        pending = undefined;
      });
      return pending;
    },
  };
}
