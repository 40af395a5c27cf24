import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Command } from "commander";
import { FileSnapshotStore } from "../../lists/index.js";
import type { ListSnapshot } from "../../model/designation.js";
import { UsageError } from "../output.js";
import { register } from "./screen.js";

let dir = "";
const savedDataDir = process.env["SANCTIONS_DATA_DIR"];
// Lists in the data directory only: no database (a set DATABASE_URL would add its lists).
const savedDatabaseUrl = process.env["DATABASE_URL"];
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "cli-screen-"));
  process.env["SANCTIONS_DATA_DIR"] = dir;
  delete process.env["DATABASE_URL"];
});
after(async () => {
  if (savedDataDir === undefined) delete process.env["SANCTIONS_DATA_DIR"];
  else process.env["SANCTIONS_DATA_DIR"] = savedDataDir;
  if (savedDatabaseUrl !== undefined) process.env["DATABASE_URL"] = savedDatabaseUrl;
  await rm(dir, { recursive: true, force: true });
});

const snapshot: ListSnapshot = {
  id: "5".repeat(64),
  source: "hand-made",
  list: "UN",
  importedAt: "2026-05-09T00:00:00Z",
  counts: { persons: 1, entities: 1, vessels: 0, names: 3 },
  designations: [
    {
      ref: "KPi.033",
      list: "UN",
      programmes: ["DPRK"],
      kind: "person",
      names: [{ full: "RI WON HO", quality: "primary", parts: ["RI", "WON HO"] }],
      birthDates: [{ kind: "exact", date: "1964-07-17" }],
      nationalities: ["KP"],
      identifiers: [],
    },
    {
      ref: "KPe.002",
      list: "UN",
      programmes: ["DPRK"],
      kind: "entity",
      names: [
        { full: "KOREA RYONBONG GENERAL CORPORATION", quality: "primary" },
        { full: "KOREA YONBONG GENERAL CORPORATION", quality: "good" },
      ],
      birthDates: [],
      nationalities: [],
      identifiers: [],
    },
  ],
};

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

void describe("sanctions screen", () => {
  void it("fails with a usage error before any list is imported", async () => {
    await assert.rejects(run(["screen", "Ri Won Ho"]), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /sanctions lists import/);
      return true;
    });
  });

  void it("prints one JSON line per query with the alerts and their explanation", async () => {
    const store = new FileSnapshotStore(dir);
    await store.save(snapshot);
    await store.activate(snapshot.id);
    const out = await run(["screen", "Lee Wonho", "Kim Il Sung", "--json"]);
    const lines = out
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    assert.equal(lines[0]?.["query"], "Lee Wonho");
    const [first] = lines;
    assert.ok(first);
    const matches = first["matches"] as {
      ref: string;
      score: number;
      explanation: { alignment: unknown[] };
    }[];
    assert.equal(matches[0]?.ref, "KPi.033");
    assert.ok(matches[0].explanation.alignment.length > 0);
    assert.deepEqual(lines[1]?.["matches"], []);
  });

  void it("applies --dob and --threshold", async () => {
    const plain = JSON.parse(await run(["screen", "Ri Won Ho", "--json"])) as { matches: unknown[] };
    assert.equal(plain.matches.length, 1);
    const conflicting = JSON.parse(await run(["screen", "Ri Won Ho", "--dob", "1990", "--json"])) as {
      matches: unknown[];
    };
    assert.equal(conflicting.matches.length, 0);
    await assert.rejects(run(["screen", "Ri Won Ho", "--threshold", "2"]), UsageError);
  });

  void it("reads queries from a file and shows the explanation in text mode", async () => {
    const file = join(dir, "queries.txt");
    await writeFile(file, 'Korea Yonbong General Corp.\n{"id": "q2", "name": "Won-ho Ri", "dob": "1964"}\n');
    const out = await run(["screen", "--file", file]);
    assert.match(out, /KPe\.002/);
    assert.match(out, /corp ↔ corporation: legal-form/);
    assert.match(out, /q2: Won-ho Ri: 1 alert/);
    assert.match(out, /qualifier dob-match/);
  });

  void it("shows each match's list, programmes, authority and whether it is confirmed or potential", async () => {
    const un: ListSnapshot = {
      ...snapshot,
      id: "6".repeat(64),
      designations: [
        ...snapshot.designations,
        {
          ref: "KPe.033",
          list: "UN",
          programmes: ["DPRK"],
          kind: "entity",
          names: [{ full: "KOREA UNITED DEVELOPMENT BANK", quality: "primary" }],
          birthDates: [],
          nationalities: [],
          identifiers: [{ type: "other", value: "KUDBKPPY", note: "SWIFT/BIC" }],
        },
      ],
    };
    const ofac: ListSnapshot = {
      id: "7".repeat(64),
      source: "hand-made",
      list: "OFAC-SDN",
      importedAt: "2026-05-09T00:00:00Z",
      counts: { persons: 1, entities: 1, vessels: 0, names: 2 },
      designations: [
        {
          ref: "20157",
          list: "OFAC-SDN",
          programmes: ["DPRK3"],
          kind: "person",
          names: [{ full: "KIM, Jong Un", quality: "primary", parts: ["KIM", "Jong Un"] }],
          birthDates: [{ kind: "exact", date: "1984-01-08" }],
          nationalities: [],
          identifiers: [],
        },
        {
          ref: "10002",
          list: "OFAC-SDN",
          programmes: ["SDNT"],
          kind: "entity",
          names: [{ full: "COMERCIALIZADORA DE CAFE DEL OCCIDENTE CODECAFE LTDA.", quality: "primary" }],
          birthDates: [],
          nationalities: [],
          identifiers: [],
        },
      ],
    };
    // A data directory of its own: the lists of the tests above are in its database already.
    const own = join(dir, "basis");
    process.env["SANCTIONS_DATA_DIR"] = own;
    const store = new FileSnapshotStore(own);
    for (const list of [un, ofac]) {
      await store.save(list);
      await store.activate(list.id);
    }
    type Line = {
      matches: {
        ref: string;
        list: string;
        programmes: string[];
        authority: string;
        un1718: boolean;
        confirmation: { kind: string; by?: string; identifier?: string; policy: string };
      }[];
    };
    const screen = async (...args: string[]) => JSON.parse(await run(["screen", ...args, "--json"])) as Line;
    const kim = (await screen("Kim Jong Un")).matches[0];
    assert.deepEqual(
      [kim?.ref, kim?.list, kim?.programmes, kim?.authority, kim?.un1718, kim?.confirmation.kind],
      ["20157", "OFAC-SDN", ["DPRK3"], "US Treasury OFAC", false, "confirmed"],
    );
    const coffee = (await screen("Comercializadora de Cafe del Occidente Codecafe Ltda")).matches[0];
    assert.deepEqual([coffee?.programmes, coffee?.un1718], [["SDNT"], false]);
    const near = (await screen("Korea Development Bank", "--threshold", "0.7")).matches.find(
      (match) => match.list === "UN",
    );
    assert.deepEqual([near?.ref, near?.un1718], ["KPe.033", true]);
    assert.notEqual(near?.confirmation.kind, "confirmed");
    assert.equal(near?.confirmation.policy, "confirm-v1");
    const bySwift = (
      await screen("Korea Development Bank", "--swift", "KUDBKPPYXXX", "--threshold", "0.7")
    ).matches.find((match) => match.list === "UN");
    assert.deepEqual(
      [bySwift?.confirmation.kind, bySwift?.confirmation.by, bySwift?.confirmation.identifier],
      ["confirmed", "identifier", "swift KUDBKPPY"],
    );
    const text = await run(["screen", "Korea Development Bank", "Kim Jong Un", "--threshold", "0.7"]);
    assert.match(text, /UN 1718 designation \(asset freeze\); (potential|near) match \(confirm-v1\)/);
    assert.match(
      text,
      /listed elsewhere: US Treasury OFAC, DPRK3 \(not a UN 1718 designation\); confirmed match by exact-name/,
    );
  });
});
