/**
 * Paths into `../shared/data/` (public data that tests read but the project never commits). CI clones
 * the project beside `shared/`, so it is found relative to the repository root.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";

const sharedRoot = join(import.meta.dirname, "..", "..", "..", "shared");

/** Absolute path to a file under `../shared/data/`; throws if the shared data is not beside the project. */
export function sharedData(...parts: string[]): string {
  const path = join(sharedRoot, "data", ...parts);
  if (!existsSync(path)) throw new Error(`shared data not found: ${path} (clone the project beside shared/)`);
  return path;
}
