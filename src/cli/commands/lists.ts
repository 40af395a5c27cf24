/**
 * @module cli/commands/lists
 * `sanctions lists import|list|diff`: import a sanctions list as a new active snapshot of the data
 * directory, show the stored snapshots (the data directory's and the database's, which
 * `POST /v1/lists/import` writes) and which are active, compare two. Thin: the work is in `src/lists`;
 * which snapshot is active is decided in `src/service/lists.ts`, for the service and every command.
 */
import { Command, Option } from "commander";
import { dataDir } from "../../config/index.js";
import {
  diffSnapshots,
  FileSnapshotStore,
  importList,
  LIST_FORMATS,
  ListError,
  MAX_LIST_DROP,
  UN_CONSOLIDATED_URL,
  type ListFormat,
  type SnapshotDiff,
  type SnapshotSummary,
} from "../../lists/index.js";
import type { Designation, ListSnapshot } from "../../model/designation.js";
import { mergeActiveLists, type ListOrigin } from "../../service/lists.js";
import { printJson, printLines, UsageError } from "../output.js";
import { databaseMayHoldData, withStoreIfAny } from "../store-source.js";

/** A stored snapshot as `lists list` shows it. */
interface ListedSnapshot extends SnapshotSummary {
  /** Whether check, screen and the service use it. */
  readonly active: boolean;
  /** Where it is stored: the database (imported through the API) or the data directory. */
  readonly origin: ListOrigin;
  /** For the data directory's active snapshot of a list the database also has: the one used instead. */
  readonly overriddenBy?: string;
}

type StoredSummary = SnapshotSummary & { readonly active: boolean };

/** Adds the `lists` command group to the program. */
export function register(program: Command): void {
  const lists = program.command("lists").description("Sanctions list sources and their versioned snapshots");

  lists
    .command("import")
    .description("Import a list (UN XML, OFAC sdn.csv, FollowTheMoney JSON lines) and make it active")
    .argument("[source]", "path or http(s) URL of the list", UN_CONSOLIDATED_URL)
    .addOption(
      new Option("--format <format>", "list format (guessed from the content)").choices(LIST_FORMATS),
    )
    .option("--alias <file>", "OFAC alt.csv with the aliases of sdn.csv")
    .option("--dataset <name>", "dataset name for FollowTheMoney entities that name none")
    .option(
      "--force",
      `import even with more than ${MAX_LIST_DROP * 100}% fewer designations than the active list (a real mass delisting)`,
    )
    .option("--json", "print the result as JSON")
    .action(
      async (
        source: string,
        opts: { format?: ListFormat; alias?: string; dataset?: string; force?: boolean; json?: boolean },
      ) => {
        const store = new FileSnapshotStore(dataDir());
        const progress = progressReporter(source);
        const started = Date.now();
        const result = await run(
          () =>
            importList(store, source, {
              ...(opts.format === undefined ? {} : { format: opts.format }),
              ...(opts.alias === undefined ? {} : { aliases: opts.alias }),
              ...(opts.dataset === undefined ? {} : { dataset: opts.dataset }),
              ...(opts.force === true ? { force: true } : {}),
              onProgress: progress.update,
            }),
          importRefusal,
        ).finally(progress.done);
        const seconds = (Date.now() - started) / 1000;
        const s = result.snapshot;
        if (result.forced === true)
          process.stderr.write(
            `sanctions: warning: forced: the active ${s.list} list went from ${result.previousDesignations ?? "?"} ` +
              `to ${s.counts.persons + s.counts.entities + s.counts.vessels} designations; ` +
              `every party no longer on it is no longer screened against it\n`,
          );
        if (result.activated) await noteDatabaseList(s.list, s.id);
        if (opts.json === true) {
          printJson({ ...result, seconds });
          return;
        }
        const unchanged = result.previous === s.id;
        printLines([
          `${s.list}: ${s.counts.persons} persons, ${s.counts.entities} entities, ${s.counts.vessels} vessels, ${s.counts.names} names` +
            (s.generatedOn === undefined ? "" : ` (generated ${s.generatedOn})`),
          `snapshot ${s.id}${result.activated ? " is active" : " saved"}` +
            (unchanged
              ? " (same content as before)"
              : result.previous === undefined
                ? ""
                : `, replacing ${short(result.previous)}`),
        ]);
      },
    );

  lists
    .command("list")
    .description(
      "Show the stored snapshots, newest first, from the data directory and the database (* = active: used by check, screen and the service)",
    )
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }) => {
      const summaries = await withStoreIfAny(async (store) =>
        listedSnapshots(
          await run(() => new FileSnapshotStore(dataDir()).list()),
          store ? await run(() => store.snapshots.list()) : [],
        ),
      );
      if (opts.json === true) {
        printJson(summaries);
        return;
      }
      if (summaries.length === 0) {
        process.stderr.write("no snapshots yet; run `sanctions lists import`\n");
        return;
      }
      printLines(
        summaries.map(
          (s) =>
            `${s.active ? "*" : " "} ${short(s.id)}  ${s.list.padEnd(10)} ${s.importedAt}  ` +
            `generated ${s.generatedOn ?? "-"}  ${s.counts.persons}p ${s.counts.entities}e ${s.counts.vessels}v  ` +
            (s.overriddenBy === undefined
              ? s.origin
              : `${s.origin} (the database's ${short(s.overriddenBy)} is used instead)`),
        ),
      );
    });

  lists
    .command("diff")
    .description("Compare two snapshots (ids or unambiguous id prefixes)")
    .argument("<from>", "the older snapshot")
    .argument("<to>", "the newer snapshot")
    .option("--json", "print as JSON")
    .action(async (from: string, to: string, opts: { json?: boolean }) => {
      const [a, b] = await findSnapshots([from, to]);
      if (a === undefined) throw new UsageError(`no snapshot ${from}; see \`sanctions lists list\``);
      if (b === undefined) throw new UsageError(`no snapshot ${to}; see \`sanctions lists list\``);
      const diff = diffSnapshots(a, b);
      if (opts.json === true) {
        printJson({
          from: diff.from,
          to: diff.to,
          added: diff.added.map(brief),
          removed: diff.removed.map(brief),
          changed: diff.changed.map((c) => ({ ...brief(c.after), fields: c.fields })),
          unchanged: diff.unchanged,
        });
        return;
      }
      printLines(diffLines(diff));
    });
}

/** Turns a list error into the one-line usage error every command ends with. */
async function run<T>(
  work: () => Promise<T>,
  words: (error: ListError) => string = (error) => `${error.code}: ${error.message}`,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ListError) throw new UsageError(words(error));
    throw error;
  }
}

/** A refused import: what was wrong, that nothing changed, and for a drop, how to go on. */
function importRefusal(error: ListError): string {
  const text = `${error.code}: ${error.message}; the active lists are unchanged`;
  return error.code === "list_shrunk" ? `${text}: add --force if the drop is real` : text;
}

/**
 * The stored snapshots of the data directory and the database, each once, newest import first; active
 * are the ones the service uses (the database's active snapshot of a list, else the data directory's).
 */
function listedSnapshots(
  files: readonly StoredSummary[],
  database: readonly StoredSummary[],
): ListedSnapshot[] {
  const used = mergeActiveLists(
    database.filter((s) => s.active),
    files.filter((s) => s.active),
  );
  const originOf = new Map(used.map((active) => [active.snapshot.id, active.origin]));
  const usedOfList = new Map(used.map((active) => [active.snapshot.list, active.snapshot.id]));
  const inFiles = new Set(files.map((s) => s.id));
  const listed = new Map<string, ListedSnapshot>();
  for (const { active: activeHere, ...summary } of [...files, ...database]) {
    if (listed.has(summary.id)) continue;
    const origin = originOf.get(summary.id) ?? (inFiles.has(summary.id) ? "file" : "database");
    const instead = usedOfList.get(summary.list);
    const overridden = activeHere && origin === "file" && instead !== undefined && instead !== summary.id;
    listed.set(summary.id, {
      ...summary,
      active: originOf.has(summary.id),
      origin,
      ...(overridden ? { overriddenBy: instead } : {}),
    });
  }
  return [...listed.values()].sort((a, b) => b.importedAt.localeCompare(a.importedAt));
}

/** Snapshots by id or prefix: from the data directory, else from the database when it may hold any. */
async function findSnapshots(ids: readonly string[]): Promise<(ListSnapshot | undefined)[]> {
  const files = new FileSnapshotStore(dataDir());
  const found = await run(() => Promise.all(ids.map((id) => files.get(id))));
  if (found.every((snapshot) => snapshot !== undefined) || !databaseMayHoldData()) return found;
  return withStoreIfAny(async (store) => {
    if (!store) return found;
    const stored: (ListSnapshot | undefined)[] = [];
    for (const [index, id] of ids.entries())
      stored.push(found[index] ?? (await run(() => store.snapshots.get(id))));
    return stored;
  });
}

/**
 * After an import into the data directory: when the database has an active snapshot of the same list
 * (imported through the API), that one is used instead, and the user is told so on stderr.
 */
async function noteDatabaseList(list: string, id: string): Promise<void> {
  if (!databaseMayHoldData()) return;
  try {
    const stored = await withStoreIfAny(async (store) =>
      (await store?.snapshots.list())?.find((summary) => summary.active && summary.list === list),
    );
    if (stored !== undefined && stored.id !== id)
      process.stderr.write(
        `sanctions: note: the database has an active ${list} list (snapshot ${short(stored.id)}, imported through the API); ` +
          `check, screen and the service use it instead of this one\n`,
      );
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(
      `sanctions: note: the database could not be read (${error.message}); ` +
        `if it has an active ${list} list, check, screen and the service use that one instead\n`,
    );
  }
}

function short(id: string): string {
  return id.slice(0, 12);
}

function brief(d: Designation): { ref: string; list: string; kind: string; name: string } {
  return { ref: d.ref, list: d.list, kind: d.kind, name: d.names[0]?.full ?? "" };
}

function diffLines(diff: SnapshotDiff): string[] {
  return [
    `${short(diff.from)} → ${short(diff.to)}: ${diff.added.length} added, ${diff.removed.length} removed, ` +
      `${diff.changed.length} changed, ${diff.unchanged} unchanged`,
    ...diff.added.map((d) => `+ ${d.ref}  ${brief(d).name}`),
    ...diff.removed.map((d) => `- ${d.ref}  ${brief(d).name}`),
    ...diff.changed.map((c) => `~ ${c.ref}  ${brief(c.after).name}  (${c.fields.join(", ")})`),
  ];
}

/**
 * Progress on stderr only: a percentage line redrawn in place on a terminal, a start and an end line
 * otherwise, so that logs stay short and stdout stays clean for `--json`.
 */
function progressReporter(source: string): {
  update: (read: number, total: number | undefined) => void;
  done: () => void;
} {
  const tty = process.stderr.isTTY;
  let last = -1;
  let started = false;
  return {
    update(read, total) {
      if (!started) {
        started = true;
        process.stderr.write(`reading ${source}\n`);
      }
      if (!tty) return;
      const percent = total === undefined ? undefined : Math.floor((read / total) * 100);
      const shown = percent ?? Math.floor(read / 1_000_000);
      if (shown === last) return;
      last = shown;
      process.stderr.write(percent === undefined ? `\r${shown} MB` : `\r${percent}%`);
    },
    done() {
      if (tty && last >= 0) process.stderr.write("\n");
    },
  };
}
