/**
 * Store factories for tests: the conformance suite runs once per factory.
 *
 * - PGlite: a migrated template is dumped once per run to the temporary directory (keyed by the
 *   migration names, so a new migration makes a new template) and every store starts from it: about
 *   half a second instead of an initdb and the migrations (three seconds or more).
 * - PostgreSQL (when `DATABASE_URL` is set): a migrated template database is made once per process,
 *   and every store is a fresh `CREATE DATABASE ... TEMPLATE` copy of it, dropped on close.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { migrations } from "../migrations.js";
import { openPgliteStore, openStore, type Store } from "../store.js";

/** Makes a fresh, migrated, empty store; the caller closes it. */
export type StoreFactory = () => Promise<Store>;

const templateKey = migrations.map((migration) => migration.name).join("+");

let pgliteTemplate: Promise<Blob> | undefined;

/** The migrated PGlite template as a dump, made at most once per run. */
async function pgliteDump(): Promise<Blob> {
  const path = join(tmpdir(), `sanctions-engine-pglite-template-${templateKey}.tar.gz`);
  if (existsSync(path)) return new Blob([await readFile(path)]);
  const pglite = await PGlite.create();
  const store = await openPgliteStore(pglite);
  const dump = await pglite.dumpDataDir("gzip");
  await store.close();
  // Written under a temporary name and renamed: test files running in parallel never read half a dump.
  const temp = `${path}.${randomBytes(4).toString("hex")}`;
  await writeFile(temp, Buffer.from(await dump.arrayBuffer()));
  await rename(temp, path);
  return dump;
}

/** Fresh in-memory PGlite stores, each from the migrated template. */
export const pgliteFactory: StoreFactory = async () => {
  pgliteTemplate ??= pgliteDump();
  return openStore({ kind: "pglite", loadDataDir: await pgliteTemplate });
};

/** PGlite on a worker thread, as `sanctions serve` runs it (in memory, migrated on open). */
export const pgliteWorkerFactory: StoreFactory = () => openStore({ kind: "pglite", thread: "worker" });

/** The admin URL of the PostgreSQL used by tests, when there is one. */
export function postgresUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env["DATABASE_URL"]?.trim() || undefined;
}

/** `url` with another database name. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs one statement on the admin database. */
export async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

let postgresTemplate: Promise<string> | undefined;

/** Fresh PostgreSQL databases, each a copy of a migrated template; dropped when the store closes. */
export function postgresFactory(url: string): StoreFactory {
  return async () => {
    postgresTemplate ??= (async () => {
      const name = `sanctions_tpl_${process.pid}_${randomBytes(3).toString("hex")}`;
      await adminQuery(url, `create database ${name}`);
      const store = await openStore({ kind: "postgres", url: withDatabase(url, name), poolSize: 2 });
      await store.close();
      return name;
    })();
    const template = await postgresTemplate;
    const name = `sanctions_t_${process.pid}_${randomBytes(4).toString("hex")}`;
    await adminQuery(url, `create database ${name} template ${template}`);
    const store = await openStore({ kind: "postgres", url: withDatabase(url, name) });
    return {
      ...store,
      async close() {
        await store.close();
        await adminQuery(url, `drop database if exists ${name}`);
      },
    };
  };
}

/** Drops the PostgreSQL template of this process (call once after the suites). */
export async function dropPostgresTemplate(url: string): Promise<void> {
  if (!postgresTemplate) return;
  const name = await postgresTemplate;
  postgresTemplate = undefined;
  await adminQuery(url, `drop database if exists ${name}`);
}
