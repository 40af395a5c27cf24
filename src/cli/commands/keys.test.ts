/**
 * `sanctions keys` through the real binary on the embedded database: a key created with its secret
 * printed once, listed without it, found by its secret as the server looks keys up, then revoked and
 * no longer found; bad roles and unknown ids are usage errors.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { runCli } from "../../../test/support/cli.js";
import { storeTarget, withStore } from "../../store/index.js";

const scratch = await mkdtemp(join(tmpdir(), "cli-keys-"));
after(() => rm(scratch, { recursive: true, force: true }));
// The embedded database, whatever the environment says (DATABASE_URL is for the storage suites).
const dataDir = join(scratch, "data");
const env = { SANCTIONS_DATA_DIR: dataDir, DATABASE_URL: "" };
const find = (secret: string) =>
  withStore(storeTarget(dataDir, { DATABASE_URL: "" }), (store) => store.keys.find(secret));

describe("sanctions keys", () => {
  let id = "";
  let secret = "";

  it("creates a key and prints its id and secret once", async () => {
    const created = await runCli(["keys", "create", "--role", "reader", "--label", "CI pipeline"], { env });
    assert.equal(created.code, 0, created.stderr);
    const fields = Object.fromEntries(
      created.stdout
        .trim()
        .split("\n")
        .map((line) => /^(\w+)\s+(.*)$/.exec(line)?.slice(1) ?? []),
    ) as Record<string, string>;
    assert.match(fields["id"] ?? "", /^key-[0-9a-f]{8}$/);
    assert.equal(fields["role"], "reader");
    assert.equal(fields["label"], "CI pipeline");
    assert.match(fields["secret"] ?? "", /^[0-9a-f]{48}$/);
    assert.match(created.stderr, /shown this once/);
    id = fields["id"] ?? "";
    secret = fields["secret"] ?? "";
    assert.deepEqual(await find(secret), { id, role: "reader" });
  });

  it("lists keys as a table and as JSON, never with a secret", async () => {
    const admin = await runCli(["keys", "create", "--role", "admin", "--label", "ops", "--json"], { env });
    assert.equal(admin.code, 0, admin.stderr);
    const made = JSON.parse(admin.stdout) as { id: string; secret: string };
    const table = await runCli(["keys", "list"], { env });
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, new RegExp(`^${id}\\s+reader\\s+created \\S+\\s+active\\s+CI pipeline$`, "m"));
    const json = await runCli(["keys", "list", "--json"], { env });
    const listed = JSON.parse(json.stdout) as Record<string, unknown>[];
    assert.deepEqual(
      listed.map((key) => [key["id"], key["role"], key["label"], key["revokedAt"]]),
      [
        [id, "reader", "CI pipeline", null],
        [made.id, "admin", "ops", null],
      ],
    );
    for (const output of [table.stdout, json.stdout]) {
      assert.ok(!output.includes(secret));
      assert.ok(!output.includes(made.secret));
    }
  });

  it("revokes a key: it is no longer found, and the list shows when", async () => {
    const revoked = await runCli(["keys", "revoke", id, "--json"], { env });
    assert.equal(revoked.code, 0, revoked.stderr);
    const key = JSON.parse(revoked.stdout) as { id: string; revokedAt: string | null };
    assert.equal(key.id, id);
    assert.ok(key.revokedAt !== null);
    assert.equal(await find(secret), undefined);
    const table = await runCli(["keys", "list"], { env });
    assert.match(
      table.stdout,
      new RegExp(`^${id}\\s+reader\\s+created \\S+\\s+revoked ${key.revokedAt}`, "m"),
    );
  });

  it("refuses to revoke the last active key without --force, warning on stderr; --force revokes it, warning", async () => {
    const listed = JSON.parse((await runCli(["keys", "list", "--json"], { env })).stdout) as {
      id: string;
      revokedAt: string | null;
    }[];
    const active = listed.filter((key) => key.revokedAt === null);
    assert.equal(active.length, 1, "only the admin key is left");
    const last = active[0]?.id ?? "";
    const refused = await runCli(["keys", "revoke", last], { env });
    assert.equal(refused.code, 1);
    assert.equal(refused.stdout, "");
    assert.match(
      refused.stderr,
      new RegExp(`^sanctions: WARNING: ${last} is the last active stored key: `, "m"),
    );
    assert.match(
      refused.stderr,
      new RegExp(`^sanctions: last_key: nothing was revoked; add --force to revoke ${last} anyway$`, "m"),
    );
    const still = JSON.parse((await runCli(["keys", "list", "--json"], { env })).stdout) as {
      id: string;
      revokedAt: string | null;
    }[];
    assert.equal(still.find((key) => key.id === last)?.revokedAt, null);

    const forced = await runCli(["keys", "revoke", last, "--force", "--json"], { env });
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(
      forced.stderr,
      /^sanctions: WARNING: revoked with --force: .* is the last active stored key/m,
    );
    const key = JSON.parse(forced.stdout) as Record<string, unknown>;
    assert.equal(key["id"], last);
    assert.notEqual(key["revokedAt"], null);
    assert.equal(key["forced"], undefined);
  });

  it("refuses an unknown role, a missing label and an unknown id with exit code 1", async () => {
    const role = await runCli(["keys", "create", "--role", "root", "--label", "x"], { env });
    assert.equal(role.code, 1);
    assert.match(role.stderr, /--role must be one of reader, analyst, admin/);
    const label = await runCli(["keys", "create", "--role", "reader"], { env });
    assert.equal(label.code, 1);
    assert.match(label.stderr, /--label/);
    const unknown = await runCli(["keys", "revoke", "key-00000000"], { env });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /not_found: no stored API key key-00000000/);
  });
});
