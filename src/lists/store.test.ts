import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { needsShared, sharedData } from "../../test/support/shared.js";
import type { Designation } from "../model/designation.js";
import { ListError } from "./errors.js";
import { importList } from "./import.js";
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
