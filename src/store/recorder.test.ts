/**
 * The recorder's parts, on a real (in-memory PGlite) store: a result reaches the output only once its
 * check is committed; at most one part waits behind the one being written (so a stuck output holds
 * the run back instead of letting parts pile up); rejected lines are written in order but not
 * recorded; a part is cut by size in bytes as well as in results; and a run stopped by a failing
 * output keeps what was committed, in a batch marked incomplete.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { defaultRegimeDir } from "../config/index.js";
import type { Activity } from "../model/activity.js";
import type { CompiledRegime } from "../model/regime.js";
import { loadRegime } from "../regime/index.js";
import { startRecording, type CheckRecorder, type RecorderOptions, type ResultWriter } from "./recorder.js";
import type { RecordedBatch } from "./audit.js";
import type { Store } from "./store.js";
import { pgliteFactory } from "./testing/factories.js";

type Result = Readonly<Record<string, unknown>>;

const activity = (id: string): Activity => ({
  id,
  type: "goods",
  date: "2019-12-17",
  hs: "030211",
  from: "KP",
  to: "CN",
});

const rejected = (line: number): Result => ({
  id: null,
  error: { code: "batch_bad_json", message: "not valid JSON", line },
});

/** Output that notes what it was given and, for each call, what the store held at that moment. */
class Output implements ResultWriter {
  readonly written: string[] = [];
  /** For each call: [verdicts written after it, checks recorded when it came]. */
  readonly calls: [number, number][] = [];
  /** When set, calls wait for it. */
  gate: Promise<void> | undefined;
  ended = false;
  failWith: Error | undefined;
  #called: (() => void) | undefined;
  #written: (() => void) | undefined;

  constructor(
    private readonly store: Store,
    private readonly batchId: () => string,
  ) {}

  /** Resolves at the next call. */
  nextCall(): Promise<void> {
    return new Promise((resolve) => (this.#called = resolve));
  }

  /** Resolves when the next call has written its records. */
  nextWritten(): Promise<void> {
    return new Promise((resolve) => (this.#written = resolve));
  }

  write(record: Result): Promise<void> {
    return this.writeMany([record]);
  }

  async writeMany(records: readonly Result[]): Promise<void> {
    this.#called?.();
    if (this.failWith) throw this.failWith;
    const recorded = await this.store.audit.count(this.batchId());
    await this.gate;
    for (const record of records)
      this.written.push(
        (record["id"] as string | null) ?? `line ${(record["error"] as { line: number }).line}`,
      );
    this.calls.push([this.written.filter((id) => !id.startsWith("line")).length, recorded]);
    this.#written?.();
  }

  end(): Promise<void> {
    this.ended = true;
    return Promise.resolve();
  }
}

describe("store/recorder: check --record's parts", () => {
  let store: Store;
  let regime: CompiledRegime;
  before(async () => {
    store = await pgliteFactory();
    const loaded = await loadRegime(defaultRegimeDir);
    if (!loaded.regime) throw new Error("the embedded regime does not load");
    regime = loaded.regime;
  });
  after(() => store.close());

  async function start(options: Partial<RecorderOptions> = {}): Promise<{
    recorder: CheckRecorder;
    output: Output;
    writer: ResultWriter;
    /** Evaluates these activities and hands their verdicts (and rejections) to the writer. */
    send: (items: readonly (string | Result)[]) => Promise<void>;
  }> {
    const recorder = await startRecording(store, {
      regime,
      regimeDir: defaultRegimeDir,
      snapshots: [],
      context: {},
      source: "test",
      partChecks: 10,
      ...options,
    });
    const output = new Output(store, () => recorder.batchId);
    const writer = recorder.wrap(output);
    return {
      recorder,
      output,
      writer,
      send: (items) =>
        writer.writeMany?.(
          items.map((item) =>
            typeof item === "string"
              ? (recorder.evaluator.evaluate(activity(item)) as unknown as Result)
              : item,
          ),
        ) ?? Promise.resolve(),
    };
  }

  async function batch(id: string): Promise<RecordedBatch> {
    const found = await store.audit.batch(id);
    assert.ok(found, `batch ${id} is recorded`);
    return found;
  }

  const ids = (prefix: string, count: number) =>
    Array.from({ length: count }, (_, i) => `${prefix}${String(i)}`);

  it("writes each part once its checks are committed, and completes the batch at the end", async () => {
    const { recorder, output, writer, send } = await start();
    const before = await batch(recorder.batchId);
    assert.equal(before.complete, false, "the batch's row is committed first, incomplete");
    // 25 verdicts and 2 rejections in uneven calls: parts of 10 results, then the rest at the end.
    await send(ids("a", 7));
    await send([rejected(8), ...ids("b", 9)]);
    await send([...ids("c", 9), rejected(27)]);
    await writer.end();
    assert.equal(await recorder.finish(), 25);
    assert.deepEqual(output.written, [...ids("a", 7), "line 8", ...ids("b", 9), ...ids("c", 9), "line 27"]);
    for (const [written, recorded] of output.calls)
      assert.ok(recorded >= written, `${written} verdicts written with ${recorded} recorded`);
    assert.ok(output.calls.length >= 3, "written in parts");
    assert.ok(output.ended);
    const stored = await batch(recorder.batchId);
    assert.equal(stored.complete, true);
    assert.equal(stored.checks, 25);
    const seqs = [];
    for await (const check of store.audit.checks({ batchId: recorder.batchId })) seqs.push(check.seq);
    assert.deepEqual(
      seqs,
      Array.from({ length: 25 }, (_, i) => i + 1),
    );
  });

  it("holds the run back while the output is stuck: one part waits, the next call does not return", async () => {
    const { recorder, output, writer, send } = await start();
    let release!: () => void;
    output.gate = new Promise((resolve) => (release = resolve));
    const firstCall = output.nextCall();
    await send(ids("p", 10)); // the first part is handed on; nothing waits before it
    await firstCall;
    let returned = false;
    const second = send(ids("q", 10)).then(() => (returned = true));
    // Give the second part every chance to be committed and the call to return: neither may happen
    // while the first part is not written.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(returned, false);
    assert.equal(await store.audit.count(recorder.batchId), 10);
    release();
    await second;
    await writer.end();
    assert.equal(await recorder.finish(), 20);
    assert.equal(output.written.length, 20);
  });

  it("cuts a part by its bytes as well as by its results", async () => {
    const { recorder, output, writer, send } = await start({ partChecks: 1000, partBytes: 1 });
    await send(ids("b", 3));
    await writer.end();
    assert.equal(await recorder.finish(), 3);
    assert.deepEqual(
      output.calls.map(([written]) => written),
      [1, 2, 3],
    );
  });

  it("a run whose output fails keeps what was committed, in a batch left incomplete", async () => {
    const { recorder, output, writer, send } = await start();
    const firstWritten = output.nextWritten();
    await send(ids("f", 10));
    await firstWritten;
    output.failWith = new Error("broken pipe");
    // The second part is committed, then its output fails; the run learns it at its next call.
    await send(ids("g", 10));
    await assert.rejects(writer.end(), /broken pipe/);
    assert.equal(await recorder.stop(), 20);
    const stored = await batch(recorder.batchId);
    assert.equal(stored.complete, false);
    assert.equal(stored.checks, 20);
    assert.deepEqual(output.written, ids("f", 10));
    assert.equal(output.ended, false);
  });

  it("refuses a part size out of range", async () => {
    await assert.rejects(start({ partChecks: 0 }), /partChecks must be 1 to 5000, got 0/);
    await assert.rejects(start({ partChecks: 5001 }), /partChecks must be 1 to 5000/);
    await assert.rejects(start({ partBytes: 0 }), /partBytes must be above 0/);
  });
});
