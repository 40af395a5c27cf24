/**
 * Each kind of malformed regime input fails with a code, the file and the path inside it — never a
 * stack trace. Every test copies the real DPRK package to a temporary directory and breaks one thing.
 */
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { defaultRegimeDir } from "../config/index.js";
import type { RegimeIssue } from "../model/issues.js";
import { loadRegime } from "./index.js";

const scratch = await mkdtemp(join(tmpdir(), "regime-load-"));
after(() => rm(scratch, { recursive: true, force: true }));
let counter = 0;

/** Copies the package, replaces `from` by `to` in `file` (which must contain it), and loads the copy. */
async function loadBroken(file: string, from: string, to: string): Promise<readonly RegimeIssue[]> {
  const dir = join(scratch, `copy-${++counter}`);
  await cp(defaultRegimeDir, dir, { recursive: true });
  const path = join(dir, file);
  const text = await readFile(path, "utf8");
  assert.ok(text.includes(from), `${file} should contain the text to break`);
  await writeFile(path, text.replace(from, to));
  const { regime, issues } = await loadRegime(dir);
  assert.equal(regime, undefined, "a broken package must not compile");
  return issues;
}

function only(issues: readonly RegimeIssue[]): RegimeIssue {
  assert.equal(issues.length, 1, `expected one issue, got: ${JSON.stringify(issues, null, 1)}`);
  return issues[0] as RegimeIssue;
}

describe("loading a malformed regime", () => {
  it("the real package loads with no issue and a content hash", async () => {
    const { regime, issues } = await loadRegime(defaultRegimeDir);
    assert.deepEqual(issues, []);
    assert.match(regime?.version ?? "", /^sha256:[0-9a-f]{64}$/);
  });

  it("reports an unknown key with its file, path and line", async () => {
    const issue = only(
      await loadBroken(
        "resolutions/2371.yaml",
        "  - id: OP9\n    verified: true",
        "  - id: OP9\n    verifed: true\n    verified: true",
      ),
    );
    assert.equal(issue.code, "unknown_key");
    assert.equal(issue.file, "resolutions/2371.yaml");
    assert.deepEqual(issue.path.slice(0, 1), ["paragraphs"]);
    assert.equal(issue.path.at(-1), "verifed");
    assert.equal(typeof issue.line, "number");
  });

  it("reports a YAML syntax error with its line", async () => {
    const issue = only(await loadBroken("resolutions/2375.yaml", "summary: >-", "summary: [unclosed"));
    assert.equal(issue.code, "yaml_syntax");
    assert.equal(issue.file, "resolutions/2375.yaml");
    assert.ok((issue.line ?? 0) > 0);
  });

  it("reports a duplicate key", async () => {
    const issue = only(await loadBroken("regime.yaml", "target: KP", "target: KP\ntarget: KR"));
    assert.equal(issue.code, "duplicate_key");
    assert.equal(issue.file, "regime.yaml");
  });

  it("reports an impossible date", async () => {
    const issue = only(
      await loadBroken("resolutions/2397.yaml", "adopted: 2017-12-22", "adopted: 2017-13-40"),
    );
    assert.equal(issue.code, "invalid_date");
    assert.deepEqual(issue.path, ["adopted"]);
  });

  it("reports a missing field", async () => {
    const issue = only(
      await loadBroken(
        "resolutions/2356.yaml",
        "summary: Designations only, including Koryo Bank and the Strategic Rocket Force.\n",
        "",
      ),
    );
    assert.equal(issue.code, "missing_field");
    assert.deepEqual(issue.path, ["summary"]);
  });

  it("reports an HS code written as a number (leading zero lost)", async () => {
    const issue = only(
      await loadBroken("resolutions/2371.yaml", 'hs: ["03", "1604", "1605"]', 'hs: [03, "1604", "1605"]'),
    );
    assert.equal(issue.code, "invalid_type");
    assert.equal(issue.file, "resolutions/2371.yaml");
    assert.deepEqual(issue.path.slice(-3), ["goods", "hs", 0]);
  });

  it("reports an HS code of the wrong form", async () => {
    const issue = only(
      await loadBroken("resolutions/2371.yaml", 'hs: ["03", "1604", "1605"]', 'hs: ["03", "16AB", "1605"]'),
    );
    assert.equal(issue.code, "invalid_hs_code");
    assert.deepEqual(issue.path.slice(-3), ["goods", "hs", 1]);
  });

  it("reports an HS code that goods.yaml does not label", async () => {
    const issue = only(
      await loadBroken("resolutions/2371.yaml", 'hs: ["03", "1604", "1605"]', 'hs: ["03", "1604", "1606"]'),
    );
    assert.equal(issue.code, "unknown_hs_code");
    assert.equal(issue.file, "resolutions/2371.yaml");
    assert.deepEqual(issue.path, ["paragraphs", 3, "effects", 0]);
  });

  it("reports a citation of a paragraph that does not exist", async () => {
    const issue = only(
      await loadBroken(
        "resolutions/2397.yaml",
        "supersedes: S/RES/2375 (2017) OP14",
        "supersedes: S/RES/2375 (2017) OP99",
      ),
    );
    assert.equal(issue.code, "unknown_paragraph");
    assert.equal(issue.file, "resolutions/2397.yaml");
    assert.equal(issue.path.at(-1), "supersedes");
  });

  it("reports a citation of a resolution that does not exist", async () => {
    const issue = only(
      await loadBroken("events.yaml", "response: S/RES/1718 (2006)", "response: S/RES/1717 (2006)"),
    );
    assert.equal(issue.code, "unknown_resolution");
    assert.equal(issue.file, "events.yaml");
    assert.equal(issue.path.at(-1), "response");
  });

  it("reports an amendment of a measure nobody imposed", async () => {
    const issue = only(
      await loadBroken(
        "resolutions/2397.yaml",
        "measure: KP-IMP-CRUDE\n        anchor:",
        "measure: KP-IMP-CRUD\n        anchor:",
      ),
    );
    assert.equal(issue.code, "unknown_measure");
    assert.equal(issue.file, "resolutions/2397.yaml");
    assert.deepEqual(issue.path, ["paragraphs", 0, "effects", 0, "measure"]);
  });

  it("reports a measure imposed twice", async () => {
    const issue = only(
      await loadBroken(
        "resolutions/2397.yaml",
        "      - action: impose\n        measure: KP-PROC-RAJIN-KHASAN",
        "      - action: impose\n        measure: KP-EXP-SEAFOOD",
      ),
    );
    assert.equal(issue.code, "duplicate_measure");
    assert.equal(issue.file, "resolutions/2397.yaml");
  });

  it("reports an effect that takes effect before the resolution was adopted", async () => {
    const issue = only(
      await loadBroken(
        "resolutions/2375.yaml",
        "        from: 2017-10-01\n        to: 2017-12-31",
        "        from: 2017-09-01\n        to: 2017-12-31",
      ),
    );
    assert.equal(issue.code, "effect_before_adoption");
    assert.equal(issue.path.at(-1), "from");
  });

  it("reports dates out of order", async () => {
    const issue = only(
      await loadBroken(
        "resolutions/2375.yaml",
        "        from: 2017-10-01\n        to: 2017-12-31",
        "        from: 2017-10-01\n        to: 2017-09-30",
      ),
    );
    assert.equal(issue.code, "dates_out_of_order");
    assert.equal(issue.path.at(-1), "to");
  });

  it("reports overlapping versions of one measure", async () => {
    const issues = await loadBroken(
      "resolutions/2397.yaml",
      "        supersedes: S/RES/2375 (2017) OP14\n",
      "",
    );
    const issue = only(issues);
    assert.equal(issue.code, "overlapping_versions");
    assert.equal(issue.file, "resolutions/2397.yaml");
    assert.deepEqual(issue.path, ["paragraphs", 1, "effects", 0, "from"]);
  });

  it("reports a measure amended after it ended", async () => {
    const issues = await loadBroken(
      "resolutions/2569.yaml",
      "terms: { mandateUntil: 2022-04-30 }",
      "to: 2021-04-30\n        terms: { mandateUntil: 2022-04-30 }",
    );
    // Both later renewals (2627 and 2680) now amend a lapsed mandate.
    assert.deepEqual(
      issues.map((issue) => [issue.code, issue.file]),
      [
        ["measure_not_in_force", "resolutions/2627.yaml"],
        ["measure_not_in_force", "resolutions/2680.yaml"],
      ],
    );
  });

  it("reports two exceptions that conflict", async () => {
    const issue = only(
      await loadBroken(
        "resolutions/2321.yaml",
        "            overrides: KP-PPL-SCI/state-determination\n",
        "",
      ),
    );
    assert.equal(issue.code, "conflicting_exceptions");
    assert.equal(issue.file, "resolutions/2321.yaml");
    assert.match(issue.message, /KP-PPL-SCI\/medical .* KP-PPL-SCI\/state-determination/);
  });

  it("reports an exception removed that is not there", async () => {
    const issues = await loadBroken(
      "resolutions/2321.yaml",
      "removeExceptions: [KP-SVC-LEASE/livelihood]",
      "removeExceptions: [KP-SVC-LEASE/livelyhood]",
    );
    const issue = only(issues);
    assert.equal(issue.code, "unknown_exception");
    assert.deepEqual(issue.path.slice(-2), ["removeExceptions", 0]);
  });

  it("reports an exception defined twice", async () => {
    const issues = await loadBroken(
      "resolutions/2270.yaml",
      "id: KP-EXP-COAL/livelihood",
      "id: KP-EXP-COAL/rajin",
    );
    const duplicate = issues.find((issue) => issue.code === "duplicate_exception");
    assert.equal(duplicate?.file, "resolutions/2270.yaml");
    assert.match(duplicate.message, /KP-EXP-COAL\/rajin is defined twice/);
  });

  it("reports a window defined twice", async () => {
    const issue = only(
      await loadBroken("resolutions/2321.yaml", "id: KP-FIN-BANKS/close-2321", "id: KP-FIN-BANKS/close-2270"),
    );
    assert.equal(issue.code, "duplicate_window");
    assert.equal(issue.file, "resolutions/2321.yaml");
  });

  it("refuses to mark a paragraph without a confirmed number as verified", async () => {
    const issue = only(
      await loadBroken(
        "resolutions/2371.yaml",
        "  - id: OP7\n    verified: true",
        "  - id: x-charter\n    verified: true",
      ),
    );
    assert.equal(issue.code, "unverified_anchor_marked_verified");
    assert.equal(issue.path.at(-1), "verified");
  });

  it("reports a symbol that does not match its file", async () => {
    const issue = only(
      await loadBroken("resolutions/2356.yaml", "symbol: S/RES/2356 (2017)", "symbol: S/RES/2357 (2017)"),
    );
    assert.equal(issue.code, "symbol_mismatch");
    assert.deepEqual(issue.path, ["symbol"]);
  });

  it("collects every issue of a package instead of stopping at the first", async () => {
    const dir = join(scratch, "many");
    await cp(defaultRegimeDir, dir, { recursive: true });
    await writeFile(join(dir, "regime.yaml"), "id: dprk\ntarget: Korea\nextra: 1\n");
    const { issues } = await loadRegime(dir);
    const codes = issues.map((issue) => issue.code).sort();
    assert.ok(codes.includes("unknown_key"));
    assert.ok(codes.includes("invalid_value"));
    assert.ok(codes.includes("missing_field"));
  });

  it("reports a missing file as unreadable, not a crash", async () => {
    const dir = join(scratch, "empty");
    await cp(defaultRegimeDir, dir, { recursive: true });
    await rm(join(dir, "goods.yaml"));
    const issue = only((await loadRegime(dir)).issues);
    assert.equal(issue.code, "file_unreadable");
    assert.equal(issue.file, "goods.yaml");
  });
});
