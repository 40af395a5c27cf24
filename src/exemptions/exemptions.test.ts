/**
 * Exemption records and the registry: a Committee approval covers the items, parties and dates it
 * names, for the shipments it allows; the 2664 carve-out covers humanitarian transactions of the actors
 * it names. And through the evaluator: a matching activity becomes permitted, citing the exemption; an
 * expired or exhausted one is not applied, with the reason.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { defaultRegimeDir } from "../config/index.js";
import { createEvaluator } from "../evaluate/index.js";
import { parseActivity, type Activity } from "../model/activity.js";
import type { CompiledRegime } from "../model/regime.js";
import { loadRegime } from "../regime/index.js";
import {
  createExemptionRegistry,
  lastValidDay,
  parseExemption,
  parseExemptionFile,
  type ExemptionRecord,
} from "./index.js";

const approval = (over: Record<string, unknown> = {}): ExemptionRecord =>
  parseExemption({
    reference: "1718-HEX-2021-07",
    kind: "committee",
    applicant: "Relief Org",
    approved: "2021-02-01",
    validityMonths: 9,
    items: [{ description: "tractor parts", hs: ["8708"], quantity: 50, unit: "pieces" }],
    parties: [{ name: "Relief Org", role: "consignor" }, { name: "Pyongyang Agricultural Station" }],
    shipments: { allowed: 3, used: 1 },
    ...over,
  });

const carveOut = parseExemption({
  reference: "2664-WFP",
  kind: "carve-out",
  actor: "World Food Programme",
  aliases: ["WFP"],
  category: "un",
});

function activity(record: Record<string, unknown>): Activity {
  const parsed = parseActivity({
    id: "a1",
    type: "goods",
    date: "2021-06-01",
    hs: "870899",
    from: "CN",
    to: "KP",
    parties: [{ name: "Relief Org" }, { name: "Pyongyang Agricultural Station" }],
    exemption: "1718-HEX-2021-07",
    ...record,
  });
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.activity;
}

describe("exemption records", () => {
  it("runs nine months from approval when the approval says so, six by default", () => {
    assert.equal(lastValidDay(approval()), "2021-10-31");
    assert.equal(lastValidDay(approval({ validityMonths: undefined })), "2021-07-31");
    assert.equal(lastValidDay(approval({ validUntil: "2021-05-15" })), "2021-05-15");
    assert.equal(lastValidDay(carveOut), undefined);
  });

  it("rejects unknown keys, more shipments used than allowed, one-digit HS codes, goods approvals with no item", () => {
    assert.throws(() => approval({ items: [] }), { code: "record_invalid", message: /^items/ });
    assert.throws(() => approval({ colour: "red" }), { code: "record_invalid" });
    assert.throws(() => approval({ shipments: { allowed: 1, used: 2 } }), {
      code: "record_invalid",
      message: /shipments.used/,
    });
    assert.throws(() => approval({ items: [{ description: "x", hs: ["8"] }] }), { code: "record_invalid" });
  });

  it("reads a YAML list of records, naming the record at fault", () => {
    const text = `- reference: A\n  kind: carve-out\n  actor: UNICEF\n  category: un\n- reference: B\n  kind: committee\n`;
    assert.throws(() => parseExemptionFile(text), { code: "record_invalid", message: /^record 2: / });
    assert.equal(parseExemptionFile(text.split("- reference: B")[0] ?? "").length, 1);
  });
});

describe("the registry", () => {
  const registry = createExemptionRegistry([approval(), carveOut]);

  it("applies an approval to the items, parties and dates it names", () => {
    const [match] = registry.find(activity({}));
    assert.deepEqual(match, {
      reference: "1718-HEX-2021-07",
      kind: "committee",
      citation: "S/RES/2397 (2017) OP25",
      applies: true,
    });
  });

  it("says why it does not apply: expired, not yet valid, exhausted, items, quantity, parties", () => {
    const code = (record: ExemptionRecord, facts: Record<string, unknown>) =>
      createExemptionRegistry([record]).find(activity(facts))[0]?.code;
    assert.equal(code(approval(), { date: "2021-11-01" }), "expired");
    assert.equal(code(approval(), { date: "2021-01-31" }), "not_yet_valid");
    assert.equal(code(approval({ shipments: { allowed: 3, used: 3 } }), {}), "exhausted");
    assert.equal(code(approval(), { hs: "030211" }), "items_not_covered");
    assert.equal(code(approval(), { quantity: 60, unit: "pieces" }), "quantity_exceeds");
    assert.equal(
      code(approval(), { parties: [{ name: "Relief Org" }, { name: "Someone Else" }] }),
      "parties_not_covered",
    );
    assert.equal(code(approval(), { parties: undefined }), "parties_not_stated");
    assert.equal(code(approval(), { exemption: "NO-SUCH-REF" }), "unknown_reference");
    const [expired] = createExemptionRegistry([approval()]).find(activity({ date: "2021-11-01" }));
    assert.equal(expired?.reason, "expired: valid until 2021-10-31");
  });

  it("finds records by party or code when no reference is named", () => {
    const found = registry.find(activity({ exemption: undefined, committeeApproval: true }));
    assert.deepEqual(
      found.map((m) => [m.reference, m.applies]),
      [["1718-HEX-2021-07", true]],
    );
  });

  it("applies the 2664 carve-out to humanitarian transactions of the actors it names, from 9 December 2022", () => {
    const payment = (facts: Record<string, unknown>) => {
      const parsed = parseActivity({
        id: "p1",
        type: "payment",
        date: "2023-03-01",
        from: "CH",
        to: "KP",
        instrument: "transfer",
        purpose: "humanitarian",
        parties: [{ name: "WFP" }],
        exemption: "2664-WFP",
        ...facts,
      });
      assert.ok(parsed.ok);
      return registry.find(parsed.activity)[0];
    };
    assert.equal(payment({})?.applies, true);
    assert.equal(payment({})?.citation, "S/RES/2664 (2022) OP1");
    assert.equal(payment({ date: "2022-12-08" })?.code, "not_yet_valid");
    assert.equal(payment({ purpose: undefined })?.code, "purpose_not_humanitarian");
    assert.equal(payment({ purpose: "basic-human-needs" })?.applies, true);
    assert.equal(payment({ purpose: "livelihood" })?.code, "purpose_not_humanitarian");
    assert.equal(payment({ parties: [{ name: "Other NGO" }] })?.code, "parties_not_covered");
  });
});

describe("through the evaluator", () => {
  let regime: CompiledRegime;
  before(async () => {
    const loaded = await loadRegime(defaultRegimeDir);
    assert.ok(loaded.regime);
    regime = loaded.regime;
  });

  // A joint venture with a DPRK partner in 2021: 2375 prohibits it unless the Committee approves it
  // case by case, which is what an exemption record evidences.
  const jointVenture = approval({
    reference: "1718-HEX-JV-1",
    activities: ["joint_venture"],
    items: [],
    // No parties: the activity names none, so that no unscreened party makes it a review.
    parties: [],
  });
  const evaluate = (records: readonly ExemptionRecord[], facts: Record<string, unknown>) => {
    const parsed = parseActivity({
      id: "jv1",
      type: "joint_venture",
      date: "2021-06-01",
      partnerCountry: "KP",
      country: "CN",
      action: "establish",
      exemption: "1718-HEX-JV-1",
      ...facts,
    });
    assert.ok(parsed.ok);
    return createEvaluator(regime, { exemptions: createExemptionRegistry(records) }).evaluate(
      parsed.activity,
    );
  };

  it("a valid exemption makes the activity permitted, citing it", () => {
    const verdict = evaluate([jointVenture], {});
    const reason = verdict.reasons.find((r) => r.code === "exception_applies");
    assert.ok(
      reason?.code === "exception_applies" && "exemption" in reason.detail,
      JSON.stringify(verdict.reasons),
    );
    assert.equal(reason.detail.exemption, "1718-HEX-JV-1");
    assert.equal(verdict.verdict, "permitted");
  });

  it("an expired or exhausted one is not applied, with the reason", () => {
    const expired = evaluate([jointVenture], { date: "2021-11-02" });
    assert.equal(expired.verdict, "prohibited");
    const reason = expired.reasons.find((r) => r.code === "exemption_not_applicable");
    assert.match(reason?.text ?? "", /expired: valid until 2021-10-31/);
    const exhausted = evaluate([parseExemption({ ...jointVenture, shipments: { allowed: 2, used: 2 } })], {});
    assert.equal(exhausted.verdict, "prohibited");
    assert.ok(
      exhausted.reasons.some((r) => r.code === "exemption_not_applicable" && /exhausted/.test(r.text)),
    );
  });
});
