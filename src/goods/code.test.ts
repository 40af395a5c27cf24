import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  editionForDate,
  editionOf,
  GoodsError,
  normaliseHsCode,
  parseEdition,
  parseHsCode,
} from "./index.js";
import { parseActivity } from "../model/activity.js";

void describe("normaliseHsCode", () => {
  void it("strips dots, spaces and hyphens and keeps leading zeros", () => {
    assert.equal(normaliseHsCode("0301.11"), "030111");
    assert.equal(normaliseHsCode(" 0301 11 00 "), "03011100");
    assert.equal(normaliseHsCode("8517-13"), "851713");
    assert.equal(normaliseHsCode("03"), "03");
    assert.equal(normaliseHsCode("2710.19.43.10"), "2710194310");
  });

  for (const bad of ["12AB", "", "  ", "3", "12345678901", "03.0x", "+0301"]) {
    void it(`refuses ${JSON.stringify(bad)} with hs_invalid_format`, () => {
      const parsed = parseHsCode(bad);
      assert.equal(parsed.ok ? parsed.code : parsed.error.code, "hs_invalid_format");
      assert.throws(
        () => normaliseHsCode(bad),
        (error: unknown) => error instanceof GoodsError && error.code === "hs_invalid_format",
      );
    });
  }

  void it("refuses a number, which has already lost its leading zero, suggesting the code", () => {
    const parsed = parseHsCode(301);
    assert.match(parsed.ok ? parsed.code : parsed.error.message, /loses its leading zero/);
    const fish = parseHsCode(302.11);
    assert.ok(!fish.ok);
    assert.deepEqual(fish.problem, { kind: "number", value: 302.11, suggestion: "0302.11" });
    assert.match(fish.error.message, /^HS code 302\.11 is a number; .*did you mean "0302\.11"\?$/);
    const even = parseHsCode(8703.23);
    assert.ok(!even.ok);
    assert.deepEqual(even.problem, { kind: "number", value: 8703.23 });
  });

  // With no nomenclature imported a code is checked by its form only: these passed and were permitted.
  for (const [bad, kind] of [
    ["302.11", "odd_digits"],
    ["30211", "odd_digits"],
    ["301", "odd_digits"],
    ["8703231", "odd_digits"],
    ["270900000", "odd_digits"],
    ["-302.11", "signed"],
    ["-0302.11", "signed"],
    ["0302.11-", "characters"],
    ["0302..", "characters"],
    [".0302", "characters"],
    ["00", "no_chapter"],
    ["0012.34", "no_chapter"],
  ] as const) {
    void it(`refuses ${JSON.stringify(bad)} as ${kind}`, () => {
      const parsed = parseHsCode(bad);
      assert.ok(!parsed.ok, `${bad} was accepted as ${parsed.ok ? parsed.code : ""}`);
      assert.equal(parsed.problem.kind, kind);
      assert.equal(parsed.error.code, "hs_invalid_format");
    });
  }

  void it("says how a lost leading zero is put back", () => {
    const parsed = parseHsCode("302.11");
    assert.ok(!parsed.ok);
    assert.equal(
      parsed.error.message,
      'HS code "302.11" has 5 digits; HS codes have an even number (chapter 2, heading 4, subheading 6, ' +
        'national lines 8 or 10); if a leading zero was lost (a number or a spreadsheet cell drops it), write "0302.11"',
    );
    const national = parseHsCode("270900000");
    assert.match(
      national.ok ? "" : national.error.message,
      /write "0270900000"; for a national code of another length, give its first 6 digits$/,
    );
  });

  void it("still accepts every even length from chapter to national line", () => {
    for (const [input, code] of [
      ["03", "03"],
      ["0302", "0302"],
      ["0302.11", "030211"],
      ["0302.11.00", "03021100"],
      ["2709.00.00.00", "2709000000"],
      ["97", "97"],
      ["9903.88", "990388"],
    ] as const) {
      assert.equal(normaliseHsCode(input), code);
    }
  });

  void it("makes an activity's hs a typed error naming the field", () => {
    const base = { id: "a", type: "goods", date: "2019-12-17", from: "KP", to: "CN" };
    for (const hs of ["302.11", "-302.11", 302.11]) {
      const parsed = parseActivity({ ...base, hs });
      assert.ok(!parsed.ok, `${String(hs)} was accepted`);
      assert.equal(parsed.error.code, "invalid_hs_code");
      assert.equal(parsed.error.field, "hs");
    }
    const number = parseActivity({ ...base, hs: 302.11 });
    assert.match(number.ok ? "" : number.error.message, /^hs 302\.11: .*leading zero.*"0302\.11"/);
    assert.equal(parseActivity({ ...base, hs: "0302.11" }).ok, true);
  });
});

void describe("editions", () => {
  void it("switches to HS2022 on 2022-01-01", () => {
    assert.equal(editionForDate("2021-12-31"), "HS2017");
    assert.equal(editionForDate("2022-01-01"), "HS2022");
    assert.equal(editionForDate("2017-12-22"), "HS2017");
    assert.equal(editionForDate(new Date("2024-03-01T00:00:00Z")), "HS2022");
  });

  void it("lets an explicit hsEdition override the date", () => {
    assert.equal(editionOf({ date: "2022-06-01", hsEdition: "HS2017" }), "HS2017");
    assert.equal(editionOf({ date: "2022-06-01" }), "HS2022");
  });

  void it("refuses malformed dates and editions with typed codes", () => {
    assert.throws(
      () => editionForDate("1/1/2022"),
      (e: unknown) => e instanceof GoodsError && e.code === "hs_invalid_date",
    );
    assert.throws(
      () => parseEdition("HS2012"),
      (e: unknown) => e instanceof GoodsError && e.code === "hs_invalid_edition",
    );
    assert.equal(parseEdition("hs 2022"), "HS2022");
    assert.equal(parseEdition("2017"), "HS2017");
  });
});
