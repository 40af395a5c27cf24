import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Command } from "commander";
import { needsShared, sharedData } from "../../../test/support/shared.js";
import { UsageError } from "../output.js";
import { register } from "./hs.js";

/** Suites of the shared data are skipped, saying so, on a clone with no ../shared beside it. */
const hs2017 = needsShared("hs", "hs2017.csv");

let dir = "";
const savedDataDir = process.env["SANCTIONS_DATA_DIR"];
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "cli-hs-"));
  process.env["SANCTIONS_DATA_DIR"] = dir;
});
after(async () => {
  if (savedDataDir === undefined) delete process.env["SANCTIONS_DATA_DIR"];
  else process.env["SANCTIONS_DATA_DIR"] = savedDataDir;
  await rm(dir, { recursive: true, force: true });
});

/** Runs `sanctions ARGS` in-process and returns what it wrote on stdout. */
async function run(args: string[]): Promise<string> {
  const program = new Command("sanctions").exitOverride();
  register(program);
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  // The command prints strings; the test runner's own reporting (serialized bytes) must pass through.
  process.stdout.write = (chunk: string | Uint8Array, ...rest: never[]) => {
    if (typeof chunk !== "string") return write(chunk, ...rest);
    chunks.push(chunk);
    return true;
  };
  try {
    await program.parseAsync(args, { from: "user" });
  } finally {
    process.stdout.write = write;
  }
  return chunks.join("");
}

void describe("sanctions hs", () => {
  void it("looks a code up by form only before any import", async () => {
    const out = JSON.parse(await run(["hs", "lookup", "8806.21", "--json"])) as Record<string, unknown>;
    assert.equal(out["status"], "form-only");
    assert.equal(out["edition"], "HS2022");
    assert.deepEqual(out["other"], {
      edition: "HS2017",
      moved: true,
      relationships: ["n:n"],
      counterparts: [{ code: "852580" }, { code: "880211" }, { code: "880220" }],
    });
    assert.match(await run(["hs", "lookup", "8806.21"]), /no HS2022 nomenclature imported/);
  });

  void it("imports both shared nomenclatures and then shows labels on both sides", hs2017, async () => {
    const imported = JSON.parse(
      await run(["hs", "import", sharedData("hs", "hs2022.csv"), "--json"]),
    ) as Record<string, unknown>;
    assert.equal(imported["edition"], "HS2022");
    assert.match(
      await run(["hs", "import", sharedData("hs", "hs2017.csv"), "--edition", "HS2017"]),
      /imported HS2017/,
    );

    const out = JSON.parse(await run(["hs", "lookup", "970310", "--json"])) as {
      status: string;
      label: string;
      other: { counterparts: { code: string; label?: string }[] };
    };
    assert.equal(out.status, "valid");
    assert.match(out.label, /paintings|Paintings|sculpture|Sculpture|statuary|Statuary/);
    assert.equal(out.other.counterparts[0]?.code, "970310");

    const back = JSON.parse(await run(["hs", "lookup", "251830", "--edition", "HS2017", "--json"])) as {
      status: string;
      other: { counterparts: { code: string; label?: string }[] };
    };
    assert.equal(back.status, "valid");
    assert.deepEqual(
      back.other.counterparts.map((c) => c.code),
      ["381600"],
    );
    assert.ok(back.other.counterparts[0]?.label);
  });

  void it("turns bad input into a UsageError", async () => {
    await assert.rejects(run(["hs", "lookup", "12AB"]), UsageError);
    await assert.rejects(run(["hs", "lookup", "0301", "--edition", "HS2012"]), UsageError);
    await assert.rejects(run(["hs", "import", join(dir, "missing.csv")]), UsageError);
  });
});
