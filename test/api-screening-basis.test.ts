/**
 * Screening a compliance officer can act on, through the HTTP API with the real UN and OFAC lists
 * imported: `POST /v1/check` gives a name-only fuzzy hit `review` (a potential match), an OFAC-only
 * party `listed_elsewhere` with no UN citation, and a party named exactly as the UN lists it
 * `prohibited` under the asset freeze; `POST /v1/screen` says of each match on whose list it is and
 * whether it is confirmed.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { TEST_KEYS, testApp, type TestApp } from "../src/api/testing.js";
import { needsShared, sharedData } from "./support/shared.js";

const lists = { ...needsShared("un", "consolidated.xml"), ...needsShared("ofac", "sdn.csv") };

interface Reason {
  code: string;
  measure: string | null;
  citation: string | null;
  outcome: string;
  detail: Record<string, unknown>;
}

describe("API: screening with the UN and OFAC lists", lists, () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
    for (const [file, type] of [
      [sharedData("un", "consolidated.xml"), "application/xml"],
      [sharedData("ofac", "sdn.csv"), "text/csv"],
    ] as const) {
      const response = await t.app.request("/v1/lists/import", {
        method: "POST",
        headers: { authorization: `Bearer ${TEST_KEYS.admin}`, "content-type": type },
        body: await readFile(file),
      });
      assert.equal(response.status, 200, await response.text());
    }
  });
  after(() => t.cleanup());

  /** A transfer from Korea to Japan with one party. */
  const payment = (party: Record<string, unknown>) => ({
    id: "p",
    type: "payment",
    date: "2024-03-01",
    from: "KR",
    to: "JP",
    instrument: "transfer",
    parties: [party],
  });

  async function check(party: Record<string, unknown>): Promise<{ verdict: string; reasons: Reason[] }> {
    const response = await t.call("POST", "/v1/check", { role: "reader", body: payment(party) });
    assert.equal(response.status, 200);
    return (await response.json()) as { verdict: string; reasons: Reason[] };
  }

  it("answers the three cases of the issue through POST /v1/check", async () => {
    const kdb = await check({ name: "Korea Development Bank", role: "payer", country: "KR" });
    assert.equal(kdb.verdict, "review");
    assert.deepEqual(
      kdb.reasons.filter((reason) => reason.code === "party_designated"),
      [],
    );
    // A potential match (a name over the alert threshold, not the listed one) or, with the token weights
    // of the loaded lists, a near match (UNITED is missing): either way a person's review, never a freeze.
    const alert = kdb.reasons.find(
      (reason) =>
        (reason.code === "party_potential_match" || reason.code === "party_near_match") &&
        reason.detail["ref"] === "KPe.033",
    );
    assert.ok(alert, kdb.reasons.map((reason) => reason.code).join(", "));
    assert.equal(alert.outcome, "review");

    for (const [name, ref, programme] of [
      ["Comercializadora de Cafe del Occidente Codecafe Ltda.", "10002", "SDNT"],
      ["Kim Jong Un", "20157", "DPRK3"],
    ] as const) {
      const verdict = await check({ name, role: "beneficiary" });
      assert.equal(verdict.verdict, "review", name);
      const elsewhere = verdict.reasons.find((reason) => reason.code === "listed_elsewhere");
      assert.deepEqual(
        [elsewhere?.detail["ref"], elsewhere?.detail["programmes"], elsewhere?.citation, elsewhere?.measure],
        [ref, [programme], null, null],
      );
      assert.ok(!verdict.reasons.some((reason) => reason.measure === "KP-TGT-ASSETFREEZE"), name);
    }

    const exact = await check({ name: "Korea United Development Bank", role: "beneficiary" });
    assert.equal(exact.verdict, "prohibited");
    const designated = exact.reasons.find((reason) => reason.code === "party_designated");
    assert.deepEqual(
      [designated?.measure, designated?.citation, designated?.outcome],
      ["KP-TGT-ASSETFREEZE", "S/RES/2270 (2016) OP12", "prohibited"],
    );
  });

  it("confirms a party by the SWIFT/BIC or national id the list gives, and by nothing else", async () => {
    // The UN list gives Korea United Development Bank's SWIFT/BIC in its comments, KUDBKPPY: with it, the
    // near match on the name (UNITED is missing) is the listed bank.
    const swift = await check({ name: "Korea Development Bank", role: "payer", swift: "KUDB KP PY" });
    assert.equal(swift.verdict, "prohibited");
    const confirmed = swift.reasons.find((reason) => reason.code === "party_designated");
    assert.ok(confirmed, swift.reasons.map((reason) => reason.code).join(", "));
    assert.equal(confirmed.detail["ref"], "KPe.033");
    assert.match(JSON.stringify(confirmed.detail["confirmation"]), /swift/i);

    // Another bank's code confirms nothing: the near match stays a person's review.
    const other = await check({ name: "Korea Development Bank", role: "payer", swift: "KODBKRSE" });
    assert.equal(other.verdict, "review");
    assert.ok(!other.reasons.some((reason) => reason.code === "party_designated"));

    const tooLong = await t.call("POST", "/v1/check", {
      role: "reader",
      body: payment({ name: "Korea Development Bank", nationalId: "9".repeat(101) }),
    });
    assert.equal(tooLong.status, 400);
    assert.match(await tooLong.text(), /parties\[0\]\.nationalId|parties\.0\.nationalId/);
  });

  it("says in POST /v1/screen on whose list each match is, and whether it is confirmed", async () => {
    const response = await t.call("POST", "/v1/screen", {
      role: "reader",
      body: { queries: [{ name: "Korea Development Bank" }, { name: "Kim Jong Un" }], threshold: 0.7 },
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as {
      results: {
        matches: {
          ref: string;
          list: string;
          programmes: string[];
          authority: string;
          un1718: boolean;
          confirmation: { kind: string; policy: string };
        }[];
      }[];
    };
    const kdb = body.results[0]?.matches.find((match) => match.list === "UN");
    assert.deepEqual([kdb?.ref, kdb?.un1718, kdb?.authority], ["KPe.033", true, "UN Security Council"]);
    assert.notEqual(kdb?.confirmation.kind, "confirmed");
    const kim = body.results[1]?.matches[0];
    assert.deepEqual(
      [kim?.ref, kim?.list, kim?.programmes, kim?.authority, kim?.un1718, kim?.confirmation.kind],
      ["20157", "OFAC-SDN", ["DPRK3"], "US Treasury OFAC", false, "confirmed"],
    );
  });
});
