/**
 * @module store/regimes
 * Regime versions kept in the database, so that a check recorded today can be replayed under the same
 * law after the data files change. A version's sources are its parsed data files (what the content
 * hash covers: every YAML file but cases and drafts), stored the first time the version is used; the
 * stored files are hashed again when read back, so a replay never runs on altered law.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { Kysely } from "kysely";
import { parse } from "yaml";
import type { z } from "zod";
import type { CompiledRegime } from "../model/regime.js";
import { eventsFile, goodsFile, regimeFile, resolutionFile } from "../model/regime-schema.js";
import { canonicalJson, compileRegime } from "../regime/index.js";
import { StoreError } from "./errors.js";
import type { Database } from "./schema.js";

/** Data files of a regime version: path relative to the package → parsed YAML. */
export type RegimeFiles = Readonly<Record<string, unknown>>;

/** Folders of a package that do not change the law (as in `regime/load.ts`). */
const outsideTheLaw = new Set(["tests", "drafts"]);

/** Reads the data files of a regime package as the content hash sees them. */
export async function readRegimeFiles(dir: string): Promise<RegimeFiles> {
  const files: Record<string, unknown> = {};
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) {
        if (!outsideTheLaw.has(entry.name)) await walk(path);
      } else if (entry.name.endsWith(".yaml")) {
        files[relative(dir, path)] = parse(await readFile(path, "utf8")) as unknown;
      }
    }
  };
  await walk(dir);
  return files;
}

/** The version of a set of files, computed as `contentHash` computes it from the directory. */
export function versionOfFiles(files: RegimeFiles): string {
  const hash = createHash("sha256");
  for (const file of Object.keys(files).sort()) hash.update(`${file}\n${canonicalJson(files[file])}\n`);
  return `sha256:${hash.digest("hex")}`;
}

/**
 * Compiles stored files into a regime, validating each against today's schemas.
 * @throws {StoreError} `corrupt` when the files do not hash to `version` or no longer compile
 */
export function compileStoredRegime(version: string, files: RegimeFiles): CompiledRegime {
  if (versionOfFiles(files) !== version) {
    throw new StoreError("corrupt", `the stored files of regime ${version} do not hash to that version`);
  }
  const fail = (file: string, message: string): never => {
    throw new StoreError("corrupt", `regime ${version}: ${file}: ${message}`);
  };
  const validate = <T>(file: string, schema: z.ZodType<T>): T => {
    const result = schema.safeParse(files[file]);
    if (!result.success) {
      const issue = result.error.issues[0];
      return fail(file, issue ? `${issue.path.map(String).join(".")}: ${issue.message}` : "invalid");
    }
    return result.data;
  };
  const resolutions = Object.keys(files)
    .filter((file) => file.startsWith("resolutions/"))
    .sort()
    .map((file) => ({ file, data: validate(file, resolutionFile) }));
  const compiled = compileRegime({
    regime: validate("regime.yaml", regimeFile),
    goods: validate("goods.yaml", goodsFile),
    events: validate("events.yaml", eventsFile).events,
    eventsFile: "events.yaml",
    resolutions,
    version,
  });
  if (!compiled.regime) {
    const issue = compiled.issues[0];
    return fail(issue?.file ?? "(regime)", issue?.message ?? "does not compile");
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
