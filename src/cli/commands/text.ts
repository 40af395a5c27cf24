/**
 * @module cli/commands/text
 * `sanctions text SYMBOL [PARAGRAPH]`: the Council's own words behind a citation, read from the UN's
 * Akoma Ntoso texts. Until the texts are imported into the database, the folder is named by the user
 * (`--texts DIR` or `SANCTIONS_TEXTS_DIR`), never guessed outside the project.
 */
import { stat } from "node:fs/promises";
import type { Command } from "commander";
import {
  findParagraph,
  findResolution,
  readResolutionFolder,
  readResolutionText,
  TextError,
  type OperativeParagraph,
  type ResolutionText,
  type TextLibrary,
} from "../../texts/index.js";
import { printJson, printLines, UsageError } from "../output.js";

interface TextFlags {
  readonly texts?: string;
  readonly json?: boolean;
}

/** Longest symbol and paragraph a user may type; `S/RES/2397 (2017)` is 17 characters. */
const MAX_SYMBOL = 64;
const PARAGRAPH = /^(?:op\s*)?\d{1,3}\.?$/i;
// Words of a paragraph shown after its verb in the list.
const FIRST_WORDS = 12;

/** Registers `text` on the program. */
export function register(program: Command): void {
  program
    .command("text")
    .description("Print an operative paragraph of a resolution, or list its paragraphs with their verbs")
    .argument("<symbol>", "resolution symbol: 2397, S/RES/2397 or S/RES/2397 (2017)")
    .argument("[paragraph]", "operative paragraph number as printed (8, OP8)")
    .option(
      "--texts <dir>",
      "folder (or file) of Akoma Ntoso resolution texts (default: $SANCTIONS_TEXTS_DIR)",
    )
    .option("--json", "print the result as JSON")
    .action(async (symbol: string, paragraph: string | undefined, flags: TextFlags) => {
      if (symbol.length > MAX_SYMBOL) throw new UsageError(`symbol: longer than ${MAX_SYMBOL} characters`);
      if (paragraph !== undefined && !PARAGRAPH.test(paragraph.trim())) {
        throw new UsageError(
          `paragraph: "${paragraph.slice(0, 20)}" is not a paragraph number (e.g. 8 or OP8)`,
        );
      }
      const dir = flags.texts ?? process.env["SANCTIONS_TEXTS_DIR"];
      if (dir === undefined || dir === "") {
        throw new UsageError(
          "no resolution texts: pass --texts DIR or set SANCTIONS_TEXTS_DIR to a folder of the UN's Akoma Ntoso files (texts are not yet imported into the database)",
        );
      }
      const library = await usage(() => readTexts(dir));
      for (const failure of library.failures) {
        process.stderr.write(`sanctions: skipped ${failure.file}: ${failure.error.message}\n`);
      }
      const resolution = await usage(async () => Promise.resolve(findResolution(library.texts, symbol)));
      if (paragraph === undefined) {
        listParagraphs(resolution, flags.json === true);
        return;
      }
      const found = await usage(async () => Promise.resolve(findParagraph(resolution, paragraph)));
      if (flags.json) {
        printJson({ symbol: resolution.symbol, adopted: resolution.adopted, paragraph: found });
        return;
      }
      printLines(paragraphLines(resolution, found));
    });
}

async function readTexts(path: string): Promise<TextLibrary> {
  const kind = await stat(path).catch(() => {
    throw new TextError("input_unreadable", `cannot read ${path}: no such file or folder`);
  });
  if (kind.isDirectory()) return readResolutionFolder(path);
  return { texts: [await readResolutionText(path)], failures: [] };
}

function listParagraphs(resolution: ResolutionText, json: boolean): void {
  const rows = resolution.paragraphs.map((p) => ({
    number: p.number,
    verb: p.verb?.text,
    force: p.verb?.force,
    decides: p.decides,
    firstWords: firstWords(p),
  }));
  if (json) {
    printJson({
      symbol: resolution.symbol,
      adopted: resolution.adopted,
      title: resolution.title,
      paragraphs: rows,
    });
    return;
  }
  printLines([
    heading(resolution),
    ...rows.map(
      (r) =>
        `${`OP${r.number}`.padEnd(5)} ${(r.force ?? "").padEnd(11)} ${r.verb === undefined ? "" : `*${r.verb}* `}${r.firstWords}`,
    ),
  ]);
}

function paragraphLines(resolution: ResolutionText, p: OperativeParagraph): string[] {
  const verb = p.verb;
  const force =
    verb === undefined
      ? "no operative verb"
      : `${verb.force}${verb.force !== "binding" && p.decides ? "; a later clause decides" : ""}`;
  const lead =
    verb !== undefined && p.lead.startsWith(verb.text)
      ? `*${verb.text}*${p.lead.slice(verb.text.length)}`
      : p.lead;
  return [
    `${heading(resolution)}, operative paragraph ${p.number}`,
    `verb: ${verb === undefined ? "-" : `*${verb.text}*`} (${force})`,
    lead,
    ...p.subparagraphs.map((s) => `  (${s.label}) ${s.text}`),
    ...(p.cites.length === 0 ? [] : [`cites: ${p.cites.join(", ")}`]),
  ];
}

function heading(resolution: ResolutionText): string {
  return `${resolution.symbol}${resolution.adopted === undefined ? "" : `, adopted ${resolution.adopted}`}`;
}

/** The words after the verb, for a one-line list. */
function firstWords(p: OperativeParagraph): string {
  const rest =
    p.verb !== undefined && p.text.startsWith(p.verb.text) ? p.text.slice(p.verb.text.length) : p.text;
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
