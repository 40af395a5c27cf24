/**
 * @module screening/confirm
 * When a match is a confirmed match, and when it is only a potential one. A screening score says how
 * alike two names are; it does not say that a party *is* the listed entry. A bank cannot freeze a
 * payment to "Korea Development Bank" (a South Korean state bank) because its name scores 0.95 against
 * KOREA UNITED DEVELOPMENT BANK, but it must stop one to the entry itself. So a designation prohibits
 * only when the match is confirmed:
 *
 * - a strong identifier agrees (IMO number, passport, national id, SWIFT/BIC), or
 * - the full name equals a listed name or alias after normalisation (`normalise.ts`: case, marks,
 *   apostrophes, punctuation; legal forms by class, so `Corp.` = `Corporation`), that alias is not a
 *   weak one, and no fact given conflicts (date of birth, nationality or country, gender, IMO).
 *
 * Every other alert is a *potential* match, and a match in the review band a *near* one: both are for
 * a person to decide, with the explanation. The policy is data ({@link CONFIRM_V1}), and its name is
 * written in every verdict that relies on it, so that a later policy can be told apart in the audit log.
 *
 * @example
 * confirmMatch({ name: "Korea Development Bank" }, match).kind; // "potential": not the listed name
 * confirmMatch({ name: "Korea United Development Bank" }, match).kind; // "confirmed", by exact-name
 */
import { entryBasis, type EntryBasis } from "../lists/basis.js";
import type { MatchConfirmation } from "../model/contract.js";
import type { Designation, NameQuality } from "../model/designation.js";
import type { IdentifierCode, IdentifierResult } from "./explanation.js";
import { recordIdentifierAgreements, type StrongIdentifierQuery } from "./identifiers.js";
import { tokenise } from "./normalise.js";
import { wordKind } from "./org-words.js";
import type { QualifierCode, QualifierResult } from "./qualifiers.js";

/** A confirmation policy: what confirms a match, what stops an equal name from confirming it. */
export interface ConfirmPolicy {
  /** Name and version, written in verdicts: `confirm-v1`. */
  readonly name: string;
  /** Identifier outcomes that confirm a match on their own. */
  readonly strongIdentifiers: readonly IdentifierCode[];
  /** Qualities of the listed alias whose exact equality confirms (a weak alias never does). */
  readonly exactNameQualities: readonly NameQuality[];
  /** Facts that stop an equal name from confirming: the match stays potential. */
  readonly conflicts: readonly (QualifierCode | IdentifierCode)[];
  /** Facts reported as agreeing. */
  readonly agreements: readonly QualifierCode[];
}

/**
 * The policy in force. A date of birth one day, month or year off (`dob-near`) is a conflict here: it is
 * a typing slip or another person, and a person decides which.
 */
export const CONFIRM_V1 = {
  name: "confirm-v1",
  strongIdentifiers: ["imo-confirmed", "passport-confirmed", "national-id-confirmed", "swift-confirmed"],
  exactNameQualities: ["primary", "good", "former"],
  conflicts: ["dob-mismatch", "dob-near", "nationality-mismatch", "gender-mismatch", "imo-conflict"],
  agreements: ["dob-match", "nationality-match", "gender-match"],
} as const satisfies ConfirmPolicy;

/** What the policy reads of a match: its band, the alias it matched and its explanation. */
export interface MatchFacts {
  readonly band: "alert" | "review";
  readonly score: number;
  readonly matchedName: string;
  /** The screener's explanation (`MatchExplanation`); read defensively, since it is injected. */
  readonly explanation?: unknown;
}

/** What the policy reads of the query. */
export interface ConfirmQuery extends StrongIdentifierQuery {
  readonly name: string;
}

/** Options of {@link confirmMatch}. */
export interface ConfirmOptions {
  /** The listed record, when at hand: its national ids and SWIFT/BIC codes are compared too. */
  readonly record?: Pick<Designation, "identifiers"> | undefined;
  readonly policy?: ConfirmPolicy | undefined;
}

/** A name's tokens after normalisation, legal forms by class: what "equal names" compares. */
export function comparableName(name: string): string {
  return tokenise(name)
    .tokens.map((token) => {
      const word = wordKind(token, false);
      return word.kind === "legal" && word.cls !== undefined ? word.cls : token;
    })
    .join(" ");
}

interface ReadExplanation {
  readonly quality?: NameQuality;
  readonly qualifiers: readonly QualifierResult[];
  readonly identifiers: readonly IdentifierResult[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** The parts of an explanation the policy reads; an absent or foreign one reads as empty. */
function readExplanation(explanation: unknown): ReadExplanation {
  if (!isRecord(explanation)) return { qualifiers: [], identifiers: [] };
  const list = <T>(value: unknown): T[] =>
    Array.isArray(value)
      ? (value.filter((item) => isRecord(item) && typeof item["code"] === "string") as T[])
      : [];
  const quality = explanation["quality"];
  return {
    ...(typeof quality === "string" ? { quality: quality as NameQuality } : {}),
    qualifiers: list<QualifierResult>(explanation["qualifiers"]),
    identifiers: list<IdentifierResult>(explanation["identifiers"]),
  };
}

/** Judges one match under the policy (by default {@link CONFIRM_V1}). */
export function confirmMatch(
  query: ConfirmQuery,
  match: MatchFacts,
  options: ConfirmOptions = {},
): MatchConfirmation {
  const policy = options.policy ?? CONFIRM_V1;
  const read = readExplanation(match.explanation);
  // The screener already reports the identifiers it matched on; the record's own are read again only
  // for a match made without them (a stored answer, another screener), and never counted twice.
  const seen = new Set(read.identifiers.map((identifier) => identifier.code));
  const identifiers = [
    ...read.identifiers,
    ...(options.record ? recordIdentifierAgreements(query, options.record) : []).filter(
      (identifier) => !seen.has(identifier.code),
    ),
  ];
  const codes: readonly string[] = [...read.qualifiers, ...identifiers].map((fact) => fact.code);
  const agrees = codes.filter((code) => (policy.agreements as readonly string[]).includes(code));
  const conflicts = codes.filter((code) => (policy.conflicts as readonly string[]).includes(code));
  const base = { policy: policy.name, agrees, conflicts };
  const score = match.score.toFixed(2);

  const strong = identifiers.find((identifier) =>
    (policy.strongIdentifiers as readonly string[]).includes(identifier.code),
  );
  if (strong) {
    const kind = strong.code.replace(/-confirmed$/u, "");
    return {
      ...base,
      kind: "confirmed",
      by: "identifier",
      identifier: `${kind} ${strong.value}`,
      why: `the ${kind} ${strong.value} is the listed one`,
    };
  }
  if (match.band === "review")
    return { ...base, kind: "near", why: `score ${score} is below the alert threshold` };

  const equal = comparableName(query.name) === comparableName(match.matchedName);
  if (!equal) {
    return {
      ...base,
      kind: "potential",
      why: `"${query.name}" is not the listed name "${match.matchedName}" (score ${score}), and no identifier confirms it`,
    };
  }
  if (
    read.quality !== undefined &&
    !(policy.exactNameQualities as readonly string[]).includes(read.quality)
  ) {
    return {
      ...base,
      kind: "potential",
      why: `"${match.matchedName}" is a ${read.quality}-quality alias, which an equal name does not confirm`,
    };
  }
  if (conflicts.length > 0) {
    const details = read.qualifiers
      .filter((qualifier) => conflicts.includes(qualifier.code))
      .map((qualifier) => `${qualifier.code}: ${qualifier.detail}`);
    const others = conflicts.filter((code) => !read.qualifiers.some((qualifier) => qualifier.code === code));
    return {
      ...base,
      kind: "potential",
      why: `the name equals "${match.matchedName}" but ${[...details, ...others].join("; ")}`,
    };
  }
  return {
    ...base,
    kind: "confirmed",
    by: "exact-name",
    why: `the full name equals the listed name "${match.matchedName}"${
      agrees.length > 0 ? ` (${agrees.join(", ")})` : ""
    } and no fact given conflicts`,
  };
}

/** What a screening result says of a match beside its score: on whose list it is, and how it was judged. */
export interface MatchJudgement {
  readonly basis: EntryBasis;
  readonly confirmation: MatchConfirmation;
}

/** A match as `sanctions screen` and `POST /v1/screen` give it: list, ref, programmes, band, explanation. */
export interface JudgeableMatch extends MatchFacts {
  readonly list: string;
  readonly ref: string;
  readonly programmes: readonly string[];
}

/**
 * The legal basis and confirmation of a match, for screening output. `record` (the listed entry, when
 * at hand) adds its FtM authority and compares national ids and SWIFT/BIC codes.
 */
export function judgeMatch(
  query: ConfirmQuery,
  match: JudgeableMatch,
  record?: Pick<Designation, "identifiers" | "authority">,
): MatchJudgement {
  return {
    basis: entryBasis({
      list: match.list,
      ref: match.ref,
      programmes: match.programmes,
      authority: record?.authority,
      identifiers: record?.identifiers,
    }),
    confirmation: confirmMatch(query, match, { record }),
  };
}

/** The judgement as JSON fields beside a match's own: `authority`, `un1718`, `confirmation`. */
export function judgementJson(judgement: MatchJudgement): Record<string, unknown> {
  return {
    authority: judgement.basis.authority,
    un1718: judgement.basis.un1718,
    confirmation: judgement.confirmation,
  };
}

/** The judgement in one line for a terminal. */
export function formatJudgement(judgement: MatchJudgement): string {
  const { basis, confirmation } = judgement;
  const where = basis.un1718
    ? "UN 1718 designation (asset freeze)"
    : `listed elsewhere: ${basis.authority}${basis.programmes.length > 0 ? `, ${basis.programmes.join(", ")}` : ""} (not a UN 1718 designation)`;
  const by = confirmation.by === undefined ? "" : ` by ${confirmation.by}`;
  return `${where}; ${confirmation.kind} match${by} (${confirmation.policy}): ${confirmation.why}`;
}
