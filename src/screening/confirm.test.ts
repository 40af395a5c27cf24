/**
 * The confirmation policy: a strong identifier or an exact listed name with no conflicting fact
 * confirms; everything else that alerts is potential, and the review band is near.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { comparableName, CONFIRM_V1, confirmMatch, type MatchFacts } from "./confirm.js";

const alert = (matchedName: string, explanation: Record<string, unknown> = {}): MatchFacts => ({
  band: "alert",
  score: 0.95,
  matchedName,
  explanation: { quality: "primary", qualifiers: [], identifiers: [], ...explanation },
});

describe("confirm-v1", () => {
  it("confirms an exact listed name, after normalisation and with legal forms by class", () => {
    assert.equal(
      comparableName("Korea Kwangson Banking Corp."),
      comparableName("KOREA KWANGSON BANKING CORPORATION"),
    );
    assert.equal(comparableName("Kim Jong-un"), comparableName("KIM, Jong Un"));
    const confirmed = confirmMatch({ name: "Ch'oe Song Il" }, alert("CHOE SONG IL"));
    assert.equal(confirmed.kind, "confirmed");
    assert.equal(confirmed.by, "exact-name");
    assert.equal(confirmed.policy, CONFIRM_V1.name);
  });

  it("leaves a close but different name potential, saying why", () => {
    const potential = confirmMatch(
      { name: "Korea Development Bank" },
      alert("KOREA UNITED DEVELOPMENT BANK"),
    );
    assert.equal(potential.kind, "potential");
    assert.equal(potential.by, undefined);
    assert.match(potential.why, /not the listed name/);
  });

  it("leaves an exact name potential when a fact conflicts, naming the fact", () => {
    const potential = confirmMatch(
      { name: "Ri Won Ho" },
      alert("RI WON HO", {
        qualifiers: [
          { code: "dob-near", effect: -0.03, detail: "1964-07-18 is one unit off 1964-07-17" },
          { code: "gender-match", effect: 0, detail: "male" },
        ],
      }),
    );
    assert.equal(potential.kind, "potential");
    assert.deepEqual(potential.conflicts, ["dob-near"]);
    assert.deepEqual(potential.agrees, ["gender-match"]);
    assert.match(potential.why, /dob-near: 1964-07-18 is one unit off/);
  });

  it("does not confirm on a weak (low-quality) alias", () => {
    assert.equal(confirmMatch({ name: "Ali" }, alert("ALI", { quality: "low" })).kind, "potential");
  });

  it("confirms on an agreeing strong identifier whatever the name, and on a record's SWIFT/BIC or national id", () => {
    const byImo = confirmMatch(
      { name: "Renamed Tanker" },
      alert("CHON MA SAN", { identifiers: [{ code: "imo-confirmed", value: "8660313", effect: 1 }] }),
    );
    assert.deepEqual([byImo.kind, byImo.by, byImo.identifier], ["confirmed", "identifier", "imo 8660313"]);
    const record = {
      identifiers: [
        { type: "other" as const, value: "KUDBKPPY", note: "SWIFT/BIC" },
        { type: "national-id" as const, value: "AB-123 456" },
      ],
    };
    const bySwift = confirmMatch(
      { name: "KUDB", swift: "kudbkppyxxx" },
      alert("KOREA UNITED DEVELOPMENT BANK"),
      {
        record,
      },
    );
    assert.equal(bySwift.identifier, "swift KUDBKPPY");
    const byId = confirmMatch({ name: "Someone", nationalId: "ab123456" }, alert("SOMEONE ELSE"), { record });
    assert.equal(byId.identifier, "national-id AB123456");
    assert.equal(
      confirmMatch({ name: "KUDB", swift: "KUDBKPPZ" }, alert("KOREA UNITED DEVELOPMENT BANK"), { record })
        .kind,
      "potential",
    );
  });

  it("calls a match in the review band near, even with an equal name", () => {
    assert.equal(confirmMatch({ name: "Ri Won Ho" }, { ...alert("RI WON HO"), band: "review" }).kind, "near");
  });
});
