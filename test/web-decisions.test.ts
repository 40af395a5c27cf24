/**
 * Decisions on the Screen page end to end: `sanctions serve` with a small UN list imported through the
 * API, and headless chromium screening a name that alerts, recording a false positive with a note
 * through the form under the match, and screening again: the match shows the alert closed, by whom and
 * with the note. A new version of the list that changes the entry (an extra alias), imported through
 * the API, reopens it. Skipped without chromium.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
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
import { unListXml } from "./support/decision-fixtures.js";

const chromiumPath = findChromium();
const dist = join(import.meta.dirname, "..", "web", "dist", "index.html");
const skip =
  chromiumPath === undefined
    ? "chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)"
    : false;

const note = "born 1990 in Busan, a ROK national; the listed official is a DPRK national";

describe("web UI: a decision on an alert", { skip }, () => {
  let server: ServeInstance;
  let chromium: RunningBrowser;
  let context: BrowserContext;

  async function importList(xml: string): Promise<void> {
    const response = await fetch(`${server.url}/v1/lists/import`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_KEYS.admin}`, "content-type": "application/xml" },
      body: xml,
    });
    assert.equal(response.status, 200, await response.text());
  }

  before(async () => {
    assert.ok(existsSync(dist), "web/dist is not built: npm test builds it first (npm run build:web)");
    server = await startServe({
      SANCTIONS_API_KEYS: `${TEST_KEYS.admin}:admin,${TEST_KEYS.analyst}:analyst`,
    });
    await importList(unListXml());
    chromium = await launchChromium(chromiumPath as string);
    context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await useApiKey(context, TEST_KEYS.analyst);
  });

  after(async () => {
    await context.close();
    await chromium.close();
    await server.stop();
  });

  /** Screens the name on the page; the first match's card once the answer is shown. */
  async function screen(page: Page, name: string) {
    await page.getByLabel(/^Name/).fill(name);
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === "/v1/screen");
    await page.getByRole("button", { name: "Screen", exact: true }).click();
    assert.equal((await answered).status(), 200);
    const card = page.locator(".match").first();
    await card.waitFor();
    return card;
  }

  it("closes the alert with a false positive recorded through the form, and reopens it when the entry changes", async () => {
    const { page, errors } = await watchedPage(context);
    await page.goto(`${server.url}/screen`);

    const first = await screen(page, "Kim Chol Nam");
    assert.match(await first.innerText(), /KIM CHOL NAM/);
    assert.equal(await first.locator(".decision").count(), 0, "no decision yet");

    await first.getByText("Record a decision on this alert").click();
    await first.getByLabel(/^No: a false positive/).check();
    await first.getByLabel(/^Note/).fill(note);
    const recorded = page.waitForResponse((r) => new URL(r.url()).pathname === "/v1/decisions");
    await first.getByRole("button", { name: "Record decision" }).click();
    const decision = (await (await recorded).json()) as { id: string; decidedBy: string };
    await first.getByText(`Recorded false positive (${decision.id})`).waitFor();

    const closed = await screen(page, "Kim Chol Nam");
    await page.getByRole("heading", { name: "1 match for “Kim Chol Nam”, 1 closed by a decision" }).waitFor();
    const closedNotice = await closed.locator(".decision").innerText();
    assert.match(closedNotice, /^Alert closed by /);
    assert.ok(closedNotice.includes(`${decision.decidedBy} on `), closedNotice);
    assert.ok(closedNotice.includes(`(decision ${decision.id})`), closedNotice);
    assert.ok(closedNotice.includes(`Note: ${note}`), closedNotice);
    assert.equal(await closed.locator(".badge.closed").innerText(), "CLOSED");
    assert.match((await closed.getAttribute("class")) ?? "", /\bsuppressed\b/);

    await importList(unListXml("KIM CHOL NAM SENIOR"));
    const reopened = await screen(page, "Kim Chol Nam");
    await page.getByRole("heading", { name: "1 match for “Kim Chol Nam”", exact: true }).waitFor();
    const reopenedNotice = await reopened.locator(".decision").innerText();
    assert.match(reopenedNotice, /^Alert reopened: the list entry changed since /);
    assert.ok(
      reopenedNotice.includes(`(decision ${decision.id}) decided it a false positive`),
      reopenedNotice,
    );
    assert.equal(await reopened.locator(".badge.reopened").innerText(), "REOPENED");
    assert.doesNotMatch((await reopened.getAttribute("class")) ?? "", /\bsuppressed\b/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
