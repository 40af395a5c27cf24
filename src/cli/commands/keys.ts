/**
 * @module cli/commands/keys
 * `sanctions keys create --role ROLE --label TEXT | list | revoke ID`: API keys kept in the engine's
 * database, which `sanctions serve` accepts beside those of `SANCTIONS_API_KEYS`. A key's secret is
 * printed once, when it is created: the database keeps only its hash. A running server honours a key
 * created or revoked here within its key refresh (a second by default); with the embedded database
 * the server must be stopped first (one process at a time), or the keys managed through its API.
 * Revoking the last active key, or the last admin key, is refused unless `--force`: without a key a
 * server refuses everyone, and runs open on loopback once restarted (see `store/key-revocation.ts`).
 */
import type { Command } from "commander";
import { dataDir } from "../../config/index.js";
import type { KeyRole, Store, StoredApiKey } from "../../store/index.js";
import { printJson, printLines, UsageError } from "../output.js";

// Loaded when a subcommand runs: the database modules take most of a second to import, and every
// other command must not pay for them.
const loadStore = () => import("../../store/index.js");

/** The roles, as the store and the API know them (listed here so that `--help` needs no database). */
const ROLES: readonly KeyRole[] = ["reader", "analyst", "admin"];

/** Adds the `keys` command group to the program. */
export function register(program: Command): void {
  const keys = program
    .command("keys")
    .description("API keys kept in the database, accepted by sanctions serve beside SANCTIONS_API_KEYS");

  keys
    .command("create")
    .description("create a key; its secret is printed once and cannot be read back")
    .requiredOption("--role <role>", `the key's role: ${ROLES.join(", ")}`)
    .requiredOption("--label <text>", "what the key is for (shown in lists)")
    .option("--json", "print {id, role, label, createdAt, revokedAt, secret} as JSON")
    .action(async (opts: { role: string; label: string; json?: boolean }) => {
      const role = ROLES.find((known) => known === opts.role);
      if (role === undefined) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
      const created = await run((store) => store.keys.create(role, opts.label));
      if (opts.json === true) printJson(created);
      else
        printLines([
          `id      ${created.id}`,
          `role    ${created.role}`,
          `label   ${created.label ?? ""}`,
          `secret  ${created.secret}`,
        ]);
      process.stderr.write(
        "sanctions: the secret is shown this once (only its hash is stored): send it as Authorization: Bearer <secret>\n",
      );
    });

  keys
    .command("list")
    .description("the stored keys, active and revoked (ids, roles, labels, dates; never secrets)")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }) => {
      const listed = await run((store) => store.keys.list());
      if (opts.json === true) printJson(listed);
      else printLines(listed.map(line));
    });

  keys
    .command("revoke")
    .description("revoke a stored key: the API refuses it from then on")
    .argument("<id>", "the key's id (key-xxxxxxxx, as keys list shows it)")
    .option("--force", "revoke even the last active key, or the last active admin key")
    .option("--json", "print the revoked key as JSON")
    .action(async (id: string, opts: { force?: boolean; json?: boolean }) => {
      const { KeyRevocationRefused, keyRevocationText } = await import("../../store/key-revocation.js");
      let revoked;
      try {
        revoked = await run((store) => store.keys.revoke(id, { force: opts.force === true }));
      } catch (error) {
        if (!(error instanceof KeyRevocationRefused)) throw error;
        process.stderr.write(`sanctions: WARNING: ${error.message}\n`);
        throw new UsageError(
          `${error.code}: nothing was revoked; add --force to revoke ${error.risk.id} anyway`,
        );
      }
      const { forced, ...key } = revoked;
      if (forced !== undefined)
        process.stderr.write(`sanctions: WARNING: revoked with --force: ${keyRevocationText(forced)}\n`);
      if (opts.json === true) printJson(key);
      else printLines([line(key)]);
    });
}

function line(key: StoredApiKey): string {
  const state = key.revokedAt === null ? "active" : `revoked ${key.revokedAt}`;
  return `${key.id}  ${key.role.padEnd(7)}  created ${key.createdAt}  ${state.padEnd(32)}  ${key.label ?? ""}`;
}

/** Runs `work` on the store the environment names and closes it; store errors become usage errors. */
async function run<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const { isStoreError, storeTarget, withStore } = await loadStore();
  try {
    return await withStore(storeTarget(dataDir()), work);
  } catch (error) {
    if (isStoreError(error)) throw new UsageError(`${error.code}: ${error.message}`);
    throw error;
  }
}
