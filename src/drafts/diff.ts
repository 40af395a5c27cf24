/**
 * @module drafts/diff
 * What a draft would change. The legal diff compares, for each measure the draft touches, the measure in
 * force under adopted law with the measure under the draft, on the day the draft's operation takes
 * effect. The verdict diff evaluates activities under both and lists the verdicts that change.
 */
import type { EvaluationContext } from "../evaluate/index.js";
import { createEvaluator } from "../evaluate/index.js";
import type { Activity } from "../model/activity.js";
import { compareDates } from "../model/dates.js";
import type { RegimeIssue } from "../model/issues.js";
import type { CompiledRegime } from "../model/regime.js";
import type { Cap, DraftFile, Modality } from "../model/regime-schema.js";
import type { Outcome, Verdict } from "../model/verdict.js";
import { loadRegime, measureInForce, type MeasureInForce } from "../regime/index.js";

export type MeasureChangeKind =
  "lifted" | "suspended" | "eased" | "tightened" | "amended" | "added" | "extended";

/** A measure as it stands on one side of the diff. */
export interface MeasureSide {
  readonly inForce: boolean;
  readonly citation?: string;
  readonly modality?: Modality;
  readonly cap?: Cap;
  readonly exceptions?: readonly string[];
  readonly hs?: readonly string[];
  readonly until?: string;
}

export interface MeasureChange {
  readonly measure: string;
  readonly title: string;
  readonly change: MeasureChangeKind;
  /** The day the draft's operation takes effect. */
  readonly effective: string;
  /** The draft paragraphs behind the change. */
  readonly citations: readonly string[];
  readonly verified: boolean;
  readonly before: MeasureSide;
  readonly after: MeasureSide;
  /** What changed, one phrase each: "exception KP-FIN-JV/inter-korean added", "cap 500,000 → 375,000 bbl". */
  readonly details: readonly string[];
  /** For a suspension: the events that bring the measure back. */
  readonly snapback?: readonly string[];
}

export interface DraftDiff {
  readonly draft: {
    readonly id: string;
    readonly symbol?: string;
    readonly title: string;
    readonly status: string;
    readonly at: string;
  };
  readonly regimeVersion: string;
  readonly draftRegimeVersion: string;
  readonly changes: readonly MeasureChange[];
  /** The Council commitments the draft would make. */
  readonly commitments: readonly {
    readonly id: string;
    readonly undertaking: string;
    readonly citation: string;
  }[];
  readonly baseline: CompiledRegime;
  readonly amended: CompiledRegime;
}

export type DraftDiffResult =
  | { readonly diff: DraftDiff; readonly issues: readonly [] }
  | { readonly diff?: undefined; readonly issues: readonly RegimeIssue[] };

/** Applies `draft` to the regime in `regimeDir` at `at` (default: circulation or vote date) and diffs. */
export async function diffDraft(
  regimeDir: string,
  draft: DraftFile,
  options: { at?: string; file?: string } = {},
): Promise<DraftDiffResult> {
  const at = options.at ?? draft.at ?? draft.circulated ?? draft.date ?? "";
  const file = options.file ?? `drafts/${draft.id}.yaml`;
  const [base, amended] = await Promise.all([
    loadRegime(regimeDir),
    loadRegime(regimeDir, { drafts: [{ file, data: draft, at }] }),
  ]);
  if (!base.regime) return { issues: base.issues };
  if (!amended.regime) return { issues: amended.issues };
  const baseline = base.regime;
  const withDraft = amended.regime;

  const touched = new Map<
    string,
    { effective: string; citations: string[]; verified: boolean; notes: string[] }
  >();
  const commitments: DraftDiff["commitments"][number][] = [];
  const label = `${draft.symbol ?? draft.id} (draft)`;
  for (const paragraph of draft.paragraphs) {
    for (const effect of paragraph.effects ?? []) {
      const citation = `${label} ${paragraph.id}`;
      if (effect.action === "commit") {
        commitments.push({ id: effect.id, undertaking: effect.undertaking, citation });
        continue;
      }
      const effective = effect.from ?? at;
      const entry = touched.get(effect.measure) ?? { effective, citations: [], verified: true, notes: [] };
      if (effect.note) entry.notes.push(effect.note);
      if (compareDates(effective, entry.effective) < 0) entry.effective = effective;
      entry.citations.push(citation);
      entry.verified &&= paragraph.verified === true && effect.verified !== false;
      touched.set(effect.measure, entry);
    }
  }

  const changes: MeasureChange[] = [];
  for (const [id, entry] of touched) {
    const baseMeasure = baseline.measures.get(id);
    const draftMeasure = withDraft.measures.get(id);
    if (!draftMeasure) continue;
    const before = baseMeasure ? measureInForce(baseline, baseMeasure, entry.effective) : undefined;
    const after = measureInForce(withDraft, draftMeasure, entry.effective);
    const suspended = draftMeasure.versions.find((version) => version.from === entry.effective)?.suspended;
    const { change, details } = classify(before, after, suspended !== undefined, baseMeasure !== undefined);
    changes.push({
      measure: id,
      title: (after ?? before)?.title ?? draftMeasure.title,
      change,
      effective: entry.effective,
      citations: entry.citations,
      verified: entry.verified,
      before: side(before),
      after: side(after),
      details: [...details, ...entry.notes],
      ...(suspended ? { snapback: suspended.snapback } : {}),
    });
  }
  changes.sort((a, b) => compareDates(a.effective, b.effective) || a.measure.localeCompare(b.measure));
  return {
    issues: [],
    diff: {
      draft: {
        id: draft.id,
        ...(draft.symbol ? { symbol: draft.symbol } : {}),
        title: draft.title,
        status: draft.status,
        at,
      },
      regimeVersion: baseline.version,
      draftRegimeVersion: withDraft.version,
      changes,
      commitments,
      baseline,
      amended: withDraft,
    },
  };
}

function side(measure: MeasureInForce | undefined): MeasureSide {
  if (!measure) return { inForce: false };
  return {
    inForce: true,
    citation: measure.citation,
    modality: measure.modality,
    ...(measure.cap ? { cap: measure.cap } : {}),
    exceptions: measure.exceptions.map((exception) => exception.id),
    ...(measure.scope.goods ? { hs: measure.scope.goods.hs } : {}),
    ...(measure.version.to !== undefined ? { until: measure.version.to } : {}),
  };
}

/** How restrictive a modality is, to tell easing from tightening. */
const modalityRank: Partial<Record<Modality, number>> = {
  prohibition: 3,
  restriction: 2,
  cap: 1,
  notification: 1,
};

function classify(
  before: MeasureInForce | undefined,
  after: MeasureInForce | undefined,
  suspended: boolean,
  existedBefore: boolean,
): { change: MeasureChangeKind; details: string[] } {
  if (before && !after) return { change: suspended ? "suspended" : "lifted", details: [] };
  if (!before && after) return { change: existedBefore ? "extended" : "added", details: [] };
  if (!before || !after) return { change: "amended", details: [] };
  let eased = 0;
  let tightened = 0;
  const details: string[] = [];
  const beforeExceptions = new Set(before.exceptions.map((exception) => exception.id));
  const afterExceptions = new Set(after.exceptions.map((exception) => exception.id));
  for (const id of afterExceptions) {
    if (!beforeExceptions.has(id)) {
      eased++;
      details.push(`exception ${id} added`);
    }
  }
  for (const id of beforeExceptions) {
    if (!afterExceptions.has(id)) {
      tightened++;
      details.push(`exception ${id} removed`);
    }
  }
  for (const limit of after.cap?.limits ?? []) {
    const previous = before.cap?.limits?.find((candidate) => candidate.unit === limit.unit);
    if (!previous || previous.amount === limit.amount) continue;
    if (limit.amount < previous.amount) tightened++;
    else eased++;
    details.push(
      `cap ${previous.amount.toLocaleString("en-US")} → ${limit.amount.toLocaleString("en-US")} ${limit.unit}`,
    );
  }
  const rankBefore = modalityRank[before.modality];
  const rankAfter = modalityRank[after.modality];
  if (before.modality !== after.modality) {
    if (rankBefore !== undefined && rankAfter !== undefined) {
      if (rankAfter < rankBefore) eased++;
      else tightened++;
    }
    details.push(`${before.modality} → ${after.modality}`);
  }
  const hsBefore = new Set(before.scope.goods?.hs ?? []);
  const hsAfter = new Set(after.scope.goods?.hs ?? []);
  for (const code of hsAfter) {
    if (hsBefore.has(code)) continue;
    tightened++;
    details.push(`HS ${code} added to the scope`);
  }
  for (const code of hsBefore) {
    if (hsAfter.has(code)) continue;
    eased++;
    details.push(`HS ${code} taken out of the scope`);
  }
  if (before.version.to !== after.version.to)
    details.push(
      `in force until ${after.version.to ?? "further notice"} (was ${before.version.to ?? "open-ended"})`,
    );
  const change: MeasureChangeKind =
    eased > 0 && tightened === 0 ? "eased" : tightened > 0 && eased === 0 ? "tightened" : "amended";
  return { change, details };
}

export interface VerdictChange {
  readonly id: string;
  readonly before: Outcome;
  readonly after: Outcome;
  /** Measures behind the difference: those deciding the verdict on either side. */
  readonly measures: readonly string[];
}

export interface VerdictDiff {
  readonly total: number;
  readonly changed: number;
  /** Counts by transition, e.g. `{"prohibited -> permitted": 120}`. */
  readonly byTransition: Readonly<Record<string, number>>;
  /** Counts of changed verdicts by measure. */
  readonly byMeasure: Readonly<Record<string, number>>;
  readonly items: readonly VerdictChange[];
}

function decidingMeasures(verdict: Verdict): Set<string> {
  return new Set(
    verdict.reasons.flatMap((reason) =>
      reason.measure && reason.outcome === verdict.verdict && reason.outcome !== "permitted"
        ? [reason.measure]
        : [],
    ),
  );
}

/**
 * Evaluates activities under adopted law and under the draft, and lists the verdicts that change. The
 * same lists, deliveries and exemptions answer on both sides; a cap is checked as each side sets it.
 */
export function diffVerdicts(
  diff: DraftDiff,
  activities: Iterable<Activity>,
  context: EvaluationContext = {},
): VerdictDiff {
  const before = createEvaluator(diff.baseline, context);
  // The ledger's caps are those of the regime it was built for; under the draft, the draft's caps.
  const after = createEvaluator(
    diff.amended,
    context.caps?.forRegime ? { ...context, caps: context.caps.forRegime(diff.amended) } : context,
  );
  const byTransition: Record<string, number> = {};
  const byMeasure: Record<string, number> = {};
  const items: VerdictChange[] = [];
  let total = 0;
  for (const activity of activities) {
    total++;
    const old = before.evaluate(activity);
    const now = after.evaluate(activity);
    if (old.verdict === now.verdict) continue;
    const measures = [...new Set([...decidingMeasures(old), ...decidingMeasures(now)])].sort();
    items.push({ id: activity.id, before: old.verdict, after: now.verdict, measures });
    const transition = `${old.verdict} -> ${now.verdict}`;
    byTransition[transition] = (byTransition[transition] ?? 0) + 1;
    for (const measure of measures) byMeasure[measure] = (byMeasure[measure] ?? 0) + 1;
  }
  return { total, changed: items.length, byTransition, byMeasure, items };
}
