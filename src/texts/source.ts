/**
 * @module texts/source
 * Where the rest of the engine gets the official texts from: the store's active set, as
 * `ResolutionText[]` with a version (a hash of which version of each symbol is active), so that an
 * answer resting on the texts can say which texts it read. The store comes in as the one method this
 * needs; `src/cli/text-source.ts` chooses between a folder and the store for the commands.
 */
import { createHash } from "node:crypto";
import type { ResolutionText } from "./model.js";
import type { TextFile } from "./sources.js";
import type { TextSummary } from "./view-schemas.js";

/** The official texts at hand, and which they are. */
export interface OfficialTexts {
  readonly texts: readonly ResolutionText[];
  /**
   * `sha256:` and the hash of the active set (each symbol and the SHA-256 of its file); for texts read
   * from a folder, the same over the folder's files. Changes whenever any text does.
   */
  readonly version: string;
  /** What each text is (source file, hash, import date), in the order of `texts`. */
  readonly summaries: readonly TextSummary[];
}

/** What {@link loadOfficialTexts} reads: `store.texts` of `src/store`. */
export interface OfficialTextStore {
  active(): Promise<readonly { readonly summary: TextSummary; readonly text: ResolutionText }[]>;
}

/** The version of a set of texts: the same set of files gives the same version, in any order. */
export function textsVersionOf(
  texts: readonly { readonly symbol: string; readonly sha256: string }[],
): string {
  const lines = texts.map((t) => `${t.symbol}\t${t.sha256}\n`).sort();
  return `sha256:${createHash("sha256").update(lines.join("")).digest("hex")}`;
}

/** No texts at all (nothing imported). */
export const NO_OFFICIAL_TEXTS: OfficialTexts = { texts: [], version: textsVersionOf([]), summaries: [] };

/** Texts read from files (a folder named with `--texts`), as a set: read at `readAt`, never stored. */
export function textsOfFiles(files: readonly TextFile[], readAt: Date = new Date()): OfficialTexts {
  const summaries = files.map((f): TextSummary => ({
    symbol: f.text.symbol,
    adopted: f.text.adopted ?? null,
    title: f.text.title ?? null,
    paragraphs: f.text.paragraphs.length,
    annexes: f.text.annexes?.length ?? 0,
    source: f.source,
    sha256: f.sha256,
    importedAt: readAt.toISOString(),
    active: true,
  }));
  return { texts: files.map((f) => f.text), version: textsVersionOf(summaries), summaries };
}

/** The store's active texts (none imported: an empty set, with its version). */
export async function loadOfficialTexts(store: {
  readonly texts: OfficialTextStore;
}): Promise<OfficialTexts> {
  const active = await store.texts.active();
  return {
    texts: active.map((a) => a.text),
    version: textsVersionOf(active.map((a) => a.summary)),
    summaries: active.map((a) => a.summary),
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
