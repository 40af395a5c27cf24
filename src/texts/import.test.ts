/**
 * `importTexts` over its sources: a folder (an unreadable file reported with its reason, the rest
 * imported; two files of one symbol both refused), a single file, and an http(s) URL served by a local
 * server (a body over the limit, an error status, a DOCTYPE and a server that never answers refused).
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { importTexts, isTextError, type TextImportTarget } from "./index.js";
import type { TextFile } from "./sources.js";
import { aknText } from "./testing.js";

/** A target that keeps what it is given and answers `imported` for each. */
function memoryTarget(): TextImportTarget & { files: TextFile[] } {
  const files: TextFile[] = [];
  return {
    files,
    importFiles(given) {
      files.push(...given);
      return Promise.resolve(
        given.map((f) => ({
          symbol: f.text.symbol,
          sha256: f.sha256,
          source: f.source,
          status: "imported" as const,
        })),
      );
    },
  };
}

const good = aknText({ number: 9001, paragraphs: ['<span class="italic">Decides</span> to act;'] });
const good2 = aknText({ number: 9002, paragraphs: ['<span class="italic">Urges</span> States to act;'] });

let dir = "";
let server: Server;
let base = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "texts-import-"));
  server = createServer((request, response) => {
    if (request.url === "/good.xml") response.end(good);
    else if (request.url === "/doctype.xml")
      response.end(aknText({ paragraphs: ["Decides;"], doctype: true }));
    else if (request.url === "/large-declared.xml") {
      response.setHeader("content-length", String(64 * 1024));
      response.end("x".repeat(64 * 1024));
    } else if (request.url === "/large-streamed.xml") {
      // No length given: the body is cut off as it arrives.
      response.write("<akomaNtoso>");
      response.end("x".repeat(64 * 1024));
    } else if (request.url === "/silent.xml") {
      // Never answers: the fetch's time runs out.
    } else {
      response.statusCode = 404;
      response.end("not here");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

void describe("importTexts", () => {
  void it("imports a folder's readable files and reports each other with its reason", async () => {
    const folder = join(dir, "folder");
    await mkdir(folder);
    await writeFile(join(folder, "a.xml"), good);
    await writeFile(join(folder, "b.xml"), good2);
    await writeFile(join(folder, "c.xml"), aknText({ paragraphs: ["x"], doctype: true }));
    await writeFile(join(folder, "d.xml"), "<akomaNtoso><statement>");
    await writeFile(join(folder, "notes.txt"), "not a text");
    const target = memoryTarget();
    const result = await importTexts(target, folder, { now: new Date("2026-01-01T00:00:00Z") });
    assert.deepEqual(
      result.entries.map((e) => [e.source, e.symbol]),
      [
        ["a.xml", "S/RES/9001 (2030)"],
        ["b.xml", "S/RES/9002 (2030)"],
      ],
    );
    assert.deepEqual(
      result.failures.map((f) => [f.source, f.code]),
      [
        ["c.xml", "doctype_refused"],
        ["d.xml", "truncated"],
      ],
    );
  });

  void it("refuses two files of one symbol, both, naming the other", async () => {
    const folder = join(dir, "twice");
    await mkdir(folder);
    await writeFile(join(folder, "a.xml"), good);
    await writeFile(join(folder, "a-copy.xml"), good.replace("to act", "to act now"));
    await writeFile(join(folder, "b.xml"), good2);
    const result = await importTexts(memoryTarget(), folder);
    assert.deepEqual(
      result.entries.map((e) => e.source),
      ["b.xml"],
    );
    assert.deepEqual(
      result.failures.map((f) => [f.source, f.code, f.message]),
      [
        [
          "a-copy.xml",
          "duplicate_symbol",
          "S/RES/9001 (2030) is also the symbol of a.xml; neither is imported",
        ],
        [
          "a.xml",
          "duplicate_symbol",
          "S/RES/9001 (2030) is also the symbol of a-copy.xml; neither is imported",
        ],
      ],
    );
  });

  void it("refuses a single file it cannot read, and a file over the limit before reading it", async () => {
    await writeFile(join(dir, "big.xml"), good);
    await assert.rejects(
      importTexts(memoryTarget(), join(dir, "big.xml"), { maxBytes: 100 }),
      (error: unknown) => isTextError(error, "too_large"),
    );
    await assert.rejects(importTexts(memoryTarget(), join(dir, "none.xml")), (error: unknown) =>
      isTextError(error, "input_unreadable"),
    );
  });

  void it("fetches an http URL, and refuses what is too large, an error status, a DOCTYPE and silence", async () => {
    const target = memoryTarget();
    const result = await importTexts(target, `${base}/good.xml`);
    assert.deepEqual(
      result.entries.map((e) => [e.source, e.symbol]),
      [[`${base}/good.xml`, "S/RES/9001 (2030)"]],
    );
    assert.equal(target.files[0]?.xml, good);
    const refused = async (path: string, code: string, options = {}) => {
      await assert.rejects(
        importTexts(memoryTarget(), `${base}${path}`, options),
        (error: unknown) => isTextError(error) && error.code === code,
      );
    };
    await refused("/large-declared.xml", "too_large", { maxBytes: 1024 });
    await refused("/large-streamed.xml", "too_large", { maxBytes: 1024 });
    await refused("/missing.xml", "fetch_failed");
    await refused("/doctype.xml", "doctype_refused");
    await refused("/silent.xml", "fetch_failed", { timeoutMs: 200 });
  });
});
