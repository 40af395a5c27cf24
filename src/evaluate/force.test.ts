/**
 * Binding force: a measure resting on an exhortation ("Calls upon") gives a notice, never a prohibition,
 * and says when a later paragraph made it binding; `checkForce` refuses an exhortation encoded as
 * binding. Run on a copy of the DPRK package with 1874 OP18 encoded as its text says
 * (`test/support/force-regime.ts`), and its lawyer cases (`regime/dprk/tests/verdict-force.yaml`).
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { needsShared, sharedData } from "../../test/support/shared.js";
import { writeForceRegime } from "../../test/support/force-regime.js";
import { defaultRegimeDir } from "../config/index.js";
import { parseActivity } from "../model/activity.js";
import { Verdict } from "../model/contract.js";
import { checkForce } from "../regime/anchors.js";
import { loadRegime, measureView, readRegimeYaml } from "../regime/index.js";
import { readResolutionFolder } from "../texts/index.js";
import { checkVerdictCase, createEvaluator, verdictCaseFile } from "./index.js";

const scratch = await mkdtemp(join(tmpdir(), "force-"));
after(() => rm(scratch, { recursive: true, force: true }));
const dir = await writeForceRegime(join(scratch, "dprk"));
const loaded = await loadRegime(dir);
if (!loaded.regime) throw new Error(`the force fixture does not load: ${JSON.stringify(loaded.issues[0])}`);
const regime = loaded.regime;
const casesFile = join(import.meta.dirname, "..", "..", "regime", "dprk", "tests", "verdict-force.yaml");
const cases = await readRegimeYaml(casesFile, "verdict-force.yaml", verdictCaseFile);

const transfer = (date: string) => {
  const parsed = parseActivity({
    id: "t",
    type: "payment",
    date,
    from: "CN",
    to: "KP",
    instrument: "transfer",
    suspect: true,
  });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.activity;
};

describe("an exhortation in the evaluator", () => {
  it("the lawyer cases of verdict-force.yaml hold", () => {
    assert.deepEqual(cases.issues, []);
    const failures = (cases.data?.cases ?? []).flatMap((testCase) =>
      checkVerdictCase(regime, testCase).failures.map((failure) => `${testCase.name}: ${failure}`),
    );
    assert.deepEqual(failures, []);
    assert.ok((cases.data?.cases.length ?? 0) >= 4);
  });

  it("gives a permitted notice that says it is an exhortation, and binding from which paragraph", () => {
    const verdict = createEvaluator(regime).evaluate(transfer("2010-05-03"));
    assert.equal(verdict.verdict, "permitted");
    const notice = verdict.reasons.find((reason) => reason.code === "measure_exhorts");
    assert.ok(notice, JSON.stringify(verdict.reasons));
    assert.equal(notice.outcome, "permitted");
    assert.equal(notice.citation, "S/RES/1874 (2009) OP18");
    assert.deepEqual(notice.detail.bindingFrom, {
      citation: "S/RES/2094 (2013) OP11",
      from: "2013-03-07",
    });
    assert.match(
      notice.text,
      /S\/RES\/1874 \(2009\) OP18 exhorts States: .*\(an exhortation, not a prohibition; binding from S\/RES\/2094 \(2013\) OP11 \(2013-03-07\)\)$/,
    );
    // Without the official texts, the citation says why it is not verified.
    assert.equal(notice.verified, false);
    assert.deepEqual(notice.verification, {
      status: "no_official_text",
      text: "the official text of S/RES/1874 (2009) is not imported; run sanctions texts import (or give --texts DIR) to verify OP18",
    });
    assert.equal(regime.textsVersion, undefined);
    // The contract reads it back unchanged.
    const written: unknown = JSON.parse(JSON.stringify(verdict));
    assert.deepEqual(Verdict.parse(written), written);
  });

  it("the measure's history says it was an exhortation, binding from 2094 OP11", () => {
    const measure = regime.measures.get("KP-FIN-SVC");
    assert.ok(measure);
    const view = measureView(regime, measure) as { versions: Record<string, unknown>[] };
    const [first, second] = view.versions;
    assert.ok(first && second);
    assert.equal(first.modality, "exhortation");
    assert.deepEqual(first.bindingFrom, {
      from: "2013-03-07",
      citation: "S/RES/2094 (2013) OP11",
    });
    assert.equal(second.modality, "prohibition");
    assert.equal(second.bindingFrom, undefined);
  });
});

describe("with the official texts", needsShared("un-resolutions", "S_RES_1874_N0936849.xml"), async () => {
  const library = await readResolutionFolder(sharedData("un-resolutions"));
  const withTexts = await loadRegime(dir, { officialTexts: library.texts });

  it("the notice carries the verb the text prints, and both citations are verified on their anchors", () => {
    assert.ok(withTexts.regime);
    const notice = createEvaluator(withTexts.regime)
      .evaluate(transfer("2010-05-03"))
      .reasons.find((reason) => reason.code === "measure_exhorts");
    assert.ok(notice);
    assert.equal(notice.detail.verb, "Calls upon");
    assert.match(notice.text, /S\/RES\/1874 \(2009\) OP18 calls upon States: /);
    assert.equal(
      notice.anchor,
      "Calls upon Member States ... to prevent the provision of financial services",
    );
    assert.deepEqual(notice.verification?.status, "verified");
    assert.equal(notice.verified, true);
    const binding = createEvaluator(withTexts.regime)
      .evaluate(transfer("2014-01-15"))
      .reasons.find((reason) => reason.code === "measure_prohibits" && reason.measure === "KP-FIN-SVC");
    assert.equal(binding?.verification?.status, "verified");
    assert.match(withTexts.regime.textsVersion ?? "", /^sha256:[0-9a-f]{64}$/);
    // A measure version names each failing citation with its reason: 2094 OP11's paragraph is verified.
    const versions = withTexts.regime.measures.get("KP-FIN-SVC")?.versions ?? [];
    assert.equal(
      versions[1]?.unverified.some((note) => note.startsWith("S/RES/2094 (2013) OP11:")),
      false,
    );
  });

  it("checkForce names 1874 OP18 when encoded as a prohibition, and finds nothing in the package as it is", async () => {
    assert.deepEqual(await checkForce(defaultRegimeDir, library.texts), []);
    // The package as it was before the texts were read: OP18's measure a prohibition.
    const r1874 = join(dir, "resolutions", "1874.yaml");
    const text = await readFile(r1874, "utf8");
    const at = text.indexOf("  - id: OP18");
    const modality = text.indexOf("modality: exhortation", at);
    assert.ok(at >= 0 && modality > at, "1874 OP18 is encoded as an exhortation");
    await writeFile(
      r1874,
      text.slice(0, modality) +
        "modality: prohibition" +
        text.slice(modality + "modality: exhortation".length),
    );
    try {
      const asWas = await checkForce(dir, library.texts);
      const op18 = asWas.find(
        (issue) =>
          issue.file === "resolutions/1874.yaml" && issue.message.startsWith("S/RES/1874 (2009) OP18 "),
      );
      assert.ok(op18, JSON.stringify(asWas.map((issue) => issue.message)));
      assert.equal(op18.code, "exhortation_encoded_as_binding");
      assert.equal(op18.path.at(-1), "modality");
      assert.match(op18.message, /opens with "Calls upon"/);
      // A paragraph that decides is never named: 2094 OP11 "Decides".
      assert.equal(
        asWas.some((issue) => issue.message.startsWith("S/RES/2094 (2013) OP11 ")),
        false,
      );
    } finally {
      await writeFile(r1874, text);
    }
  });
});
