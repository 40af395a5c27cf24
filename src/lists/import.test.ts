/**
 * `importList` (`sanctions lists import`) and the limits on what a list file holds: a record id over
 * `MAX_ID_LENGTH`, or a dataset name that is not a short name, refuses the whole file, naming the
 * record, and the active snapshot stays as it was; nothing is cut short.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { MAX_CODE_LENGTH, MAX_ID_LENGTH } from "../model/limits.js";
import { isListError } from "./errors.js";
import { importList } from "./import.js";
import { FileSnapshotStore } from "./store.js";

const unXml = (refs: readonly string[]): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z"><INDIVIDUALS>` +
  refs
    .map(
      (ref, i) =>
        `<INDIVIDUAL><FIRST_NAME>Person ${i}</FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>${ref}</REFERENCE_NUMBER></INDIVIDUAL>`,
    )
    .join("") +
  `</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>\n`;

const ftm = (entities: readonly { id: string; dataset: string }[]): string =>
  entities
    .map(({ id, dataset }) =>
      JSON.stringify({ id, schema: "Person", datasets: [dataset], properties: { name: ["Kim Chol"] } }),
    )
    .join("\n") + "\n";

let dir: string;
let store: FileSnapshotStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "lists-import-"));
  store = new FileSnapshotStore(join(dir, "data"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe("importList: limits", () => {
  it(`takes record ids of ${MAX_ID_LENGTH} characters`, async () => {
    const ref = "K".repeat(MAX_ID_LENGTH);
    const result = await importList(store, await file("un.xml", unXml(["KPi.001", ref])));
    assert.equal(result.snapshot.counts.persons, 2);
    const active = await store.active("UN");
    assert.ok(active?.designations.some((designation) => designation.ref === ref));
  });

  it("refuses a file with a record id over the limit, naming the record, and keeps the active snapshot", async () => {
    const first = await importList(store, await file("first.xml", unXml(["KPi.001"])));
    const long = `KPi.${"9".repeat(2996)}`;
    await assert.rejects(
      importList(store, await file("second.xml", unXml(["KPi.002", long, "KPi.003"]))),
      (error: unknown) => {
        assert.ok(isListError(error, "over_limit"), String(error));
        assert.equal(
          error.message,
          `record 2 (id "KPi.${"9".repeat(36)}…") has an id 3000 characters long; the limit is ${MAX_ID_LENGTH}; nothing imported`,
        );
        return true;
      },
    );
    assert.equal((await store.active("UN"))?.id, first.snapshot.id);
  });

  it("refuses a FollowTheMoney file naming a dataset that is not a short name", async () => {
    const cases: readonly (readonly [dataset: string, problem: string])[] = [
      [
        "d".repeat(MAX_CODE_LENGTH + 1),
        `is ${MAX_CODE_LENGTH + 1} characters long; the limit is ${MAX_CODE_LENGTH}`,
      ],
      // 60 characters, but 540 bytes in a file name: the data directory could not store it.
      ["제재".repeat(30), 'is not a name: only letters, digits, "_", "-" and "."'],
      ["../x", 'is not a name: only letters, digits, "_", "-" and "."'],
    ];
    for (const [dataset, problem] of cases) {
      await assert.rejects(
        importList(store, await file("ftm.jsonl", ftm([{ id: "p-1", dataset }]))),
        (error: unknown) => {
          assert.ok(isListError(error, "over_limit"), String(error));
          assert.ok(error.message.startsWith("the dataset name "), error.message);
          assert.ok(error.message.endsWith(`${problem}; nothing imported`), error.message);
          return true;
        },
      );
    }
    assert.deepEqual(await store.list(), []);
    // The same through --dataset, for entities that name none; a name at the limit is taken.
    const unnamed = await file(
      "unnamed.jsonl",
      `${JSON.stringify({ id: "p-2", schema: "Person", properties: { name: ["A"] } })}\n`,
    );
    await assert.rejects(
      importList(store, unnamed, { dataset: "d".repeat(MAX_CODE_LENGTH + 1) }),
      (error: unknown) => isListError(error, "over_limit"),
    );
    const atLimit = "d".repeat(MAX_CODE_LENGTH);
    await importList(store, unnamed, { dataset: atLimit });
    assert.equal((await store.active(`FTM:${atLimit}`))?.designations.length, 1);
  });
});
