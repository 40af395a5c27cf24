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
    assert.equal(byId.get("KP-EXP-TEXTILES")?.verified, false, "2375 OP16's number is unconfirmed");
  });

  it("prints nothing in force on 13 October 2006", async () => {
    const result = await runCli(["regime", "--at", "2006-10-13", "--json"]);
    assert.equal(result.code, 0);
    assert.deepEqual((JSON.parse(result.stdout) as { measures: unknown[] }).measures, []);
  });

  it("marks unconfirmed citations in the text output", async () => {
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

  it("records that the ICBM launch of 24 March 2022 triggered 2397 OP27, without inventing a measure", async () => {
    const result = await runCli(["events", "--json"]);
    const events = (
      JSON.parse(result.stdout) as {
        events: { id: string; triggers: { commitment: string; citation: string }[] }[];
      }
    ).events;
    const launch = events.find((event) => event.id === "icbm-2022-03-24");
    assert.ok(
      launch?.triggers.some(
        (trigger) =>
          trigger.commitment === "KP-COMMIT-PETROLEUM-2397" && trigger.citation === "S/RES/2397 (2017) OP27",
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
