/**
 * @module api/routes/drafts
 * The draft resolutions encoded in the regime package (`regime/<id>/drafts/`), for any reader:
 *
 * - `GET /v1/drafts`: each draft's id, title, symbol, sponsors, circulation date, status and outcome
 *   (`vetoed`, `not put to a vote`, ...) and its recorded vote, in date order;
 * - `GET /v1/drafts/{id}`: the same, with the draft's paragraphs and the operations each encodes, and the
 *   vote scenarios of `drafts/scenarios/` (illustrative positions, not records);
 * - `POST /v1/drafts/diff`: what a draft would change if adopted (the legal diff) and, given activities,
 *   which verdicts would change: the JSON of `sanctions draft diff --json`. The draft is one encoded in
 *   the package (`id`, any reader) or a draft document in the body (`draft`, analysts and admins:
 *   applying an arbitrary draft compiles the regime twice, so it is not for every key).
 *
 * Nothing is inferred beyond the data: a fact the draft file lists under `unconfirmed` is answered with
 * `verified: false`, and a recorded vote is `verified` only when the Council's recorded votes
 * (`council.yaml`) confirm it with the same date and tally.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createRoute, z } from "@hono/zod-openapi";
import { parse as parseYaml } from "yaml";
import {
  councilForYear,
  decide,
  toDistribution,
  yearOfDate,
  type CouncilData,
  type Decision,
  type RecordedVote,
} from "../../council/index.js";
import { diffDraft, diffVerdicts, listDrafts, readDraft, type DraftRead } from "../../drafts/index.js";
import type { Activity } from "../../model/activity.js";
import { parseActivity } from "../../model/activity.js";
import type { RegimeIssue } from "../../model/issues.js";
import { MAX_ID_LENGTH } from "../../model/limits.js";
import { draftFile, type DraftFile, type Effect, type Paragraph } from "../../model/regime-schema.js";
import { allows } from "../auth.js";
import { ok, requireRole, type ApiApp, type Services } from "../env.js";
import { ApiError, type ApiIssue } from "../errors.js";
import { DraftDiffBody, errorResponses, JsonObject } from "../schemas.js";

const VoteValue = z.enum(["yes", "no", "abstain", "absent"]);

const RecordedVoteView = z
  .object({
    date: z.string().openapi({ format: "date", example: "2022-05-26" }),
    verified: z.boolean().openapi({
      description:
        "True only when the Council's recorded votes (council.yaml) confirm this vote, with the same date and " +
        "tally, and the draft file lists neither its date nor its votes as unconfirmed",
    }),
    tally: z.object({
      yes: z.number().int(),
      no: z.number().int(),
      abstain: z.number().int(),
      absent: z.number().int(),
    }),
    vetoes: z
      .array(z.string())
      .openapi({ description: "Permanent members whose negative vote blocked adoption" }),
    votes: z
      .record(z.string(), VoteValue)
      .openapi({ description: "Member → vote, as the draft file records it" }),
    record: z
      .string()
      .nullable()
      .openapi({ description: "The id of the matching recorded vote in council.yaml, if any" }),
    sources: z.array(z.string()),
    note: z.string().optional(),
  })
  .openapi("DraftVote");

const DraftSummary = z
  .object({
    id: z.string().openapi({ example: "us-2022" }),
    title: z.string(),
    symbol: z
      .object({ text: z.string(), verified: z.boolean() })
      .nullable()
      .openapi({ description: "The document symbol (S/2022/431), when the data records one" }),
    sponsors: z.array(z.string()),
    circulated: z
      .object({ date: z.string().openapi({ format: "date" }), verified: z.boolean() })
      .nullable()
      .openapi({ description: "When the draft was circulated (tabled), when the sources give it" }),
    status: z.enum(["circulated", "voted", "withdrawn"]),
    outcome: z
      .enum(["adopted", "vetoed", "not adopted", "not put to a vote", "withdrawn", "unknown"])
      .openapi({ description: "`vetoed` when the recorded vote fails on a permanent member's no" }),
    at: z.string().openapi({ format: "date", description: "The date the draft is applied at by default" }),
    vote: RecordedVoteView.nullable(),
    unconfirmed: z.array(z.string()).openapi({ description: "Elements the draft file marks unconfirmed" }),
    paragraphs: z.number().int(),
    operations: z
      .number()
      .int()
      .openapi({ description: "Operations encoded (0 when the content is unknown)" }),
    scenarios: z.number().int().openapi({ description: "Vote scenarios in drafts/scenarios/" }),
    summary: z.string(),
    sources: z.array(z.string()),
  })
  .openapi("DraftSummary");

const Operation = z
  .object({
    action: z.enum(["lift", "suspend", "amend", "impose", "commit"]),
    measure: z.string().optional(),
    commitment: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    title: z.string().optional(),
    modality: z.string().optional(),
    scope: z.string().optional(),
    hs: z.array(z.string()).optional(),
    cap: z
      .array(z.object({ amount: z.number(), unit: z.string() }))
      .nullable()
      .optional(),
    terms: z.record(z.string(), z.unknown()).optional(),
    addExceptions: z.array(z.string()).optional(),
    removeExceptions: z.array(z.string()).optional(),
    addWindows: z.array(z.string()).optional(),
    snapback: z.array(z.string()).optional(),
    undertaking: z.string().optional(),
    verified: z.boolean().openapi({
      description:
        "False when the paragraph rests on reports rather than the text, or an element is unconfirmed",
    }),
    note: z.string().optional(),
  })
  .openapi("DraftOperation");

const Distribution = z.object({ yes: z.number(), no: z.number(), abstain: z.number() });

const DraftDetail = DraftSummary.extend({
  note: z.string().optional(),
  paragraphs: z.array(
    z.object({
      id: z.string(),
      verified: z.boolean(),
      text: z.string(),
      sources: z.array(z.string()),
      operations: z.array(Operation),
      unencoded: z.string().optional(),
      note: z.string().optional(),
    }),
  ),
  scenarios: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      date: z.string().optional(),
      votes: z.record(z.string(), VoteValue),
      positions: z.record(z.string(), Distribution),
    }),
  ),
}).openapi("Draft");

const listRoute = createRoute({
  method: "get",
  path: "/v1/drafts",
  summary: "The draft resolutions encoded in the regime package, with their status and recorded votes",
  middleware: [requireRole("reader")] as const,
  responses: {
    200: {
      description: "`{drafts: [...]}` in date order (the date each is applied at by default)",
      content: { "application/json": { schema: z.object({ drafts: z.array(DraftSummary) }) } },
    },
    ...errorResponses(403),
  },
});

const showRoute = createRoute({
  method: "get",
  path: "/v1/drafts/{id}",
  summary: "One encoded draft: its paragraphs, the operations they encode, and its vote scenarios",
  middleware: [requireRole("reader")] as const,
  request: {
    params: z.object({ id: z.string().min(1).max(MAX_ID_LENGTH).openapi({ example: "cn-ru-2019" }) }),
  },
  responses: {
    200: {
      description: "The draft; `scenarios` are illustrative positions, never recorded votes",
      content: { "application/json": { schema: DraftDetail } },
    },
    ...errorResponses(403, 404),
  },
});

const draftsRoute = createRoute({
  method: "post",
  path: "/v1/drafts/diff",
  summary: "What a draft would change if adopted, and which verdicts it would flip",
  description:
    "Give `id` (an encoded draft: cn-ru-2019, cn-ru-2021, us-2022, poe-renewal-2024) or `draft` (a draft document, " +
    "analyst or admin keys only), optionally `at` (apply as if adopted on that date) and `activities`.",
  middleware: [requireRole("reader")] as const,
  request: { body: { required: true, content: { "application/json": { schema: DraftDiffBody } } } },
  responses: {
    200: {
      description: "`sanctions draft diff --json`, plus `rejected` for activities left out",
      content: { "application/json": { schema: JsonObject } },
    },
    ...errorResponses(400, 403, 404, 413, 415),
  },
});

const DRAFT_ID = new RegExp(`^[a-z0-9-]{1,${MAX_ID_LENGTH}}$`);

function issuesOf(issues: readonly RegimeIssue[]): ApiIssue[] {
  return issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join("."),
    code: issue.code,
    message: issue.message,
  }));
}

type DraftSummaryView = z.infer<typeof DraftSummary>;
type DraftView = z.infer<typeof DraftDetail>;
type OperationView = z.infer<typeof Operation>;
type VoteView = z.infer<typeof RecordedVoteView>;
type ScenarioView = DraftView["scenarios"][number];

/** The drafts of a regime package, read once: they are part of the package, fixed for the process. */
interface Catalogue {
  readonly list: readonly DraftSummaryView[];
  readonly byId: ReadonlyMap<string, DraftView>;
}

/** What an effect does, in the fields a reader needs; `verified` as the legal diff computes it. */
function operationOf(effect: Effect, paragraph: Paragraph): OperationView {
  const common = {
    action: effect.action,
    verified: paragraph.verified && effect.verified !== false,
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

const ScenarioFile = z.object({
  title: z.string().min(1),
  date: z.string().optional(),
  votes: z.record(z.string(), VoteValue).optional(),
  positions: z.record(z.string(), z.unknown()).optional(),
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

async function buildCatalogue(regimeDir: string, council: CouncilData): Promise<Catalogue> {
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
      verified: paragraph.verified,
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

/** Registers the drafts routes. */
export function registerDrafts(app: ApiApp, services: Services): void {
  const { regimeDir } = services.deps;
  let catalogue: Promise<Catalogue> | undefined;
  const drafts = (): Promise<Catalogue> => {
    if (!catalogue) {
      const building = buildCatalogue(regimeDir, services.council());
      catalogue = building;
      // A failure is not kept: the next request tries again.
      building.catch(() => {
        if (catalogue === building) catalogue = undefined;
      });
    }
    return catalogue;
  };

  app.openapi(listRoute, async (c) => ok(c, { drafts: (await drafts()).list }));

  app.openapi(showRoute, async (c) => {
    const { id } = c.req.valid("param");
    const draft = (await drafts()).byId.get(id);
    if (!draft) throw new ApiError(404, "not_found", `no encoded draft ${JSON.stringify(id)}`);
    return ok(c, draft);
  });
  // Encoded drafts are part of the regime package, fixed for the life of the process: their diffs are
  // kept (a few, by id and date) so that repeated questions do not compile the regime again.
  const cache = new Map<string, ReturnType<typeof diffDraft>>();
  const encodedDiff = (
    read: DraftRead & { draft: NonNullable<DraftRead["draft"]> },
    at: string | undefined,
  ) => {
    const key = `${read.draft.id}@${at ?? ""}`;
    let diff = cache.get(key);
    if (!diff) {
      if (cache.size >= 32) cache.delete(cache.keys().next().value as string);
      diff = diffDraft(regimeDir, read.draft, { ...(at ? { at } : {}), file: read.file });
      cache.set(key, diff);
      // A failure is not kept: the next request tries again.
      diff.catch(() => cache.delete(key));
    }
    return diff;
  };

  app.openapi(draftsRoute, async (c) => {
    const body = c.req.valid("json");
    if ((body.id === undefined) === (body.draft === undefined))
      throw new ApiError(
        400,
        "invalid_request",
        "give either id (an encoded draft) or draft (a draft document)",
      );
    if ((body.activities?.length ?? 0) > services.limits.draftActivities)
      throw new ApiError(
        413,
        "too_many_items",
        `at most ${services.limits.draftActivities} activities per request`,
      );

    let result;
    if (body.id !== undefined) {
      if (!DRAFT_ID.test(body.id))
        throw new ApiError(404, "not_found", `no encoded draft ${JSON.stringify(body.id)}`);
      // Only the package's drafts folder is read: an id is never a path.
      const read = await readDraft(join(regimeDir, "drafts", `${body.id}.yaml`));
      if (!read.draft) {
        if (read.issues.some((issue) => issue.code === "file_unreadable"))
          throw new ApiError(404, "not_found", `no encoded draft ${JSON.stringify(body.id)}`);
        throw new ApiError(400, "invalid_draft", "the encoded draft is invalid", issuesOf(read.issues));
      }
      result = await encodedDiff({ ...read, draft: read.draft }, body.at);
    } else {
      if (!allows(c.get("principal").role, "analyst"))
        throw new ApiError(
          403,
          "forbidden",
          "applying a draft document needs an analyst or admin key; readers give an encoded draft id",
        );
      const parsed = draftFile.safeParse(body.draft);
      if (!parsed.success)
        throw new ApiError(
          400,
          "invalid_draft",
          "the draft does not validate",
          parsed.error.issues.slice(0, 20).map((issue) => ({
            path: ["draft", ...issue.path.map(String)].join("."),
            code: issue.code,
            message: issue.message,
          })),
        );
      result = await diffDraft(regimeDir, parsed.data, {
        ...(body.at ? { at: body.at } : {}),
        file: `drafts/${parsed.data.id}.yaml`,
      });
    }
    if (!result.diff)
      throw new ApiError(400, "invalid_draft", "the draft cannot be applied", issuesOf(result.issues));

    const { baseline: _baseline, amended: _amended, ...diff } = result.diff;
    if (body.activities === undefined) return ok(c, { ...diff });
    const activities: Activity[] = [];
    const rejected: { id: string | null; error: Record<string, unknown> }[] = [];
    body.activities.forEach((item, index) => {
      const parsed = parseActivity(item);
      if (parsed.ok) activities.push(parsed.activity);
      else rejected.push({ id: parsed.id ?? null, error: { ...parsed.error, index } });
    });
    const verdicts = diffVerdicts(result.diff, activities, await services.deps.context.current());
    return ok(c, { ...diff, verdicts, ...(rejected.length > 0 ? { rejected } : {}) });
  });
}
