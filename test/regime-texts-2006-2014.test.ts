/**
 * The resolutions of 2006-2014 and the Panel renewals against their official texts: what the lawyer
 * cases (`regime/dprk/tests/*-texts-2006-2014.yaml`) cannot say, because a state case sees only a
 * version's first citation. The Panel of Experts' mandate must run without a gap from 2011 to 2014
 * (S/RES/2050 (2012) and 2094 OP29 were missing, so 1985's mandate, ended 12 June 2012, stood as the last
 * word until 2141); each resolution's review clause is recorded with the measures it reaches; and, with
 * the UN's texts beside the project, every anchor of these files is found in its paragraph.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import type { CompiledRegime, MeasureVersion } from "../src/model/regime.js";
import { checkAnchors } from "../src/regime/anchors.js";
import { loadRegime } from "../src/regime/index.js";
import { readResolutionFolder } from "../src/texts/index.js";
import { needsShared, sharedData } from "./support/shared.js";

const regimeDir = join(import.meta.dirname, "..", "regime", "dprk");

/** The files whose citations this suite answers for. */
const files = [
  "1695",
  "1718",
  "1874",
  "1928",
  "1985",
  "2050",
  "2087",
  "2094",
  "2141",
  "2207",
  "2276",
  "2345",
  "2356",
  "2407",
  "2464",
  "2515",
  "2569",
  "2627",
  "2680",
].map((number) => `resolutions/${number}.yaml`);

let regime: CompiledRegime;

before(async () => {
  const loaded = await loadRegime(regimeDir);
  assert.ok(loaded.regime, "the regime loads");
  regime = loaded.regime;
});

/** The version of a measure in force on a date. */
function versionOn(id: string, date: string): MeasureVersion | undefined {
  const measure = regime.measures.get(id);
  assert.ok(measure, `${id} is a measure of the regime`);
  return measure.versions.find(
    (version) => version.from <= date && (version.to === undefined || date <= version.to),
  );
}

describe("the Panel of Experts' mandate from 2011 to 2014", () => {
  const renewals: [from: string, citation: string, until: string][] = [
    ["2011-06-10", "S/RES/1985 (2011) OP1", "2012-06-12"],
    ["2012-06-12", "S/RES/2050 (2012) OP1", "2013-07-12"],
    ["2013-03-07", "S/RES/2094 (2013) OP29", "2014-04-07"],
    ["2014-03-05", "S/RES/2141 (2014) OP1", "2015-04-05"],
  ];
  for (const [from, citation, until] of renewals) {
    it(`from ${from} it rests on ${citation}, with a mandate to ${until}`, () => {
      const version = versionOn("KP-PROC-POE", from);
      assert.ok(version);
      assert.equal(version.from, from);
      assert.ok(
        version.citations.some((c) => c.text === citation),
        `cites ${version.citations.map((c) => c.text).join(", ")}`,
      );
      assert.equal(version.terms.mandateUntil, until);
    });
  }

  it("never shows a mandate that has already run out", () => {
    for (let year = 2011; year <= 2014; year += 1) {
      for (const day of ["01-15", "04-15", "06-13", "07-15", "10-15", "12-31"]) {
        const date = `${year}-${day}`;
        if (date < "2011-06-10" || date > "2014-12-31") continue;
        const until = versionOn("KP-PROC-POE", date)?.terms.mandateUntil;
        assert.ok(
          until !== undefined && date <= until,
          `on ${date} the mandate in force ends ${until ?? "never"}`,
        );
      }
    }
  });
});

describe("review clauses of 1718 to 2094", () => {
  const clauses: [id: string, citation: string, reaches: string][] = [
    ["KP-COMMIT-REVIEW-1718", "S/RES/1718 (2006) OP15", "KP-TGT-ASSETFREEZE"],
    ["KP-COMMIT-REVIEW-1874", "S/RES/1874 (2009) OP32", "KP-FIN-SVC"],
    ["KP-COMMIT-REVIEW-2087", "S/RES/2087 (2013) OP19", "KP-SVC-BUNKER"],
    ["KP-COMMIT-REVIEW-2094", "S/RES/2094 (2013) OP36", "KP-FIN-BANKS"],
  ];
  for (const [id, citation, reaches] of clauses) {
    it(`${id} is a review clause of ${citation} reaching ${reaches}`, () => {
      const commitment = regime.commitments.find((candidate) => candidate.id === id);
      assert.ok(commitment, `${id} is recorded`);
      assert.equal(commitment.kind, "review");
      assert.equal(commitment.citation.text, citation);
      assert.ok(commitment.measures.includes(reaches));
    });
  }

  it("2087's determination to take significant action is OP19, not OP20 (remain seized)", () => {
    const commitment = regime.commitments.find((c) => c.id === "KP-COMMIT-SIGNIFICANT-ACTION-2087");
    assert.equal(commitment?.citation.text, "S/RES/2087 (2013) OP19");
    assert.equal(commitment.kind, "trigger");
  });
});

describe(
  "anchors of 1695 to 2141 and the Panel renewals, against the UN's texts",
  needsShared("un-resolutions"),
  () => {
    it("every citation is found in its paragraph, save 2569, which has no English text", async () => {
      const library = await readResolutionFolder(sharedData("un-resolutions"));
      const checks = (await checkAnchors(regimeDir, library.texts)).filter((check) =>
        files.includes(check.file),
      );
      assert.ok(checks.length > 60, `${checks.length} citations checked`);
      const failing = checks
        .filter((check) => check.status !== "verified" && !check.file.endsWith("2569.yaml"))
        .map((check) => `${check.file} ${check.path} ${check.citation}: ${check.status}`);
      assert.deepEqual(failing, []);
      const s2569 = checks.filter((check) => check.file.endsWith("2569.yaml"));
      assert.deepEqual(
        s2569.map((check) => check.status),
        ["no_official_text"],
      );
    });

    it("the 2024 draft S/2024/255 is anchored in its own text", async () => {
      const library = await readResolutionFolder(sharedData("un-resolutions"));
      const checks = (await checkAnchors(regimeDir, library.texts)).filter(
        (check) => check.file === "drafts/poe-renewal-2024.yaml",
      );
      assert.deepEqual(
        checks.map((check) => [check.citation, check.status]),
        [
          ["S/2024/255 OP1", "verified"],
          ["S/2024/255 OP6", "verified"],
          ["S/2024/255 OP6", "verified"],
          ["S/2024/255 OP7", "verified"],
        ],
      );
    });
  },
);
