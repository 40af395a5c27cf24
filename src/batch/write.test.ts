import assert from "node:assert/strict";
import { PassThrough, Writable } from "node:stream";
import { describe, it } from "node:test";
import { createCsvWriter, createJsonlWriter, createProgress, flattenRecord } from "./index.js";

function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

const verdict = {
  id: "a1",
  verdict: "prohibited",
  reasons: [
    { code: "hs_in_scope", measure: "KP-EXP-SEAFOOD", citation: "S/RES/2371 (2017) OP9", verified: true },
    { code: "party_designated", measure: "KP-ASSET-FREEZE", verified: false, text: 'Kim, "A"' },
  ],
  regimeVersion: "abc",
};

void describe("flattenRecord", () => {
  void it("nests with dots, joins arrays and leaves nulls empty", () => {
    assert.deepEqual(flattenRecord({ a: 1, b: { c: true, d: null }, e: ["x", 2], f: [], g: [{ h: [1] }] }), {
      a: "1",
      "b.c": "true",
      "b.d": "",
      e: "x; 2",
      f: "",
      "g.h": "[1]",
    });
    assert.deepEqual(flattenRecord(verdict), {
      id: "a1",
      verdict: "prohibited",
      "reasons.code": "hs_in_scope; party_designated",
      "reasons.measure": "KP-EXP-SEAFOOD; KP-ASSET-FREEZE",
      "reasons.citation": "S/RES/2371 (2017) OP9; ",
      "reasons.verified": "true; false",
      "reasons.text": '; Kim, "A"',
      regimeVersion: "abc",
    });
  });
});

void describe("writers", () => {
  void it("writes JSON Lines", async () => {
    const out = sink();
    const writer = createJsonlWriter(out.stream);
    await writer.write(verdict);
    await writer.write({ id: "x", error: { code: "batch_bad_json", message: "bad", line: 3 } });
    await writer.end();
    const lines = out.text().trimEnd().split("\n");
    assert.deepEqual(
      lines.map((line) => JSON.parse(line) as unknown),
      [verdict, { id: "x", error: { code: "batch_bad_json", message: "bad", line: 3 } }],
    );
  });

  void it("writes CSV with given columns, quoting, and reports fields it had no column for", async () => {
    const out = sink();
    const writer = createCsvWriter(out.stream, {
      columns: ["id", "verdict", "reasons.code", "reasons.text", "error.code"],
    });
    await writer.write(verdict);
    await writer.write({ id: "x", error: { code: "batch_bad_json", message: "bad" } });
    await writer.end();
    assert.equal(
      out.text(),
      "id,verdict,reasons.code,reasons.text,error.code\n" +
        'a1,prohibited,hs_in_scope; party_designated,"; Kim, ""A""",\n' +
        "x,,,,batch_bad_json\n",
    );
    assert.deepEqual([...writer.droppedFields].sort(), [
      "error.message",
      "reasons.citation",
      "reasons.measure",
      "reasons.verified",
      "regimeVersion",
    ]);
  });

  void it("takes CSV columns from the first record when none are given, and writes a header for an empty run", async () => {
    const first = sink();
    const writer = createCsvWriter(first.stream);
    await writer.write({ id: "a", verdict: "permitted" });
    await writer.write({ id: "b", verdict: "review", extra: "1" });
    await writer.end();
    assert.equal(first.text(), "id,verdict\na,permitted\nb,review\n");
    assert.deepEqual([...writer.droppedFields], ["extra"]);

    const empty = sink();
    await createCsvWriter(empty.stream, { columns: ["id", "verdict"] }).end();
    assert.equal(empty.text(), "id,verdict\n");
  });

  void it("waits for the output to drain before a write resolves", async () => {
    const pending: (() => void)[] = [];
    const written: string[] = [];
    const slow = new Writable({
      highWaterMark: 8,
      write(chunk: Buffer, _encoding, callback) {
        written.push(chunk.toString());
        pending.push(callback);
      },
    });
    const writer = createJsonlWriter(slow, { close: true });
    let resolved = false;
    const write = writer.write({ id: "a-record-longer-than-the-high-water-mark" }).then(() => {
      resolved = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(resolved, false, "resolved while the output was full");
    for (const callback of pending.splice(0)) callback();
    await write;
    assert.equal(resolved, true);
    const end = writer.end();
    for (const callback of pending.splice(0)) callback();
    await end;
    assert.deepEqual(written, ['{"id":"a-record-longer-than-the-high-water-mark"}\n']);
  });
});

void describe("createProgress", () => {
  void it("is silent when the stream is not a terminal, or when asked", () => {
    const out = sink();
    const quiet = createProgress({ stream: out.stream, total: 100 });
    quiet.addBytes(50);
    quiet.addRecords(1);
    quiet.stop();
    assert.equal(quiet.active, false);
    const tty = Object.assign(sink().stream, { isTTY: true, columns: 80 });
    assert.equal(createProgress({ stream: tty, silent: true }).active, false);
    assert.equal(out.text(), "");
  });

  void it("draws records and bytes on a terminal", () => {
    const out = sink();
    const tty = Object.assign(out.stream, { isTTY: true, columns: 100 });
    const progress = createProgress({ stream: tty, total: 2048 });
    assert.equal(progress.active, true);
    progress.addBytes(1024);
    progress.addRecords(3);
    progress.stop();
    assert.match(out.text(), /records/);
    assert.match(out.text(), /of 2\.0 KiB/);
  });
});
