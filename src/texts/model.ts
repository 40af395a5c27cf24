/**
 * @module texts/model
 * A Security Council resolution as read from its official text: what a citation points into.
 */
import type { Verb } from "./verbs.js";

/** A lettered sub-paragraph, `(a)`, with its own numbered points (`(i)`, `(ii)`) folded into its text. */
export interface SubParagraph {
  /** The letter without brackets: `a`. */
  readonly label: string;
  readonly text: string;
}

/** A numbered operative paragraph. */
export interface OperativeParagraph {
  /** The printed number without its dot (`8`), not the markup's `eId`, which counts headings too. */
  readonly number: string;
  /** The whole paragraph, sub-paragraphs included, whitespace normalised. */
  readonly text: string;
  /** The text before the first sub-paragraph (the whole text when there is none). */
  readonly lead: string;
  /** The verb the paragraph opens with, when there is one. */
  readonly verb?: Verb;
  /** Every operative verb of the paragraph in order (`Expresses concern`, `decides`, …). */
  readonly verbs: readonly Verb[];
  /** Whether some verb of the paragraph is a decision: part of it binds even if it opens otherwise. */
  readonly decides: boolean;
  readonly subparagraphs: readonly SubParagraph[];
  /** Symbols of the other resolutions the paragraph cites, `S/RES/1718 (2006)`, in order, once each. */
  readonly cites: readonly string[];
}

/** A preambular paragraph (`Recalling …`). */
export interface PreambleParagraph {
  readonly text: string;
  readonly verb?: Verb;
}

/**
 * An annex (`<attachments>`): its label as printed, without the colon some texts put after it (2270's
 * luxury-goods annex is headed "Annex IV:"), the heading under it, and its text, one line per block.
 */
export interface Annex {
  /** `Annex IV`: the word and the Roman numeral the text prints. */
  readonly label: string;
  /** The line under the label (`Luxury goods`), when there is one. */
  readonly heading?: string;
  /** The annex's blocks, whitespace normalised, one per line (`1. Jewelry:`, `(a) Jewelry with pearls;`). */
  readonly text: string;
}

/** A resolution (or a draft) as its text gives it. */
export interface ResolutionText {
  /** As the regime data writes citations: `S/RES/2397 (2017)`; a draft keeps its symbol, `S/2024/255`. */
  readonly symbol: string;
  /** ISO date of adoption (or of the vote, for a draft), when the text gives one. */
  readonly adopted?: string;
  /** `Resolution 2397 (2017)`, or what the cover page says of a draft. */
  readonly title?: string;
  readonly preamble: readonly PreambleParagraph[];
  readonly paragraphs: readonly OperativeParagraph[];
  /**
   * The annexes in the order printed (the reader always sets it, empty when the text has none;
   * optional so that texts built by hand, in tests, need not).
   */
  readonly annexes?: readonly Annex[];
}
