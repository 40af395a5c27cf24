/**
 * @module goods/moves-derive
 * Derives the edition-moves table (`data/hs2022-hs2017-moves.json`) from the UNSD HS 2022 ↔ HS 2017
 * correlation CSV. Kept in the library, not only in the script, so that a test can regenerate the
 * table from the shared data and prove the committed file is what the rule produces.
 *
 * The rule: keep only the HS 2022 subheadings whose HS 2017 counterparts do not all sit under the
 * same 4-digit heading as the HS 2022 code itself. Every other code keeps its goods inside its own
 * heading, so a 2- or 4-digit scope decides it exactly as in its own edition.
 */
import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";

/** Relationship types of the UNSD correlation table (HS 2022 side first). */
export type HsRelationship = "1:1" | "1:n" | "n:1" | "n:n";

/** Where one HS 2022 subheading's goods were in HS 2017. */
export interface EditionMove {
  /** Relationship types the correlation gives for this code (a few codes carry two). */
  readonly relationships: readonly HsRelationship[];
  /**
   * HS 2017 counterparts as prefixes: 6-digit subheadings, or a 4-digit heading / 2-digit chapter
   * when every HS 2017 subheading the correlation lists under it is a counterpart (keeps `8549xx`,
   * which absorbed parts of whole chapters, small).
   */
  readonly hs2017: readonly string[];
}

/** The committed table. */
export interface EditionMovesTable {
  readonly description: string;
  readonly source: string;
  readonly sourceSha256: string;
  readonly derivedBy: string;
  /** HS 2022 subheading → its HS 2017 counterparts, only for codes that left their heading. */
  readonly moves: Readonly<Record<string, EditionMove>>;
  /**
   * HS 2017 subheadings none of whose goods stayed in their own heading in HS 2022 (e.g. `880310`
   * → `880710`). Needed to map HS 2017 codes forward without assuming they still exist.
   */
  readonly hs2017WithoutHeadingSuccessor: readonly string[];
  /**
   * HS 2022 headings every subheading of which is listed in `moves` (new headings such as `0309`,
   * `8806`). A heading-level query then uses the listed counterparts only, not the heading itself.
   */
  readonly hs2022HeadingsFullyListed: readonly string[];
}

const relationships = new Set<string>(["1:1", "1:n", "n:1", "n:n"]);
const subheading = /^\d{6}$/;

/** Builds the table from the text of `hs2022-hs2017-correlation.csv` (columns HS2022, HS2017, Relationship). */
export function deriveEditionMoves(csvText: string): EditionMovesTable {
  const rows: unknown = parse(csvText, { columns: true, skip_empty_lines: true, trim: true });
  if (!Array.isArray(rows)) throw new Error("correlation CSV did not parse into rows");

  const forward = new Map<string, { hs2017: Set<string>; relationships: Set<HsRelationship> }>();
  const backward = new Map<string, Set<string>>();
  rows.forEach((row: Record<string, string | undefined>, index) => {
    const hs2022 = row["HS2022"];
    const hs2017 = row["HS2017"];
    const relationship = row["Relationship"];
    const line = index + 2;
    if (hs2022 === undefined || !subheading.test(hs2022))
      throw new Error(`line ${line}: bad HS2022 "${hs2022}"`);
    if (hs2017 === undefined || !subheading.test(hs2017))
      throw new Error(`line ${line}: bad HS2017 "${hs2017}"`);
    if (relationship === undefined || !relationships.has(relationship)) {
      throw new Error(`line ${line}: bad Relationship "${relationship}"`);
    }
    let entry = forward.get(hs2022);
    if (!entry) forward.set(hs2022, (entry = { hs2017: new Set(), relationships: new Set() }));
    entry.hs2017.add(hs2017);
    entry.relationships.add(relationship as HsRelationship);
    let back = backward.get(hs2017);
    if (!back) backward.set(hs2017, (back = new Set()));
    back.add(hs2022);
  });

  // The HS 2017 subheadings the table knows, per heading and per chapter, to collapse counterparts.
  const underPrefix = new Map<string, number>();
  for (const code of backward.keys()) {
    for (const prefix of [code.slice(0, 2), code.slice(0, 4)]) {
      underPrefix.set(prefix, (underPrefix.get(prefix) ?? 0) + 1);
    }
  }

  const moves: Record<string, EditionMove> = {};
  for (const hs2022 of [...forward.keys()].sort()) {
    const entry = forward.get(hs2022);
    if (!entry) continue;
    const heading = hs2022.slice(0, 4);
    if ([...entry.hs2017].every((code) => code.startsWith(heading))) continue;
    moves[hs2022] = {
      relationships: [...entry.relationships].sort(),
      hs2017: collapse(entry.hs2017, underPrefix),
    };
  }

  const withoutSuccessor = [...backward.entries()]
    .filter(([hs2017, successors]) => [...successors].every((code) => !code.startsWith(hs2017.slice(0, 4))))
    .map(([hs2017]) => hs2017)
    .sort();

  const headings = new Map<string, boolean>();
  for (const hs2022 of forward.keys()) {
    const heading = hs2022.slice(0, 4);
    headings.set(heading, (headings.get(heading) ?? true) && hs2022 in moves);
  }
  const fullyListed = [...headings.entries()]
    .filter(([, listed]) => listed)
    .map(([heading]) => heading)
    .sort();

  return {
    description:
      "HS 2022 subheadings whose HS 2017 counterparts are not all under the same 4-digit heading. " +
      "Codes not listed here kept their goods in their own heading: their HS 2017 counterpart is the same code.",
    source:
      "UNSD, HS2022 to HS2017 Correlation Table (sheet 'HS2022-HS2017 Correlations'), as shipped in the R package " +
      "'concordance' (github.com/insongkim/concordance, data-raw/HS2022toHS2017ConversionAndCorrelationTables.xlsx, " +
      "blob ede9ff10e6cfd019c325c97be85736c1daca92ef), converted to hs2022-hs2017-correlation.csv",
    sourceSha256: createHash("sha256").update(csvText).digest("hex"),
    derivedBy: "scripts/derive-hs-edition-moves.ts",
    moves,
    hs2017WithoutHeadingSuccessor: withoutSuccessor,
    hs2022HeadingsFullyListed: fullyListed,
  };
}

/** Replaces a full chapter or heading of counterparts by its prefix; sorted output. */
function collapse(codes: ReadonlySet<string>, underPrefix: ReadonlyMap<string, number>): string[] {
  const count = (prefix: string): number => [...codes].filter((code) => code.startsWith(prefix)).length;
  const out: string[] = [];
  for (const chapter of [...new Set([...codes].map((code) => code.slice(0, 2)))].sort()) {
    if (count(chapter) === underPrefix.get(chapter)) {
      out.push(chapter);
      continue;
    }
    const headings = [
      ...new Set([...codes].filter((c) => c.startsWith(chapter)).map((c) => c.slice(0, 4))),
    ].sort();
    for (const heading of headings) {
      if (count(heading) === underPrefix.get(heading)) out.push(heading);
      else out.push(...[...codes].filter((code) => code.startsWith(heading)).sort());
    }
  }
  return out;
}
