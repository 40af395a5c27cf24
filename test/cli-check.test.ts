/**
 * `sanctions check` end to end, through the real binary: verdicts per line, each kind of malformed input
 * reported on its own line while the run goes on, exit codes, CSV in and out, and screening of parties
 * against an imported list.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli } from "./support/cli.js";
import { needsShared, sharedData } from "./support/shared.js";

/** Suites of the shared data are skipped, saying so, on a clone with no ../shared beside it. */
const unList = needsShared("un", "consolidated.xml");

const scratch = await mkdtemp(join(tmpdir(), "cli-check-"));
const emptyData = join(scratch, "empty-data");
// The data directory alone, whatever the environment says: a DATABASE_URL's active lists would be used.
const env = { SANCTIONS_DATA_DIR: emptyData, DATABASE_URL: "" };
after(() => rm(scratch, { recursive: true, force: true }));

interface Line {
  id: string | null;
  verdict?: string;
  reasons?: { code: string; measure: string | null; citation: string | null; verified: boolean }[];
  error?: { code: string; message: string; line: number; field?: string };
  regimeVersion?: string;
  listSnapshot?: string | null;
}

const parseLines = (stdout: string): Line[] =>
  stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);

const seafood = { id: "s1", type: "goods", date: "2019-12-17", hs: "0302.11", from: "KP", to: "CN" };

describe("sanctions check: one shipment", () => {
  it("prohibits DPRK seafood on 17 December 2019, citing 2371 OP9 and the regime version", async () => {
    const result = await runCli(["check", "--json"], { input: JSON.stringify(seafood) + "\n", env });
    assert.equal(result.code, 0, result.stderr);
    const [line] = parseLines(result.stdout);
    assert.equal(line?.verdict, "prohibited");
    assert.ok(
      line.reasons?.some(
        (reason) =>
          reason.code === "measure_prohibits" &&
          reason.citation === "S/RES/2371 (2017) OP9" &&
          reason.verified,
      ),
    );
    assert.match(line.regimeVersion ?? "", /^sha256:/);
    assert.equal(line.listSnapshot, null);
  });

  it("prints a readable verdict without --json", async () => {
    const result = await runCli(["check"], { input: JSON.stringify(seafood), env });
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^s1 {2}PROHIBITED/m);
    assert.match(result.stdout, /KP-EXP-SEAFOOD S\/RES\/2371 \(2017\) OP9/);
  });
});

describe("sanctions check: malformed input, reported per line while the run goes on", () => {
  const good = JSON.stringify(seafood);
  const cases: { name: string; line: string; code: string; field?: string; message?: RegExp }[] = [
    { name: "bad JSON", line: "{not json", code: "batch_bad_json" },
    {
      name: "a missing field",
      line: JSON.stringify({ id: "m", type: "goods", date: "2019-12-17", from: "KP", to: "CN" }),
      code: "missing_field",
      field: "hs",
    },
    {
      name: "an unknown type",
      line: JSON.stringify({ id: "t", type: "rocket", date: "2019-12-17" }),
      code: "unknown_type",
      field: "type",
    },
    {
      name: "HS 12AB",
      line: JSON.stringify({ ...seafood, id: "h", hs: "12AB" }),
      code: "invalid_hs_code",
      field: "hs",
    },
    {
      name: "the date 2019-13-40",
      line: JSON.stringify({ ...seafood, id: "d", date: "2019-13-40" }),
      code: "invalid_date",
      field: "date",
    },
    {
      name: "the country XX",
      line: JSON.stringify({ ...seafood, id: "c", to: "XX" }),
      code: "unknown_country",
      field: "to",
    },
    { name: "a JSON array instead of an object", line: "[1,2]", code: "batch_not_object" },
    {
      name: "a 3,000-character id",
      line: JSON.stringify({ ...seafood, id: "i".repeat(3000) }),
      code: "over_limit",
      field: "id",
      message: /^id is 3000 characters long; the limit is 256$/,
    },
    {
      name: "a party role nested 10,000 deep",
      line: `{"id":"n","type":"goods","date":"2019-12-17","hs":"0302.11","from":"KP","to":"CN","parties":[{"name":"x","role":${"[".repeat(10_000)}${"]".repeat(10_000)}}]}`,
      code: "invalid_type",
      field: "parties[0].role",
    },
  ];
  let lines: Line[] = [];
  let code: number | null = null;
  let stderr = "";
  before(async () => {
    const input = [good, ...cases.map((entry) => entry.line), good].join("\n") + "\n";
    const result = await runCli(["check", "--json"], { input, env });
    lines = parseLines(result.stdout);
    code = result.code;
    stderr = result.stderr;
  });

  it("answers every line, in order, and exits 2 with a summary on stderr", () => {
    assert.equal(lines.length, cases.length + 2);
    assert.equal(lines[0]?.verdict, "prohibited");
    assert.equal(lines.at(-1)?.verdict, "prohibited");
    assert.equal(code, 2);
    assert.match(
      stderr,
      new RegExp(`checked 2 of ${cases.length + 2} activities: 2 prohibited; ${cases.length} rejected`),
    );
  });

  cases.forEach((entry, index) => {
    it(`reports ${entry.name} with its code, line and field`, () => {
      const line = lines[index + 1];
      assert.equal(line?.error?.code, entry.code, JSON.stringify(line));
      assert.equal(line.error.line, index + 2);
      if (entry.field) assert.equal(line.error.field, entry.field);
      assert.ok(line.error.message.length > 0);
      if (entry.message) assert.match(line.error.message, entry.message);
    });
  });

  it("reads a file whose line is over a limit: that line is rejected naming the field, the rest checked", async () => {
    const path = join(scratch, "over-limit.jsonl");
    const over = JSON.stringify({ ...seafood, id: "o", parties: [{ name: "p".repeat(501) }] });
    await writeFile(path, `${over}\n${good}\n`);
    const result = await runCli(["check", path, "--json", "--no-progress"], { env });
    const [first, second] = parseLines(result.stdout);
    assert.deepEqual(first, {
      id: "o",
      error: {
        code: "over_limit",
        message: "parties[0].name is 501 characters long; the limit is 500",
        field: "parties[0].name",
        limit: 500,
        line: 1,
      },
    });
    assert.equal(second?.verdict, "prohibited");
    assert.equal(result.code, 2);
  });

  it("reports a 10 MB line as one error and reads the next line", async () => {
    const path = join(scratch, "huge.jsonl");
    const huge = JSON.stringify({ ...seafood, id: "huge", description: "x".repeat(10 * 1024 * 1024) });
    await writeFile(path, `${huge}\n${good}\n`);
    const result = await runCli(["check", path, "--json", "--no-progress"], { env });
    const [first, second] = parseLines(result.stdout);
    assert.equal(first?.error?.code, "batch_line_too_long");
    assert.equal(first.error.line, 1);
    assert.equal(second?.verdict, "prohibited");
    assert.equal(result.code, 2);
  });

  it("refuses an empty file with one line and exit code 1", async () => {
    const path = join(scratch, "empty.jsonl");
    await writeFile(path, "");
    const result = await runCli(["check", path], { env });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^sanctions: empty input/);
  });

  it("refuses a CSV without a required column, naming it, with exit code 1", async () => {
    const path = join(scratch, "no-date.csv");
    await writeFile(path, "id,type,hs,from,to\n1,goods,030211,KP,CN\n");
    const result = await runCli(["check", path], { env });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cannot read .*no-date\.csv: .*date/);
  });

  it("refuses a file that does not exist with exit code 1", async () => {
    const result = await runCli(["check", join(scratch, "nope.jsonl")], { env });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cannot read/);
  });
});

describe("sanctions check: CSV", () => {
  it("reads CSV (dotted columns, JSON parties) and writes CSV", async () => {
    const path = join(scratch, "in.csv");
    await writeFile(
      path,
      [
        "id,type,date,hs,from,to,origin,contractDate,vessel.flag",
        "a,goods,2017-09-04,0302.11,KP,CN,,2017-07-01,",
        "b,goods,2019-12-17,6203.42,KP,CN,,,KP",
        "c,goods,2019-12-17,8471.30,US,CA,,,",
      ].join("\n") + "\n",
    );
    const result = await runCli(["check", path, "--csv", "--no-progress"], { env });
    assert.equal(result.code, 0, result.stderr);
    const rows = result.stdout.trim().split("\n");
    assert.match(rows[0] ?? "", /^id,verdict,reasons\.code/);
    assert.match(rows[1] ?? "", /^a,conditional,/);
    assert.match(rows[2] ?? "", /^b,prohibited,/);
    assert.match(rows[3] ?? "", /^c,permitted,/);
  });
});

describe("sanctions check: parties screened against an imported list", unList, () => {
  const dataDir = join(scratch, "with-un-list");
  before(async () => {
    const imported = await runCli(["lists", "import", sharedData("un", "consolidated.xml")], {
      env: { SANCTIONS_DATA_DIR: dataDir, DATABASE_URL: "" },
    });
    assert.equal(imported.code, 0, imported.stderr);
  });

  it("prohibits a payment to a designated entity, citing the asset freeze and the designation", async () => {
    const payment = {
      id: "p",
      type: "payment",
      date: "2019-12-17",
      from: "CN",
      to: "HK",
      instrument: "transfer",
      parties: [{ name: "Korea Tangun Trading Corporation", role: "beneficiary" }],
    };
    const result = await runCli(["check", "--json"], {
      input: JSON.stringify(payment),
      env: { SANCTIONS_DATA_DIR: dataDir, DATABASE_URL: "" },
    });
    assert.equal(result.code, 0, result.stderr);
    const [line] = parseLines(result.stdout);
    assert.equal(line?.verdict, "prohibited");
    const reason = line.reasons?.find((candidate) => candidate.code === "party_designated");
    assert.equal(reason?.measure, "KP-TGT-ASSETFREEZE");
    assert.match(reason.citation ?? "", /^S\/RES\/\d+ \(\d{4}\) OP/);
    assert.match(JSON.stringify(reason), /KPe\.\d{3}/);
    assert.match(line.listSnapshot ?? "", /^[0-9a-f]{64}$/);
  });

  it("leaves an unrelated party alone", async () => {
    const payment = {
      id: "q",
      type: "payment",
      date: "2019-12-17",
      from: "CN",
      to: "HK",
      instrument: "transfer",
      parties: [{ name: "Harbour Textiles Limited" }],
    };
    const result = await runCli(["check", "--json"], {
      input: JSON.stringify(payment),
      env: { SANCTIONS_DATA_DIR: dataDir, DATABASE_URL: "" },
    });
    const [line] = parseLines(result.stdout);
    assert.equal(line?.verdict, "permitted");
  });

  it("without a list, says the parties were not screened instead of permitting", async () => {
    const payment = {
      id: "r",
      type: "payment",
      date: "2019-12-17",
      from: "CN",
      to: "HK",
      instrument: "transfer",
      parties: [{ name: "Korea Tangun Trading Corporation" }],
    };
    const result = await runCli(["check", "--json"], { input: JSON.stringify(payment), env });
    const [line] = parseLines(result.stdout);
    assert.equal(line?.verdict, "review");
    assert.ok(line.reasons?.some((reason) => reason.code === "parties_not_screened"));
  });
});
