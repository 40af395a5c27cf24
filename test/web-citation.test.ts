/**
 * The citation panel end to end: the UN's texts imported with `sanctions texts import` into a fresh
 * data directory, `sanctions serve` over it, and headless chromium checking an activity and clicking
 * the citation of the prohibiting reason: the dialog shows the paragraph from the official text, its
 * operative verb in italics and the reason's anchor highlighted. A text that is not imported says so
 * and how to import it. Skipped without chromium or without ../shared/data/un-resolutions.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import { TEST_KEYS } from "../src/api/testing.js";
import {
  findChromium,
  launchChromium,
  startServe,
  useApiKey,
  watchedPage,
  type RunningBrowser,
  type ServeInstance,
} from "./support/browser.js";
import { runCli } from "./support/cli.js";
import { needsShared, sharedData } from "./support/shared.js";

const texts = needsShared("un-resolutions", "S_RES_2371_1713455E.xml");
const chromiumPath = findChromium();
const dist = join(import.meta.dirname, "..", "web", "dist", "index.html");
const skip =
  chromiumPath === undefined
    ? "chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)"
    : (texts.skip ?? false);

/** Checks DPRK seafood on 2019-12-17 in the form; the verdict card. */
async function checkSeafood(page: Page) {
  await page.getByLabel(/^Date/).fill("2019-12-17");
  await page.getByLabel(/^HS code/).fill("0302.11");
  await page.getByLabel(/^From \(country\)/).fill("KP");
  await page.getByLabel(/^To \(country\)/).fill("CN");
  await page.getByRole("button", { name: "Check", exact: true }).click();
  const card = page.getByRole("article", { name: "Verdict: prohibited" });
  await card.waitFor();
  return card;
}

/** The anchor the engine sent with the prohibiting reason of 2371 OP9, read from the check's answer. */
async function anchorSent(page: Page): Promise<string> {
  const response = await page.waitForResponse((r) => r.url().endsWith("/v1/check"));
  const verdict = (await response.json()) as { reasons: { citation: string | null; anchor?: string }[] };
  const reason = verdict.reasons.find((r) => r.citation === "S/RES/2371 (2017) OP9");
  assert.ok(reason?.anchor, "the prohibiting reason of 2371 OP9 carries no anchor");
  return reason.anchor;
}

describe("web UI: a citation opens its paragraph", { skip }, () => {
  let dataDir: string;
  let server: ServeInstance;
  let chromium: RunningBrowser;
  let context: BrowserContext;

  before(async () => {
    assert.ok(existsSync(dist), "web/dist is not built: npm test builds it first (npm run build:web)");
    dataDir = await mkdtemp(join(tmpdir(), "sanctions-citation-"));
    const env = { SANCTIONS_DATA_DIR: dataDir, DATABASE_URL: "" };
    const imported = await runCli(["texts", "import", sharedData("un-resolutions")], { env });
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /^imported +S\/RES\/2371 \(2017\)/m);
    server = await startServe({
      SANCTIONS_API_KEYS: `${TEST_KEYS.analyst}:analyst`,
      SANCTIONS_DATA_DIR: dataDir,
    });
    chromium = await launchChromium(chromiumPath as string);
    context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await useApiKey(context, TEST_KEYS.analyst);
  });

  after(async () => {
    await context.close();
    await chromium.close();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("shows 2371 OP9 from the official text: Decides in italics, the anchor highlighted", async () => {
    const { page, errors } = await watchedPage(context);
    await page.goto(`${server.url}/check`);
    const answered = anchorSent(page);
    const card = await checkSeafood(page);
    const anchor = await answered;
    await card
      .locator('li.reason[data-code="measure_prohibits"]')
      .getByRole("button", { name: "S/RES/2371 (2017) OP9" })
      .click();
    const dialog = page.getByRole("dialog", { name: "S/RES/2371 (2017) OP9" });
    await dialog.locator(".official-text").waitFor();
    const text = await dialog.locator(".official-text").innerText();
    assert.match(text, /^Decides that the DPRK shall not supply, sell or transfer, directly or indirectly/);
    assert.match(text, /up to 30 days from the date of adoption of this resolution/);
    assert.equal(await dialog.locator(".official-text em").first().innerText(), "Decides");
    // An anchor of several parts (joined by "...") is highlighted part by part, in order.
    const parts = anchor.split(/\s*(?:\.\.\.|…)\s*/).filter((part) => part !== "");
    assert.deepEqual(await dialog.locator(".official-text mark").allInnerTexts(), parts);
    assert.match(
      await dialog.innerText(),
      /adopted 2017-08-05 · operative paragraph 9 · verb Decides \(binding\)/,
    );
    await dialog.getByRole("button", { name: "Close" }).click();
    await dialog.waitFor({ state: "hidden" });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("says when the text is not imported, and how to import it", async () => {
    const { page } = await watchedPage(context);
    // A server that has not imported 2371: its texts route answers as such a server does.
    await page.route("**/v1/texts/**", (route) =>
      route.fulfill({
        status: 404,
        json: {
          error: {
            code: "symbol_not_found",
            message: "no official text of S/RES/2371 (2017): no texts are imported on this server",
          },
        },
      }),
    );
    await page.goto(`${server.url}/check`);
    const card = await checkSeafood(page);
    await card.getByRole("button", { name: "S/RES/2371 (2017) OP9" }).first().click();
    const dialog = page.getByRole("dialog", { name: "S/RES/2371 (2017) OP9" });
    await dialog.getByText(/is not imported on this server/).waitFor();
    assert.match(await dialog.innerText(), /sanctions texts import DIR/);
    await page.close();
  });
});
