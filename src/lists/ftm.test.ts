import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ListError } from "./errors.js";
import { parseFtmJsonLines } from "./ftm.js";

const lines = [
  {
    id: "NK-abc",
    schema: "Person",
    datasets: ["un_sc_sanctions"],
    properties: {
      name: ["RI WON HO"],
      alias: ["Ri Won-ho"],
      weakAlias: ["Ri"],
      birthDate: ["1964-07-17", "1965"],
      nationality: ["kp"],
      gender: ["male"],
      passportNumber: ["381310014"],
      sanctions: [
        {
          id: "s1",
          schema: "Sanction",
          properties: { program: ["DPRK"], listingDate: ["2016-11-30"] },
        },
      ],
    },
  },
  {
    id: "NK-ship",
    schema: "Vessel",
    datasets: ["un_sc_sanctions"],
    properties: {
      name: ["CHONG CHON GANG"],
      previousName: ["CHONGCHONGANG"],
      imoNumber: ["IMO 7937317"],
      flag: ["kp"],
      type: ["General Cargo"],
      mmsi: ["445114000"],
    },
  },
  {
    id: "NK-co",
    schema: "Company",
    datasets: ["un_sc_sanctions"],
    properties: { name: ["朝鲜贸易"], imoNumber: ["5342883"] },
  },
  { id: "NK-sanction", schema: "Sanction", properties: { program: ["DPRK"] } },
  { id: "NK-plane", schema: "Airplane", properties: { name: ["P-632"] } },
];
const jsonl = lines.map((l) => JSON.stringify(l)).join("\n") + "\n\n";

describe("FollowTheMoney JSON lines", () => {
  it("maps persons, vessels, companies and airplanes; skips other schemas", async () => {
    const result = await parseFtmJsonLines(Buffer.from(jsonl));
    assert.equal(result.list, "FTM:un_sc_sanctions");
    assert.equal(result.skipped, 1);
    const [person, vessel, company, plane] = result.designations;
    assert.deepEqual(person, {
      ref: "NK-abc",
      list: "FTM:un_sc_sanctions",
      programmes: ["DPRK"],
      kind: "person",
      names: [
        { full: "RI WON HO", quality: "primary" },
        { full: "Ri Won-ho", quality: "good" },
        { full: "Ri", quality: "low" },
      ],
      birthDates: [
        { kind: "exact", date: "1964-07-17" },
        { kind: "year", year: 1965 },
      ],
      nationalities: ["KP"],
      gender: "male",
      identifiers: [{ type: "passport", value: "381310014" }],
      listedOn: "2016-11-30",
    });
    assert.ok(vessel && company && plane);
    assert.equal(vessel.kind, "vessel");
    assert.deepEqual(
      vessel.names.map((n) => n.quality),
      ["primary", "former"],
    );
    assert.deepEqual(vessel.identifiers, [
      { type: "imo", value: "7937317", valid: true },
      { type: "other", value: "445114000", note: "MMSI" },
    ]);
    assert.deepEqual(vessel.vessel, { flag: "KP", type: "General Cargo" });
    assert.deepEqual(company.names, [{ full: "朝鲜贸易", quality: "primary", script: "Han" }]);
    assert.deepEqual(company.identifiers, [{ type: "imo", value: "5342883", note: "company" }]);
    assert.equal(plane.sourceType, "aircraft");
    assert.equal(plane.list, "FTM:unknown");
  });

  it("marks an IMO number with a wrong check digit as invalid", async () => {
    const bad = JSON.stringify({
      id: "v",
      schema: "Vessel",
      properties: { name: ["X"], imoNumber: ["7937318"] },
    });
    const { designations } = await parseFtmJsonLines(Buffer.from(bad), { dataset: "mine" });
    assert.deepEqual(designations[0]?.identifiers, [{ type: "imo", value: "7937318", valid: false }]);
    assert.equal(designations[0].list, "FTM:mine");
  });

  it("refuses parties without a name or an id, naming each with its line", async () => {
    const text = [
      JSON.stringify(lines[0]),
      JSON.stringify({ id: "NK-sanction", schema: "Sanction", properties: {} }),
      JSON.stringify({
        id: "NK-nameless",
        schema: "Person",
        properties: { alias: [" "], birthDate: ["1960"] },
      }),
      JSON.stringify({ id: " ", schema: "Vessel", properties: { name: ["SHIP"] } }),
    ].join("\n");
    await assert.rejects(parseFtmJsonLines(Buffer.from(text)), (error: unknown) => {
      assert.ok(error instanceof ListError);
      assert.equal(error.code, "record_invalid");
      assert.deepEqual(error.issues, [
        { problem: "no_name", record: 2, line: 3, kind: "Person", ref: "NK-nameless" },
        { problem: "no_reference", record: 3, line: 4, kind: "Vessel" },
      ]);
      return true;
    });
  });

  it("names the line of a broken or foreign JSON line", async () => {
    for (const [text, line] of [
      [`${JSON.stringify(lines[0])}\n{"id": "x", "schema": "Person", "properties": [`, 2],
      [`${JSON.stringify(lines[0])}\n\n[1, 2]\n`, 3],
      [`{"id": "x", "schema": "Person"}`, 1],
    ] as const) {
      await assert.rejects(parseFtmJsonLines(Buffer.from(text)), (error: unknown) => {
        assert.ok(error instanceof ListError);
        assert.equal(error.code, "json_malformed");
        assert.equal(error.line, line);
        return true;
      });
    }
  });
});
