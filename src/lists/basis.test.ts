/**
 * The legal basis of a listing: only the 1718 Committee's entries of the UN list (and of an FtM copy
 * of it) are UN 1718 designations; OFAC's DPRK programmes and the Council's other regimes are not.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { entryBasis, snapshotAuthority, snapshotProgrammes } from "./basis.js";
import { parseFtmJsonLines } from "./ftm.js";
import { parseOfacSdnCsv } from "./ofac.js";

describe("entryBasis", () => {
  it("reads a UN entry filed under DPRK, or with a KPi./KPe. reference, as a 1718 designation", () => {
    assert.equal(entryBasis({ list: "UN", ref: "KPe.033", programmes: ["DPRK"] }).un1718, true);
    assert.equal(entryBasis({ list: "UN", ref: "KPi.001", programmes: [] }).un1718, true);
    const other = entryBasis({ list: "UN", ref: "QDe.001", programmes: ["Al-Qaida"] });
    assert.deepEqual(other, {
      list: "UN",
      authority: "UN Security Council",
      programmes: ["Al-Qaida"],
      un1718: false,
    });
  });

  it("never reads an OFAC entry as a UN designation, DPRK programmes included", () => {
    const kim = entryBasis({ list: "OFAC-SDN", ref: "20157", programmes: ["DPRK3"] });
    assert.deepEqual([kim.authority, kim.un1718], ["US Treasury OFAC", false]);
  });

  it("reads an FtM entry by its Sanction's authority and UN SC reference", async () => {
    const line = (id: string, authority: string, unscId?: string) =>
      JSON.stringify({
        id,
        schema: "Organization",
        datasets: ["sanctions"],
        properties: {
          name: [id],
          topics: ["sanction"],
          sanctions: [
            {
              id: `${id}-s`,
              schema: "Sanction",
              properties: {
                authority: [authority],
                program: ["DPRK"],
                ...(unscId ? { unscId: [unscId] } : {}),
              },
            },
          ],
        },
      });
    const read = await parseFtmJsonLines(
      Buffer.from(
        [
          line("a", "United Nations Security Council (UN SC)", "KPe.033"),
          line("b", "Office of Foreign Assets Control"),
        ].join("\n"),
      ),
    );
    const un = read.designations.at(0);
    const us = read.designations.at(1);
    assert.equal(un?.authority, "United Nations Security Council (UN SC)");
    assert.deepEqual(un.topics, ["sanction"]);
    assert.equal(entryBasis(un).un1718, true);
    assert.ok(us);
    assert.equal(entryBasis(us).un1718, false);
    assert.equal(
      snapshotAuthority({ list: read.list, designations: read.designations }),
      "Office of Foreign Assets Control; United Nations Security Council (UN SC)",
    );
  });
});

describe("OFAC programmes and SWIFT/BIC codes", () => {
  it("keeps each entry's program tags and reads SWIFT/BIC from the remarks", async () => {
    const csv = [
      `19509,"KOREA UNITED DEVELOPMENT BANK",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"SWIFT/BIC KUDBKPPY; Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210."`,
      `10002,"COMERCIALIZADORA DE CAFE DEL OCCIDENTE CODECAFE LTDA.",-0- ,"SDNT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"NIT # 816004106-0 (Colombia)."`,
      `11581,"KOREA KWANGSON BANKING CORP",-0- ,"NPWMD] [DPRK2",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- `,
    ].join("\r\n");
    const { designations } = await parseOfacSdnCsv(Buffer.from(csv));
    const bank = designations.find((d) => d.ref === "19509");
    assert.deepEqual(bank?.identifiers, [{ type: "other", value: "KUDBKPPY", note: "SWIFT/BIC" }]);
    assert.deepEqual(snapshotProgrammes({ designations }), [
      { programme: "DPRK2", entries: 1 },
      { programme: "DPRK3", entries: 1 },
      { programme: "NPWMD", entries: 1 },
      { programme: "SDNT", entries: 1 },
    ]);
  });
});
