import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Designation, DesignationName, ListSnapshot } from "../model/designation.js";
import { createScreener, type ScreeningMatch, type ScreeningQuery } from "./index.js";
import { wordKind } from "./org-words.js";

function person(
  ref: string,
  names: readonly DesignationName[],
  extra: Partial<Designation> = {},
): Designation {
  return {
    ref,
    list: "TEST",
    programmes: ["DPRK"],
    kind: "person",
    names,
    birthDates: [],
    nationalities: ["KP"],
    identifiers: [],
    ...extra,
  };
}

function entity(ref: string, full: string, extra: Partial<Designation> = {}): Designation {
  return {
    ref,
    list: "TEST",
    programmes: ["DPRK"],
    kind: "entity",
    names: [{ full, quality: "primary" }],
    birthDates: [],
    nationalities: [],
    identifiers: [],
    ...extra,
  };
}

const records: Designation[] = [
  person("P1", [{ full: "PAK TO CHUN", quality: "primary", parts: ["PAK", "TO CHUN"] }], {
    birthDates: [{ kind: "exact", date: "1944-03-09" }],
    gender: "male",
  }),
  person("P2", [{ full: "RI WON HO", quality: "primary", parts: ["RI", "WON HO"] }], {
    birthDates: [{ kind: "year", year: 1964 }],
  }),
  person("P3", [{ full: "KIM JONG UN", quality: "primary", parts: ["KIM", "JONG UN"] }]),
  person("P4", [{ full: "KIM YONG CHOL", quality: "primary", parts: ["KIM", "YONG CHOL"] }]),
  person("P5", [{ full: "CH'OE SO’K MIN", quality: "primary", parts: ["CH'OE", "SO’K MIN"] }]),
  entity("E1", "KOREA RYONBONG GENERAL CORPORATION"),
  entity("E2", "CHONGCHONGANG SHIPPING COMPANY", {
    identifiers: [{ type: "imo", value: "5342883", note: "company" }],
  }),
  {
    ...entity("V1", "HWANG GUM SAN 2"),
    kind: "vessel",
    identifiers: [{ type: "imo", value: "8405311", valid: true }],
  },
];

const snapshot: ListSnapshot = {
  id: "test-snapshot",
  source: "hand-made",
  list: "TEST",
  importedAt: "2026-05-09T00:00:00Z",
  counts: { persons: 5, entities: 2, vessels: 1, names: 8 },
  designations: records,
};
const screener = createScreener([snapshot]);

function top(query: ScreeningQuery): ScreeningMatch | undefined {
  return screener.screen(query)[0];
}

function assertAlert(query: ScreeningQuery, ref: string): ScreeningMatch {
  const match = top(query);
  assert.ok(match, `no match for ${query.name}`);
  assert.equal(match.ref, ref, `${query.name} matched ${match.ref}`);
  assert.equal(match.band, "alert", `${query.name} scored ${match.score}`);
  return match;
}

describe("createScreener", () => {
  it("exposes the snapshot ids it was built from", () => {
    assert.deepEqual(screener.snapshotIds, ["test-snapshot"]);
  });

  it("matches Park and Bak to Pak through the surname class", () => {
    const match = assertAlert({ name: "Park Do-chun" }, "P1");
    const surname = match.explanation.alignment.find((pair) => pair.query[0] === "park");
    assert.equal(surname?.rule, "variant-class");
    assert.deepEqual(surname.list, ["pak"]);
    assertAlert({ name: "Bak To Chun" }, "P1");
  });

  it("matches Lee and Rhee to Ri (initial-sound rule)", () => {
    assertAlert({ name: "Lee Won Ho" }, "P2");
    assertAlert({ name: "Rhee Won-ho" }, "P2");
  });

  it("treats Jong-un, Jong Un and Jongun alike", () => {
    for (const name of ["Kim Jong-un", "Kim Jong Un", "Kim Jongun", "KIM JONG-UN"]) {
      const match = assertAlert({ name }, "P3");
      assert.ok(match.score >= 0.95, `${name}: ${match.score}`);
    }
    const joined = assertAlert({ name: "Kim Jongun" }, "P3");
    assert.ok(joined.explanation.alignment.some((pair) => pair.rule === "joined-syllables"));
  });

  it("matches the given name first (Western order) and the OFAC comma order", () => {
    const western = assertAlert({ name: "Won Ho Ri" }, "P2");
    assert.ok(western.explanation.rules.some((rule) => rule.code === "order-swapped"));
    assertAlert({ name: "RI, Won Ho" }, "P2");
  });

  it("folds McCune–Reischauer breves and apostrophes", () => {
    assertAlert({ name: "Ch’oe Sŏk-min" }, "P5");
    assertAlert({ name: "Choi Seok Min" }, "P5");
  });

  it("tolerates a typo in a long token", () => {
    const match = assertAlert({ name: "Korea Ryonbnog General Corporation" }, "E1");
    assert.ok(match.explanation.alignment.some((pair) => pair.rule === "typo"));
  });

  it("tolerates a typo that leaves no valid Korean syllable", () => {
    assertAlert({ name: "Kim Yomg Chol" }, "P4");
  });

  it("matches Corp. to Corporation as a legal form", () => {
    const match = assertAlert({ name: "Korea Ryonbong General Corp." }, "E1");
    const legal = match.explanation.alignment.find((pair) => pair.query[0] === "corp");
    assert.equal(legal?.rule, "legal-form");
    assertAlert({ name: "Chongchongang Shipping Co., Ltd." }, "E2");
  });

  it("does not alert on a different person with the same surname", () => {
    const matches = screener.screen({ name: "Kim Il Sung" });
    assert.ok(
      matches.every((match) => match.band !== "alert"),
      JSON.stringify(matches.map((m) => m.score)),
    );
  });

  it("keeps a one-syllable-different name below the alert threshold", () => {
    const match = screener.screen({ name: "Kim Song Chol" }).find((m) => m.ref === "P4");
    assert.ok(match === undefined || match.band === "review");
    assert.ok(match?.explanation.alignment.some((pair) => pair.rule === "near-syllable"));
  });

  it("does not alert on legal forms and generic words alone", () => {
    const matches = screener.screen({ name: "Korea General Trading Corporation" });
    assert.ok(matches.every((match) => match.band !== "alert"));
  });

  it("lowers the score on a conflicting date of birth, never raises it on an agreeing one", () => {
    const plain = top({ name: "Pak To Chun" });
    const agreeing = top({ name: "Pak To Chun", dob: "1944-03-09" });
    const conflicting = top({ name: "Pak To Chun", dob: "1990-01-01" });
    assert.ok(plain && agreeing && conflicting);
    assert.equal(agreeing.score, plain.score);
    assert.ok(conflicting.score < plain.score);
    assert.equal(conflicting.explanation.qualifiers[0]?.code, "dob-mismatch");
  });

  it("lowers the score on a conflicting nationality and gender", () => {
    const wide = createScreener([snapshot], { reviewThreshold: 0.1 });
    const plain = wide.screen({ name: "Pak To Chun" })[0];
    const other = wide.screen({ name: "Pak To Chun", nationality: "KR", gender: "female" })[0];
    assert.ok(plain && other);
    assert.ok(other.score < plain.score);
    const codes = other.explanation.qualifiers.map((qualifier) => qualifier.code);
    assert.deepEqual(codes, ["nationality-mismatch", "gender-mismatch"]);
  });

  it("confirms a vessel by a valid IMO even under another name", () => {
    const match = assertAlert({ name: "SOME RENAMED SHIP", kind: "vessel", imo: "IMO 8405311" }, "V1");
    assert.equal(match.score, 1);
    assert.equal(match.explanation.identifiers[0]?.code, "imo-confirmed");
  });

  it("confirms a bank by its SWIFT/BIC and a person by a national id, under any name, and nothing else", () => {
    const bank = entity("B1", "KOREA UNITED DEVELOPMENT BANK", {
      identifiers: [{ type: "other", value: "KUDBKPPY", note: "SWIFT/BIC" }],
    });
    const official = person("P9", [{ full: "CHOE CHUN YONG", quality: "primary" }], {
      identifiers: [{ type: "national-id", value: "108-123-456" }],
    });
    const withIds = createScreener([{ ...snapshot, id: "ids", designations: [bank, official] }]);
    // Branch code and spacing aside, the institution's eight characters are the bank.
    const bySwift = withIds.screen({ name: "Some Renamed Bank", swift: "KUDB KP PY XXX" });
    assert.deepEqual(
      [bySwift[0]?.ref, bySwift[0]?.score, bySwift[0]?.explanation.identifiers[0]?.code],
      ["B1", 1, "swift-confirmed"],
    );
    const byId = withIds.screen({ name: "Somebody Else", nationalId: "108123456" });
    assert.deepEqual(
      [byId[0]?.ref, byId[0]?.explanation.identifiers[0]?.code],
      ["P9", "national-id-confirmed"],
    );
    // The same names without the identifiers (asked after them, so a cached answer would show) or with
    // another bank's code are not the listed records.
    assert.deepEqual(withIds.screen({ name: "Some Renamed Bank" }), []);
    assert.deepEqual(withIds.screen({ name: "Some Renamed Bank", swift: "KODBKRSE" }), []);
    assert.deepEqual(withIds.screen({ name: "Somebody Else", nationalId: "108123457" }), []);
  });

  it("reads a word every object inherits (constructor, toString) as a name word, not a legal form", () => {
    assert.deepEqual(wordKind("constructor", false), { kind: "name" });
    assert.deepEqual(wordKind("tostring", false), { kind: "name" });
    const withWord = createScreener([
      { ...snapshot, id: "words", designations: [entity("E9", "CONSTRUCTOR GENERAL CORPORATION")] },
    ]);
    // "Constructor" is the word that tells the entity apart: without it, no alert.
    assert.equal(withWord.screen({ name: "Constructor General Corporation" })[0]?.band, "alert");
    assert.ok(!withWord.screen({ name: "General Corporation" }).some((match) => match.band === "alert"));
  });

  it("ignores an IMO that fails its check digit", () => {
    const matches = screener.screen({ name: "SOME RENAMED SHIP", imo: "8405312" });
    assert.equal(matches.length, 0);
  });

  it("keeps vessel numbers apart", () => {
    const match = screener.screen({ name: "Hwang Gum San 1" }).find((m) => m.ref === "V1");
    assert.ok(match === undefined || match.band === "review");
  });

  it("filters by kind", () => {
    assert.equal(screener.screen({ name: "Korea Ryonbong General Corporation", kind: "person" }).length, 0);
  });

  it("romanises Hangul queries", () => {
    assertAlert({ name: "김정은" }, "P3");
  });

  it("returns matches best first within the limit", () => {
    const matches = screener.screen({ name: "Kim Yong Chol" }, { limit: 2 });
    assert.ok(matches.length <= 2);
    for (let i = 1; i < matches.length; i += 1)
      assert.ok((matches[i - 1]?.score ?? 0) >= (matches[i]?.score ?? 0));
  });

  it("answers a repeated query the same, from its cache, without sharing the array", () => {
    const first = screener.screen({ name: "Kim Yong Chol" });
    first.length = 0;
    const again = screener.screen({ name: "Kim Yong Chol" });
    assert.equal(again[0]?.ref, "P4");
    const uncached = createScreener([snapshot], { cacheSize: 0 }).screen({ name: "Kim Yong Chol" });
    assert.deepEqual(again, uncached);
  });

  it("rejects thresholds outside (0, 1]", () => {
    assert.throws(() => createScreener([snapshot], { alertThreshold: 1.5 }), /thresholds/);
  });
});
