/**
 * The contract's lists against what is written about them: docs/reasons.md's table names exactly the
 * reason codes, in the same order and with the same meanings, and the code enum refuses what it does not
 * list, naming the value.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Outcome, ReasonCode, reasonCodeDescriptions, reasonCodes } from "./contract.js";

const doc = readFileSync(join(import.meta.dirname, "..", "..", "docs", "reasons.md"), "utf8");

/** The rows of the table of codes: `| \`code\` | outcome | meaning | detail |`. */
const rows = [...doc.matchAll(/^\| `([a-z_]+)` \| ([^|]+) \| ([^|]+) \| /gm)].map((match) => ({
  code: match[1] ?? "",
  outcomes: (match[2] ?? "").trim().split(/, */),
  meaning: (match[3] ?? "").trim(),
}));

describe("reason codes", () => {
  it("docs/reasons.md lists exactly the contract's codes, in order, with their meanings", () => {
    assert.deepEqual(
      rows.map((row) => row.code),
      reasonCodes,
    );
    for (const row of rows)
      assert.equal(row.meaning, reasonCodeDescriptions[row.code as ReasonCode], row.code);
  });

  it("docs/reasons.md names only outcomes that exist", () => {
    for (const row of rows)
      for (const outcome of row.outcomes)
        assert.ok(Outcome.safeParse(outcome).success, `${row.code}: ${outcome}`);
  });

  it("the enum refuses a code it does not list, naming it", () => {
    assert.equal(ReasonCode.parse("measure_prohibits"), "measure_prohibits");
    const refused = ReasonCode.safeParse("approval_not_checked");
    assert.ok(!refused.success);
    assert.match(
      refused.error.issues.map((issue) => issue.message).join("; "),
      /unknown reason code "approval_not_checked"/,
    );
  });
});
