import assert from "node:assert/strict";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { BatchInputError, LineSplitter, readRecords, type BatchItem, type ReadOptions } from "./index.js";

let dir = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "batch-read-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

let fileCount = 0;
async function file(text: string | Buffer): Promise<string> {
  fileCount += 1;
  const path = join(dir, `input-${fileCount}`);
  await writeFile(path, text);
  return path;
}

async function collect(
  input: string | NodeJS.ReadableStream,
  options: ReadOptions = {},
): Promise<BatchItem[]> {
  const items: BatchItem[] = [];
  for await (const item of readRecords(input, options)) items.push(item);
  return items;
}

/** Items as compact tuples: [line, record] or [line, error code, field?]. */
function summary(items: readonly BatchItem[]): unknown[] {
  return items.map((item) =>
    "record" in item
      ? [item.line, item.record]
      : item.error.field === undefined
        ? [item.line, item.error.code]
        : [item.line, item.error.code, item.error.field],
  );
}

async function rejectsWith(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof BatchInputError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  });
}

void describe("readRecords, JSON Lines", () => {
  void it("reads objects, skips blank lines, and reports bad lines without stopping", async () => {
    const path = await file(
      '\uFEFF{"id":"a","hs":"0301"}\r\n\n   \n{bad json}\n[1,2]\n42\nnull\n"text"\n{"id":"b","vessel":{"imo":"9123456"}}',
    );
    assert.deepEqual(summary(await collect(path)), [
      [1, { id: "a", hs: "0301" }],
      [4, "batch_bad_json"],
      [5, "batch_not_object"],
      [6, "batch_not_object"],
      [7, "batch_not_object"],
      [8, "batch_not_object"],
      [9, { id: "b", vessel: { imo: "9123456" } }],
    ]);
  });

  void it("reports a 10 MB line as one error and reads on", async () => {
    const path = join(dir, "huge.jsonl");
    const out = createWriteStream(path);
    out.write('{"id":"before"}\n{"id":"huge","description":"');
    const block = "x".repeat(1024 * 1024);
    for (let i = 0; i < 10; i += 1) out.write(block);
    out.write('"}\n{"id":"after"}\n');
    await new Promise<void>((resolve, reject) =>
      out
        .end(() => {
          resolve();
        })
        .once("error", reject),
    );

    const items = await collect(path);
    assert.deepEqual(summary(items), [
      [1, { id: "before" }],
      [2, "batch_line_too_long"],
      [3, { id: "after" }],
    ]);
    const tooLong = items[1];
    assert.ok(tooLong && "error" in tooLong);
    assert.match(tooLong.error.message, /is 10485\d{3} bytes; the limit is 1048576/);
  });

  void it("reports missing required fields as items", async () => {
    const path = await file('{"id":"a","type":"goods"}\n{"type":"goods"}\n{"id":null,"type":"goods"}\n');
    assert.deepEqual(summary(await collect(path, { requiredColumns: ["id", "type"] })), [
      [1, { id: "a", type: "goods" }],
      [2, "batch_missing_field", "id"],
      [3, "batch_missing_field", "id"],
    ]);
  });

  void it("reads from a stream and counts bytes and records", async () => {
    const text = '{"id":"a"}\n{"id":"b"}\n';
    let bytes = 0;
    let records = 0;
    const progress = {
      addBytes: (n: number) => (bytes += n),
      addRecords: (n: number) => (records += n),
    };
    const items = await collect(Readable.from([Buffer.from(text.slice(0, 5)), Buffer.from(text.slice(5))]), {
      progress,
    });
    assert.equal(items.length, 2);
    assert.equal(bytes, Buffer.byteLength(text));
    assert.equal(records, 2);
  });
});

void describe("LineSplitter", () => {
  void it("never holds more than the limit of an overlong line", () => {
    const limit = 1024 * 1024;
    const splitter = new LineSplitter(limit);
    const chunk = Buffer.alloc(64 * 1024, 0x78);
    let most = 0;
    const lines = [];
    for (let i = 0; i < 160; i += 1) {
      lines.push(...splitter.push(chunk));
      most = Math.max(most, splitter.bufferedBytes);
    }
    lines.push(...splitter.push(Buffer.from("\nnext\n")), ...splitter.end());
    assert.ok(most <= limit, `held ${most} bytes`);
    assert.deepEqual(lines, [
      { line: 1, tooLong: true, bytes: 160 * 64 * 1024 },
      { line: 2, text: "next" },
    ]);
  });
});

void describe("readRecords, CSV", () => {
  void it("turns rows into records: empty cells absent, dotted columns nested, parties parsed", async () => {
    const path = await file(
      "id,type,hs,vessel.imo,vessel.name,parties\n" +
        'a,goods,0301,9123456,"Sea, Star","[{""name"":""Kim"",""role"":""buyer""}]"\n' +
        "b,goods,8806,,,\n",
    );
    assert.deepEqual(summary(await collect(path, { requiredColumns: ["id", "vessel"] })), [
      [
        2,
        {
          id: "a",
          type: "goods",
          hs: "0301",
          vessel: { imo: "9123456", name: "Sea, Star" },
          parties: [{ name: "Kim", role: "buyer" }],
        },
      ],
      [3, { id: "b", type: "goods", hs: "8806" }],
    ]);
  });

  void it("reports rows with the wrong number of fields, bad quoting and bad JSON cells, and reads on", async () => {
    const path = await file(
      "id,hs,parties\n" +
        "a,0301,\n" +
        "b,0302\n" +
        "c,0303,[not json\n" +
        "\n" +
        'd,"multi\nline",\n' +
        'e,03"04,\n' +
        "f,0305,,extra\n" +
        "g,0306,\n",
    );
    assert.deepEqual(summary(await collect(path)), [
      [2, { id: "a", hs: "0301" }],
      [3, "batch_field_count"],
      [4, "batch_bad_cell", "parties"],
      [6, { id: "d", hs: "multi\nline" }],
      [8, "batch_bad_csv"],
      [9, "batch_field_count"],
      [10, { id: "g", hs: "0306" }],
    ]);
  });

  void it("reports the physical line a record starts on after quoted cells holding CRLF and LF", async () => {
    // Records a and c span three lines each; b and d are bad; e comes last. Lines: header 1, a 2–4,
    // b 5, blank 6, c 7–9, d 10–11, e 12.
    const rows = (end: string) =>
      `id,hs,description${end}` +
      `a,0301,"one\r\ntwo\nthree"${end}` +
      `b,0302${end}` +
      end +
      `c,0303,"x\ny\r\nz"${end}` +
      `d,"0304\r\n",,extra${end}` +
      `e,0305,"last\r\nline"`;
    const expected = [
      [2, { id: "a", hs: "0301", description: "one\ntwo\nthree" }],
      [5, "batch_field_count"],
      [7, { id: "c", hs: "0303", description: "x\ny\nz" }],
      [10, "batch_field_count"],
      [12, { id: "e", hs: "0305", description: "last\nline" }],
    ];
    for (const end of ["\n", "\r\n"]) {
      const text = rows(end);
      assert.deepEqual(summary(await collect(await file(text))), expected, JSON.stringify(end));
      // The same bytes in chunks of three (so that some chunks end between the CR and the LF of a CRLF).
      const bytes = Buffer.from(text);
      const chunks = [];
      for (let at = 0; at < bytes.length; at += 3) chunks.push(bytes.subarray(at, at + 3));
      assert.deepEqual(summary(await collect(Readable.from(chunks))), expected, JSON.stringify(end));
    }
  });

  void it("stops with a fatal error when a required column is missing", async () => {
    const path = await file("id,hs\na,0301\n");
    await rejectsWith(
      collect(path, { requiredColumns: ["id", "type", "date"] }),
      "batch_missing_columns",
      /type, date/,
    );
    const headerOnly = await file("id,hs\n");
    await rejectsWith(collect(headerOnly, { requiredColumns: ["type"] }), "batch_missing_columns", /type/);
  });

  void it("refuses a header with repeated, empty, conflicting or unsafe names", async () => {
    await rejectsWith(collect(await file("id,id\n1,2\n")), "batch_bad_header", /repeats column id/);
    await rejectsWith(collect(await file("id,,x\n1,2,3\n")), "batch_bad_header", /empty/);
    await rejectsWith(collect(await file("vessel,vessel.imo\n1,2\n")), "batch_bad_header", /conflict/);
    await rejectsWith(collect(await file("id,__proto__.x\n1,2\n")), "batch_bad_header", /not allowed/);
  });

  void it("stops with a fatal error on an overlong record rather than losing the rest silently", async () => {
    const path = await file(`id,description\na,short\nb,${"x".repeat(5000)}\nc,short\n`);
    await rejectsWith(collect(path, { maxLineBytes: 1000 }), "batch_record_too_long", /line 3/);
  });
});

void describe("readRecords, formats and empty input", () => {
  void it("sniffs JSON Lines by a leading brace after blank lines, CSV otherwise", async () => {
    assert.deepEqual(summary(await collect(await file('\n\n  {"id":"a"}\n'))), [[3, { id: "a" }]]);
    assert.deepEqual(summary(await collect(await file("id\na\n"))), [[2, { id: "a" }]]);
    // An explicit format wins over sniffing.
    assert.deepEqual(summary(await collect(await file("id\na\n"), { format: "jsonl" })), [
      [1, "batch_bad_json"],
      [2, "batch_bad_json"],
    ]);
  });

  void it("yields nothing for an empty or blank input", async () => {
    assert.deepEqual(await collect(await file("")), []);
    assert.deepEqual(await collect(await file("\n \r\n\t\n")), []);
    assert.deepEqual(await collect(Readable.from([])), []);
  });

  void it("reports a stream that fails midway as unreadable, in both formats", async () => {
    for (const head of ['{"id":"a"}\n', "id\na\n"]) {
      const failing = Readable.from(
        (async function* () {
          yield Buffer.from(head);
          await Promise.resolve();
          throw new Error("disk gone");
        })(),
      );
      await rejectsWith(collect(failing), "batch_unreadable", /disk gone/);
    }
  });

  void it("reports a missing file as unreadable", async () => {
    await rejectsWith(collect(join(dir, "missing.jsonl")), "batch_unreadable", /cannot read/);
  });

  void it("reads a large file without holding it (records arrive before the end)", async () => {
    const path = join(dir, "many.jsonl");
    const out = createWriteStream(path);
    for (let i = 0; i < 20000; i += 1) out.write(`{"id":"r${i}","hs":"0301"}\n`);
    await new Promise<void>((resolve) =>
      out.end(() => {
        resolve();
      }),
    );
    const size = (await stat(path)).size;
    let bytesAtFirstRecord = -1;
    let bytes = 0;
    let count = 0;
    const progress = { addBytes: (n: number) => (bytes += n), addRecords: () => undefined };
    for await (const item of readRecords(path, { progress })) {
      if (count === 0) bytesAtFirstRecord = bytes;
      count += "record" in item ? 1 : 0;
    }
    assert.equal(count, 20000);
    assert.ok(bytesAtFirstRecord < size, "the first record came before the whole file was read");
  });
});
