/**
 * `sanctions serve` as a user runs it, in child processes on loopback.
 *
 * - Embedded database: one instance owns the data directory's PGlite database; a second one on the same
 *   directory is refused with a message naming the owner; so is the CLI's list import, and a list
 *   imported through the API is used; checks made through the API replay with zero differences once it
 *   has stopped.
 * - PostgreSQL (when `DATABASE_URL` is set, as in CI): two instances with different data directories on
 *   one fresh database serve the same regime version and answers; a list, a cap delivery and an
 *   exemption record written through one are used by the other; the checks made through both replay
 *   with zero differences.
 *
 * SIGTERM stops each gracefully with exit code 0.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { TEST_KEYS } from "../src/api/testing.js";
import { adminQuery, postgresUrl, withDatabase } from "../src/store/testing/factories.js";
import { runCli, type CliResult } from "./support/cli.js";
import { spawnServe, type ServeProcess } from "./support/serve.js";
import { sharedData, needsShared, skippedWithout } from "./support/shared.js";

/** Tests of the shared data are skipped, saying so, on a clone with no ../shared beside it. */
const unList = needsShared("un", "consolidated.xml");
const notifications = needsShared("trade", "dprk-refined-petroleum-notifications.csv");

type Instance = ServeProcess;

/** The environment of a child: exactly these database settings (DATABASE_URL empty unless given). */
function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: "", ...env };
}

/** Starts `sanctions serve --port 0` and resolves once it says where it listens. */
function startInstance(env: NodeJS.ProcessEnv): Promise<Instance> {
  return spawnServe({ env: childEnv(env) });
}

/** Runs the CLI to completion. */
function sanctions(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return runCli(args, { env: childEnv(env) });
}

async function call(
  instance: Instance,
  method: string,
  path: string,
  role: keyof typeof TEST_KEYS,
  body?: unknown,
  contentType = "application/json",
): Promise<Response> {
  return fetch(`${instance.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TEST_KEYS[role]}`, "content-type": contentType },
    ...(body === undefined
      ? {}
      : { body: typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body) }),
  });
}

async function get(
  instance: Instance,
  path: string,
  role: keyof typeof TEST_KEYS = "reader",
): Promise<unknown> {
  const response = await fetch(`${instance.url}${path}`, {
    headers: { authorization: `Bearer ${TEST_KEYS[role]}` },
  });
  assert.equal(response.status, 200, `${path}: ${response.status}`);
  return response.json();
}

async function stop(instance: Instance): Promise<void> {
  if (instance.ended()) return;
  const { code } = await instance.stop();
  assert.equal(code, 0, instance.stderr());
  assert.match(instance.stderr(), /stopped/);
}

const keys = `${TEST_KEYS.admin}:admin,${TEST_KEYS.reader}:reader`;
// Look at the stored data on every request, so that the tests need no waiting.
const common = { SANCTIONS_API_KEYS: keys, SANCTIONS_CONTEXT_REFRESH_MS: "0", SANCTIONS_LOG_LEVEL: "warn" };

const diesel = (id: string, quantity: number) => ({
  id,
  type: "goods",
  date: "2019-12-20",
  hs: "271019",
  description: "diesel",
  from: "CN",
  to: "KP",
  quantity,
  unit: "bbl",
});

const seafood = { id: "s1", type: "goods", date: "2019-12-17", hs: "0302.11", from: "KP", to: "CN" };

interface ReplayReport {
  checks: number;
  identical: number;
  differences: unknown[];
}

describe("sanctions serve on the embedded database", () => {
  let dataDir: string;
  let instance: Instance | undefined;
  const env = (): NodeJS.ProcessEnv => ({ ...common, SANCTIONS_DATA_DIR: dataDir });

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "sanctions-serve-"));
    instance = await startInstance(env());
  });

  after(async () => {
    if (instance && !instance.ended()) instance.child.kill("SIGKILL");
    await rm(dataDir, { recursive: true, force: true });
  });

  it("refuses a second instance on the same data directory, naming the owner", async () => {
    assert.ok(instance);
    const second = await sanctions(["serve", "--port", "0"], env());
    assert.equal(second.code, 1, second.stderr);
    assert.match(second.stderr, new RegExp(`in use by process ${String(instance.child.pid)}`));
    assert.match(second.stderr, /DATABASE_URL/);
  });

  it("refuses a backlog bound that is not a whole number of megabytes, naming the variable", async () => {
    for (const bad of ["0", "1.5", "lots"]) {
      const refused = await sanctions(["serve", "--port", "0"], {
        ...env(),
        SANCTIONS_AUDIT_BACKLOG_MB: bad,
      });
      assert.equal(refused.code, 1, refused.stderr);
      assert.match(refused.stderr, /SANCTIONS_AUDIT_BACKLOG_MB must be a whole number of megabytes/);
    }
  });

  it("refuses the CLI's list import while it holds the database, uses one imported through it, and records checks", async (t) => {
    if (skippedWithout(t, unList)) return;
    assert.ok(instance);
    // One list store, the database, which this server holds: the CLI says so and what to do.
    const refused = await sanctions(
      ["lists", "import", sharedData("un", "consolidated.xml"), "--json"],
      env(),
    );
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(
      refused.stderr,
      new RegExp(
        `database_unavailable: .* in use by process ${String(instance.child.pid)} \\(stop it, or use DATABASE_URL`,
      ),
    );
    const imported = await call(
      instance,
      "POST",
      "/v1/lists/import?format=un",
      "admin",
      new Uint8Array(await readFile(sharedData("un", "consolidated.xml"))),
      "application/xml",
    );
    assert.equal(imported.status, 200, await imported.clone().text());
    const health = (await get(instance, "/healthz")) as { listSnapshot: string[] };
    assert.equal(health.listSnapshot.length, 1);
    const checked = await call(instance, "POST", "/v1/check", "reader", [seafood, diesel("d1", 10)]);
    assert.equal(checked.status, 200);
    const body = (await checked.json()) as { results: { listSnapshot: string | null }[] };
    assert.deepEqual(
      body.results.map((r) => r.listSnapshot),
      [health.listSnapshot[0], health.listSnapshot[0]],
    );
  });

  it("lets an auditor find a check made through it, once the journal has drained, and replay it", async () => {
    assert.ok(instance);
    const running = instance;
    const checked = await call(running, "POST", "/v1/check", "reader", [seafood, diesel("d1", 10)]);
    const requestId = checked.headers.get("x-request-id") ?? "";
    const lookup = async () => {
      const found = await call(running, "GET", `/v1/audit/checks?request=${requestId}&replay=true`, "admin");
      assert.equal(found.status, 200);
      return ((await found.json()) as { checks: { activity: { id: string }; replay: unknown }[] }).checks;
    };
    let checks = await lookup();
    for (let waited = 0; checks.length < 2 && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      checks = await lookup();
    }
    assert.deepEqual(
      checks.map((check) => [check.activity.id, check.replay]),
      [
        ["d1", { identical: true }],
        ["s1", { identical: true }],
      ],
    );
  });

  it("stops on SIGTERM; then audit replay finds the API's checks with zero differences", async (t) => {
    if (skippedWithout(t, unList)) return;
    assert.ok(instance);
    await stop(instance);
    const replay = await sanctions(["audit", "replay", "--json"], env());
    assert.equal(replay.code, 0, replay.stderr);
    assert.deepEqual(JSON.parse(replay.stdout) as ReplayReport, { checks: 4, identical: 4, differences: [] });
  });
});

const pgUrl = postgresUrl();

describe(
  "sanctions serve: two instances on one PostgreSQL",
  { skip: pgUrl === undefined && "DATABASE_URL is not set" },
  () => {
    const database = `sanctions_serve_${randomBytes(4).toString("hex")}`;
    const url = pgUrl === undefined ? "" : withDatabase(pgUrl, database);
    const dataDirs: string[] = [];
    const instances: Instance[] = [];
    const env = (dataDir: string): NodeJS.ProcessEnv => ({
      ...common,
      SANCTIONS_DATA_DIR: dataDir,
      DATABASE_URL: url,
    });

    before(async () => {
      assert.ok(pgUrl);
      await adminQuery(pgUrl, `create database ${database}`);
      // Different data directories: whatever they share, they share through the database.
      for (let i = 0; i < 2; i++) dataDirs.push(await mkdtemp(join(tmpdir(), "sanctions-serve-pg-")));
      instances.push(...(await Promise.all(dataDirs.map((dir) => startInstance(env(dir))))));
    });

    after(async () => {
      for (const { child } of instances)
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
      if (pgUrl !== undefined) await adminQuery(pgUrl, `drop database if exists ${database}`);
    });

    it("serve the same regime version and the same answers on two ports", async () => {
      const [a, b] = instances;
      assert.ok(a && b);
      assert.notEqual(a.url, b.url);
      const [healthA, healthB] = (await Promise.all([get(a, "/healthz"), get(b, "/healthz")])) as {
        regimeVersion: string;
      }[];
      assert.match(healthA?.regimeVersion ?? "", /^sha256:[0-9a-f]{64}$/);
      assert.equal(healthA?.regimeVersion, healthB?.regimeVersion);
      assert.deepEqual(await get(a, "/v1/regime?at=2019-12-17"), await get(b, "/v1/regime?at=2019-12-17"));
    });

    it("use a list imported through one instance in the other", async (t) => {
      if (skippedWithout(t, unList)) return;
      const [a, b] = instances;
      assert.ok(a && b);
      const upload = await call(
        a,
        "POST",
        "/v1/lists/import",
        "admin",
        await readFile(sharedData("un", "consolidated.xml")),
        "application/xml",
      );
      assert.equal(upload.status, 200);
      const { snapshot } = (await upload.json()) as { snapshot: { id: string } };
      const health = (await get(b, "/healthz")) as { listSnapshot: string[] };
      assert.deepEqual(health.listSnapshot, [snapshot.id]);
      const screened = await call(b, "POST", "/v1/screen", "reader", {
        queries: [{ name: "Lee Wonho", dob: "1964" }],
      });
      const body = (await screened.json()) as { results: { matches: { ref: string }[] }[] };
      assert.equal(body.results[0]?.matches[0]?.ref, "KPi.033");
    });

    it("use cap deliveries and exemption records written through one instance in the other", async (t) => {
      if (skippedWithout(t, notifications)) return;
      const [a, b] = instances;
      assert.ok(a && b);
      const before = (await (await call(b, "POST", "/v1/check", "reader", diesel("d0", 100000))).json()) as {
        verdict: string;
      };
      assert.equal(before.verdict, "conditional"); // no ledger yet: the cap is a condition
      const csv = await readFile(sharedData("trade", "dprk-refined-petroleum-notifications.csv"), "utf8");
      const imported = await call(
        a,
        "POST",
        "/v1/caps/deliveries?name=notifications.csv",
        "admin",
        csv,
        "text/csv",
      );
      assert.equal(imported.status, 200);
      const status = (await get(b, "/v1/caps/status?year=2019")) as { notified: number };
      assert.equal(status.notified, 418000);
      const after = (await (await call(b, "POST", "/v1/check", "reader", diesel("d1", 100000))).json()) as {
        verdict: string;
        reasons: { code: string }[];
      };
      assert.equal(after.verdict, "prohibited");
      assert.ok(after.reasons.some((r) => r.code === "cap_exceeded"));

      const approval = {
        reference: "1718-HEX-JV-1",
        kind: "committee",
        applicant: "Relief Org",
        approved: "2021-02-01",
        validityMonths: 9,
        activities: ["joint_venture"],
        shipments: { allowed: 3, used: 0 },
      };
      assert.equal((await call(a, "POST", "/v1/exemptions", "admin", approval)).status, 200);
      const listed = (await get(b, "/v1/exemptions")) as { exemptions: { reference: string }[] };
      assert.deepEqual(
        listed.exemptions.map((r) => r.reference),
        ["1718-HEX-JV-1"],
      );
      const jv = {
        id: "jv",
        type: "joint_venture",
        date: "2021-06-01",
        partnerCountry: "KP",
        country: "CN",
        action: "establish",
        exemption: "1718-HEX-JV-1",
      };
      const permitted = (await (await call(b, "POST", "/v1/check", "reader", jv)).json()) as {
        verdict: string;
      };
      assert.equal(permitted.verdict, "permitted");
    });

    it("record the checks of both instances, which replay with zero differences", async () => {
      const [a] = instances;
      assert.ok(a);
      assert.equal((await call(a, "POST", "/v1/check", "reader", [seafood, diesel("d2", 10)])).status, 200);
      const replay = await sanctions(["audit", "replay", "--json"], env(dataDirs[0] ?? ""));
      assert.equal(replay.code, 0, replay.stderr);
      assert.deepEqual(JSON.parse(replay.stdout) as ReplayReport, {
        checks: 5,
        identical: 5,
        differences: [],
      });
    });

    it("stop gracefully on SIGTERM with exit code 0", async () => {
      for (const instance of instances) await stop(instance);
    });
  },
);
