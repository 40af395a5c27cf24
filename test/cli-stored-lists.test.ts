/**
 * The commands use the lists the service uses, through the real binary: a list imported into the
 * database (as `POST /v1/lists/import` does: `importList` into the store's snapshots) is screened
 * against by `sanctions check` and `sanctions screen`, on the embedded database and on PostgreSQL
 * (when `DATABASE_URL` is set); a data-directory list of another list applies beside it; the database's
 * list wins over the data directory's snapshot of the same list; `lists list` says which is used and
 * where each is stored; `check --record` records, and replays against, those same snapshots. With the
 * embedded database held by another process (a running server), the commands end at once with the
 * error that says what to do.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { buildSnapshot, FileSnapshotStore, importList } from "../src/lists/index.js";
import type { ListSnapshot } from "../src/model/designation.js";
import { openStore, storeTarget, type StoreTarget } from "../src/store/index.js";
import { adminQuery, postgresUrl, withDatabase } from "../src/store/testing/factories.js";
import { runCli, type CliResult } from "./support/cli.js";
import { needsShared, sharedData } from "./support/shared.js";

/** Suites of the shared data are skipped, saying so, on a clone with no ../shared beside it. */
const unList = needsShared("un", "consolidated.xml");

const scratch = await mkdtemp(join(tmpdir(), "cli-stored-lists-"));
after(() => rm(scratch, { recursive: true, force: true }));

/** A UN list of one person, other than the database's. */
const smallUn = join(scratch, "small-un.xml");
await writeFile(
  smallUn,
  `<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z"><INDIVIDUALS>` +
    `<INDIVIDUAL><FIRST_NAME>RI</FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPi.001</REFERENCE_NUMBER></INDIVIDUAL>` +
    `</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>\n`,
);

/** A hand-made list of one entity. */
const oneEntity = (list: string, ref: string, name: string): ListSnapshot =>
  buildSnapshot({
    source: "hand-made",
    list,
    designations: [
      {
        ref,
        list,
        programmes: ["DPRK"],
        kind: "entity",
        names: [{ full: name, quality: "primary" }],
        birthDates: [],
        nationalities: [],
        identifiers: [],
      },
    ],
  });

/** In the data directory: a list the database does not have (applies)... */
const fileOther = oneEntity("TEST-FILE", "TF.1", "ZELTRONIX VANTAGE HOLDINGS");
/** ...and a UN snapshot, which the database's UN list overrides. */
const fileUn = oneEntity("UN", "KPe.990", "QUORVAL MERIDIAN TRADING");

/** The database's UN list: the UN consolidated list. */
const designated = "Korea Tangun Trading Corporation";

const payment = (id: string, party: string) => ({
  id,
  type: "payment",
  date: "2019-12-17",
  from: "CN",
  to: "HK",
  instrument: "transfer",
  parties: [{ name: party, role: "beneficiary" }],
});

interface Verdict {
  id: string;
  verdict: string;
  reasons: { code: string; measure: string | null; citation: string | null; detail?: { list?: string } }[];
  listSnapshot: string | null;
}

const verdicts = (result: CliResult): Verdict[] =>
  result.stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Verdict);

interface Target {
  readonly name: string;
  /** The environment of the commands: DATABASE_URL empty for the embedded database. */
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
  const database = `sanctions_lists_${randomBytes(4).toString("hex")}`;
  const url = withDatabase(pgUrl, database);
  targets.push({
    name: "PostgreSQL",
    env: (dataDir) => ({ SANCTIONS_DATA_DIR: dataDir, DATABASE_URL: url }),
    target: () => ({ kind: "postgres", url }),
    cleanup: () => adminQuery(pgUrl, `drop database if exists ${database}`),
  });
  before(() => adminQuery(pgUrl, `create database ${database}`));
}

for (const t of targets) {
  describe(`the commands use the database's lists with the data directory's (${t.name})`, unList, () => {
    const dataDir = join(scratch, t.name.replace(/\W/g, "-"));
    const env = t.env(dataDir);
    let databaseUn = "";

    before(async () => {
      const files = new FileSnapshotStore(dataDir);
      for (const snapshot of [fileOther, fileUn]) await files.activate((await files.save(snapshot)).id);
      const store = await openStore(t.target(dataDir));
      try {
        const imported = await importList(store.snapshots, sharedData("un", "consolidated.xml"));
        databaseUn = imported.snapshot.id;
      } finally {
        await store.close();
      }
    });
    after(() => t.cleanup());

    it("check: a party designated on the database's list is prohibited, citing the asset freeze", async () => {
      const result = await runCli(["check", "--json"], {
        input: JSON.stringify(payment("db", designated)),
        env,
      });
      assert.equal(result.code, 0, result.stderr);
      const [verdict] = verdicts(result);
      assert.equal(verdict?.verdict, "prohibited");
      const reason = verdict.reasons.find((candidate) => candidate.code === "party_designated");
      assert.equal(reason?.measure, "KP-TGT-ASSETFREEZE");
      assert.match(reason.citation ?? "", /^S\/RES\/\d+ \(\d{4}\) OP/);
      assert.equal(reason.detail?.list, "UN");
      // Both lists, in list-name order: the data directory's TEST-FILE and the database's UN.
      assert.equal(verdict.listSnapshot, `${fileOther.id},${databaseUn}`);
    });

    it("check: the data directory's list of another list applies beside it; its overridden UN snapshot does not", async () => {
      const input = [
        payment("file", "Zeltronix Vantage Holdings"),
        payment("old", "Quorval Meridian Trading"),
      ]
        .map((activity) => JSON.stringify(activity))
        .join("\n");
      const result = await runCli(["check", "--json"], { input, env });
      assert.equal(result.code, 0, result.stderr);
      const [file, old] = verdicts(result);
      assert.equal(file?.verdict, "prohibited");
      assert.equal(
        file.reasons.find((reason) => reason.code === "party_designated")?.detail?.list,
        "TEST-FILE",
      );
      assert.equal(old?.verdict, "permitted");
    });

    it("screen: finds the database's designation and the data directory's, not the overridden one", async () => {
      const result = await runCli(
        ["screen", designated, "Zeltronix Vantage Holdings", "Quorval Meridian Trading", "--json"],
        { env },
      );
      assert.equal(result.code, 0, result.stderr);
      const lines = result.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { query: string; matches: { ref: string; list: string }[] });
      assert.equal(lines.length, 3);
      assert.equal(lines[0]?.matches[0]?.list, "UN");
      assert.match(lines[0].matches[0].ref, /^KPe\.\d{3}$/);
      assert.deepEqual(
        lines[1]?.matches.map((match) => [match.ref, match.list]),
        [["TF.1", "TEST-FILE"]],
      );
      assert.deepEqual(lines[2]?.matches, []);
    });

    it("draft diff --activities: screens against the same lists, so an asset freeze outlives a lifted ban", async () => {
      const seafood = (id: string, parties: object[]) => ({
        id,
        type: "goods",
        date: "2020-01-15",
        hs: "0303.89",
        from: "KP",
        to: "CN",
        parties,
      });
      const activities = join(scratch, `draft-activities-${t.name.replace(/\W/g, "-")}.jsonl`);
      await writeFile(
        activities,
        [seafood("plain", []), seafood("to-designated", [{ name: designated, role: "consignee" }])]
          .map((activity) => JSON.stringify(activity))
          .join("\n") + "\n",
      );
      const result = await runCli(["draft", "diff", "cn-ru-2019", "--activities", activities, "--json"], {
        env,
      });
      assert.equal(result.code, 0, result.stderr);
      const { verdicts: diff } = JSON.parse(result.stdout) as {
        verdicts: { total: number; items: { id: string; before: string; after: string }[] };
      };
      assert.equal(diff.total, 2);
      // The draft lifts the seafood ban; the consignee is still designated on the database's UN list.
      assert.deepEqual(diff.items, [
        { id: "plain", before: "prohibited", after: "permitted", measures: ["KP-EXP-SEAFOOD"] },
      ]);
    });

    it("lists list: marks the lists in use and where each is stored; lists diff finds either", async () => {
      const json = await runCli(["lists", "list", "--json"], { env });
      assert.equal(json.code, 0, json.stderr);
      const rows = JSON.parse(json.stdout) as {
        id: string;
        list: string;
        active: boolean;
        origin: string;
        overriddenBy?: string;
      }[];
      const row = (id: string) => {
        const found = rows.find((candidate) => candidate.id === id);
        assert.ok(found, `${id} is listed`);
        const { id: _id, list, active, origin, overriddenBy } = found;
        return { list, active, origin, overriddenBy };
      };
      assert.deepEqual(row(databaseUn), {
        list: "UN",
        active: true,
        origin: "database",
        overriddenBy: undefined,
      });
      assert.deepEqual(row(fileOther.id), {
        list: "TEST-FILE",
        active: true,
        origin: "file",
        overriddenBy: undefined,
      });
      assert.deepEqual(row(fileUn.id), {
        list: "UN",
        active: false,
        origin: "file",
        overriddenBy: databaseUn,
      });

      const text = await runCli(["lists", "list"], { env });
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, new RegExp(`^\\* ${databaseUn.slice(0, 12)}  UN .* database$`, "m"));
      assert.match(text.stdout, new RegExp(`^\\* ${fileOther.id.slice(0, 12)}  TEST-FILE .* file$`, "m"));
      assert.match(
        text.stdout,
        new RegExp(
          `^  ${fileUn.id.slice(0, 12)}  UN .* file \\(the database's ${databaseUn.slice(0, 12)} is used instead\\)$`,
          "m",
        ),
      );

      // diff finds the data directory's snapshot and the database's.
      const diff = await runCli(["lists", "diff", fileUn.id.slice(0, 8), databaseUn.slice(0, 8), "--json"], {
        env,
      });
      assert.equal(diff.code, 0, diff.stderr);
      const changes = JSON.parse(diff.stdout) as { from: string; to: string; removed: { ref: string }[] };
      assert.deepEqual([changes.from, changes.to], [fileUn.id, databaseUn]);
      assert.deepEqual(
        changes.removed.map((designation) => designation.ref),
        ["KPe.990"],
      );
    });

    it("check --record: records the snapshots it screened against, and replays with zero differences", async () => {
      const input = [payment("db", designated), payment("file", "Zeltronix Vantage Holdings")]
        .map((activity) => JSON.stringify(activity))
        .join("\n");
      const recorded = await runCli(["check", "--json", "--record"], { input, env });
      assert.equal(recorded.code, 0, recorded.stderr);
      assert.match(recorded.stderr, /recorded 2 checks in audit batch /);
      assert.deepEqual(
        verdicts(recorded).map((verdict) => verdict.verdict),
        ["prohibited", "prohibited"],
      );
      const store = await openStore(t.target(dataDir));
      try {
        const [batch] = await store.audit.batches();
        assert.equal(batch?.listSnapshot, `${fileOther.id},${databaseUn}`);
        // The data directory's snapshot is now in the database too (for replays), yet not active there.
        assert.ok(await store.snapshots.get(fileOther.id));
        assert.equal(await store.snapshots.active("TEST-FILE"), undefined);
      } finally {
        await store.close();
      }
      const replay = await runCli(["audit", "replay", "--json"], { env });
      assert.equal(replay.code, 0, replay.stderr);
      assert.deepEqual(JSON.parse(replay.stdout), { checks: 2, identical: 2, differences: [] });
    });

    it("lists import: says when the database's list of the same name is used instead", async () => {
      // Same content as the database's snapshot: the same id, so nothing is overridden.
      const same = await runCli(["lists", "import", sharedData("un", "consolidated.xml")], { env });
      assert.equal(same.code, 0, same.stderr);
      assert.doesNotMatch(same.stderr, /instead/);
      // A one-record list over the full one: only forced (see MAX_LIST_DROP).
      const other = await runCli(["lists", "import", "--format", "un", "--force", smallUn], { env });
      assert.equal(other.code, 0, other.stderr);
      assert.match(
        other.stderr,
        new RegExp(
          `the database has an active UN list \\(snapshot ${databaseUn.slice(0, 12)}, imported through the API\\); check, screen and the service use it instead of this one`,
        ),
      );
    });
  });
}

describe("the embedded database held by another process (a running server)", () => {
  const dataDir = join(scratch, "held");
  const env = { SANCTIONS_DATA_DIR: dataDir, DATABASE_URL: "" };

  it("check, screen and lists list end at once, saying to stop it or use DATABASE_URL", async () => {
    // This process holds it, as `sanctions serve` does while it runs.
    const store = await openStore(storeTarget(dataDir, {}));
    try {
      const runs = [
        await runCli(["check", "--json"], { input: JSON.stringify(payment("x", designated)), env }),
        await runCli(["screen", designated], { env }),
        await runCli(["lists", "list"], { env }),
      ];
      for (const result of runs) {
        assert.equal(result.code, 1, result.stdout);
        assert.equal(result.stdout, "");
        assert.match(
          result.stderr,
          /^sanctions: database_unavailable: the embedded database in .* is in use by process/,
        );
        assert.match(result.stderr, new RegExp(`process ${process.pid} \\(stop it, or use DATABASE_URL`));
        assert.equal(result.stderr.trim().split("\n").length, 1);
      }
    } finally {
      await store.close();
    }
  });
});
