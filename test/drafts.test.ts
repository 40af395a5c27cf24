/**
 * Drafts end to end. Seed 000: the December 2019 China–Russia draft lifts the bans on statues, seafood and
 * textiles and eases joint ventures and workers; DPRK seafood and textile exports flip from prohibited
 * to permitted; with the 2019 Council and the US voting no it fails by veto; with the US abstaining the
 * odds are exact. Recorded outcomes, snapback on a nuclear test, and bad drafts.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { stringify } from "yaml";
import { defaultRegimeDir } from "../src/config/index.js";
import { diffDraft, readDraft } from "../src/drafts/index.js";
import type { DraftFile } from "../src/model/regime-schema.js";
import { measureInForce } from "../src/regime/index.js";
import { runCli } from "./support/cli.js";
import { sharedData, needsShared, skippedWithout } from "./support/shared.js";

/** Tests of the shared data are skipped, saying so, on a clone with no ../shared beside it. */
const notifications = needsShared("trade", "dprk-refined-petroleum-notifications.csv");

const scratch = await mkdtemp(join(tmpdir(), "drafts-"));
const env = { SANCTIONS_DATA_DIR: join(scratch, "data") };
after(() => rm(scratch, { recursive: true, force: true }));
const draftsDir = join(defaultRegimeDir, "drafts");

interface Decision {
  outcome: string;
  vetoes: string[];
  tally: { yes: number; no: number; abstain: number };
}

interface DiffJson {
  draft: { at: string };
  changes: {
    measure: string;
    change: string;
    before: { inForce: boolean };
    after: { inForce: boolean };
    verified: boolean;
  }[];
  verdicts?: {
    total: number;
    changed: number;
    byTransition: Record<string, number>;
    byMeasure: Record<string, number>;
  };
}

describe("seed 000: the China–Russia draft of December 2019", () => {
  it("applied at 2019-12-17 lifts statues, seafood and textiles and eases joint ventures and workers", async () => {
    const result = await runCli(["draft", "diff", "cn-ru-2019", "--at", "2019-12-17", "--json"], { env });
    assert.equal(result.code, 0, result.stderr);
    const diff = JSON.parse(result.stdout) as DiffJson;
    assert.equal(diff.draft.at, "2019-12-17");
    const change = (id: string) => diff.changes.find((entry) => entry.measure === id)?.change;
    assert.equal(change("KP-EXP-STATUES"), "lifted");
    assert.equal(change("KP-EXP-SEAFOOD"), "lifted");
    assert.equal(change("KP-EXP-TEXTILES"), "lifted");
    assert.equal(change("KP-FIN-JV"), "eased");
    assert.ok(["lifted", "eased"].includes(change("KP-PPL-WORKERS") ?? ""), "workers: lifted or eased");
    assert.ok(
      diff.changes.every((entry) => !entry.verified),
      "the draft's paragraph numbers are unknown",
    );
  });

  it("flips DPRK seafood and textile exports from prohibited to permitted", async () => {
    const path = join(scratch, "exports.jsonl");
    const lines = [
      { id: "fish", type: "goods", date: "2020-01-15", hs: "030389", from: "KP", to: "CN" },
      { id: "crab", type: "goods", date: "2020-02-01", hs: "1605.10", from: "KP", to: "CN" },
      { id: "shirts", type: "goods", date: "2020-01-15", hs: "6205.20", from: "KP", to: "CN" },
      { id: "fabric", type: "goods", date: "2020-03-10", hs: "5208.12", from: "KP", to: "RU" },
      { id: "machinery", type: "goods", date: "2020-01-15", hs: "8479.89", from: "KP", to: "CN" },
      { id: "before-the-draft", type: "goods", date: "2019-12-01", hs: "030389", from: "KP", to: "CN" },
    ];
    await writeFile(path, lines.map((line) => JSON.stringify(line)).join("\n") + "\n");
    const result = await runCli(
      ["draft", "diff", "cn-ru-2019", "--at", "2019-12-17", "--activities", path, "--json"],
      { env },
    );
    assert.equal(result.code, 0, result.stderr);
    const verdicts = (JSON.parse(result.stdout) as DiffJson).verdicts;
    assert.equal(verdicts?.total, 6);
    assert.equal(verdicts.changed, 4);
    assert.deepEqual(verdicts.byTransition, { "prohibited -> permitted": 4 });
    assert.deepEqual(verdicts.byMeasure, { "KP-EXP-SEAFOOD": 2, "KP-EXP-TEXTILES": 2 });
  });

  it("with the 2019 Council and the United States voting no, fails by veto", async () => {
    const result = await runCli(
      ["council", "vote", join(draftsDir, "scenarios", "cn-ru-2019-us-no.yaml"), "--json"],
      { env },
    );
    assert.equal(result.code, 0, result.stderr);
    const { decision } = JSON.parse(result.stdout) as { decision: Decision };
    assert.equal(decision.outcome, "not-adopted");
    assert.deepEqual(decision.vetoes, ["United States"]);
    assert.equal(decision.tally.yes, 14);
  });

  it("with the United States abstaining and the others as positions, computes the exact adoption odds", async () => {
    const result = await runCli(
      ["council", "vote", join(draftsDir, "scenarios", "cn-ru-2019-us-abstains.yaml"), "--json"],
      { env },
    );
    assert.equal(result.code, 0, result.stderr);
    const { forecast } = JSON.parse(result.stdout) as { forecast: { probability: number; status: string } };
    assert.equal(forecast.status, "uncertain");
    assert.ok(forecast.probability > 0 && forecast.probability < 1);
  });
});

describe("a draft's cap, checked against the ledger", () => {
  it("a delivery within the adopted 500,000 bbl cap exceeds the 375,000 bbl cap of the US draft of 2022", async (t) => {
    if (skippedWithout(t, notifications)) return;
    // A data directory of its own, with the refined-petroleum ledger: 418,000 bbl notified for 2019.
    const ledgerEnv = { SANCTIONS_DATA_DIR: join(scratch, "ledger"), DATABASE_URL: "" };
    const imported = await runCli(
      ["caps", "import", sharedData("trade", "dprk-refined-petroleum-notifications.csv")],
      { env: ledgerEnv },
    );
    assert.equal(imported.code, 0, imported.stderr);
    const path = join(scratch, "deliveries.jsonl");
    const delivery = (id: string, quantity: number) => ({
      id,
      type: "goods",
      date: "2019-12-20",
      hs: "2710.19",
      description: "diesel",
      from: "CN",
      to: "KP",
      quantity,
      unit: "bbl",
    });
    await writeFile(
      path,
      [delivery("over-the-draft-cap", 10_000), delivery("over-both", 90_000)]
        .map((line) => JSON.stringify(line))
        .join("\n") + "\n",
    );
    const result = await runCli(
      ["draft", "diff", "us-2022", "--at", "2019-01-01", "--activities", path, "--json"],
      { env: ledgerEnv },
    );
    assert.equal(result.code, 0, result.stderr);
    const verdicts = (JSON.parse(result.stdout) as DiffJson).verdicts;
    // 418,000 + 10,000 fits under 500,000, not under 375,000; 418,000 + 90,000 exceeds both.
    assert.equal(verdicts?.total, 2);
    assert.deepEqual(verdicts.byTransition, { "conditional -> prohibited": 1 });
    assert.deepEqual(verdicts.byMeasure, { "KP-IMP-REFINED": 1 });
  });
});

describe("recorded votes on drafts", () => {
  it("S/2022/431 was not adopted: 13 in favour, China and Russia against", async () => {
    const result = await runCli(["council", "vote", join(draftsDir, "us-2022.yaml"), "--json"], { env });
    const { decision } = JSON.parse(result.stdout) as { decision: Decision };
    assert.deepEqual(
      [decision.outcome, decision.tally.yes, [...decision.vetoes].sort()],
      ["not-adopted", 13, ["China", "Russian Federation"]],
    );
  });

  it("the 2024 Panel renewal was not adopted, 13-1-1, because of Russia's no", async () => {
    const result = await runCli(["council", "vote", join(draftsDir, "poe-renewal-2024.yaml"), "--json"], {
      env,
    });
    const { decision } = JSON.parse(result.stdout) as { decision: Decision };
    assert.deepEqual(
      [decision.outcome, decision.tally.yes, decision.vetoes],
      ["not-adopted", 13, ["Russian Federation"]],
    );
  });

  it("the US draft would have cut the refined-petroleum cap to 375,000 barrels", async () => {
    const read = await readDraft(join(draftsDir, "us-2022.yaml"));
    assert.ok(read.draft);
    const result = await diffDraft(defaultRegimeDir, read.draft);
    const refined = result.diff?.changes.find((change) => change.measure === "KP-IMP-REFINED");
    assert.equal(refined?.change, "tightened");
    assert.deepEqual(refined.after.cap?.limits?.[0], { amount: 375000, unit: "bbl" });
  });
});

describe("snapback: a suspended measure comes back the day a trigger event is recorded", () => {
  const suspension: DraftFile = {
    id: "seafood-suspension",
    title: "Suspends the seafood ban, with snapback on a nuclear test",
    sponsors: ["China"],
    status: "circulated",
    at: "2017-08-10",
    summary: "A test draft.",
    paragraphs: [
      {
        id: "OP1",
        verified: true,
        text: "Suspends KP-EXP-SEAFOOD; it comes back in force if the DPRK conducts a nuclear test.",
        effects: [{ action: "suspend", measure: "KP-EXP-SEAFOOD", snapback: { events: ["nuclear-test"] } }],
      },
    ],
  };

  it("the seafood ban is suspended until the nuclear test of 3 September 2017, and back in force from that day", async () => {
    const result = await diffDraft(defaultRegimeDir, suspension);
    assert.ok(result.diff, JSON.stringify(result.issues));
    assert.equal(result.diff.changes[0]?.change, "suspended");
    const measure = result.diff.amended.measures.get("KP-EXP-SEAFOOD");
    assert.ok(measure);
    assert.equal(measureInForce(result.diff.amended, measure, "2017-09-02"), undefined);
    const back = measureInForce(result.diff.amended, measure, "2017-09-03");
    assert.deepEqual(back?.snapback, { event: "nuclear-test-6", date: "2017-09-03" });
    assert.equal(back.since, "2017-09-03");
  });

  it("a hypothetical future test brings a suspension of 2019 back on the event's date", async () => {
    const result = await diffDraft(defaultRegimeDir, { ...suspension, at: "2019-12-17" });
    assert.ok(result.diff);
    const measure = result.diff.amended.measures.get("KP-EXP-SEAFOOD");
    assert.ok(measure);
    const event = { id: "hypothetical-test", date: "2027-01-01", kind: "nuclear-test" as const };
    assert.equal(
      measureInForce(result.diff.amended, measure, "2026-12-31", { extraEvents: [event] }),
      undefined,
    );
    assert.equal(
      measureInForce(result.diff.amended, measure, "2027-01-01", { extraEvents: [event] })?.snapback?.date,
      "2027-01-01",
    );
  });
});

describe("bad drafts fail with a clear error naming the operation", () => {
  async function draftFile(name: string, draft: Record<string, unknown>): Promise<string> {
    const path = join(scratch, `${name}.yaml`);
    await writeFile(path, stringify(draft));
    return path;
  }
  const base = {
    id: "bad",
    title: "A bad draft",
    sponsors: ["China"],
    status: "circulated",
    at: "2019-12-17",
    summary: "Test.",
  };

  it("an operation on an unknown measure", async () => {
    const path = await draftFile("unknown", {
      ...base,
      paragraphs: [
        { id: "OP1", verified: true, text: "t", effects: [{ action: "lift", measure: "KP-EXP-UNICORNS" }] },
      ],
    });
    const result = await runCli(["draft", "diff", path], { env });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /unknown_measure: lift KP-EXP-UNICORNS/);
  });

  it("lifting what is not in force at the date", async () => {
    const result = await runCli(["draft", "diff", "cn-ru-2019", "--at", "2016-01-01"], { env });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /measure_not_in_force: lift KP-EXP-\w+: not in force on 2016-01-01/);
  });

  it("conflicting operations on one measure", async () => {
    const path = await draftFile("conflict", {
      ...base,
      paragraphs: [
        { id: "OP1", verified: true, text: "t", effects: [{ action: "lift", measure: "KP-EXP-SEAFOOD" }] },
        {
          id: "OP2",
          verified: true,
          text: "t",
          effects: [{ action: "amend", measure: "KP-EXP-SEAFOOD", title: "Seafood, amended" }],
        },
      ],
    });
    const result = await runCli(["draft", "diff", path], { env });
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /conflicting_operations: amend KP-EXP-SEAFOOD \(OP2\) contradicts lift KP-EXP-SEAFOOD \(OP1\)/,
    );
  });

  it("a draft that is not a draft", async () => {
    const path = await draftFile("nonsense", { id: "x", colour: "blue" });
    const result = await runCli(["draft", "diff", path], { env });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /invalid draft: drafts\/nonsense\.yaml:\d+ title: missing_field/);
  });
});
