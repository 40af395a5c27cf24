import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { needsShared, sharedData } from "../../test/support/shared.js";
import { counterparts, deriveEditionMoves, editionMovesTable, matchScope } from "./index.js";

/** Suites of the shared data are skipped, saying so, on a clone with no ../shared beside it. */
const correlation = needsShared("hs", "hs2022-hs2017-correlation.csv");

// Scopes of UNSCR 2397 as HS 2017 chapter prefixes.
const para6 = ["07", "08", "12", "25", "44", "84", "85", "89"];
const para7 = [
  "72",
  "73",
  "74",
  "75",
  "76",
  "78",
  "79",
  "80",
  "81",
  "82",
  "83",
  "84",
  "85",
  "86",
  "87",
  "88",
  "89",
];
const seafoodHeadings = ["0301", "0302", "0303", "0304", "0305", "0306", "0307", "0308"];

void describe("matchScope, same edition", () => {
  void it("matches by prefix and reports the most specific prefix", () => {
    assert.deepEqual(matchScope("970300", "HS2017", ["97", "9703"], "HS2017"), {
      result: "in",
      matchedPrefix: "9703",
    });
    assert.deepEqual(matchScope("0301.11", "HS2017", ["03"], "HS2017"), {
      result: "in",
      matchedPrefix: "03",
    });
    assert.deepEqual(matchScope("440710", "HS2017", para7, "HS2017"), { result: "out" });
  });

  void it("says a chapter straddles a heading-level scope", () => {
    assert.equal(matchScope("85", "HS2017", ["8525"], "HS2017").result, "straddles");
    assert.equal(matchScope("8525", "HS2017", ["85"], "HS2017").result, "in");
    assert.equal(matchScope("84", "HS2017", ["85"], "HS2017").result, "out");
  });
});

void describe("matchScope, HS 2022 code against HS 2017 scope", () => {
  void it("keeps the 9703 split inside the statues scope", () => {
    for (const code of ["970310", "970390", "9703", "97031000"]) {
      const match = matchScope(code, "HS2022", ["9703"], "HS2017");
      assert.equal(match.result, "in", code);
      assert.equal(match.matchedPrefix, "9703");
    }
    assert.equal(matchScope("970300", "HS2017", ["9703"], "HS2017").result, "in");
  });

  void it("puts the new heading 0309 inside seafood, by chapter and by heading list", () => {
    assert.equal(matchScope("030910", "HS2022", ["03"], "HS2017").result, "in");
    assert.equal(matchScope("0309", "HS2022", ["03"], "HS2017").result, "in");
    // All goods of 0309 were in 0305–0308 in HS 2017, so the HS 2017 heading list covers them.
    assert.equal(matchScope("030990", "HS2022", seafoodHeadings, "HS2017").result, "in");
    assert.equal(matchScope("0309", "HS2022", seafoodHeadings, "HS2017").result, "in");
    // But the heading 0309 written in HS 2022 terms alone is not in an HS 2022 list of 0301–0308.
    assert.equal(matchScope("030910", "HS2022", seafoodHeadings, "HS2022").result, "out");
  });

  void it("flags 8524 and 8549 under the chapter 72–89 supply ban as straddling", () => {
    for (const code of ["852411", "852499", "854921", "854999", "8524", "8549", "852990", "854151"]) {
      const match = matchScope(code, "HS2022", para7, "HS2017");
      assert.equal(match.result, "straddles", code);
      assert.ok(match.counterparts?.some((c) => c.result === "out"));
      assert.ok(match.counterparts?.some((c) => c.result === "in"));
    }
    const ewaste = matchScope("854921", "HS2022", para7, "HS2017");
    const outside = ewaste.counterparts?.filter((c) => c.result === "out").map((c) => c.code.slice(0, 2));
    assert.deepEqual([...new Set(outside)].sort(), ["38", "70", "71", "90", "91", "95"]);
    assert.deepEqual(ewaste.relationships, ["n:n"]);
  });

  void it("sees drones leave chapter 85 (2397 para. 6) but stay in the 72–89 set", () => {
    assert.equal(matchScope("880621", "HS2022", para6, "HS2017").result, "straddles");
    assert.equal(matchScope("8806", "HS2022", para6, "HS2017").result, "straddles");
    // Unmanned aircraft of 880610 were all 8802 aircraft in HS 2017: outside para. 6 in both editions.
    assert.equal(matchScope("880610", "HS2022", para6, "HS2017").result, "out");
    assert.equal(matchScope("880621", "HS2022", para7, "HS2017").result, "in");
    assert.equal(matchScope("880621", "HS2022", ["88"], "HS2017").result, "straddles");
  });

  void it("flags dolomite ramming mix 381600 (from 2518) under para. 6", () => {
    const match = matchScope("381600", "HS2022", para6, "HS2017");
    assert.equal(match.result, "straddles");
    assert.deepEqual(
      match.counterparts?.map((c) => [c.code, c.result]),
      [
        ["251830", "in"],
        ["3816", "out"],
      ],
    );
  });

  void it("decides codes that never left their heading as in their own edition", () => {
    assert.deepEqual(matchScope("010121", "HS2022", ["01"], "HS2017").result, "in");
    assert.deepEqual(matchScope("27101943", "HS2022", ["2710"], "HS2017").result, "in");
    assert.deepEqual(matchScope("440710", "HS2022", para7, "HS2017").result, "out");
    // A chapter whose moves all stay inside it is decided too.
    assert.equal(matchScope("03", "HS2022", ["03"], "HS2017").result, "in");
  });
});

void describe("matchScope, HS 2017 code against HS 2022 scope", () => {
  void it("follows goods forward", () => {
    assert.equal(matchScope("852580", "HS2017", ["85"], "HS2022").result, "straddles");
    assert.equal(matchScope("251830", "HS2017", ["38"], "HS2022").result, "in");
    assert.equal(matchScope("251830", "HS2017", ["25"], "HS2022").result, "out");
    assert.equal(matchScope("731814", "HS2017", ["73"], "HS2022").result, "straddles");
    // Aircraft parts 8803 became 8807, except display modules, which went to 8524.
    const parts = matchScope("880310", "HS2017", ["8807"], "HS2022");
    assert.equal(parts.result, "straddles");
    assert.ok(parts.counterparts?.some((c) => c.code === "880710" && c.result === "in"));
    assert.ok(parts.counterparts?.some((c) => c.code === "852411" && c.result === "out"));
    assert.ok(
      !parts.counterparts?.some((c) => c.code === "880310"),
      "880310 has no successor in its heading",
    );
    assert.equal(matchScope("880310", "HS2017", ["85", "88"], "HS2022").result, "in");
  });
});

void describe("edition-moves table", () => {
  void it("maps codes not in the table to themselves", () => {
    assert.deepEqual(counterparts("010121", "HS2022", "HS2017"), {
      codes: ["010121"],
      relationships: [],
      moved: false,
    });
  });

  void it("is what the derivation script makes of the shared correlation table", correlation, () => {
    const regenerated = deriveEditionMoves(
      readFileSync(sharedData("hs", "hs2022-hs2017-correlation.csv"), "utf8"),
    );
    assert.deepEqual(regenerated, editionMovesTable());
  });

  void it("stays small", () => {
    const table = editionMovesTable();
    assert.ok(Object.keys(table.moves).length < 200);
    assert.ok(Object.values(table.moves).every((move) => move.hs2017.length <= 100));
  });
});
