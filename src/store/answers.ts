/**
 * @module store/answers
 * What the context answered during a check, so that a replay can give the same answers. A ledger and
 * exemption records change after a check (deliveries are added, shipments used), so replaying against
 * today's ledger would report differences that are not the engine's; the regime and the lists, which
 * the replay does re-run, are versioned and stored instead.
 *
 * Analysts' decisions on screening alerts are noted by id: decisions are appended, never changed, so
 * the ids name exactly what was applied, and a replay re-applies those (not the ones in force today).
 */
import type {
  CapCheck,
  CapLedger,
  EvaluationContext,
  ExemptionMatch,
  ExemptionRegistry,
  PartyScreener,
} from "../evaluate/index.js";

/** The answers given while one activity was evaluated. */
export interface RecordedAnswers {
  readonly caps?: readonly { readonly key: string; readonly answer: CapCheck }[];
  readonly exemptions?: readonly (readonly ExemptionMatch[])[];
  /** The ids of the analysts' decisions the screened matches carried (applied, confirmed or reopened). */
  readonly decisions?: readonly string[];
}

const capKey = (
  measure: string,
  date: string,
  quantity: number | undefined,
  unit: string | undefined,
): string => JSON.stringify([measure, date, quantity ?? null, unit ?? null]);

/**
 * A context whose ledger and registry write down their answers, and whose screener the decisions its
 * matches carried; `take()` returns and clears them.
 */
export function recordingContext(context: EvaluationContext): {
  readonly context: EvaluationContext;
  take(): RecordedAnswers;
} {
  let caps: { key: string; answer: CapCheck }[] = [];
  let exemptions: ExemptionMatch[][] = [];
  let decisions = new Set<string>();
  const ledger = context.caps;
  const screener = context.screener;
  const recordingScreener: PartyScreener | undefined = screener && {
    snapshotIds: screener.snapshotIds,
    screen(query) {
      const matches = screener.screen(query);
      for (const match of matches) if (match.decision) decisions.add(match.decision.id);
      return matches;
    },
  };
  const registry = context.exemptions;
  const recordingLedger: CapLedger | undefined = ledger && {
    check(measure, date, quantity, unit) {
      const answer = ledger.check(measure, date, quantity, unit);
      caps.push({ key: capKey(measure, date, quantity, unit), answer });
      return answer;
    },
  };
  const recordingRegistry: ExemptionRegistry | undefined = registry && {
    find(activity) {
      // Plain copies: findings may carry more than the interface (codes), which is kept as data.
      const answer = registry.find(activity).map((match) => ({ ...match }));
      exemptions.push(answer);
      return answer;
    },
  };
  return {
    context: {
      ...context,
      screener: recordingScreener,
      caps: recordingLedger,
      exemptions: recordingRegistry,
    },
    take() {
      const taken: RecordedAnswers = {
        ...(caps.length > 0 ? { caps } : {}),
        ...(exemptions.length > 0 ? { exemptions } : {}),
        ...(decisions.size > 0 ? { decisions: [...decisions].sort() } : {}),
      };
      caps = [];
      exemptions = [];
      decisions = new Set();
      return taken;
    },
  };
}

/**
 * A ledger and a registry that give the recorded answers. An answer the record does not hold (the
 * replayed evaluation asked something new) is `unknown` / none, so the difference shows in the verdict.
 */
export function replayingContext(
  answers: RecordedAnswers,
  hadLedger: boolean,
  hadRegistry: boolean,
): Pick<EvaluationContext, "caps" | "exemptions"> {
  const caps = new Map((answers.caps ?? []).map((entry) => [entry.key, entry.answer]));
  let call = 0;
  return {
    caps: hadLedger
      ? {
          check: (measure, date, quantity, unit) =>
            caps.get(capKey(measure, date, quantity, unit)) ?? {
              status: "unknown",
              note: "not asked when the check was recorded",
            },
        }
      : undefined,
    exemptions: hadRegistry ? { find: () => answers.exemptions?.[call++] ?? [] } : undefined,
  };
}
