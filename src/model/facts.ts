/**
 * @module model/facts
 * The facts an activity can carry beyond what makes it an activity (a purpose, an end use, a port, a
 * Committee approval...), in one registry: for each fact its value, the activity types that carry it, a
 * line that says what it is, and how an exception's `when` compares it. Everything else is derived from
 * this list: the fact fields of the activity schema and of its goods fast path (`./activity.ts`), the
 * exception conditions of the regime schema (`./regime-schema.ts`), the evaluator's comparison
 * (`evaluate/exceptions.ts`), the compiler's check that two exceptions can meet
 * (`regime/compile.ts`), and the inputs of the web form. A new fact is one entry here.
 *
 * Why plain data with no import of zod: the web bundle imports this module to build its form, and must
 * not pull a validation library it does not use. The zod schemas are built from it where zod already is.
 *
 * The order of the lines is the order of the keys of a parsed activity (facts every type carries come
 * after `vessel`; a type's own facts where that type's schema places them), and matters for nothing else.
 */
import { MAX_ID_LENGTH, MAX_NAME_LENGTH } from "./limits.js";

/** The kinds of activity a user asks about: the one list (schemas, CLI, API and web form read it). */
export const activityTypes = [
  "goods",
  "employment",
  "joint_venture",
  "payment",
  "vessel",
  "service",
] as const;
export type ActivityType = (typeof activityTypes)[number];

/**
 * A fact's value.
 * - `boolean`: true or false (CSV may write yes/no, 1/0);
 * - `date`: a real date written YYYY-MM-DD;
 * - `country`: an ISO 3166 alpha-2 code (trimmed and upper-cased when read);
 * - `enum`: one of `values`;
 * - `text`: a free string of at most `max` characters.
 */
export type FactValue =
  | { readonly kind: "boolean" }
  | { readonly kind: "date" }
  | { readonly kind: "country" }
  | { readonly kind: "enum"; readonly values: readonly [string, ...string[]] }
  | { readonly kind: "text"; readonly max: number };

/**
 * How an exception condition compares a fact, under the condition's own key in `when`.
 * - `one-of`: the condition lists values; the fact must be one of them (letter case aside);
 * - `none-of`: the condition lists values; the fact must be none of them;
 * - `true`: the condition is `true`; the fact must be true;
 * - `before-adoption`: the condition is `true`; the date must be before the adoption of the paragraph
 *   that made the exception.
 * A fact the activity does not give makes the exception possible, never applied.
 */
export type FactComparison = "one-of" | "none-of" | "true" | "before-adoption";

export interface FactDefinition {
  readonly value: FactValue;
  /** The activity types that carry the fact: `all`, or a list. Other types do not keep it. */
  readonly types: "all" | readonly ActivityType[];
  /** What the fact says, in one line (the web form's hint, the docs). */
  readonly description: string;
  /** The keys an exception's `when` may use for this fact, each with its comparison. */
  readonly conditions?: Readonly<Record<string, FactComparison>>;
  /**
   * For a `true` comparison: another fact whose presence counts as this one stated (an exemption
   * reference stands for the Committee approval it records, which the exemptions registry then checks).
   */
  readonly givenBy?: string;
  /** An example value for the form's placeholder. */
  readonly example?: string;
}

/** The registry: one entry per fact. */
export const activityFacts = {
  contractDate: {
    value: { kind: "date" },
    types: "all",
    description: "the day the written contract was concluded (transition windows, prior contracts)",
    conditions: { contractBeforeAdoption: "before-adoption" },
  },
  purpose: {
    value: {
      kind: "enum",
      values: [
        "livelihood",
        "humanitarian",
        "basic-human-needs",
        "denuclearization",
        "development",
        "diplomatic",
      ],
    },
    types: "all",
    description: "what the activity is for",
    conditions: { purpose: "one-of" },
  },
  actor: {
    // Resolution 2664 OP1 carves out of the asset freezes only what the actors it names provide; a
    // humanitarian purpose alone gets no one through. "other" is anyone it does not name.
    value: {
      kind: "enum",
      values: [
        "un",
        "international-organization",
        "humanitarian-observer",
        "un-plan-ngo",
        "committee-added",
        "diplomatic-mission",
        "other",
      ],
    },
    types: "all",
    description:
      "who provides the activity: the UN (its programmes, funds, bodies, agencies), an international organization, a humanitarian organization with General Assembly observer status, an NGO in a UN response plan or appeal, an actor a Committee added, a diplomatic or consular mission, or other",
    conditions: { actor: "one-of" },
  },
  endUse: {
    value: {
      kind: "enum",
      values: [
        "civil-aircraft-spare-parts",
        "civil-passenger-flight",
        "food",
        "medicine",
        "medical-exchange",
      ],
    },
    types: "all",
    description: "what the goods or services are used for",
    conditions: { endUse: "one-of" },
  },
  project: {
    value: {
      kind: "enum",
      values: ["rajin-khasan", "hydroelectric", "public-utility-infrastructure", "inter-korean-rail-road"],
    },
    types: "all",
    description: "the project the activity serves",
    conditions: { project: "one-of" },
  },
  committeeApproval: {
    value: { kind: "boolean" },
    types: "all",
    description: "the Committee approved the activity (an exemption reference lets it be checked)",
    conditions: { committeeApproval: "true" },
    givenBy: "exemption",
  },
  exemption: {
    value: { kind: "text", max: MAX_ID_LENGTH },
    types: "all",
    description: "the reference of the Committee's exemption relied on",
    example: "1718-HEX-2019-001",
  },
  notified: {
    value: { kind: "boolean" },
    types: "all",
    description: "the Committee was notified in advance",
    conditions: { notified: "true" },
  },
  suspect: {
    value: { kind: "boolean" },
    types: "all",
    description:
      "there are reasonable grounds to believe the activity could contribute to the prohibited programmes or to evasion",
  },
  origin: {
    value: { kind: "country" },
    types: ["goods"],
    description: "the country the goods originate in",
    conditions: { origin: "one-of", originNot: "none-of" },
    example: "RU",
  },
  port: {
    value: { kind: "text", max: MAX_NAME_LENGTH },
    types: ["goods"],
    description: "the port the goods pass through",
    conditions: { port: "one-of" },
    example: "Rajin",
  },
  workerStatus: {
    value: { kind: "enum", values: ["host-national", "protected-by-law", "un-privileges"] },
    types: ["employment"],
    description: "what takes the worker out of the repatriation obligation",
    conditions: { workerStatus: "one-of" },
  },
  existing: {
    value: { kind: "boolean" },
    types: ["payment"],
    description: "for bank offices and correspondent accounts: an arrangement that existed before the ban",
  },
  refusedInspection: {
    value: { kind: "boolean" },
    types: ["vessel"],
    description: "the vessel refused an inspection authorized by its flag State",
  },
} as const satisfies Record<string, FactDefinition>;

export type ActivityFacts = typeof activityFacts;
export type FactName = keyof ActivityFacts;

/** The facts, as a list in the registry's order. */
export const factNames = Object.keys(activityFacts) as FactName[];

/** The TypeScript type of a value of kind `V`. */
export type FactValueOf<V extends FactValue> = V extends { kind: "boolean" }
  ? boolean
  : V extends { kind: "enum"; values: readonly (infer T)[] }
    ? T
    : string;

/** The facts every activity type carries. */
export type CommonFactName = {
  [K in FactName]: ActivityFacts[K]["types"] extends "all" ? K : never;
}[FactName];

/** The facts only some types carry, those of type `T`. */
export type OwnFactName<T extends ActivityType> = {
  [K in FactName]: ActivityFacts[K]["types"] extends readonly (infer U)[] ? (T extends U ? K : never) : never;
}[FactName];

/** Whether activities of type `type` carry the fact `name`. */
export function carries(type: ActivityType, name: FactName): boolean {
  const types: "all" | readonly ActivityType[] = activityFacts[name].types;
  return types === "all" || types.includes(type);
}

/** The facts every type carries, in the registry's order. */
export const commonFactNames = factNames.filter(
  (name) => activityFacts[name].types === "all",
) as CommonFactName[];

/** The facts of type `type` that not every type carries, in the registry's order. */
export function ownFactNames<T extends ActivityType>(type: T): OwnFactName<T>[] {
  return factNames.filter(
    (name) => activityFacts[name].types !== "all" && carries(type, name),
  ) as OwnFactName<T>[];
}

/** The facts activities of type `type` carry, in the registry's order. */
export function factsOf(type: ActivityType): FactName[] {
  return factNames.filter((name) => carries(type, name));
}

/** One key an exception's `when` may use: the fact it reads and how it compares it. */
export interface ConditionKey {
  readonly key: string;
  readonly fact: FactName;
  readonly compare: FactComparison;
}

/** Every key of an exception's `when`, in the registry's order. */
export const conditionKeys: readonly ConditionKey[] = factNames.flatMap((fact) => {
  const definition: FactDefinition = activityFacts[fact];
  return Object.entries(definition.conditions ?? {}).map(([key, compare]) => ({ key, fact, compare }));
});

type ConditionEntry = {
  [K in FactName]: ActivityFacts[K] extends { conditions: infer C }
    ? { [Key in keyof C & string]: { key: Key; fact: K; compare: C[Key] } }[keyof C & string]
    : never;
}[FactName];

/**
 * An exception's `when`: a conjunction of conditions on facts. A list means "one of" (or "none of"
 * for `originNot`); `true` means the fact must hold.
 */
export type ExceptionConditions = {
  readonly [E in ConditionEntry as E["key"]]?: E["compare"] extends "one-of" | "none-of"
    ? readonly FactValueOf<ActivityFacts[E["fact"]]["value"]>[]
    : true;
};

/** `contractDate` → `Contract date`: the label of a fact in a form. */
export function factLabel(name: string): string {
  const words = name.replace(/([A-Z])/g, " $1").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
