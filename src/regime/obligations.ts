/**
 * @module regime/obligations
 * The DPRK's own obligations (`obligations.yaml`) and events weighed against them. The sanctions
 * measures bind States; these clauses are the Council's demands and decisions addressed to the DPRK
 * itself (1718 OP2 "Demands that the DPRK not conduct any further nuclear test or launch of a ballistic
 * missile", 2094 OP2 "Decides that the DPRK shall not conduct any further launches that use ballistic
 * missile technology ..."). "In breach of Security Council resolutions" is a claim the engine can now
 * check: a test or launch breaches the clauses in force on its date that name its kind of conduct, and
 * nothing else does. A cruise missile does not use ballistic missile technology, so no clause reaches it,
 * and the answer says so rather than staying silent.
 *
 * Findings are data with a stable code (like `src/council/errors.ts`); {@link eventFindingText} is the one
 * place that words them.
 */
import { compareDates } from "../model/dates.js";
import type { RegimeIssue } from "../model/issues.js";
import type { CompiledRegime, Conduct, Obligation, RegimeEvent, Resolution } from "../model/regime.js";
import type { EventKind, ObligationsFile } from "../model/regime-schema.js";
import { citationOf, type OfficialTexts } from "./compile.js";

/** The file the obligations are read from, relative to the package. */
export const obligationsFileName = "obligations.yaml";

/** The event kinds that are conduct of the DPRK the clauses could name: tests and launches. */
export const conductKinds: readonly EventKind[] = [
  "nuclear-test",
  "icbm-launch",
  "irbm-launch",
  "ballistic-missile-launch",
  "cruise-missile-launch",
  "satellite-launch",
  "missile-launch",
];

/** An event kind in words, for the sentences of the findings. */
export function eventKindWords(kind: EventKind): string {
  switch (kind) {
    case "nuclear-test":
      return "a nuclear test";
    case "icbm-launch":
      return "an ICBM launch";
    case "irbm-launch":
      return "an IRBM launch";
    case "ballistic-missile-launch":
      return "a ballistic missile launch";
    case "cruise-missile-launch":
      return "a cruise missile launch";
    case "satellite-launch":
      return "a satellite launch";
    case "missile-launch":
      return "a missile launch of unrecorded type";
    case "summit":
    case "declaration":
    case "talks":
    case "deadline":
    case "draft-circulated":
    case "draft-vetoed":
    case "mandate-lapse":
    case "treaty":
    case "initiative":
    case "statement":
    case "council-meeting":
      return `an event of kind ${kind}`;
  }
}

/**
 * Compiles `obligations.yaml` against a compiled regime: each citation must name a resolution of the
 * package (its adoption date is when the clause takes force), each conduct key must be defined, ids are
 * unique. The paragraph need not be encoded in the resolution file: this file is where it is encoded.
 */
export function compileObligations(
  regime: Pick<CompiledRegime, "resolutions">,
  data: ObligationsFile,
  file: string = obligationsFileName,
  texts: OfficialTexts = [],
): { obligations: Obligation[]; issues: RegimeIssue[] } {
  const issues: RegimeIssue[] = [];
  const bySymbol = new Map<string, Resolution>(regime.resolutions.map((r) => [r.symbol, r]));
  const conduct = new Map<string, Conduct>(
    Object.entries(data.conduct).map(([key, entry]) => [
      key,
      { key, words: entry.words, kinds: entry.kinds, ...(entry.note ? { note: entry.note } : {}) },
    ]),
  );
  const seen = new Set<string>();
  const obligations: Obligation[] = [];
  data.obligations.forEach((record, index) => {
    const path = ["obligations", index];
    if (seen.has(record.id)) {
      issues.push({
        code: "duplicate_obligation",
        file,
        path: [...path, "id"],
        message: `obligation ${record.id} appears twice`,
      });
      return;
    }
    seen.add(record.id);
    const match = /^(S\/RES\/\d+ \(\d{4}\)) (\S+)$/.exec(record.citation);
    const resolution = match?.[1] === undefined ? undefined : bySymbol.get(match[1]);
    if (!match?.[2] || !resolution) {
      issues.push({
        code: "unknown_resolution",
        file,
        path: [...path, "citation"],
        message: `no resolution ${match?.[1] ?? record.citation} in the regime data`,
      });
      return;
    }
    const named: Conduct[] = [];
    record.conduct.forEach((key, c) => {
      const found = conduct.get(key);
      if (found) named.push(found);
      else
        issues.push({
          code: "invalid_value",
          file,
          path: [...path, "conduct", c],
          message: `no conduct "${key}" under conduct: (known: ${[...conduct.keys()].join(", ")})`,
        });
    });
    obligations.push({
      id: record.id,
      // Verified only against the official text, never by hand.
      citation: citationOf(resolution, match[2], texts, record.anchor),
      anchor: record.anchor,
      force: record.force,
      duty: record.duty,
      conduct: named,
      from: resolution.adopted,
      ...(record.note ? { note: record.note } : {}),
    });
  });
  obligations.sort((a, b) => compareDates(a.from, b.from) || a.citation.text.localeCompare(b.citation.text));
  return { obligations, issues };
}

/** What the engine finds of one event against the DPRK's obligations. */
export type EventFinding =
  /** The event is conduct a clause in force names. */
  | {
      readonly code: "breach";
      readonly kind: EventKind;
      readonly obligation: Obligation;
      readonly conduct: Conduct;
    }
  /** A cruise missile: no clause names it (they name ballistic missiles and their technology). */
  | { readonly code: "not_ballistic"; readonly kind: EventKind }
  /** A launch recorded without its type: whether it was ballistic is not known, so nothing is applied. */
  | { readonly code: "launch_type_unrecorded"; readonly kind: EventKind }
  /** Conduct the clauses name, but none in force on the date names it; `first` is the first that does. */
  | {
      readonly code: "none_in_force";
      readonly kind: EventKind;
      readonly date: string;
      readonly first: Obligation;
      readonly conduct: Conduct;
    }
  /** Not a test or launch (a summit, a draft, a deadline): not weighed against the DPRK's obligations. */
  | { readonly code: "not_conduct"; readonly kind: EventKind }
  /** The regime package has no obligations file: the engine cannot say, and says so. */
  | { readonly code: "no_obligations"; readonly kind: EventKind };

export type EventFindingCode = EventFinding["code"];

/** How the clause puts the duty: "decides the DPRK shall not conduct", "demands that the DPRK suspend". */
function clauseWords(obligation: Obligation): string {
  const duty = obligation.duty === "not-conduct" ? "not conduct" : obligation.duty;
  switch (obligation.force) {
    case "demand":
      return `demands that the DPRK ${duty}`;
    case "decision":
      return `decides the DPRK shall ${duty}`;
    case "reaffirmation":
      return `reaffirms the decision that the DPRK shall ${duty}`;
  }
}

/** English text of a finding; the one place where these sentences are worded. */
export function eventFindingText(finding: EventFinding): string {
  switch (finding.code) {
    case "breach":
      return `${finding.conduct.words}, which ${finding.obligation.citation.text} ${clauseWords(finding.obligation)}`;
    case "not_ballistic":
      return "a cruise missile does not use ballistic missile technology: no paragraph reached";
    case "launch_type_unrecorded":
      return "the record does not say whether the missiles were ballistic: no paragraph is applied";
    case "none_in_force":
      return (
        `no paragraph in force on ${finding.date} names ${eventKindWords(finding.kind)}; the first that does, ` +
        `${finding.first.citation.text} (${finding.conduct.words}), was adopted on ${finding.first.from}`
      );
    case "not_conduct":
      return `${eventKindWords(finding.kind)} is not a test or a launch: the DPRK's obligations are not weighed against it`;
    case "no_obligations":
      return `the regime package has no ${obligationsFileName}: whether ${eventKindWords(finding.kind)} breaches a paragraph cannot be said`;
  }
}

/** The obligations in force on a date: adopted on or before it (none has been lifted). */
export function obligationsInForce(regime: CompiledRegime, date: string): Obligation[] {
  return (regime.obligations ?? []).filter((obligation) => compareDates(obligation.from, date) <= 0);
}

/**
 * Weighs one event against the DPRK's obligations: every clause in force on its date that names its
 * conduct (one `breach` each), or one finding that says why none is reached.
 */
export function weighEvent(
  regime: CompiledRegime,
  event: Pick<RegimeEvent, "date" | "kind">,
): EventFinding[] {
  const { kind } = event;
  if (!conductKinds.includes(kind)) return [{ code: "not_conduct", kind }];
  if (regime.obligations === undefined) return [{ code: "no_obligations", kind }];
  const reaching = regime.obligations.flatMap((obligation) =>
    obligation.conduct
      .filter((conduct) => conduct.kinds.includes(kind))
      .slice(0, 1)
      .map((conduct) => ({ obligation, conduct })),
  );
  if (reaching.length === 0) {
    return [{ code: kind === "cruise-missile-launch" ? "not_ballistic" : "launch_type_unrecorded", kind }];
  }
  const inForce = reaching.filter(({ obligation }) => compareDates(obligation.from, event.date) <= 0);
  if (inForce.length === 0) {
    const first = reaching[0];
    if (!first) return [{ code: "launch_type_unrecorded", kind }];
    return [
      { code: "none_in_force", kind, date: event.date, first: first.obligation, conduct: first.conduct },
    ];
  }
  return inForce.map(({ obligation, conduct }) => ({ code: "breach", kind, obligation, conduct }));
}
