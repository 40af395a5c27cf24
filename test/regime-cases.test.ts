/**
 * Runs the lawyer-style cases beside each regime package (`regime/<id>/tests/*.yaml`): one test per
 * case, so that the runner's counts are cases. A case file that fails validation fails as a test too.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { formatIssue } from "../src/model/issues.js";
import { checkVerdictCase, verdictCaseFile } from "../src/evaluate/index.js";
import { checkStateCase, loadRegime, readRegimeYaml, stateCaseFile } from "../src/regime/index.js";

const regimeRoot = join(import.meta.dirname, "..", "regime");

for (const id of readdirSync(regimeRoot).sort()) {
  const dir = join(regimeRoot, id);
  const testFiles = readdirSync(join(dir, "tests")).sort();
  const caseFiles = testFiles.filter((name) => name.startsWith("state-") && name.endsWith(".yaml"));
  const verdictFiles = testFiles.filter((name) => name.startsWith("verdict-") && name.endsWith(".yaml"));
  const { regime, issues } = await loadRegime(dir);

  describe(`regime ${id}`, () => {
    it("loads without problems", () => {
      assert.deepEqual(issues.map(formatIssue), []);
    });
  });
  if (!regime) continue;

  for (const name of caseFiles) {
    const file = await readRegimeYaml(join(dir, "tests", name), `tests/${name}`, stateCaseFile);
    describe(`${id}/tests/${name}`, () => {
      if (!file.data) {
        it("is a valid case file", () => {
          assert.deepEqual(file.issues.map(formatIssue), []);
        });
        return;
      }
      for (const testCase of file.data.cases) {
        it(testCase.name, () => {
          assert.deepEqual(checkStateCase(regime, testCase), []);
        });
      }
    });
  }

  for (const name of verdictFiles) {
    const file = await readRegimeYaml(join(dir, "tests", name), `tests/${name}`, verdictCaseFile);
    describe(`${id}/tests/${name}`, () => {
      if (!file.data) {
        it("is a valid case file", () => {
          assert.deepEqual(file.issues.map(formatIssue), []);
        });
        return;
      }
      for (const testCase of file.data.cases) {
        it(testCase.name, () => {
          assert.deepEqual(checkVerdictCase(regime, testCase).failures, []);
        });
      }
    });
  }
}
