/**
 * One list store for the commands and the service, through the real binary, on the embedded database
 * and on PostgreSQL (when `DATABASE_URL` is set). The data directory was written before lists lived in
 * the database (two snapshots as files, beside a UN list the service imported into the database): the
 * first command moves the files in, once, the database's UN list staying the one in use. Then
 * `sanctions check`, `sanctions screen` and `draft diff --activities` screen against the database's
 * active lists; `lists list` is `GET /v1/lists`; a list imported by the command is the service's, and
 * one imported through the API is the commands'; `check --record` records, and replays against, those
 * same snapshots. With the embedded database held by another process (a running server), the commands
 * end at once with the error that says what to do.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { storedContext } from "../src/api/stored.js";
import { testApp, testRegime } from "../src/api/testing.js";
import { defaultRegimeDir } from "../src/config/index.js";
import { buildSnapshot, FileSnapshotStore, importList } from "../src/lists/index.js";
import type { ListSnapshot } from "../src/model/designation.js";
import { MOVED_LISTS_DIR, openStore, storeTarget, type Store, type StoreTarget } from "../src/store/index.js";
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
/** ...and a UN snapshot; the database's UN list was the one in use, and stays so. */
const fileUn = oneEntity("UN", "KPe.990", "QUORVAL MERIDIAN TRADING");

/** The database's UN list (imported through the API before): the UN consolidated list. */
// Its exact listed name: a close one ("Korea Tangun ...") is only a potential match (confirm-v1).
const designated = "Korean Tangun Trading Corporation";

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

/** A stored snapshot as `lists list --json` and `GET /v1/lists` give it. */
interface Row {
  id: string;
  list: string;
  importedAt: string;
  active: boolean;
}

/**
 * Runs `work` with the service over the store, as `sanctions serve` builds it (`storedContext`), the
 * store closed after: the embedded database takes one process at a time.
 */
async function withService<T>(
  target: StoreTarget,
  dataDir: string,
  work: (call: Awaited<ReturnType<typeof testApp>>["call"]) => Promise<T>,
): Promise<T> {
  const store: Store = await openStore(target);
  const app = await testApp({
    lists: store.snapshots,
    context: storedContext(store, {
      regime: await testRegime(),
      regimeDir: defaultRegimeDir,
      dataDir,
      refreshMs: 0,
    }),
  });
  try {
    return await work((method, path, options) => app.call(method, path, options));
  } finally {
    await app.cleanup();
    await store.close();
  }
}

for (const t of targets) {
  describe(`the commands and the service use one list store (${t.name})`, unList, () => {
    const dataDir = join(scratch, t.name.replace(/\W/g, "-"));
    const env = t.env(dataDir);
    let databaseUn = "";
    let fileImportedAt: Record<string, string> = {};

    before(async () => {
      // As an earlier version left it: `sanctions lists import` wrote files, the API the database.
      const files = new FileSnapshotStore(dataDir);
      for (const snapshot of [fileOther, fileUn]) await files.saveActive(snapshot);
      fileImportedAt = Object.fromEntries((await files.list()).map((row) => [row.id, row.importedAt]));
      const store = await openStore(t.target(dataDir));
      try {
        const imported = await importList(store.snapshots, sharedData("un", "consolidated.xml"));
        databaseUn = imported.snapshot.id;
      } finally {
        await store.close();
      }
    });
    after(() => t.cleanup());

    it("the first command moves the data directory's lists in, once; the database's UN list stays in use", async () => {
      const first = await runCli(["lists", "list", "--json"], { env });
      assert.equal(first.code, 0, first.stderr);
      assert.equal(
        first.stderr,
        `sanctions: note: moved 2 list snapshots of the data directory into the database; active: TEST-FILE; ` +
          `the database's active UN kept (it was the one in use); the files are kept in ${join(dataDir, MOVED_LISTS_DIR)}, no longer read\n`,
      );
      const rows = JSON.parse(first.stdout) as Row[];
      const row = (id: string) => {
        const found = rows.find((candidate) => candidate.id === id);
        assert.ok(found, `${id} is listed`);
        return { list: found.list, active: found.active, importedAt: found.importedAt };
      };
      assert.equal(rows.length, 3);
      assert.deepEqual(row(databaseUn), { list: "UN", active: true, importedAt: row(databaseUn).importedAt });
      assert.deepEqual(row(fileOther.id), {
        list: "TEST-FILE",
        active: true,
        importedAt: fileImportedAt[fileOther.id],
      });
      assert.deepEqual(row(fileUn.id), { list: "UN", active: false, importedAt: fileImportedAt[fileUn.id] });

      const again = await runCli(["lists", "list"], { env });
      assert.equal(again.code, 0, again.stderr);
      assert.equal(again.stderr, "");
      assert.match(again.stdout, new RegExp(`^\\* ${databaseUn.slice(0, 12)}  UN `, "m"));
      assert.match(again.stdout, new RegExp(`^\\* ${fileOther.id.slice(0, 12)}  TEST-FILE `, "m"));
      assert.match(again.stdout, new RegExp(`^  ${fileUn.id.slice(0, 12)}  UN `, "m"));
    });

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
      // Both active lists, in list-name order: TEST-FILE (moved in) and the database's UN.
      assert.equal(verdict.listSnapshot, `${fileOther.id},${databaseUn}`);
    });

    it("check: the moved-in list applies (another list's entry: listed elsewhere); the inactive UN snapshot does not", async () => {
      const input = [
        payment("file", "Zeltronix Vantage Holdings"),
        payment("old", "Quorval Meridian Trading"),
      ]
        .map((activity) => JSON.stringify(activity))
        .join("\n");
      const result = await runCli(["check", "--json"], { input, env });
      assert.equal(result.code, 0, result.stderr);
      const [file, old] = verdicts(result);
      assert.equal(file?.verdict, "review");
      assert.equal(
        file.reasons.find((reason) => reason.code === "listed_elsewhere")?.detail?.list,
        "TEST-FILE",
      );
      assert.equal(old?.verdict, "permitted");
    });

    it("screen: finds the active lists' designations, not the inactive snapshot's", async () => {
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

    it("the service sees what the commands see: GET /v1/lists is lists list, POST /v1/screen is screen", async () => {
      const listed = await runCli(["lists", "list", "--json"], { env });
      assert.equal(listed.code, 0, listed.stderr);
      const screened = await runCli(["screen", designated, "Zeltronix Vantage Holdings", "--json"], { env });
      assert.equal(screened.code, 0, screened.stderr);
      await withService(t.target(dataDir), dataDir, async (call) => {
        const lists = await call("GET", "/v1/lists", { role: "reader" });
        assert.equal(lists.status, 200);
        assert.deepEqual(
          ((await lists.json()) as { snapshots: unknown }).snapshots,
          JSON.parse(listed.stdout),
        );
        const screen = await call("POST", "/v1/screen", {
          role: "analyst",
          body: { queries: [{ name: designated }, { name: "Zeltronix Vantage Holdings" }] },
        });
        assert.equal(screen.status, 200);
        const answer = (await screen.json()) as { listSnapshot: string[]; results: unknown[] };
        assert.deepEqual(answer.listSnapshot, [fileOther.id, databaseUn]);
        assert.deepEqual(
          answer.results,
          screened.stdout
            .trim()
            .split("\n")
            .map((line) => JSON.parse(line) as unknown),
        );
      });
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
        ["prohibited", "review"],
      );
      const store = await openStore(t.target(dataDir));
      try {
        const [batch] = await store.audit.batches();
        assert.equal(batch?.listSnapshot, `${fileOther.id},${databaseUn}`);
      } finally {
        await store.close();
      }
      const replay = await runCli(["audit", "replay", "--json"], { env });
      assert.equal(replay.code, 0, replay.stderr);
      assert.deepEqual(JSON.parse(replay.stdout), { checks: 2, identical: 2, differences: [] });
    });

    it("a list imported by the command is the service's; one imported through the API is the commands'", async () => {
      // A one-record list over the full one: only forced (see MAX_LIST_DROP).
      const imported = await runCli(["lists", "import", "--format", "un", "--force", "--json", smallUn], {
        env,
      });
      assert.equal(imported.code, 0, imported.stderr);
      const small = (JSON.parse(imported.stdout) as { snapshot: { id: string } }).snapshot.id;
      await withService(t.target(dataDir), dataDir, async (call) => {
        const screen = await call("POST", "/v1/screen", {
          role: "analyst",
          body: { queries: [{ name: "RI" }] },
        });
        const answer = (await screen.json()) as {
          listSnapshot: string[];
          results: { matches: { ref: string }[] }[];
        };
        assert.deepEqual(answer.listSnapshot, [fileOther.id, small]);
        assert.equal(answer.results[0]?.matches[0]?.ref, "KPi.001");
        // Back to the full list, through the API.
        const upload = await call("POST", "/v1/lists/import?format=un&source=consolidated.xml", {
          role: "admin",
          body: await readFile(sharedData("un", "consolidated.xml"), "utf8"),
          headers: { "content-type": "application/xml" },
        });
        assert.equal(upload.status, 200, await upload.clone().text());
      });
      const after = await runCli(["screen", designated, "--json"], { env });
      assert.equal(after.code, 0, after.stderr);
      assert.equal((JSON.parse(after.stdout) as { matches: { list: string }[] }).matches[0]?.list, "UN");
      const listed = JSON.parse((await runCli(["lists", "list", "--json"], { env })).stdout) as Row[];
      // The upload has the content of the database's first UN snapshot, so the same id, active again.
      assert.deepEqual(
        listed
          .filter((row) => row.active)
          .map((row) => row.id)
          .sort(),
        [databaseUn, fileOther.id].sort(),
      );
      assert.equal(listed.find((row) => row.id === small)?.active, false);
    });
  });
}

describe("a service started on a data directory an earlier version wrote", () => {
  it("moves its list files into the database at its first load, and screens against them", async () => {
    const dataDir = join(scratch, "service-first");
    await new FileSnapshotStore(dataDir).saveActive(fileOther);
    await withService(storeTarget(dataDir, {}), dataDir, async (call) => {
      const screen = await call("POST", "/v1/screen", {
        role: "analyst",
        body: { queries: [{ name: "Zeltronix Vantage Holdings" }] },
      });
      assert.equal(screen.status, 200);
      const answer = (await screen.json()) as {
        listSnapshot: string[];
        results: { matches: { ref: string }[] }[];
      };
      assert.deepEqual(answer.listSnapshot, [fileOther.id]);
      assert.equal(answer.results[0]?.matches[0]?.ref, "TF.1");
    });
    const listed = await runCli(["lists", "list", "--json"], {
      env: { SANCTIONS_DATA_DIR: dataDir, DATABASE_URL: "" },
    });
    assert.equal(listed.stderr, "");
    assert.deepEqual(
      (JSON.parse(listed.stdout) as Row[]).map((row) => [row.id, row.active]),
      [[fileOther.id, true]],
    );
  });
});

describe("the embedded database held by another process (a running server)", () => {
  const dataDir = join(scratch, "held");
  const env = { SANCTIONS_DATA_DIR: dataDir, DATABASE_URL: "" };

  it("check, screen, lists list and lists import end at once, saying to stop it or use DATABASE_URL", async () => {
    // This process holds it, as `sanctions serve` does while it runs.
    const store = await openStore(storeTarget(dataDir, {}));
    try {
      const runs = [
        await runCli(["check", "--json"], { input: JSON.stringify(payment("x", designated)), env }),
        await runCli(["screen", designated], { env }),
        await runCli(["lists", "list"], { env }),
        await runCli(["lists", "import", "--format", "un", smallUn], { env }),
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
