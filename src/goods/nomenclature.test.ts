import assert from "node:assert/strict";
import { createReadStream } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { needsShared, sharedData } from "../../test/support/shared.js";
import {
  checkCode,
  GoodsError,
  importNomenclature,
  loadNomenclatures,
  nomenclaturePath,
  readNomenclatureCsv,
  type GoodsErrorCode,
} from "./index.js";

/** Suites of the shared data are skipped, saying so, on a clone with no ../shared beside it. */
const hs2022 = needsShared("hs", "hs2022.csv");
const hs2017 = needsShared("hs", "hs2017.csv");

let dir = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "goods-nomenclature-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const header = "section,hscode,description,parent,level\n";
const small =
  header +
  "I,03,Fish,TOTAL,2\n" +
  'I,0301,"Fish; live",03,4\n' +
  "I,030111,Ornamental freshwater fish,0301,6\n" +
  "XVII,88,Aircraft,TOTAL,2\n" +
  "XVII,8806,Unmanned aircraft,88,4\n";

async function fixture(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

async function rejectsWith(promise: Promise<unknown>, code: GoodsErrorCode, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof GoodsError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  });
}

void describe("nomenclature import", () => {
  void it("imports the shared HS 2022 file, guessing its edition, and loads it back", hs2022, async () => {
    const data = join(dir, "data-2022");
    const { nomenclature, path } = await importNomenclature(sharedData("hs", "hs2022.csv"), {
      dataDir: data,
    });
    assert.equal(nomenclature.edition, "HS2022");
    // 6,940 rows less the TOTAL row and the Comtrade chapter 99 pseudo-codes (99, 9999, 999999).
    assert.equal(nomenclature.size, 6940 - 4);
    assert.equal(path, nomenclaturePath(data, "HS2022"));
    assert.deepEqual(await readdir(join(data, "hs")), ["HS2022.json"], "no temporary file left behind");

    const loaded = await loadNomenclatures(data);
    assert.equal(loaded.HS2017, undefined);
    const hs2022 = loaded.HS2022;
    assert.ok(hs2022);
    assert.equal(hs2022.size, nomenclature.size);
    assert.equal(hs2022.label("0101"), "Horses, asses, mules and hinnies; live");
    assert.ok(hs2022.has("880621") && hs2022.has("970310") && !hs2022.has("970300") && !hs2022.has("999999"));

    assert.deepEqual(checkCode("8806.21.00", hs2022), {
      status: "valid",
      code: "88062100",
      checked: "880621",
      label: hs2022.label("880621"),
    });
    assert.deepEqual(checkCode("970300", hs2022), { status: "unknown", code: "970300", checked: "970300" });
    assert.deepEqual(checkCode("970300", undefined), { status: "form-only", code: "970300" });
  });

  void it("imports the shared HS 2017 file as HS2017 and refuses it as HS2022", hs2017, async () => {
    const data = join(dir, "data-2017");
    const { nomenclature } = await importNomenclature(sharedData("hs", "hs2017.csv"), { dataDir: data });
    assert.equal(nomenclature.edition, "HS2017");
    assert.ok(nomenclature.has("970300") && !nomenclature.has("970310"));
    await rejectsWith(
      importNomenclature(sharedData("hs", "hs2017.csv"), { dataDir: data, edition: "HS2022" }),
      "hs_nomenclature_edition",
      /only in HS2017 \(8107, 8803\)/,
    );
  });

  void it("imports from a URL", async () => {
    const server = createServer((request, response) => {
      if (request.url === "/hs.csv") response.end(small);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const data = join(dir, "data-url");
      const { nomenclature } = await importNomenclature(`${base}/hs.csv`, { dataDir: data });
      assert.equal(nomenclature.edition, "HS2022");
      assert.equal((await loadNomenclatures(data)).HS2022?.label("8806"), "Unmanned aircraft");
      await rejectsWith(
        importNomenclature(`${base}/missing.csv`, { dataDir: data }),
        "hs_nomenclature_unreadable",
        /404/,
      );
    } finally {
      server.close();
    }
  });

  void it("needs the edition when the codes do not tell it", async () => {
    const path = await fixture("plain.csv", header + "I,03,Fish,TOTAL,2\n");
    await rejectsWith(
      readNomenclatureCsv(createReadStream(path), { source: path }),
      "hs_nomenclature_edition",
      /pass the edition/,
    );
    const read = await readNomenclatureCsv(createReadStream(path), { edition: "HS2017" });
    assert.equal(read.edition, "HS2017");
  });

  const broken: [string, string, RegExp][] = [
    ["missing column", "section,hscode,description,level\nI,03,Fish,2\n", /missing column parent/],
    ["bad code", small + "I,03AB,Bad,03,4\n", /line 7: bad hscode "03AB"/],
    ["wrong level", small + "I,0302,Fish fresh,03,6\n", /line 7: code 0302 has level "6", expected 4/],
    ["duplicate", small + "I,0301,Again,03,4\n", /line 7: duplicate code 0301/],
    ["orphan", small + "I,030211,Trout,0302,6\n", /line 7: code 030211 has parent "0302"/],
    ["ragged row", small + "I,0302,Fish,03\n", /not a readable CSV/],
    ["no rows", header, /no codes/],
  ];
  for (const [name, text, pattern] of broken) {
    void it(`refuses a file with ${name}`, async () => {
      const path = await fixture(`${name.replace(/\s/g, "-")}.csv`, text);
      await rejectsWith(
        importNomenclature(path, { dataDir: join(dir, "never") }),
        "hs_nomenclature_invalid",
        pattern,
      );
      assert.deepEqual(await loadNomenclatures(join(dir, "never")), {});
    });
  }

  void it("reports a missing file and a damaged store", async () => {
    await rejectsWith(
      importNomenclature(join(dir, "nope.csv"), { dataDir: dir }),
      "hs_nomenclature_unreadable",
      /cannot read/,
    );
    const data = join(dir, "damaged");
    await importNomenclature(await fixture("ok.csv", small), { dataDir: data });
    await writeFile(nomenclaturePath(data, "HS2022"), "{not json");
    await rejectsWith(loadNomenclatures(data), "hs_nomenclature_unreadable", /not JSON/);
  });
});
