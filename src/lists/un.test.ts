import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, it, before } from "node:test";
import { needsShared, sharedData } from "../../test/support/shared.js";
import type { Designation } from "../model/designation.js";
import { ListError, type ListErrorCode } from "./errors.js";
import { parseUnConsolidatedXml, type UnListResult } from "./un.js";

/** Suites of the shared data are skipped, saying so, on a clone with no ../shared beside it. */
const unList = needsShared("un", "consolidated.xml");

const path = unList.skip === undefined ? sharedData("un", "consolidated.xml") : "";

function byRef(result: UnListResult, ref: string): Designation {
  const found = result.designations.find((d) => d.ref === ref);
  assert.ok(found, `${ref} not found`);
  return found;
}

async function rejectsWith(input: Parameters<typeof parseUnConsolidatedXml>[0], code: ListErrorCode) {
  await assert.rejects(parseUnConsolidatedXml(input), (error: unknown) => {
    assert.ok(error instanceof ListError, `expected a ListError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.doesNotMatch(error.message, /\n\s+at /, "no stack trace in the message");
    return true;
  });
}

const tiny = (body: string, attrs = ' dateGenerated="2026-01-02T03:04:05Z"'): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST${attrs}><INDIVIDUALS>${body}</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>\n`;

const person = (ref: string, first: string, extra = ""): string =>
  `<INDIVIDUAL><FIRST_NAME>${first}</FIRST_NAME><SECOND_NAME>CHOL</SECOND_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE>` +
  `<REFERENCE_NUMBER>${ref}</REFERENCE_NUMBER><LISTED_ON>2017-06-02</LISTED_ON>${extra}</INDIVIDUAL>`;

describe("UN consolidated list (real file, 2026-05-08)", unList, () => {
  let result: UnListResult;
  before(async () => {
    result = await parseUnConsolidatedXml(path);
  });

  it("reads every individual and entity, with the generation date", () => {
    assert.equal(result.generatedOn, "2026-05-08T23:00:06.922Z");
    assert.equal(result.designations.filter((d) => d.kind === "person").length, 737);
    assert.equal(result.designations.filter((d) => d.kind === "entity").length, 272);
    assert.equal(result.designations.filter((d) => d.kind === "vessel").length, 0);
    assert.equal(new Set(result.designations.map((d) => d.ref)).size, 1009, "refs are unique");
  });

  it("keeps the regime of each record, 80 DPRK individuals and 75 DPRK entities", () => {
    const dprk = result.designations.filter((d) => d.programmes.includes("DPRK"));
    assert.equal(dprk.filter((d) => d.kind === "person").length, 80);
    assert.equal(dprk.filter((d) => d.kind === "entity").length, 75);
    assert.ok(
      dprk.every((d) => /^KP[ie]\.\d{3}$/.test(d.ref)),
      "DPRK refs are KPi.NNN / KPe.NNN, trimmed",
    );
    assert.equal(result.designations.filter((d) => d.programmes.includes("Al-Qaida")).length, 343);
  });

  it("maps a DPRK individual: name parts, DOB, nationality, passport, listing date", () => {
    const ri = byRef(result, "KPi.033");
    assert.deepEqual(ri.names[0], { full: "RI WON HO", quality: "primary", parts: ["RI", "WON HO"] });
    assert.deepEqual(ri.birthDates, [{ kind: "exact", date: "1964-07-17" }]);
    assert.deepEqual(ri.nationalities, ["KP"]);
    assert.deepEqual(ri.identifiers, [{ type: "passport", value: "381310014" }]);
    assert.equal(ri.listedOn, "2016-11-30");
    assert.match(ri.remarks ?? "", /Ministry of State Security/);
  });

  it("maps alias quality: Low → low, f.k.a. → former, and reads gender from COMMENTS1", () => {
    const choe = byRef(result, "KPi.064");
    assert.deepEqual(
      choe.names.map((n) => [n.full, n.quality]),
      [
        ["CH'OE SO’K MIN", "primary"],
        ["Choe Sok Min", "low"],
      ],
    );
    assert.equal(choe.gender, "male");
    const adf = byRef(result, "CDe.001");
    assert.deepEqual(
      adf.names.filter((n) => n.quality === "former").map((n) => n.full),
      ["Forces Démocratiques Alliées-Armée Nationale de Libération de l’Ouganda", "ADF/NALU", "NALU"],
    );
  });

  it("reads ranges, original-script names and Han aliases", () => {
    const amar = byRef(result, "QDi.314");
    assert.deepEqual(amar.birthDates, [{ kind: "range", fromYear: 1977, toYear: 1982 }]);
    assert.deepEqual(
      amar.names.filter((n) => n.script === "Arabic").map((n) => n.quality),
      ["primary"],
    );
    const changAn = byRef(result, "KPe.055");
    assert.ok(changAn.names.some((n) => n.full === "長安海連技術有限公司" && n.script === "Han"));
  });

  it("splits '; '-joined alias variants into separate names", () => {
    const all = result.designations.flatMap((d) => d.names.map((n) => n.full));
    assert.ok(all.includes("Abas Rashidi") && all.includes("Abbas Rashedi"));
    assert.ok(!all.some((n) => n.includes(";")));
    assert.deepEqual(
      byRef(result, "CDe.003")
        .names.filter((n) => n.quality === "primary")
        .map((n) => n.full),
      ["COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)", "GREAT LAKES BUSINESS COMPANY (GLBC)"],
    );
  });

  it("takes IMO company numbers and SWIFT codes from DPRK comments, without a ship check digit", () => {
    const omm = byRef(result, "KPe.020");
    assert.deepEqual(omm.identifiers, [{ type: "imo", value: "1790183", note: "company" }]);
    const yujong = byRef(result, "KPe.066");
    assert.deepEqual(
      yujong.identifiers.map((i) => i.value),
      ["5434358"],
    );
    assert.ok(
      result.designations.some((d) =>
        d.identifiers.some((i) => i.note === "SWIFT/BIC" && i.value === "ILSIKPPY"),
      ),
    );
  });
});

describe("UN reader on small inputs", () => {
  it("reads exact, year, approximate and range DOBs and documents", async () => {
    const xml = tiny(
      person(
        "KPi.900",
        " KIM ",
        "<GENDER>Female</GENDER><NATIONALITY><VALUE>Democratic People's Republic of Korea</VALUE></NATIONALITY>" +
          "<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Kim Chol</ALIAS_NAME></INDIVIDUAL_ALIAS>" +
          "<INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Gim Cheol</ALIAS_NAME></INDIVIDUAL_ALIAS>" +
          "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1970-01-02</DATE></INDIVIDUAL_DATE_OF_BIRTH>" +
          "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1971</YEAR></INDIVIDUAL_DATE_OF_BIRTH>" +
          "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1965</FROM_YEAR><TO_YEAR>1968</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>" +
          "<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><NOTE>Nov. 1960</NOTE></INDIVIDUAL_DATE_OF_BIRTH>" +
          "<INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER> 836110034 </NUMBER>" +
          "<ISSUING_COUNTRY>Democratic People's Republic of Korea</ISSUING_COUNTRY></INDIVIDUAL_DOCUMENT>",
      ),
    );
    const { designations, generatedOn } = await parseUnConsolidatedXml(Buffer.from(xml));
    assert.equal(generatedOn, "2026-01-02T03:04:05Z");
    assert.deepEqual(designations, [
      {
        ref: "KPi.900",
        list: "UN",
        programmes: ["DPRK"],
        kind: "person",
        names: [
          { full: "KIM CHOL", quality: "primary", parts: ["KIM", "CHOL"] },
          { full: "Gim Cheol", quality: "low" },
        ],
        birthDates: [
          { kind: "exact", date: "1970-01-02" },
          { kind: "year", year: 1971, approximate: true },
          { kind: "range", fromYear: 1965, toYear: 1968 },
          { kind: "year", year: 1960 },
        ],
        nationalities: ["KP"],
        gender: "female",
        identifiers: [{ type: "passport", value: "836110034", country: "KP" }],
        listedOn: "2017-06-02",
      },
    ]);
  });

  it("reads the same list from a web stream split inside multi-byte characters", async () => {
    const bytes = Buffer.from(tiny(person("KPi.901", "CH’OE")));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 3) controller.enqueue(bytes.subarray(i, i + 3));
        controller.close();
      },
    });
    const { designations } = await parseUnConsolidatedXml(stream);
    assert.equal(designations[0]?.names[0]?.full, "CH’OE CHOL");
  });

  it("reports progress in bytes", unList, async () => {
    const seen: number[] = [];
    const bytes = await readFile(path);
    await parseUnConsolidatedXml([bytes.subarray(0, 1000), bytes.subarray(1000)], {
      onProgress: (n) => seen.push(n),
    });
    assert.deepEqual(seen, [1000, bytes.length]);
  });

  it("refuses a DOCTYPE with entity definitions (billion laughs)", async () => {
    const laughs =
      '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>\n' +
      "<CONSOLIDATED_LIST><INDIVIDUALS>&lol2;</INDIVIDUALS></CONSOLIDATED_LIST>";
    await rejectsWith(Buffer.from(laughs), "doctype_refused");
  });

  it("refuses an external entity", async () => {
    const xxe =
      '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<CONSOLIDATED_LIST>&xxe;</CONSOLIDATED_LIST>';
    await rejectsWith(Buffer.from(xxe), "doctype_refused");
  });

  it("says 'truncated' for a file cut in the middle", unList, async () => {
    const bytes = await readFile(path);
    await rejectsWith(bytes.subarray(0, Math.floor(bytes.length / 2)), "truncated");
  });

  it("refuses UTF-16 (with or without a byte-order mark) and Latin-1 bytes", async () => {
    const xml = tiny(person("KPi.902", "KIM"));
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, "utf16le")]);
    await rejectsWith(utf16, "encoding_unsupported");
    await rejectsWith(Buffer.from(xml, "utf16le"), "encoding_unsupported");
    await rejectsWith(Buffer.from(tiny(person("KPi.903", "JOS\u00c9")), "latin1"), "encoding_unsupported");
    await rejectsWith(
      Buffer.from(xml.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')),
      "encoding_unsupported",
    );
  });

  it("says 'not_a_list' for other XML, and 'xml_malformed' for broken XML", async () => {
    await rejectsWith(Buffer.from('<?xml version="1.0"?><rss><channel/></rss>'), "not_a_list");
    await rejectsWith(Buffer.from(""), "not_a_list");
    await rejectsWith(
      Buffer.from(tiny(person("KPi.904", "KIM")).replace("</INDIVIDUALS>", "</ENTITIES>")),
      "xml_malformed",
    );
  });

  it("refuses records without a name or a reference number, naming each with its place", async () => {
    const xml = tiny(
      person("KPi.910", "KIM") +
        "\n<INDIVIDUAL><FIRST_NAME>X</FIRST_NAME></INDIVIDUAL>" +
        "\n" +
        person("KPi.911", "PAK").replace(/<FIRST_NAME>PAK<\/FIRST_NAME><SECOND_NAME>CHOL<\/SECOND_NAME>/, ""),
    );
    await assert.rejects(parseUnConsolidatedXml(Buffer.from(xml)), (error: unknown) => {
      assert.ok(error instanceof ListError);
      assert.equal(error.code, "record_invalid");
      assert.deepEqual(error.issues, [
        { problem: "no_reference", record: 2, line: 3, kind: "INDIVIDUAL" },
        { problem: "no_name", record: 3, line: 4, kind: "INDIVIDUAL", ref: "KPi.911" },
      ]);
      assert.equal(
        error.message,
        "2 records cannot be used: record 2 (INDIVIDUAL, line 3) has no reference number; " +
          "record 3 (INDIVIDUAL KPi.911, line 4) has no name",
      );
      return true;
    });
    // An alias or a name in the original script is a name: such a record is read.
    const aliasOnly = person("KPi.912", "RI").replace(
      /<FIRST_NAME>RI<\/FIRST_NAME><SECOND_NAME>CHOL<\/SECOND_NAME>/,
      "<NAME_ORIGINAL_SCRIPT>리철</NAME_ORIGINAL_SCRIPT>",
    );
    const { designations } = await parseUnConsolidatedXml(Buffer.from(tiny(aliasOnly)));
    assert.deepEqual(
      designations.map((d) => d.names.map((n) => n.full)),
      [["리철"]],
    );
  });

  it("reads a file that starts with a UTF-8 byte-order mark", async () => {
    const xml = Buffer.from(tiny(person("KPi.913", "KIM")));
    const { designations } = await parseUnConsolidatedXml(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), xml]),
    );
    assert.deepEqual(
      designations.map((d) => d.ref),
      ["KPi.913"],
    );
  });

  it("names the line of a syntax error", async () => {
    const broken = tiny(person("KPi.905", "KIM")).replace("<ENTITIES/>", "\n\n<ENTITIES><</ENTITIES>");
    await assert.rejects(parseUnConsolidatedXml(Buffer.from(broken)), (error: unknown) => {
      assert.ok(error instanceof ListError);
      assert.equal(error.code, "xml_malformed");
      assert.equal(error.line, 4);
      return true;
    });
  });

  it("says 'input_unreadable' for a missing file", async () => {
    await rejectsWith("/nonexistent/consolidated.xml", "input_unreadable");
  });
});
