import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { needsShared, sharedData } from "../../test/support/shared.js";
import {
  findParagraph,
  findResolution,
  forceOf,
  isTextError,
  readResolutionFolder,
  readResolutionText,
  symbolMatches,
} from "./index.js";

/** A minimal AKN4UN resolution: cover page, preamble and the operative paragraphs given. */
function akn(body: string, options: { doctype?: boolean; symbol?: string } = {}): string {
  const symbol = options.symbol ?? "S/RES/9001 (2030)";
  return `<?xml version="1.0" encoding="UTF-8"?>
${options.doctype ? '<!DOCTYPE akomaNtoso [<!ENTITY x "boom">]>\n' : ""}<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <statement name="resolution">
    <meta><identification source="#DGACM"><FRBRWork>
      <FRBRthis value="/akn/un/statement/deliberation/unsc/2030-01-02/9001-2030/!main/"/>
      <FRBRdate date="2030-01-02" name="adoption"/>
    </FRBRWork></identification></meta>
    <coverPage>
      <p><docNumber refersTo="#symbol">${symbol}</docNumber></p>
      <p><docTitle refersTo="#resolutionNumber">		Resolution 9001 (2030)</docTitle></p>
    </coverPage>
    <preamble>
      <formula name="enactingFormula"><p><span class="italic">The Security Council</span>,</p></formula>
      <container name="Recalling"><p xml:space="preserve">	<span class="italic">Recalling</span> its resolution <a href="https://undocs.org/S/RES/1718(2006)">1718 (2006)</a>,</p></container>
    </preamble>
    <mainBody>
      <paragraph eId="para_5" class="H23"><subheading>Measures</subheading></paragraph>
${body}
    </mainBody>
    <attachments><attachment><doc name="annex"><mainBody>
      <paragraph eId="para_90"><num>1.</num><content><p>AN ANNEXED NAME</p></content></paragraph>
    </mainBody></doc></attachment></attachments>
  </statement>
</akomaNtoso>
`;
}

/** An operative paragraph; `eId` deliberately differs from the printed number. */
function op(num: string, inner: string): string {
  return `      <paragraph eId="para_${Number(num) + 20}" class="SingleTxt"><num>${num}.</num>
        <content><p xml:space="preserve">	${inner}</p></content></paragraph>`;
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

const minimal = akn(
  op(
    "1",
    `<span class="italic">Decides</span> that   all Member States shall prohibit
     the supply of widgets, as in resolution <a href="https://undocs.org/S/RES/2397(2017)">2397 (2017)</a>;`,
  ) +
    op(
      "2",
      `<span class="italic">Calls upon</span> all Member States to exercise vigilance, and <span class="italic">and</span> <span class="italic">further decides</span> to report;`,
    ) +
    op("3", `Urges all States to comply;`),
);

void describe("readResolutionText on small texts", () => {
  void it("reads the symbol, date, title, preamble and paragraphs by their printed number", async () => {
    const text = await readResolutionText(bytes(minimal));
    assert.equal(text.symbol, "S/RES/9001 (2030)");
    assert.equal(text.adopted, "2030-01-02");
    assert.equal(text.title, "Resolution 9001 (2030)");
    assert.deepEqual(text.preamble, [
      { text: "Recalling its resolution 1718 (2006),", verb: { text: "Recalling", force: "declaratory" } },
    ]);
    // The annex's numbered list and the heading are not operative paragraphs.
    assert.deepEqual(
      text.paragraphs.map((p) => p.number),
      ["1", "2", "3"],
    );
    const first = findParagraph(text, "1");
    assert.equal(
      first.text,
      "Decides that all Member States shall prohibit the supply of widgets, as in resolution 2397 (2017);",
    );
    assert.deepEqual(first.verb, { text: "Decides", force: "binding" });
    assert.equal(first.decides, true);
    assert.deepEqual(first.cites, ["S/RES/2397 (2017)"]);
  });

  void it("classifies an exhortation, keeps every marked verb and falls back to the first words", async () => {
    const text = await readResolutionText(bytes(minimal));
    const second = findParagraph(text, "OP2");
    assert.deepEqual(second.verb, { text: "Calls upon", force: "exhortation" });
    assert.deepEqual(
      second.verbs.map((v) => v.text),
      ["Calls upon", "further decides"],
    );
    assert.equal(second.decides, true);
    const third = findParagraph(text, "3");
    assert.deepEqual(third.verb, { text: "Urges", force: "exhortation" });
    assert.equal(third.decides, false);
  });

  void it("reads lettered sub-paragraphs, folding numbered points into theirs", async () => {
    const body = `      <paragraph eId="para_40"><num>8.</num><list><intro><p>	<span class="italic">Decides</span> that:</p></intro>
        <point><num>(a)</num><content><p>	States shall prevent the supply of:</p></content></point>
        <sublist><point><num>(i)</num><content><p>Tanks;</p></content></point>
          <point><num>(ii)</num><content><p>Luxury goods;</p></content></point></sublist>
        <point><num>(b)</num><content><p>	The DPRK shall cease exports.</p></content></point>
      </list></paragraph>
      <paragraph eId="para_41"><num>9.</num><content><p>	<span class="italic">Decides</span> that:</p>
        <p>(a)	coal; and</p><p>(b)	iron.</p></content></paragraph>`;
    const text = await readResolutionText(bytes(akn(body)));
    const eight = findParagraph(text, "8");
    assert.equal(eight.lead, "Decides that:");
    assert.deepEqual(eight.subparagraphs, [
      { label: "a", text: "States shall prevent the supply of: (i) Tanks; (ii) Luxury goods;" },
      { label: "b", text: "The DPRK shall cease exports." },
    ]);
    assert.equal(
      eight.text,
      "Decides that: (a) States shall prevent the supply of: (i) Tanks; (ii) Luxury goods; (b) The DPRK shall cease exports.",
    );
    assert.deepEqual(
      findParagraph(text, "9").subparagraphs.map((s) => s.label),
      ["a", "b"],
    );
  });

  void it("refuses a DOCTYPE before expanding anything", async () => {
    await assert.rejects(readResolutionText(bytes(akn(op("1", "Decides;"), { doctype: true }))), (error) =>
      isTextError(error, "doctype_refused"),
    );
  });

  void it("says truncated when the file stops early, and names other documents and empty texts", async () => {
    const whole = akn(op("1", '<span class="italic">Decides</span> a;') + op("2", "Decides b;"));
    await assert.rejects(readResolutionText(bytes(whole.slice(0, whole.indexOf("<num>2.")))), (error) =>
      isTextError(error, "truncated"),
    );
    await assert.rejects(readResolutionText(bytes("<CONSOLIDATED_LIST/>")), (error) =>
      isTextError(error, "not_akn"),
    );
    await assert.rejects(readResolutionText(bytes("")), (error) => isTextError(error, "not_akn"));
    await assert.rejects(readResolutionText(bytes(akn(""))), (error) =>
      isTextError(error, "no_operative_paragraphs"),
    );
    await assert.rejects(readResolutionText(bytes("<akomaNtoso><a></b></akomaNtoso>")), (error) =>
      isTextError(error, "xml_malformed"),
    );
  });

  void it("gives the force of verbs as data", () => {
    assert.equal(forceOf("further decides"), "binding");
    assert.equal(forceOf("Calls upon"), "exhortation");
    assert.equal(forceOf("Urges"), "exhortation");
    assert.equal(forceOf("Demands"), "demand");
    assert.equal(forceOf("Expresses concern"), "declaratory");
    assert.equal(forceOf("Decided"), "declaratory");
    // Adverbs and a verb split by the markup do not hide an exhortation.
    assert.equal(forceOf("Strongly urges"), "exhortation");
    assert.equal(forceOf("urgently calls upon"), "exhortation");
    assert.equal(forceOf("calls"), "exhortation");
    assert.equal(forceOf("Recalls"), "declaratory");
    assert.equal(forceOf("further directs"), "instruction");
    assert.equal(forceOf("Requires"), "demand");
  });
});

void describe("a folder of texts", () => {
  let dir = "";
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "texts-"));
    await writeFile(join(dir, "good.xml"), minimal);
    await writeFile(join(dir, "bad.xml"), akn(op("1", "Decides;"), { doctype: true }));
    await writeFile(join(dir, "notes.txt"), "not a text");
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  void it("reads the good files, keeps each failure with its file, and matches symbols leniently", async () => {
    const library = await readResolutionFolder(dir);
    assert.deepEqual(
      library.texts.map((t) => t.symbol),
      ["S/RES/9001 (2030)"],
    );
    assert.deepEqual(
      library.failures.map((f) => [f.file, f.error.code]),
      [["bad.xml", "doctype_refused"]],
    );
    for (const query of ["9001", "S/RES/9001", "S/RES/9001 (2030)", "s/res/9001(2030)"]) {
      assert.equal(findResolution(library.texts, query).symbol, "S/RES/9001 (2030)", query);
    }
    assert.equal(symbolMatches("S/RES/9001 (2029)", "S/RES/9001 (2030)"), false);
    assert.throws(
      () => findResolution(library.texts, "2397"),
      (error) => isTextError(error, "symbol_not_found"),
    );
    const [text] = library.texts;
    assert.ok(text);
    assert.throws(
      () => findParagraph(text, "4"),
      (error) => isTextError(error, "paragraph_not_found"),
    );
  });

  void it("says which folder cannot be read", async () => {
    await assert.rejects(readResolutionFolder(join(dir, "missing")), (error) =>
      isTextError(error, "input_unreadable"),
    );
  });
});

const unTexts = needsShared("un-resolutions", "S_RES_2397_1723207E.xml");

void describe("the UN's texts of the regime", unTexts, () => {
  const folder = (): string => sharedData("un-resolutions");

  void it("reads every file of the folder without error, each with its symbol and date", async () => {
    const files = readdirSync(folder()).filter((f) => f.endsWith(".xml"));
    const library = await readResolutionFolder(folder());
    assert.deepEqual(library.failures, []);
    assert.equal(library.texts.length, files.length);
    for (const text of library.texts) {
      assert.match(text.symbol, /^S\/(RES\/\d+ \(\d{4}\)|\d{4}\/\d+)$/, text.symbol);
      assert.match(text.adopted ?? "", /^\d{4}-\d{2}-\d{2}$/, text.symbol);
      // Numbered 1..n without gap: the printed numbers, not the eIds.
      assert.deepEqual(
        text.paragraphs.map((p) => p.number),
        text.paragraphs.map((_, i) => String(i + 1)),
        text.symbol,
      );
    }
    assert.equal(findResolution(library.texts, "S/2024/255").adopted, "2024-03-28");
  });

  void it("2397 OP8 is the repatriation of DPRK nationals earning income abroad; OP28, not OP27, is the petroleum trigger", async () => {
    const text = await readResolutionText(sharedData("un-resolutions", "S_RES_2397_1723207E.xml"));
    assert.equal(text.symbol, "S/RES/2397 (2017)");
    assert.equal(text.adopted, "2017-12-22");
    const eight = findParagraph(text, "8");
    assert.match(
      eight.text,
      /shall repatriate to the DPRK all DPRK nationals earning income in that Member State’s jurisdiction/,
    );
    assert.deepEqual(eight.verb, { text: "Expresses concern", force: "declaratory" });
    assert.equal(eight.decides, true);
    assert.deepEqual(eight.cites, ["S/RES/2375 (2017)"]);
    assert.match(findParagraph(text, "28").text, /restrict further the export to the DPRK of petroleum/);
    const twentySeven = findParagraph(text, "27");
    assert.match(twentySeven.text, /^Reiterates the importance of maintaining peace and stability/);
    assert.doesNotMatch(twentySeven.text, /petroleum/);
  });

  void it("2397 OP18 'Calls upon' is an exhortation, not a decision", async () => {
    const text = await readResolutionText(sharedData("un-resolutions", "S_RES_2397_1723207E.xml"));
    const eighteen = findParagraph(text, "18");
    assert.deepEqual(eighteen.verb, { text: "Calls upon", force: "exhortation" });
    assert.equal(eighteen.decides, false);
  });

  void it("1718 OP8 decides through lettered sub-paragraphs (a) to (f), the arms list inside (a)", async () => {
    const text = await readResolutionText(sharedData("un-resolutions", "S_RES_1718_N0657207.xml"));
    const eight = findParagraph(text, "8");
    assert.deepEqual(eight.verb, { text: "Decides", force: "binding" });
    assert.deepEqual(
      eight.subparagraphs.map((s) => s.label),
      ["a", "b", "c", "d", "e", "f"],
    );
    assert.match(eight.subparagraphs[0]?.text ?? "", /\(iii\) Luxury goods;/);
    assert.match(eight.subparagraphs[3]?.text ?? "", /freeze immediately the funds/);
  });

  void it("2321 OP26 keeps the replacement text of 2270 OP29 with its sub-paragraphs (a) to (c)", async () => {
    const text = await readResolutionText(sharedData("un-resolutions", "S_RES_2321_1621090E.xml"));
    const op26 = findParagraph(text, "26");
    assert.deepEqual(
      op26.subparagraphs.map((s) => s.label),
      ["a", "b", "c"],
    );
    assert.match(op26.lead, /paragraph 29 of resolution 2270 \(2016\) shall be replaced by the following/);
    assert.ok(op26.cites.includes("S/RES/2270 (2016)"));
  });
});
