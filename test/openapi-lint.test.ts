/**
 * The OpenAPI description lints with no error and no warning under Redocly's recommended rules, so
 * that client generators and API catalogues take it as it is. The description is the one the service
 * serves at `/openapi.json`, written to a file and linted with `@redocly/cli` (a devDependency) in a
 * child process, without telemetry or an update check: CI has no network beyond the registries.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { testApp, type TestApp } from "../src/api/testing.js";

const run = promisify(execFile);
const redocly = join(import.meta.dirname, "..", "node_modules", "@redocly", "cli", "bin", "cli.js");

interface LintTotals {
  readonly totals: { readonly errors: number; readonly warnings: number };
  readonly problems: readonly { readonly ruleId: string; readonly message: string }[];
}

describe(
  "the OpenAPI description under redocly lint",
  { skip: !existsSync(redocly) && "@redocly/cli is not installed (npm ci installs it)" },
  () => {
    let t: TestApp;
    let dir: string;
    before(async () => {
      t = await testApp();
      dir = await mkdtemp(join(tmpdir(), "openapi-lint-"));
    });
    after(async () => {
      await t.cleanup();
      await rm(dir, { recursive: true, force: true });
    });

    it("finds no error and no warning with the recommended rules", async () => {
      const response = await t.call("GET", "/openapi.json");
      assert.equal(response.status, 200);
      const file = join(dir, "openapi.json");
      await writeFile(file, await response.text());
      const { stdout } = await run(process.execPath, [redocly, "lint", file, "--format=json"], {
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
        maxBuffer: 16 * 1024 * 1024,
      }).catch((error: unknown) => ({ stdout: (error as { stdout?: string }).stdout ?? "" })); // exit 1 on problems
      const report = JSON.parse(stdout.slice(stdout.indexOf("{"))) as LintTotals;
      assert.deepEqual(
        report.problems.map((problem) => `${problem.ruleId}: ${problem.message}`),
        [],
      );
      assert.deepEqual(report.totals, { ...report.totals, errors: 0, warnings: 0 });
    });
  },
);
