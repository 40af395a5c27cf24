/**
 * What a replay compares: a check recorded before the official texts were imported (every citation
 * `no_official_text`) and replayed after (verified, with its anchor) is the same answer; a change of
 * what the engine decided (a reason's code or text) is not.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canonicalJson } from "../regime/index.js";
import { answerOf } from "./replay.js";

const reason = {
  code: "measure_prohibits",
  measure: "KP-EXP-COAL",
  citation: "S/RES/2371 (2017) OP8",
  verified: false,
  verification: {
    status: "no_official_text",
    text: "the official text of S/RES/2371 (2017) is not imported; run sanctions texts import (or give --texts DIR) to verify OP8",
  },
  outcome: "prohibited",
  text: "Coal exports from the DPRK: all coal",
  detail: { title: "Coal exports from the DPRK", scope: "all coal" },
};
const recorded = {
  id: "1",
  verdict: "prohibited",
  reasons: [reason],
  regimeVersion: "sha256:a",
  listSnapshot: null,
};
const same = (a: unknown, b: unknown) => canonicalJson(answerOf(a)) === canonicalJson(answerOf(b));

describe("the answer a replay compares", () => {
  it("is the same when the texts were imported since (verified, verification and anchor differ)", () => {
    const replayed = {
      ...recorded,
      reasons: [
        {
          ...reason,
          anchor: "coal, iron, and iron ore",
          verified: true,
          verification: {
            status: "verified",
            text: "the anchor is found in OP8 of the official text of S/RES/2371 (2017)",
          },
        },
      ],
    };
    assert.equal(same(recorded, replayed), true);
  });

  it("differs when what the engine decided differs", () => {
    assert.equal(same(recorded, { ...recorded, reasons: [{ ...reason, text: "Coal: other" }] }), false);
    assert.equal(same(recorded, { ...recorded, reasons: [{ ...reason, code: "measure_exhorts" }] }), false);
  });
});
