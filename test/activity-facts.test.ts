/**
 * A new activity fact is one line in the registry (`src/model/facts.ts`) and none elsewhere: this test
 * walks the registry, so that a fact added there is checked here with no line of its own. For every
 * fact and every activity type: the activity schema keeps the fact for the types that carry it (and
 * drops it for the others, as it drops any key it does not know), refuses a bad value naming the fact;
 * every condition key of the fact is accepted in an exception's `when` and compared as the registry
 * says; two exceptions' conditions on the fact are told compatible or not; and the web form offers it
 * for the types that carry it.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { meets } from "../src/evaluate/exceptions.js";
import { parseActivity, type Activity } from "../src/model/activity.js";
import {
  activityFacts,
  activityTypes,
  carries,
  conditionKeys,
  factNames,
  type ActivityType,
  type ExceptionConditions,
  type FactName,
  type FactValue,
} from "../src/model/facts.js";
import { exceptionConditions } from "../src/model/regime-schema.js";
import { conditionsCompatible } from "../src/regime/compile.js";

/**
 * The web form's `toActivity` (the form's values as an activity: only the fields the form offers),
 * imported at run time: the web tree compiles under its own configuration (DOM, JSX), not this one's.
 */
const checkPage = "../web/src/pages/Check.tsx";
const { toActivity } = (await import(checkPage)) as {
  toActivity: (type: ActivityType, values: Readonly<Record<string, string>>) => Record<string, unknown>;
};

/** A valid record of each type, with no fact. */
const records: Readonly<Record<ActivityType, Record<string, unknown>>> = {
  goods: { id: "1", type: "goods", date: "2019-12-17", hs: "0302.11", from: "KP", to: "CN" },
  employment: {
    id: "1",
    type: "employment",
    date: "2019-12-17",
    nationality: "KP",
    country: "RU",
    newAuthorization: true,
  },
  joint_venture: {
    id: "1",
    type: "joint_venture",
    date: "2019-12-17",
    partnerCountry: "KP",
    action: "establish",
  },
  payment: { id: "1", type: "payment", date: "2019-12-17", from: "CN", to: "KP", instrument: "transfer" },
  vessel: { id: "1", type: "vessel", date: "2019-12-17", action: "port-entry", vessel: { flag: "KP" } },
  service: { id: "1", type: "service", date: "2019-12-17", service: "crew", from: "CN", to: "KP" },
};

/** The web form's values for the same records (strings, as the inputs hold them). */
const formValues: Readonly<Record<ActivityType, Record<string, string>>> = {
  goods: { date: "2019-12-17", hs: "0302.11", from: "KP", to: "CN" },
  employment: { date: "2019-12-17", nationality: "KP", country: "RU", newAuthorization: "true" },
  joint_venture: { date: "2019-12-17", partnerCountry: "KP", action: "establish" },
  payment: { date: "2019-12-17", from: "CN", to: "KP", instrument: "transfer" },
  vessel: { date: "2019-12-17", action: "port-entry", "vessel.flag": "KP" },
  service: { date: "2019-12-17", service: "crew", from: "CN", to: "KP" },
};

/** A value of the kind, as sent and as parsed; another value of it; and a value the kind refuses. */
function samples(value: FactValue): {
  sent: unknown;
  parsed: unknown;
  other: unknown;
  bad: unknown;
} {
  switch (value.kind) {
    case "boolean":
      return { sent: "yes", parsed: true, other: false, bad: "perhaps" };
    case "date":
      return { sent: "2017-08-01", parsed: "2017-08-01", other: "2018-01-01", bad: "2017-02-30" };
    case "country":
      return { sent: " ru ", parsed: "RU", other: "KP", bad: "XX" };
    case "enum":
      return {
        sent: value.values[0],
        parsed: value.values[0],
        other: value.values[1] ?? `${value.values[0]}-other`,
        bad: `${value.values[0]}-unknown`,
      };
    case "text":
      return { sent: "Rajin", parsed: "Rajin", other: "Nampo", bad: "x".repeat(value.max + 1) };
  }
}

function activity(type: ActivityType, facts: Record<string, unknown>): Activity {
  const parsed = parseActivity({ ...records[type], ...facts });
  if (!parsed.ok) assert.fail(`${type} ${JSON.stringify(facts)}: ${parsed.error.message}`);
  return parsed.activity;
}

/** The condition that the sample value of `fact` meets under `key`. */
function conditionMetBy(fact: FactName, compare: string): unknown {
  const { parsed, other } = samples(activityFacts[fact].value);
  return compare === "one-of" ? [parsed] : compare === "none-of" ? [other] : true;
}

describe("the activity facts registry", () => {
  it("lists facts with a value, the types that carry them and a description", () => {
    assert.ok(factNames.length > 0);
    for (const name of factNames) {
      const fact = activityFacts[name];
      assert.ok(fact.description.length > 0, name);
      if (fact.types !== "all") for (const type of fact.types) assert.ok(activityTypes.includes(type), name);
    }
  });

  for (const name of factNames) {
    const fact = activityFacts[name];
    const { sent, parsed, bad } = samples(fact.value);

    it(`${name}: kept by the schema for the types that carry it, dropped for the others`, () => {
      for (const type of activityTypes) {
        const result = parseActivity({ ...records[type], [name]: sent });
        assert.ok(result.ok, `${type}: ${JSON.stringify(result)}`);
        const facts = result.activity as unknown as Record<string, unknown>;
        if (carries(type, name)) assert.deepEqual(facts[name], parsed, type);
        else assert.equal(name in facts, false, `${type} keeps ${name}`);
      }
    });

    it(`${name}: a bad value is refused, naming the fact, for the types that carry it`, () => {
      for (const type of activityTypes.filter((type) => carries(type, name))) {
        const result = parseActivity({ ...records[type], [name]: bad });
        assert.equal(result.ok, false, type);
        assert.equal(result.error.field, name, type);
      }
    });

    it(`${name}: offered by the web form for the types that carry it`, () => {
      for (const type of activityTypes) {
        // What the form's input holds: a select of true and false for a boolean, else the text typed.
        const typed = fact.value.kind === "boolean" ? "true" : String(sent);
        const form = toActivity(type, { ...formValues[type], [name]: typed });
        const result = parseActivity(form);
        assert.ok(result.ok, `${type}: ${JSON.stringify(result)}`);
        const facts = result.activity as unknown as Record<string, unknown>;
        if (carries(type, name))
          assert.deepEqual(facts[name], parsed, `the ${type} form does not offer ${name}`);
        else assert.equal(name in form, false, `the ${type} form offers ${name}`);
      }
    });

    const keys = conditionKeys.filter((condition) => condition.fact === name);
    for (const { key, compare } of keys) {
      it(`${name}: usable in an exception's when as ${key} (${compare})`, () => {
        const when = exceptionConditions.parse({ [key]: conditionMetBy(name, compare) });
        const adopted = "2017-09-11";
        for (const type of activityTypes.filter((type) => carries(type, name))) {
          // Given and meeting the condition, the exception holds; not given, the fact is missing.
          assert.deepEqual(meets(activity(type, { [name]: sent }), when, adopted), { holds: true }, type);
          const without = meets(activity(type, {}), when, adopted);
          assert.deepEqual(without, { holds: false, failed: false, missing: [name] }, type);
          // A fact that stands for this one, given, stands for it.
          const standIn = (activityFacts[name] as { givenBy?: FactName }).givenBy;
          if (standIn !== undefined) {
            const stated = { [standIn]: samples(activityFacts[standIn].value).sent };
            assert.deepEqual(meets(activity(type, stated), when, adopted), { holds: true }, type);
          }
          // Given and not meeting it, the exception fails.
          const { other } = samples(activityFacts[name].value);
          const failing = compare === "before-adoption" ? adopted : other;
          const result = meets(activity(type, { [name]: failing }), when, adopted);
          assert.equal(result.holds, false, `${type}: ${JSON.stringify(failing)}`);
          assert.equal(result.failed, true, type);
        }
        // A value of the wrong kind in the condition is refused when the regime is loaded.
        assert.equal(
          exceptionConditions.safeParse({ [key]: compare.endsWith("of") ? [{}] : false }).success,
          false,
        );
      });
    }

    const oneOf = keys.find((condition) => condition.compare === "one-of");
    if (oneOf) {
      it(`${name}: two exceptions' ${oneOf.key} lists are compatible only if they share a value`, () => {
        const { parsed: one, other } = samples(fact.value);
        const when = (values: unknown[]): ExceptionConditions =>
          exceptionConditions.parse({ [oneOf.key]: values });
        assert.equal(conditionsCompatible(when([one]), when([one, other])), true);
        assert.equal(conditionsCompatible(when([one]), when([other])), false);
        assert.equal(conditionsCompatible(when([one]), {}), true);
        const noneOf = keys.find((condition) => condition.compare === "none-of");
        if (noneOf) {
          const not = (values: unknown[]): ExceptionConditions =>
            exceptionConditions.parse({ [noneOf.key]: values });
          assert.equal(conditionsCompatible(when([one]), not([one])), false);
          assert.equal(conditionsCompatible(not([one]), when([one, other])), true);
        }
      });
    }
  }

  it("refuses a condition key no fact has", () => {
    assert.equal(exceptionConditions.safeParse({ colour: ["red"] }).success, false);
  });
});
