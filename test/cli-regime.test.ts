/**
 * The regime commands end to end, through the real binary: the answers the README promises.
 */
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runCli } from "./support/cli.js";
import { needsShared, sharedData, skippedWithout } from "./support/shared.js";

interface MeasureLine {
  id: string;
  kind: string;
  direction: string;
  scope: { text: string };
  since: string;
  citation: string;
  verified: boolean;
  cap?: { limits: { amount: number; unit: string }[] };
}

describe("sanctions regime", () => {
  it("lists the 17 December 2019 state with citations, as JSON", async () => {
    const result = await runCli(["regime", "--at", "2019-12-17", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const state = JSON.parse(result.stdout) as { at: string; regimeVersion: string; measures: MeasureLine[] };
    assert.equal(state.at, "2019-12-17");
    assert.match(state.regimeVersion, /^sha256:/);
    const byId = new Map(state.measures.map((measure) => [measure.id, measure]));
    for (const id of [
      "KP-EXP-SEAFOOD",
      "KP-EXP-TEXTILES",
      "KP-EXP-STATUES",
      "KP-PPL-WORKERS",
      "KP-FIN-JV",
      "KP-IMP-REFINED",
    ]) {
      const measure = byId.get(id);
      assert.ok(measure, `${id} should be in force`);
      assert.match(measure.citation, /^S\/RES\/\d{4} \(\d{4}\) /);
      assert.equal(typeof measure.verified, "boolean");
      assert.ok(measure.kind && measure.direction && measure.scope.text && measure.since);
    }
    assert.deepEqual(byId.get("KP-IMP-REFINED")?.cap?.limits ?? [], [{ amount: 500000, unit: "bbl" }]);
    // Without the official texts nothing is verified; with them, 2375 OP16's anchor is found.
    assert.equal(byId.get("KP-EXP-TEXTILES")?.verified, false);
    const needs = needsShared("un-resolutions", "S_RES_2375_1715864E.xml");
    if (needs.skip !== undefined) return;
    const withTexts = await runCli([
      "regime",
      "--at",
      "2019-12-17",
      "--json",
      "--texts",
      sharedData("un-resolutions"),
    ]);
    const verified = (JSON.parse(withTexts.stdout) as { measures: MeasureLine[] }).measures.find(
      (measure) => measure.id === "KP-EXP-TEXTILES",
    );
    assert.equal(verified?.verified, true, "2375 OP16 is checked against the official text");
  });

  it("prints nothing in force on 13 October 2006", async () => {
    const result = await runCli(["regime", "--at", "2006-10-13", "--json"]);
    assert.equal(result.code, 0);
    assert.deepEqual((JSON.parse(result.stdout) as { measures: unknown[] }).measures, []);
  });

  it("marks unconfirmed citations in the text output, and only those", async () => {
    const result = await runCli(["regime", "--at", "2019-12-17"]);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /KP-EXP-TEXTILES .*S\/RES\/2375 \(2017\) OP16\*/);
    // Without the official texts, each citation says why it is not verified.
    assert.match(
      result.stdout,
      /unverified: S\/RES\/2375 \(2017\) OP16: the official text of S\/RES\/2375 \(2017\) is not imported/,
    );
    assert.match(result.stdout, /\* unverified: a citation is not verified against the official text/);
  });

  it("measure --text prints each citation's official words from the texts given", async (t) => {
    if (skippedWithout(t, needsShared("un-resolutions", "S_RES_2397_1723207E.xml"))) return;
    const result = await runCli([
      "measure",
      "KP-IMP-REFINED",
      "--text",
      "--texts",
      sharedData("un-resolutions"),
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /official text: Decides that all Member States shall prohibit the direct or indirect supply/,
    );
    // An anchor-less citation says why it is not verified, even with the text at hand.
    assert.match(result.stdout, /unverified: S\/RES\/2397 \(2017\) OP5 quotes no anchor|anchor: "/);
  });

  it("rejects an impossible date with one line and exit code 1", async () => {
    const result = await runCli(["regime", "--at", "2019-13-40"]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, "");
    assert.equal(result.stderr.trim().split("\n").length, 1);
    assert.match(result.stderr, /--at must be a real date/);
  });
});

describe("sanctions measure", () => {
  it("shows how the seafood ban came about", async () => {
    const result = await runCli(["measure", "KP-EXP-SEAFOOD", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const measure = JSON.parse(result.stdout) as {
      versions: { from: string; citations: { text: string }[] }[];
    };
    assert.deepEqual(
      measure.versions.map((version) => [version.from, version.citations.map((citation) => citation.text)]),
      [["2017-08-05", ["S/RES/2371 (2017) OP9"]]],
    );
  });

  it("shows the refined-petroleum cap that was replaced before it took effect", async () => {
    const result = await runCli(["measure", "KP-IMP-REFINED"]);
    assert.equal(result.code, 0);
    assert.match(
      result.stdout,
      /replaces, before it took effect: S\/RES\/2375 \(2017\) OP14 \(cap 2,000,000 bbl per calendar year\)/,
    );
  });

  it("fails on an unknown measure with a suggestion", async () => {
    const result = await runCli(["measure", "SEAFOOD"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /no measure "SEAFOOD"; did you mean KP-EXP-SEAFOOD/);
  });
});

describe("sanctions timeline and events", () => {
  it("lists the changes of August 2017 with their paragraphs", async () => {
    const result = await runCli(["timeline", "--from", "2017-08-01", "--to", "2017-09-10", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const timeline = JSON.parse(result.stdout) as {
      changes: { date: string; measure: string; change: string; citations: string[] }[];
    };
    assert.ok(
      timeline.changes.some(
        (c) => c.date === "2017-08-05" && c.measure === "KP-EXP-SEAFOOD" && c.change === "imposed",
      ),
    );
    assert.ok(
      timeline.changes.some(
        (c) => c.date === "2017-09-05" && c.measure === "KP-EXP-SEAFOOD" && c.change === "window-closed",
      ),
    );
    assert.ok(timeline.changes.every((c) => c.date >= "2017-08-01" && c.date <= "2017-09-10"));
  });

  it("refuses a period that ends before it starts", async () => {
    const result = await runCli(["timeline", "--from", "2018-01-01", "--to", "2017-01-01"]);
    assert.equal(result.code, 1);
  });

  it("records that the ICBM launch of 24 March 2022 triggered 2397 OP28, without inventing a measure", async () => {
    const result = await runCli(["events", "--json"]);
    const events = (
      JSON.parse(result.stdout) as {
        events: { id: string; triggers: { commitment: string; citation: string }[] }[];
      }
    ).events;
    const launch = events.find((event) => event.id === "icbm-2022-03-24");
    // The paragraph is OP28 in the official text; the citation is the data's (resolutions/2397.yaml).
    assert.ok(
      launch?.triggers.some(
        (trigger) =>
          trigger.commitment === "KP-COMMIT-PETROLEUM-2397" && trigger.citation === "S/RES/2397 (2017) OP28",
      ),
    );
    const summit = events.find((event) => event.id === "singapore-summit");
    assert.deepEqual(summit?.triggers, []);
    const state = await runCli(["regime", "--at", "2022-12-31", "--json"]);
    const refined = (
      JSON.parse(state.stdout) as { measures: { id: string; cap?: { limits: { amount: number }[] } }[] }
    ).measures.find((measure) => measure.id === "KP-IMP-REFINED");
    assert.equal(refined?.cap?.limits[0]?.amount, 500000, "no petroleum tightening was adopted");
  });

  it("lists the nuclear tests", async () => {
    const result = await runCli(["events", "--json"]);
    const events = (JSON.parse(result.stdout) as { events: { kind: string }[] }).events;
    assert.equal(events.filter((event) => event.kind === "nuclear-test").length, 6);
  });
});

describe("sanctions validate", () => {
  it("accepts the embedded regime", async () => {
    const result = await runCli(["validate"]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^valid: \d+ resolutions, \d+ measures/);
  });

  it("checks the Council data too, naming the file, line and code", async () => {
    const dir = await mkdtemp(join(tmpdir(), "validate-council-"));
    try {
      await cp(join(import.meta.dirname, "..", "regime", "dprk"), dir, { recursive: true });
      const text = await readFile(join(dir, "council.yaml"), "utf8");
      await writeFile(join(dir, "council.yaml"), text.replace("year: 2019", "year: 2019\n    bogus: 1"));
      const result = await runCli(["validate", dir]);
      assert.equal(result.code, 1);
      assert.match(result.stdout, /^council\.yaml:\d+: years\[\d+\]\.bogus: UNKNOWN_KEY/m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("fails on a directory that is not a regime, naming the files", async () => {
    const result = await runCli(["validate", "/nonexistent-regime"]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /regime\.yaml: file_unreadable/);
  });
});

describe("sanctions events", () => {
  it("weighs the September 2021 launches as the Council's texts do", async () => {
    const result = await runCli(["events", "--from", "2021-09-01", "--to", "2021-09-30", "--json"]);
    assert.equal(result.code, 0, result.stderr);
    const view = JSON.parse(result.stdout) as {
      from: string;
      events: {
        id: string;
        inBreach: boolean;
        breaches: { citation: string; reason: string; verification: string }[];
        notInBreach?: { code: string; reason: string };
        commitments: { commitment: string; code: string }[];
      }[];
    };
    assert.equal(view.from, "2021-09-01");
    const byId = new Map(view.events.map((event) => [event.id, event]));
    assert.equal(byId.get("cruise-missiles-2021-09")?.inBreach, false);
    assert.equal(byId.get("cruise-missiles-2021-09")?.notInBreach?.code, "not_ballistic");
    for (const id of ["rail-srbm-2021-09-15", "hwasong-8-2021-09-28"]) {
      const event = byId.get(id);
      assert.equal(event?.inBreach, true, id);
      const op2 = event.breaches.find((breach) => breach.citation === "S/RES/2094 (2013) OP2");
      assert.equal(
        op2?.reason,
        "a launch that uses ballistic missile technology, which S/RES/2094 (2013) OP2 decides the DPRK shall not conduct",
      );
      assert.equal(op2.verification, "no_official_text");
      assert.equal(
        event.commitments.find((c) => c.commitment === "KP-COMMIT-PETROLEUM-2397")?.code,
        "contribution_not_established",
      );
    }
  });

  it("prints the breaches and the reason for none, and refuses a bad kind or period", async () => {
    const text = await runCli(["events", "--from", "2021-09-01", "--to", "2021-09-30"]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(
      text.stdout,
      /no breach: a cruise missile does not use ballistic missile technology: no paragraph reached/,
    );
    assert.match(text.stdout, /in breach of .*S\/RES\/2094 \(2013\) OP2/);
    const kind = await runCli(["events", "--kind", "rocket"]);
    assert.equal(kind.code, 1);
    assert.match(kind.stderr, /--kind must be one of/);
    const period = await runCli(["events", "--from", "2022-01-01", "--to", "2021-01-01"]);
    assert.equal(period.code, 1);
  });

  it("lists only the events of a kind", async () => {
    const result = await runCli(["events", "--kind", "cruise-missile-launch", "--json"]);
    const events = (JSON.parse(result.stdout) as { events: { kind: string }[] }).events;
    assert.ok(events.length > 0);
    assert.ok(events.every((event) => event.kind === "cruise-missile-launch"));
  });

  it(
    "verifies the breached paragraphs against the official texts when given",
    { skip: needsShared("un-resolutions").skip },
    async () => {
      const result = await runCli([
        "events",
        "--from",
        "2021-09-15",
        "--to",
        "2021-09-15",
        "--texts",
        sharedData("un-resolutions"),
        "--json",
      ]);
      const [event] = (JSON.parse(result.stdout) as { events: { breaches: { verified: boolean }[] }[] })
        .events;
      assert.ok(event && event.breaches.length > 0);
      assert.ok(event.breaches.every((breach) => breach.verified));
    },
  );
});

describe("sanctions measure: review clauses", () => {
  it("lists the review clauses under which the Council said it could lift the measure", async () => {
    const json = await runCli(["measure", "KP-IMP-REFINED", "--json"]);
    const view = JSON.parse(json.stdout) as { reviewClauses: { commitment: string; citation: string }[] };
    assert.ok(view.reviewClauses.some((clause) => clause.commitment === "KP-COMMIT-REVIEW-2397"));
    const text = await runCli(["measure", "KP-IMP-REFINED"]);
    assert.match(
      text.stdout,
      /Review clauses \(the Council said it could strengthen, modify, suspend or lift the measure\):/,
    );
  });
});
