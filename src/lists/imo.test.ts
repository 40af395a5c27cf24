import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isValidImo, normaliseImo } from "./imo.js";

describe("IMO check digit", () => {
  it("accepts real ship numbers from the OFAC list", () => {
    // CHONG CHON GANG, AM NOK GANG, BAEK MA KANG (OFAC SDN vessels).
    for (const imo of ["7937317", "8132835", "7944683", "IMO 9176187", "imo:9176187", 7937317]) {
      assert.equal(isValidImo(imo), true, String(imo));
    }
  });

  it("rejects a wrong check digit, a transposition and anything not seven digits", () => {
    assert.equal(isValidImo("7937318"), false);
    assert.equal(isValidImo("9176178"), false);
    assert.equal(isValidImo("793731"), false);
    assert.equal(isValidImo("79373170"), false);
    assert.equal(isValidImo("IMO ABCDEFG"), false);
    assert.equal(isValidImo(""), false);
  });

  it("rejects UN company numbers, which have no ship check digit", () => {
    assert.equal(isValidImo("5342883"), false);
  });

  it("normalises prefixes and separators", () => {
    assert.equal(normaliseImo(" IMO 9 176 187 "), "9176187");
    assert.equal(normaliseImo("IMO-9176187"), "9176187");
    assert.equal(normaliseImo("91761870"), undefined);
  });
});
