/**
 * @module store/regimes
 * Regime versions kept in the database, so that a check recorded today can be replayed under the same
 * law after the data files change. A version's sources are its parsed data files (what the content
 * hash covers: every YAML file but cases and drafts), stored the first time the version is used; the
 * stored files are hashed again when read back, so a replay never runs on altered law. Reading, hashing
 * and compiling the files is `regime/files`'s, as for a package on disk.
 */
import type { Kysely } from "kysely";
import type { CompiledRegime } from "../model/regime.js";
import { compileRegimeFiles, versionOfFiles, type RegimeFiles } from "../regime/index.js";
import { StoreError } from "./errors.js";
import type { Database } from "./schema.js";

/**
 * Compiles stored files into a regime, validating each against today's schemas.
 * @throws {StoreError} `corrupt` when the files do not hash to `version` or no longer compile
 */
export function compileStoredRegime(version: string, files: RegimeFiles): CompiledRegime {
  if (versionOfFiles(files) !== version) {
    throw new StoreError("corrupt", `the stored files of regime ${version} do not hash to that version`);
  }
  const compiled = compileRegimeFiles(
    Object.keys(files),
    (file, schema) => {
      const result = schema.safeParse(files[file]);
      if (result.success) return { data: result.data, issues: [] };
      const issue = result.error.issues[0];
      const path = issue ? issue.path.map(String).join(".") : "";
      return {
        issues: [
          { code: "invalid_value", file, path: [], message: issue ? `${path}: ${issue.message}` : "invalid" },
        ],
      };
    },
    version,
  );
  if (!compiled.regime) {
    const issue = compiled.issues[0];
    throw new StoreError(
      "corrupt",
      `regime ${version}: ${issue?.file ?? "(regime)"}: ${issue?.message ?? "does not compile"}`,
    );
  }
  return compiled.regime;
}

/** Regime versions in the database. */
export class RegimeVersionRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /**
   * Stores the files of a version unless it is stored already (the first copy stays).
   * @throws {StoreError} `corrupt` when `files` do not hash to `version`
   */
  async save(version: string, files: RegimeFiles): Promise<void> {
    if (versionOfFiles(files) !== version) {
      throw new StoreError("corrupt", `the files given do not hash to regime version ${version}`);
    }
    await this.#db
      .insertInto("regime_versions")
      .values({ version, files: JSON.stringify(files) })
      .onConflict((oc) => oc.column("version").doNothing())
      .execute();
  }

  /** The stored files of a version, if any. */
  async files(version: string): Promise<RegimeFiles | undefined> {
    const row = await this.#db
      .selectFrom("regime_versions")
      .select("files")
      .where("version", "=", version)
      .executeTakeFirst();
    return row?.files;
  }

  /** Whether a version is stored. */
  async has(version: string): Promise<boolean> {
    const row = await this.#db
      .selectFrom("regime_versions")
      .select("version")
      .where("version", "=", version)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * The compiled regime of a stored version.
   * @throws {StoreError} `not_found`, `corrupt`
   */
  async compile(version: string): Promise<CompiledRegime> {
    const files = await this.files(version);
    if (!files) throw new StoreError("not_found", `regime version ${version} is not stored`);
    return compileStoredRegime(version, files);
  }

  /** Stored versions, oldest first. */
  async list(): Promise<{ version: string; storedAt: string }[]> {
    const rows = await this.#db
      .selectFrom("regime_versions")
      .select(["version", "stored_at"])
      .orderBy("stored_at")
      .execute();
    return rows.map((row) => ({ version: row.version, storedAt: row.stored_at }));
  }
}

export { readRegimeFiles, versionOfFiles, type RegimeFiles } from "../regime/index.js";
