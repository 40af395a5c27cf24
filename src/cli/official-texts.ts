/**
 * @module cli/official-texts
 * The official texts a command verifies citations against and prints under them: resolved in one
 * place: a folder the user names (`--texts DIR` or `SANCTIONS_TEXTS_DIR`), else the texts stored by
 * `sanctions texts import`.
 *
 * Without texts a command still answers: every citation then says that the official text is not
 * imported, which is true, rather than the command failing.
 */
import type { OfficialTexts } from "../regime/index.js";
import { TextError } from "../texts/index.js";
import { findResolutionOrNone } from "../texts/library.js";
import { parseParagraphId } from "../texts/verify.js";
import { UsageError } from "./output.js";
import { NO_TEXTS_HINT, resolveOfficialTexts as resolveTextSource } from "./text-source.js";

export interface OfficialTextsOptions {
  /** `--texts DIR`: a folder (or one file) of Akoma Ntoso resolution texts. */
  readonly texts?: string | undefined;
}

/**
 * The official texts for a command: `--texts`, else `SANCTIONS_TEXTS_DIR`, else the set stored by
 * `sanctions texts import` (`text-source.ts`, the one resolver); undefined when none is at hand. A file
 * of a folder that cannot be read is skipped with a warning on stderr, the others are used.
 *
 * @throws {UsageError} when the folder named cannot be read at all
 */
export async function resolveOfficialTexts(
  options: OfficialTextsOptions = {},
): Promise<OfficialTexts | undefined> {
  try {
    const resolved = await resolveTextSource(options.texts);
    for (const failure of resolved.failures)
      process.stderr.write(`sanctions: skipped ${failure.source}: ${failure.error.message}\n`);
    return resolved.texts.length > 0 ? resolved.texts : undefined;
  } catch (error) {
    if (error instanceof TextError) throw new UsageError(`official texts: ${error.message}`);
    throw error;
  }
}

/**
 * The official words a citation (`S/RES/2397 (2017) OP8(a)`, `S/2024/255 (draft) OP1`) points at: the
 * sub-paragraph for a lettered one, each paragraph of a range; undefined when the text or the paragraph
 * is not at hand (an `x-` anchor, an annex, a text not imported).
 */
export function officialWords(texts: OfficialTexts | undefined, citation: string): string | undefined {
  if (!texts) return undefined;
  const at = citation.lastIndexOf(" ");
  if (at < 0) return undefined;
  const symbol = citation.slice(0, at).replace(/ \(draft\)$/, "");
  const ref = parseParagraphId(citation.slice(at + 1));
  const text = ref && findResolutionOrNone(texts, symbol);
  if (!ref || !text) return undefined;
  const parts: string[] = [];
  for (let n = ref.first; n <= ref.last; n += 1) {
    const paragraph = text.paragraphs.find((p) => p.number === String(n));
    const words =
      ref.letter === undefined
        ? paragraph?.text
        : paragraph?.subparagraphs.find((sub) => sub.label === ref.letter)?.text;
    if (words === undefined) return undefined;
    parts.push(ref.first === ref.last ? words : `${n}. ${words}`);
  }
  return parts.join(" ");
}

/** The lines `--text` prints under a citation: its anchor, and the paragraph's official words. */
export function citationTextLines(
  texts: OfficialTexts | undefined,
  citation: string,
  anchor: string | undefined,
): string[] {
  const words = officialWords(texts, citation);
  return [
    ...(anchor === undefined ? [] : [`anchor: "${anchor}"`]),
    words === undefined
      ? `official text: not at hand (${texts ? "no such paragraph read" : NO_TEXTS_HINT})`
      : `official text: ${words}`,
  ];
}
