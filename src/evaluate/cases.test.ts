/**
 * Lawyer cases are read against the contract: a reason code or outcome the engine does not know is an
 * issue naming the case file, the line and the path, not a case that passes because it matches nothing.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatIssue, formatPath } from "../model/issues.js";
import { parseRegimeYaml } from "../regime/index.js";
import { verdictCaseFile } from "./index.js";

const file = "tests/verdict-spelling.yaml";

function caseFile(reasons: string): string {
  return [
    "cases:",
    "  - name: DPRK seafood in 2019 is prohibited",
    "    activity: { type: goods, date: 2019-12-17, hs: '030211', from: KP, to: CN }",
    "    verdict: prohibited",
    reasons,
    "",
  ].join("\n");
}

describe("verdict case files", () => {
  it("read a case whose codes are the contract's", () => {
    const read = parseRegimeYaml(
      caseFile(
        "    reasons: [{ code: measure_prohibits, outcome: prohibited }]\n    notReasons: [{ code: no_measure_applies }]",
      ),
      file,
      verdictCaseFile,
    );
    assert.deepEqual(read.issues, []);
    assert.equal(read.data?.cases[0]?.notReasons?.[0]?.code, "no_measure_applies");
  });

  it("refuse a misspelt code in notReasons, naming the file, the line and the path", () => {
    const read = parseRegimeYaml(
      caseFile("    notReasons: [{ code: no_measure_applies }, { code: measure_prohibit }]"),
      file,
      verdictCaseFile,
    );
    assert.equal(read.data, undefined);
    assert.equal(read.issues.length, 1);
    const issue = read.issues[0];
    assert.ok(issue);
    assert.equal(issue.code, "invalid_value");
    assert.equal(issue.file, file);
    assert.equal(formatPath(issue.path), "cases[0].notReasons[1].code");
    assert.equal(issue.line, 5);
    assert.match(formatIssue(issue), /^tests\/verdict-spelling\.yaml:5 cases\[0\]\.notReasons\[1\]\.code: /);
    assert.match(issue.message, /unknown reason code "measure_prohibit"/);
  });

  it("refuse an unknown code in reasons, and an unknown outcome", () => {
    const read = parseRegimeYaml(
      caseFile("    reasons: [{ code: exemption_applies }, { outcome: forbidden }]"),
      file,
      verdictCaseFile,
    );
    assert.deepEqual(
      read.issues.map((issue) => `${formatPath(issue.path)} ${issue.code}`),
      ["cases[0].reasons[0].code invalid_value", "cases[0].reasons[1].outcome invalid_value"],
    );
    assert.match(read.issues[0]?.message ?? "", /unknown reason code "exemption_applies"/);
  });
});
