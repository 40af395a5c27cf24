/**
 * @module api/testing
 * Builds an app for tests: the embedded regime (loaded once per process), a fresh temporary data
 * directory, one key per role, an in-memory audit sink and a log captured as lines. Not part of the
 * public entry.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { defaultRegimeDir } from "../config/index.js";
import { FileSnapshotStore } from "../lists/index.js";
import type { CompiledRegime } from "../model/regime.js";
import { loadRegime } from "../regime/index.js";
import { createApp } from "./app.js";
import { MemoryAuditSink } from "./audit.js";
import { MemoryApiKeyStore, type Role } from "./auth.js";
import { dataDirContext, type ContextSource } from "./context.js";
import type { ApiDeps } from "./deps.js";
import type { ApiApp } from "./env.js";
import { REDACTED_LOG_PATHS } from "./server.js";

/** One key per role, long enough to be accepted. */
export const TEST_KEYS: Readonly<Record<Role, string>> = {
  reader: "reader-key-0000000000000001",
  analyst: "analyst-key-000000000000002",
  admin: "admin-key-00000000000000003",
};

let regime: Promise<CompiledRegime> | undefined;

/** The embedded regime, loaded once per test process. */
export function testRegime(): Promise<CompiledRegime> {
  regime ??= loadRegime(defaultRegimeDir).then((result) => {
    if (!result.regime) throw new Error("the embedded regime does not load");
    return result.regime;
  });
  return regime;
}

/** A test app and what it was built with. */
export interface TestApp {
  readonly app: ApiApp;
  readonly dataDir: string;
  readonly audit: MemoryAuditSink;
  /** The log lines written so far (JSON text). */
  readonly logs: string[];
  /** Sends a request with the role's key (none for `undefined`) and a JSON body when given. */
  call(
    method: string,
    path: string,
    options?: { role?: Role | undefined; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  cleanup(): Promise<void>;
}

/** Builds an app over a fresh data directory; `overrides` replace any dependency. */
export async function testApp(
  overrides: Partial<ApiDeps> & { context?: ContextSource } = {},
): Promise<TestApp> {
  const dataDir = await mkdtemp(join(tmpdir(), "sanctions-api-"));
  const audit = new MemoryAuditSink();
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString("utf8"));
      callback();
    },
  });
  const logger = pino({ level: "info", redact: REDACTED_LOG_PATHS }, stream);
  const app = createApp({
    regime: await testRegime(),
    regimeDir: defaultRegimeDir,
    context: dataDirContext(dataDir, { refreshMs: 0 }),
    lists: new FileSnapshotStore(dataDir),
    keys: MemoryApiKeyStore.fromKeys(
      (Object.keys(TEST_KEYS) as Role[]).map((role) => ({ key: TEST_KEYS[role], role })),
    ),
    audit,
    logger,
    ...overrides,
  });
  return {
    app,
    dataDir,
    audit,
    logs,
    call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.role !== undefined) headers["authorization"] = `Bearer ${TEST_KEYS[options.role]}`;
      let body: string | undefined;
      if (options.body !== undefined) {
        body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
        headers["content-type"] ??= "application/json";
      }
      return Promise.resolve(app.request(path, { method, headers, ...(body === undefined ? {} : { body }) }));
    },
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  };
}
