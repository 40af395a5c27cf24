/**
 * The three cases of a compliance officer, against the real UN consolidated list and OFAC SDN list
 * (../shared/data): a name-only fuzzy hit is a potential match for review, never a prohibition; an
 * entry of OFAC or of another UN regime is `listed_elsewhere` with no UN citation; a designated entity
 * named exactly as the UN lists it is prohibited by the asset freeze. The same cases with a fake
 * screener are lawyer cases in regime/dprk/tests/verdict-screening.yaml.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, describe, it } from "node:test";
import { needsShared, sharedData } from "../../test/support/shared.js";
import { defaultRegimeDir } from "../config/index.js";
import { buildSnapshot, parseOfacSdnCsv, parseUnConsolidatedXml } from "../lists/index.js";
import { parseActivity } from "../model/activity.js";
import type { Reason, Verdict } from "../model/contract.js";
import { loadRegime } from "../regime/index.js";
import { createScreener } from "../screening/index.js";
import { createEvaluator, type Evaluator } from "./index.js";

const lists = { ...needsShared("un", "consolidated.xml"), ...needsShared("ofac", "sdn.csv") };

describe("screening hits with the UN and OFAC lists imported", lists, () => {
  let evaluator: Evaluator;
  before(async () => {
    const { regime } = await loadRegime(defaultRegimeDir);
    if (!regime) throw new Error("the embedded regime must load");
    const un = await parseUnConsolidatedXml(readFileSync(sharedData("un", "consolidated.xml")));
    const ofac = await parseOfacSdnCsv(readFileSync(sharedData("ofac", "sdn.csv")));
    const screener = createScreener([
      buildSnapshot({ source: "un", list: un.list, designations: un.designations }),
      buildSnapshot({ source: "ofac", list: ofac.list, designations: ofac.designations }),
    ]);
    evaluator = createEvaluator(regime, { screener });
  });

  function payment(party: Record<string, unknown>): Verdict {
    const parsed = parseActivity({
      id: "t",
      type: "payment",
      date: "2024-03-01",
      from: "KR",
      to: "JP",
      instrument: "transfer",
      parties: [party],
    });
    if (!parsed.ok) throw new Error(parsed.error.message);
    return evaluator.evaluate(parsed.activity);
  }

  const withCode = <C extends Reason["code"]>(verdict: Verdict, code: C) =>
    verdict.reasons.filter((reason): reason is Extract<Reason, { code: C }> => reason.code === code);

  it("Korea Development Bank, a South Korean bank, is at most review: a potential match to KPe.033", () => {
    const verdict = payment({ name: "Korea Development Bank", role: "payer", country: "KR" });
    assert.equal(verdict.verdict, "review");
    assert.deepEqual(withCode(verdict, "party_designated"), []);
    // With the token weights of the loaded lists the missing UNITED keeps the name under the alert
    // threshold: a near match; over it, a potential one. Either is a person's review, never a freeze.
    const potential = withCode(verdict, "party_potential_match").find(
      (reason) => reason.detail.ref === "KPe.033",
    );
    const near = withCode(verdict, "party_near_match").find((reason) => reason.detail.ref === "KPe.033");
    assert.ok(potential ?? near, verdict.reasons.map((reason) => reason.code).join(", "));
    if (potential) {
      assert.equal(potential.detail.confirmation.policy, "confirm-v1");
      assert.match(potential.detail.confirmation.why, /not the listed name "KOREA UNITED DEVELOPMENT BANK"/);
    }
    // OFAC lists the same bank (DPRK3): another authority's listing, never a UN paragraph.
    const elsewhere = withCode(verdict, "listed_elsewhere").at(0);
    assert.equal(elsewhere?.detail.list, "OFAC-SDN");
    assert.equal(elsewhere.citation, null);
  });

  it("a Colombian coffee seller on OFAC's SDNT programme is listed elsewhere, with no UN citation", () => {
    const verdict = payment({
      name: "Comercializadora de Cafe del Occidente Codecafe Ltda.",
      role: "seller",
    });
    assert.equal(verdict.verdict, "review");
    const elsewhere = withCode(verdict, "listed_elsewhere");
    assert.deepEqual(
      elsewhere.map((reason) => [reason.detail.ref, reason.detail.authority, reason.detail.programmes]),
      [["10002", "US Treasury OFAC", ["SDNT"]]],
    );
    assert.equal(elsewhere.at(0)?.detail.matchKind, "confirmed");
    assert.deepEqual(
      verdict.reasons.filter((reason) => reason.citation !== null),
      [],
    );
  });

  it("Kim Jong Un, listed by OFAC (DPRK3) and not by the UN, is listed elsewhere, with no UN citation", () => {
    const verdict = payment({ name: "Kim Jong Un", role: "beneficiary" });
    assert.equal(verdict.verdict, "review");
    const elsewhere = withCode(verdict, "listed_elsewhere").at(0);
    assert.equal(elsewhere?.detail.ref, "20157");
    assert.deepEqual(elsewhere.detail.programmes, ["DPRK3"]);
    assert.equal(elsewhere.citation, null);
    assert.equal(elsewhere.measure, null);
    assert.deepEqual(withCode(verdict, "party_designated"), []);
  });

  it("a designated entity named exactly as the UN lists it is prohibited, citing the UN asset freeze", () => {
    const verdict = payment({ name: "Korea United Development Bank", role: "beneficiary" });
    assert.equal(verdict.verdict, "prohibited");
    const designated = withCode(verdict, "party_designated").at(0);
    assert.equal(designated?.detail.ref, "KPe.033");
    assert.equal(designated.measure, "KP-TGT-ASSETFREEZE");
    assert.equal(designated.citation, "S/RES/2270 (2016) OP12");
    assert.equal(designated.detail.confirmation?.by, "exact-name");
  });

  it("an exact UN name whose date of birth is a day off is only a potential match; one far off, a near one", () => {
    // RI WON HO (KPi.033) was born on 17 July 1964.
    const dayOff = payment({ name: "Ri Won Ho", dob: "1964-07-18", role: "beneficiary" });
    assert.equal(dayOff.verdict, "review");
    const potential = withCode(dayOff, "party_potential_match").at(0);
    assert.equal(potential?.detail.ref, "KPi.033");
    assert.deepEqual(potential.detail.confirmation.conflicts, ["dob-near"]);
    const farOff = payment({ name: "Ri Won Ho", dob: "1980-01-01", role: "beneficiary" });
    assert.equal(farOff.verdict, "review");
    assert.equal(withCode(farOff, "party_near_match").at(0)?.detail.ref, "KPi.033");
    const same = payment({ name: "Ri Won Ho", dob: "1964-07-17", role: "beneficiary" });
    assert.equal(same.verdict, "prohibited");
    assert.deepEqual(withCode(same, "party_designated").at(0)?.detail.confirmation?.agrees, ["dob-match"]);
  });

  it("an entry of another UN regime (Al-Qaida) is listed elsewhere by the UN Security Council", () => {
    const verdict = payment({ name: "Abu Sayyaf Group", role: "beneficiary" });
    assert.equal(verdict.verdict, "review");
    const un = withCode(verdict, "listed_elsewhere").find((reason) => reason.detail.list === "UN");
    assert.equal(un?.detail.ref, "QDe.001");
    assert.equal(un.detail.authority, "UN Security Council");
    assert.deepEqual(un.detail.programmes, ["Al-Qaida"]);
    assert.equal(un.citation, null);
  });
});
