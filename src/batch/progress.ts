/**
 * @module batch/progress
 * Progress of a batch run on standard error: records read and bytes read against the file size.
 * Silent when the stream is not a terminal (pipes, CI logs, `--json` runs captured by tools) or
 * when asked, so that nothing but results ever reaches a consumer.
 */
import { stat } from "node:fs/promises";
import cliProgress from "cli-progress";
import type { ReadProgress } from "./read.js";

/** A progress reporter; `stop` clears the bar and must be called when the run ends. */
export interface Progress extends ReadProgress {
  /** Whether anything is drawn at all. */
  readonly active: boolean;
  stop(): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Input size in bytes (see {@link inputSize}); without it the bar shows counts only. */
  readonly total?: number | undefined;
  /** Default `process.stderr`. */
  readonly stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Draw nothing (e.g. `--quiet`). */
  readonly silent?: boolean;
}

/** Creates a progress reporter; a no-op one when silenced or when the stream is not a terminal. */
export function createProgress(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  if (options.silent || stream.isTTY !== true) {
    return { active: false, addBytes: () => undefined, addRecords: () => undefined, stop: () => undefined };
  }
  const total = options.total;
  const bar = new cliProgress.SingleBar(
    {
      stream: stream,
      format:
        total === undefined
          ? "{records} records | {bytes} read"
          : "{bar} {percentage}% | {records} records | {bytes} of {size}",
      hideCursor: false,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let bytes = 0;
  let records = 0;
  const payload = () => ({ records, bytes: formatBytes(bytes), size: formatBytes(total ?? 0) });
  bar.start(total ?? 0, 0, payload());
  return {
    active: true,
    addBytes(count) {
      bytes += count;
      bar.update(Math.min(bytes, total ?? bytes), payload());
    },
    addRecords(count) {
      records += count;
      bar.update(Math.min(bytes, total ?? bytes), payload());
    },
    stop() {
      bar.stop();
    },
  };
}

/** Size of a regular file, for the progress total; undefined for standard input, pipes and URLs. */
export async function inputSize(path: string): Promise<number | undefined> {
  if (path === "-") return undefined;
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
