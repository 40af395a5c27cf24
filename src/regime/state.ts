/**
 * @module regime/state
 * What was in force on a date. Pure functions over a compiled regime: the answer to "what did the
 * Council prohibit on 17 December 2019, and where does each rule come from?".
 */
import { addDays, compareDates } from "../model/dates.js";
import type {
  Citation,
  CompiledException,
  CompiledRegime,
  CompiledWindow,
  Measure,
  MeasureVersion,
  RegimeEvent,
} from "../model/regime.js";

/** One measure in force on a date, with the version in force and its citations. */
export interface MeasureInForce {
  readonly id: string;
  readonly title: string;
  readonly kind: Measure["kind"];
  readonly direction: Measure["direction"];
  readonly modality: MeasureVersion["modality"];
  readonly scope: MeasureVersion["scope"];
  readonly cap?: MeasureVersion["cap"];
  readonly terms: MeasureVersion["terms"];
  /** First day of the current period in force. */
  readonly since: string;
  /** First day of the version in force. */
  readonly versionSince: string;
  /** The main citation of the version in force: `S/RES/2397 (2017) OP5`. */
  readonly citation: string;
  readonly citations: readonly Citation[];
  /** The paragraph that first imposed the measure. */
  readonly imposedBy: string;
  readonly verified: boolean;
  readonly unverified: readonly string[];
  /** The project's mapping of the text's words to HS codes, which no text can verify (`MeasureVersion`). */
  readonly interpretations: readonly string[];
  readonly exceptions: readonly CompiledException[];
  /** Transition windows still open on the date. */
  readonly openWindows: readonly CompiledWindow[];
  /** Set when a suspended measure is back in force because a snapback event was recorded. */
  readonly snapback?: { readonly event: string; readonly date: string } | undefined;
  /** The version itself, for the evaluation core. */
  readonly version: MeasureVersion;
}

export interface RegimeState {
  readonly at: string;
  readonly regimeVersion: string;
  readonly measures: readonly MeasureInForce[];
  /** Measures suspended on the date (by a draft), not applied. */
  readonly suspended: readonly { readonly id: string; readonly since: string; readonly citation: string }[];
}

export interface StateOptions {
  /** Events to consider besides the regime's own (what-if tests of snapback). */
  readonly extraEvents?: readonly Pick<RegimeEvent, "id" | "date" | "kind">[];
}

/** The version of a measure in force on `date`, if any (suspended versions included). */
export function versionAt(measure: Measure, date: string): MeasureVersion | undefined {
  return measure.versions.find(
    (version) =>
      compareDates(version.from, date) <= 0 &&
      (version.to === undefined || compareDates(date, version.to) <= 0),
  );
}

/** One measure's state on a date, or undefined when it is not in force. */
export function measureInForce(
  regime: CompiledRegime,
  measure: Measure,
  date: string,
  options: StateOptions = {},
): MeasureInForce | undefined {
  const version = versionAt(measure, date);
  if (!version) return undefined;
  let snapback: MeasureInForce["snapback"];
  if (version.suspended) {
    const trigger = snapbackEvent(regime, version, date, options);
    if (!trigger) return undefined;
    snapback = { event: trigger.id, date: trigger.date };
  }
  const index = measure.versions.indexOf(version);
  let since = snapback?.date ?? version.from;
  if (!snapback) {
    // Walk back over contiguous, unsuspended versions to find when this period in force began.
    for (let i = index - 1; i >= 0; i--) {
      const previous = measure.versions[i];
      if (!previous || previous.suspended || previous.to === undefined || addDays(previous.to, 1) !== since)
        break;
      since = previous.from;
    }
  }
  const first = measure.versions[0];
  return {
    id: measure.id,
    title: version.title,
    kind: measure.kind,
    direction: measure.direction,
    modality: version.modality,
    scope: version.scope,
    cap: version.cap,
    terms: version.terms,
    since,
    versionSince: version.from,
    citation: version.citations[0]?.text ?? "",
    citations: version.citations,
    imposedBy: first?.citations[0]?.text ?? "",
    verified: version.verified,
    unverified: version.unverified,
    interpretations: version.interpretations,
    exceptions: version.exceptions,
    openWindows: version.windows.filter(
      (window) => compareDates(window.opens, date) <= 0 && compareDates(date, window.lastDay) <= 0,
    ),
    snapback,
    version,
  };
}

/** Every measure in force on `date`, sorted by id. */
export function stateAt(regime: CompiledRegime, date: string, options: StateOptions = {}): RegimeState {
  const measures: MeasureInForce[] = [];
  const suspended: RegimeState["suspended"][number][] = [];
  for (const measure of regime.measures.values()) {
    const inForce = measureInForce(regime, measure, date, options);
    if (inForce) {
      measures.push(inForce);
      continue;
    }
    const version = versionAt(measure, date);
    if (version?.suspended)
      suspended.push({ id: measure.id, since: version.from, citation: version.citations[0]?.text ?? "" });
  }
  return { at: date, regimeVersion: regime.version, measures, suspended };
}

/**
 * The dates on which what {@link stateAt} returns (without extra events) can change, sorted: the first
 * day of each version, the day after each version ends, the day each transition window opens, the day
 * after it closes, and each event (a snapback is counted from its date). Between two of these dates,
 * every date gives the same measures, versions, periods in force, exceptions and open windows. Undefined
 * when a date of the regime is not written YYYY-MM-DD (then no date can be trusted to compare as text).
 */
export function stateChanges(regime: CompiledRegime): readonly string[] | undefined {
  const dates = new Set<string>();
  for (const measure of regime.measures.values()) {
    for (const version of measure.versions) {
      dates.add(version.from);
      if (version.to !== undefined) dates.add(addDays(version.to, 1));
      for (const window of version.windows) {
        dates.add(window.opens);
        dates.add(addDays(window.lastDay, 1));
      }
    }
  }
  for (const event of regime.events) dates.add(event.date);
  const sorted = [...dates].sort();
  return sorted.every((date) => /^\d{4}-\d{2}-\d{2}$/.test(date)) ? sorted : undefined;
}

function snapbackEvent(
  regime: CompiledRegime,
  version: MeasureVersion,
  date: string,
  options: StateOptions,
): Pick<RegimeEvent, "id" | "date" | "kind"> | undefined {
  const kinds = new Set(version.suspended?.snapback ?? []);
  if (kinds.size === 0) return undefined;
  const events = [...regime.events, ...(options.extraEvents ?? [])]
    .filter((event) => kinds.has(event.kind))
    .filter((event) => compareDates(version.from, event.date) <= 0 && compareDates(event.date, date) <= 0)
    .sort((a, b) => compareDates(a.date, b.date));
  return events[0];
}
