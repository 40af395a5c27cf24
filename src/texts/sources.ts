/**
 * @module texts/sources
 * Where `sanctions texts import` reads official texts from: one Akoma Ntoso file, a folder of them, or
 * an http(s) URL of one. Each file comes back with its bytes' SHA-256 (what a stored version is keyed
 * by, so that the same file imported twice is one version) and its text as read.
 *
 * Limits, so that a wrong path or a hostile server costs little: a file (or a download) over
 * {@link MAX_TEXT_BYTES} is refused before it is read whole, a download that takes longer than the
 * timeout is aborted, and a DOCTYPE is refused by the reader. In a folder, a file that cannot be read
 * is reported with its reason and the others are read; a single file or URL that cannot be is an error.
 */
import { createHash } from "node:crypto";
import { open, readdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { readResolutionText } from "./akn.js";
import { TextError } from "./errors.js";
import type { ResolutionText } from "./model.js";

/** The largest text file accepted: the longest resolution with its annexes is under 1 MiB. */
export const MAX_TEXT_BYTES = 10 * 1024 * 1024;
/** How long a download may take, in all (ms). */
export const FETCH_TIMEOUT_MS = 30_000;
// A folder of resolutions holds tens of files; far more means the wrong folder.
const MAX_FILES = 2_000;

/** One file read: where it came from, its content hash, the XML and the text read from it. */
export interface TextFile {
  /** The file's name (no folder), or the URL it was fetched from. */
  readonly source: string;
  /** SHA-256 of the bytes, lowercase hex. */
  readonly sha256: string;
  readonly xml: string;
  readonly text: ResolutionText;
}

/** A file of a folder that could not be read, and why. */
export interface TextFileFailure {
  readonly source: string;
  readonly error: TextError;
}

/** What a source gave. */
export interface TextSourceRead {
  readonly files: readonly TextFile[];
  readonly failures: readonly TextFileFailure[];
}

export interface ReadSourceOptions {
  /** Injected for tests; the global fetch by default. */
  readonly fetch?: typeof fetch;
  readonly maxBytes?: number;
  readonly timeoutMs?: number;
}

/** Whether a source is an http(s) URL rather than a path. */
export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/**
 * Reads a file, a folder's `.xml` files (in name order) or a URL.
 *
 * @throws {TextError} for a single file or URL that cannot be read (`input_unreadable`, `too_large`,
 *   `fetch_failed`, or the reader's codes); a folder's files never throw, they are failures.
 */
export async function readTextSource(
  source: string,
  options: ReadSourceOptions = {},
): Promise<TextSourceRead> {
  const maxBytes = options.maxBytes ?? MAX_TEXT_BYTES;
  if (isUrl(source))
    return { files: [await textFile(source, await download(source, options))], failures: [] };
  const kind = await stat(source).catch((error: unknown) => {
    throw new TextError(
      "input_unreadable",
      `cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? "unknown"}`,
    );
  });
  if (!kind.isDirectory())
    return {
      files: [await textFile(basename(source), await readFileCapped(source, maxBytes))],
      failures: [],
    };
  let names: string[];
  try {
    names = (await readdir(source)).filter((name) => name.toLowerCase().endsWith(".xml")).sort();
  } catch (error) {
    throw new TextError(
      "input_unreadable",
      `cannot read the folder ${source}: ${(error as NodeJS.ErrnoException).code ?? "unknown"}`,
    );
  }
  if (names.length > MAX_FILES)
    throw new TextError(
      "input_unreadable",
      `${source} holds ${names.length} XML files, more than ${MAX_FILES}`,
    );
  if (names.length === 0) throw new TextError("input_unreadable", `${source} holds no .xml file`);
  const files: TextFile[] = [];
  const failures: TextFileFailure[] = [];
  for (const name of names) {
    try {
      files.push(await textFile(name, await readFileCapped(join(source, name), maxBytes)));
    } catch (error) {
      if (!(error instanceof TextError)) throw error;
      failures.push({ source: name, error });
    }
  }
  return { files, failures };
}

async function textFile(source: string, bytes: Uint8Array): Promise<TextFile> {
  const text = await readResolutionText(bytes);
  return {
    source,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    xml: new TextDecoder("utf-8").decode(bytes),
    text,
  };
}

/** A file's bytes, refused when larger than `maxBytes` (by its size, before reading it). */
async function readFileCapped(path: string, maxBytes: number): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw new TextError(
      "input_unreadable",
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? "unknown"}`,
    );
  }
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw tooLarge(path, maxBytes);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** A URL's body, streamed and cut off past `maxBytes`, the whole fetch bounded in time. */
async function download(url: string, options: ReadSourceOptions): Promise<Uint8Array> {
  const maxBytes = options.maxBytes ?? MAX_TEXT_BYTES;
  const timeoutMs = options.timeoutMs ?? FETCH_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  const failed = (why: string): TextError => new TextError("fetch_failed", `cannot fetch ${url}: ${why}`);
  const timedOut = (): TextError => failed(`no complete answer within ${timeoutMs / 1000} s`);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { redirect: "follow", signal });
  } catch (error) {
    throw signal.aborted ? timedOut() : failed(error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw failed(`HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(url, maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const body = response.body as ReadableStream<Uint8Array> | null;
  const reader = body?.getReader();
  if (!reader) return new Uint8Array();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(url, maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof TextError) throw error;
    throw signal.aborted ? timedOut() : failed(error instanceof Error ? error.message : String(error));
  }
  return Buffer.concat(chunks);
}

function tooLarge(what: string, maxBytes: number): TextError {
  return new TextError(
    "too_large",
    `${what} is larger than ${maxBytes / (1024 * 1024)} MiB; a resolution text is far smaller: is it one?`,
  );
}
