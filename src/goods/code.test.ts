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

  void it("refuses a number, which has already lost its leading zeros", () => {
    const parsed = parseHsCode(301 as unknown as string);
    assert.match(parsed.ok ? parsed.code : parsed.error.message, /leading zeros/);
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
