import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Command } from "commander";
import { needsShared, sharedData } from "../../../test/support/shared.js";
import { ParagraphViewSchema } from "../../texts/index.js";
import { UsageError } from "../output.js";
import { register } from "./text.js";

const TEXT = `<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement name="resolution">
  <meta><identification><FRBRWork><FRBRdate date="2030-01-02" name="adoption"/></FRBRWork></identification></meta>
  <coverPage><p><docNumber>S/RES/9001 (2030)</docNumber></p></coverPage>
  <mainBody>
    <paragraph eId="para_9"><num>1.</num><content><p>	<span class="italic">Calls upon</span> all States to be vigilant;</p></content></paragraph>
    <paragraph eId="para_12"><num>2.</num><list><intro><p><span class="italic">Decides</span> that:</p></intro>
      <point><num>(a)</num><content><p>States shall freeze assets;</p></content></point>
      <point><num>(b)</num><content><p>States shall deny entry.</p></content></point></list></paragraph>
  </mainBody></statement></akomaNtoso>`;

let dir = "";
let dataDir = "";
const saved = {
  texts: process.env["SANCTIONS_TEXTS_DIR"],
  data: process.env["SANCTIONS_DATA_DIR"],
  database: process.env["DATABASE_URL"],
};
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "cli-text-"));
  // An empty data directory of its own: no texts imported (and no shared DATABASE_URL).
  dataDir = await mkdtemp(join(tmpdir(), "cli-text-data-"));
  await writeFile(join(dir, "S_RES_9001.xml"), TEXT);
  delete process.env["SANCTIONS_TEXTS_DIR"];
  delete process.env["DATABASE_URL"];
  process.env["SANCTIONS_DATA_DIR"] = dataDir;
});
after(async () => {
  for (const [name, value] of [
    ["SANCTIONS_TEXTS_DIR", saved.texts],
    ["SANCTIONS_DATA_DIR", saved.data],
    ["DATABASE_URL", saved.database],
  ] as const) {
    if (value === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = value;
  }
  await rm(dir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs `sanctions ARGS` in-process and returns what it wrote on stdout. */
async function run(args: string[]): Promise<string> {
  const program = new Command("sanctions").exitOverride();
  register(program);
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
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

void describe("sanctions text", () => {
  void it("prints a paragraph with its verb marked and its sub-paragraphs", async () => {
    const out = await run(["text", "S/RES/9001 (2030)", "2", "--texts", dir]);
    assert.equal(
      out,
      [
        "S/RES/9001 (2030), adopted 2030-01-02, operative paragraph 2",
        "verb: *Decides* (binding)",
        "*Decides* that:",
        "  (a) States shall freeze assets;",
        "  (b) States shall deny entry.",
        "",
      ].join("\n"),
    );
  });

  void it("prints a sub-paragraph cited as 8(a): its text under the paragraph's lead and verb", async () => {
    const out = await run(["text", "9001", "OP2(b)", "--texts", dir]);
    assert.equal(
      out,
      [
        "S/RES/9001 (2030), adopted 2030-01-02, operative paragraph 2(b)",
        "verb: *Decides* (binding)",
        "*Decides* that:",
        "  (b) States shall deny entry.",
        "",
      ].join("\n"),
    );
  });

  void it("lists the paragraphs with their verbs and force, and reads SANCTIONS_TEXTS_DIR", async () => {
    process.env["SANCTIONS_TEXTS_DIR"] = dir;
    try {
      const out = await run(["text", "9001"]);
      assert.match(out, /^OP1 +exhortation +\*Calls upon\* all States to be vigilant;$/m);
      assert.match(out, /^OP2 +binding +\*Decides\* that: \(a\) States/m);
      const json = ParagraphViewSchema.parse(JSON.parse(await run(["text", "S/RES/9001", "1", "--json"])));
      assert.equal(json.symbol, "S/RES/9001 (2030)");
      assert.equal(json.paragraph, "1");
      assert.deepEqual(json.verb, { text: "Calls upon", force: "exhortation" });
      assert.equal(json.decides, false);
      assert.match(json.textsVersion, /^sha256:[0-9a-f]{64}$/);
    } finally {
      delete process.env["SANCTIONS_TEXTS_DIR"];
    }
  });

  void it("ends with a usage error naming what is wrong", async () => {
    const usage = (pattern: RegExp) => (error: unknown) =>
      error instanceof UsageError && pattern.test(error.message);
    await assert.rejects(
      run(["text", "9001", "2"]),
      usage(/sanctions texts import .*--texts DIR or set SANCTIONS_TEXTS_DIR/),
    );
    await assert.rejects(run(["text", "2397", "--texts", dir]), usage(/no text of 2397/));
    await assert.rejects(
      run(["text", "9001", "7", "--texts", dir]),
      usage(/no operative paragraph 7 .*1 to 2/),
    );
    await assert.rejects(run(["text", "9001", "seven", "--texts", dir]), usage(/^paragraph: /));
    await assert.rejects(
      run(["text", "9001", "2(c)", "--texts", dir]),
      usage(/no sub-paragraph \(c\) \(it has \(a\), \(b\)\)/),
    );
    await assert.rejects(
      run(["text", "9001", "Annex II", "--texts", dir]),
      usage(/has no Annex II \(it has no annex\)/),
    );
    await assert.rejects(run(["text", "x".repeat(65), "--texts", dir]), usage(/^symbol: longer than 64/));
    await assert.rejects(run(["text", "9001", "--texts", join(dir, "none")]), usage(/cannot read/));
  });

  void it(
    "prints 2397 OP8 from the UN's texts",
    needsShared("un-resolutions", "S_RES_2397_1723207E.xml"),
    async () => {
      const out = await run(["text", "S/RES/2397 (2017)", "8", "--texts", sharedData("un-resolutions")]);
      assert.match(out, /^S\/RES\/2397 \(2017\), adopted 2017-12-22, operative paragraph 8$/m);
      assert.match(out, /^\*Expresses concern\* that DPRK nationals continue to work in other States/m);
      assert.match(out, /repatriate to the DPRK all DPRK nationals earning income/);
    },
  );
});
