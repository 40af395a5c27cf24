import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { needsShared, sharedData } from "../../test/support/shared.js";
import type { Designation } from "../model/designation.js";
import { ListError } from "./errors.js";
import { detectFormat, importList, importListInput, MAX_LIST_DROP, type ListFormat } from "./import.js";
import { loadActiveSnapshots } from "./index.js";
import { buildSnapshot, snapshotId } from "./snapshot.js";
import { FileSnapshotStore } from "./store.js";

/** Suites of the shared data are skipped, saying so, on a clone with no ../shared beside it. */
const unList = needsShared("un", "consolidated.xml");

const person = (ref: string, name: string, list = "UN"): Designation => ({
  ref,
  list,
  programmes: ["DPRK"],
  kind: "person",
  names: [{ full: name, quality: "primary" }],
  birthDates: [],
  nationalities: [],
  identifiers: [],
});

const unXml = (people: readonly [string, string][]): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z"><INDIVIDUALS>` +
  people
    .map(
      ([ref, name]) =>
        `<INDIVIDUAL><FIRST_NAME>${name}</FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>${ref}</REFERENCE_NUMBER></INDIVIDUAL>`,
    )
    .join("") +
  `</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>\n`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "lists-store-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("snapshots", () => {
  it("have a content id that ignores order and import time", () => {
    const a = buildSnapshot({
      source: "x",
      list: "UN",
      designations: [person("KPi.2", "B"), person("KPi.1", "A")],
    });
    const b = buildSnapshot({
      source: "y",
      list: "UN",
      designations: [person("KPi.1", "A"), person("KPi.2", "B")],
      importedAt: new Date("2020-01-01"),
    });
    assert.equal(a.id, b.id);
    assert.match(a.id, /^[0-9a-f]{64}$/);
    assert.deepEqual(
      a.designations.map((d) => d.ref),
      ["KPi.1", "KPi.2"],
    );
    assert.deepEqual(a.counts, { persons: 2, entities: 0, vessels: 0, names: 2 });
    const c = buildSnapshot({
      source: "x",
      list: "UN",
      designations: [person("KPi.1", "A"), person("KPi.2", "C")],
    });
    assert.notEqual(a.id, c.id);
  });
});

describe("FileSnapshotStore", () => {
  it("saves, activates one snapshot per list, lists and gets by prefix", async () => {
    const store = new FileSnapshotStore(dir);
    const one = buildSnapshot({ source: "1", list: "UN", designations: [person("KPi.1", "A")] });
    const two = buildSnapshot({
      source: "2",
      list: "UN",
      designations: [person("KPi.1", "A"), person("KPi.2", "B")],
    });
    const ofac = buildSnapshot({
      source: "3",
      list: "OFAC-SDN",
      designations: [person("1", "KIM", "OFAC-SDN")],
    });
    for (const s of [one, two, ofac]) await store.save(s);
    assert.equal(await store.active("UN"), undefined);
    assert.deepEqual(await store.activeAll(), []);

    await store.activate(one.id);
    await store.activate(ofac.id.slice(0, 10));
    assert.equal((await store.active("UN"))?.id, one.id);
    await store.activate(two.id);
    assert.equal((await store.active("UN"))?.id, two.id);
    assert.deepEqual(
      (await store.activeAll()).map((s) => [s.list, s.id]),
      [
        ["OFAC-SDN", ofac.id],
        ["UN", two.id],
      ],
    );
    const listed = await store.list();
    assert.equal(listed.length, 3);
    assert.deepEqual(
      listed
        .filter((s) => s.active)
        .map((s) => s.id)
        .sort(),
      [ofac.id, two.id].sort(),
    );
    assert.equal((await store.get(one.id.slice(0, 8)))?.designations.length, 1);
    assert.equal(await store.get("abcdef0123"), undefined);
    await assert.rejects(
      store.activate("0".repeat(64)),
      (e: unknown) => e instanceof ListError && e.code === "snapshot_not_found",
    );

    assert.deepEqual(
      (await loadActiveSnapshots(dir)).map((s) => s.id),
      [ofac.id, two.id],
    );
  });

  it("keeps the first copy when the same content is saved again", async () => {
    const store = new FileSnapshotStore(dir);
    const s = buildSnapshot({
      source: "1",
      list: "UN",
      designations: [person("KPi.1", "A")],
      importedAt: new Date(0),
    });
    await store.save(s);
    const again = await store.save({ ...s, importedAt: new Date().toISOString() });
    assert.equal(again.importedAt, new Date(0).toISOString());
    assert.equal((await store.list()).length, 1);
  });

  it("reports a corrupt pointer or snapshot file with a code", async () => {
    const store = new FileSnapshotStore(dir);
    const s = buildSnapshot({ source: "1", list: "UN", designations: [person("KPi.1", "A")] });
    await store.save(s);
    await store.activate(s.id);
    await writeFile(join(dir, "lists", "snapshots", `${s.id}.json`), "{trunc");
    await assert.rejects(
      store.active("UN"),
      (e: unknown) => e instanceof ListError && e.code === "snapshot_corrupt",
    );
  });
});

describe("importList", () => {
  it("imports the real UN list, and a failed import leaves it active", unList, async () => {
    const store = new FileSnapshotStore(dir);
    const first = await importList(store, sharedData("un", "consolidated.xml"));
    assert.equal(first.format, "un");
    assert.equal(first.activated, true);
    assert.deepEqual(first.snapshot.counts, { persons: 737, entities: 272, vessels: 0, names: 4200 });
    assert.equal(first.snapshot.generatedOn, "2026-05-08T23:00:06.922Z");

    const truncated = join(dir, "truncated.xml");
    await writeFile(truncated, (await readFile(sharedData("un", "consolidated.xml"))).subarray(0, 500_000));
    await assert.rejects(
      importList(store, truncated),
      (e: unknown) => e instanceof ListError && e.code === "truncated",
    );
    const junk = join(dir, "junk.txt");
    await writeFile(junk, "hello\n");
    await assert.rejects(
      importList(store, junk),
      (e: unknown) => e instanceof ListError && e.code === "format_unknown",
    );
    assert.equal((await store.active("UN"))?.id, first.snapshot.id);
    assert.equal((await store.list()).length, 1);

    const again = await importList(store, sharedData("un", "consolidated.xml"));
    assert.equal(again.previous, first.snapshot.id);
    assert.equal(again.snapshot.id, first.snapshot.id, "same content, same id");
  });

  it("guesses OFAC and FtM from the content and reads URLs through fetch", async () => {
    const store = new FileSnapshotStore(dir);
    const csv = join(dir, "sdn.csv");
    await writeFile(
      csv,
      '17069,"CHONG CHON GANG","vessel","DPRK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n',
    );
    assert.equal((await importList(store, csv)).format, "ofac");
    const body = JSON.stringify({
      id: "x",
      schema: "Person",
      datasets: ["t"],
      properties: { name: ["KIM"] },
    });
    const fake: typeof fetch = () => Promise.resolve(new Response(body));
    const result = await importList(store, "https://example.invalid/x.json", { fetch: fake });
    assert.equal(result.format, "ftm");
    assert.equal(result.snapshot.list, "FTM:t");
    const down: typeof fetch = () => Promise.resolve(new Response("nope", { status: 503 }));
    await assert.rejects(
      importList(store, "https://example.invalid/y", { fetch: down }),
      (e: unknown) => e instanceof ListError && e.code === "input_unreadable" && /503/.test(e.message),
    );
  });
});

describe("importList refuses what would change the active list wrongly", () => {
  const people = (count: number): [string, string][] =>
    Array.from({ length: count }, (_, i) => [`KPi.${String(i + 1).padStart(3, "0")}`, `PERSON ${i + 1}`]);

  it(
    "a file with a nameless record: record_invalid naming it, and the active list stays",
    unList,
    async () => {
      const store = new FileSnapshotStore(dir);
      const first = await importList(store, sharedData("un", "consolidated.xml"));
      // The real list with one record's name blanked, as a broken export or a hand edit leaves it.
      const xml = (await readFile(sharedData("un", "consolidated.xml"), "utf8")).replace(
        /<FIRST_NAME>RI<\/FIRST_NAME>(\s*)<SECOND_NAME>WON HO<\/SECOND_NAME>/,
        "<FIRST_NAME> </FIRST_NAME>$1<SECOND_NAME/>",
      );
      const broken = join(dir, "nameless.xml");
      await writeFile(broken, xml);
      await assert.rejects(importList(store, broken), (e: unknown) => {
        assert.ok(e instanceof ListError);
        assert.equal(e.code, "record_invalid");
        assert.equal(e.issues.length, 1);
        const [issue] = e.issues;
        assert.ok(issue);
        assert.equal(issue.problem, "no_name");
        assert.equal(issue.ref, "KPi.033");
        assert.equal(issue.kind, "INDIVIDUAL");
        // Where it is: the line of its <INDIVIDUAL> tag, and its place among the records.
        const lines = xml.split("\n");
        const tagLine = lines.slice(0, issue.line).findLastIndex((l) => l.includes("<INDIVIDUAL>")) + 1;
        assert.equal(issue.line, tagLine);
        assert.ok(
          lines
            .slice(tagLine - 1, tagLine + 40)
            .join("\n")
            .includes("KPi.033"),
        );
        assert.match(
          e.message,
          /^1 record cannot be used: record \d+ \(INDIVIDUAL KPi\.033, line \d+\) has no name$/,
        );
        return true;
      });
      assert.equal((await store.active("UN"))?.id, first.snapshot.id);
      assert.equal((await store.list()).length, 1, "nothing of the broken file is stored");
    },
  );

  it("names every unusable record, not only the first", async () => {
    const store = new FileSnapshotStore(dir);
    const xml = unXml(people(5))
      .replace("<FIRST_NAME>PERSON 2</FIRST_NAME>", "")
      .replace("<REFERENCE_NUMBER>KPi.004</REFERENCE_NUMBER>", "")
      .replace("<FIRST_NAME>PERSON 5</FIRST_NAME>", "<FIRST_NAME></FIRST_NAME>");
    const file = join(dir, "three-bad.xml");
    await writeFile(file, xml);
    await assert.rejects(importList(store, file), (e: unknown) => {
      assert.ok(e instanceof ListError && e.code === "record_invalid");
      assert.deepEqual(
        e.issues.map((i) => [i.record, i.problem, i.ref]),
        [
          [2, "no_name", "KPi.002"],
          [4, "no_reference", undefined],
          [5, "no_name", "KPi.005"],
        ],
      );
      assert.match(e.message, /^3 records cannot be used: record 2 .*; record 4 .*; record 5 /);
      return true;
    });
    assert.equal(await store.active("UN"), undefined);
  });

  it(`refuses a list more than ${MAX_LIST_DROP * 100}% smaller than the active one unless forced`, async () => {
    const store = new FileSnapshotStore(dir);
    const write = async (name: string, count: number): Promise<string> => {
      const file = join(dir, name);
      await writeFile(file, unXml(people(count)));
      return file;
    };
    const full = await importList(store, await write("full.xml", 20));
    // 18 of 20 is a drop of exactly a tenth: imported.
    const ninety = await importList(store, await write("ninety.xml", 18));
    assert.equal(ninety.previousDesignations, 20);
    assert.equal(ninety.forced, undefined);
    const small = await write("small.xml", 2);
    await assert.rejects(importList(store, small), (e: unknown) => {
      assert.ok(e instanceof ListError);
      assert.equal(e.code, "list_shrunk");
      assert.match(e.message, /holds 2 designations, the active UN snapshot \w{12} holds 18/);
      return true;
    });
    assert.equal((await store.active("UN"))?.id, ninety.snapshot.id);
    // Saved without activating, nothing is replaced: no refusal.
    assert.equal((await importList(store, small, { activate: false })).activated, false);
    assert.equal((await store.active("UN"))?.id, ninety.snapshot.id);
    const forced = await importList(store, small, { force: true });
    assert.equal(forced.forced, true);
    assert.equal(forced.previousDesignations, 18);
    assert.equal((await store.active("UN"))?.designations.length, 2);
    assert.notEqual(forced.snapshot.id, full.snapshot.id);
  });
});

describe("a UTF-8 byte-order mark at the start of a list file", () => {
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  const files: readonly (readonly [ListFormat, string, string])[] = [
    ["un", "un.xml", unXml([["KPi.001", "RI WON HO"]])],
    [
      "ofac",
      "sdn.csv",
      '17069,"CHONG CHON GANG","vessel","DPRK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n',
    ],
    [
      "ftm",
      "x.ftm.json",
      JSON.stringify({ id: "NK-1", schema: "Person", datasets: ["t"], properties: { name: ["KIM"] } }) + "\n",
    ],
  ];

  for (const [format, name, text] of files) {
    it(`is skipped when guessing and reading ${format}`, async () => {
      const store = new FileSnapshotStore(dir);
      const withBom = Buffer.concat([bom, Buffer.from(text)]);
      assert.equal(detectFormat(withBom), format);
      assert.equal(detectFormat(withBom.toString("latin1")), format, "as Latin-1 text");
      assert.equal(detectFormat(withBom.toString("utf8")), format, "as decoded text");
      const file = join(dir, name);
      await writeFile(file, withBom);
      const result = await importList(store, file);
      assert.equal(result.format, format);
      const plainFile = join(dir, `plain-${name}`);
      await writeFile(plainFile, text);
      const plain = await importList(new FileSnapshotStore(join(dir, "plain")), plainFile);
      assert.equal(result.snapshot.id, plain.snapshot.id, "the same designations as without the mark");
      // Decoded text handed over as such keeps no U+FEFF in the first field either.
      const fromText = await importListInput(
        new FileSnapshotStore(join(dir, "text")),
        [withBom.toString("utf8")],
        {
          source: "text",
        },
      );
      assert.equal(fromText.snapshot.id, plain.snapshot.id);
    });
  }
});

/** Starts the crash-test child, resolves once it prints `ready`, then kills it with SIGKILL. */
async function killWhen(args: readonly string[], ready: string, delayMs: number): Promise<void> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "testing", "import-child.ts"), ...args],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(ready)) resolve();
    });
    child.on("exit", (code) => {
      reject(new Error(`child exited (${String(code)}) before "${ready}"`));
    });
  });
  await new Promise((r) => setTimeout(r, delayMs));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on("exit", (_code, signal) => {
      resolve(signal);
    }),
  );
  child.kill("SIGKILL");
  assert.equal(await exited, "SIGKILL");
}

describe("an import killed with SIGKILL", () => {
  it("mid-download leaves the previous snapshot active and readable", unList, async () => {
    const store = new FileSnapshotStore(dir);
    const xml = join(dir, "before.xml");
    await writeFile(xml, unXml([["KPi.001", "RI WON HO"]]));
    const before = await importList(store, xml);
    await killWhen(["hang", dir, sharedData("un", "consolidated.xml")], "reading", 50);
    const active = await store.active("UN");
    assert.equal(active?.id, before.snapshot.id);
    assert.equal(active.designations[0]?.names[0]?.full, "RI WON HO");
    assert.equal((await store.list()).length, 1);
  });

  it("while snapshots are being written and activated leaves a complete, consistent one active", async () => {
    const store = new FileSnapshotStore(dir);
    const xml = join(dir, "before.xml");
    await writeFile(xml, unXml([["KPi.001", "RI WON HO"]]));
    await importList(store, xml);
    await killWhen(["churn", dir], "churning", 700);
    const active = await store.active("UN");
    assert.ok(active);
    assert.equal(snapshotId(active.designations), active.id, "the active file is whole and matches its id");
    for (const summary of await store.list()) {
      const s = await store.get(summary.id);
      assert.equal(s && snapshotId(s.designations), summary.id);
    }
    const leftovers = (await readdir(join(dir, "lists", "snapshots"))).filter((n) => n.endsWith(".tmp"));
    assert.ok(leftovers.length <= 2, "at most the write in flight is left behind, as a temp file");
  });
});
