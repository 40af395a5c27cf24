/**
 * @module cli/commands/serve
 * `sanctions serve [--port 8080] [--host 127.0.0.1]`: the HTTP API (see docs/api.md). Keys come from
 * `SANCTIONS_API_KEYS` (`key:role,...`); without any, the server runs open on loopback only. The
 * database is the embedded one under the data directory, or PostgreSQL when `DATABASE_URL` is set.
 * SIGTERM or SIGINT stops it gracefully: the requests under way are answered, then the process exits 0.
 */
import type { Command } from "commander";
import { ServerConfigError, startServer } from "../../api/server.js";
import { dataDir, defaultRegimeDir } from "../../config/index.js";
import { UsageError } from "../output.js";
import { resolveOfficialTexts } from "../official-texts.js";
import { loadRegimeOrFail } from "../regime-source.js";

interface ServeOptions {
  port: string;
  host: string;
  regime?: string;
  texts?: string;
}

/** Registers `serve` on the program. */
export function register(program: Command): void {
  program
    .command("serve")
    .description("Serve the HTTP API (the CLI's queries under /v1/, with API keys and roles)")
    .option("--port <port>", "TCP port (0 picks a free one)", "8080")
    .option("--host <host>", "address to bind; without API keys only loopback is allowed", "127.0.0.1")
    .option("--regime <dir>", "a regime package directory instead of the embedded DPRK regime")
    .option(
      "--texts <dir>",
      "official resolution texts to verify citations against, read once at start (default: $SANCTIONS_TEXTS_DIR)",
    )
    .addHelpText(
      "after",
      `
Environment:
  SANCTIONS_API_KEYS           key:role pairs, comma-separated; roles reader, analyst, admin
  SANCTIONS_ALLOWED_HOSTS      without keys: host names answered besides localhost (name or name:port, comma-separated)
  SANCTIONS_DATA_DIR           the embedded database (db/, one process at a time), lists, nomenclatures
  DATABASE_URL                 PostgreSQL instead of the embedded database (several instances share it)
  SANCTIONS_CONTEXT_REFRESH_MS how often to look for data written elsewhere (default 1000)
  SANCTIONS_AUDIT_BACKLOG_MB   audit journal the database may fall behind by before checks get 503 (default 256)
  SANCTIONS_LOG_LEVEL          pino level of the JSON request log on stdout (default info)
  SANCTIONS_TEXTS_DIR          official resolution texts (Akoma Ntoso XML) citations are verified against`,
    )
    .action(async (options: ServeOptions) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UsageError(`--port must be an integer from 0 to 65535, got "${options.port}"`);
      const refreshText = process.env["SANCTIONS_CONTEXT_REFRESH_MS"];
      const refreshMs = refreshText === undefined ? undefined : Number(refreshText);
      if (refreshMs !== undefined && !(Number.isInteger(refreshMs) && refreshMs >= 0))
        throw new UsageError(`SANCTIONS_CONTEXT_REFRESH_MS must be a whole number of milliseconds`);
      const backlogText = process.env["SANCTIONS_AUDIT_BACKLOG_MB"];
      const backlogMb = backlogText === undefined ? undefined : Number(backlogText);
      if (backlogMb !== undefined && !(Number.isInteger(backlogMb) && backlogMb >= 1))
        throw new UsageError(`SANCTIONS_AUDIT_BACKLOG_MB must be a whole number of megabytes, at least 1`);
      // The texts are read once, at start: every answer's citations are verified against them.
      const regime = await loadRegimeOrFail(
        options.regime,
        await resolveOfficialTexts({ texts: options.texts }),
      );
      let server;
      try {
        server = await startServer({
          regime,
          regimeDir: options.regime ?? defaultRegimeDir,
          dataDir: dataDir(),
          host: options.host,
          port,
          apiKeys: process.env["SANCTIONS_API_KEYS"],
          allowedHosts: process.env["SANCTIONS_ALLOWED_HOSTS"],
          ...(refreshMs === undefined ? {} : { refreshMs }),
          ...(backlogMb === undefined ? {} : { maxAuditBacklogBytes: backlogMb * 1024 * 1024 }),
          warn: (message) => process.stderr.write(`sanctions: warning: ${message}\n`),
        });
      } catch (error) {
        if (error instanceof ServerConfigError) throw new UsageError(error.message);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL")
          throw new UsageError(`cannot listen on ${options.host}:${port}: ${code}`);
        throw error;
      }
      process.stderr.write(`sanctions: listening on ${server.url} (regime ${regime.version.slice(0, 19)})\n`);
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals): void => {
          process.stderr.write(`sanctions: ${signal}: finishing the requests under way\n`);
          void server.close().then(resolve);
        };
        process.once("SIGTERM", stop);
        process.once("SIGINT", stop);
      });
      process.stderr.write("sanctions: stopped\n");
    });
}
