import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Designation, ListSnapshot } from "../model/designation.js";
import { needsShared, sharedData } from "../../test/support/shared.js";
import { parseOfacSdnCsv, parseUnConsolidatedXml } from "../lists/index.js";
import { createScreener } from "./index.js";
import { LEGAL_FORM_CAP, TokenWeights } from "./weights.js";

function entity(ref: string, full: string): Designation {
  return {
    ref,
    list: "TEST",
    programmes: ["DPRK"],
    kind: "entity",
    names: [{ full, quality: "primary" }],
    birthDates: [],
    nationalities: [],
    identifiers: [],
  };
}

function person(ref: string, full: string): Designation {
  return { ...entity(ref, full), kind: "person" };
}

function snapshot(designations: Designation[]): ListSnapshot {
  return {
    id: "weights-test",
    source: "hand-made",
    list: "TEST",
    importedAt: "2026-12-02T00:00:00Z",
    counts: { persons: 0, entities: designations.length, vessels: 0, names: designations.length },
    designations,
  };
}

/** Ten Korean banks and traders: KOREA, BANK and TRADING are common here, UNITED is not. */
const banks = snapshot([
  entity("E1", "KOREA UNITED DEVELOPMENT BANK"),
  entity("E2", "KOREA DAESONG BANK"),
  entity("E3", "KOREA KWANGSON BANKING CORP"),
  entity("E4", "FOREIGN TRADE BANK OF KOREA"),
  entity("E5", "KOREA KUMRYONG TRADING CORPORATION"),
  entity("E6", "KOREA HEUNGJIN TRADING COMPANY"),
  entity("E7", "KOREA TANGUN TRADING CORPORATION"),
  entity("E8", "TANCHON COMMERCIAL BANK"),
  entity("E9", "KOREA RYONBONG GENERAL CORPORATION"),
  entity("E10", "DAEDONG CREDIT BANK"),
]);

describe("token weights", () => {
  it("come from how many loaded entries carry a word", () => {
    const screener = createScreener([banks]);
    const { weights } = screener;
    assert.equal(weights.size, 10);
    assert.equal(weights.entriesWith("korea"), 8);
    assert.equal(weights.entriesWith("bank"), 6, "BANKING counts with BANK (one class)");
    assert.equal(weights.entriesWith("united"), 1);
    assert.ok(weights.weight("united") > weights.weight("bank"));
    assert.ok(weights.weight("bank") > weights.weight("korea"));
    assert.ok(weights.weight("corp") <= LEGAL_FORM_CAP);
    // A word no entry carries tells entries apart as much as any.
    assert.equal(weights.weight("busan"), 1);
  });

  it("change with the lists loaded: a word common on one list is rare on another", () => {
    const other = createScreener([
      snapshot([
        entity("X1", "KOREA UNITED DEVELOPMENT BANK"),
        ...["A", "B", "C", "D"].map((x) => entity(x, `${x}X UNITED HOLDINGS`)),
      ]),
    ]);
    const here = createScreener([banks]);
    assert.ok(other.weights.weight("united") < here.weights.weight("united"));
  });

  it("refuse new entries once read", () => {
    const weights = new TokenWeights();
    weights.addEntry(["korea"]);
    weights.weight("korea");
    assert.throws(() => {
      weights.addEntry(["bank"]);
    }, /after the first weight/);
  });

  it("keep Korea Development Bank below the alert threshold against KOREA UNITED DEVELOPMENT BANK", () => {
    const screener = createScreener([banks]);
    const match = screener.screen({ name: "Korea Development Bank" }).find((m) => m.ref === "E1");
    assert.ok(match === undefined || match.band === "review", JSON.stringify(match?.score));
    const wide = createScreener([banks], { reviewThreshold: 0.1 });
    const explained = wide.screen({ name: "Korea Development Bank" }).find((m) => m.ref === "E1");
    const united = explained?.explanation.alignment.find((pair) => pair.list[0] === "united");
    assert.equal(united?.rule, "extra-list-token");
    // The full name still alerts, and an extra common word costs little.
    assert.equal(screener.screen({ name: "Korea United Development Bank" })[0]?.band, "alert");
    assert.equal(screener.screen({ name: "United Development Bank" })[0]?.ref, "E1");
    assert.equal(screener.screen({ name: "United Development Bank" })[0]?.band, "alert");
  });

  it("make an unmatched rare query word cost more than a common one", () => {
    const screener = createScreener([banks], { reviewThreshold: 0.1 });
    const common = screener.screen({ name: "Korea Daesong Bank Korea" }).find((m) => m.ref === "E2");
    const rare = screener.screen({ name: "Korea Daesong Bank Busan" }).find((m) => m.ref === "E2");
    assert.ok(common && rare);
    assert.ok(rare.score < common.score, `${rare.score} < ${common.score}`);
  });

  it("weigh a person's common given name less than a rare one", () => {
    const people = snapshot([
      person("P1", "MOHAMMAD REZA FALAHZADEH"),
      person("P2", "MOHAMMAD ALI KHAN"),
      person("P3", "MOHAMMAD HASSAN"),
      person("P4", "MOHAMMAD AKBAR"),
    ]);
    const screener = createScreener([people], { reviewThreshold: 0.1 });
    const withoutCommon = screener.screen({ name: "Reza Falahzadeh" }).find((m) => m.ref === "P1");
    const withoutRare = screener.screen({ name: "Mohammad Falahzadeh" }).find((m) => m.ref === "P1");
    assert.ok(withoutCommon && withoutRare);
    assert.ok(withoutCommon.score > withoutRare.score);
  });
});

describe("token weights on the UN and OFAC lists", needsShared("ofac", "sdn.csv"), () => {
  it("keep Korea Development Bank out of the alert band with both lists loaded", async () => {
    const un = await parseUnConsolidatedXml(sharedData("un", "consolidated.xml"));
    const ofac = await parseOfacSdnCsv(sharedData("ofac", "sdn.csv"));
    const snapshots = [un, ofac].map((list) => ({
      ...snapshot(list.designations.map((d) => ({ ...d, ref: d.ref.trim() }))),
      id: list.list,
    }));
    const screener = createScreener(snapshots);
    assert.ok(screener.weights.weight("korea") < screener.weights.weight("united"));
    const matches = screener.screen({ name: "Korea Development Bank", kind: "entity" });
    assert.ok(
      matches.every((m) => m.band !== "alert"),
      JSON.stringify(matches.map((m) => [m.matchedName, m.score])),
    );
    assert.equal(screener.screen({ name: "Korea United Development Bank" })[0]?.band, "alert");
  });
});
