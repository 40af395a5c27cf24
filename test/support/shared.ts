/**
 * Paths into `../shared/data/` (public data that tests read but the project never commits). CI clones
 * the project beside `shared/`, so it is found relative to the repository root. A user's clone has no
 * `shared/` beside it: the suites that read it are skipped there, with a message naming what is
 * missing, and everything else runs (`npm test` passes on a clone with nothing beside it).
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

/**
 * Test options that skip a suite or test when a file under `../shared/data/` is missing, naming it:
 * `describe("…", needsShared("un", "consolidated.xml"), () => …)`.
 */
export function needsShared(...parts: string[]): { skip?: string } {
  if (existsSync(join(sharedRoot, "data", ...parts))) return {};
  return { skip: `needs ../shared/data/${parts.join("/")}, which is not beside this clone` };
}

/**
 * For a test that cannot take options (or whose title is too long to): skips it from its body, saying
 * why, when a file of `needsShared` is missing. `it("…", async (t) => { if (skippedWithout(t, unList)) return; … })`.
 */
export function skippedWithout(t: { skip(message?: string): void }, needs: { skip?: string }): boolean {
  if (needs.skip === undefined) return false;
  t.skip(needs.skip);
  return true;
}
