/**
 * Annexes: read from `<attachments>` by the label the text prints (a `<heading>` or a bold `<p>`),
 * never as operative paragraphs; found by label; and an `Annex IV` citation verified in its annex, a
 * label the text does not print being `paragraph_missing`, not guessed.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { needsShared, sharedData } from "../../test/support/shared.js";
import { findAnnex, isTextError, readResolutionText } from "./index.js";
import { aknText } from "./testing.js";
import { verifyCitation } from "./verify.js";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

const withAnnexes = aknText({
  paragraphs: ['<span class="italic">Decides</span> that luxury goods include the items of annex II;'],
  annexes: [
    { label: "Annex I", heading: "Asset freeze", lines: ["1. WIDGET TRADING CORPORATION"] },
    { label: "Annex II:", heading: "Luxury goods", lines: ["(a) Luxury watches;", "(b) Yachts."] },
  ],
});

void describe("annexes", () => {
  void it("reads each annex's label (colon dropped), heading and lines, apart from the operative paragraphs", async () => {
    const text = await readResolutionText(bytes(withAnnexes));
    assert.deepEqual(
      text.paragraphs.map((p) => p.number),
      ["1"],
    );
    assert.deepEqual(text.annexes, [
      { label: "Annex I", heading: "Asset freeze", text: "1. WIDGET TRADING CORPORATION" },
      { label: "Annex II", heading: "Luxury goods", text: "(a) Luxury watches;\n(b) Yachts." },
    ]);
    assert.equal(findAnnex(text, "annex ii").heading, "Luxury goods");
    assert.throws(
      () => findAnnex(text, "Annex V"),
      (error: unknown) =>
        isTextError(error, "annex_not_found") && /its annexes are Annex I, Annex II/.test(error.message),
    );
  });

  void it("verifies an Annex citation in that annex only, and names the annex that holds a misplaced anchor", async () => {
    const texts = [await readResolutionText(bytes(withAnnexes))];
    const symbol = "S/RES/9001 (2030)";
    assert.deepEqual(verifyCitation(texts, symbol, "Annex II", "Luxury watches"), { status: "verified" });
    assert.deepEqual(verifyCitation(texts, symbol, "Annex II", "Luxury goods"), { status: "verified" });
    assert.deepEqual(verifyCitation(texts, symbol, "Annex I", "Luxury watches"), {
      status: "anchor_not_found",
      foundIn: ["Annex II"],
    });
    assert.deepEqual(verifyCitation(texts, symbol, "Annex V", "Yachts"), {
      status: "paragraph_missing",
      foundIn: ["Annex II"],
    });
    assert.deepEqual(verifyCitation(texts, symbol, "Annex II", undefined), { status: "no_anchor" });
    assert.deepEqual(verifyCitation(texts, symbol, "Annex-ish", "Yachts"), { status: "part_not_read" });
  });

  void it(
    "reads the UN's annexes as printed: 2094 Annex IV luxury goods; 2270's luxury annex is headed Annex IV, not V",
    needsShared("un-resolutions", "S_RES_2270_1603394E.xml"),
    async () => {
      const r2094 = await readResolutionText(sharedData("un-resolutions", "S_RES_2094_1325306E.xml"));
      assert.deepEqual(
        r2094.annexes?.map((a) => a.label),
        ["Annex I", "Annex II", "Annex III", "Annex IV"],
      );
      const luxury = findAnnex(r2094, "Annex IV");
      assert.equal(luxury.heading, "Luxury goods");
      assert.match(luxury.text, /^\(a\) Yachts;$/m);
      assert.match(luxury.text, /Racing cars\./);
      const r2270 = await readResolutionText(sharedData("un-resolutions", "S_RES_2270_1603394E.xml"));
      // OP39 says "the items specified in Annex V"; the text heads the luxury annex "Annex IV:".
      assert.match(
        r2270.paragraphs.find((p) => p.number === "39")?.text ?? "",
        /items specified in Annex V of this resolution/,
      );
      assert.deepEqual(
        r2270.annexes?.map((a) => `${a.label}: ${a.heading ?? ""}`),
        [
          "Annex I: Travel Ban/Asset Freeze (Individuals)",
          "Annex II: Asset Freeze (Entities)",
          "Annex III: OMM Vessels",
          "Annex IV: Luxury Goods",
        ],
      );
      // The vessels of Annex III are a table: one line per row.
      assert.match(findAnnex(r2270, "Annex III").text, /^1\. CHOL RYONG \(RYONG GUN BONG\) 8606173$/m);
      const texts = [r2270];
      assert.deepEqual(verifyCitation(texts, "S/RES/2270 (2016)", "Annex V", "Luxury watches"), {
        status: "paragraph_missing",
        foundIn: ["Annex IV"],
      });
      // 2321 marks its labels as bold paragraphs, not headings.
      const r2321 = await readResolutionText(sharedData("un-resolutions", "S_RES_2321_1621090E.xml"));
      assert.equal(findAnnex(r2321, "Annex IV").heading, "Luxury Goods");
      assert.match(findAnnex(r2321, "Annex IV").text, /Rugs and tapestries \(valued greater than \$500\)/);
    },
  );
});
