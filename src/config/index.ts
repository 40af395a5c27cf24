/**
 * @module config
 * Where the engine keeps its state, from the environment. Read once at the edges (CLI, server) and
 * passed inward; nothing below the adapters reads `process.env`.
 */
import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** The directory for the embedded database, list snapshots and nomenclatures. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env["SANCTIONS_DATA_DIR"];
  if (explicit) return resolve(explicit);
  const xdg = env["XDG_DATA_HOME"];
  return join(xdg ? resolve(xdg) : join(homedir(), ".local", "share"), "sanctions-engine");
}

/** The regime package shipped with the project: the DPRK (1718) regime is the embedded default. */
export const defaultRegimeDir: string = join(import.meta.dirname, "..", "..", "regime", "dprk");
