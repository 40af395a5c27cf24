/**
 * @module regime/timeline
 * How the regime changed between two dates: measures imposed, amended, suspended, lifted or expired,
 * and transition windows closing, each with the paragraph that did it; plus the events of the period.
 */
import { addDays, compareDates } from "../model/dates.js";
import type { CompiledRegime, RegimeEvent } from "../model/regime.js";

export type ChangeKind = "imposed" | "amended" | "suspended" | "lifted" | "expired" | "window-closed";

export interface RegimeChange {
  readonly date: string;
  readonly measure: string;
  readonly title: string;
  readonly change: ChangeKind;
  /** Citations of the paragraphs behind the change (none for an expiry or a window closing by time). */
  readonly citations: readonly string[];
  readonly verified: boolean;
  readonly detail?: string | undefined;
}

export interface Timeline {
  readonly from: string;
  readonly to: string;
  readonly regimeVersion: string;
  readonly changes: readonly RegimeChange[];
  readonly events: readonly RegimeEvent[];
}

/** Changes and events with dates in `[from, to]`, in date order. */
export function timeline(regime: CompiledRegime, from: string, to: string): Timeline {
  const within = (date: string): boolean => compareDates(from, date) <= 0 && compareDates(date, to) <= 0;
  const changes: RegimeChange[] = [];
  for (const measure of regime.measures.values()) {
    for (const version of measure.versions) {
      if (within(version.from)) {
        changes.push({
          date: version.from,
          measure: measure.id,
          title: version.title,
          change: version.change,
          citations: version.citations.map((citation) => citation.text),
          verified: version.verified,
          detail:
            version.superseded.length > 0
              ? `replaces, before it took effect, ${version.superseded.flatMap((old) => old.citations.map((c) => c.text)).join(", ")}`
              : undefined,
        });
      }
      for (const window of version.windows) {
        const closes = addDays(window.lastDay, 1);
        // A window carried into later versions is reported once, from the version that opened it.
        if (within(closes) && window.opens === version.from) {
          changes.push({
            date: closes,
            measure: measure.id,
            title: version.title,
            change: "window-closed",
            citations: [window.citation.text],
            verified: window.verified,
            detail: `${window.id} (${window.kind}) allowed up to ${window.lastDay}`,
          });
        }
      }
    }
    if (measure.ended && within(measure.ended.on)) {
      changes.push({
        date: measure.ended.on,
        measure: measure.id,
        title: measure.title,
        change: measure.ended.how,
        citations: measure.ended.citation ? [measure.ended.citation.text] : [],
        verified: measure.ended.citation?.verified ?? true,
      });
    }
  }
  changes.sort((a, b) => compareDates(a.date, b.date) || a.measure.localeCompare(b.measure));
  const events = regime.events.filter((event) => within(event.date));
  return { from, to, regimeVersion: regime.version, changes, events };
}
