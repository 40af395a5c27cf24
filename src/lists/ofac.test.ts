import assert from "node:assert/strict";
import { describe, it, before } from "node:test";
import { needsShared, sharedData } from "../../test/support/shared.js";
import { ListError } from "./errors.js";
import { ofacDate, parseOfacSdnCsv, remarksFacts, type OfacListResult } from "./ofac.js";

/** Suites of the shared data are skipped, saying so, on a clone with no ../shared beside it. */
const sdnFile = needsShared("ofac", "sdn.csv");

describe("OFAC SDN CSV (real file, 2024-05-03)", sdnFile, () => {
  let result: OfacListResult;
  before(async () => {
    result = await parseOfacSdnCsv(sharedData("ofac", "sdn.csv"));
  });

  it("reads every record with its type", () => {
    const ds = result.designations;
    assert.equal(ds.length, 14965);
    assert.equal(ds.filter((d) => d.kind === "person").length, 6854);
    assert.equal(ds.filter((d) => d.kind === "vessel").length, 851);
    assert.equal(ds.filter((d) => d.sourceType === "aircraft").length, 376);
    assert.equal(ds.filter((d) => d.kind === "entity" && d.sourceType === undefined).length, 6884);
  });

  it("splits programmes, 484 records under a DPRK programme", () => {
    const dprk = result.designations.filter((d) => d.programmes.some((p) => p.startsWith("DPRK")));
    assert.equal(dprk.length, 484);
    assert.deepEqual(result.designations.find((d) => d.ref === "9345")?.programmes, ["NPWMD", "DPRK2"]);
  });

  it("maps a DPRK vessel: IMO with a valid check digit, flag, type, former names", () => {
    const star = result.designations.find((d) => d.ref === "28716");
    assert.ok(star);
    assert.equal(star.kind, "vessel");
    assert.deepEqual(star.identifiers, [{ type: "imo", value: "9020015", valid: true }]);
    assert.deepEqual(star.vessel, { flag: "VN", type: "General Cargo" });
    assert.deepEqual(
      star.names.map((n) => [n.full, n.quality]),
      [
        ["STAR 18", "primary"],
        ["SAM 5", "former"],
        ["THINH CUONG", "former"],
      ],
    );
    const vesselImos = result.designations.filter((d) => d.kind === "vessel").flatMap((d) => d.identifiers);
    // 851 vessels; five give no IMO number (a Maltese or Russian registration, only an MMSI, nothing).
    assert.equal(vesselImos.filter((i) => i.type === "imo").length, 846);
    assert.ok(
      vesselImos.every((i) => i.type !== "imo" || i.valid === true),
      "every vessel IMO checks out",
    );
  });

  it("maps a DPRK individual: name parts, DOB, passport with its dates", () => {
    const paek = result.designations.find((d) => d.ref === "15667");
    assert.ok(paek);
    assert.deepEqual(paek.names, [
      { full: "PAEK, Chang-Ho", quality: "primary", parts: ["PAEK", "Chang-Ho"] },
    ]);
    assert.deepEqual(paek.birthDates, [{ kind: "exact", date: "1964-06-18" }]);
    assert.deepEqual(paek.identifiers, [
      { type: "passport", value: "381420754", note: "issued 07 Dec 2011 expires 07 Dec 2016" },
    ]);
  });

  it("takes weak aliases from the remarks as low-quality names", () => {
    const komid = result.designations.find((d) => d.ref === "9345");
    assert.deepEqual(
      komid?.names.map((n) => [n.full, n.quality]),
      [
        ["KOREA MINING DEVELOPMENT TRADING CORPORATION", "primary"],
        ["KOMID", "low"],
      ],
    );
  });

  it("treats an IMO number on a company as a company number", () => {
    const company = result.designations.find((d) => d.ref === "19569");
    assert.deepEqual(
      company?.identifiers.filter((i) => i.type === "imo"),
      [{ type: "imo", value: "5878589", note: "company" }],
    );
  });
});

describe("OFAC remarks", () => {
  it("parses DOB forms", () => {
    assert.deepEqual(ofacDate("18 Jun 1964"), { kind: "exact", date: "1964-06-18" });
    assert.deepEqual(ofacDate("circa 1947"), { kind: "year", year: 1947, approximate: true });
    assert.deepEqual(ofacDate("Jun 1964"), { kind: "year", year: 1964 });
    assert.deepEqual(ofacDate("1960 to 1962"), { kind: "range", fromYear: 1960, toYear: 1962 });
    assert.deepEqual(ofacDate("01 Jan 1961 to 31 Dec 1962"), { kind: "range", fromYear: 1961, toYear: 1962 });
    assert.deepEqual(ofacDate("circa 1979-1982"), {
      kind: "range",
      fromYear: 1979,
      toYear: 1982,
      approximate: true,
    });
    assert.equal(ofacDate("unknown"), undefined);
  });

  it("parses nationality, gender, national ID and passport country", () => {
    const facts = remarksFacts(
      "DOB 20 Feb 1957; nationality Korea, North; Gender Female; Passport 563410081 (Korea, North); National ID No. 123 (Iran)",
    );
    assert.deepEqual(facts.nationalities, ["KP"]);
    assert.equal(facts.gender, "female");
    assert.deepEqual(facts.identifiers, [
      { type: "passport", value: "563410081", country: "KP" },
      { type: "national-id", value: "123", country: "IR" },
    ]);
  });
});

describe("OFAC reader on small inputs", () => {
  const sdn =
    '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Havana, Cuba."\r\n' +
    '17069,"CHONG CHON GANG","vessel","DPRK",-0- ,"HMYW",-0- ,"6,000",-0- ,"Democratic People\'s Republic of Korea",-0- ,"Vessel Registration Identification IMO 7937317."\r\n' +
    '12211,"KIM, Yong Chol","individual","DPRK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB circa 1947"\r\n\x1a\r\n';
  const alt =
    '36,12,"aka","AERO-CARIBBEAN",-0- \r\n' +
    '17069,13,"fka","CHONGCHONGANG",-0- \r\n' +
    '12211,14,"aka","KIM, Yong-chol",-0- \r\n' +
    '99999,15,"aka","NOBODY",-0- \r\n';

  it("adds alt.csv aliases to the records they name", async () => {
    const { designations } = await parseOfacSdnCsv(Buffer.from(sdn), { aliases: Buffer.from(alt) });
    assert.deepEqual(
      designations.map((d) => d.names.map((n) => `${n.quality}:${n.full}`)),
      [
        ["primary:AEROCARIBBEAN AIRLINES", "good:AERO-CARIBBEAN"],
        ["primary:CHONG CHON GANG", "former:CHONGCHONGANG"],
        ["primary:KIM, Yong Chol", "good:KIM, Yong-chol"],
      ],
    );
    assert.deepEqual(designations[1]?.identifiers, [
      { type: "imo", value: "7937317", valid: true },
      { type: "other", value: "HMYW", note: "call sign" },
    ]);
    assert.deepEqual(designations[1].vessel, { flag: "KP", tonnage: "6,000" });
  });

  it("names the line of a broken row (unclosed quote, wrong column count)", async () => {
    const quote = sdn.replace('"CHONG CHON GANG"', '"CHONG "CHON GANG"');
    await assert.rejects(parseOfacSdnCsv(Buffer.from(quote)), (error: unknown) => {
      assert.ok(error instanceof ListError);
      assert.equal(error.code, "csv_malformed");
      assert.equal(error.line, 2);
      return true;
    });
    const short = sdn.replace(',"DOB circa 1947"', "");
    await assert.rejects(parseOfacSdnCsv(Buffer.from(short)), (error: unknown) => {
      assert.ok(error instanceof ListError);
      assert.equal(error.code, "csv_malformed");
      assert.equal(error.line, 3);
      assert.match(error.message, /11 columns, expected 12/);
      return true;
    });
    await assert.rejects(
      parseOfacSdnCsv(Buffer.from(sdn), { aliases: Buffer.from('36,12,"aka"\r\n') }),
      (error: unknown) => error instanceof ListError && error.code === "csv_malformed" && error.line === 1,
    );
  });

  it("refuses rows without an SDN name, naming each with its line and entity number", async () => {
    const rows = sdn.split("\r\n").filter((row) => row !== "");
    const nameless = rows.map((row, i) => (i === 1 ? row.replace(/^(\d+),"[^"]*"/, '$1,"  "') : row));
    await assert.rejects(parseOfacSdnCsv(Buffer.from(nameless.join("\r\n") + "\r\n")), (error: unknown) => {
      assert.ok(error instanceof ListError);
      assert.equal(error.code, "record_invalid");
      assert.deepEqual(
        error.issues.map((i) => [i.problem, i.record, i.line, i.kind]),
        [["no_name", 2, 2, "sdn.csv row"]],
      );
      assert.equal(error.issues[0]?.ref, /^(\d+),/.exec(rows[1] ?? "")?.[1]);
      return true;
    });
  });

  it("refuses a file that is not sdn.csv", async () => {
    const header =
      "ent_num,SDN_Name,SDN_Type,Program,Title,Call_Sign,Vess_type,Tonnage,GRT,Vess_flag,Vess_owner,Remarks\r\n";
    await assert.rejects(
      parseOfacSdnCsv(Buffer.from(header + sdn)),
      (error: unknown) => error instanceof ListError && error.code === "not_a_list" && error.line === 1,
    );
  });
});
