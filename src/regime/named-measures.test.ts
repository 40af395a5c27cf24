/**
 * `regime.yaml` names the measures the code has roles for (the asset freeze, the default cap), and
 * nothing finds them by their id's spelling: the compiler checks each name (a measure of the package,
 * imposed with the modality of its role), the evaluator takes the freeze the regime names, and the
 * caps routes take the cap it names when a request names none.
 */
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { runCli } from "../../test/support/cli.js";
import type { RecordStores } from "../api/deps.js";
import { testApp, testRegime } from "../api/testing.js";
import { defaultRegimeDir } from "../config/index.js";
import { assetFreezeOf, stateOn } from "../evaluate/state.js";
import type { RegimeIssue } from "../model/issues.js";
import { loadRegime } from "./index.js";

const scratch = await mkdtemp(join(tmpdir(), "regime-named-"));
after(() => rm(scratch, { recursive: true, force: true }));
let counter = 0;

/** A copy of the package whose `regime.yaml` has `from` replaced by `to`. */
async function copyWith(from: string, to: string): Promise<string> {
  const dir = join(scratch, `copy-${++counter}`);
  await cp(defaultRegimeDir, dir, { recursive: true });
  const path = join(dir, "regime.yaml");
  const text = await readFile(path, "utf8");
  assert.ok(text.includes(from), `regime.yaml should contain ${from}`);
  await writeFile(path, text.replace(from, to));
  return dir;
}

/** The issues of a copy of the package whose `regime.yaml` has `from` replaced by `to`. */
async function issuesWith(from: string, to: string): Promise<readonly RegimeIssue[]> {
  const { regime, issues } = await loadRegime(await copyWith(from, to));
  assert.equal(regime, undefined, "a package naming a wrong measure must not compile");
  return issues;
}

describe("the measures regime.yaml names", () => {
  it("the DPRK package names its asset freeze and its default cap, on the compiled regime", async () => {
    const regime = await testRegime();
    assert.equal(regime.assetFreeze, "KP-TGT-ASSETFREEZE");
    assert.equal(regime.defaultCap, "KP-IMP-REFINED");
  });

  for (const [name, from, to, code] of [
    [
      "an asset freeze no resolution imposes",
      "assetFreeze: KP-TGT-ASSETFREEZE",
      "assetFreeze: KP-TGT-FREEZE",
      "unknown_measure",
    ],
    [
      "a cap as the asset freeze",
      "assetFreeze: KP-TGT-ASSETFREEZE",
      "assetFreeze: KP-IMP-CRUDE",
      "invalid_value",
    ],
    [
      "a prohibition as the default cap",
      "defaultCap: KP-IMP-REFINED",
      "defaultCap: KP-EXP-SEAFOOD",
      "invalid_value",
    ],
    [
      "an id that is not a measure id",
      "defaultCap: KP-IMP-REFINED",
      "defaultCap: refined",
      "invalid_measure_id",
    ],
  ] as const) {
    it(`refuses ${name} (${code}), naming the key`, async () => {
      const issues = await issuesWith(from, to);
      assert.equal(issues.length, 1, JSON.stringify(issues));
      const [issue] = issues;
      assert.equal(issue?.code, code);
      assert.equal(issue.file, "regime.yaml");
      assert.deepEqual(issue.path, [from.split(":")[0]]);
    });
  }

  it("the evaluator takes the asset freeze the regime names, and none when it names none", async () => {
    const regime = await testRegime();
    assert.equal(assetFreezeOf(stateOn(regime, "2019-12-17"))?.id, "KP-TGT-ASSETFREEZE");
    // Before 1718 imposed it, the freeze is not in force.
    assert.equal(assetFreezeOf(stateOn(regime, "2006-01-01")), undefined);
    const renamed = { ...regime, assetFreeze: "KP-EXP-SEAFOOD" };
    assert.equal(assetFreezeOf(stateOn(renamed, "2019-12-17"))?.id, "KP-EXP-SEAFOOD");
    const unnamed = { ...regime, assetFreeze: undefined };
    assert.equal(assetFreezeOf(stateOn(unnamed, "2019-12-17")), undefined);
  });

  it("GET /v1/caps/status asks for the regime's default cap when no measure is named", async () => {
    const asked: (string | undefined)[] = [];
    const records = {
      deliveries: {
        list: (measure: string | undefined) => {
          asked.push(measure);
          return Promise.resolve([]);
        },
      },
    } as unknown as RecordStores;
    const regime = await testRegime();
    const status = async (app: Awaited<ReturnType<typeof testApp>>, query: string) => {
      const response = await app.call("GET", `/v1/caps/status?year=2019${query}`, { role: "reader" });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    const crude = await testApp({ regime: { ...regime, defaultCap: "KP-IMP-CRUDE" }, records });
    const none = await testApp({ regime: { ...regime, defaultCap: undefined }, records });
    try {
      const answer = await status(crude, "");
      assert.equal(answer.status, 200);
      assert.equal(answer.body["measure"], "KP-IMP-CRUDE");
      assert.equal((await status(crude, "&measure=KP-IMP-REFINED")).body["measure"], "KP-IMP-REFINED");
      // A regime that names no default cap: the request must name the measure.
      const refused = await status(none, "");
      assert.equal(refused.status, 400);
      const error = refused.body["error"] as { code: string; issues: { path: string }[] };
      assert.equal(error.code, "invalid_request");
      assert.equal(error.issues[0]?.path, "measure");
      assert.deepEqual(asked, ["KP-IMP-CRUDE", "KP-IMP-REFINED"]);
    } finally {
      await crude.cleanup();
      await none.cleanup();
    }
  });

  it("sanctions caps status takes the default cap of the regime it is given", async () => {
    // The embedded database, whatever the environment says (DATABASE_URL is for the storage suites).
    const env = { SANCTIONS_DATA_DIR: join(scratch, "data"), DATABASE_URL: "" };
    const crude = await copyWith("defaultCap: KP-IMP-REFINED", "defaultCap: KP-IMP-CRUDE");
    const status = await runCli(["caps", "status", "--year", "2019", "--regime", crude, "--json"], { env });
    assert.equal(status.code, 0, status.stderr);
    assert.equal((JSON.parse(status.stdout) as { measure: string }).measure, "KP-IMP-CRUDE");
    const none = await copyWith("defaultCap: KP-IMP-REFINED", "");
    const refused = await runCli(["caps", "status", "--year", "2019", "--regime", none], { env });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /names no default cap: name one with --measure/);
  });
});
