/**
 * Every reason the evaluator writes is the contract's (`model/contract.ts`): the lawyer cases, evaluated
 * with and without each injected dependency, give verdicts that the `Verdict` schema reads back
 * unchanged (no detail key it does not declare, none missing), and together they emit every reason code
 * the contract lists, so that no code is declared and never written. The binding-force cases
 * (`regime/dprk/tests/verdict-force.yaml`) run on the package with 1874 OP18 encoded as the exhortation it is, which is
 * what writes `measure_exhorts` until the package itself encodes it so.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { after } from "node:test";
import { writeForceRegime } from "../../test/support/force-regime.js";
import { describe, it } from "node:test";
import { defaultRegimeDir } from "../config/index.js";
import type { Nomenclature } from "../goods/index.js";
import { parseActivity } from "../model/activity.js";
import { reasonCodes, Verdict } from "../model/contract.js";
import { loadRegime, readRegimeYaml } from "../regime/index.js";
import { createEvaluator, verdictCaseFile, type CapCheck, type EvaluationContext } from "./index.js";

const loaded = await loadRegime(defaultRegimeDir);
if (!loaded.regime) throw new Error("the embedded regime must load");
const regime = loaded.regime;

const scratch = await mkdtemp(join(tmpdir(), "contract-force-"));
after(() => rm(scratch, { recursive: true, force: true }));
const forceLoaded = await loadRegime(await writeForceRegime(join(scratch, "dprk")));
if (!forceLoaded.regime) throw new Error("the binding-force fixture must load");
const forceRegime = forceLoaded.regime;
const forceFile = await readRegimeYaml(
  join(import.meta.dirname, "..", "..", "regime", "dprk", "tests", "verdict-force.yaml"),
  "verdict-force.yaml",
  verdictCaseFile,
);
const forceCases = (forceFile.data?.cases ?? []).map((testCase) => ({
  name: testCase.name,
  activity: testCase.activity,
  designated: [],
}));

const cases: { name: string; activity: Record<string, unknown>; designated: string[] }[] = [];
for (const name of readdirSync(join(defaultRegimeDir, "tests")).filter((file) =>
  file.startsWith("verdict-"),
)) {
  const file = await readRegimeYaml(join(defaultRegimeDir, "tests", name), name, verdictCaseFile);
  for (const testCase of file.data?.cases ?? [])
    cases.push({
      name: testCase.name,
      activity: testCase.activity,
      designated: (testCase.designated ?? []).map((entry) => entry.name.toLowerCase()),
    });
}
const designated = new Set(cases.flatMap((testCase) => testCase.designated));

const ledger = (check: CapCheck) => ({ check: () => check });
const noCodes: Nomenclature = {
  edition: "HS2017",
  source: "test",
  importedAt: "2026-01-01",
  size: 0,
  has: () => false,
  label: () => undefined,
};
/** A screener finding a UN 1718 alert and another list's, each carrying a decision in `states`. */
function decidedScreener(
  un: "suppressed" | "confirmed" | "reopened",
  other: "suppressed" | "confirmed" | "reopened",
): NonNullable<EvaluationContext["screener"]> {
  const decision = (state: typeof un, id: string) => ({
    id,
    decision: state === "confirmed" ? ("true_match" as const) : ("false_positive" as const),
    state,
    note: "checked the register",
    decidedBy: "ana",
    decidedAt: "2026-12-01T09:00:00.000Z",
  });
  return {
    snapshotIds: ["s", "o"],
    screen: (query) => [
      {
        ref: "KPe.4",
        name: `${query.name} UNITED`,
        list: "UN",
        programmes: ["DPRK"],
        score: 0.9,
        band: "alert",
        matchedName: `${query.name} UNITED`,
        decision: decision(un, "dec-un"),
      },
      {
        ref: "20158",
        name: `${query.name} UNITED`,
        list: "OFAC-SDN",
        programmes: ["DPRK3"],
        score: 0.9,
        band: "alert",
        matchedName: `${query.name} UNITED`,
        decision: decision(other, "dec-other"),
      },
    ],
  };
}

const contexts: Record<string, EvaluationContext> = {
  "nothing injected": {},
  "a screener that finds every case's designated party, or a near match": {
    screener: {
      snapshotIds: ["s"],
      screen: (query) =>
        designated.has(query.name.toLowerCase())
          ? [{ ref: "KPe.1", name: query.name, list: "UN", score: 1, band: "alert", matchedName: query.name }]
          : [{ ref: "KPi.2", name: "NEAR", list: "UN", score: 0.71, band: "review", matchedName: "NEAR" }],
    },
  },
  "a screener that finds a potential UN 1718 match and an entry of another list": {
    screener: {
      snapshotIds: ["s", "o"],
      screen: (query) => [
        {
          ref: "KPe.3",
          name: `${query.name} UNITED`,
          list: "UN",
          programmes: ["DPRK"],
          score: 0.9,
          band: "alert",
          matchedName: `${query.name} UNITED`,
        },
        {
          ref: "20157",
          name: query.name,
          list: "OFAC-SDN",
          programmes: ["DPRK3"],
          score: 1,
          band: "alert",
          matchedName: query.name,
        },
      ],
    },
  },
  "a screener whose matches carry analysts' decisions: a UN alert closed, another list's match confirmed": {
    screener: decidedScreener("suppressed", "confirmed"),
  },
  "a screener whose matches carry analysts' decisions: a UN one confirmed, another list's reopened": {
    screener: decidedScreener("confirmed", "reopened"),
  },
  "a ledger with headroom, valid exemptions, a nomenclature without the codes": {
    caps: ledger({ status: "within", used: 1, limit: 10, unit: "bbl", note: "1 of 10 bbl" }),
    exemptions: { find: () => [{ reference: "1718-EX-1", applies: true }] },
    nomenclatures: { HS2017: noCodes, HS2022: { ...noCodes, edition: "HS2022" } },
  },
  "a ledger over the cap, exemptions that do not apply": {
    caps: ledger({ status: "exceeds", used: 10, limit: 10, unit: "bbl" }),
    exemptions: { find: () => [{ reference: "1718-EX-2", applies: false, reason: "expired" }] },
  },
  "a ledger that cannot tell": { caps: ledger({ status: "unknown", note: "no unit given" }) },
};

/** The verdicts of every case under `context`, as a client reads them: through JSON. */
function verdictsUnder(context: EvaluationContext): { name: string; written: unknown }[] {
  const run = (on: typeof regime, list: typeof cases) => {
    const evaluator = createEvaluator(on, context);
    return list.flatMap((testCase) => {
      const parsed = parseActivity({ id: testCase.name, ...testCase.activity });
      if (!parsed.ok) return [];
      const written: unknown = JSON.parse(JSON.stringify(evaluator.evaluate(parsed.activity)));
      return [{ name: testCase.name, written }];
    });
  };
  return [...run(regime, cases), ...run(forceRegime, forceCases)];
}

describe("the reasons the evaluator writes", () => {
  for (const [name, context] of Object.entries(contexts)) {
    it(`are read back unchanged by the Verdict schema: ${name}`, () => {
      for (const { name: caseName, written } of verdictsUnder(context)) {
        const read = Verdict.safeParse(written);
        assert.ok(read.success, `${caseName}: ${read.error?.message ?? ""}`);
        assert.ok(isDeepStrictEqual(read.data, written), `${caseName}: ${JSON.stringify(written)}`);
      }
    });
  }

  it("include every code of the contract", () => {
    const emitted = new Set<string>();
    for (const context of Object.values(contexts))
      for (const { written } of verdictsUnder(context))
        for (const reason of (written as { reasons: { code: string }[] }).reasons) emitted.add(reason.code);
    assert.deepEqual(
      reasonCodes.filter((code) => !emitted.has(code)),
      [],
    );
  });
});
