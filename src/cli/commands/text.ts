/**
 * @module cli/commands/text
 * `sanctions text SYMBOL [PARAGRAPH]`: the Council's own words behind a citation, read from the UN's
 * Akoma Ntoso texts: those imported with `sanctions texts import`, or a folder named with `--texts DIR`
 * (or `SANCTIONS_TEXTS_DIR`), which comes first (`../text-source.ts`). A paragraph is asked for as it is
 * cited: `8`, `OP8`, `8(a)`, or an annex, `"Annex IV"`. `--json` prints the objects of
 * `src/texts/views.ts`, the same as `GET /v1/texts/{symbol}…`.
 */
import type { Command } from "commander";
import {
  annexLabel,
  annexView,
  findAnnex,
  findResolution,
  paragraphView,
  parseParagraphQuery,
  resolutionView,
  TextError,
  type AnnexView,
  type ParagraphView,
  type ResolutionText,
} from "../../texts/index.js";
import { printJson, printLines, UsageError } from "../output.js";
import { NO_TEXTS_HINT, resolveOfficialTexts } from "../text-source.js";

interface TextFlags {
  readonly texts?: string;
  readonly json?: boolean;
}

/** Longest symbol a user may type; `S/RES/2397 (2017)` is 17 characters. */
const MAX_SYMBOL = 64;
// Words of a paragraph shown after its verb in the list.
const FIRST_WORDS = 12;

/** Registers `text` on the program. */
export function register(program: Command): void {
  program
    .command("text")
    .description(
      "Print an operative paragraph (or an annex) of a resolution, or list its paragraphs with their verbs",
    )
    .argument("<symbol>", "resolution symbol: 2397, S/RES/2397 or S/RES/2397 (2017)")
    .argument("[paragraph]", 'operative paragraph as cited (8, OP8, 8(a)) or an annex ("Annex IV")')
    .option(
      "--texts <dir>",
      "folder (or file) of Akoma Ntoso resolution texts (default: $SANCTIONS_TEXTS_DIR, then the imported texts)",
    )
    .option("--json", "print the result as JSON")
    .action(async (symbol: string, paragraph: string | undefined, flags: TextFlags) => {
      if (symbol.length > MAX_SYMBOL) throw new UsageError(`symbol: longer than ${MAX_SYMBOL} characters`);
      const annex = paragraph === undefined ? undefined : annexLabel(paragraph);
      const query =
        paragraph === undefined || annex !== undefined ? undefined : parseParagraphQuery(paragraph);
      if (paragraph !== undefined && annex === undefined && query === undefined) {
        throw new UsageError(
          `paragraph: "${paragraph.slice(0, 20)}" is not a paragraph (e.g. 8, OP8 or 8(a)) or an annex ("Annex IV")`,
        );
      }
      const texts = await usage(() => resolveOfficialTexts(flags.texts));
      for (const failure of texts.failures) {
        process.stderr.write(`sanctions: skipped ${failure.source}: ${failure.error.message}\n`);
      }
      if (texts.texts.length === 0) throw new UsageError(NO_TEXTS_HINT);
      const resolution = await usage(async () => Promise.resolve(findResolution(texts.texts, symbol)));
      if (annex !== undefined) {
        const view = await usage(async () =>
          Promise.resolve(annexView(resolution, findAnnex(resolution, annex), texts.version)),
        );
        if (flags.json === true) printJson(view);
        else printLines(annexLines(view));
        return;
      }
      if (query === undefined) {
        listParagraphs(resolution, texts.version, flags.json === true);
        return;
      }
      const view = await usage(async () => Promise.resolve(paragraphView(resolution, query, texts.version)));
      if (flags.json === true) {
        printJson(view);
        return;
      }
      printLines(paragraphLines(view));
    });
}

function listParagraphs(resolution: ResolutionText, version: string, json: boolean): void {
  if (json) {
    printJson(resolutionView(resolution, version));
    return;
  }
  printLines([
    heading(resolution.symbol, resolution.adopted ?? null),
    ...resolution.paragraphs.map(
      (p) =>
        `${`OP${p.number}`.padEnd(5)} ${(p.verb?.force ?? "").padEnd(11)} ${p.verb === undefined ? "" : `*${p.verb.text}* `}` +
        firstWords(p.text, p.verb?.text),
    ),
    ...(resolution.annexes ?? []).map((a) => `${a.label}${a.heading === undefined ? "" : `: ${a.heading}`}`),
  ]);
}

function paragraphLines(p: ParagraphView): string[] {
  const verb = p.verb;
  const force =
    verb === null
      ? "no operative verb"
      : `${verb.force}${verb.force !== "binding" && p.decides ? "; a later clause decides" : ""}`;
  const lead =
    verb !== null && p.lead.startsWith(verb.text)
      ? `*${verb.text}*${p.lead.slice(verb.text.length)}`
      : p.lead;
  return [
    `${heading(p.symbol, p.adopted)}, operative paragraph ${p.paragraph}`,
    `verb: ${verb === null ? "-" : `*${verb.text}*`} (${force})`,
    lead,
    ...p.subparagraphs.map((s) => `  (${s.label}) ${s.text}`),
    ...(p.cites.length === 0 ? [] : [`cites: ${p.cites.join(", ")}`]),
  ];
}

function annexLines(a: AnnexView): string[] {
  return [
    `${heading(a.symbol, a.adopted)}, ${a.annex}${a.heading === null ? "" : `: ${a.heading}`}`,
    ...a.text.split("\n"),
  ];
}

function heading(symbol: string, adopted: string | null): string {
  return `${symbol}${adopted === null ? "" : `, adopted ${adopted}`}`;
}

/** The words after the verb, for a one-line list. */
function firstWords(text: string, verb: string | undefined): string {
  const rest = verb !== undefined && text.startsWith(verb) ? text.slice(verb.length) : text;
  const words = rest.trim().split(" ");
  return words.slice(0, FIRST_WORDS).join(" ") + (words.length > FIRST_WORDS ? " …" : "");
}

// A text that cannot be read or found is the user's input: one line, exit code 1.
async function usage<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw error instanceof TextError ? new UsageError(error.message) : error;
  }
}
