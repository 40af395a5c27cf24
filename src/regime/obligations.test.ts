/**
 * The DPRK's obligations and events weighed against them, on the embedded regime and on small fixtures:
 * the September 2021 launches come out as the Council's texts say, the petroleum commitment is triggered
 * only by what it names, review clauses come from whatever the data holds, and bad obligation data gives
 * issues that name the place. The anchors are checked against the UN's texts when they are beside the
 * clone.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { needsShared, sharedData } from "../../test/support/shared.js";
import { defaultRegimeDir } from "../config/index.js";
import type { Commitment, CompiledRegime } from "../model/regime.js";
import { readResolutionFolder } from "../texts/index.js";
import { checkAnchors } from "./anchors.js";
import { commitmentFindings, commitmentFindingText } from "./commitments.js";
import { checkEventCase } from "./event-cases.js";
import { eventsView, EventsView } from "./events-view.js";
import { loadRegime } from "./load.js";
import { compileObligations, eventFindingText, weighEvent } from "./obligations.js";
import { reviewClauses } from "./reviews.js";

const loaded = await loadRegime(defaultRegimeDir);
if (!loaded.regime) throw new Error("the embedded regime does not load");
const regime: CompiledRegime = loaded.regime;

const event = (id: string) => {
  const found = regime.events.find((candidate) => candidate.id === id);
  assert.ok(found, `event ${id}`);
  return found;
};
const breached = (id: string) =>
  weighEvent(regime, event(id)).flatMap((f) => (f.code === "breach" ? [f.obligation.citation.text] : []));

describe("events against the DPRK's obligations", () => {
  it("compiles obligations.yaml: every clause with a resolution of the package, in adoption order", () => {
    const obligations = regime.obligations ?? [];
    assert.ok(obligations.length >= 10);
    const op2 = obligations.find((o) => o.id === "KP-OBL-2094-OP2");
    assert.equal(op2?.citation.text, "S/RES/2094 (2013) OP2");
    assert.equal(op2.force, "decision");
    assert.equal(op2.from, "2013-03-07");
    assert.equal(obligations.find((o) => o.id === "KP-OBL-1718-OP2")?.force, "demand");
    const dates = obligations.map((o) => o.from);
    assert.deepEqual(dates, [...dates].sort());
  });

  it("the cruise missiles of 11-12 September 2021 breach no paragraph, and say why", () => {
    const findings = weighEvent(regime, event("cruise-missiles-2021-09"));
    assert.deepEqual(
      findings.map((f) => f.code),
      ["not_ballistic"],
    );
    assert.ok(findings[0]);
    assert.equal(
      eventFindingText(findings[0]),
      "a cruise missile does not use ballistic missile technology: no paragraph reached",
    );
  });

  it("the SRBMs of 15 September and the Hwasong-8 of 28 September 2021 breach the ballistic-missile-technology paragraphs", () => {
    for (const id of ["rail-srbm-2021-09-15", "hwasong-8-2021-09-28"]) {
      const citations = breached(id);
      for (const citation of [
        "S/RES/1718 (2006) OP2",
        "S/RES/1874 (2009) OP2",
        "S/RES/2094 (2013) OP2",
        "S/RES/2397 (2017) OP2",
      ])
        assert.ok(citations.includes(citation), `${id} breaches ${citation}`);
    }
    const op2 = weighEvent(regime, event("rail-srbm-2021-09-15")).find(
      (f) => f.code === "breach" && f.obligation.id === "KP-OBL-2094-OP2",
    );
    assert.ok(op2);
    assert.equal(
      eventFindingText(op2),
      "a launch that uses ballistic missile technology, which S/RES/2094 (2013) OP2 decides the DPRK shall not conduct",
    );
  });

  it("a clause binds only from its adoption: the first nuclear test came before 1718", () => {
    const findings = weighEvent(regime, event("nuclear-test-1"));
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.equal(finding?.code, "none_in_force");
    assert.ok(finding);
    assert.match(eventFindingText(finding), /S\/RES\/1718 \(2006\) OP2 .*2006-10-14/);
    // The nuclear test of 2013 came before 2094 (7 March 2013): 2094 OP2 is not among its breaches.
    assert.ok(!breached("nuclear-test-3").includes("S/RES/2094 (2013) OP2"));
    assert.ok(breached("nuclear-test-4").includes("S/RES/2094 (2013) OP2"));
  });

  it("a satellite launch is not 'a launch of a ballistic missile' (1718 OP2), but is one using ballistic missile technology (1874 OP2)", () => {
    assert.ok(!breached("unha-3-2012-12").includes("S/RES/1718 (2006) OP2"));
    assert.ok(breached("unha-3-2012-12").includes("S/RES/1874 (2009) OP2"));
  });

  it("a regime without obligations.yaml says it cannot weigh an event, never 'no breach'", () => {
    const bare: CompiledRegime = { ...regime, obligations: undefined };
    assert.deepEqual(
      weighEvent(bare, event("rail-srbm-2021-09-15")).map((f) => f.code),
      ["no_obligations"],
    );
  });
});

describe("the petroleum commitment is triggered only by what it names", () => {
  const petroleum = (id: string) =>
    commitmentFindings(regime, event(id)).find((f) => f.commitment.id === "KP-COMMIT-PETROLEUM-2397");

  it("the ICBM of 24 March 2022: triggered", () => {
    assert.equal(petroleum("icbm-2022-03-24")?.code, "triggered");
  });
  it("the SRBMs and the Hwasong-8: contribution to an intercontinental system not established", () => {
    assert.equal(petroleum("rail-srbm-2021-09-15")?.code, "contribution_not_established");
    assert.equal(petroleum("hwasong-8-2021-09-28")?.code, "contribution_not_established");
  });
  it("the cruise missiles: not named", () => {
    assert.equal(petroleum("cruise-missiles-2021-09")?.code, "not_named");
  });
  it("a summit is not weighed at all", () => {
    assert.deepEqual(commitmentFindings(regime, event("singapore-summit")), []);
  });
  it("words the finding from the commitment's own citation (OP28 in a fixture)", () => {
    const op28: Commitment = {
      id: "KP-COMMIT-PETROLEUM-2397",
      kind: "trigger",
      triggers: ["nuclear-test", "icbm-launch"],
      undertaking: "Act to restrict further the export to the DPRK of petroleum.",
      measures: [],
      citation: {
        resolution: 2397,
        symbol: "S/RES/2397 (2017)",
        paragraph: "OP28",
        text: "S/RES/2397 (2017) OP28",
        verification: { status: "verified", text: "verified against the official text" },
        verified: true,
        adopted: "2017-12-22",
      },
      verified: true,
      from: "2017-12-22",
    };
    const fixture: CompiledRegime = { ...regime, commitments: [op28] };
    const [icbm] = commitmentFindings(fixture, event("icbm-2022-03-24"));
    assert.ok(icbm);
    assert.equal(icbm.code, "triggered");
    assert.match(
      commitmentFindingText(icbm),
      /^an ICBM launch is named by S\/RES\/2397 \(2017\) OP28 \(a nuclear test or an ICBM launch\): triggered/,
    );
    const [srbm] = commitmentFindings(fixture, event("rail-srbm-2021-09-15"));
    assert.ok(srbm);
    assert.match(commitmentFindingText(srbm), /"contributing to the development of".*not shown triggered$/);
  });
});

describe("the events view", () => {
  it("filters by period (an event overlapping it counts) and kind, and parses with its schema", () => {
    const view = eventsView(regime, { from: "2021-09-12", to: "2021-09-30" });
    assert.deepEqual(
      view.events.map((e) => e.id),
      ["cruise-missiles-2021-09", "rail-srbm-2021-09-15", "hwasong-8-2021-09-28", "hua-chunying-2021-09-30"],
    );
    EventsView.parse(view);
    const cruise = view.events[0];
    assert.equal(cruise?.inBreach, false);
    assert.equal(cruise.notInBreach?.code, "not_ballistic");
    const kinds = eventsView(regime, { kind: "nuclear-test" }).events.map((e) => e.kind);
    assert.equal(kinds.length, 6);
    assert.ok(kinds.every((kind) => kind === "nuclear-test"));
  });

  it("without texts, a clause is not verified and says why; with a verifier, it says what the verifier found", () => {
    const without = eventsView(regime, { from: "2021-09-15", to: "2021-09-15" }).events[0];
    assert.ok(without?.breaches.every((b) => !b.verified && b.verification === "no_official_text"));
    const seen: string[] = [];
    const withTexts = eventsView(regime, { from: "2021-09-15", to: "2021-09-15" }, (symbol, paragraph) => {
      seen.push(`${symbol} ${paragraph}`);
      return paragraph === "OP2" ? "verified" : "anchor_not_found";
    }).events[0];
    assert.ok(seen.includes("S/RES/2094 (2013) OP2"));
    const op5 = withTexts?.breaches.find((b) => b.citation === "S/RES/1718 (2006) OP5");
    assert.equal(op5?.verified, false);
    assert.equal(op5.verification, "anchor_not_found");
    assert.equal(withTexts?.breaches.find((b) => b.citation === "S/RES/2094 (2013) OP2")?.verified, true);
  });
});

describe("lawyer cases for events", () => {
  it("fail when the expectation does not hold", () => {
    assert.deepEqual(
      checkEventCase(regime, { name: "wrong", event: "cruise-missiles-2021-09", inBreach: true }),
      ["in breach is false (not_ballistic), expected true"],
    );
    assert.deepEqual(
      checkEventCase(regime, {
        name: "wrong",
        event: "icbm-2022-03-24",
        commitments: { "KP-COMMIT-PETROLEUM-2397": "not_named" },
      }),
      ["KP-COMMIT-PETROLEUM-2397 is triggered, expected not_named"],
    );
    assert.deepEqual(checkEventCase(regime, { name: "none" }), [
      "the case names no event: give event, or at and kind",
    ]);
  });
});

describe("review clauses", () => {
  it("a measure lists the review clauses of the resolutions that imposed or amended it", () => {
    const refined = regime.measures.get("KP-IMP-REFINED");
    assert.ok(refined);
    assert.ok(
      reviewClauses(regime, refined).some((clause) => clause.citation.startsWith("S/RES/2397 (2017)")),
    );
  });

  it("works from whatever the data holds: a clause added to 2094 reaches the measures 2094 imposed, and one naming a measure reaches it", () => {
    const clause = (id: string, measures: string[], number: number): Commitment => {
      const resolution = regime.resolutions.find((r) => r.number === number);
      assert.ok(resolution);
      return {
        id,
        kind: "review",
        triggers: [],
        undertaking: "Strengthen, modify, suspend or lift the measures.",
        measures,
        citation: {
          resolution: number,
          symbol: resolution.symbol,
          paragraph: "OP99",
          text: `${resolution.symbol} OP99`,
          verification: { status: "verified", text: "verified against the official text" },
          verified: true,
          adopted: resolution.adopted,
        },
        verified: true,
        from: resolution.adopted,
      };
    };
    const fixture: CompiledRegime = {
      ...regime,
      commitments: [
        clause("KP-COMMIT-REVIEW-2094", [], 2094),
        clause("KP-COMMIT-REVIEW-NAMED", ["KP-EXP-SEAFOOD"], 2087),
      ],
    };
    const imposedBy2094 = [...regime.measures.values()].find(
      (m) =>
        m.id !== "KP-EXP-SEAFOOD" &&
        m.versions.some((v) => v.citations.some((c) => c.resolution === 2094)) &&
        !m.versions.some((v) => v.citations.some((c) => c.resolution === 2087)),
    );
    assert.ok(imposedBy2094);
    assert.deepEqual(
      reviewClauses(fixture, imposedBy2094).map((c) => [c.commitment, c.basis]),
      [["KP-COMMIT-REVIEW-2094", "same-resolution"]],
    );
    const seafood = regime.measures.get("KP-EXP-SEAFOOD");
    assert.ok(seafood);
    assert.deepEqual(
      reviewClauses(fixture, seafood).map((c) => [c.commitment, c.basis]),
      [["KP-COMMIT-REVIEW-NAMED", "names-measure"]],
    );
  });
});

describe("obligations.yaml problems", () => {
  it("an unknown resolution, an unknown conduct and a duplicate id are issues naming their place", () => {
    const { obligations, issues } = compileObligations(regime, {
      conduct: { "nuclear-test": { words: "a nuclear test", kinds: ["nuclear-test"] } },
      obligations: [
        {
          id: "KP-OBL-9999-OP2",
          citation: "S/RES/9999 (2030) OP2",
          anchor: "shall not",
          force: "decision",
          duty: "not-conduct",
          conduct: ["nuclear-test"],
        },
        {
          id: "KP-OBL-2094-OP2",
          citation: "S/RES/2094 (2013) OP2",
          anchor: "shall not",
          force: "decision",
          duty: "not-conduct",
          conduct: ["nuclear-tests"],
        },
        {
          id: "KP-OBL-2094-OP2",
          citation: "S/RES/2094 (2013) OP2",
          anchor: "shall not",
          force: "decision",
          duty: "not-conduct",
          conduct: ["nuclear-test"],
        },
      ],
    });
    assert.deepEqual(
      issues.map((issue) => [issue.code, issue.path.join(".")]),
      [
        ["unknown_resolution", "obligations.0.citation"],
        ["invalid_value", "obligations.1.conduct.0"],
        ["duplicate_obligation", "obligations.2.id"],
      ],
    );
    assert.equal(obligations.length, 1);
  });
});

describe("the obligations' anchors against the UN's texts", needsShared("un-resolutions"), () => {
  it("every clause of obligations.yaml is verified in its paragraph", async () => {
    const library = await readResolutionFolder(sharedData("un-resolutions"));
    const checks = (await checkAnchors(defaultRegimeDir, library.texts)).filter(
      (check) => check.file === "obligations.yaml",
    );
    assert.equal(checks.length, regime.obligations?.length);
    assert.deepEqual(
      checks
        .filter((check) => check.status !== "verified")
        .map((check) => `${check.citation}: ${check.status}`),
      [],
    );
  });
});
