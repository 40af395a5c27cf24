import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { Command } from "commander";
import { UsageError } from "../output.js";
import { register } from "./council.js";

const dir = mkdtempSync(join(tmpdir(), "council-cli-"));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Runs `council ...args` in-process and returns what it wrote on stdout. */
async function run(...args: string[]): Promise<string> {
  const program = new Command("sanctions").exitOverride();
  register(program);
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return true;
  };
  try {
    await program.parseAsync(["council", ...args], { from: "user" });
  } finally {
    process.stdout.write = write;
  }
  return chunks.join("");
}

const members2019 = [
  "China",
  "Russia",
  "UK",
  "France",
  "Belgium",
  "Dominican Republic",
  "Germany",
  "Indonesia",
  "South Africa",
  "Cote d'Ivoire",
  "Equatorial Guinea",
  "Kuwait",
  "Peru",
  "Poland",
];

// A draft file carries many other keys; the command must ignore them.
const draft2019 = file(
  "draft-2019.yaml",
  [
    "symbol: CN-RU draft (Dec 2019)",
    "title: China–Russia draft on sanctions relief",
    "date: 2019-12-16",
    "patches: [{lift: KP-EXP-STATUES}]",
    "votes:",
    "  US: no",
    ...members2019.map((m) => `  ${m}: yes`),
    "",
  ].join("\n"),
);

const positions = file(
  "positions.json",
  JSON.stringify({
    UK: { yes: 0.3, no: 0.2, abstain: 0.5 },
    France: { yes: 0.4, no: 0.1, abstain: 0.5 },
    Belgium: 0.5,
    "Dominican Republic": 0.6,
    Germany: 0.4,
    Indonesia: 0.8,
    "South Africa": 0.9,
    "Côte d'Ivoire": 0.7,
    "Equatorial Guinea": 0.9,
    Kuwait: 0.7,
    Peru: 0.5,
    Poland: 0.3,
  }),
);
const sponsors = file("sponsors.yaml", "date: 2019-12-16\nvotes: {China: yes, Russia: yes, US: abstain}\n");

describe("sanctions council vote", () => {
  it("prints the outcome and why for fifteen declared votes", async () => {
    const out = await run("vote", draft2019);
    assert.match(out, /^CN-RU draft \(Dec 2019\): NOT ADOPTED 14-1-0 \(substantive, Council of 2019\)/);
    assert.match(out, /veto: United States, a permanent member, voted no/);
  });

  it("prints one JSON document with --json", async () => {
    const out = await run("vote", draft2019, "--json");
    const doc = JSON.parse(out) as {
      year: number;
      result: string;
      decision: { outcome: string; vetoes: string[] };
    };
    assert.equal(doc.year, 2019);
    assert.equal(doc.result, "decision");
    assert.equal(doc.decision.outcome, "not-adopted");
    assert.deepEqual(doc.decision.vetoes, ["United States"]);
    assert.equal(out.trim().split("\n").length, 1);
  });

  it("gives the odds and whip count with --positions", async () => {
    const out = await run("vote", sponsors, "--positions", positions, "--json");
    const doc = JSON.parse(out) as {
      result: string;
      forecast: { probability: number; status: string; whip: { neededYes: number; mustNotVeto: string[] } };
    };
    assert.equal(doc.result, "forecast");
    assert.equal(doc.forecast.status, "uncertain");
    assert.ok(doc.forecast.probability > 0 && doc.forecast.probability < 1);
    assert.equal(doc.forecast.whip.neededYes, 7);
    assert.deepEqual(doc.forecast.whip.mustNotVeto, ["France", "United Kingdom"]);
    const text = await run("vote", sponsors, "--positions", positions);
    assert.match(text, /^adoption probability \d+\.\d\d% \(uncertain/);
    assert.match(text, /smallest set whose yes makes adoption certain: France, United Kingdom, /);
    assert.match(text, /UNCONFIRMED/);
  });

  it("says plainly when a permanent member's declared no makes adoption impossible", async () => {
    const vetoed = file("vetoed.yaml", "date: 2019-12-16\nvotes: {China: yes, Russia: yes, US: no}\n");
    const out = await run("vote", vetoed, "--positions", positions);
    assert.match(out, /^adoption probability 0% \(impossible/);
    assert.match(out, /adoption is impossible whatever the others do: United States/);
  });

  it("--year overrides the year of the file's date", async () => {
    const out = await run("vote", sponsors, "--year", "2020", "--json");
    assert.equal((JSON.parse(out) as { year: number }).year, 2020);
  });

  it("turns bad input into one-line usage errors", async () => {
    const cases: [string[], RegExp][] = [
      [["vote", join(dir, "missing.yaml")], /missing\.yaml: cannot read/],
      [["vote", file("nodate.yaml", "votes: {China: yes}\n")], /no date in the file: give --year/],
      [
        ["vote", file("unknown.yaml", "date: 2019-12-16\nvotes: {Narnia: yes}\n")],
        /unknown Council member "Narnia"/,
      ],
      [
        ["vote", file("japan.yaml", "date: 2019-12-16\nvotes: {Japan: yes}\n")],
        /Japan was not a member of the Security Council in 2019/,
      ],
      [["vote", file("badvote.yaml", "date: 2019-12-16\nvotes: {Peru: perhaps}\n")], /invalid vote for Peru/],
      [["vote", file("baddate.yaml", "date: 2019-13-01\n")], /invalid date "2019-13-01"/],
      [["vote", file("early.yaml", "date: 1999-01-01\n")], /no Council membership recorded for 1999/],
      [["vote", file("list.yaml", "- a\n- b\n")], /expected a mapping/],
      [["vote", file("broken.json", "{")], /not valid JSON/],
      [["vote", sponsors, "--year", "20x0"], /--year must be a four-digit year/],
      [["vote", sponsors, "--positions", file("p.yaml", "Peru: 1.5\n")], /invalid probability for Peru/],
      [
        ["vote", sponsors, "--positions", file("s.yaml", "France: {yes: 0.5, no: 0.2}\n")],
        /France sum to 0\.7/,
      ],
      [["members", "--year", "2030"], /no Council membership recorded for 2030/],
    ];
    for (const [args, message] of cases) {
      await assert.rejects(run(...args), (error: unknown) => {
        assert.ok(error instanceof UsageError, `${args.join(" ")}: ${String(error)}`);
        assert.match(error.message, message);
        assert.doesNotMatch(error.message, /\n/);
        return true;
      });
    }
  });
});

describe("sanctions council members", () => {
  it("lists one year", async () => {
    const out = await run("members", "--year", "2024");
    assert.match(out, /^2024 \[HARDWARE-2023\]/);
    assert.match(out, /elected: {3}Algeria, Guyana, Republic of Korea, Sierra Leone, Slovenia, Ecuador/);
  });

  it("lists every year as JSON", async () => {
    const doc = JSON.parse(await run("members", "--json")) as {
      years: { year: number; elected: string[] }[];
    };
    assert.equal(doc.years.length, 21);
    assert.equal(doc.years[0]?.year, 2006);
    assert.ok(doc.years.every((entry) => entry.elected.length === 10));
  });
});
