import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  adoptionProbability,
  applyRule,
  councilForYear,
  forecast,
  forecastLines,
  forecastPositions,
  loadCouncilData,
  membersOf,
  type Distribution,
  type MemberPosition,
  type Procedure,
  type Vote,
} from "./index.js";

const data = loadCouncilData();
const c2019 = councilForYear(data, 2019);
const permanent = (member: string): boolean => data.permanent.includes(member);

/**
 * Brute force: enumerate every combination of votes of the members whose vote is uncertain, decide
 * each with the rule itself, and sum the probabilities of those adopted.
 */
function bruteForce(positions: ReadonlyMap<string, Distribution>, procedure: Procedure): number {
  const members = [...positions.keys()];
  let total = 0;
  const walk = (i: number, votes: Map<string, Vote>, p: number): void => {
    if (p === 0) return;
    const member = members[i];
    if (member === undefined) {
      if (applyRule(data.rule, c2019, votes, procedure).outcome === "adopted") total += p;
      return;
    }
    const d = positions.get(member);
    assert.ok(d);
    for (const [vote, q] of [
      ["yes", d.yes],
      ["no", d.no],
      ["abstain", d.abstain],
    ] as const) {
      walk(i + 1, new Map(votes).set(member, vote), p * q);
    }
  };
  walk(0, new Map(), 1);
  return total;
}

const distribution = fc
  .tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }))
  .filter(([a, b, c]) => a + b + c > 0)
  .map(([a, b, c]): Distribution => ({
    yes: a / (a + b + c),
    no: b / (a + b + c),
    abstain: c / (a + b + c),
  }));

describe("exact adoption probability", () => {
  it("the dynamic programme agrees with brute-force enumeration", () => {
    const members = membersOf(c2019);
    fc.assert(
      fc.property(
        fc.array(distribution, { minLength: 15, maxLength: 15 }),
        fc.array(fc.constantFrom<Vote>("yes", "no", "abstain"), { minLength: 15, maxLength: 15 }),
        fc.subarray([...members.keys()], { maxLength: 7 }),
        fc.constantFrom<Procedure>("substantive", "procedural"),
        (distributions, votes, uncertain, procedure) => {
          const positions = new Map<string, Distribution>();
          const fixed: { member: string; d: Distribution }[] = [];
          members.forEach((member, i) => {
            const d = uncertain.includes(i)
              ? (distributions[i] ?? { yes: 1, no: 0, abstain: 0 })
              : {
                  yes: votes[i] === "yes" ? 1 : 0,
                  no: votes[i] === "no" ? 1 : 0,
                  abstain: votes[i] === "abstain" ? 1 : 0,
                };
            positions.set(member, d);
            fixed.push({ member, d });
          });
          const part = data.rule[procedure];
          const dp = adoptionProbability(
            fixed.map(({ member, d }) => ({ permanent: permanent(member), d })),
            part.requiredYes,
            part.permanentNoIsVeto,
          );
          const brute = bruteForce(positions, procedure);
          assert.ok(Math.abs(dp - brute) < 1e-12, `dp ${dp} brute ${brute}`);
        },
      ),
      { numRuns: 150, seed: 20191216 },
    );
  });

  it("matches a hand computation: nine yes needed, eight certain, the ninth from two 50% members", () => {
    // 8 declared yes, 5 declared abstain (incl. no permanent no), and two elected members at P(yes) = 0.5:
    // adoption iff at least one of the two says yes = 1 − 0.25.
    const members = membersOf(c2019);
    const votes: Record<string, Vote> = {};
    members.slice(0, 8).forEach((m) => (votes[m] = "yes"));
    members.slice(8, 13).forEach((m) => (votes[m] = "abstain"));
    const positions = Object.fromEntries(members.slice(13).map((m) => [m, 0.5]));
    const result = forecast(data, c2019, { votes, positions });
    assert.equal(result.probability, 0.75);
    assert.equal(result.status, "uncertain");
  });
});

describe("the 2019 China–Russia draft", () => {
  const sponsors = { China: "yes", Russia: "yes" };
  const positions = {
    UK: { yes: 0.3, no: 0.2, abstain: 0.5 },
    France: { yes: 0.4, no: 0.1, abstain: 0.5 },
    Belgium: 0.5,
    "Dominican Republic": 0.6,
    Germany: 0.4,
    Indonesia: 0.8,
    "South Africa": 0.9,
    "Côte d'Ivoire": 0.7,
    "Equatorial Guinea": 0.9,
    Kuwait: 0.7,
    Peru: 0.5,
    Poland: 0.3,
  };

  it("with the US declaring no, adoption is impossible whatever anyone else does", () => {
    const result = forecast(data, c2019, { votes: { ...sponsors, US: "no" }, positions });
    assert.equal(result.status, "impossible");
    assert.equal(result.probability, 0);
    assert.deepEqual(result.reasons[0], {
      code: "DECLARED_VETO",
      members: ["United States"],
      verified: true,
    });
    assert.equal(result.whip.minimumSet, null);
    assert.match(forecastLines(result)[1] ?? "", /impossible whatever the others do: United States/);
  });

  it("with the US abstaining, the odds are exact and the whip count names who is needed", () => {
    const result = forecast(data, c2019, { votes: { ...sponsors, "United States": "abstain" }, positions });
    assert.equal(result.status, "uncertain");
    const expected = bruteForce(
      new Map(
        membersOf(c2019).map((member): [string, Distribution] => {
          if (member === "China" || member === "Russian Federation")
            return [member, { yes: 1, no: 0, abstain: 0 }];
          if (member === "United States") return [member, { yes: 0, no: 0, abstain: 1 }];
          const found = result.members.find((m) => m.member === member)?.distribution;
          assert.ok(found);
          return [member, found];
        }),
      ),
      "substantive",
    );
    assert.ok(result.probability !== null && Math.abs(result.probability - expected) < 1e-12);
    assert.ok(expected > 0 && expected < 1);
    assert.deepEqual(result.whip.declaredYes, ["China", "Russian Federation"]);
    assert.equal(result.whip.neededYes, 7);
    assert.deepEqual(result.whip.mustNotVeto, ["France", "United Kingdom"]);
    assert.deepEqual(result.whip.minimumSet, [
      "France",
      "United Kingdom",
      "Equatorial Guinea",
      "South Africa",
      "Indonesia",
      "Côte d'Ivoire",
      "Kuwait",
    ]);
    // It rests on the unconfirmed practice that the US abstention is no veto.
    assert.equal(result.verified, false);
    assert.ok(result.reasons.some((r) => r.code === "PERMANENT_ABSTENTION_ASSUMED_NOT_VETO" && !r.verified));
  });

  it("the minimum set is sufficient and minimal", () => {
    const result = forecast(data, c2019, { votes: { ...sponsors, "United States": "abstain" }, positions });
    const set = result.whip.minimumSet;
    assert.ok(set !== null);
    const withYes = (names: readonly string[]): MemberPosition[] =>
      result.members.map((m) =>
        names.includes(m.member) ? { ...m, source: "vote", distribution: { yes: 1, no: 0, abstain: 0 } } : m,
      );
    assert.equal(forecastPositions(data.rule, c2019, withYes(set)).status, "certain");
    assert.equal(forecastPositions(data.rule, c2019, withYes(set)).probability, 1);
    for (const left of set) {
      const smaller = forecastPositions(data.rule, c2019, withYes(set.filter((m) => m !== left)));
      assert.notEqual(smaller.status, "certain", `still certain without ${left}`);
    }
  });

  it("pivotality: a permanent member's no brings the odds to zero; conditionals bracket the odds", () => {
    const result = forecast(data, c2019, { votes: { ...sponsors, "United States": "abstain" }, positions });
    const pivots = result.whip.pivotality;
    assert.ok(pivots !== null && result.probability !== null);
    const uk = pivots.find((p) => p.member === "United Kingdom");
    assert.ok(uk);
    assert.equal(uk.ifNo, 0);
    const p = result.probability;
    // Law of total probability for the UK's own distribution.
    assert.ok(Math.abs(0.3 * uk.ifYes + 0.2 * uk.ifNo + 0.5 * uk.ifAbstain - p) < 1e-12);
    const peru = pivots.find((q) => q.member === "Peru");
    assert.ok(peru);
    assert.equal(peru.ifNo, peru.ifAbstain, "an elected member's no and abstention count the same");
    assert.ok(pivots.every((q, i) => i === 0 || (pivots[i - 1]?.swing ?? 0) >= q.swing));
  });

  it("members with neither vote nor position leave the probability unknown but keep the whip count", () => {
    const result = forecast(data, c2019, { votes: sponsors });
    assert.equal(result.probability, null);
    assert.equal(result.whip.pivotality, null);
    assert.equal(result.whip.neededYes, 7);
    assert.deepEqual(result.whip.mustNotVeto, ["France", "United Kingdom", "United States"]);
    assert.ok(result.reasons.some((r) => r.code === "POSITIONS_MISSING" && r.members.length === 13));
  });

  it("enough declared yes and no possible veto makes adoption certain", () => {
    const members = membersOf(c2019);
    const votes = Object.fromEntries(members.slice(0, 9).map((m) => [m, "yes"]));
    const rest = Object.fromEntries(members.slice(9).map((m) => [m, { yes: 0.5, abstain: 0.5 }]));
    const result = forecast(data, c2019, { votes, positions: rest });
    assert.equal(result.status, "certain");
    assert.equal(result.probability, 1);
    assert.deepEqual(result.whip.minimumSet, []);
  });
});

describe("bad positions give typed errors naming the member", () => {
  const check = (positions: Record<string, unknown>, code: string, member: RegExp): void => {
    assert.throws(() => forecast(data, c2019, { positions }), {
      name: "CouncilError",
      code,
      message: member,
    });
  };
  it("probabilities outside [0, 1]", () => {
    check({ Peru: 1.2 }, "INVALID_PROBABILITY", /Peru/);
    check({ Peru: -0.1 }, "INVALID_PROBABILITY", /Peru/);
    check({ Kuwait: { yes: 1.5, no: -0.5 } }, "INVALID_PROBABILITY", /Kuwait/);
    check({ Kuwait: "0.5" }, "INVALID_VOTE", /Kuwait/);
    check({ Kuwait: null }, "INVALID_PROBABILITY", /Kuwait/);
  });
  it("probabilities that do not sum to 1", () => {
    check({ France: { yes: 0.5, no: 0.4 } }, "PROBABILITIES_DO_NOT_SUM_TO_ONE", /France/);
    check({ France: { yes: 0.5, maybe: 0.5 } }, "INVALID_VOTE", /France/);
  });
  it("unknown members, members not on the Council, both vote and position", () => {
    check({ Narnia: 0.5 }, "UNKNOWN_MEMBER", /Narnia/);
    check({ Japan: 0.5 }, "NOT_ON_COUNCIL", /Japan/);
    assert.throws(
      () => forecast(data, c2019, { votes: { UK: "yes" }, positions: { "United Kingdom": 0.5 } }),
      {
        code: "CONFLICTING_INPUT",
        message: /United Kingdom/,
      },
    );
  });
  it("accepts hand-written probabilities that sum to 1 only up to rounding", () => {
    const result = forecast(data, c2019, { positions: { France: { yes: 0.1, no: 0.2, abstain: 0.7 } } });
    assert.equal(result.members.find((m) => m.member === "France")?.source, "position");
  });
});
