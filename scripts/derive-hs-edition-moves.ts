/**
 * Regenerates `src/goods/data/hs2022-hs2017-moves.json` from the UNSD HS 2022 ↔ HS 2017 correlation
 * CSV (see ../shared/data/hs/README.md). The CSV itself is not committed; the small derived table is.
 *
 *   node --import tsx scripts/derive-hs-edition-moves.ts [PATH-TO-CORRELATION-CSV]
 *
 * Default input: ../shared/data/hs/hs2022-hs2017-correlation.csv beside the project.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { format, resolveConfig } from "prettier";
import { deriveEditionMoves } from "../src/goods/moves-derive.js";

const root = join(import.meta.dirname, "..");
const input = process.argv[2] ?? join(root, "..", "shared", "data", "hs", "hs2022-hs2017-correlation.csv");
const output = join(root, "src", "goods", "data", "hs2022-hs2017-moves.json");

const table = deriveEditionMoves(readFileSync(input, "utf8"));
// Formatted as the repository's prettier would, so that `prettier --check` stays quiet on it.
const text = await format(JSON.stringify(table), { ...(await resolveConfig(output)), filepath: output });
const temporary = `${output}.${process.pid}.tmp`;
writeFileSync(temporary, text);
renameSync(temporary, output);
const entries = Object.values(table.moves).reduce((sum, move) => sum + move.hs2017.length, 0);
console.error(
  `wrote ${output}: ${Object.keys(table.moves).length} HS 2022 codes, ${entries} counterpart prefixes, ` +
    `${table.hs2017WithoutHeadingSuccessor.length} HS 2017 codes without a successor in their heading`,
);
