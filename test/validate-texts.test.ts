/**
 * Every citation of the embedded regime checked against the UN's own texts
 * (`../shared/data/un-resolutions/`): `sanctions validate --texts` must find nothing, so that a wrong
 * paragraph number (2397 OP27 for the petroleum trigger, which is OP28) can never land again. What
 * stays unverified is exactly what has no official text: the two China–Russia drafts that were never
 * tabled, the US draft S/2022/431 whose text was not found, and S/RES/2569 (only a German copy exists).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultRegimeDir } from "../src/config/index.js";
import { checkAnchors } from "../src/regime/anchors.js";
import { readResolutionFolder } from "../src/texts/index.js";
import { runCli } from "./support/cli.js";
import { needsShared, sharedData } from "./support/shared.js";

const texts = needsShared("un-resolutions", "S_RES_2397_1723207E.xml");

describe("the regime's citations against the official texts", texts, () => {
  it("finds every anchor in its numbered paragraph, for every citation whose text is at hand", async () => {
    const library = await readResolutionFolder(sharedData("un-resolutions"));
    assert.deepEqual(library.failures, []);
    const checks = await checkAnchors(defaultRegimeDir, library.texts);
    assert.ok(checks.length > 200, `only ${checks.length} citations found`);
    const failing = checks.filter((c) => c.status !== "verified" && c.status !== "no_official_text");
    assert.deepEqual(
      failing.map((c) => `${c.file} ${c.path} ${c.citation}: ${c.status}`),
      [],
    );
    const withoutText = new Set(
      checks.filter((c) => c.status === "no_official_text").map((c) => c.citation.replace(/ [^ ]+$/, "")),
    );
    assert.deepEqual([...withoutText].sort(), [
      "S/2022/431",
      "S/RES/2569 (2021)",
      "draft cn-ru-2019",
      "draft cn-ru-2021",
    ]);
  });

  it("`sanctions validate --texts` exits 0 and says how many citations it verified", async () => {
    const result = await runCli(["validate", "--texts", sharedData("un-resolutions")]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /\d+ of \d+ citations verified against the official texts/);
  });

  it("names a wrong paragraph number and where its anchor really is", async () => {
    const library = await readResolutionFolder(sharedData("un-resolutions"));
    const { verifyCitation } = await import("../src/texts/verify.js");
    const trigger = "restrict further the export to the DPRK of petroleum";
    assert.deepEqual(verifyCitation(library.texts, "S/RES/2397 (2017)", "OP28", trigger), {
      status: "verified",
    });
    assert.deepEqual(verifyCitation(library.texts, "S/RES/2397 (2017)", "OP27", trigger), {
      status: "anchor_not_found",
      foundIn: ["OP28"],
    });
    assert.equal(
      verifyCitation(library.texts, "S/RES/2397 (2017)", "OP99", trigger).status,
      "paragraph_missing",
    );
    assert.equal(
      verifyCitation(library.texts, "S/RES/2569 (2021)", "OP1", "anything").status,
      "no_official_text",
    );
  });
});
