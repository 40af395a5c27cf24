/**
 * Decisions in `sanctions check`, as an analyst runs them: a payment to a party whose name alerts on a
 * UN 1718 entry is review; once the alert is dismissed as a false positive (`sanctions decisions add`),
 * the next check closes it (`party_alert_closed`, naming the decision, who and when); a new version of
 * the list that changes the entry (an extra alias) reopens it. A check recorded with the decision keeps
 * its id, and `sanctions audit replay` reproduces it after the list and the decisions moved on; the
 * decision is in `sanctions audit list`.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Verdict } from "../src/model/contract.js";
import { runCli } from "./support/cli.js";
import { unListXml } from "./support/decision-fixtures.js";

// A trader in Busan whose name is the listed official's: his nationality conflicts with the listed
// one, so the name does not confirm the match, and a person must tell them apart.
const payment = {
  id: "pay-kcn",
  type: "payment",
  date: "2026-12-02",
  from: "KR",
  to: "JP",
  instrument: "transfer",
  parties: [{ name: "Kim Chol Nam", role: "payee", nationality: "KR" }],
};

describe("sanctions check with analysts' decisions", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let file: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cli-decisions-check-"));
    env = { SANCTIONS_DATA_DIR: dir, DATABASE_URL: "" };
    await writeFile(join(dir, "un-1.xml"), unListXml());
    await writeFile(join(dir, "un-2.xml"), unListXml("KIM CHOL NAM SENIOR"));
    file = join(dir, "payments.jsonl");
    await writeFile(file, `${JSON.stringify(payment)}\n`);
    const imported = await runCli(["lists", "import", join(dir, "un-1.xml")], { env });
    assert.equal(imported.code, 0, imported.stderr);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  async function check(...flags: string[]): Promise<Verdict> {
    const result = await runCli(["check", file, "--json", "--no-progress", ...flags], { env });
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout.trim()) as Verdict;
  }
  const codes = (verdict: Verdict) => verdict.reasons.map((reason) => reason.code);

  let decisionId = "";

  it("reviews the alert first, closes it once dismissed, and reopens it when the list entry changes", async () => {
    const first = await check();
    assert.equal(first.verdict, "review", JSON.stringify(first.reasons));
    assert.ok(
      codes(first).some((code) => code === "party_potential_match" || code === "party_near_match"),
      codes(first).join(", "),
    );

    const added = await runCli(
      [
        ...["decisions", "add", "Kim Chol Nam", "--list", "UN", "--entry", "KPi.901", "--false-positive"],
        ...["--note", "born 1990 in Busan, a ROK national; the listed official is a DPRK national"],
        ...["--by", "ana", "--json"],
      ],
      { env },
    );
    assert.equal(added.code, 0, added.stderr);
    decisionId = (JSON.parse(added.stdout) as { id: string }).id;

    const closed = await check("--record");
    assert.equal(closed.verdict, "permitted", JSON.stringify(closed.reasons));
    const reason = closed.reasons.find((one) => one.code === "party_alert_closed");
    assert.ok(reason, codes(closed).join(", "));
    assert.match(reason.text, new RegExp(`ana on \\d{4}-\\d{2}-\\d{2} \\(decision ${decisionId}\\)`));
    assert.match(reason.text, /KPi\.901/);

    const changed = await runCli(["lists", "import", join(dir, "un-2.xml")], { env });
    assert.equal(changed.code, 0, changed.stderr);
    const reopened = await check();
    assert.equal(reopened.verdict, "review", JSON.stringify(reopened.reasons));
    assert.ok(
      reopened.reasons.some((one) =>
        /alert reopened: ana on .* but the list entry changed since/.test(one.text),
      ),
      reopened.reasons.map((one) => one.text).join("\n"),
    );
  });

  it("lists the decision in the audit log, and replays the recorded check with it", async () => {
    const list = await runCli(["audit", "list"], { env });
    assert.equal(list.code, 0, list.stderr);
    assert.match(
      list.stdout,
      new RegExp(
        `^${decisionId} .* decision false_positive {2}Kim Chol Nam ↔ UN KPi\\.901 {2}by ana: born 1990`,
        "m",
      ),
    );
    const show = await runCli(["audit", "show", "pay-kcn", "--json"], { env });
    const [recorded] = JSON.parse(show.stdout) as { answers: { decisions?: string[] } }[];
    assert.deepEqual(recorded?.answers.decisions, [decisionId]);

    // The list has changed and the decision reopened since; the replay uses what the check used.
    const replay = await runCli(["audit", "replay", "--json"], { env });
    assert.equal(replay.code, 0, replay.stdout);
    assert.deepEqual(JSON.parse(replay.stdout), { checks: 1, identical: 1, differences: [] });
  });
});
