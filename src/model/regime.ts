/**
 * @module model/regime
 * The compiled regime: resolutions with their paragraphs, and measures with their dated versions, each
 * version pointing at the paragraphs that made it. Produced by `src/regime` from the data files; read by
 * the evaluation core, the CLI and the API.
 */
import type {
  Cap,
  Direction,
  EventKind,
  MeasureException,
  MeasureKind,
  MeasureScope,
  MeasureTerms,
  MeasureWindow,
  Modality,
  ObligationDuty,
  ObligationForce,
  Paragraph,
} from "./regime-schema.js";
import type { CitationVerification } from "./verification.js";

/** A pointer at one paragraph of one resolution, e.g. `S/RES/2371 (2017) OP9`. */
export interface Citation {
  readonly resolution: number;
  readonly symbol: string;
  readonly paragraph: string;
  /** The citation as written in verdicts: `S/RES/2371 (2017) OP9`. */
  readonly text: string;
  /** The verbatim phrase of the paragraph the data quotes for this citation, when it quotes one. */
  readonly anchor?: string | undefined;
  /**
   * Computed, never hand-written: the anchor checked against that paragraph of the official text (see
   * `texts/verify.ts`), with why in words. Unverified citations are still applied, and flagged.
   */
  readonly verification: CitationVerification;
  /** `verification.status === "verified"`. */
  readonly verified: boolean;
  readonly adopted: string;
  /** The operative verb of the paragraph in the official text (`Calls upon`), when the text is at hand. */
  readonly verb?: string | undefined;
}

export interface Vote {
  readonly yes: number;
  readonly no: number;
  readonly abstain: number;
  readonly against?: readonly string[] | undefined;
  readonly abstaining?: readonly string[] | undefined;
}

export interface Resolution {
  readonly number: number;
  readonly symbol: string;
  readonly adopted: string;
  readonly meeting?: string | undefined;
  readonly vote?: Vote | undefined;
  readonly unconfirmed: readonly string[];
  readonly sources: readonly string[];
  readonly trigger?: string | undefined;
  readonly summary: string;
  readonly designations?:
    | {
        individuals: number;
        entities: number;
        vessels?: number | undefined;
        /** The designating paragraph, verified like any citation; absent when the data names none. */
        citation?: Citation | undefined;
        /** The counts as the data gives them, and the designating paragraph verified against the text. */
        verified: boolean;
        note?: string | undefined;
      }
    | undefined;
  readonly paragraphs: readonly Paragraph[];
  /** Data file, relative to the regime directory. */
  readonly file: string;
}

/** An exception as compiled: where it comes from and whether that is confirmed. */
export interface CompiledException extends MeasureException {
  readonly citation: Citation;
  readonly verified: boolean;
}

/** A transition window with its dates computed from the adoption date. */
export interface CompiledWindow extends MeasureWindow {
  readonly citation: Citation;
  readonly verified: boolean;
  /** First day of the window (the day the measure version takes effect). */
  readonly opens: string;
  /** Last day the window allows (adoption date plus the days or months). */
  readonly lastDay: string;
}

/** What a version did to the measure. */
export type VersionChange = "imposed" | "amended" | "suspended";

/** One dated state of a measure. `to` is the last day in force, when known. */
export interface MeasureVersion {
  readonly from: string;
  readonly to?: string | undefined;
  readonly change: VersionChange;
  readonly title: string;
  readonly modality: Modality;
  readonly scope: MeasureScope;
  readonly cap?: Cap | undefined;
  readonly terms: MeasureTerms;
  readonly exceptions: readonly CompiledException[];
  readonly windows: readonly CompiledWindow[];
  /** The paragraphs that made this version. */
  readonly citations: readonly Citation[];
  /**
   * False when a citation or an element of the content is unconfirmed by the official text;
   * `unverified` says which.
   */
  readonly verified: boolean;
  readonly unverified: readonly string[];
  /**
   * This project's mapping of the Council's words to HS codes (a goods scope whose `verified` is false
   * in the data: "all arms" as chapter 93 and heading 8710). The text names goods, not codes, so no
   * text can verify the mapping: it is said apart from the citations, which the text does verify.
   */
  readonly interpretations: readonly string[];
  readonly notes: readonly string[];
  /**
   * For an `exhortation`: the first later version that made the measure binding (its first day and the
   * paragraph), e.g. 1874 OP18's financial services, binding from 2094 OP11.
   */
  readonly bindingFrom?: { readonly from: string; readonly citation: Citation } | undefined;
  /** Suspended (by a draft): not applied, unless a snapback event brings it back. */
  readonly suspended?: { readonly snapback: readonly string[] } | undefined;
  /** Versions of the same date replaced before they took effect (2375's 2 m bbl cap by 2397 OP5). */
  readonly superseded: readonly {
    readonly citations: readonly Citation[];
    readonly title: string;
    readonly cap?: Cap | undefined;
  }[];
}

export interface Measure {
  readonly id: string;
  readonly title: string;
  readonly kind: MeasureKind;
  readonly direction: Direction;
  readonly versions: readonly MeasureVersion[];
  /** The first day the measure is no longer in force, and why. */
  readonly ended?:
    | { readonly on: string; readonly how: "lifted" | "expired"; readonly citation?: Citation | undefined }
    | undefined;
}

export interface Commitment {
  readonly id: string;
  readonly kind: "trigger" | "review";
  readonly triggers: readonly string[];
  readonly undertaking: string;
  readonly measures: readonly string[];
  readonly citation: Citation;
  readonly verified: boolean;
  readonly from: string;
}

export interface RegimeEvent {
  readonly id: string;
  readonly date: string;
  readonly until?: string | undefined;
  readonly precision?: "day" | "month" | undefined;
  readonly kind: EventKind;
  readonly title: string;
  readonly zone?: "KST" | "NY" | undefined;
  readonly response?: string | undefined;
  readonly verified: boolean;
  readonly sources: readonly string[];
  readonly note?: string | undefined;
}

export interface CompiledRegime {
  readonly id: string;
  readonly title: string;
  readonly target: string;
  readonly committee: string;
  readonly scopeEdition: "HS2017" | "HS2022";
  /** The id of the asset freeze, as `regime.yaml` names it (checked: a measure imposed as a prohibition). */
  readonly assetFreeze?: string | undefined;
  /** The id of the cap the ledgers use by default, as `regime.yaml` names it (checked: imposed as a cap). */
  readonly defaultCap?: string | undefined;
  readonly reviewedOn: string;
  /** Content hash of the regime data: every verdict records it, so that it can be reproduced. */
  readonly version: string;
  /**
   * Content hash of the official texts the citations were verified against, or undefined when none was
   * given (then every citation is `no_official_text`). Verification is not part of `version`: the law
   * is the same law whether or not its texts have been imported.
   */
  readonly textsVersion?: string | undefined;
  /** Resolutions in order of adoption. */
  readonly resolutions: readonly Resolution[];
  readonly measures: ReadonlyMap<string, Measure>;
  readonly commitments: readonly Commitment[];
  /** Events in date order. */
  readonly events: readonly RegimeEvent[];
  /** Own-words labels of the HS codes the scopes name. */
  readonly goodsLabels: ReadonlyMap<string, string>;
  /**
   * What the Council demanded or decided the DPRK shall (not) do (`obligations.yaml`), in adoption order;
   * absent when the package has no such file (events are then not weighed, and say so).
   */
  readonly obligations?: readonly Obligation[] | undefined;
}

/** A conduct the texts name (`a launch that uses ballistic missile technology`) and the event kinds it reaches. */
export interface Conduct {
  readonly key: string;
  readonly words: string;
  readonly kinds: readonly EventKind[];
  readonly note?: string | undefined;
}

/** One clause the Council addressed to the DPRK, in force from its resolution's adoption. */
export interface Obligation {
  readonly id: string;
  readonly citation: Citation;
  /** The verbatim clause, checked against the official text by `sanctions validate --texts`. */
  readonly anchor: string;
  readonly force: ObligationForce;
  readonly duty: ObligationDuty;
  readonly conduct: readonly Conduct[];
  /** The adoption date of its resolution. */
  readonly from: string;
  readonly note?: string | undefined;
}
