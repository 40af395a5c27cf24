/**
 * @module evaluate/context
 * What the evaluation core receives besides the activity and the regime: injected dependencies with
 * minimal structural types (like Kysely's drivers), so that the core does no I/O. Each is optional; when
 * one is missing, the core says what it could not check with a reason code, never a silent "permitted".
 */
import type { Nomenclature } from "../goods/index.js";
import type { Activity } from "../model/activity.js";
import type { MatchDecision } from "../model/contract.js";
import type { CompiledRegime } from "../model/regime.js";

/** A party or vessel to screen. */
export interface PartyQuery {
  readonly name: string;
  readonly kind?: "person" | "entity" | "vessel";
  readonly dob?: string;
  readonly nationality?: string;
  readonly imo?: string;
  readonly passport?: string;
  readonly nationalId?: string;
  readonly swift?: string;
}

/** One designation a party matched. `alert` decides; `review` needs a person. */
export interface PartyMatch {
  readonly ref: string;
  readonly name: string;
  readonly list: string;
  /** The programmes the entry is filed under (`DPRK`, `DPRK3`, `SDNT`): with `list`, its legal basis. */
  readonly programmes?: readonly string[];
  readonly score: number;
  readonly band: "alert" | "review";
  readonly matchedName: string;
  readonly explanation?: unknown;
  /**
   * The analyst's latest decision on this party and entry, and what it does now (a screener wrapped
   * by `src/decisions` sets it): suppressed, confirmed by a person, or reopened by a changed entry.
   */
  readonly decision?: MatchDecision;
}

/** Screens names against the active lists (implemented by `src/screening`). */
export interface PartyScreener {
  readonly snapshotIds: readonly string[];
  screen(query: PartyQuery): readonly PartyMatch[];
}

/** The state of a quantity cap for one delivery (implemented by the cap ledgers). */
export interface CapCheck {
  readonly status: "within" | "exceeds" | "unknown";
  readonly used?: number;
  readonly limit?: number;
  readonly unit?: string;
  readonly note?: string;
}

export interface CapLedger {
  /** Whether a delivery of `quantity` `unit` on `date` fits under the cap of `measure` in force then. */
  check(measure: string, date: string, quantity: number | undefined, unit: string | undefined): CapCheck;
  /**
   * The same deliveries, with the caps read from another regime: a draft's amended regime, so that a
   * lowered cap is checked as the draft would set it. A ledger without it answers with its own caps.
   */
  forRegime?(regime: CompiledRegime): CapLedger;
}

/** A Committee exemption that may cover an activity (implemented by the exemption records). */
export interface ExemptionMatch {
  readonly reference: string;
  readonly applies: boolean;
  /** Why it does not apply, when it does not: expired, exhausted, items or parties not covered. */
  readonly reason?: string;
  readonly citation?: string;
}

export interface ExemptionRegistry {
  find(activity: Activity): readonly ExemptionMatch[];
}

export interface EvaluationContext {
  readonly screener?: PartyScreener | undefined;
  readonly caps?: CapLedger | undefined;
  readonly exemptions?: ExemptionRegistry | undefined;
  /** Imported nomenclatures by edition; without one, codes are checked by form only. */
  readonly nomenclatures?: Partial<Record<"HS2017" | "HS2022", Nomenclature>> | undefined;
}
