/**
 * A child process for the store's crash tests (run with `node --import tsx`): it works on a data
 * directory until the test kills it with SIGKILL.
 *
 * - `hang DATA_DIR XML`: imports the first half of the UN list, says "reading" on stdout, then waits
 *   for the rest forever (a stalled download).
 * - `churn DATA_DIR`: saves and activates two alternating snapshots in a loop as fast as it can,
 *   saying "churning" once it has started.
 */
import { readFile } from "node:fs/promises";
import { buildSnapshot } from "../snapshot.js";
import { FileSnapshotStore } from "../store.js";
import { importList } from "../import.js";
import type { Designation } from "../../model/designation.js";

const [mode, dir, xml] = process.argv.slice(2);
if (dir === undefined) throw new Error("usage: import-child.ts hang|churn DATA_DIR [XML]");
const store = new FileSnapshotStore(dir);

if (mode === "hang" && xml !== undefined) {
  const bytes = await readFile(xml);
  const stalled: typeof fetch = () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, bytes.length >> 1));
        process.stdout.write("reading\n");
        // Never closes: the process is killed while the import waits for more bytes.
      },
    });
    return Promise.resolve(new Response(body));
  };
  await importList(store, "https://example.invalid/consolidated.xml", { fetch: stalled });
} else if (mode === "churn") {
  const person = (ref: string, name: string): Designation => ({
    ref,
    list: "UN",
    programmes: ["DPRK"],
    kind: "person",
    names: [{ full: name, quality: "primary" }],
    birthDates: [],
    nationalities: [],
    identifiers: [],
  });
  // Every round writes a new snapshot of a few megabytes, so that the kill lands inside a write.
  process.stdout.write("churning\n");
  for (let round = 0; ; round++) {
    const designations = Array.from({ length: 5_000 }, (_, i) =>
      person(`KPi.${i}`, `ROUND ${round} ${"X".repeat(200)} ${i}`),
    );
    const snapshot = buildSnapshot({ source: `round ${round}`, list: "UN", designations });
    await store.save(snapshot);
    await store.activate(snapshot.id);
  }
}
