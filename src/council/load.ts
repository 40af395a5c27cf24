/**
 * @module council/load
 * The file adapter: reads `council.yaml` from disk and hands the text to the pure parser.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultRegimeDir } from "../config/index.js";
import { parseCouncilData } from "./schema.js";
import type { CouncilData } from "./types.js";

/** The Council file of the embedded default regime. */
export const defaultCouncilFile: string = join(defaultRegimeDir, "council.yaml");

/** Reads and validates a `council.yaml`; throws `CouncilDataError` naming the file, path and code. */
export function loadCouncilData(file: string = defaultCouncilFile): CouncilData {
  return parseCouncilData(readFileSync(file, "utf8"), file);
}
