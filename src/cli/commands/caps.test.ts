/**
 * `sanctions caps` and `sanctions exemptions` through the real binary on the embedded database: the
 * notifications table imported (twice: nothing new the second time), the 2019 status, a delivery added
 * (twice: unchanged the second time), voided and left out of the status, quantities and names over
 * their limits refused, exemption records added (again: unchanged) and listed, and `check` then using
 * both.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { runCli } from "../../../test/support/cli.js";
import { needsShared, sharedData, skippedWithout } from "../../../test/support/shared.js";

/** Tests of the shared data are skipped, saying so, on a clone with no ../shared beside it. */
const notifications = needsShared("trade", "dprk-refined-petroleum-notifications.csv");

const scratch = await mkdtemp(join(tmpdir(), "cli-caps-"));
after(() => rm(scratch, { recursive: true, force: true }));
// The embedded database, whatever the environment says (DATABASE_URL is for the storage suites).
const env = { SANCTIONS_DATA_DIR: join(scratch, "data"), DATABASE_URL: "" };

describe("sanctions caps and exemptions", () => {
  it("imports the notifications once, and gives the 2019 status with the unconfirmed 75% notice", async (t) => {
    if (skippedWithout(t, notifications)) return;
    const csv = sharedData("trade", "dprk-refined-petroleum-notifications.csv");
    const first = await runCli(["caps", "import", csv, "--json"], { env });
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(JSON.parse(first.stdout), { added: 31, unchanged: 0, rows: 31, estimates: 3 });
    const again = await runCli(["caps", "import", csv, "--json"], { env });
    assert.deepEqual(JSON.parse(again.stdout), { added: 0, unchanged: 31, rows: 31, estimates: 3 });
    const status = await runCli(["caps", "status", "--year", "2019", "--json"], { env });
    assert.equal(status.code, 0, status.stderr);
    const s = JSON.parse(status.stdout) as {
      notified: number;
      percent: number;
      notices: { percent: number; verified: boolean }[];
    };
    assert.equal(s.notified, 418000);
    assert.equal(s.percent, 83.6);
    assert.deepEqual(
      s.notices.map((n) => [n.percent, n.verified]),
      [[75, true]],
    );
  });

  it("adds a delivery in tonnes (China's factor converts it) and refuses a bad unit", async () => {
    const added = await runCli(
      ["caps", "add", "--supplier", "China", "--date", "2025-02-03", "--quantity", "1200", "--unit", "t"],
      { env },
    );
    assert.equal(added.code, 0, added.stderr);
    const status = await runCli(["caps", "status", "--year", "2025", "--json"], { env });
    assert.equal((JSON.parse(status.stdout) as { notified: number }).notified, 9996);
    const bad = await runCli(
      ["caps", "add", "--supplier", "China", "--date", "2025-02-03", "--quantity", "1", "--unit", "kl"],
      { env },
    );
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--unit must be bbl or t/);
  });

  it("adds a delivery once however often it is run, voids it with who, when and why, and refuses what is out of bounds", async () => {
    const add = (...extra: string[]) =>
      runCli(
        [
          "caps",
          "add",
          "--supplier",
          "China",
          "--date",
          "2026-05-06",
          "--quantity",
          "1000",
          "--unit",
          "bbl",
          "--json",
          ...extra,
        ],
        { env },
      );
    const first = await add();
    assert.equal(first.code, 0, first.stderr);
    const added = JSON.parse(first.stdout) as { status: string; delivery: { id: number; key: string } };
    assert.equal(added.status, "added");
    assert.match(added.delivery.key, /^content:/);
    const second = await add("--source", "the same delivery, typed in again");
    assert.equal(second.code, 0, second.stderr);
    const again = JSON.parse(second.stdout) as {
      status: string;
      unchanged: number;
      delivery: { id: number };
    };
    assert.deepEqual([again.status, again.unchanged, again.delivery.id], ["unchanged", 1, added.delivery.id]);

    const voided = await runCli(["caps", "void", String(added.delivery.id), "--reason", "entered in error"], {
      env,
    });
    assert.equal(voided.code, 0, voided.stderr);
    assert.match(
      voided.stdout,
      new RegExp(`voided delivery ${String(added.delivery.id)}: \\S+ by cli\\b.*: entered in error`),
    );
    const twice = await runCli(["caps", "void", String(added.delivery.id), "--reason", "again", "--json"], {
      env,
    });
    const unchanged = JSON.parse(twice.stdout) as {
      status: string;
      delivery: { voided: { reason: string } };
    };
    assert.deepEqual([unchanged.status, unchanged.delivery.voided.reason], ["unchanged", "entered in error"]);
    const status = await runCli(["caps", "status", "--year", "2026", "--json"], { env });
    const s = JSON.parse(status.stdout) as { notified: number; skipped: { id: number; why: string }[] };
    assert.equal(s.notified, 0);
    assert.deepEqual(
      s.skipped.map((r) => [r.id, r.why]),
      [[added.delivery.id, "voided"]],
    );
    const listed = await runCli(["caps", "list", "--year", "2026"], { env });
    assert.match(listed.stdout, /VOIDED .* entered in error/);
    const missing = await runCli(["caps", "void", "999999", "--reason", "x"], { env });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /not_found: no delivery 999999/);

    const huge = await add("--quantity", "1e308");
    assert.equal(huge.code, 1);
    assert.match(huge.stderr, /--quantity: must be a finite number > 0 and at most 1e\+12/);
    const long = await add("--supplier", "x".repeat(3000));
    assert.equal(long.code, 1);
    assert.match(long.stderr, /--supplier: at most 500 characters \(3000 given\)/);
  });

  it("adds exemption records, lists them, and check applies them", async (t) => {
    if (skippedWithout(t, notifications)) return;
    const file = join(scratch, "exemptions.yaml");
    await writeFile(
      file,
      [
        "- reference: 1718-HEX-JV-1",
        "  kind: committee",
        "  applicant: Relief Org",
        "  approved: 2021-02-01",
        "  validityMonths: 9",
        "  activities: [joint_venture]",
        "  shipments: { allowed: 3, used: 0 }",
      ].join("\n"),
    );
    const added = await runCli(["exemptions", "add", file], { env });
    assert.equal(added.code, 0, added.stderr);
    const again = await runCli(["exemptions", "add", file], { env });
    assert.equal(again.stdout.trim(), "0 added, 0 replaced, 1 unchanged");
    const long = join(scratch, "long.yaml");
    await writeFile(long, `reference: ${"R".repeat(3000)}\nkind: carve-out\nactor: WFP\ncategory: un\n`);
    const refused = await runCli(["exemptions", "add", long], { env });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /record_invalid: reference: at most 256 characters \(3000 given\)/);
    const listed = await runCli(["exemptions", "list", "--json"], { env });
    assert.deepEqual(
      (JSON.parse(listed.stdout) as { reference: string; validUntil: string }[]).map((r) => [
        r.reference,
        r.validUntil,
      ]),
      [["1718-HEX-JV-1", "2021-10-31"]],
    );
    const missing = await runCli(["exemptions", "show", "NOPE"], { env });
    assert.equal(missing.code, 1);
    const input = [
      {
        id: "jv",
        type: "joint_venture",
        date: "2021-06-01",
        partnerCountry: "KP",
        country: "CN",
        action: "establish",
        exemption: "1718-HEX-JV-1",
      },
      {
        id: "late",
        type: "joint_venture",
        date: "2021-12-01",
        partnerCountry: "KP",
        country: "CN",
        action: "establish",
        exemption: "1718-HEX-JV-1",
      },
      {
        id: "d1",
        type: "goods",
        date: "2019-12-20",
        hs: "271019",
        description: "diesel",
        from: "CN",
        to: "KP",
        quantity: 100000,
        unit: "bbl",
      },
    ]
      .map((r) => JSON.stringify(r))
      .join("\n");
    const checked = await runCli(["check", "--json"], { env, input });
    assert.equal(checked.code, 0, checked.stderr);
    const verdicts = checked.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { id: string; verdict: string; reasons: { code: string }[] });
    assert.deepEqual(
      verdicts.map((v) => [v.id, v.verdict]),
      [
        ["jv", "permitted"],
        ["late", "prohibited"],
        ["d1", "prohibited"],
      ],
    );
    assert.ok(verdicts[1]?.reasons.some((r) => r.code === "exemption_not_applicable"));
    assert.ok(verdicts[2]?.reasons.some((r) => r.code === "cap_exceeded"));
  });
});
