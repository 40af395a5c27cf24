/**
 * @module store/config
 * Which database the engine uses, from the environment: PostgreSQL when `DATABASE_URL` is set, else
 * the embedded PGlite database under `<dataDir>/db`. Read at the edges (CLI, server) and passed in.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { StoreTarget } from "./connect.js";

/** The database target for a data directory and environment. */
export function storeTarget(dataDir: string, env: NodeJS.ProcessEnv = process.env): StoreTarget {
  const url = env["DATABASE_URL"]?.trim();
  if (url) return { kind: "postgres", url };
  return { kind: "pglite", dir: embeddedDatabaseDir(dataDir) };
}

/** The embedded database's directory under a data directory. */
export function embeddedDatabaseDir(dataDir: string): string {
  return join(dataDir, "db");
}

/**
 * Whether the target may hold data, without opening it: an embedded database exists once PGlite has
 * written its `PG_VERSION`; a server is assumed to. Lets `sanctions check` stay instant (and touch
 * nothing) on a machine where nothing was ever stored.
 */
export function storeMayHoldData(target: StoreTarget): boolean {
  if (target.kind === "postgres") return true;
  return target.dir !== undefined && existsSync(join(target.dir, "PG_VERSION"));
}
