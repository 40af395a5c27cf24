/**
 * A copy of the DPRK package in which 1874 OP18 (financial services) is encoded as what its text says,
 * an exhortation ("Calls upon Member States … to prevent"), made binding by 2094 OP11 ("Decides that
 * Member States shall … prevent"), each with a verbatim anchor. The binding-force tests and cases
 * (`regime/dprk/tests/verdict-force.yaml`) run on it.
 */
import { cp } from "node:fs/promises";
import { defaultRegimeDir } from "../../src/config/index.js";

/**
 * Copies the package to `dir`. The package itself now encodes 1874 OP18 as an exhortation made binding
 * by 2094 OP11 (with the anchors above); the copy keeps the tests that build on it independent of the
 * embedded directory.
 */
export async function writeForceRegime(dir: string): Promise<string> {
  await cp(defaultRegimeDir, dir, { recursive: true });
  return dir;
}
