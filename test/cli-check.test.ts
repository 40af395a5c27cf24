/**
 * `sanctions check` end to end, through the real binary: verdicts per line, each kind of malformed input
 * reported on its own line while the run goes on, exit codes, CSV in and out, screening of parties
 * against an imported list, and `--record`: every verdict printed is recorded, whether the run is
 * killed (SIGKILL), stopped by its input or left waiting for more (on the embedded database, and on
 * PostgreSQL when `DATABASE_URL` is set).
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { openStore, storeTarget, type StoreTarget } from "../src/store/index.js";
import { adminQuery, postgresUrl, withDatabase } from "../src/store/testing/factories.js";
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
  reasons?: {
    code: string;
    measure: string | null;
    citation: string | null;
    verified: boolean;
    verification?: { status: string; text: string } | null;
  }[];
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
          // No official texts given: not verified, and it says why.
          !reason.verified &&
          reason.verification?.status === "no_official_text",
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

  it("reports the physical line of a bad row after quoted cells holding CRLF and LF", async () => {
    const path = join(scratch, "multiline.csv");
    await writeFile(
      path,
      "id,type,date,hs,from,to,description\r\n" +
        'a,goods,2019-12-17,0302.11,KP,CN,"frozen\r\nfish\nfillets"\r\n' +
        "b,goods,2019-13-40,0302.11,KP,CN,\r\n" +
        'c,goods,2019-12-17,0302.11,KP,CN,"one\r\ntwo"\r\n' +
        "d,goods,2019-12-17,0302.11,KP\r\n",
    );
    const result = await runCli(["check", path, "--json", "--no-progress"], { env });
    assert.equal(result.code, 2, result.stderr);
    const lines = parseLines(result.stdout);
    assert.deepEqual(
      lines.map((line) => [line.id, line.verdict ?? line.error?.code, line.error?.line]),
      [
        ["a", "prohibited", undefined],
        ["b", "invalid_date", 5],
        ["c", "prohibited", undefined],
        [null, "batch_field_count", 8],
      ],
    );
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
      parties: [{ name: "Korean Tangun Trading Corporation", role: "beneficiary" }],
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

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the binary; with `killAfterLines`, kills it (SIGKILL) as soon as that many lines are out; with
 * `input`, writes it to standard input and, once a line is out, `more` then closes it.
 */
function sanctions(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  options: { killAfterLines?: number; input?: string; more?: string } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, "..", "bin", "sanctions.js"), ...args], {
      env: { ...process.env, NO_COLOR: "1", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let answered = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const lines = stdout.split("\n").length - 1;
      if (options.killAfterLines !== undefined && lines >= options.killAfterLines) child.kill("SIGKILL");
      if (options.input !== undefined && !answered && lines > 0) {
        answered = true;
        child.stdin.end(options.more ?? "");
      }
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      resolve({ code, signal, stdout, stderr });
    });
    if (options.input !== undefined) child.stdin.write(options.input);
    else child.stdin.end();
  });
}

/** The ids of the complete lines printed (a line cut by a kill is left out). */
function printedIds(stdout: string): string[] {
  const lines = stdout.split("\n").slice(0, -1);
  return lines.map((line) => (JSON.parse(line) as { id: string }).id);
}

interface Target {
  readonly name: string;
  env(dataDir: string): NodeJS.ProcessEnv;
  target(dataDir: string): StoreTarget;
  cleanup(): Promise<void>;
}

const targets: Target[] = [
  {
    name: "embedded PGlite",
    env: (dataDir) => ({ SANCTIONS_DATA_DIR: dataDir, DATABASE_URL: "" }),
    target: (dataDir) => storeTarget(dataDir, {}),
    cleanup: () => Promise.resolve(),
  },
];
const pgUrl = postgresUrl();
if (pgUrl !== undefined) {
  const database = `sanctions_check_${randomBytes(4).toString("hex")}`;
  const url = withDatabase(pgUrl, database);
  targets.push({
    name: "PostgreSQL",
    env: (dataDir) => ({ SANCTIONS_DATA_DIR: dataDir, DATABASE_URL: url }),
    target: () => ({ kind: "postgres", url }),
    cleanup: () => adminQuery(pgUrl, `drop database if exists ${database}`),
  });
  before(() => adminQuery(pgUrl, `create database ${database}`));
}

/** Goods activities with distinct ids, one per line: enough that a run lasts several parts. */
function activities(count: number, prefix: string): string {
  let text = "";
  for (let i = 0; i < count; i++)
    text +=
      JSON.stringify({
        id: `${prefix}${i}`,
        type: "goods",
        date: "2019-12-17",
        hs: i % 2 ? "0302.11" : "8703.23",
        from: "KP",
        to: "CN",
      }) + "\n";
  return text;
}

for (const t of targets) {
  describe(`sanctions check --record: what is printed is recorded (${t.name})`, () => {
    const dataDir = join(scratch, `record-${t.name.replace(/\W/g, "-")}`);
    after(() => t.cleanup());

    /** The batch `run` names on stderr, or the newest one; and the activity ids recorded in it. */
    async function recorded(batchId?: string) {
      const store = await openStore(t.target(dataDir));
      try {
        const batch = batchId
          ? await store.audit.batch(batchId)
          : (await store.audit.batches({ limit: 1 }))[0];
        assert.ok(batch, "a batch is recorded");
        const ids = new Set<string>();
        for await (const check of store.audit.checks({ batchId: batch.id }))
          ids.add(String(check.activity["id"]));
        return { batch, ids };
      } finally {
        await store.close();
      }
    }

    it("a run killed (SIGKILL) once verdicts are out leaves every printed verdict recorded, in a batch marked incomplete", async () => {
      const count = 40_000;
      const path = join(scratch, "many.jsonl");
      await writeFile(path, activities(count, "k"));
      const run = await sanctions(["check", path, "--record", "--json", "--no-progress"], t.env(dataDir), {
        killAfterLines: 1,
      });
      assert.equal(run.signal, "SIGKILL", `the run ended before the kill: ${run.stderr}`);
      const printed = printedIds(run.stdout);
      assert.ok(printed.length > 0);
      const { batch, ids } = await recorded();
      assert.equal(batch.complete, false);
      assert.equal(batch.checks, ids.size);
      assert.ok(ids.size < count, "the kill landed inside the run");
      const missing = printed.filter((id) => !ids.has(id));
      assert.deepEqual(
        missing.slice(0, 5),
        [],
        `${missing.length} of ${printed.length} printed verdicts not recorded`,
      );

      // Shown as incomplete, and replayed as it is.
      const list = await sanctions(["audit", "list", "--limit", "1"], t.env(dataDir));
      assert.match(list.stdout, new RegExp(`^${batch.id} .* ${batch.checks} checks .*  incomplete$`, "m"));
      const replay = await sanctions(["audit", "replay", "--batch", batch.id, "--json"], t.env(dataDir));
      assert.equal(replay.code, 0, replay.stderr);
      assert.deepEqual(JSON.parse(replay.stdout), { checks: ids.size, identical: ids.size, differences: [] });
    });

    it("a run stopped by its input records and prints what came before, and says the batch is incomplete", async () => {
      // 2,500 good rows (parts of 1,000: two recorded and printed, one gathered), then a record over the
      // 1 MiB limit, which stops the run.
      const rows = Array.from({ length: 2500 }, (_, i) => `c${i},goods,2019-12-17,0302.11,KP,CN,`);
      const path = join(scratch, "stops.csv");
      await writeFile(
        path,
        [
          "id,type,date,hs,from,to,description",
          ...rows,
          `late,goods,2019-12-17,0302.11,KP,CN,${"x".repeat(1.1 * 1024 * 1024)}`,
          "after,goods,2019-12-17,0302.11,KP,CN,",
        ].join("\n") + "\n",
      );
      const run = await sanctions(["check", path, "--record", "--json", "--no-progress"], t.env(dataDir));
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /batch_record_too_long|longer than/);
      const batchId = /recorded 2500 checks in audit batch (\S+), left incomplete as the run stopped/.exec(
        run.stderr,
      )?.[1];
      assert.ok(batchId, run.stderr);
      const printed = printedIds(run.stdout);
      assert.equal(printed.length, 2500);
      const { batch, ids } = await recorded(batchId);
      assert.equal(batch.complete, false);
      assert.deepEqual([...ids].sort(), [...printed].sort());
    });

    it("a run reading slowly prints each verdict once recorded, without waiting for a full part", async () => {
      const [first, second] = activities(2, "slow").split("\n");
      // The second line is sent only once the first verdict is out.
      const run = await sanctions(["check", "--record", "--json"], t.env(dataDir), {
        input: `${first}\n`,
        more: `${second}\n`,
      });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(printedIds(run.stdout), ["slow0", "slow1"]);
      const batchId = /recorded 2 checks in audit batch (\S+)\n/.exec(run.stderr)?.[1];
      const { batch, ids } = await recorded(batchId);
      assert.equal(batch.complete, true);
      assert.deepEqual([...ids], ["slow0", "slow1"]);
      const list = await sanctions(["audit", "list", "--limit", "1"], t.env(dataDir));
      assert.doesNotMatch(list.stdout, /incomplete/);
    });
  });
}
