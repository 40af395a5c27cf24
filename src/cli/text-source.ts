/**
 * @module cli/text-source
 * The commands' one way to the official texts, in this order: the `--texts DIR` option (a folder or a
 * file of the UN's Akoma Ntoso texts, read as they are), then `SANCTIONS_TEXTS_DIR`, then the active
 * set stored by `sanctions texts import`. A folder named is read each time and never stored; the store
 * is opened only when it may hold something (`withStoreIfAny`), so that a command with nothing stored
 * creates no database.
 */
import { readTextSource, type TextFileFailure } from "../texts/sources.js";
import { loadOfficialTexts, NO_OFFICIAL_TEXTS, textsOfFiles, type OfficialTexts } from "../texts/source.js";
import { withStoreIfAny } from "./store-source.js";

/** Where the texts came from. */
export type TextsOrigin = "option" | "env" | "store";

/** The texts a command works with, where they came from, and the files of a folder that were skipped. */
export interface ResolvedTexts extends OfficialTexts {
  readonly origin: TextsOrigin;
  /** The folder or file, for `option` and `env`. */
  readonly path?: string;
  readonly failures: readonly TextFileFailure[];
}

/** What a user is told when no text is at hand. */
export const NO_TEXTS_HINT =
  "no official texts: import them with `sanctions texts import DIR|FILE|URL` (the UN's Akoma Ntoso files), " +
  "or pass --texts DIR or set SANCTIONS_TEXTS_DIR";

/**
 * The official texts: from `option`, `SANCTIONS_TEXTS_DIR`, or the store's active set (which may be
 * empty: nothing imported).
 * @throws {TextError} when a folder or file named cannot be read
 * @throws {UsageError} on a store error
 */
export async function resolveOfficialTexts(option?: string): Promise<ResolvedTexts> {
  const env = process.env["SANCTIONS_TEXTS_DIR"];
  const path =
    option !== undefined && option !== "" ? option : env !== undefined && env !== "" ? env : undefined;
  if (path !== undefined) {
    const read = await readTextSource(path);
    return {
      origin: path === option ? "option" : "env",
      path,
      ...textsOfFiles(read.files),
      failures: read.failures,
    };
  }
  const stored = await withStoreIfAny((store) =>
    store ? loadOfficialTexts(store) : Promise.resolve(NO_OFFICIAL_TEXTS),
  );
  return { origin: "store", ...stored, failures: [] };
}
