/**
 * `/v1/texts…`: the active set, a resolution's outline, a paragraph and a sub-paragraph as cited, an
 * annex, by a URL-encoded symbol or its number; typed 404s naming what is missing; 400s naming the
 * path parameter over its limit; every role may read; the same objects as the CLI's `--json`.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import {
  readResolutionText,
  textsOfFiles,
  fixedTexts,
  ParagraphViewSchema,
  ResolutionViewSchema,
  TextsListSchema,
  AnnexViewSchema,
} from "../../texts/index.js";
import { aknText } from "../../texts/testing.js";
import { testApp, type TestApp } from "../testing.js";

const xml = aknText({
  number: 2397,
  year: 2017,
  paragraphs: [
    '<span class="italic">Calls upon</span> all States to be vigilant;',
    `<span class="italic">Decides</span> that Member States shall repatriate all DPRK nationals earning income;`,
  ],
  annexes: [{ label: "Annex I", heading: "Luxury goods", lines: ["(a) Yachts;", "(b) Racing cars."] }],
});

let t: TestApp;
let bare: TestApp;
before(async () => {
  const bytes = new TextEncoder().encode(xml);
  const file = {
    source: "S_RES_2397.xml",
    sha256: createHash("sha256").update(bytes).digest("hex"),
    xml,
    text: await readResolutionText(bytes),
  };
  t = await testApp({ texts: fixedTexts(textsOfFiles([file], new Date("2026-01-01T00:00:00Z"))) });
  bare = await testApp();
});
after(async () => {
  await t.cleanup();
  await bare.cleanup();
});

const body = async (response: Response): Promise<unknown> => response.json();
const errorOf = async (response: Response) =>
  (
    (await body(response)) as {
      error: { code: string; message: string; issues?: { path: string; code: string }[] };
    }
  ).error;

void describe("GET /v1/texts", () => {
  void it("lists the active set with its version, to a reader", async () => {
    const response = await t.call("GET", "/v1/texts", { role: "reader" });
    assert.equal(response.status, 200);
    const list = TextsListSchema.parse(await body(response));
    assert.match(list.textsVersion, /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(
      list.texts.map((s) => [s.symbol, s.adopted, s.paragraphs, s.annexes, s.source]),
      [["S/RES/2397 (2017)", "2017-01-02", 2, 1, "S_RES_2397.xml"]],
    );
    const none = TextsListSchema.parse(await body(await bare.call("GET", "/v1/texts", { role: "reader" })));
    assert.deepEqual(none.texts, []);
  });

  void it("gives a resolution's paragraphs with their verbs, by encoded symbol or number", async () => {
    for (const symbol of [
      encodeURIComponent("S/RES/2397 (2017)"),
      "2397",
      encodeURIComponent("S/RES/2397"),
    ]) {
      const response = await t.call("GET", `/v1/texts/${symbol}`, { role: "reader" });
      assert.equal(response.status, 200, symbol);
      const view = ResolutionViewSchema.parse(await body(response));
      assert.deepEqual(view.paragraphs, [
        { number: "1", verb: { text: "Calls upon", force: "exhortation" }, decides: false },
        { number: "2", verb: { text: "Decides", force: "binding" }, decides: true },
      ]);
      assert.deepEqual(view.annexes, [{ label: "Annex I", heading: "Luxury goods" }]);
    }
  });

  void it("gives a paragraph as cited, 8 or OP8 or 8(a), with its verb and the texts' version", async () => {
    const response = await t.call(
      "GET",
      `/v1/texts/${encodeURIComponent("S/RES/2397 (2017)")}/paragraphs/OP2`,
      {
        role: "reader",
      },
    );
    assert.equal(response.status, 200);
    const view = ParagraphViewSchema.parse(await body(response));
    assert.equal(view.paragraph, "2");
    assert.equal(view.text, "Decides that Member States shall repatriate all DPRK nationals earning income;");
    assert.deepEqual(view.verb, { text: "Decides", force: "binding" });
    assert.equal(view.decides, true);
    const list = TextsListSchema.parse(await body(await t.call("GET", "/v1/texts", { role: "reader" })));
    assert.equal(view.textsVersion, list.textsVersion);
    const one = ParagraphViewSchema.parse(
      await body(await t.call("GET", "/v1/texts/2397/paragraphs/1", { role: "reader" })),
    );
    assert.deepEqual(one.verb, { text: "Calls upon", force: "exhortation" });
  });

  void it("gives an annex by its label", async () => {
    const response = await t.call("GET", `/v1/texts/2397/annexes/${encodeURIComponent("Annex I")}`, {
      role: "reader",
    });
    assert.equal(response.status, 200);
    const view = AnnexViewSchema.parse(await body(response));
    assert.deepEqual(
      [view.annex, view.heading, view.text],
      ["Annex I", "Luxury goods", "(a) Yachts;\n(b) Racing cars."],
    );
  });

  void it("answers typed 404s naming what was not found", async () => {
    const missing = await t.call("GET", "/v1/texts/1718/paragraphs/8", { role: "reader" });
    assert.equal(missing.status, 404);
    assert.equal((await errorOf(missing)).code, "symbol_not_found");
    const nothing = await bare.call("GET", "/v1/texts/2397", { role: "reader" });
    assert.equal(nothing.status, 404);
    assert.match((await errorOf(nothing)).message, /no texts are imported .*sanctions texts import/);
    const paragraph = await t.call("GET", "/v1/texts/2397/paragraphs/28", { role: "reader" });
    assert.equal(paragraph.status, 404);
    const error = await errorOf(paragraph);
    assert.equal(error.code, "paragraph_not_found");
    assert.match(error.message, /no operative paragraph 28 \(its paragraphs are 1 to 2\)/);
    const sub = await errorOf(await t.call("GET", "/v1/texts/2397/paragraphs/2(a)", { role: "reader" }));
    assert.equal(sub.code, "paragraph_not_found");
    const annex = await t.call("GET", "/v1/texts/2397/annexes/V", { role: "reader" });
    assert.equal(annex.status, 404);
    assert.match((await errorOf(annex)).message, /has no Annex V \(its annexes are Annex I\)/);
  });

  void it("answers 400 naming a path parameter over its limit or not a paragraph", async () => {
    const long = await t.call("GET", `/v1/texts/${"9".repeat(101)}`, { role: "reader" });
    assert.equal(long.status, 400);
    assert.deepEqual((await errorOf(long)).issues?.[0], {
      path: "symbol",
      code: "over_limit",
      message: "at most 100 characters",
    });
    const longN = await t.call("GET", `/v1/texts/2397/paragraphs/${"1".repeat(33)}`, { role: "reader" });
    assert.equal(longN.status, 400);
    assert.equal((await errorOf(longN)).issues?.[0]?.path, "n");
    const word = await t.call("GET", "/v1/texts/2397/paragraphs/eight", { role: "reader" });
    assert.equal(word.status, 400);
    assert.equal((await errorOf(word)).issues?.[0]?.code, "invalid_paragraph");
  });

  void it("needs a key, as every route does", async () => {
    assert.equal((await t.call("GET", "/v1/texts", {})).status, 401);
  });
});
