/**
 * `sanctions decisions` as a user runs it: an alert on a common name is dismissed as a false positive,
 * and the next `sanctions screen` of the same party shows the decision and counts no open alert; a
 * decision on an entry the active list does not have is refused, naming it.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli } from "../../../test/support/cli.js";
import { unListXml } from "../../../test/support/decision-fixtures.js";

const unXml = unListXml();

describe("sanctions decisions", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cli-decisions-"));
    env = { SANCTIONS_DATA_DIR: dir, DATABASE_URL: "" };
    await writeFile(join(dir, "un.xml"), unXml);
    const imported = await runCli(["lists", "import", join(dir, "un.xml")], { env });
    assert.equal(imported.code, 0, imported.stderr);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("closes an alert dismissed as a false positive in the next screening of the same party", async () => {
    const first = await runCli(["screen", "Kim Chol Nam", "--json"], { env });
    assert.equal(first.code, 0, first.stderr);
    const before = JSON.parse(first.stdout) as { matches: { ref: string; decision?: unknown }[] };
    const alert = before.matches[0];
    assert.ok(alert);
    assert.equal(alert.ref, "KPi.901");
    assert.equal(alert.decision, undefined);

    const added = await runCli(
      [
        "decisions",
        "add",
        "Kim Chol Nam",
        "--list",
        "UN",
        "--entry",
        "KPi.901",
        "--false-positive",
        "--note",
        "born 1990 in Busan; the listed official is a DPRK national",
        "--by",
        "ana",
      ],
      { env },
    );
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /recorded dec-.* false_positive .*Kim Chol Nam ↔ UN KPi\.901 {2}by ana/);

    const next = await runCli(["screen", "KIM CHOL-NAM", "--json"], { env });
    const after = JSON.parse(next.stdout) as {
      matches: { ref: string; decision?: { state: string; decidedBy: string } }[];
    };
    const decided = after.matches[0]?.decision;
    assert.ok(decided);
    assert.equal(decided.state, "suppressed");
    assert.equal(decided.decidedBy, "ana");
    const text = await runCli(["screen", "Kim Chol Nam"], { env });
    assert.match(text.stdout, /Kim Chol Nam: no open alert \(1 closed by a decision\)/);
    assert.match(
      text.stdout,
      /decided false positive by ana on \d{4}-\d{2}-\d{2} \(alert suppressed while the entry is unchanged\)/,
    );

    const listed = await runCli(["decisions", "list", "--party", "kim chol nam", "--json"], { env });
    assert.equal((JSON.parse(listed.stdout) as unknown[]).length, 1);
  });

  it("refuses a decision on an entry the active list does not have, or without a note", async () => {
    const unknown = await runCli(
      [
        "decisions",
        "add",
        "X",
        "--list",
        "UN",
        "--entry",
        "KPi.999",
        "--true-match",
        "--note",
        "n",
        "--by",
        "ana",
      ],
      { env },
    );
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /entry_not_found: the active UN list has no entry KPi\.999/);
    const noNote = await runCli(
      ["decisions", "add", "X", "--list", "UN", "--entry", "KPi.901", "--true-match", "--by", "ana"],
      { env },
    );
    assert.notEqual(noNote.code, 0);
    assert.match(noNote.stderr, /note/);
  });
});
