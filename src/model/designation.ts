/**
 * @module model/designation
 * The shared vocabulary of sanctions lists: who or what is designated, under which names, with which
 * identifying facts. List readers (UN XML, OFAC CSV, FollowTheMoney JSON) produce these records; the
 * matcher and the evaluation core read them. Readers keep what the source says; nothing here is inferred.
 */

/** What a designation designates. */
export type DesignationKind = "person" | "entity" | "vessel";

/**
 * How much weight a name deserves. The UN list marks aliases "Good quality" or "Low quality";
 * OFAC marks weak aliases ("weak" → `low`); "formerly known as" names are `former`.
 */
export type NameQuality = "primary" | "good" | "low" | "former";

/** One name or alias as the list writes it. */
export interface DesignationName {
  readonly full: string;
  readonly quality: NameQuality;
  /** Name parts when the source gives them (UN FIRST_NAME/SECOND_NAME/...). */
  readonly parts?: readonly string[];
  /** Script when it is not Latin, e.g. "Hangul". */
  readonly script?: string;
}

/**
 * A date of birth as precise as the source gives it. Dates are ISO calendar dates or years.
 * `approximate` is set when the source says the date is approximate (UN `APPROXIMATELY`, OFAC
 * `circa`).
 */
export type BirthDate =
  | { readonly kind: "exact"; readonly date: string }
  | { readonly kind: "year"; readonly year: number; readonly approximate?: boolean }
  | {
      readonly kind: "range";
      readonly fromYear: number;
      readonly toYear: number;
      readonly approximate?: boolean;
    };

/** An identifier that can confirm a match. IMO numbers carry the result of their check-digit test. */
export interface Identifier {
  readonly type: "imo" | "passport" | "national-id" | "other";
  readonly value: string;
  readonly country?: string;
  /**
   * For ship IMO numbers: whether the check digit is right. Left unset for IMO *company* numbers,
   * which have no such check digit.
   */
  readonly valid?: boolean;
  /**
   * The source's own words about the identifier when they add something: `"company"` for an IMO
   * company number, `"diplomatic passport"`, `"SWIFT/BIC"`, an issue or expiry note.
   */
  readonly note?: string;
}

/** What a list says about a designated vessel besides its names and IMO number (OFAC, FtM `Vessel`). */
export interface VesselDetails {
  /** Flag state: ISO 3166 alpha-2 where known, else the source's words. */
  readonly flag?: string;
  /** Vessel type in the source's words, e.g. `Crude Oil Tanker`, `General Cargo`. */
  readonly type?: string;
  readonly tonnage?: string;
  readonly grossRegisteredTonnage?: string;
  /** Owner as the source writes it. */
  readonly owner?: string;
}

/** One designated person, entity or vessel on one list. */
export interface Designation {
  /** The list's own reference: `KPi.033`, `KPe.020`, an OFAC entity number, an FtM id. */
  readonly ref: string;
  /** Which list: `UN`, `OFAC-SDN`, or `FTM:<dataset>`. */
  readonly list: string;
  /** Programmes or regimes the list files it under, e.g. `DPRK`, `DPRK3`. */
  readonly programmes: readonly string[];
  /**
   * The authority that lists it, when the source says so entry by entry (FollowTheMoney `Sanction`
   * `authority`); for the UN and OFAC lists the list itself says it (`src/lists/basis.ts`).
   */
  readonly authority?: string;
  /** FollowTheMoney `topics` (`sanction`, `sanction.linked`, `debarment`, ...), when the source gives them. */
  readonly topics?: readonly string[];
  readonly kind: DesignationKind;
  readonly names: readonly DesignationName[];
  readonly birthDates: readonly BirthDate[];
  /** ISO 3166 alpha-2 codes where the source allows it, else the source's words. */
  readonly nationalities: readonly string[];
  readonly gender?: "male" | "female";
  readonly identifiers: readonly Identifier[];
  /** ISO date the list gives for the listing. */
  readonly listedOn?: string;
  readonly remarks?: string;
  /**
   * The source's own type word when `kind` cannot say it: OFAC `aircraft` and FtM `Airplane` are
   * read as `entity` with `sourceType: "aircraft"`.
   */
  readonly sourceType?: string;
  /** Vessel details, for `kind: "vessel"` when the source gives them. */
  readonly vessel?: VesselDetails;
}

/** Counts that describe a snapshot at a glance. */
export interface SnapshotCounts {
  readonly persons: number;
  readonly entities: number;
  readonly vessels: number;
  readonly names: number;
}

/** One imported version of one list. Its id is the content hash of the designations. */
export interface ListSnapshot {
  readonly id: string;
  readonly source: string;
  readonly list: string;
  /** The generation date the source states, if any. */
  readonly generatedOn?: string;
  readonly importedAt: string;
  readonly counts: SnapshotCounts;
  readonly designations: readonly Designation[];
}
