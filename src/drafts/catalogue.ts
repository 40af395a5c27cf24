/**
 * @module drafts/catalogue
 * The draft resolutions encoded in a regime package, as every reader sees them: each draft's symbol,
 * sponsors, circulation date, status, outcome (`vetoed`, `not put to a vote`, ...), its recorded vote
 * checked against the Council's records, the operations its paragraphs encode, and the vote scenarios
 * of `drafts/scenarios/` (illustrative positions, not records).
 *
 * Why one place: the outcome and the vote check lived in the API's route, and the CLI, which could not
 * reach them, said otherwise (us-2022 "not adopted" where the API said "vetoed"; cn-ru-2019 with no
 * outcome where the API said "not put to a vote"). The view schemas are beside it (`./views.ts`), with
 * their descriptions as zod metadata, so that the OpenAPI description, the CLI's JSON and the web UI's
 * types are one shape.
 *
 * Nothing is inferred beyond the data: a fact the draft file lists under `unconfirmed` is answered with
 * `verified: false`, and a recorded vote is `verified` only when the Council's recorded votes
 * (`council.yaml`) confirm it with the same date and tally.
 *
 * @example
 * const catalogue = await readDraftCatalogue(defaultRegimeDir, loadCouncilData());
 * catalogue.byId.get("us-2022")?.outcome; // "vetoed"
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import {
  councilForYear,
  decide,
  toDistribution,
  yearOfDate,
  type CouncilData,
  type Decision,
  type RecordedVote,
  voteDocument,
} from "../council/index.js";
import type { DraftFile, Effect, Paragraph } from "../model/regime-schema.js";
import { listDrafts } from "./read.js";
import {
  VoteValue,
  type DraftSummaryView,
  type DraftView,
  type OperationView,
  type ScenarioView,
  type VoteView,
} from "./views.js";

export interface DraftCatalogue {
  readonly list: readonly DraftSummaryView[];
  readonly byId: ReadonlyMap<string, DraftView>;
}

/** What an effect does, in the fields a reader needs; `verified` as the legal diff computes it. */
function operationOf(effect: Effect, paragraph: Paragraph): OperationView {
  const common = {
    action: effect.action,
    verified: paragraph.verified === true && effect.verified !== false,
    ...(effect.note === undefined ? {} : { note: effect.note }),
  };
  if (effect.action === "commit")
    return {
      ...common,
      commitment: effect.id,
      undertaking: effect.undertaking,
      ...(effect.measures ? { measure: effect.measures.join(", ") } : {}),
    };
  const out: OperationView = {
    ...common,
    measure: effect.measure,
    ...(effect.from === undefined ? {} : { from: effect.from }),
    ...(effect.to === undefined ? {} : { to: effect.to }),
  };
  if (effect.action === "suspend" && effect.snapback) out.snapback = [...effect.snapback.events];
  if (effect.action === "impose" || effect.action === "amend") {
    if (effect.title !== undefined) out.title = effect.title;
    if (effect.modality !== undefined) out.modality = effect.modality;
    if (effect.scope?.text !== undefined) out.scope = effect.scope.text;
    if (effect.scope?.goods?.hs) out.hs = [...effect.scope.goods.hs];
    if (effect.cap !== undefined)
      out.cap = effect.cap === null ? null : (effect.cap.limits ?? []).map((l) => ({ ...l }));
    if (effect.terms !== undefined) out.terms = { ...effect.terms };
  }
  if (effect.action === "impose" && effect.exceptions) out.addExceptions = effect.exceptions.map((e) => e.id);
  if (effect.action === "amend") {
    if (effect.addExceptions) out.addExceptions = effect.addExceptions.map((e) => e.id);
    if (effect.removeExceptions) out.removeExceptions = [...effect.removeExceptions];
    if (effect.addWindows) out.addWindows = effect.addWindows.map((w) => w.id);
  }
  return out;
}

const sameMembers = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join("|") === [...b].sort().join("|");

/**
 * The recorded vote of a draft: the draft file's votes, decided under that year's Council, and confirmed
 * (`verified`) only by a recorded vote of `council.yaml` with the same date, tally and members.
 */
function voteOf(draft: DraftFile, council: CouncilData): { vote: VoteView | null; decision?: Decision } {
  if (draft.votes === undefined || draft.date === undefined) return { vote: null };
  const { votes, date } = draft;
  const unconfirmed = new Set(draft.unconfirmed ?? []);
  const notes: string[] = [];
  let verified = !["date", "vote", "votes", "outcome"].some((element) => unconfirmed.has(element));
  let decision: Decision | undefined;
  try {
    decision = decide(council, councilForYear(council, yearOfDate(date)), votes);
  } catch (error) {
    verified = false;
    notes.push(`The votes cannot be decided: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const counted = { yes: 0, no: 0, abstain: 0, absent: 0 };
  for (const value of Object.values(votes)) counted[value]++;
  const tally = decision ? { ...decision.tally } : counted;
  const against = Object.keys(votes).filter((member) => votes[member] === "no");
  const abstaining = Object.keys(votes).filter((member) => votes[member] === "abstain");

  const record: RecordedVote | undefined = council.recordedVotes.find(
    (entry) =>
      entry.kind === "draft" &&
      (entry.id === draft.id ||
        (draft.symbol !== undefined && (entry.symbol === draft.symbol || entry.id === draft.symbol))),
  );
  if (!record) {
    verified = false;
    notes.push("No recorded vote of the Council (council.yaml) confirms it.");
  } else {
    if (!record.verified) verified = false;
    if (record.note) notes.unshift(record.note);
    if (record.date !== date) {
      verified = false;
      notes.push(`The Council's record dates the vote ${record.date}.`);
    }
    const recorded = record.tally;
    if (
      recorded.yes !== tally.yes ||
      recorded.no !== tally.no ||
      recorded.abstain !== tally.abstain ||
      !sameMembers(record.against, against) ||
      !sameMembers(record.abstaining, abstaining)
    ) {
      verified = false;
      notes.push(`The Council's record gives ${recorded.yes}-${recorded.no}-${recorded.abstain}.`);
    }
  }
  if (decision && draft.outcome !== undefined) {
    const adopted = decision.outcome === "adopted";
    if (adopted !== (draft.outcome === "adopted")) {
      verified = false;
      notes.push(`The votes give ${decision.outcome}, the draft file says ${draft.outcome}.`);
    }
  }
  return {
    vote: {
      date,
      verified,
      tally,
      vetoes: decision ? [...decision.vetoes] : [],
      votes: { ...votes },
      record: record?.id ?? null,
      sources: [...(record?.sources ?? draft.sources ?? [])],
      ...(notes.length > 0 ? { note: notes.join(" ") } : {}),
    },
    ...(decision ? { decision } : {}),
  };
}

function outcomeOf(draft: DraftFile, decision: Decision | undefined): DraftSummaryView["outcome"] {
  if (draft.status === "circulated") return "not put to a vote";
  if (draft.status === "withdrawn") return "withdrawn";
  if (draft.outcome === "adopted") return "adopted";
  if (decision?.outcome === "not-adopted" && decision.vetoes.length > 0) return "vetoed";
  return draft.outcome ?? "unknown";
}

// A scenario is a vote document with a title of its own; its votes are recorded values.
const ScenarioFile = voteDocument.extend({
  title: z.string().min(1),
  votes: z.record(z.string(), VoteValue).optional(),
});

const round = (share: number): number => Math.round(share * 1e6) / 1e6;

/** The vote scenarios of `drafts/scenarios/`; a file that does not read as one is left out. */
async function readScenarios(regimeDir: string): Promise<ScenarioView[]> {
  const dir = join(regimeDir, "drafts", "scenarios");
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith(".yaml")).sort();
  } catch {
    return [];
  }
  const scenarios: ScenarioView[] = [];
  for (const name of names) {
    try {
      const parsed = ScenarioFile.safeParse(parseYaml(await readFile(join(dir, name), "utf8")));
      if (!parsed.success) continue;
      const { title, date, votes = {}, positions = {} } = parsed.data;
      scenarios.push({
        id: name.slice(0, -".yaml".length),
        title,
        ...(date === undefined ? {} : { date }),
        votes,
        positions: Object.fromEntries(
          Object.entries(positions).map(([member, input]) => {
            // Rounded: 1 - 0.8 is 0.19999999999999996 in binary floating point.
            const { yes, no, abstain } = toDistribution(member, input);
            return [member, { yes: round(yes), no: round(no), abstain: round(abstain) }];
          }),
        ),
      });
    } catch {
      // Not a scenario (unreadable, not YAML, a bad probability): left out.
    }
  }
  return scenarios;
}

/**
 * The drafts of a regime package with their recorded votes, outcomes and scenarios, in date order:
 * what `sanctions draft list`, `GET /v1/drafts` and the web UI show.
 */
export async function readDraftCatalogue(regimeDir: string, council: CouncilData): Promise<DraftCatalogue> {
  const [reads, scenarios] = await Promise.all([listDrafts(regimeDir), readScenarios(regimeDir)]);
  const drafts = reads.flatMap((read) => (read.draft ? [read.draft] : []));
  // A scenario belongs to the draft with the longest id its own id starts with (cn-ru-2019-us-no).
  const owner = (scenario: ScenarioView): string | undefined =>
    drafts
      .map((draft) => draft.id)
      .filter((id) => scenario.id.startsWith(`${id}-`))
      .sort((a, b) => b.length - a.length)[0];
  const views = drafts.map((draft): DraftView => {
    const unconfirmed = draft.unconfirmed ?? [];
    const { vote, decision } = voteOf(draft, council);
    const paragraphs = draft.paragraphs.map((paragraph) => ({
      id: paragraph.id,
      verified: paragraph.verified === true,
      text: paragraph.text,
      sources: [...(paragraph.sources ?? [])],
      operations: (paragraph.effects ?? []).map((effect) => operationOf(effect, paragraph)),
      ...(paragraph.unencoded === undefined ? {} : { unencoded: paragraph.unencoded }),
      ...(paragraph.note === undefined ? {} : { note: paragraph.note }),
    }));
    return {
      id: draft.id,
      title: draft.title,
      symbol:
        draft.symbol === undefined ? null : { text: draft.symbol, verified: !unconfirmed.includes("symbol") },
      sponsors: [...draft.sponsors],
      circulated:
        draft.circulated === undefined
          ? null
          : { date: draft.circulated, verified: !unconfirmed.includes("circulated") },
      status: draft.status,
      outcome: outcomeOf(draft, decision),
      // The schema refuses a draft with none of the three.
      at: draft.at ?? draft.circulated ?? draft.date ?? "",
      vote,
      unconfirmed: [...unconfirmed],
      summary: draft.summary,
      sources: [...(draft.sources ?? [])],
      ...(draft.note === undefined ? {} : { note: draft.note }),
      paragraphs,
      operations: paragraphs.reduce((sum, paragraph) => sum + paragraph.operations.length, 0),
      scenarios: scenarios.filter((scenario) => owner(scenario) === draft.id),
    };
  });
  views.sort((a, b) => (a.at === b.at ? a.id.localeCompare(b.id) : a.at < b.at ? -1 : 1));
  const list = views.map(({ note: _note, paragraphs, scenarios: own, ...view }): DraftSummaryView => ({
    ...view,
    paragraphs: paragraphs.length,
    scenarios: own.length,
  }));
  return { list, byId: new Map(views.map((view) => [view.id, view])) };
}
