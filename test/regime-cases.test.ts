/**
 * Runs the lawyer-style cases beside each regime package (`regime/<id>/tests/state-*.yaml` for the state
 * at a date, `verdict-*.yaml` for verdicts on activities, `events-*.yaml` for events against the DPRK's
 * obligations): one test per case, so that the runner's counts
 * are cases. A case file that fails validation fails as a test too.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { z } from "zod";
import { checkVerdictCase, verdictCaseFile } from "../src/evaluate/index.js";
import { formatIssue } from "../src/model/issues.js";
import type { CompiledRegime } from "../src/model/regime.js";
import { checkEventCase, eventCaseFile } from "../src/regime/event-cases.js";
import { checkStateCase, loadRegime, readRegimeYaml, stateCaseFile } from "../src/regime/index.js";
import { readResolutionFolder } from "../src/texts/index.js";
import { needsShared, sharedData } from "./support/shared.js";

const regimeRoot = join(import.meta.dirname, "..", "regime");

/** Registers one test per case of every file in `files`; `check` returns the failures of a case. */
async function runCaseFiles<C extends { name: string }>(
  id: string,
  dir: string,
  files: readonly string[],
  schema: z.ZodType<{ cases: C[] }>,
  check: (testCase: C) => readonly string[],
): Promise<void> {
  for (const name of files) {
    const file = await readRegimeYaml(join(dir, "tests", name), `tests/${name}`, schema);
    describe(`${id}/tests/${name}`, () => {
      if (!file.data) {
        it("is a valid case file", () => {
          assert.deepEqual(file.issues.map(formatIssue), []);
        });
        return;
      }
      for (const testCase of file.data.cases) {
        it(testCase.name, () => {
          assert.deepEqual(check(testCase), []);
        });
      }
    });
  }
}

for (const id of readdirSync(regimeRoot).sort()) {
  const dir = join(regimeRoot, id);
  const testFiles = readdirSync(join(dir, "tests")).sort();
  const ofKind = (prefix: string) =>
    testFiles.filter((name) => name.startsWith(prefix) && name.endsWith(".yaml"));
  // With the UN's texts beside the clone, every case's `verified` is checked against them.
  const officialTexts =
    needsShared("un-resolutions").skip === undefined
      ? (await readResolutionFolder(sharedData("un-resolutions"))).texts
      : undefined;
  const { regime, issues } = await loadRegime(dir, { officialTexts });

  describe(`regime ${id}`, () => {
    it("loads without problems", () => {
      assert.deepEqual(issues.map(formatIssue), []);
    });
  });
  if (!regime) continue;
  const compiled: CompiledRegime = regime;
  await runCaseFiles(id, dir, ofKind("state-"), stateCaseFile, (testCase) =>
    checkStateCase(compiled, testCase),
  );
  await runCaseFiles(
    id,
    dir,
    ofKind("verdict-"),
    verdictCaseFile,
    (testCase) => checkVerdictCase(compiled, testCase).failures,
  );
  await runCaseFiles(id, dir, ofKind("events-"), eventCaseFile, (testCase) =>
    checkEventCase(compiled, testCase),
  );
}
