import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  applyRule,
  councilAt,
  councilForYear,
  decide,
  decisionLines,
  loadCouncilData,
  membersOf,
  type RecordedVote,
  type Vote,
} from "./index.js";

const data = loadCouncilData();

/** The fifteen votes of a recorded vote: members not named against, abstaining or absent voted yes. */
function votesOf(recorded: RecordedVote): Map<string, Vote> {
  const council = councilAt(data, recorded.date);
  return new Map(
    membersOf(council).map((member): [string, Vote] => [
      member,
      recorded.against.includes(member)
        ? "no"
        : recorded.abstaining.includes(member)
          ? "abstain"
          : recorded.absent.includes(member)
            ? "absent"
            : "yes",
    ]),
  );
}

function recorded(id: string): RecordedVote {
  const found = data.recordedVotes.find((vote) => vote.id === id);
  assert.ok(found, id);
  return found;
}

function decideRecorded(id: string) {
  const vote = recorded(id);
  return applyRule(data.rule, councilAt(data, vote.date), votesOf(vote), vote.procedure);
}

/** All fifteen members of a year voting yes, then the overrides. */
function allYes(year: number, overrides: Record<string, Vote> = {}): Record<string, Vote> {
  const votes: Record<string, Vote> = {};
  for (const member of membersOf(councilForYear(data, year))) votes[member] = "yes";
  return { ...votes, ...overrides };
}

describe("recorded votes are reproduced", () => {
  it("every recorded vote gives its recorded outcome and tally", () => {
    assert.ok(data.recordedVotes.length >= 3);
    for (const vote of data.recordedVotes) {
      const decision = decideRecorded(vote.id);
      assert.equal(decision.outcome, vote.outcome, vote.id);
      assert.deepEqual(
        [decision.tally.yes, decision.tally.no, decision.tally.abstain],
        [vote.tally.yes, vote.tally.no, vote.tally.abstain],
        vote.id,
      );
    }
  });

  it("2397 (22 Dec 2017): adopted 15-0-0, no veto", () => {
    const decision = decideRecorded("S/RES/2397 (2017)");
    assert.equal(decision.outcome, "adopted");
    assert.equal(decision.year, 2017);
    assert.deepEqual(decision.tally, { yes: 15, no: 0, abstain: 0, absent: 0 });
    assert.deepEqual(
      decision.reasons.map((reason) => reason.code),
      ["ENOUGH_YES", "NO_VETO"],
    );
    assert.equal(decision.verified, true);
  });

  it("S/2022/431 (26 May 2022): 13 yes but vetoed by China and Russia", () => {
    const decision = decideRecorded("S/2022/431");
    assert.equal(decision.outcome, "not-adopted");
    assert.equal(decision.tally.yes, 13);
    assert.deepEqual(decision.vetoes, ["China", "Russian Federation"]);
    assert.ok(decision.reasons.some((reason) => reason.code === "ENOUGH_YES"));
    assert.deepEqual(
      decision.reasons
        .filter((reason) => reason.code === "VETO")
        .map((reason) => ("member" in reason ? reason.member : "")),
      ["China", "Russian Federation"],
    );
  });

  it("28 Mar 2024 Panel renewal: 13-1-1 fails by Russia's no, not China's abstention", () => {
    const decision = decideRecorded("poe-renewal-2024");
    assert.equal(decision.outcome, "not-adopted");
    assert.deepEqual(decision.vetoes, ["Russian Federation"]);
    const abstention = decision.reasons.find((reason) => reason.code === "PERMANENT_ABSTENTION_NOT_VETO");
    assert.deepEqual(abstention, {
      code: "PERMANENT_ABSTENTION_NOT_VETO",
      member: "China",
      vote: "abstain",
      verified: false,
    });
    // The failure does not depend on the unconfirmed practice, so the outcome stays verified.
    assert.equal(decision.verified, true);
    // Counterfactual: with Russia abstaining too, the draft passes, but only on the unconfirmed practice.
    const counterfactual = applyRule(
      data.rule,
      councilForYear(data, 2024),
      new Map(
        [...votesOf(recorded("poe-renewal-2024"))].map(([m, v]) => [
          m,
          m === "Russian Federation" ? "abstain" : v,
        ]),
      ),
    );
    assert.equal(counterfactual.outcome, "adopted");
    assert.equal(counterfactual.verified, false);
    assert.ok(decisionLines(counterfactual).some((line) => line.includes("UNCONFIRMED")));
  });
});

describe("the adoption rule", () => {
  it("the 2019 China–Russia draft with the 2019 Council and the US voting no fails by veto", () => {
    const decision = decide(data, councilAt(data, "2019-12-16"), allYes(2019, { "United States": "no" }));
    assert.equal(decision.year, 2019);
    assert.equal(decision.outcome, "not-adopted");
    assert.equal(decision.tally.yes, 14);
    assert.deepEqual(decision.vetoes, ["United States"]);
    assert.deepEqual(
      decision.reasons.map((reason) => reason.code),
      ["ENOUGH_YES", "VETO"],
    );
  });

  it("counts yes votes against the threshold: 9 adopts, 8 does not", () => {
    const members = membersOf(councilForYear(data, 2019)).filter((m) => !data.permanent.includes(m));
    const nine = allYes(2019, Object.fromEntries(members.slice(0, 6).map((m) => [m, "abstain"])));
    assert.equal(decide(data, councilForYear(data, 2019), nine).outcome, "adopted");
    const eight = allYes(2019, Object.fromEntries(members.slice(0, 7).map((m) => [m, "no"])));
    const decision = decide(data, councilForYear(data, 2019), eight);
    assert.equal(decision.outcome, "not-adopted");
    assert.deepEqual(decision.reasons[0], { code: "TOO_FEW_YES", yes: 8, required: 9, verified: true });
    assert.deepEqual(decision.vetoes, []);
  });

  it("a permanent member's absence is not a veto; in a procedural vote its no is not one either", () => {
    const absent = decide(data, councilForYear(data, 2019), allYes(2019, { France: "absent" }));
    assert.equal(absent.outcome, "adopted");
    assert.equal(absent.tally.absent, 1);
    const procedural = decide(
      data,
      councilForYear(data, 2019),
      allYes(2019, { China: "no", "Russian Federation": "no" }),
      "procedural",
    );
    assert.equal(procedural.outcome, "adopted");
    assert.ok(procedural.reasons.some((reason) => reason.code === "PROCEDURAL_NO_VETO"));
    assert.equal(procedural.verified, false, "the procedural rule is unconfirmed");
  });

  it("membership follows the calendar year of a date", () => {
    assert.equal(councilAt(data, "2019-12-31").year, 2019);
    assert.ok(councilAt(data, "2020-01-01").elected.includes("Estonia"));
    assert.ok(!councilAt(data, "2019-12-31").elected.includes("Estonia"));
  });
});

describe("bad input gives typed errors naming the member", () => {
  const c2019 = councilForYear(data, 2019);
  it("unknown member", () => {
    assert.throws(() => decide(data, c2019, allYes(2019, { Atlantis: "yes" })), {
      code: "UNKNOWN_MEMBER",
      message: /Atlantis/,
    });
  });
  it("member not on the Council that year", () => {
    assert.throws(() => decide(data, c2019, { Japan: "yes" }), {
      code: "NOT_ON_COUNCIL",
      message: /Japan was not a member .* 2019/,
    });
  });
  it("the same member under two spellings", () => {
    assert.throws(() => decide(data, c2019, allYes(2019, { US: "no" })), {
      code: "DUPLICATE_MEMBER",
      message: /United States/,
    });
  });
  it("an invalid vote", () => {
    assert.throws(() => decide(data, c2019, allYes(2019, { Peru: "maybe" as Vote })), {
      code: "INVALID_VOTE",
      message: /Peru/,
    });
  });
  it("missing votes", () => {
    const votes = allYes(2019);
    delete votes["Kuwait"];
    assert.throws(() => decide(data, c2019, votes), { code: "MISSING_VOTES", message: /Kuwait/ });
  });
  it("a year or date outside the data", () => {
    assert.throws(() => councilForYear(data, 2005), { code: "YEAR_NOT_COVERED" });
    assert.throws(() => councilAt(data, "2019-02-30"), { code: "INVALID_DATE" });
    assert.throws(() => councilAt(data, "16/12/2019"), { code: "INVALID_DATE" });
  });
});
