/**
 * @module evaluate/reasons
 * The English line of every reason, worded in one place from its code and detail (as
 * `council/errors.ts` words the Council's errors): the evaluator builds a reason's facts and calls
 * {@link reason}; nothing else writes reason text. Tests and lawyer cases assert codes, not these words.
 *
 * @example
 * reason("no_target_nexus", null, null, true, "permitted", { target: "KP" }).text;
 * // "no link to KP: neither from, to, origin, flag nor nationality is KP"
 */
import type {
  ActivitySummary,
  GoodsNote,
  Outcome,
  Reason,
  ReasonCode,
  ReasonDetail,
  ReasonFacts,
} from "../model/contract.js";
import type { Citation } from "../model/regime.js";
import type { Cap } from "../model/regime-schema.js";

/**
 * A reason with its line: the evaluator's one way to make a reason. Keys in the order of the contract;
 * one object per reason (the line is set on it), since this runs for every activity of a batch.
 *
 * `citation` brings its anchor and its verification against the official text; `verified` is that
 * verification and whatever element of the measure the reason also rests on (an exception's own flag,
 * the measure's unconfirmed scope), so it is never true where the citation is not verified.
 */
export function reason<C extends ReasonCode>(
  code: C,
  measure: string | null,
  citation: Citation | null | undefined,
  verified: boolean,
  outcome: Outcome,
  detail: ReasonDetail<C>,
): Reason {
  const made = (
    citation
      ? {
          code,
          measure,
          citation: citation.text,
          ...(citation.anchor === undefined ? {} : { anchor: citation.anchor }),
          verified: verified && citation.verified,
          verification: citation.verification,
          outcome,
          text: "",
          detail,
        }
      : { code, measure, citation: null, verified, verification: null, outcome, text: "", detail }
  ) as Reason;
  made.text = reasonText(made);
  return made;
}

/** English text for a reason; the one place where reasons are worded. */
export function reasonText(reason: ReasonFacts): string {
  switch (reason.code) {
    case "measure_prohibits":
      return `${reason.detail.title}: ${reason.detail.scope}`;
    case "measure_exhorts": {
      const { title, scope, verb, bindingFrom } = reason.detail;
      const who = `${reason.citation ?? "the Council"} ${verb === undefined ? "exhorts States" : `${verb.toLowerCase()} States`}`;
      const binding =
        bindingFrom === undefined
          ? "no later paragraph in the regime data made it binding"
          : `binding from ${bindingFrom.citation} (${bindingFrom.from})`;
      return `${title}: ${who}: ${scope} (an exhortation, not a prohibition; ${binding})`;
    }
    case "measure_condition_unknown":
      return `${reason.detail.title}: prohibited if ${reason.detail.condition}; give ${reason.detail.fact} to decide`;
    case "cap_applies": {
      const { title, cap } = reason.detail;
      const every = cap?.reportEveryDays
        ? `, reported to the Committee every ${cap.reportEveryDays} days`
        : "";
      return `${title}: allowed within the cap (${cap ? capLimitText(cap) : ""})${every}${cap?.note ? `; ${cap.note}` : ""}`;
    }
    case "cap_exceeded":
      return `${reason.detail.title}: this delivery would exceed the cap${reason.detail.note ? ` (${reason.detail.note})` : ""}`;
    case "cap_headroom":
      return `${reason.detail.title}: within the cap${reason.detail.note ? ` (${reason.detail.note})` : ""}`;
    case "cap_not_checked":
      return reason.detail.ledger
        ? `${reason.detail.title}: ${reason.detail.note ?? "the headroom could not be checked"}`
        : `${reason.detail.title}: no delivery ledger was given, so the headroom under the cap was not checked`;
    case "notification_required": {
      const days = reason.detail.noticeDaysBefore;
      return `${reason.detail.title}: allowed only after notice to the Committee${days ? ` at least ${days} days before supply` : ""}`;
    }
    case "exception_applies": {
      const detail = reason.detail;
      if ("party" in detail) return `designated party (${who(detail)}), but ${detail.exceptionTitle}`;
      const condition = detail.condition ? ` — ${detail.condition}` : "";
      const exemption = detail.exemption === undefined ? "" : ` (exemption ${detail.exemption})`;
      const approval =
        detail.approval === "not-checked"
          ? " — the Committee's approval is claimed, not checked against exemption records"
          : "";
      return `${detail.title}: ${detail.exceptionTitle}${condition}${exemption}${approval}`;
    }
    case "exception_possible":
      return `${reason.detail.exceptionTitle} would apply if ${reason.detail.missing.join(" and ")} were shown`;
    case "window_applies": {
      const { title, condition, kind, lastDay } = reason.detail;
      return `${title}: ${condition ?? kind} (window open until ${lastDay})`;
    }
    case "window_undecided": {
      const { title, adopted, lastDay } = reason.detail;
      return `${title}: prohibited, unless under a written contract concluded before ${adopted}, which may be performed until ${lastDay}; give contractDate to decide`;
    }
    case "goods_undecided":
    case "goods_by_description":
    case "hs_edition_straddles":
    case "value_threshold":
      return `${reason.detail.title}: ${goodsNoteText(reason.detail.goods, reason.detail.prefix)}`;
    case "party_designated": {
      const { confirmation, decision } = reason.detail;
      const confirmed = !confirmation
        ? ""
        : confirmation.by === "decision"
          ? ` (${confirmation.why})`
          : ` (confirmed: ${confirmation.why})`;
      return reason.detail.assetFreeze
        ? `designated: ${who(reason.detail)}${confirmed}; the asset freeze applies${reopenedText(decision)}`
        : `listed: ${who(reason.detail)}${confirmed}; no asset freeze of this regime was in force on ${reason.detail.date}${reopenedText(decision)}`;
    }
    case "party_potential_match":
      return `potential match: ${who(reason.detail)}; not confirmed under ${reason.detail.confirmation.policy}: ${reason.detail.confirmation.why}; a person must confirm or dismiss it${reopenedText(reason.detail.decision)}`;
    case "party_near_match":
      return `near match: ${who(reason.detail)}; a person must confirm or dismiss it${reopenedText(reason.detail.decision)}`;
    case "party_alert_closed": {
      const { decision, authority } = reason.detail;
      return `alert closed: ${who(reason.detail)}, listed by ${authority}; ${decisionByText(decision)} decided it a false positive: ${decision.note}; closed while the list entry is unchanged`;
    }
    case "listed_elsewhere": {
      const { authority, programmes, matchKind, confirmation, decision } = reason.detail;
      const filed = programmes.length > 0 ? ` under ${programmes.join(", ")}` : "";
      const kind =
        confirmation.by === "decision" ? `a confirmed match (${confirmation.why})` : `a ${matchKind} match`;
      return `listed elsewhere: ${who(reason.detail)}, ${kind}; listed by ${authority}${filed}, not a UN 1718 designation, so no paragraph of this regime applies: review it under that listing's own rules${reopenedText(decision)}`;
    }
    case "parties_not_screened": {
      const count = reason.detail.count;
      return `${count} part${count === 1 ? "y was" : "ies were"} given but no sanctions list is loaded to screen them (sanctions lists import)`;
    }
    case "exemption_not_applicable":
      return `${reason.detail.title}: exemption ${reason.detail.exemptions.map((exemption) => `${exemption.reference} (${exemption.reason ?? "does not apply"})`).join(", ")}`;
    case "hs_not_in_nomenclature":
      return `HS ${reason.detail.hs} is not a code of ${reason.detail.edition}`;
    case "hs_form_only": {
      const { hs, edition } = reason.detail;
      return `HS ${hs} (${edition}) was checked by form only: no ${edition} nomenclature is imported (sanctions hs import)`;
    }
    case "no_target_nexus": {
      const target = reason.detail.target;
      return `no link to ${target}: neither from, to, origin, flag nor nationality is ${target}`;
    }
    case "no_measure_applies":
      return `${reason.detail.inForce} measures were in force on ${reason.detail.date}; none engages this ${activityText(reason.detail.activity)}`;
  }
}

/** Who decided, when, and which decision: "ana on 2026-12-01 (decision dec-…)". */
function decisionByText(decision: { decidedBy: string; decidedAt: string; id: string }): string {
  return `${decision.decidedBy} on ${decision.decidedAt.slice(0, 10)} (decision ${decision.id})`;
}

/** What a reason adds for a decision the list entry's change reopened; nothing otherwise. */
function reopenedText(decision: ReasonDetail<"party_near_match">["decision"]): string {
  if (decision?.state !== "reopened") return "";
  const what = decision.decision === "false_positive" ? "a false positive" : "a true match";
  return `; alert reopened: ${decisionByText(decision)} decided it ${what}, but the list entry changed since`;
}

/** A person's confirmation of a match, in the words `confirmation.why` carries. */
export function confirmedByText(decision: {
  decidedBy: string;
  decidedAt: string;
  id: string;
  note: string;
}): string {
  return `confirmed by ${decisionByText(decision)}: ${decision.note}`;
}

/** A party and the designation it matched, with the score to two places. */
function who(match: {
  readonly party: string;
  readonly name: string;
  readonly ref: string;
  readonly list: string;
  readonly score: number;
}): string {
  return `${match.party} matches ${match.name} (${match.ref}, ${match.list}, score ${match.score.toFixed(2)})`;
}

/** Why goods are in, or may be in, a scope (`prefix`: the scope's prefix concerned). */
function goodsNoteText(note: GoodsNote, prefix: string): string {
  switch (note.kind) {
    case "described":
      return `the description points at ${note.what}`;
    case "within-union":
      return `HS ${note.hs} lies wholly inside the paragraph's confirmed scope (HS ${note.first}-${note.last}), though not wholly inside this group`;
    case "edition-straddles":
      return `HS ${note.hs} (${note.edition}) corresponds to codes both inside and outside ${prefix} in the edition the measure is written in`;
    case "broader":
      return `HS ${note.hs} is broader than the scope ${prefix}; give the full code`;
    case "may-be":
      return `HS ${note.hs} may be ${note.what}; ${note.described ? "the description does not say" : "give a description to decide"}`;
    case "value-missing":
      return `${note.item}: give the value to decide`;
    case "currency-differs":
      return `${note.item}: the threshold is in ${note.threshold}, the value in ${note.currency}`;
    case "unit-value":
      return `${note.item}: ${note.unitValue.toFixed(2)} ${note.currency} a unit`;
  }
}

function activityText(activity: ActivitySummary): string {
  switch (activity.type) {
    case "goods":
      return `shipment of HS ${activity.hs} from ${activity.from} to ${activity.to}`;
    case "service":
      return `${activity.service} service from ${activity.from} to ${activity.to}`;
    case "payment":
      return `${activity.instrument} payment from ${activity.from} to ${activity.to}`;
    case "vessel":
      return `vessel operation (${activity.action})`;
    case "employment":
      return `employment of a ${activity.nationality} national in ${activity.country}`;
    case "joint_venture":
      return `joint venture (${activity.action}) with a ${activity.partnerCountry} partner`;
  }
}

/** What a cap allows, in words; kept per cap, since number formatting through ICU is slow. */
const capLimitTexts = new WeakMap<Cap, string>();

function capLimitText(cap: Cap): string {
  let text = capLimitTexts.get(cap);
  if (text === undefined) {
    text = cap.baseline
      ? cap.baseline === "total-at-adoption"
        ? "each State's total on adoption"
        : "each State's level of the prior twelve months"
      : (cap.limits ?? [])
          .map((limit) => `${limit.amount.toLocaleString("en-US")} ${limit.unit}`)
          .join(" / ");
    capLimitTexts.set(cap, text);
  }
  return text;
}
