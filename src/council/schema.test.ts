import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import {
  CouncilDataError,
  defaultCouncilFile,
  loadCouncilData,
  parseCouncilData,
  resolveMember,
  type CouncilDataIssueCode,
} from "./index.js";

const text = readFileSync(defaultCouncilFile, "utf8");

/** Parses a variant of the real file and returns its issues (failing if it parses). */
function issuesOf(variant: string): CouncilDataError["issues"] {
  try {
    parseCouncilData(variant, "bad.yaml");
  } catch (error) {
    assert.ok(error instanceof CouncilDataError, String(error));
    assert.equal(error.file, "bad.yaml");
    assert.match(error.message, /^bad\.yaml/);
    return error.issues;
  }
  assert.fail("the variant was accepted");
}

function replaceOnce(source: string, from: string, to: string): string {
  assert.ok(source.includes(from), `fixture text not found: ${from}`);
  return source.replace(from, to);
}

function expectIssue(variant: string, code: CouncilDataIssueCode, path: string): void {
  const issues = issuesOf(variant);
  const found = issues.find((issue) => issue.code === code && issue.path === path);
  assert.ok(found, `expected ${code} at ${path}, got ${JSON.stringify(issues)}`);
  assert.equal(typeof found.line, "number");
}

describe("council.yaml as shipped", () => {
  const data = loadCouncilData();

  it("covers every year 2006–2026 with five permanent and ten elected members", () => {
    assert.deepEqual(
      data.years.map((entry) => entry.year),
      Array.from({ length: 21 }, (_, i) => 2006 + i),
    );
    for (const entry of data.years) {
      assert.equal(entry.elected.length, 10, String(entry.year));
      assert.equal(new Set(entry.elected).size, 10, String(entry.year));
      assert.ok(entry.sources.length > 0, String(entry.year));
    }
    assert.deepEqual(data.permanent, [
      "China",
      "France",
      "Russian Federation",
      "United Kingdom",
      "United States",
    ]);
  });

  it("writes names as the fact sheet does", () => {
    const year = (y: number) => data.years.find((entry) => entry.year === y)?.elected ?? [];
    assert.ok(year(2018).includes("Côte d'Ivoire"));
    assert.ok(year(2020).includes("Saint Vincent and the Grenadines"));
    assert.ok(year(2024).includes("Republic of Korea"));
    assert.ok(year(2008).includes("Viet Nam"));
    assert.ok(year(2026).includes("Democratic Republic of the Congo"));
    assert.ok(year(2006).includes("Republic of the Congo"));
    assert.ok(!year(2018).includes("Italy") && year(2017).includes("Italy"), "split 2017–18 seat");
  });

  it("resolves aliases, accents, case and full stops to one name", () => {
    const cases: [string, string][] = [
      ["US", "United States"],
      ["U.S.A.", "United States"],
      ["united states of america", "United States"],
      ["UK", "United Kingdom"],
      ["Russia", "Russian Federation"],
      ["PRC", "China"],
      ["ROK", "Republic of Korea"],
      ["South Korea", "Republic of Korea"],
      ["Vietnam", "Viet Nam"],
      ["Türkiye", "Turkey"],
      ["Turkiye", "Turkey"],
      ["Cote d’Ivoire", "Côte d'Ivoire"],
      ["UAE", "United Arab Emirates"],
      ["St Vincent and the Grenadines", "Saint Vincent and the Grenadines"],
    ];
    for (const [alias, name] of cases) assert.equal(resolveMember(data, alias), name, alias);
    assert.throws(() => resolveMember(data, "Korea"), { name: "CouncilError", code: "UNKNOWN_MEMBER" });
  });

  it("keeps the abstention practice unconfirmed and the veto formulation confirmed", () => {
    assert.equal(data.rule.permanentAbstentionIsNotVeto.verified, false);
    assert.equal(data.rule.substantive.verified, true);
    assert.equal(data.rule.procedural.verified, false);
    assert.equal(data.rule.substantive.requiredYes, 9);
  });
});

describe("a bad council.yaml fails with the file, the path and a code", () => {
  it("rejects unknown keys", () => {
    expectIssue(
      replaceOnce(text, "  - year: 2019\n", "  - year: 2019\n    chair: France\n"),
      "UNKNOWN_KEY",
      "years[13].chair",
    );
  });

  it("rejects a year without ten elected members", () => {
    expectIssue(
      replaceOnce(
        text,
        "[Belgium, Dominican Republic, Germany, Indonesia, South Africa, Côte d'Ivoire",
        "[Belgium, Dominican Republic, Germany, Indonesia, Côte d'Ivoire",
      ),
      "ELECTED_COUNT",
      "years[13].elected",
    );
  });

  it("rejects a duplicate and a permanent member among the elected", () => {
    const dup = replaceOnce(
      text,
      "Kuwait, Peru, Poland]\n    entering: [Belgium",
      "Kuwait, Peru, Peru]\n    entering: [Belgium",
    );
    expectIssue(dup, "DUPLICATE_MEMBER", "years[13].elected[9]");
    const p5 = replaceOnce(
      text,
      "Kuwait, Peru, Poland]\n    entering: [Belgium",
      "Kuwait, Peru, France]\n    entering: [Belgium",
    );
    expectIssue(p5, "PERMANENT_AS_ELECTED", "years[13].elected[9]");
  });

  it("rejects a term that does not match the year before", () => {
    const variant = replaceOnce(
      text,
      "Kuwait, Peru, Poland]\n    entering: [Belgium",
      "Kuwait, Peru, Estonia]\n    entering: [Belgium",
    );
    expectIssue(variant, "TERM_INCONSISTENT", "years[13].elected[9]");
  });

  it("rejects an alias that resolves to no member, and one that clashes", () => {
    expectIssue(
      replaceOnce(text, "  UK: United Kingdom\n", "  UK: United Kingdoms\n"),
      "ALIAS_UNRESOLVED",
      "aliases.UK",
    );
    expectIssue(
      replaceOnce(text, "  Russia: Russian Federation\n", "  Russia: Russian Federation\n  U.S.: China\n"),
      "ALIAS_CONFLICT",
      "aliases.U.S.",
    );
  });

  it("rejects a recorded vote whose tally disagrees with its lists or names a non-member", () => {
    expectIssue(
      replaceOnce(text, "tally: 13-1-1", "tally: 14-1-0"),
      "VOTE_INCONSISTENT",
      "recordedVotes[2].tally",
    );
    expectIssue(
      replaceOnce(text, "abstaining: [India]", "abstaining: [Japan]"),
      "UNKNOWN_MEMBER",
      "recordedVotes[3].abstaining[0]",
    );
  });

  it("rejects values of the wrong type and broken YAML", () => {
    expectIssue(
      replaceOnce(text, "  - year: 2019\n    elected:", "  - year: twenty\n    elected:"),
      "INVALID_VALUE",
      "years[13].year",
    );
    const broken = issuesOf(replaceOnce(text, "aliases:\n", "aliases: [\n"));
    assert.equal(broken[0]?.code, "YAML_SYNTAX");
  });
});
