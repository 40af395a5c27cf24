/**
 * @module regime/compile
 * Turns validated regime files into a {@link CompiledRegime}: measure histories built from the effects
 * of every paragraph in adoption order, with the reference checks that schemas cannot make (citations
 * resolve, measures exist and are in force when amended, versions do not overlap, exceptions do not
 * conflict). Pure: no I/O, so that drafts can be compiled over the same data in memory.
 *
 * Every citation is verified here against the official texts the caller injects (`officialTexts`):
 * its anchor, a verbatim phrase, must be in that numbered paragraph (`texts/verify.ts`). The YAML's
 * hand-written `verified` on a paragraph is ignored: a paragraph number is confirmed by the text or not
 * at all. An effect's, exception's or window's `verified: false` stays what it always meant, an element
 * of the measure (a date, a scope) that is unconfirmed, and can only make an answer less certain.
 */
import { addDays, addMonths, compareDates } from "../model/dates.js";
import { conditionKeys, type ExceptionConditions } from "../model/facts.js";
import type { RegimeIssue, RegimeIssueCode } from "../model/issues.js";
import { verificationOf, type VerificationStatus as WordedStatus } from "../model/verification.js";
import { findResolutionOrNone } from "../texts/library.js";
import type { ResolutionText } from "../texts/model.js";
import { parseParagraphId, verifyCitation, type VerificationStatus } from "../texts/verify.js";
import type {
  Citation,
  Commitment,
  CompiledException,
  CompiledRegime,
  CompiledWindow,
  Measure,
  MeasureVersion,
  RegimeEvent,
  Resolution,
} from "../model/regime.js";
import type {
  AmendEffect,
  Effect,
  EventKind,
  DraftFile,
  GoodsFile,
  GoodsScope,
  ImposeEffect,
  MeasureException,
  MeasureWindow,
  Modality,
  RegimeFile,
  ResolutionFile,
} from "../model/regime-schema.js";

/** Validated files, ready to compile. Paths are relative to the regime directory. */
export interface RegimeSources {
  readonly regime: RegimeFile;
  readonly goods: GoodsFile;
  readonly events: readonly {
    id: string;
    date: string;
    until?: string | undefined;
    precision?: "day" | "month" | undefined;
    kind: EventKind;
    title: string;
    zone?: "KST" | "NY" | undefined;
    response?: string | undefined;
    verified: boolean;
    sources?: string[] | undefined;
    note?: string | undefined;
  }[];
  readonly eventsFile: string;
  readonly resolutions: readonly { readonly file: string; readonly data: ResolutionFile }[];
  /** Content hash of the files (computed by the loader). */
  readonly version: string;
  /** Drafts to apply, each as if adopted on `at`: the regime as it would be. */
  readonly drafts?: readonly { readonly file: string; readonly data: DraftFile; readonly at: string }[];
  /** The official texts to verify citations against; without them every citation is `no_official_text`. */
  readonly officialTexts?: OfficialTexts | undefined;
  /** Content hash of `officialTexts` (computed by the loader), recorded on the compiled regime. */
  readonly textsVersion?: string | undefined;
}

/** The official texts a regime is verified against: what `texts/` reads, or the store gives. */
export type OfficialTexts = readonly ResolutionText[];

/** Verifies a citation (symbol, paragraph, anchor) once: many effects cite the same paragraph. */
type Verifier = (
  resolution: Pick<Resolution, "number" | "symbol" | "adopted">,
  paragraph: string,
  anchor: string | undefined,
) => Citation;

export interface CompileResult {
  readonly regime?: CompiledRegime;
  readonly issues: readonly RegimeIssue[];
}

interface PendingEffect {
  readonly effect: Effect;
  readonly effective: string;
  readonly resolution: Resolution;
  readonly citation: Citation;
  readonly file: string;
  readonly path: readonly (string | number)[];
  readonly order: number;
}

/** Mutable working state of one measure while its history is built. */
interface MeasureDraft {
  id: string;
  title: string;
  kind: Measure["kind"];
  direction: Measure["direction"];
  versions: MutableVersion[];
  ended?: Measure["ended"];
}

/** A version while it is built; its interpretations are read off its scope when it is finished. */
type BuildingVersion = Omit<MeasureVersion, "interpretations">;
type MutableVersion = { -readonly [K in keyof BuildingVersion]: BuildingVersion[K] } & {
  /** Where each version came from, to report issues at the right place. */
  origin: { file: string; path: readonly (string | number)[] };
  explicitTo: boolean;
  /** What is unconfirmed about the paragraph that made the rule of this version. */
  primaryUnverified: string[];
};

const citationPattern = /^(S\/RES\/(\d+) \(\d{4}\)) (\S+)$/;

/** Compiles validated sources; returns every issue found rather than stopping at the first. */
export function compileRegime(sources: RegimeSources): CompileResult {
  const issues: RegimeIssue[] = [];
  const report = (
    code: RegimeIssueCode,
    file: string,
    path: readonly (string | number)[],
    message: string,
  ): void => {
    issues.push({ code, file, path, message });
  };

  const verify = citationVerifier(sources.officialTexts ?? []);
  const resolutions = indexResolutions(sources.resolutions, report, verify);
  const drafts = (sources.drafts ?? []).map((draft, index) => draftAsResolution(draft, index));
  const byNumber = new Map(resolutions.map((resolution) => [resolution.number, resolution]));
  const allImposed = new Set(
    [...resolutions, ...drafts].flatMap((resolution) =>
      resolution.paragraphs.flatMap((paragraph) =>
        (paragraph.effects ?? []).flatMap((effect) => (effect.action === "impose" ? [effect.measure] : [])),
      ),
    ),
  );
  for (const draft of drafts) checkDraftOperations(draft, report);
  const goodsLabels = new Map(Object.entries(sources.goods.codes));

  const resolveCitation = (
    text: string,
    file: string,
    path: readonly (string | number)[],
  ): Citation | undefined => {
    const match = citationPattern.exec(text);
    if (!match) {
      report("invalid_citation", file, path, `"${text}" is not a citation such as "S/RES/2397 (2017) OP5"`);
      return undefined;
    }
    const resolution = byNumber.get(Number(match[2]));
    if (!resolution || resolution.symbol !== match[1]) {
      report("unknown_resolution", file, path, `no resolution ${match[1]} in the regime data`);
      return undefined;
    }
    const paragraph = resolution.paragraphs.find((candidate) => candidate.id === match[3]);
    if (!paragraph) {
      report("unknown_paragraph", file, path, `${resolution.symbol} has no paragraph ${match[3] ?? ""}`);
      return undefined;
    }
    return verify(resolution, paragraph.id, paragraph.anchor);
  };

  const pending = collectEffects([...resolutions, ...drafts], report, verify);
  const measures = new Map<string, MeasureDraft>();
  const commitments: Commitment[] = [];

  for (const item of pending) {
    const { effect } = item;
    switch (effect.action) {
      case "commit": {
        if (commitments.some((commitment) => commitment.id === effect.id)) {
          report("duplicate_commitment", item.file, item.path, `commitment ${effect.id} is recorded twice`);
          break;
        }
        commitments.push({
          id: effect.id,
          kind: effect.kind,
          triggers: effect.triggers ?? [],
          undertaking: effect.undertaking,
          measures: effect.measures ?? [],
          citation: item.citation,
          verified: item.citation.verified && effect.verified !== false,
          from: item.effective,
        });
        break;
      }
      case "impose":
        impose(measures, item, effect, report, verify);
        break;
      case "amend":
      case "lift":
      case "suspend":
        change(measures, item, effect, report, resolveCitation, allImposed, verify);
        break;
    }
  }

  for (const commitment of commitments) {
    for (const id of commitment.measures) {
      if (!measures.has(id)) {
        report(
          "unknown_measure",
          commitment.citation.text,
          [],
          `commitment ${commitment.id} names unknown measure ${id}`,
        );
      }
    }
  }

  const compiled = new Map<string, Measure>();
  for (const draft of [...measures.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    const measure = finishMeasure(draft);
    checkMeasure(measure, draft, goodsLabels, report);
    compiled.set(measure.id, measure);
  }

  const events = compileEvents(sources, report, resolveCitation);
  checkNamedMeasure(compiled, "assetFreeze", sources.regime.assetFreeze, "prohibition", report);
  checkNamedMeasure(compiled, "defaultCap", sources.regime.defaultCap, "cap", report);

  if (issues.length > 0) return { issues };
  return {
    issues,
    regime: {
      id: sources.regime.id,
      title: sources.regime.title,
      target: sources.regime.target,
      committee: sources.regime.committee,
      scopeEdition: sources.regime.scopeEdition,
      assetFreeze: sources.regime.assetFreeze,
      defaultCap: sources.regime.defaultCap,
      reviewedOn: sources.regime.reviewed.on,
      version: sources.version,
      textsVersion: sources.textsVersion,
      resolutions,
      measures: compiled,
      commitments,
      events,
      goodsLabels,
    },
  };
}

/**
 * A measure `regime.yaml` names for a role (the asset freeze, the default cap) must be a measure of the
 * package, imposed with the modality the role needs: the evaluator and the ledgers rely on it.
 */
function checkNamedMeasure(
  measures: ReadonlyMap<string, Measure>,
  role: "assetFreeze" | "defaultCap",
  id: string | undefined,
  modality: Modality,
  report: Report,
): void {
  if (id === undefined) return;
  const measure = measures.get(id);
  if (!measure) {
    report("unknown_measure", "regime.yaml", [role], `${role} names ${id}, which no resolution imposes`);
    return;
  }
  const imposed = measure.versions[0]?.modality;
  if (imposed !== modality)
    report(
      "invalid_value",
      "regime.yaml",
      [role],
      `${role} names ${id}, imposed as ${imposed ?? "nothing"}; it must be a measure imposed as ${modality}`,
    );
}

// The statuses the texts decide and those the answers word are one list: this fails to compile otherwise.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const verificationStatusesAgree: Same<VerificationStatus, WordedStatus> = true;

/** Drafts are cited as `S/2024/255 (draft)`; their official text, when there is one, is `S/2024/255`. */
const draftSuffix = " (draft)";

/**
 * The citation of a paragraph (`S/RES/2371 (2017) OP9`), verified against the official texts: its
 * anchor looked for in that paragraph, the verdict worded once (`model/verification.ts`).
 */
export function citationOf(
  resolution: Pick<Resolution, "number" | "symbol" | "adopted">,
  paragraph: string,
  texts: OfficialTexts,
  anchor?: string,
): Citation {
  const textSymbol = resolution.symbol.endsWith(draftSuffix)
    ? resolution.symbol.slice(0, -draftSuffix.length)
    : resolution.symbol;
  const result = verifyCitation(texts, textSymbol, paragraph, anchor);
  const verification = verificationOf(result.status, {
    symbol: textSymbol,
    paragraph,
    foundIn: result.foundIn,
  });
  const verb = verbOf(texts, textSymbol, paragraph);
  return {
    resolution: resolution.number,
    symbol: resolution.symbol,
    paragraph,
    text: `${resolution.symbol} ${paragraph}`,
    ...(anchor === undefined ? {} : { anchor }),
    verification,
    verified: verification.status === "verified",
    adopted: resolution.adopted,
    ...(verb === undefined ? {} : { verb }),
  };
}

/** The operative verb a numbered paragraph opens with in the official text, when the text is at hand. */
function verbOf(texts: OfficialTexts, symbol: string, paragraph: string): string | undefined {
  const ref = parseParagraphId(paragraph);
  if (!ref || texts.length === 0) return undefined;
  const text = findResolutionOrNone(texts, symbol);
  return text?.paragraphs.find((p) => p.number === String(ref.first))?.verb?.text;
}

/** A {@link Verifier} that verifies each (symbol, paragraph, anchor) once. */
function citationVerifier(texts: OfficialTexts): Verifier {
  const seen = new Map<string, Citation>();
  return (resolution, paragraph, anchor) => {
    const key = `${resolution.number}\u0000${resolution.symbol}\u0000${paragraph}\u0000${anchor ?? ""}`;
    let citation = seen.get(key);
    if (!citation) {
      citation = citationOf(resolution, paragraph, texts, anchor);
      seen.set(key, citation);
    }
    return citation;
  };
}

type Report = (
  code: RegimeIssueCode,
  file: string,
  path: readonly (string | number)[],
  message: string,
) => void;

function indexResolutions(
  files: RegimeSources["resolutions"],
  report: Report,
  verify: Verifier,
): Resolution[] {
  const seen = new Map<number, string>();
  const resolutions: Resolution[] = [];
  for (const { file, data } of files) {
    const match = /^S\/RES\/(\d+) \((\d{4})\)$/.exec(data.symbol);
    const number = Number(match?.[1]);
    const expectedFile = new RegExp(`(^|/)${number}\\.yaml$`);
    if (!expectedFile.test(file)) {
      report(
        "symbol_mismatch",
        file,
        ["symbol"],
        `symbol ${data.symbol} does not match the file name (expected ${number}.yaml)`,
      );
    }
    if (match?.[2] !== data.adopted.slice(0, 4)) {
      report(
        "symbol_mismatch",
        file,
        ["adopted"],
        `adopted ${data.adopted} is not in the year of ${data.symbol}`,
      );
    }
    const previous = seen.get(number);
    if (previous !== undefined) {
      report("duplicate_resolution", file, ["symbol"], `${data.symbol} is also defined in ${previous}`);
      continue;
    }
    seen.set(number, file);
    const anchors = new Set<string>();
    data.paragraphs.forEach((paragraph, index) => {
      if (anchors.has(paragraph.id)) {
        report(
          "duplicate_paragraph",
          file,
          ["paragraphs", index, "id"],
          `paragraph ${paragraph.id} appears twice`,
        );
      }
      anchors.add(paragraph.id);
      if (paragraph.id.startsWith("x-") && paragraph.verified === true) {
        report(
          "unverified_anchor_marked_verified",
          file,
          ["paragraphs", index, "verified"],
          `${paragraph.id} has no confirmed paragraph number, so it cannot be verified`,
        );
      }
    });
    resolutions.push({
      number,
      symbol: data.symbol,
      adopted: data.adopted,
      meeting: data.meeting,
      vote: data.vote,
      unconfirmed: data.unconfirmed ?? [],
      sources: data.sources ?? [],
      trigger: data.trigger,
      summary: data.summary,
      designations: data.designations && compileDesignations(data, number, verify),
      paragraphs: data.paragraphs,
      file,
    });
  }
  return resolutions.sort((a, b) => compareDates(a.adopted, b.adopted) || a.number - b.number);
}

/**
 * A resolution's designation block: the counts as the data gives them, and the designating paragraph
 * verified like any citation. The counts are confirmed only when that paragraph is.
 */
function compileDesignations(
  data: ResolutionFile,
  number: number,
  verify: Verifier,
): Resolution["designations"] {
  const block = data.designations;
  if (!block) return undefined;
  const { paragraph, anchor, ...counts } = block;
  const citation =
    paragraph === undefined
      ? undefined
      : verify({ number, symbol: data.symbol, adopted: data.adopted }, paragraph, anchor);
  return {
    ...counts,
    ...(citation === undefined ? {} : { citation }),
    verified: citation?.verified === true && block.verified,
  };
}

function collectEffects(
  resolutions: readonly Resolution[],
  report: Report,
  verify: Verifier,
): PendingEffect[] {
  const pending: PendingEffect[] = [];
  let order = 0;
  for (const resolution of resolutions) {
    resolution.paragraphs.forEach((paragraph, paragraphIndex) => {
      (paragraph.effects ?? []).forEach((effect, effectIndex) => {
        // An effect that quotes its own anchor (a date, a cap, a commitment) is verified on that phrase.
        const citation = verify(resolution, paragraph.id, effect.anchor ?? paragraph.anchor);
        const path = ["paragraphs", paragraphIndex, "effects", effectIndex];
        const declared = ("from" in effect ? effect.from : undefined) ?? resolution.adopted;
        // A bad date is reported, and the effect still applies from adoption (or without its end), so
        // that one mistake does not cascade into "unknown measure" findings further on.
        let effective = declared;
        if (compareDates(declared, resolution.adopted) < 0) {
          report(
            "effect_before_adoption",
            resolution.file,
            [...path, "from"],
            `takes effect ${declared}, before adoption on ${resolution.adopted}`,
          );
          effective = resolution.adopted;
        }
        let kept = effect;
        if ("to" in effect && effect.to !== undefined && compareDates(effect.to, effective) < 0) {
          report(
            "dates_out_of_order",
            resolution.file,
            [...path, "to"],
            `ends ${effect.to}, before it takes effect on ${effective}`,
          );
          kept = { ...effect, to: undefined };
        }
        pending.push({
          effect: kept,
          effective,
          resolution,
          citation,
          file: resolution.file,
          path,
          order: order++,
        });
      });
    });
  }
  // Effects apply in the order they take effect; on the same day, the later resolution prevails.
  return pending.sort((a, b) => compareDates(a.effective, b.effective) || a.order - b.order);
}

function impose(
  measures: Map<string, MeasureDraft>,
  item: PendingEffect,
  effect: ImposeEffect,
  report: Report,
  verify: Verifier,
): void {
  const existing = measures.get(effect.measure);
  if (existing && !existing.ended) {
    report(
      "duplicate_measure",
      item.file,
      [...item.path, "measure"],
      `${effect.measure} is already imposed (${firstCitation(existing)})`,
    );
    return;
  }
  const base = existing ?? {
    id: effect.measure,
    title: effect.title,
    kind: effect.kind,
    direction: effect.direction,
    versions: [],
  };
  delete base.ended;
  base.title = effect.title;
  base.versions.push({
    from: item.effective,
    to: effect.to,
    explicitTo: effect.to !== undefined,
    change: "imposed",
    title: effect.title,
    modality: effect.modality,
    scope: effect.scope,
    cap: effect.cap,
    terms: effect.terms ?? {},
    exceptions: compileExceptions(effect.exceptions ?? [], item, verify),
    windows: compileWindows(effect.windows ?? [], item, [...item.path, "windows"], report, verify),
    citations: [item.citation],
    verified: true,
    unverified: unverifiedOf(item, effect.verified, effect.note),
    notes: effect.note ? [effect.note] : [],
    superseded: [],
    origin: { file: item.file, path: item.path },
    primaryUnverified: unverifiedOf(item, effect.verified, effect.note),
  });
  measures.set(effect.measure, base);
}

function change(
  measures: Map<string, MeasureDraft>,
  item: PendingEffect,
  effect: Extract<Effect, { action: "amend" | "lift" | "suspend" }>,
  report: Report,
  resolveCitation: (text: string, file: string, path: readonly (string | number)[]) => Citation | undefined,
  allImposed: ReadonlySet<string>,
  verify: Verifier,
): void {
  const measure = measures.get(effect.measure);
  if (!measure) {
    const message = allImposed.has(effect.measure)
      ? `${effect.action} ${effect.measure}: not in force on ${item.effective} (it is imposed later)`
      : `${effect.action} ${effect.measure}: no such measure is imposed by any earlier paragraph`;
    report(
      allImposed.has(effect.measure) ? "measure_not_in_force" : "unknown_measure",
      item.file,
      [...item.path, "measure"],
      message,
    );
    return;
  }
  const last = measure.versions.at(-1);
  if (!last) return;
  const lapsed =
    last.explicitTo && last.to !== undefined && compareDates(item.effective, addDays(last.to, 1)) > 0;
  if (measure.ended || lapsed) {
    report(
      "measure_not_in_force",
      item.file,
      [...item.path, "measure"],
      `${effect.action} ${effect.measure}: not in force on ${item.effective}`,
    );
    return;
  }
  if (
    last.explicitTo &&
    last.to !== undefined &&
    compareDates(item.effective, last.to) <= 0 &&
    item.effective !== last.from
  ) {
    report(
      "overlapping_versions",
      item.file,
      [...item.path, "from"],
      `${effect.measure} from ${item.effective} overlaps the version ${last.from}..${last.to} (${last.citations[0]?.text ?? ""})`,
    );
    return;
  }

  if (effect.action === "lift") {
    last.to = addDays(item.effective, -1);
    last.explicitTo = true;
    measure.ended = { on: item.effective, how: "lifted", citation: item.citation };
    return;
  }

  const sameDay = last.from === item.effective;
  let base: MutableVersion = last;
  if (sameDay && !last.citations.some((citation) => citation.resolution === item.citation.resolution)) {
    // Two resolutions set the same measure from the same day: only an explicit supersession is allowed.
    const supersedes = effect.action === "amend" ? effect.supersedes : undefined;
    const target = supersedes
      ? resolveCitation(supersedes, item.file, [...item.path, "supersedes"])
      : undefined;
    if (!target || !last.citations.some((citation) => citation.text === target.text)) {
      if (!supersedes || target) {
        report(
          "overlapping_versions",
          item.file,
          [...item.path, "from"],
          `${effect.measure} already has a version from ${item.effective} (${last.citations.map((c) => c.text).join(", ")}); name it in "supersedes" if this paragraph replaces it`,
        );
      }
      return;
    }
    measure.versions.pop();
    base = last;
    const replaced = { citations: last.citations, title: last.title, cap: last.cap };
    const next = patchVersion(base, item, effect, report, verify);
    next.superseded = [...last.superseded, replaced];
    next.citations = [item.citation];
    next.unverified = unverifiedOf(item, effect.verified, effect.note);
    measure.versions.push(next);
    measure.title = next.title;
    return;
  }

  if (sameDay) {
    // Several paragraphs of one resolution acting on one measure make one version with several citations.
    const merged = patchVersion(last, item, effect, report, verify);
    merged.citations = last.citations.some((citation) => citation.text === item.citation.text)
      ? last.citations
      : [...last.citations, item.citation];
    merged.unverified = [...last.unverified, ...unverifiedOf(item, effect.verified, effect.note)];
    merged.change = last.change;
    measure.versions[measure.versions.length - 1] = merged;
    measure.title = merged.title;
    return;
  }

  if (!last.explicitTo) last.to = addDays(item.effective, -1);
  const next = patchVersion(base, item, effect, report, verify);
  next.superseded = [];
  measure.versions.push(next);
  measure.title = next.title;
}

function patchVersion(
  base: MutableVersion,
  item: PendingEffect,
  effect: Extract<Effect, { action: "amend" | "suspend" }>,
  report: Report,
  verify: Verifier,
): MutableVersion {
  const next: MutableVersion = {
    ...base,
    from: item.effective,
    to: effect.to,
    explicitTo: effect.to !== undefined,
    change: effect.action === "suspend" ? "suspended" : "amended",
    citations: [item.citation],
    unverified: unverifiedOf(item, effect.verified, effect.note),
    notes: effect.note ? [effect.note] : [],
    superseded: [],
    origin: { file: item.file, path: item.path },
    suspended: effect.action === "suspend" ? { snapback: effect.snapback?.events ?? [] } : undefined,
    primaryUnverified: unverifiedOf(item, effect.verified, effect.note),
  };
  if (effect.action === "suspend") return next;
  // An amendment that only touches exceptions, windows or terms leaves the rule itself where it was:
  // the version keeps citing the paragraph that made the rule first, then the amending one.
  // Removing an exception widens the rule (iron's livelihood exception ended by 2371 OP8), unless the
  // same exception is put back in another wording.
  const readded = new Set((effect.addExceptions ?? []).map((exception) => exception.id));
  const changesRule =
    effect.scope !== undefined ||
    effect.modality !== undefined ||
    effect.cap !== undefined ||
    effect.title !== undefined ||
    (effect.removeExceptions ?? []).some((id) => !readded.has(id));
  if (!changesRule) {
    const primary = base.citations[0];
    next.citations = primary ? [primary, item.citation] : [item.citation];
    // Both citations are the version's: each that fails says so, with why.
    next.unverified = [...base.primaryUnverified, ...unverifiedOf(item, effect.verified, effect.note)];
    next.primaryUnverified = base.primaryUnverified;
  }
  applyAmendment(next, effect, item, report, verify);
  return next;
}

function applyAmendment(
  next: MutableVersion,
  effect: AmendEffect,
  item: PendingEffect,
  report: Report,
  verify: Verifier,
): void {
  if (effect.title !== undefined) next.title = effect.title;
  if (effect.modality !== undefined) next.modality = effect.modality;
  if (effect.scope !== undefined) next.scope = effect.scope;
  if (effect.cap === null) next.cap = undefined;
  else if (effect.cap !== undefined) next.cap = effect.cap;
  if (effect.terms !== undefined) next.terms = { ...next.terms, ...effect.terms };
  if (effect.removeExceptions) {
    effect.removeExceptions.forEach((id, index) => {
      if (!next.exceptions.some((exception) => exception.id === id)) {
        report(
          "unknown_exception",
          item.file,
          [...item.path, "removeExceptions", index],
          `no exception ${id} in force to remove`,
        );
      }
    });
    const removed = new Set(effect.removeExceptions);
    next.exceptions = next.exceptions.filter((exception) => !removed.has(exception.id));
  }
  if (effect.addExceptions)
    next.exceptions = [...next.exceptions, ...compileExceptions(effect.addExceptions, item, verify)];
  if (effect.addWindows) {
    next.windows = [
      ...next.windows,
      ...compileWindows(effect.addWindows, item, [...item.path, "addWindows"], report, verify),
    ];
  }
}

/**
 * The citation of an exception or window: the paragraph's, verified on the item's own anchor when it
 * quotes one (2397 OP4's "exclusively for livelihood purposes" is checked as such, not as OP4's rule).
 */
function ownCitation(item: PendingEffect, anchor: string | undefined, verify: Verifier): Citation {
  return anchor === undefined ? item.citation : verify(item.resolution, item.citation.paragraph, anchor);
}

function compileExceptions(
  exceptions: readonly MeasureException[],
  item: PendingEffect,
  verify: Verifier,
): CompiledException[] {
  return exceptions.map((exception) => {
    const citation = ownCitation(item, exception.anchor, verify);
    // `verified: false` in the data marks an element as unconfirmed; it never confirms one.
    return { ...exception, citation, verified: citation.verified && exception.verified !== false };
  });
}

function compileWindows(
  windows: readonly MeasureWindow[],
  item: PendingEffect,
  path: readonly (string | number)[],
  report: Report,
  verify: Verifier,
): CompiledWindow[] {
  const compiled: CompiledWindow[] = [];
  windows.forEach((window, index) => {
    if ((window.days === undefined) === (window.months === undefined)) {
      report(
        "invalid_window",
        item.file,
        [...path, index],
        `window ${window.id} needs exactly one of "days" or "months"`,
      );
      return;
    }
    const adopted = item.resolution.adopted;
    const lastDay =
      window.days !== undefined ? addDays(adopted, window.days) : addMonths(adopted, window.months ?? 0);
    const citation = ownCitation(item, window.anchor, verify);
    compiled.push({
      ...window,
      citation,
      verified: citation.verified && window.verified !== false,
      opens: item.effective,
      lastDay,
    });
  });
  return compiled;
}

function unverifiedOf(
  item: PendingEffect,
  verified: boolean | undefined,
  note: string | undefined,
): string[] {
  const unverified: string[] = [];
  if (!item.citation.verified) unverified.push(`${item.citation.text}: ${item.citation.verification.text}`);
  if (verified === false) unverified.push(note ?? `an element of ${item.citation.text} is unconfirmed`);
  return unverified;
}

function firstCitation(measure: MeasureDraft): string {
  return measure.versions[0]?.citations[0]?.text ?? "an earlier paragraph";
}

function finishMeasure(draft: MeasureDraft): Measure {
  const versions: MeasureVersion[] = draft.versions.map((version, index) => {
    const { origin: _origin, explicitTo: _explicitTo, primaryUnverified: _primary, ...rest } = version;
    // A goods scope marked unconfirmed is a mapping of words to codes, not a citation: said apart.
    const interpretations =
      version.scope.goods?.verified === false
        ? [version.scope.goods.note ?? "the goods scope is this project's mapping of the text to HS codes"]
        : [];
    const unverified = [...new Set(rest.unverified)];
    const bindingFrom = version.modality === "exhortation" ? bindingAfter(draft, index) : undefined;
    return {
      ...rest,
      unverified,
      verified: unverified.length === 0,
      interpretations,
      ...(bindingFrom === undefined ? {} : { bindingFrom }),
    };
  });
  const last = draft.versions.at(-1);
  let ended = draft.ended;
  if (!ended && last?.explicitTo && last.to !== undefined) {
    ended = { on: addDays(last.to, 1), how: "expired" };
  }
  return { id: draft.id, title: draft.title, kind: draft.kind, direction: draft.direction, versions, ended };
}

/** Modalities under which a measure binds States: anything but an exhortation, a discretion or a statement. */
export const bindingModalities: ReadonlySet<Modality> = new Set<Modality>([
  "prohibition",
  "restriction",
  "cap",
  "notification",
  "obligation",
]);

/** The first version after `index` that made an exhorted measure binding: its date and its paragraph. */
function bindingAfter(draft: MeasureDraft, index: number): MeasureVersion["bindingFrom"] {
  const later = draft.versions.slice(index + 1).find((version) => bindingModalities.has(version.modality));
  const citation = later?.citations.at(-1);
  return later && citation ? { from: later.from, citation } : undefined;
}

function checkMeasure(
  measure: Measure,
  draft: MeasureDraft,
  goodsLabels: ReadonlyMap<string, string>,
  report: Report,
): void {
  measure.versions.forEach((version, index) => {
    const origin = draft.versions[index]?.origin ?? { file: "", path: [] };
    checkGoods(version.scope.goods, origin, goodsLabels, report);
    for (const id of duplicateIds(version.exceptions)) {
      report(
        "duplicate_exception",
        origin.file,
        origin.path,
        `exception ${id} is defined twice in ${measure.id}`,
      );
    }
    for (const exception of version.exceptions) {
      if (
        exception.overrides !== undefined &&
        !version.exceptions.some((other) => other.id === exception.overrides)
      ) {
        report(
          "unknown_exception",
          origin.file,
          origin.path,
          `exception ${exception.id} overrides unknown exception ${exception.overrides}`,
        );
      }
    }
    for (const [a, b] of pairs(version.exceptions)) {
      if (a.outcome === b.outcome || a.overrides === b.id || b.overrides === a.id) continue;
      if (conditionsCompatible(a.when, b.when)) {
        report(
          "conflicting_exceptions",
          origin.file,
          origin.path,
          `exceptions ${a.id} (${a.outcome}) and ${b.id} (${b.outcome}) of ${measure.id} can both apply from ${version.from}; make one override the other`,
        );
      }
    }
    for (const id of duplicateIds(version.windows)) {
      report("duplicate_window", origin.file, origin.path, `window ${id} is defined twice in ${measure.id}`);
    }
  });
}

/** The ids that appear more than once, once for each repetition. */
function duplicateIds(items: readonly { id: string }[]): string[] {
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const { id } of items) {
    if (seen.has(id)) repeated.push(id);
    seen.add(id);
  }
  return repeated;
}

function checkGoods(
  goods: GoodsScope | undefined,
  origin: { file: string; path: readonly (string | number)[] },
  goodsLabels: ReadonlyMap<string, string>,
  report: Report,
): void {
  if (!goods) return;
  const codes = [...goods.hs, ...(goods.candidates ?? []), ...(goods.items ?? []).flatMap((item) => item.hs)];
  for (const code of new Set(codes)) {
    if (!goodsLabels.has(code)) {
      report(
        "unknown_hs_code",
        origin.file,
        origin.path,
        `HS ${code} is not in goods.yaml (every code a scope names needs a label there)`,
      );
    }
  }
}

function* pairs<T>(items: readonly T[]): Generator<[T, T]> {
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i];
      const b = items[j];
      if (a !== undefined && b !== undefined) yield [a, b];
    }
  }
}

/**
 * Whether one activity could satisfy both sets of conditions at once. Conditions on different facts
 * always can; on one fact (`model/facts.ts`), the two lists of allowed values must share one, and
 * one's allowed values must not all be among the other's refused values. Facts that must be
 * true, and dates before adoption, can always hold together.
 */
export function conditionsCompatible(a: ExceptionConditions, b: ExceptionConditions): boolean {
  const lists = (
    when: ExceptionConditions,
    compare: "one-of" | "none-of",
    fact: string,
  ): (readonly string[])[] =>
    conditionKeys.flatMap((condition) => {
      const values = (when as Readonly<Record<string, readonly string[] | undefined>>)[condition.key];
      return condition.fact === fact && condition.compare === compare && values ? [values] : [];
    });
  const excluded = (allowed: readonly string[], refused: readonly string[]): boolean =>
    allowed.every((value) => refused.includes(value));
  for (const fact of new Set(conditionKeys.map((condition) => condition.fact))) {
    for (const left of lists(a, "one-of", fact)) {
      for (const right of lists(b, "one-of", fact))
        if (!left.some((value) => right.includes(value))) return false;
      for (const refused of lists(b, "none-of", fact)) if (excluded(left, refused)) return false;
    }
    for (const right of lists(b, "one-of", fact))
      for (const refused of lists(a, "none-of", fact)) if (excluded(right, refused)) return false;
  }
  return true;
}

function compileEvents(
  sources: RegimeSources,
  report: Report,
  resolveCitation: (text: string, file: string, path: readonly (string | number)[]) => Citation | undefined,
): RegimeEvent[] {
  const seen = new Set<string>();
  const events: RegimeEvent[] = [];
  sources.events.forEach((event, index) => {
    const path = ["events", index];
    if (seen.has(event.id))
      report("duplicate_event", sources.eventsFile, [...path, "id"], `event ${event.id} appears twice`);
    seen.add(event.id);
    if (event.until !== undefined && compareDates(event.until, event.date) < 0) {
      report(
        "dates_out_of_order",
        sources.eventsFile,
        [...path, "until"],
        `ends ${event.until}, before it starts on ${event.date}`,
      );
    }
    if (event.precision === "month" && !event.date.endsWith("-01")) {
      report(
        "invalid_date",
        sources.eventsFile,
        [...path, "date"],
        `a date of month precision is written as the first of the month`,
      );
    }
    if (event.response !== undefined) {
      const symbolOnly = /^S\/RES\/\d+ \(\d{4}\)$/.test(event.response);
      if (symbolOnly) {
        const number = Number(/\d+/.exec(event.response)?.[0]);
        const known = sources.resolutions.some((resolution) => resolution.data.symbol === event.response);
        if (!known)
          report(
            "unknown_resolution",
            sources.eventsFile,
            [...path, "response"],
            `no resolution ${event.response} (${number}) in the regime data`,
          );
      } else {
        resolveCitation(event.response, sources.eventsFile, [...path, "response"]);
      }
    }
    events.push({ ...event, sources: event.sources ?? [] });
  });
  return events.sort((a, b) => compareDates(a.date, b.date) || a.id.localeCompare(b.id));
}

/** Drafts sort after the resolutions adopted the same day, and never collide with their numbers. */
const draftNumberBase = 1_000_000;

/** A draft applied on `at` behaves as a resolution adopted that day, cited as `S/2022/431 (draft) OP3`. */
function draftAsResolution(draft: NonNullable<RegimeSources["drafts"]>[number], index: number): Resolution {
  const data = draft.data;
  return {
    number: draftNumberBase + index,
    symbol: `${data.symbol ?? data.id} (draft)`,
    adopted: draft.at,
    unconfirmed: data.unconfirmed ?? [],
    sources: data.sources ?? [],
    summary: data.summary,
    paragraphs: data.paragraphs,
    file: draft.file,
  };
}

/** Two operations of one draft on one measure, one of which lifts or suspends it, contradict each other. */
function checkDraftOperations(draft: Resolution, report: Report): void {
  const seen = new Map<string, { action: string; paragraph: string; path: (string | number)[] }>();
  draft.paragraphs.forEach((paragraph, paragraphIndex) => {
    (paragraph.effects ?? []).forEach((effect, effectIndex) => {
      if (effect.action === "commit") return;
      const path = ["paragraphs", paragraphIndex, "effects", effectIndex];
      const key = `${effect.measure}@${effect.from ?? draft.adopted}`;
      const earlier = seen.get(key);
      const ending = (action: string): boolean => action === "lift" || action === "suspend";
      if (earlier && (ending(earlier.action) || ending(effect.action))) {
        report(
          "conflicting_operations",
          draft.file,
          path,
          `${effect.action} ${effect.measure} (${paragraph.id}) contradicts ${earlier.action} ${effect.measure} (${earlier.paragraph}) on the same day`,
        );
      }
      if (!earlier) seen.set(key, { action: effect.action, paragraph: paragraph.id, path });
    });
  });
}
