/**
 * `sanctions lists` in-process: import, list and diff on the one list store (the embedded database
 * under a fresh data directory), refusals that leave the active lists as they were, and a data
 * directory written before lists lived in the database, moved in by the first command.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { Command } from "commander";
import { needsShared, sharedData } from "../../../test/support/shared.js";
import { buildSnapshot, FileSnapshotStore } from "../../lists/index.js";
import { openStore, storeTarget } from "../../store/index.js";
import { UsageError } from "../output.js";
import { register } from "./lists.js";

/** Suites of the shared data are skipped, saying so, on a clone with no ../shared beside it. */
const unList = needsShared("un", "consolidated.xml");

let dir: string;
// The embedded database of each test's own data directory (a set DATABASE_URL would share one).
const savedDatabaseUrl = process.env["DATABASE_URL"];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "lists-cli-"));
  process.env["SANCTIONS_DATA_DIR"] = dir;
  delete process.env["DATABASE_URL"];
});
afterEach(async () => {
  delete process.env["SANCTIONS_DATA_DIR"];
  if (savedDatabaseUrl !== undefined) process.env["DATABASE_URL"] = savedDatabaseUrl;
  await rm(dir, { recursive: true, force: true });
});

/** Runs `sanctions lists …` in-process, capturing stdout and stderr. */
async function run(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  const program = new Command("sanctions").exitOverride();
  register(program);
  let stdout = "";
  let stderr = "";
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = (chunk: string) => ((stdout += chunk), true);
  process.stderr.write = (chunk: string) => ((stderr += chunk), true);
  try {
    await program.parseAsync(["lists", ...args], { from: "user" });
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  return { stdout, stderr };
}

const unXml = (names: readonly string[]): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z"><INDIVIDUALS>` +
  names
    .map(
      (name, i) =>
        `<INDIVIDUAL><FIRST_NAME>${name}</FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPi.00${i}</REFERENCE_NUMBER></INDIVIDUAL>`,
    )
    .join("") +
  `</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>\n`;

describe("sanctions lists", () => {
  it("import --json prints one JSON document on stdout, progress only on stderr", unList, async () => {
    const { stdout, stderr } = await run("import", sharedData("un", "consolidated.xml"), "--json");
    const result = JSON.parse(stdout) as {
      format: string;
      activated: boolean;
      snapshot: { counts: { persons: number } };
    };
    assert.equal(result.format, "un");
    assert.equal(result.activated, true);
    assert.equal(result.snapshot.counts.persons, 737);
    assert.match(stderr, /reading /);
  });

  it("import, list and diff in text", async () => {
    const a = join(dir, "a.xml");
    const b = join(dir, "b.xml");
    await writeFile(a, unXml(["RI", "KIM"]));
    await writeFile(b, unXml(["RI", "KIM CHOL", "PAK"]));
    const first = await run("import", a, "--format", "un");
    assert.match(
      first.stdout,
      /^UN: 2 persons, 0 entities, 0 vessels, 2 names \(generated 2026-01-01T00:00:00Z\)\nsnapshot [0-9a-f]{64} is active\n$/,
    );
    const second = await run("import", b);
    assert.match(second.stdout, /is active, replacing [0-9a-f]{12}/);
    const listed = JSON.parse((await run("list", "--json")).stdout) as {
      id: string;
      active: boolean;
      source: string;
    }[];
    assert.equal(listed.length, 2);
    const older = listed.find((s) => s.source === a);
    const newer = listed.find((s) => s.source === b);
    assert.ok(older && newer);
    assert.equal(newer.active, true);
    assert.equal(older.active, false);
    const text = (await run("list")).stdout;
    assert.match(text, new RegExp(`^\\* ${newer.id.slice(0, 12)}  UN`, "m"));

    const diff = await run("diff", older.id.slice(0, 8), newer.id.slice(0, 8));
    assert.equal(
      diff.stdout,
      `${older.id.slice(0, 12)} → ${newer.id.slice(0, 12)}: 1 added, 0 removed, 1 changed, 1 unchanged\n` +
        "+ KPi.002  PAK\n~ KPi.001  KIM CHOL  (names)\n",
    );
    const json = JSON.parse((await run("diff", older.id, newer.id, "--json")).stdout) as {
      changed: { fields: string[] }[];
    };
    assert.deepEqual(json.changed[0]?.fields, ["names"]);
  });

  it("import refuses a file with a nameless record and keeps the active list, saying so", async () => {
    const good = join(dir, "good.xml");
    const nameless = join(dir, "nameless.xml");
    await writeFile(good, unXml(["RI", "KIM"]));
    await writeFile(nameless, unXml(["RI", "KIM", ""]));
    await run("import", good);
    const before = JSON.parse((await run("list", "--json")).stdout) as { id: string; active: boolean }[];
    await assert.rejects(run("import", nameless), (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.equal(
        e.message,
        "record_invalid: 1 record cannot be used: record 3 (INDIVIDUAL KPi.002, line 2) has no name; " +
          "the active lists are unchanged",
      );
      return true;
    });
    const after = JSON.parse((await run("list", "--json")).stdout) as { id: string; active: boolean }[];
    assert.deepEqual(after, before);
  });

  it("import refuses a list far smaller than the active one unless --force, then warns", async () => {
    const big = join(dir, "big.xml");
    const small = join(dir, "small.xml");
    await writeFile(big, unXml(["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"]));
    await writeFile(small, unXml(["A", "B"]));
    await run("import", big);
    await assert.rejects(run("import", small), (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.match(
        e.message,
        /^list_shrunk: .* holds 2 designations, the active UN snapshot \w{12} holds 10: /,
      );
      assert.match(e.message, /the active lists are unchanged: add --force if the drop is real$/);
      assert.doesNotMatch(e.message, /\n/);
      return true;
    });
    const forced = await run("import", small, "--force", "--json");
    const result = JSON.parse(forced.stdout) as { forced?: boolean; previousDesignations?: number };
    assert.equal(result.forced, true);
    assert.equal(result.previousDesignations, 10);
    assert.match(forced.stderr, /warning: forced: the active UN list went from 10 to 2 designations/);
  });

  it("ends with a one-line UsageError on bad input", async () => {
    const bad = join(dir, "bad.xml");
    await writeFile(bad, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><CONSOLIDATED_LIST/>');
    await assert.rejects(run("import", bad), (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.match(e.message, /^doctype_refused: /);
      assert.doesNotMatch(e.message, /\n/);
      return true;
    });
    await assert.rejects(
      run("import", join(dir, "missing.xml")),
      (e: unknown) => e instanceof UsageError && /input_unreadable/.test(e.message),
    );
    await assert.rejects(
      run("diff", "abcdef", "123456"),
      (e: unknown) => e instanceof UsageError && /no snapshot abcdef/.test(e.message),
    );
  });

  it("import writes into the database, nothing into the data directory's lists folder", async () => {
    const a = join(dir, "a.xml");
    await writeFile(a, unXml(["RI", "KIM"]));
    const imported = JSON.parse((await run("import", a, "--json")).stdout) as { snapshot: { id: string } };
    assert.equal(existsSync(join(dir, "lists")), false);
    const store = await openStore(storeTarget(dir, {}));
    try {
      assert.equal((await store.snapshots.active("UN"))?.id, imported.snapshot.id);
    } finally {
      await store.close();
    }
  });

  it("moves a data directory's old list files into the database at the first command, saying so once", async () => {
    const old = buildSnapshot({
      source: "old.xml",
      list: "UN",
      importedAt: new Date("2024-06-01T00:00:00Z"),
      designations: [
        {
          ref: "KPi.001",
          list: "UN",
          programmes: ["DPRK"],
          kind: "person",
          names: [{ full: "RI", quality: "primary" }],
          birthDates: [],
          nationalities: [],
          identifiers: [],
        },
      ],
    });
    await new FileSnapshotStore(dir).saveActive(old);
    const first = await run("list", "--json");
    assert.deepEqual(JSON.parse(first.stdout), [
      {
        id: old.id,
        source: "old.xml",
        list: "UN",
        importedAt: "2024-06-01T00:00:00.000Z",
        counts: old.counts,
        active: true,
      },
    ]);
    assert.match(
      first.stderr,
      /^sanctions: note: moved 1 list snapshot of the data directory into the database; active: UN; the files are kept in .*lists\.moved, no longer read\n$/,
    );
    const second = await run("list", "--json");
    assert.equal(second.stdout, first.stdout);
    assert.equal(second.stderr, "");
  });

  it("import refuses a list with text the database cannot hold, naming the code, and keeps the active list", async () => {
    const good = join(dir, "good.xml");
    await writeFile(good, unXml(["RI", "KIM"]));
    await run("import", good);
    const before = (await run("list", "--json")).stdout;
    const nul = join(dir, "nul.jsonl");
    await writeFile(
      nul,
      JSON.stringify({
        id: "x-1",
        schema: "Person",
        properties: { name: ["RI\u0000WON"] },
        datasets: ["test"],
      }) + "\n",
    );
    await assert.rejects(run("import", nul, "--format", "ftm"), (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.match(e.message, /^invalid_record: the FTM:test snapshot [0-9a-f]{12} cannot be stored: /);
      assert.match(e.message, /; the active lists are unchanged$/);
      return true;
    });
    assert.equal((await run("list", "--json")).stdout, before);
  });
});
