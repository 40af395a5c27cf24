/**
 * @module api/routes/check
 * `POST /v1/check`: one activity (answered with its verdict, or a 400 `invalid_activity`) or an array
 * (answered with a result per item, in order: a bad item is rejected in its place and the others are
 * evaluated, as `sanctions check` does with lines). Every verdict is recorded in the audit sink before
 * the answer goes out.
 */
import { createRoute } from "@hono/zod-openapi";
import type { Activity } from "../../model/activity.js";
import { parseActivity } from "../../model/activity.js";
import type { Outcome, Verdict } from "../../model/verdict.js";
import type { RecordedAnswers } from "../../store/answers.js";
import type { AuditContext, AuditRecord } from "../audit.js";
import { OPEN_PRINCIPAL } from "../auth.js";
import { ok, requireRole, type ApiApp, type Services } from "../env.js";
import { ApiError } from "../errors.js";
import { requireStorableBody } from "../storable.js";
import { CheckBody, CheckManyResponse, CheckResult, errorResponses } from "../schemas.js";

const checkRoute = createRoute({
  method: "post",
  path: "/v1/check",
  summary: "Whether activities were allowed on their dates, and why",
  description:
    "Send one activity (answered with its verdict) or an array (answered with `results` in order and a `summary`). " +
    "A bad item in an array is answered in its place with `{id, error: {code, message, index, field}}`.",
  middleware: [requireRole("reader")] as const,
  request: { body: { required: true, content: { "application/json": { schema: CheckBody } } } },
  responses: {
    200: {
      description: "The verdict of one activity, or the results of an array",
      content: { "application/json": { schema: CheckResult.or(CheckManyResponse) } },
    },
    ...errorResponses(400, 403, 413, 415, 503),
  },
});

interface Rejected {
  readonly id: string | null;
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly index: number;
    readonly field?: string;
  };
}

/** Registers `POST /v1/check`. */
export function registerCheck(app: ApiApp, services: Services): void {
  app.openapi(checkRoute, async (c) => {
    const body = c.req.valid("json");
    // Checks are recorded in the database, which cannot store every string JSON can carry.
    requireStorableBody(await c.req.text(), body);
    const context = await services.deps.context.current();
    const evaluator = services.evaluatorFor(context);
    const audited: AuditContext = {
      ledger: context.caps !== undefined,
      exemptions: context.exemptions !== undefined,
      nomenclatures: Object.keys(context.nomenclatures ?? {}),
    };
    const checked: Checked[] = [];
    // Synchronous from evaluate to takeAnswers: no other request's evaluation can come between.
    const evaluate = (activity: Activity): Verdict => {
      const verdict = evaluator.evaluate(activity);
      checked.push({ activity, verdict, answers: evaluator.takeAnswers() });
      return verdict;
    };

    if (!Array.isArray(body)) {
      const parsed = parseActivity(body);
      if (!parsed.ok) {
        const { code, message, field } = parsed.error;
        throw new ApiError(400, "invalid_activity", message, [{ path: field ?? "", code, message }]);
      }
      const verdict = evaluate(parsed.activity);
      await record(services, c.get("requestId"), c.get("principal").id, checked, audited);
      return ok(c, verdict);
    }

    if (body.length > services.limits.checkItems)
      throw new ApiError(
        413,
        "too_many_items",
        `at most ${services.limits.checkItems} activities per request; use sanctions check for files`,
      );
    const byVerdict: Record<Outcome, number> = { prohibited: 0, permitted: 0, conditional: 0, review: 0 };
    const results: (Verdict | Rejected)[] = [];
    body.forEach((item: unknown, index) => {
      const parsed = parseActivity(item);
      if (!parsed.ok) {
        results.push({ id: parsed.id ?? null, error: { ...parsed.error, index } });
        return;
      }
      const verdict = evaluate(parsed.activity);
      byVerdict[verdict.verdict]++;
      results.push(verdict);
    });
    await record(services, c.get("requestId"), c.get("principal").id, checked, audited);
    return ok(c, {
      results,
      summary: { evaluated: checked.length, rejected: results.length - checked.length, byVerdict },
    });
  });
}

interface Checked {
  readonly activity: Activity;
  readonly verdict: Verdict;
  readonly answers: RecordedAnswers;
}

async function record(
  services: Services,
  requestId: string,
  principal: string,
  checked: readonly Checked[],
  context: AuditContext,
): Promise<void> {
  if (!services.audit || checked.length === 0) return;
  const at = services.clock.now().toISOString();
  const entries: AuditRecord[] = checked.map(({ activity, verdict, answers }) => ({
    at,
    requestId,
    principal: principal === OPEN_PRINCIPAL ? null : principal,
    activity,
    verdict,
    regimeVersion: verdict.regimeVersion,
    listSnapshot: verdict.listSnapshot,
    answers,
  }));
  await services.audit.record(entries, context);
}
