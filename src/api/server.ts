/**
 * @module api/server
 * Runs the app on a socket (`sanctions serve`): keys from the environment and the database, the
 * engine's database (embedded PGlite under the data directory, or PostgreSQL when `DATABASE_URL` is
 * set) for list snapshots, the cap ledger, exemption records, API keys and the audit log, a pino log
 * on stdout with keys redacted, and a graceful stop on SIGTERM (no new connections, requests under
 * way are answered, idle keep-alive connections closed, then the database closed).
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import pino, { type Logger } from "pino";
import type { CompiledRegime } from "../model/regime.js";
import type { StoreTarget } from "../store/index.js";
import { createApp } from "./app.js";
import { auditJournalDir, openAuditJournal, type AuditJournal } from "./audit-journal.js";
import {
  AllowedHostsConfigError,
  ApiKeyConfigError,
  layeredKeyStore,
  MemoryApiKeyStore,
  parseAllowedHosts,
  parseApiKeys,
  refreshingKeyStore,
} from "./auth.js";
import { defaultWebRoot } from "./web.js";

/** Options of {@link startServer}. */
export interface ServerOptions {
  readonly regime: CompiledRegime;
  readonly regimeDir: string;
  readonly dataDir: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** `SANCTIONS_API_KEYS`, or undefined for none. */
  readonly apiKeys: string | undefined;
  /** `SANCTIONS_ALLOWED_HOSTS`: host names an open server answers to besides the loopback ones. */
  readonly allowedHosts?: string | undefined;
  /** The database; by default the one `storeTarget(dataDir, process.env)` names. */
  readonly database?: StoreTarget;
  /** How often the database and the data directory are asked whether the stored data changed (ms). */
  readonly refreshMs?: number;
  /**
   * The most audit journal bytes the database has not yet taken (default 256 MiB): while the database
   * is unreachable checks are journaled on disk, and past this they are refused (503).
   */
  readonly maxAuditBacklogBytes?: number;
  readonly logger?: Logger;
  /** The built web UI served at `/` (default `web/dist` of the project). */
  readonly webRoot?: string;
  /** Told about the open-server warning and similar notices (stderr in the CLI). */
  readonly warn?: (message: string) => void;
}

/** A running server. */
export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Whether keyless requests were let in at the start (loopback and no key configured, env or stored). */
  readonly open: boolean;
  /** Stops accepting connections and resolves once the requests under way are answered. */
  close(): Promise<void>;
}

/** Whether a host name binds to the loopback interface only. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Why a server cannot start with this configuration (a one-line message, never a key). */
export class ServerConfigError extends Error {
  override readonly name = "ServerConfigError";
}

/** Paths of log fields that could carry a key; nothing logs them, and if something did, pino hides them. */
export const REDACTED_LOG_PATHS = [
  "authorization",
  "headers.authorization",
  "req.headers.authorization",
  "*.authorization",
];

/**
 * Starts the API on `host:port`. With no key configured, in `SANCTIONS_API_KEYS` or in the database,
 * it runs open (keyless requests act as analysts, never admins) on a loopback address only, until a
 * key is stored; on any other address it refuses to start.
 *
 * @throws {ServerConfigError} bad `SANCTIONS_API_KEYS`, no keys on a non-loopback address, or a
 * database that cannot be opened (the embedded one is in use by another process, say).
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  let records;
  let allowedHosts;
  try {
    records = parseApiKeys(options.apiKeys);
    allowedHosts = parseAllowedHosts(options.allowedHosts);
  } catch (error) {
    if (error instanceof ApiKeyConfigError || error instanceof AllowedHostsConfigError)
      throw new ServerConfigError(error.message);
    throw error;
  }
  const logDestination = options.logger
    ? undefined
    : pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const logFlush = logDestination
    ? setInterval(() => {
        logDestination.flush(() => undefined);
      }, 250).unref()
    : undefined;
  const logger =
    options.logger ??
    pino(
      { level: process.env["SANCTIONS_LOG_LEVEL"] ?? "info", redact: REDACTED_LOG_PATHS },
      // Written asynchronously, several lines per write: a synchronous write per request line cost a
      // tenth of the server's time under load. Flushed every 250 ms and when the server stops.
      logDestination,
    );
  // Loaded here, not at the top: every CLI command imports this module, and the database modules
  // take most of a second to import.
  const stores = await import("../store/index.js");
  const stored = await import("./stored.js");
  let store;
  try {
    const target = options.database ?? stores.storeTarget(options.dataDir, process.env);
    // A lost connection is replaced by the pool; the request that was using it is retried (a read) or
    // answered 503, and the log says why.
    const onConnectionError = (error: Error): void => {
      logger.warn({ err: error }, "a database connection was lost; the next request opens a new one");
    };
    // The embedded database on its own thread: its work would otherwise take half of the thread
    // that answers requests.
    store = await stores.openStore(
      target.kind === "pglite" && target.loadDataDir === undefined
        ? { ...target, thread: "worker", onConnectionError }
        : { ...target, onConnectionError },
    );
  } catch (error) {
    if (stores.isStoreError(error)) throw new ServerConfigError(`${error.code}: ${error.message}`);
    throw error;
  }
  const opened = store;
  let server: ReturnType<typeof serve>;
  let open: boolean;
  let journal: AuditJournal | undefined;
  try {
    // Environment keys first (no query); stored keys from a copy reloaded at most every refreshMs, so
    // that a key created or revoked by the CLI or another instance is honoured within that time.
    const keys = layeredKeyStore(
      new MemoryApiKeyStore(records),
      refreshingKeyStore(() => opened.keys.active(), { refreshMs: options.refreshMs ?? 1000 }),
    );
    // Open only with no key at all, from the environment or stored; a key stored later turns
    // authentication on (the app asks `keys.hasKeys()`).
    open = !(await keys.hasKeys());
    if (open && !isLoopback(options.host))
      throw new ServerConfigError(
        `no API key configured: set SANCTIONS_API_KEYS (key:role,...) or create one with sanctions keys create ` +
          `before serving on ${options.host}; without keys the server only runs on 127.0.0.1`,
      );
    if (open)
      options.warn?.(
        "no API key configured (SANCTIONS_API_KEYS or stored keys): serving open on loopback; requests without a key act as analysts and cannot import lists",
      );
    await stored.storeRegimeVersion(store, options.regime, options.regimeDir);
    // Checks are journaled on local disk before the database (see ./audit-journal.ts); what a killed
    // process left in the journal is moved into the database before anything is answered.
    journal = await openAuditJournal(store.audit, {
      dir: auditJournalDir(options.dataDir),
      ...(options.maxAuditBacklogBytes === undefined
        ? {}
        : { maxBacklogBytes: options.maxAuditBacklogBytes }),
      onError: (error) => {
        // One line per try; the tries slow down to one every 5 s while the database stays away.
        logger.error({ err: error }, "moving the audit journal into the database failed; it stays on disk");
      },
      onRecovered: (failedForMs) => {
        logger.info({ failedForMs }, "the audit journal drains into the database again");
      },
      onRejected: (batch) => {
        logger.error(
          { batch: batch.id, checks: batch.checks, source: batch.source, reason: batch.reason },
          "the database refused an audit batch for its data: set aside (sanctions audit rejected)",
        );
      },
    });
    const rejected = journal.health().rejectedBatches;
    if (rejected > 0)
      logger.warn(
        { batches: rejected },
        "audit batches the database refused are set aside: see sanctions audit rejected",
      );
    if (journal.recovered > 0)
      logger.info(
        { batches: journal.recovered },
        "moved a stopped process's audit journal into the database",
      );
    const context = stored.storedContext(store, {
      regime: options.regime,
      regimeDir: options.regimeDir,
      dataDir: options.dataDir,
      refreshMs: options.refreshMs ?? 1000,
      onReloadError: (error) => {
        logger.error({ err: error }, "reloading the stored data failed; the previous context stays in use");
      },
    });
    // The first load happens before listening: broken stored data stops the start, not a request.
    await context.current();
    // The official texts imported (`sanctions texts import`), seen within refreshMs of an import.
    const { loadOfficialTexts, reloadingTexts } = await import("../texts/source.js");
    const texts = reloadingTexts(
      () => opened.texts.fingerprint(),
      () => loadOfficialTexts(opened),
      { refreshMs: options.refreshMs ?? 1000 },
    );
    server = await listen(
      createApp({
        regime: options.regime,
        regimeDir: options.regimeDir,
        context,
        lists: store.snapshots,
        texts,
        records: { deliveries: store.deliveries, exemptions: store.exemptions, decisions: store.decisions },
        audit: journal,
        auditLog: stored.auditReaderOf(store, context),
        keys,
        storedKeys: opened.keys,
        database: stored.databaseProbe(store),
        open,
        allowedHosts,
        logger,
        webRoot: options.webRoot ?? defaultWebRoot,
      }),
      options,
    );
  } catch (error) {
    await journal?.close().catch(() => undefined);
    await store.close();
    if (stores.isStoreError(error)) throw new ServerConfigError(`${error.code}: ${error.message}`);
    throw error;
  }
  const database = store;
  const auditJournal = journal;
  const port = (server.address() as AddressInfo).port;
  const shown = options.host.includes(":") ? `[${options.host}]` : options.host;
  logger.info(
    { host: options.host, port, regimeVersion: options.regime.version, open, database: database.kind },
    "listening",
  );
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shown}:${port}`,
    port,
    open,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        // Keep-alive connections with no request under way would hold close() open.
        if ("closeIdleConnections" in server) server.closeIdleConnections();
      })
        // After the last answer: requests under way may still record; the journal drains first.
        .then(() => auditJournal.close())
        .then(() => database.close())
        .then(() => {
          clearInterval(logFlush);
          logDestination?.flushSync();
        });
      return closing;
    },
  };
}

/** Serves `app` on the options' host and port; resolves once listening. */
function listen(
  app: ReturnType<typeof createApp>,
  options: Pick<ServerOptions, "host" | "port">,
): Promise<ReturnType<typeof serve>> {
  return new Promise((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, () => {
      resolve(started);
    });
    started.once("error", reject);
  });
}
