/**
 * `sanctions texts import|list|history|activate` in-process over the embedded database of a fresh
 * data directory, and `sanctions text` reading what was imported with no `--texts`.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Command } from "commander";
import { TextsListSchema } from "../../texts/index.js";
import { aknText } from "../../texts/testing.js";
import { UsageError } from "../output.js";
import { register as registerText } from "./text.js";
import { register } from "./texts.js";

let dir = "";
const saved = {
  data: process.env["SANCTIONS_DATA_DIR"],
  database: process.env["DATABASE_URL"],
  texts: process.env["SANCTIONS_TEXTS_DIR"],
};
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "texts-cli-"));
  process.env["SANCTIONS_DATA_DIR"] = join(dir, "data");
  delete process.env["DATABASE_URL"];
  delete process.env["SANCTIONS_TEXTS_DIR"];
});
after(async () => {
  for (const [name, value] of [
    ["SANCTIONS_DATA_DIR", saved.data],
    ["DATABASE_URL", saved.database],
    ["SANCTIONS_TEXTS_DIR", saved.texts],
  ] as const) {
    if (value === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = value;
  }
  await rm(dir, { recursive: true, force: true });
});

/** Runs `sanctions …` in-process, capturing stdout and stderr. */
async function run(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  const program = new Command("sanctions").exitOverride();
  register(program);
  registerText(program);
  let stdout = "";
  let stderr = "";
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = (chunk: string) => ((stdout += chunk), true);
  process.stderr.write = (chunk: string) => ((stderr += chunk), true);
  try {
    await program.parseAsync(args, { from: "user" });
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  return { stdout, stderr };
}

const v1 = aknText({
  number: 9001,
  paragraphs: ['<span class="italic">Decides</span> that States shall act;'],
});
const v2 = aknText({
  number: 9001,
  paragraphs: ['<span class="italic">Decides</span> that States shall act at once;'],
});

void describe("sanctions texts", () => {
  void it("imports a folder (skipping a broken file), finds it unchanged, lists, replaces, activates back", async () => {
    const folder = join(dir, "folder");
    await mkdir(folder);
    await writeFile(join(folder, "a.xml"), v1);
    await writeFile(join(folder, "broken.xml"), aknText({ paragraphs: ["x"], doctype: true }));
    const first = await run("texts", "import", folder);
    assert.match(first.stdout, /^imported +S\/RES\/9001 \(2030\) +[0-9a-f]{12} +a\.xml$/m);
    assert.match(first.stdout, /^1 imported, 0 activated again, 0 unchanged, 1 skipped$/m);
    assert.match(first.stderr, /skipped broken\.xml: doctype_refused/);
    assert.match((await run("texts", "import", folder)).stdout, /^unchanged +S\/RES\/9001/m);

    const listed = TextsListSchema.parse(JSON.parse((await run("texts", "list", "--json")).stdout));
    assert.deepEqual(
      listed.texts.map((t) => [t.symbol, t.adopted, t.paragraphs, t.source]),
      [["S/RES/9001 (2030)", "2030-01-02", 1, "a.xml"]],
    );
    const firstVersion = listed.texts[0]?.sha256 ?? "";

    // `sanctions text` reads the imported texts with no --texts.
    assert.match((await run("text", "9001", "1")).stdout, /^\*Decides\* that States shall act;$/m);

    await writeFile(join(dir, "b.xml"), v2);
    assert.match((await run("texts", "import", join(dir, "b.xml"))).stdout, /\(replaces [0-9a-f]{12}\)/);
    assert.match((await run("text", "9001", "1")).stdout, /shall act at once;/);
    const history = (await run("texts", "history")).stdout.split("\n").filter(Boolean);
    assert.equal(history.length, 2);
    assert.match(history[0] ?? "", /^\* S\/RES\/9001 \(2030\) .* b\.xml/);
    assert.match(history[1] ?? "", /^ {2}S\/RES\/9001 \(2030\) .* a\.xml/);

    assert.match((await run("texts", "activate", firstVersion.slice(0, 10))).stdout, /a\.xml\) is active$/m);
    assert.match((await run("text", "9001", "1")).stdout, /^\*Decides\* that States shall act;$/m);
    await assert.rejects(
      run("texts", "activate", "0123456789"),
      (error: unknown) => error instanceof UsageError && /^version_not_found: /.test(error.message),
    );
    await assert.rejects(
      run("texts", "import", join(dir, "none.xml")),
      (error: unknown) =>
        error instanceof UsageError &&
        /input_unreadable: .*the active texts are unchanged/.test(error.message),
    );
  });
});
