/**
 * @module cli/commands/lists
 * `sanctions lists import|list|diff`: import a sanctions list as a new active snapshot, show the stored
 * snapshots and which are active, compare two. One store for all of them, the engine's database
 * (`../store-source.ts`), which `POST /v1/lists/import`, `check`, `screen` and the service use too: a
 * list imported here or through the API is the one every one of them uses. Thin: the work is in
 * `src/lists` and `src/store`.
 */
import { Command, Option } from "commander";
import {
  diffSnapshots,
  importList,
  LIST_FORMATS,
  ListError,
  MAX_LIST_DROP,
  UN_CONSOLIDATED_URL,
  type ListFormat,
  type SnapshotDiff,
} from "../../lists/index.js";
import type { Designation, ListSnapshot } from "../../model/designation.js";
import { printJson, printLines, UsageError } from "../output.js";
import { withConfiguredStore, withStoreIfAny } from "../store-source.js";

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
        const progress = progressReporter(source);
        const started = Date.now();
        const result = await withConfiguredStore((store) =>
          run(
            () =>
              importList(store.snapshots, source, {
                ...(opts.format === undefined ? {} : { format: opts.format }),
                ...(opts.alias === undefined ? {} : { aliases: opts.alias }),
                ...(opts.dataset === undefined ? {} : { dataset: opts.dataset }),
                ...(opts.force === true ? { force: true } : {}),
                onProgress: progress.update,
              }),
            importRefusal,
          ).catch(unstorable),
        ).finally(progress.done);
        const seconds = (Date.now() - started) / 1000;
        const s = result.snapshot;
        if (result.forced === true)
          process.stderr.write(
            `sanctions: warning: forced: the active ${s.list} list went from ${result.previousDesignations ?? "?"} ` +
              `to ${s.counts.persons + s.counts.entities + s.counts.vessels} designations; ` +
              `every party no longer on it is no longer screened against it\n`,
          );
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
      "Show the stored snapshots, newest first (* = active: used by check, screen and the service)",
    )
    .option("--json", "print as JSON (as GET /v1/lists)")
    .action(async (opts: { json?: boolean }) => {
      const summaries = await withStoreIfAny(async (store) =>
        store ? await run(() => store.snapshots.list()) : [],
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
            `generated ${s.generatedOn ?? "-"}  ${s.counts.persons}p ${s.counts.entities}e ${s.counts.vessels}v`,
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
 * A snapshot the database refused for its content (a NUL character in a CSV field, say): said as the
 * other refusals are, with the active lists unchanged.
 */
async function unstorable(error: unknown): Promise<never> {
  const { isStoreError } = await import("../../store/index.js");
  if (isStoreError(error) && error.code === "invalid_record")
    throw new UsageError(`${error.code}: ${error.message}; the active lists are unchanged`);
  throw error;
}

/** Snapshots by id or unambiguous prefix; none when nothing is stored. */
async function findSnapshots(ids: readonly string[]): Promise<(ListSnapshot | undefined)[]> {
  return withStoreIfAny(async (store) => {
    const found: (ListSnapshot | undefined)[] = [];
    for (const id of ids) found.push(store ? await run(() => store.snapshots.get(id)) : undefined);
    return found;
  });
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
