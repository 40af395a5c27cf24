/**
 * `sanctions serve` as a user runs it, in a child process on 127.0.0.1 with a free port: for the tests
 * that need a real server (two instances on one database, kills in the middle of a request, the web UI
 * in a browser). The child's environment is exactly the one given; callers build it.
 */
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { join } from "node:path";
import type { Readable } from "node:stream";

const bin = join(import.meta.dirname, "..", "..", "bin", "sanctions.js");

export interface ServeExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ServeProcess {
  readonly child: ChildProcessByStdio<null, null, Readable>;
  readonly url: string;
  /** Everything the server wrote on stderr so far. */
  stderr(): string;
  readonly exited: Promise<ServeExit>;
  /** Whether the process has ended. */
  ended(): boolean;
  /** SIGTERM (a graceful stop), resolves once it exited; at once if it already had. */
  stop(): Promise<ServeExit>;
  /** SIGKILL, resolves once it exited. */
  kill(): Promise<ServeExit>;
}

export interface SpawnServeOptions {
  /** The child's whole environment. */
  readonly env: NodeJS.ProcessEnv;
  /** Modules preloaded with `--import` (a fault probe, say). */
  readonly preload?: readonly string[];
  /** How long it may take to say where it listens (default 90 s: the first start builds the database). */
  readonly startMs?: number;
}

/** Starts `sanctions serve --port 0 --host 127.0.0.1`; resolves once it says where it listens. */
export async function spawnServe(options: SpawnServeOptions): Promise<ServeProcess> {
  const preload = (options.preload ?? []).flatMap((module) => ["--import", module]);
  const child = spawn(process.execPath, [...preload, bin, "serve", "--port", "0", "--host", "127.0.0.1"], {
    env: options.env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  let exit: ServeExit | undefined;
  const exited = new Promise<ServeExit>((resolve) => {
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  const signal = (name: NodeJS.Signals): Promise<ServeExit> => {
    if (exit === undefined) child.kill(name);
    return exited;
  };
  const server: ServeProcess = {
    child,
    url: "",
    stderr: () => stderr,
    exited,
    ended: () => exit !== undefined,
    stop: () => signal("SIGTERM"),
    kill: () => signal("SIGKILL"),
  };
  try {
    const [, url] = await waitForStderr(
      server,
      /listening on (http:\/\/127\.0\.0\.1:\d+)/,
      options.startMs ?? 90_000,
    );
    return { ...server, url: url ?? "" };
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
}

/**
 * Resolves with the first match of `pattern` in the server's stderr; rejects, with what it wrote, if it
 * exits first or says nothing of the kind within `ms`.
 */
export function waitForStderr(
  server: Pick<ServeProcess, "child" | "stderr">,
  pattern: RegExp,
  ms: number,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const match = pattern.exec(server.stderr());
      if (match) {
        done();
        resolve(match);
      }
    };
    const exited = (): void => {
      done();
      const match = pattern.exec(server.stderr());
      if (match) resolve(match);
      else reject(new Error(`the server exited before saying ${String(pattern)}:\n${server.stderr()}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`the server did not say ${String(pattern)} within ${ms} ms:\n${server.stderr()}`));
    }, ms);
    const done = (): void => {
      clearTimeout(timer);
      server.child.stderr.off("data", check);
      server.child.off("exit", exited);
    };
    // After the module's own listener has appended the chunk (listeners run in order).
    server.child.stderr.on("data", check);
    server.child.once("exit", exited);
    check();
  });
}
