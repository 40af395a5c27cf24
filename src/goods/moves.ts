/**
 * @module goods/moves
 * Where a code's goods sit in the other edition, from the committed edition-moves table. No user
 * import is needed: the table ships with the engine (see `moves-derive.ts` for the rule).
 */
import table from "./data/hs2022-hs2017-moves.json" with { type: "json" };
import type { HsEdition } from "./edition.js";
import type { EditionMove, EditionMovesTable, HsRelationship } from "./moves-derive.js";

const moves: EditionMovesTable = table as EditionMovesTable;
const withoutSuccessor = new Set(moves.hs2017WithoutHeadingSuccessor);
const fullyListed = new Set(moves.hs2022HeadingsFullyListed);
const moveEntries: readonly [string, EditionMove][] = Object.entries(moves.moves);

/** A code's counterparts in another edition. */
export interface Counterparts {
  /**
   * Counterparts as prefixes (2, 4 or 6 digits). A counterpart equal to the code's own first 6 (or
   * fewer) digits stands for "the same goods under the same code or heading".
   */
  readonly codes: readonly string[];
  /** Correlation relationships involved; empty when the code did not leave its heading. */
  readonly relationships: readonly HsRelationship[];
  /** True when some of the code's goods are under another heading in the other edition. */
  readonly moved: boolean;
}

/** The edition-moves table as committed (read-only), for tools and tests. */
export function editionMovesTable(): EditionMovesTable {
  return moves;
}

/**
 * The counterparts of a normalised code in another edition. Only the first 6 digits are
 * international; national extensions are dropped. For a chapter or heading the answer is the union
 * over its subheadings, with the code itself standing for the subheadings that did not move.
 *
 * Exact at heading level; within a heading the table assumes the same code (see docs/goods.md).
 */
export function counterparts(code: string, from: HsEdition, to: HsEdition): Counterparts {
  const own = code.slice(0, 6);
  if (from === to) return { codes: [own], relationships: [], moved: false };
  return from === "HS2022" ? backToHs2017(own) : forwardToHs2022(own);
}

function backToHs2017(code: string): Counterparts {
  const hits =
    code.length === 6 ? pick(moves.moves[code], code) : moveEntries.filter(([key]) => key.startsWith(code));
  // The code itself stands for what stayed in place: for a 6-digit code, when the table does not list
  // it; for a heading, unless all its subheadings are listed; a chapter always keeps something.
  const stays = code.length === 6 ? hits.length === 0 : code.length !== 4 || !fullyListed.has(code);
  return collect(
    hits.map(([, move]) => move),
    stays ? [code] : [],
    hits.map(([, move]) => move.hs2017),
  );
}

function forwardToHs2022(code: string): Counterparts {
  // An HS 2022 code takes goods from this HS 2017 code when one of its counterpart prefixes overlaps it.
  const hits = moveEntries.filter(([, move]) =>
    move.hs2017.some((p) => p.startsWith(code) || code.startsWith(p)),
  );
  const stays = !(code.length === 6 && withoutSuccessor.has(code));
  return collect(
    hits.map(([, move]) => move),
    stays ? [code] : [],
    hits.map(([key]) => [key]),
  );
}

function pick(move: EditionMove | undefined, code: string): [string, EditionMove][] {
  return move ? [[code, move]] : [];
}

function collect(
  hits: readonly EditionMove[],
  own: readonly string[],
  codeLists: readonly (readonly string[])[],
): Counterparts {
  const codes = [...new Set([...own, ...codeLists.flat()])].sort();
  const relationships = [...new Set(hits.flatMap((move) => move.relationships))].sort();
  return { codes, relationships, moved: hits.length > 0 };
}
