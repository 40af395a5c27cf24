/**
 * @module model/regime-schema
 * The schemas of the regime data files (`regime/<id>/`). Every object is strict: an unknown key is an
 * error, never silently ignored. The shapes are documented for authors in `docs/regime-format.md`.
 *
 * A resolution file lists its operative paragraphs; each paragraph carries the *effects* it has on
 * measures (impose, amend, lift, suspend) and on the Council's commitments. Measure histories are
 * compiled from those effects, so that every version of a measure points at the paragraph that made it.
 */
import { z } from "zod";
import { isIsoDate } from "./dates.js";
import {
  activityFacts,
  activityTypes,
  conditionKeys,
  type ExceptionConditions,
  type FactComparison,
  type FactValue,
} from "./facts.js";
import { jointVentureActions, paymentInstruments, serviceKinds, vesselActions } from "./vocabulary.js";

/** A calendar date `YYYY-MM-DD` that exists. */
export const isoDate = z.string().refine(isIsoDate, {
  message: "expected a real calendar date written YYYY-MM-DD",
  params: { code: "invalid_date" },
});

/** An HS code as the regime writes it: 2, 4 or 6 digits, quoted so that leading zeros survive. */
export const hsCode = z.string().refine((value) => /^(\d{2}|\d{4}|\d{6})$/.test(value), {
  message: "expected an HS code of 2, 4 or 6 digits, as a quoted string",
  params: { code: "invalid_hs_code" },
});

/** Keys of the fact sheet's source list (§12), e.g. `UNPR-8853`. */
const sources = z.array(z.string().min(1)).optional();

/** A measure id: `KP-EXP-SEAFOOD`. */
export const measureId = z.string().refine((value) => /^[A-Z]{2}-[A-Z0-9]+(-[A-Z0-9]+)*$/.test(value), {
  message: "expected a measure id such as KP-EXP-SEAFOOD",
  params: { code: "invalid_measure_id" },
});

/**
 * A paragraph anchor. `OP8(a)(iii)`, `OP12-13` (a range the sources cite together), `Annex IV`, or
 * `x-<slug>` where the content is confirmed but no paragraph number is: such anchors are never verified.
 */
export const paragraphAnchor = z
  .string()
  .refine((value) => /^(OP\d+(\([a-z]+\)|\([ivx]+\))*(-\d+)?|Annex [IVX]+|x-[a-z0-9-]+)$/.test(value), {
    message: "expected a paragraph anchor such as OP9, OP8(a)(iii), OP12-13, Annex IV or x-<slug>",
    params: { code: "invalid_anchor" },
  });

/**
 * A quoted anchor: a short verbatim phrase (at most 25 words) of the cited paragraph, as the official
 * text gives it. A citation is verified when its anchor is found, whitespace and quotes normalised, in
 * that numbered paragraph of the imported official text (`src/texts/verify.ts`); never by hand. Words
 * left out are written ` ... `: each part must then be found, in order.
 */
export const MAX_ANCHOR_WORDS = 25;
export const anchorQuote = z
  .string()
  .min(3)
  .refine(
    (value) => value.split(/\s+/).filter((word) => word !== "" && word !== "...").length <= MAX_ANCHOR_WORDS,
    {
      message: `expected a verbatim phrase of at most ${MAX_ANCHOR_WORDS} words`,
      params: { code: "anchor_too_long" },
    },
  );

export type { ActivityType } from "./facts.js";

export const measureKinds = [
  "arms",
  "proliferation",
  "luxury-goods",
  "commodity-export",
  "commodity-supply",
  "petroleum",
  "finance",
  "joint-venture",
  "labour",
  "services",
  "maritime",
  "aviation",
  "targeted",
  "cooperation",
  "conduct",
  "humanitarian",
  "procedural",
] as const;
export type MeasureKind = (typeof measureKinds)[number];

/** Who the measure restrains: supply to the target, procurement from it, both, or not a flow of goods. */
export const directions = ["to-target", "from-target", "both", "none"] as const;
export type Direction = (typeof directions)[number];

/**
 * What the measure does to an activity in its scope.
 * - `prohibition`: not allowed (unless an exception or window applies);
 * - `cap`: allowed only within a quantity cap, with reporting (a `conditional` verdict);
 * - `notification`: allowed after notifying the Committee (a `conditional` verdict);
 * - `restriction`: prohibited only for the listed actions or parties (e.g. no *new* joint ventures);
 * - `obligation`: an obligation on States (inspect, repatriate, de-register) that does not by itself
 *   decide an activity, but is in force and cited;
 * - `authorisation`: a power to exempt or a carve-out from other measures;
 * - `discretion`: States are called upon and allowed to act (the 2094 catch-all);
 * - `statement`: a binding reaffirmation with no verdict of its own (not intended to harm civilians);
 * - `exhortation`: the Council *calls upon*, *urges* or *requests* States: it never makes an activity
 *   prohibited; it yields a notice (vigilance), and the measure's history shows when a later
 *   resolution made it binding.
 */
export const modalities = [
  "prohibition",
  "cap",
  "notification",
  "restriction",
  "obligation",
  "authorisation",
  "discretion",
  "statement",
  "exhortation",
] as const;
export type Modality = (typeof modalities)[number];

/** How an HS scope was arrived at: the resolution's own codes, implementing States' practice, or a mapping of words to the nomenclature. */
export const scopeBases = ["text", "practice", "classification"] as const;

const money = z.strictObject({ amount: z.number().positive(), currency: z.string().regex(/^[A-Z]{3}$/) });

/** One item of an annex (luxury goods), with the value threshold the annex gives, if any. */
const annexItem = z.strictObject({
  label: z.string().min(1),
  hs: z.array(hsCode).min(1),
  valueAbove: money.optional(),
  keywords: z.array(z.string().min(1)).optional(),
  verified: z.boolean().optional(),
  note: z.string().optional(),
});

const goodsScope = z.strictObject({
  /** Prefixes whose goods are in scope: a code under one of them decides. */
  hs: z.array(hsCode),
  /**
   * A confirmed scope this one is part of (2397 OP7's HS 72-89, of which the split into three groups is
   * unconfirmed): goods whose counterparts straddle this scope but all lie inside the union are in.
   */
  union: z.array(hsCode).optional(),
  /** Prefixes inside `hs` or `candidates` whose goods are outside the scope (pistols, 9302, are small arms). */
  hsExclude: z.array(hsCode).optional(),
  /**
   * Prefixes whose goods *may* be in scope: the code alone cannot tell (heavy arms or small arms; jet
   * fuel or gas oil at 271019). The description (keywords, excludeKeywords) or a specification check
   * must settle it, else the verdict is `review`.
   */
  candidates: z.array(hsCode).optional(),
  keywords: z.array(z.string().min(1)).optional(),
  excludeKeywords: z.array(z.string().min(1)).optional(),
  basis: z.enum(scopeBases),
  items: z.array(annexItem).optional(),
  /** Control lists (S/2006/814, INFCIRC/254...) that define the goods by specification, not by code. */
  lists: z.array(z.string().min(1)).optional(),
  verified: z.boolean().optional(),
  note: z.string().optional(),
});

/** The party categories a measure reaches: designated persons and those acting for them. */
export const partyCategories = ["designated", "acting-for-designated", "target-government"] as const;

const scope = z.strictObject({
  /** Activity types the measure engages; empty for obligations on States and Council procedure. */
  activities: z.array(z.enum(activityTypes)),
  goods: goodsScope.optional(),
  services: z.array(z.enum(serviceKinds)).optional(),
  payment: z
    .strictObject({
      instruments: z.array(z.enum(paymentInstruments)).min(1),
      /** Whether the measure reaches new arrangements only (2094: no *new* branches) or existing ones too. */
      arrangements: z
        .array(z.enum(["new", "existing"]))
        .min(1)
        .optional(),
    })
    .optional(),
  vessel: z
    .strictObject({
      actions: z.array(z.enum(vesselActions)).min(1),
      /** Only vessels of these flags (ISO alpha-2); absent means any vessel dealing with the target. */
      flags: z.array(z.string().regex(/^[A-Z]{2}$/)).optional(),
      /** Only designated vessels. */
      designatedOnly: z.boolean().optional(),
    })
    .optional(),
  employment: z
    .strictObject({
      nationality: z.string().regex(/^[A-Z]{2}$/),
      /** Which work authorizations the measure reaches: new ones, or existing ones too. */
      authorizations: z.array(z.enum(["new", "existing"])).min(1),
    })
    .optional(),
  jointVenture: z.strictObject({ actions: z.array(z.enum(jointVentureActions)).min(1) }).optional(),
  parties: z.array(z.enum(partyCategories)).optional(),
  /**
   * A fact the measure turns on beyond the activity's type and flow: "could contribute to the
   * programmes" (`suspect`), or a vessel that refused an inspection (`refusedInspection`). When the
   * activity does not state it, the verdict is `review`.
   */
  requires: z
    .strictObject({ fact: z.enum(["suspect", "refusedInspection"]), text: z.string().min(1) })
    .optional(),
  /** The measure's scope in words, as the fact sheet gives it. */
  text: z.string().min(1),
});

const capLimit = z.strictObject({ amount: z.number().positive(), unit: z.enum(["bbl", "t", "USD"]) });

/** A quantity cap: the law's side (amounts, period); deliveries are recorded elsewhere in ledgers. */
export const cap = z.strictObject({
  limits: z.array(capLimit).optional(),
  /** `lower`: whichever limit is reached first ("whichever is lower"); `either`: the limits express one amount in two units. */
  combine: z.enum(["lower", "either"]).optional(),
  /** What is capped: the aggregate of all States, or each State against its own baseline. */
  basis: z.enum(["aggregate", "per-state"]),
  period: z.enum(["calendar-year", "twelve-months", "fixed"]),
  periodStart: isoDate.optional(),
  periodEnd: isoDate.optional(),
  /**
   * A relative cap, per State: no more than it supplied in the twelve months before adoption, or no
   * more than its total on the day of adoption (work authorizations).
   */
  baseline: z.enum(["prior-twelve-months", "total-at-adoption"]).optional(),
  reportEveryDays: z.number().int().positive().optional(),
  note: z.string().optional(),
});

/** One value a condition lists, checked as the fact's kind (`./facts.ts`). */
function listedValue(value: FactValue): z.ZodType {
  switch (value.kind) {
    case "boolean":
      return z.boolean();
    case "date":
      return isoDate;
    case "country":
      return z.string().regex(/^[A-Z]{2}$/);
    case "enum":
      return z.enum(value.values);
    case "text":
      return z.string().min(1);
  }
}

/** A condition's value: a list of values for `one-of` and `none-of`, `true` for the others. */
function conditionValue(compare: FactComparison, value: FactValue): z.ZodType {
  return compare === "one-of" || compare === "none-of" ? z.array(listedValue(value)) : z.literal(true);
}

/**
 * Facts of an activity that make an exception apply, one key per condition of the facts registry
 * (`./facts.ts`). Every key named must hold (a conjunction); a list means "one of". The evaluation core
 * reads these facts from the activity and says which were missing.
 */
export const exceptionConditions = z.strictObject(
  Object.fromEntries(
    conditionKeys.map(({ key, fact, compare }) => [
      key,
      conditionValue(compare, activityFacts[fact].value).optional(),
    ]),
  ),
) as unknown as z.ZodType<ExceptionConditions>;
export type { ExceptionConditions } from "./facts.js";

/** A written exception to a measure (Catala style: it names what it overrides). */
const exception = z.strictObject({
  id: z.string().regex(/^[A-Z]{2}-[A-Z0-9-]+\/[a-z0-9-]+$/, "expected <measure id>/<slug>"),
  title: z.string().min(1),
  when: exceptionConditions,
  outcome: z.enum(["permitted", "conditional"]),
  /** For `conditional`: what must still hold, in words (advance notice to the Committee...). */
  condition: z.string().optional(),
  /** A graded exception: this one overrides another exception of the same measure. */
  overrides: z.string().optional(),
  /** A verbatim phrase of the paragraph that gives the exception, when it is not the paragraph's own anchor. */
  anchor: anchorQuote.optional(),
  verified: z.boolean().optional(),
  note: z.string().optional(),
  sources,
});

/**
 * A transition window. `prior-contracts`: contracts signed before adoption may still be performed up to
 * N days (or months) after adoption. `wind-down`: existing arrangements must end within N days or months.
 */
const window = z.strictObject({
  id: z.string().regex(/^[A-Z]{2}-[A-Z0-9-]+\/[a-z0-9-]+$/, "expected <measure id>/<slug>"),
  kind: z.enum(["prior-contracts", "wind-down"]),
  days: z.number().int().positive().optional(),
  months: z.number().int().positive().optional(),
  outcome: z.enum(["permitted", "conditional"]),
  condition: z.string().optional(),
  /** For wind-down windows: the actions that may go on until the window closes (e.g. `operate`). */
  appliesTo: z.array(z.string().min(1)).optional(),
  /** A verbatim phrase of the paragraph that gives the window (its days, its goods). */
  anchor: anchorQuote.optional(),
  verified: z.boolean().optional(),
  note: z.string().optional(),
  sources,
});

/** Dated terms of a measure that are not a scope or a cap. */
const terms = z.strictObject({
  noticeDaysBefore: z.number().int().positive().optional(),
  mandateUntil: isoDate.optional(),
});

const measureFields = {
  title: z.string().min(1),
  kind: z.enum(measureKinds),
  direction: z.enum(directions),
  modality: z.enum(modalities),
  scope,
  cap: cap.optional(),
  terms: terms.optional(),
  exceptions: z.array(exception).optional(),
  windows: z.array(window).optional(),
};

const effectCommon = {
  measure: measureId,
  /** Effective date; the adoption date when absent. */
  from: isoDate.optional(),
  /** Last day in force, when the paragraph itself ends the measure (a stub-period cap, a mandate). */
  to: isoDate.optional(),
  /** A verbatim phrase of the paragraph for an element of this effect (a date, a cap, a scope). */
  anchor: anchorQuote.optional(),
  /** `false` when an element of this effect (not the paragraph number) is unconfirmed; say which in `note`. */
  verified: z.boolean().optional(),
  note: z.string().optional(),
};

const imposeEffect = z.strictObject({ action: z.literal("impose"), ...effectCommon, ...measureFields });

const amendEffect = z.strictObject({
  action: z.literal("amend"),
  ...effectCommon,
  /** A version of the same measure from the same date made by an earlier paragraph, replaced before taking effect. */
  supersedes: z.string().optional(),
  title: z.string().min(1).optional(),
  modality: z.enum(modalities).optional(),
  scope: scope.optional(),
  cap: cap.nullable().optional(),
  terms: terms.optional(),
  addExceptions: z.array(exception).optional(),
  removeExceptions: z.array(z.string()).optional(),
  addWindows: z.array(window).optional(),
});

const liftEffect = z.strictObject({ action: z.literal("lift"), ...effectCommon });

/** Suspension (drafts): the measure stops applying, and comes back in force the day a trigger event is recorded. */
const suspendEffect = z.strictObject({
  action: z.literal("suspend"),
  ...effectCommon,
  snapback: z.strictObject({ events: z.array(z.string().min(1)).min(1) }).optional(),
});

/** A Council commitment to act (2397 OP28, 1718 OP15): recorded as data, never as an invented measure. */
const commitEffect = z.strictObject({
  action: z.literal("commit"),
  id: z.string().regex(/^[A-Z]{2}-COMMIT-[A-Z0-9-]+$/),
  kind: z.enum(["trigger", "review"]),
  triggers: z.array(z.string().min(1)).optional(),
  undertaking: z.string().min(1),
  measures: z.array(measureId).optional(),
  anchor: anchorQuote.optional(),
  verified: z.boolean().optional(),
  note: z.string().optional(),
});

export const effect = z.discriminatedUnion("action", [
  imposeEffect,
  amendEffect,
  liftEffect,
  suspendEffect,
  commitEffect,
]);
export type Effect = z.infer<typeof effect>;
export type ImposeEffect = z.infer<typeof imposeEffect>;
export type AmendEffect = z.infer<typeof amendEffect>;
export type MeasureScope = z.infer<typeof scope>;
export type GoodsScope = z.infer<typeof goodsScope>;
export type Cap = z.infer<typeof cap>;
export type CapLimit = z.infer<typeof capLimit>;
export type MeasureException = z.infer<typeof exception>;
export type MeasureWindow = z.infer<typeof window>;
export type MeasureTerms = z.infer<typeof terms>;

const paragraph = z.strictObject({
  id: paragraphAnchor,
  /**
   * Hand-written confirmation of the paragraph number, from before the official texts were read. Being
   * replaced by `anchor`, which the code verifies against the text.
   */
  verified: z.boolean().optional(),
  /** A verbatim phrase of the paragraph in the official text (see `anchorQuote`). */
  anchor: anchorQuote.optional(),
  sources,
  /** The paragraph in the project's own words. */
  text: z.string().min(1),
  effects: z.array(effect).optional(),
  /** Why a paragraph has no effects (exhortation, Committee procedure), for the coverage report. */
  unencoded: z.string().optional(),
  note: z.string().optional(),
});
export type Paragraph = z.infer<typeof paragraph>;

const vote = z.strictObject({
  yes: z.number().int().min(0).max(15),
  no: z.number().int().min(0).max(15),
  abstain: z.number().int().min(0).max(15),
  /** Members who abstained or voted no, by name, when the sources say. */
  against: z.array(z.string()).optional(),
  abstaining: z.array(z.string()).optional(),
});

export const resolutionElements = ["symbol", "date", "meeting", "vote", "designations"] as const;

export const resolutionFile = z.strictObject({
  symbol: z.string().regex(/^S\/RES\/\d+ \(\d{4}\)$/, "expected a symbol such as S/RES/2397 (2017)"),
  adopted: isoDate,
  meeting: z.string().optional(),
  vote: vote.optional(),
  /** Elements of this record that the sources do not confirm. */
  unconfirmed: z.array(z.enum(resolutionElements)).optional(),
  sources,
  trigger: z.string().optional(),
  summary: z.string().min(1),
  designations: z
    .strictObject({
      individuals: z.number().int().min(0),
      entities: z.number().int().min(0),
      vessels: z.number().int().min(0).optional(),
      /** The paragraph that designates (`OP5(a)`), and a verbatim phrase of it. */
      paragraph: paragraphAnchor.optional(),
      anchor: anchorQuote.optional(),
      verified: z.boolean(),
      note: z.string().optional(),
    })
    .optional(),
  paragraphs: z.array(paragraph).min(1),
});
export type ResolutionFile = z.infer<typeof resolutionFile>;

export const regimeFile = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  /** ISO alpha-2 code of the target State. */
  target: z.string().regex(/^[A-Z]{2}$/),
  committee: z.string().min(1),
  /** The HS edition the goods scopes are written in. */
  scopeEdition: z.enum(["HS2017", "HS2022"]),
  /**
   * The measure that freezes the assets of designated persons and entities (imposed as a
   * `prohibition`): a party found on a list is answered with it.
   */
  assetFreeze: measureId.optional(),
  /** The capped measure (imposed as a `cap`) that the cap ledgers use when none is named. */
  defaultCap: measureId.optional(),
  reviewed: z.strictObject({ on: isoDate, note: z.string().optional() }),
  note: z.string().optional(),
});
export type RegimeFile = z.infer<typeof regimeFile>;

/** Own-words labels of every HS code the regime's scopes name. */
export const goodsFile = z.strictObject({
  edition: z.enum(["HS2017", "HS2022"]),
  codes: z.record(hsCode, z.string().min(1)),
});
export type GoodsFile = z.infer<typeof goodsFile>;

export const eventKinds = [
  "nuclear-test",
  "icbm-launch",
  "irbm-launch",
  "ballistic-missile-launch",
  "cruise-missile-launch",
  "satellite-launch",
  "missile-launch",
  "summit",
  "declaration",
  "talks",
  "deadline",
  "draft-circulated",
  "draft-vetoed",
  "mandate-lapse",
  "treaty",
  "initiative",
  "statement",
  "council-meeting",
] as const;
export type EventKind = (typeof eventKinds)[number];

const event = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  date: isoDate,
  /** Last day of a multi-day event. */
  until: isoDate.optional(),
  /** `month` when only the month is known: `date` is then the first of the month and says nothing of the day. */
  precision: z.enum(["day", "month"]).optional(),
  kind: z.enum(eventKinds),
  title: z.string().min(1),
  /** Time zone of the date when it matters (tests are dated in Korea time). */
  zone: z.enum(["KST", "NY"]).optional(),
  /** The Council's response, as a citation of a resolution, e.g. `S/RES/1718 (2006)`. */
  response: z.string().optional(),
  verified: z.boolean(),
  sources,
  note: z.string().optional(),
});
export type RegimeEventRecord = z.infer<typeof event>;

export const eventsFile = z.strictObject({ events: z.array(event) });

/**
 * A draft resolution that was never adopted, in the regime's own vocabulary: its paragraphs carry the
 * same effects as a resolution's (lift, suspend with snapback, amend, impose, exceptions), applied as if
 * the draft were adopted on `at` (the circulation date unless said otherwise). The keys `symbol`,
 * `title`, `date`, `votes` and `positions` are also what `sanctions council vote` reads.
 */
export const draftFile = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]+$/),
    /** The draft's document symbol (S/2022/431), when it had one. */
    symbol: z.string().optional(),
    title: z.string().min(1),
    sponsors: z.array(z.string().min(1)).min(1),
    /** When the draft was circulated to Council members, where the sources say. */
    circulated: isoDate.optional(),
    status: z.enum(["circulated", "voted", "withdrawn"]),
    /** The date the draft is applied at by default (its circulation date when absent). */
    at: isoDate.optional(),
    /** The date of the vote, for drafts put to a vote. */
    date: isoDate.optional(),
    /** The recorded vote, member → yes, no, abstain or absent. */
    votes: z.record(z.string(), z.enum(["yes", "no", "abstain", "absent"])).optional(),
    outcome: z.enum(["adopted", "not adopted"]).optional(),
    unconfirmed: z.array(z.string()).optional(),
    sources,
    summary: z.string().min(1),
    note: z.string().optional(),
    paragraphs: z.array(paragraph).min(1),
  })
  .refine((draft) => draft.at ?? draft.circulated ?? draft.date, {
    message: "a draft needs a date to be applied at: at, circulated or date",
    params: { code: "missing_field" },
    path: ["at"],
  });
export type DraftFile = z.infer<typeof draftFile>;

/*
 * The DPRK's own obligations (`obligations.yaml`): what the Council demanded or decided the DPRK shall
 * (not) do, each clause with its citation and a verbatim anchor, and the conduct it names. Events (tests,
 * launches) are weighed against them by `src/regime/obligations.ts`.
 */

/** How the Council put the clause: it *demands* (1718 OP2), *decides* (2094 OP2), or *reaffirms its decisions* (2270 OP2). */
export const obligationForces = ["demand", "decision", "reaffirmation"] as const;
export type ObligationForce = (typeof obligationForces)[number];

/** What the clause asks of the DPRK about the conduct it names: not to conduct it, to suspend it, to abandon it. */
export const obligationDuties = ["not-conduct", "suspend", "abandon"] as const;
export type ObligationDuty = (typeof obligationDuties)[number];

/** A conduct the texts name, in their own words, and the event kinds it reaches (`a launch that uses ballistic missile technology`). */
const conductEntry = z.strictObject({
  /** The conduct as a phrase that completes "…, which S/RES/2094 (2013) OP2 decides the DPRK shall not conduct". */
  words: z.string().min(1),
  kinds: z.array(z.enum(eventKinds)).min(1),
  note: z.string().optional(),
});

const obligation = z.strictObject({
  id: z.string().regex(/^[A-Z]{2}-OBL-[A-Z0-9-]+$/, "expected an id such as KP-OBL-2094-OP2"),
  /** `S/RES/2094 (2013) OP2`: the resolution must be in the package; the paragraph need not be encoded there. */
  citation: z.string().regex(/^S\/RES\/\d+ \(\d{4}\) OP\d+(\([a-z]+\))?$/, {
    message: "expected a citation such as S/RES/2094 (2013) OP2",
  }),
  /** The verbatim clause of the paragraph, checked by `sanctions validate --texts`. */
  anchor: anchorQuote,
  force: z.enum(obligationForces),
  duty: z.enum(obligationDuties),
  /** Keys of `conduct`: what the clause names. */
  conduct: z.array(z.string().regex(/^[a-z0-9-]+$/)).min(1),
  note: z.string().optional(),
});
export type ObligationRecord = z.infer<typeof obligation>;

export const obligationsFile = z.strictObject({
  conduct: z.record(z.string().regex(/^[a-z0-9-]+$/), conductEntry),
  obligations: z.array(obligation).min(1),
});
export type ObligationsFile = z.infer<typeof obligationsFile>;
