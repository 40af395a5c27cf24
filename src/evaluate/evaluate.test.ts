/**
 * The evaluation core with explicit in-test fakes for its injected dependencies (cap ledger, exemption
 * records, screener, nomenclature), and without them: it must say what it could not check.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultRegimeDir } from "../config/index.js";
import type { Nomenclature } from "../goods/index.js";
import { parseActivity, type Activity } from "../model/activity.js";
import type { Reason, ReasonCode, Verdict } from "../model/contract.js";
import { loadRegime } from "../regime/index.js";
import { createEvaluator, type CapLedger, type EvaluationContext, type ExemptionRegistry } from "./index.js";

const { regime } = await loadRegime(defaultRegimeDir);
if (!regime) throw new Error("the embedded regime must load");

function activity(record: Record<string, unknown>): Activity {
  const parsed = parseActivity({ id: "t", ...record });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.activity;
}

function run(record: Record<string, unknown>, context: EvaluationContext = {}) {
  if (!regime) throw new Error("no regime");
  return createEvaluator(regime, context).evaluate(activity(record));
}

/** The first reason of a verdict with `code`, typed by its code (fails the test when there is none). */
function reasonWith<C extends ReasonCode>(verdict: Verdict, code: C): Extract<Reason, { code: C }> {
  const found = verdict.reasons.find(
    (reason): reason is Extract<Reason, { code: C }> => reason.code === code,
  );
  assert.ok(found, `no ${code} among ${verdict.reasons.map((reason) => reason.code).join(", ")}`);
  return found;
}

const diesel = {
  type: "goods",
  date: "2019-06-01",
  hs: "271019",
  from: "CN",
  to: "KP",
  description: "diesel",
  quantity: 1000,
  unit: "bbl",
};

describe("caps", () => {
  it("without a ledger, a refined-petroleum delivery is conditional and says the headroom was not checked", () => {
    const verdict = run(diesel);
    assert.equal(verdict.verdict, "conditional");
    assert.deepEqual(
      verdict.reasons.filter((reason) => reason.measure === "KP-IMP-REFINED").map((reason) => reason.code),
      ["cap_applies", "cap_not_checked"],
    );
  });

  it("with a ledger that has headroom, it stays conditional and cites the cap", () => {
    const ledger: CapLedger = {
      check: () => ({ status: "within", used: 100_000, limit: 500_000, unit: "bbl" }),
    };
    const verdict = run(diesel, { caps: ledger });
    assert.equal(verdict.verdict, "conditional");
    assert.ok(
      verdict.reasons.some(
        (reason) => reason.code === "cap_headroom" && reason.citation === "S/RES/2397 (2017) OP5",
      ),
    );
  });

  it("with a ledger that would be exceeded, it is prohibited", () => {
    const calls: unknown[][] = [];
    const ledger: CapLedger = {
      check: (...args) => {
        calls.push(args);
        return { status: "exceeds", used: 499_500, limit: 500_000, unit: "bbl" };
      },
    };
    const verdict = run(diesel, { caps: ledger });
    assert.equal(verdict.verdict, "prohibited");
    assert.deepEqual(calls, [["KP-IMP-REFINED", "2019-06-01", 1000, "bbl"]]);
  });
});

describe("exemptions and approvals", () => {
  const lease = {
    type: "vessel",
    date: "2019-12-17",
    action: "lease",
    vessel: { name: "SEA STAR", flag: "PA" },
    to: "KP",
  };

  it("a claimed Committee approval without records is conditional, not permitted", () => {
    const verdict = run({ ...lease, committeeApproval: true });
    assert.equal(verdict.verdict, "review", "the vessel was given but not screened");
    const approval = reasonWith(verdict, "exception_applies");
    assert.equal(approval.outcome, "conditional");
    assert.ok("approval" in approval.detail);
    assert.equal(approval.detail.approval, "not-checked");
  });

  it("an approval found in the exemption records permits, citing the reference", () => {
    const records: ExemptionRegistry = { find: () => [{ reference: "1718-EX-2019-07", applies: true }] };
    const screener = { snapshotIds: ["s"], screen: () => [] };
    const verdict = run({ ...lease, exemption: "1718-EX-2019-07" }, { exemptions: records, screener });
    assert.equal(verdict.verdict, "permitted");
    const applies = reasonWith(verdict, "exception_applies");
    assert.ok("exemption" in applies.detail);
    assert.equal(applies.detail.exemption, "1718-EX-2019-07");
  });

  it("an expired exemption is not applied, and says why", () => {
    const records: ExemptionRegistry = {
      find: () => [{ reference: "1718-EX-2018-01", applies: false, reason: "expired on 2018-10-01" }],
    };
    const screener = { snapshotIds: ["s"], screen: () => [] };
    const verdict = run({ ...lease, exemption: "1718-EX-2018-01" }, { exemptions: records, screener });
    assert.equal(verdict.verdict, "prohibited");
    assert.match(
      verdict.reasons.find((reason) => reason.code === "exemption_not_applicable")?.text ?? "",
      /expired on 2018-10-01/,
    );
  });
});

describe("screening", () => {
  it("a near match asks for review with the explanation", () => {
    const screener = {
      snapshotIds: ["s"],
      screen: () => [
        {
          ref: "KPi.001",
          name: "PAK DO CHUN",
          list: "UN",
          score: 0.78,
          band: "review" as const,
          matchedName: "PAK DO CHUN",
          explanation: { rules: ["variant-class"] },
        },
      ],
    };
    const verdict = run(
      {
        type: "payment",
        date: "2019-12-17",
        from: "CN",
        to: "HK",
        instrument: "transfer",
        parties: [{ name: "Park Do Chun" }],
      },
      { screener },
    );
    assert.equal(verdict.verdict, "review");
    assert.deepEqual(reasonWith(verdict, "party_near_match").detail.explanation, {
      rules: ["variant-class"],
    });
    assert.equal(verdict.listSnapshot, "s");
  });

  it("a designated vessel engages the port-entry ban", () => {
    const screener = {
      snapshotIds: ["s"],
      screen: (query: { kind?: string }) =>
        query.kind === "vessel"
          ? [
              {
                ref: "IMO 8914934",
                name: "PETREL 8",
                list: "UN",
                programmes: ["DPRK"],
                score: 1,
                band: "alert" as const,
                matchedName: "PETREL 8",
              },
            ]
          : [],
    };
    const verdict = run(
      {
        type: "vessel",
        date: "2019-12-17",
        action: "port-entry",
        vessel: { name: "Petrel 8", imo: "8914934", flag: "KM" },
        to: "CN",
      },
      { screener },
    );
    assert.equal(verdict.verdict, "prohibited");
    assert.ok(
      verdict.reasons.some(
        (reason) => reason.measure === "KP-MAR-VESSEL-DESIG" && reason.code === "measure_prohibits",
      ),
    );
  });
});

describe("HS codes", () => {
  const seafood = { type: "goods", date: "2019-12-17", hs: "030211", from: "KP", to: "CN" };

  it("without a nomenclature, the code is checked by form only and says so", () => {
    assert.ok(run(seafood).reasons.some((reason) => reason.code === "hs_form_only"));
  });

  it("a code missing from an imported nomenclature asks for review", () => {
    const nomenclature: Nomenclature = {
      edition: "HS2017",
      source: "test",
      importedAt: "2026-01-01",
      size: 1,
      has: (code) => code === "030211",
      label: () => "fish",
    };
    assert.equal(
      run(seafood, { nomenclatures: { HS2017: nomenclature } }).reasons.some((reason) =>
        reason.code.startsWith("hs_"),
      ),
      false,
    );
    const unknown = run({ ...seafood, hs: "039999" }, { nomenclatures: { HS2017: nomenclature } });
    assert.equal(unknown.verdict, "prohibited", "still seafood by chapter");
    assert.ok(
      unknown.reasons.some(
        (reason) => reason.code === "hs_not_in_nomenclature" && reason.outcome === "review",
      ),
    );
  });

  it("a drone of HS 2022 8806 exported by the DPRK straddles the 2397 OP6 chapter scope and needs review", () => {
    const verdict = run({ type: "goods", date: "2023-01-10", hs: "880621", from: "KP", to: "CN" });
    assert.equal(verdict.verdict, "review");
    assert.ok(
      verdict.reasons.some(
        (reason) => reason.code === "hs_edition_straddles" && reason.measure === "KP-EXP-ELEC",
      ),
    );
  });

  it("the same drone declared in HS 2017 as 8525 is plainly electrical equipment", () => {
    const verdict = run({ type: "goods", date: "2021-06-10", hs: "852580", from: "KP", to: "CN" });
    assert.equal(verdict.verdict, "prohibited");
    assert.ok(
      verdict.reasons.some(
        (reason) => reason.code === "measure_prohibits" && reason.measure === "KP-EXP-ELEC",
      ),
    );
  });
});
