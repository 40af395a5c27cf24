/**
 * @module store/replay
 * Re-evaluates recorded checks under their recorded regime version and list snapshot, with the ledger
 * and exemption answers they had, and reports every difference from what was recorded. Expect none: a
 * difference means the engine (or the stored record) changed what it says about the same facts.
 *
 * What is compared is the answer: the verdict, the versions, and each reason's code, measure, citation,
 * outcome and text. A reason's `detail` is not: it is the structured form of what its text says in
 * words (the text is rendered from it, `evaluate/reasons.ts`), and it gains fields as the engine learns
 * to explain more, which must not make every check recorded before look changed.
 *
 * Nor are a reason's `verified`, `verification` and `anchor`. Whether a citation is verified depends on
 * the official texts at hand, which are not part of the regime version: a check recorded before the
 * texts were imported (every citation `no_official_text`) and replayed after (verified) decided the same
 * thing on the same law, and is not a difference. Recording the texts version instead would make every
 * such check unreplayable the day a text is re-imported; what the engine decided is what a replay is
 * for, and `sanctions measure` tells how far the texts bear each citation out today.
 *
 * Analysts' decisions are re-applied as the check applied them: the decisions whose ids it recorded,
 * as they were then (decisions are appended, never changed), whatever was decided since. A decision
 * the store no longer holds is reported (`decision_missing`), never replayed as if there were none.
 */
import { decidingScreener, indexDecisions, type Decision, type DecisionIndex } from "../decisions/index.js";
import { createEvaluator, type EvaluationContext, type Evaluator } from "../evaluate/index.js";
import type { Nomenclature } from "../goods/index.js";
import type { ListSnapshot } from "../model/designation.js";
import { parseActivity } from "../model/activity.js";
import { canonicalJson } from "../regime/index.js";
import { createScreener } from "../screening/index.js";
import { replayingContext } from "./answers.js";
import type { BatchContext, CheckFilter, RecordedCheck } from "./audit.js";
import { isStoreError } from "./errors.js";
import type { Store } from "./store.js";

/** What a replay compares of a result: all of it but what the module's header says is not compared. */
export function answerOf(result: unknown): unknown {
  if (result === null || typeof result !== "object") return result;
  const { reasons, ...rest } = result as { reasons?: unknown };
  if (!Array.isArray(reasons)) return result;
  return {
    ...rest,
    reasons: reasons.map((reason: unknown) => {
      if (reason === null || typeof reason !== "object") return reason;
      const {
        detail: _detail,
        verified: _verified,
        verification: _verification,
        anchor: _anchor,
        ...answer
      } = reason as { detail?: unknown; verified?: unknown; verification?: unknown; anchor?: unknown };
      return answer;
    }),
  };
}

/** One difference between a recorded check and its replay. */
export interface ReplayDifference {
  readonly batchId: string;
  readonly seq: number;
  readonly activityId: string;
  /** `verdict`: the outcome differs; `result`: reasons or versions differ; the others: cannot replay. */
  readonly kind:
    | "verdict"
    | "result"
    | "regime_missing"
    | "snapshot_missing"
    | "nomenclature_missing"
    | "decision_missing"
    | "activity_invalid";
  readonly recorded?: unknown;
  readonly replayed?: unknown;
  readonly message: string;
}

export interface ReplayReport {
  readonly checks: number;
  readonly identical: number;
  readonly differences: readonly ReplayDifference[];
}

export interface ReplayOptions extends CheckFilter {
  /** Nomenclatures available now; a batch that had one the replay lacks reports it. */
  readonly nomenclatures?: EvaluationContext["nomenclatures"];
  /** Called after each check, for progress. */
  readonly onCheck?: (done: number) => void;
}

/** Replays recorded checks from the store. */
export async function replayChecks(store: Store, options: ReplayOptions = {}): Promise<ReplayReport> {
  const evaluators = new Map<string, ReplayEvaluator | ReplayDifference["kind"]>();
  const regimes = new Map<string, Awaited<ReturnType<Store["regimes"]["compile"]>> | undefined>();
  const snapshotSets = new Map<string, ListSnapshot[] | undefined>();
  const differences: ReplayDifference[] = [];
  let checks = 0;
  let identical = 0;

  const noContext: BatchContext = { ledger: false, exemptions: false, nomenclatures: [] };
  const regimeOf = async (version: string) => {
    if (!regimes.has(version)) {
      regimes.set(
        version,
        await store.regimes.compile(version).catch((error: unknown) => {
          if (isStoreError(error)) return undefined;
          throw error;
        }),
      );
    }
    return regimes.get(version);
  };
  const snapshotsOf = async (ids: string | null): Promise<ListSnapshot[] | undefined> => {
    if (ids === null) return [];
    if (!snapshotSets.has(ids)) {
      const found: ListSnapshot[] = [];
      let missing = false;
      for (const id of ids.split(",")) {
        const snapshot = await store.snapshots.get(id);
        if (snapshot) found.push(snapshot);
        else missing = true;
      }
      snapshotSets.set(ids, missing ? undefined : found);
    }
    return snapshotSets.get(ids);
  };

  // Collected first: with PGlite's single connection, reads must not interleave with a cursor.
  const recorded: RecordedCheck[] = [];
  for await (const check of store.audit.checks(options)) recorded.push(check);
  // The batches' contexts in a few queries: the API records a batch per request, so there may be as
  // many batches as checks (reading them one by one made a replay of 16,550 take minutes).
  const batchContexts = await store.audit.batchContexts(recorded.map((check) => check.batchId));
  // The decisions the checks applied, by id, in one query.
  const decisionsById = await store.decisions.byIds(
    recorded.flatMap((check) => check.answers.decisions ?? []),
  );
  // The decisions of the check being replayed: what its screener applies.
  let applied: DecisionIndex | undefined;

  for (const check of recorded) {
    checks++;
    const base = {
      batchId: check.batchId,
      seq: check.seq,
      activityId: typeof check.activity["id"] === "string" ? check.activity["id"] : "",
    };
    const batch = batchContexts.get(check.batchId) ?? noContext;
    // One evaluator (and screener) per regime, snapshot set and nomenclatures, whatever the batch.
    const key = `${check.regimeVersion}\u0000${check.listSnapshot ?? ""}\u0000${[...batch.nomenclatures].sort().join(",")}`;
    let evaluator = evaluators.get(key);
    if (evaluator === undefined) {
      const regime = await regimeOf(check.regimeVersion);
      const snapshots = await snapshotsOf(check.listSnapshot);
      const nomenclatures: Partial<Record<"HS2017" | "HS2022", Nomenclature>> = {};
      let missingNomenclature = false;
      for (const edition of batch.nomenclatures) {
        const nomenclature = options.nomenclatures?.[edition as "HS2017" | "HS2022"];
        if (nomenclature) nomenclatures[edition as "HS2017" | "HS2022"] = nomenclature;
        else missingNomenclature = true;
      }
      evaluator = !regime
        ? "regime_missing"
        : !snapshots
          ? "snapshot_missing"
          : missingNomenclature
            ? "nomenclature_missing"
            : createEvaluatorFor(regime, snapshots, nomenclatures, () => applied);
      evaluators.set(key, evaluator);
    }
    if (typeof evaluator === "string") {
      differences.push({ ...base, kind: evaluator, message: cannotReplay(evaluator, check) });
      options.onCheck?.(checks);
      continue;
    }
    const parsed = parseActivity(check.activity);
    if (!parsed.ok) {
      differences.push({
        ...base,
        kind: "activity_invalid",
        message: `the recorded activity no longer parses: ${parsed.error.message}`,
      });
      options.onCheck?.(checks);
      continue;
    }
    const decisionIds = check.answers.decisions ?? [];
    const missingDecisions = decisionIds.filter((id) => !decisionsById.has(id));
    if (missingDecisions.length > 0) {
      differences.push({
        ...base,
        kind: "decision_missing",
        message: `the check applied decision${missingDecisions.length === 1 ? "" : "s"} ${missingDecisions.join(", ")}, which the store no longer holds`,
      });
      options.onCheck?.(checks);
      continue;
    }
    applied =
      decisionIds.length === 0
        ? undefined
        : indexDecisions(decisionIds.map((id) => decisionsById.get(id) as Decision));
    const answers = replayingContext(check.answers, batch.ledger, batch.exemptions);
    const replayed = evaluator.withAnswers(answers).evaluate(parsed.activity);
    if (replayed.verdict !== check.verdict) {
      differences.push({
        ...base,
        kind: "verdict",
        recorded: check.verdict,
        replayed: replayed.verdict,
        message: `recorded ${check.verdict}, replayed ${replayed.verdict}`,
      });
    } else if (canonicalJson(answerOf(replayed)) !== canonicalJson(answerOf(check.result))) {
      differences.push({
        ...base,
        kind: "result",
        recorded: check.result,
        replayed,
        message: "same verdict, but the reasons or versions differ",
      });
    } else identical++;
    options.onCheck?.(checks);
  }
  return { checks, identical, differences };
}

interface ReplayEvaluator {
  withAnswers(answers: Pick<EvaluationContext, "caps" | "exemptions">): Evaluator;
}

/**
 * An evaluator per regime and snapshot set, whose ledger and registry answers, and the decisions its
 * screener applies (`decisionsNow`), change per check.
 */
function createEvaluatorFor(
  regime: Parameters<typeof createEvaluator>[0],
  snapshots: readonly ListSnapshot[],
  nomenclatures: EvaluationContext["nomenclatures"],
  decisionsNow: () => DecisionIndex | undefined,
): ReplayEvaluator {
  const screener =
    snapshots.length > 0 ? decidingScreener(createScreener(snapshots), snapshots, decisionsNow) : undefined;
  // The context is read per evaluation, so one evaluator (and its cache of regime states) serves all.
  let current: Pick<EvaluationContext, "caps" | "exemptions"> = {};
  const context: EvaluationContext = {
    screener,
    nomenclatures,
    caps: { check: (...args) => current.caps?.check(...args) ?? { status: "unknown" } },
    exemptions: { find: (activity) => current.exemptions?.find(activity) ?? [] },
  };
  const withCaps = createEvaluator(regime, context);
  const plain = new Map<string, Evaluator>();
  return {
    withAnswers(answers) {
      current = answers;
      // A check recorded without a ledger must replay without one: "not checked" is not "unknown".
      const key = `${answers.caps ? 1 : 0}${answers.exemptions ? 1 : 0}`;
      if (key === "11") return withCaps;
      let evaluator = plain.get(key);
      if (!evaluator) {
        evaluator = createEvaluator(regime, {
          screener,
          nomenclatures,
          caps: answers.caps ? context.caps : undefined,
          exemptions: answers.exemptions ? context.exemptions : undefined,
        });
        plain.set(key, evaluator);
      }
      return evaluator;
    },
  };
}

function cannotReplay(kind: ReplayDifference["kind"], check: RecordedCheck): string {
  switch (kind) {
    case "regime_missing":
      return `regime version ${check.regimeVersion} is not stored (or no longer compiles)`;
    case "snapshot_missing":
      return `list snapshot ${check.listSnapshot ?? ""} is not stored`;
    case "nomenclature_missing":
      return "the batch had an HS nomenclature that is not imported now";
    case "decision_missing":
    case "verdict":
    case "result":
    case "activity_invalid":
      return kind;
  }
}

/** A recorded check as an auditor reads it: with `replay` when one was asked for. */
export type LookedUpCheck = RecordedCheck & {
  readonly replay?: ReplayDifference | { readonly identical: true };
};

/**
 * The newest `limit` recorded checks `filter` selects, newest first, each replayed when `replay` is
 * given (with the nomenclatures available now): what `sanctions audit show` and
 * `GET /v1/audit/checks` answer.
 */
export async function lookUpChecks(
  store: Store,
  filter: CheckFilter,
  options: { readonly limit: number; readonly replay?: Pick<ReplayOptions, "nomenclatures"> },
): Promise<LookedUpCheck[]> {
  const checks = await store.audit.find(filter, options.limit);
  if (options.replay === undefined || checks.length === 0) return checks;
  const { differences } = await replayChecks(store, {
    ...options.replay,
    ids: checks.map((check) => check.id),
  });
  return checks.map((check) => ({
    ...check,
    replay: differences.find((d) => d.batchId === check.batchId && d.seq === check.seq) ?? {
      identical: true,
    },
  }));
}
