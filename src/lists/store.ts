/**
 * @module lists/store
 * Where snapshots live and which one of each list is active. {@link SnapshotStore} is the interface;
 * the engine's one implementation is the database's (`DbSnapshotStore` of `src/store`), which every
 * command and the service read and write. {@link FileSnapshotStore} is the layout data directories
 * had before the lists moved into the database; it is read to move those into the database, once
 * (`moveFileSnapshots` of `src/store`), and serves tests and tools that run without a database:
 *
 * ```
 * <dataDir>/lists/snapshots/<id>.json        the snapshot, designations included
 * <dataDir>/lists/snapshots/<id>.meta.json   its summary, so that listing does not read every list
 * <dataDir>/lists/active/<list>.json         {"id": "<id>"}: the active snapshot of that list
 * ```
 *
 * Every file is written to a temporary name in the same directory, fsynced, then renamed over the
 * target, and the directory is fsynced. A rename is atomic on POSIX file systems, so a reader sees
 * the old file or the new one, never half of one: an import that fails or is killed at any point
 * leaves the previous snapshot active and readable. One pointer file per list means that activating
 * one list never rewrites another's pointer.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { ListSnapshot } from "../model/designation.js";
import { ListError } from "./errors.js";
import { summarise, type SnapshotSummary } from "./snapshot.js";

/** Stores snapshots and the active one of each list. */
export interface SnapshotStore {
  /** Stores a snapshot (not yet active). Saving the same content again keeps the first copy. */
  save(snapshot: ListSnapshot): Promise<SnapshotSummary>;
  /**
   * Makes a stored snapshot the active one of its list (atomically).
   * @throws {ListError} `snapshot_not_found`
   */
  activate(id: string): Promise<SnapshotSummary>;
  /**
   * Stores a snapshot and makes it active, as one change where the store can: in the database one
   * transaction, so that a process killed in between leaves neither; in files, the body first and the
   * pointer last, so that it leaves the previous snapshot active (and the new one stored, inactive).
   */
  saveActive(snapshot: ListSnapshot): Promise<SnapshotSummary>;
  /** The active snapshot of a list, if any. */
  active(list: string): Promise<ListSnapshot | undefined>;
  /** The active snapshot of every list, sorted by list name. */
  activeAll(): Promise<ListSnapshot[]>;
  /** Summaries of all stored snapshots, newest import first, with whether each is active. */
  list(): Promise<(SnapshotSummary & { readonly active: boolean })[]>;
  /**
   * A snapshot by id, or by an unambiguous prefix of at least 6 characters.
   * @throws {ListError} `snapshot_not_found` when a prefix matches several.
   */
  get(id: string): Promise<ListSnapshot | undefined>;
}

const ID = /^[0-9a-f]{64}$/;

/**
 * Whether `dataDir` holds list snapshots as files (the layout above), with one `stat` and without
 * reading any: what lets a command with nothing stored skip the database altogether.
 */
export function hasFileSnapshots(dataDir: string): boolean {
  return existsSync(new FileSnapshotStore(dataDir).root);
}

/** The file implementation of {@link SnapshotStore}, under `<dataDir>/lists/`. */
export class FileSnapshotStore implements SnapshotStore {
  readonly root: string;
  private readonly snapshots: string;
  private readonly pointers: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, "lists");
    this.snapshots = join(this.root, "snapshots");
    this.pointers = join(this.root, "active");
  }

  async save(snapshot: ListSnapshot): Promise<SnapshotSummary> {
    if (!ID.test(snapshot.id)) throw new ListError("snapshot_corrupt", `not a snapshot id: ${snapshot.id}`);
    const existing = await this.readSummary(snapshot.id);
    if (existing !== undefined && (await exists(this.bodyPath(snapshot.id)))) return existing;
    await mkdir(this.snapshots, { recursive: true });
    // Body first, summary second: a summary is only ever seen beside a complete body.
    await writeAtomic(this.bodyPath(snapshot.id), JSON.stringify(snapshot));
    const summary = summarise(snapshot);
    await writeAtomic(this.metaPath(snapshot.id), JSON.stringify(summary));
    return summary;
  }

  async activate(id: string): Promise<SnapshotSummary> {
    const summary = await this.readSummary(await this.resolve(id));
    if (summary === undefined) throw new ListError("snapshot_not_found", `no snapshot ${id}`);
    await mkdir(this.pointers, { recursive: true });
    await writeAtomic(this.pointerPath(summary.list), JSON.stringify({ id: summary.id }));
    return summary;
  }

  async saveActive(snapshot: ListSnapshot): Promise<SnapshotSummary> {
    return this.activate((await this.save(snapshot)).id);
  }

  async active(list: string): Promise<ListSnapshot | undefined> {
    const id = await this.activeId(list);
    return id === undefined ? undefined : this.readBody(id);
  }

  async activeAll(): Promise<ListSnapshot[]> {
    const found: ListSnapshot[] = [];
    for (const list of await this.activeLists()) {
      const snapshot = await this.active(list);
      if (snapshot) found.push(snapshot);
    }
    return found.sort((a, b) => (a.list < b.list ? -1 : a.list > b.list ? 1 : 0));
  }

  async list(): Promise<(SnapshotSummary & { readonly active: boolean })[]> {
    const activeIds = new Set<string>();
    for (const list of await this.activeLists()) {
      const id = await this.activeId(list);
      if (id !== undefined) activeIds.add(id);
    }
    const summaries: (SnapshotSummary & { active: boolean })[] = [];
    for (const id of await this.ids()) {
      const summary = await this.readSummary(id);
      if (summary) summaries.push({ ...summary, active: activeIds.has(id) });
    }
    return summaries.sort((a, b) => (a.importedAt < b.importedAt ? 1 : a.importedAt > b.importedAt ? -1 : 0));
  }

  async get(id: string): Promise<ListSnapshot | undefined> {
    const full = await this.resolve(id).catch((error: unknown) => {
      if (
        error instanceof ListError &&
        error.code === "snapshot_not_found" &&
        !/ambiguous/.test(error.message)
      ) {
        return undefined;
      }
      throw error;
    });
    return full === undefined ? undefined : this.readBody(full);
  }

  /** A full id from an id or unambiguous prefix. */
  private async resolve(id: string): Promise<string> {
    const wanted = id.trim().toLowerCase();
    if (ID.test(wanted)) return wanted;
    if (!/^[0-9a-f]{6,63}$/.test(wanted))
      throw new ListError("snapshot_not_found", `not a snapshot id: ${id}`);
    const matches = (await this.ids()).filter((candidate) => candidate.startsWith(wanted));
    if (matches.length > 1) throw new ListError("snapshot_not_found", `snapshot id ${id} is ambiguous`);
    const [match] = matches;
    if (match === undefined) throw new ListError("snapshot_not_found", `no snapshot ${id}`);
    return match;
  }

  /** Ids of complete snapshots (those with a summary; temporary files are ignored). */
  private async ids(): Promise<string[]> {
    const names = await readdir(this.snapshots).catch(() => [] as string[]);
    return names.filter((n) => n.endsWith(".meta.json")).map((n) => n.slice(0, -".meta.json".length));
  }

  private async activeLists(): Promise<string[]> {
    const names = await readdir(this.pointers).catch(() => [] as string[]);
    return names
      .filter((n) => n.endsWith(".json") && !n.startsWith("."))
      .map((n) => decodeURIComponent(n.slice(0, -5)));
  }

  private async activeId(list: string): Promise<string | undefined> {
    const text = await readFile(this.pointerPath(list), "utf8").catch(() => undefined);
    if (text === undefined) return undefined;
    const id = (parseJson(text, this.pointerPath(list)) as { id?: unknown }).id;
    if (typeof id !== "string" || !ID.test(id)) {
      throw new ListError("snapshot_corrupt", `${this.pointerPath(list)} does not name a snapshot`);
    }
    return id;
  }

  private async readSummary(id: string): Promise<SnapshotSummary | undefined> {
    const text = await readFile(this.metaPath(id), "utf8").catch(() => undefined);
    return text === undefined ? undefined : (parseJson(text, this.metaPath(id)) as SnapshotSummary);
  }

  private async readBody(id: string): Promise<ListSnapshot> {
    const path = this.bodyPath(id);
    const text = await readFile(path, "utf8").catch(() => {
      throw new ListError("snapshot_not_found", `snapshot ${id} is missing its file ${path}`);
    });
    const snapshot = parseJson(text, path) as ListSnapshot;
    if (snapshot.id !== id || !Array.isArray(snapshot.designations)) {
      throw new ListError("snapshot_corrupt", `${path} does not hold snapshot ${id}`);
    }
    return snapshot;
  }

  private bodyPath(id: string): string {
    return join(this.snapshots, `${id}.json`);
  }

  private metaPath(id: string): string {
    return join(this.snapshots, `${id}.meta.json`);
  }

  private pointerPath(list: string): string {
    // List names such as "FTM:us_ofac_sdn" become safe file names; decodeURIComponent reverses it.
    return join(this.pointers, `${encodeURIComponent(list)}.json`);
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ListError("snapshot_corrupt", `${path} is not valid JSON`);
  }
}

async function exists(path: string): Promise<boolean> {
  const handle = await open(path, "r").catch(() => undefined);
  await handle?.close();
  return handle !== undefined;
}

/**
 * Writes a file so that readers see either the old content or the new, never a part: temporary file
 * in the same directory (same file system, so rename is atomic), fsync, rename, fsync the directory.
 */
export async function writeAtomic(path: string, content: string): Promise<void> {
  const dir = join(path, "..");
  const temp = join(dir, `.${randomBytes(6).toString("hex")}.${process.pid}.tmp`);
  try {
    const handle = await open(temp, "wx");
    try {
      await handle.writeFile(content, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  // Makes the rename itself durable; some platforms cannot open a directory, which is harmless here.
  const dirHandle = await open(dir, "r").catch(() => undefined);
  if (dirHandle) {
    await dirHandle.sync().catch(() => undefined);
    await dirHandle.close();
  }
}
