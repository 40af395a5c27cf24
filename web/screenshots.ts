/**
 * Screenshots of each page of the web UI, at laptop and phone width, into docs/screenshots/ (see
 * docs/ui.md). Starts `sanctions serve` on loopback with a temporary data directory, imports through the
 * API the UN list, the refined-petroleum notifications table (../shared/data/trade/, read where it lies)
 * and the example exemption records (examples/exemptions.yaml), with the UN's resolution texts
 * (../shared/data/un-resolutions/) imported by `sanctions texts import` before it starts, walks one flow
 * per page in headless chromium, and writes PNGs. `SCREENSHOTS=name,...` takes only those pictures.
 *
 *   npm run build:web && node --import tsx web/screenshots.ts
 */
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { parse as parseYaml } from "yaml";
import { TEST_KEYS } from "../src/api/testing.js";
import { findChromium, launchChromium, startServe, useApiKey } from "../test/support/browser.js";
import { runCli } from "../test/support/cli.js";
import { sharedData } from "../test/support/shared.js";

const out = join(import.meta.dirname, "..", "docs", "screenshots");
const sizes = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

/**
 * Each page and what to do on it before the picture; `file` names a picture taken at desktop width
 * only.
 */
const pages: readonly {
  name: string;
  path: string;
  file?: string;
  prepare?: (page: Page) => Promise<void>;
}[] = [
  {
    name: "regime",
    path: "/regime?at=2019-12-17",
    prepare: async (page) => {
      await page.getByRole("link", { name: /^KP-EXP-SEAFOOD:/ }).waitFor();
    },
  },
  {
    name: "measure",
    path: "/regime/measures/KP-IMP-REFINED",
    prepare: async (page) => {
      await page.getByRole("heading", { level: 1, name: /KP-IMP-REFINED/ }).waitFor();
    },
  },
  {
    name: "check",
    path: "/check",
    prepare: async (page) => {
      await page.getByRole("button", { name: "Check", exact: true }).click();
      await page.getByRole("article", { name: /Verdict/ }).scrollIntoViewIfNeeded();
    },
  },
  {
    name: "citation-paragraph",
    path: "/check",
    file: "citation-paragraph.png",
    prepare: async (page) => {
      // DPRK seafood on 2019-12-17: the prohibition's citation opens 2371 OP9 from the imported text.
      await page.getByLabel(/^Date/).fill("2019-12-17");
      await page.getByLabel(/^HS code/).fill("0302.11");
      await page.getByLabel(/^From \(country\)/).fill("KP");
      await page.getByLabel(/^To \(country\)/).fill("CN");
      await page.getByRole("button", { name: "Check", exact: true }).click();
      await page.getByRole("article", { name: /Verdict/ }).waitFor();
      await page.getByRole("button", { name: "S/RES/2371 (2017) OP9" }).first().click();
      await page.getByRole("dialog").locator(".official-text").waitFor();
    },
  },
  {
    name: "check-file",
    path: "/check",
    prepare: async (page) => {
      await page
        .getByLabel("Activities file (.csv, .jsonl)")
        .setInputFiles(join(import.meta.dirname, "..", "examples", "shipments.csv"));
      await page.getByRole("button", { name: "Download results (CSV)" }).waitFor();
      await page.getByRole("heading", { name: "By verdict" }).scrollIntoViewIfNeeded();
    },
  },
  {
    name: "screen",
    path: "/screen",
    prepare: async (page) => {
      await page.getByLabel(/^Name/).fill("Lee Wonho");
      await page.getByLabel("Date of birth").fill("1964");
      await page.getByRole("button", { name: "Screen", exact: true }).click();
      await page.getByRole("heading", { name: /match.* for/ }).waitFor();
    },
  },
  {
    name: "drafts",
    path: "/drafts?id=cn-ru-2019",
    prepare: async (page) => {
      await page.getByRole("heading", { name: /Legal diff/ }).waitFor();
      await page.getByRole("button", { name: "Scenario with the United States abstaining" }).click();
      await page.getByText(/Adoption probability/).waitFor();
    },
  },
  {
    name: "drafts-vote",
    path: "/drafts?id=cn-ru-2019",
    prepare: async (page) => {
      await page.getByRole("button", { name: "Scenario with the United States voting no" }).click();
      await page.getByText(/NOT ADOPTED/).waitFor();
      await page.getByRole("heading", { name: /Vote board/ }).scrollIntoViewIfNeeded();
    },
  },
  {
    name: "drafts-recorded",
    path: "/drafts?id=us-2022",
    prepare: async (page) => {
      // Put to the vote: the board opens on the recorded 13-2-0, member by member.
      await page.locator(".vote-result").getByText("NOT ADOPTED").waitFor();
      await page.getByRole("heading", { name: /Vote board/ }).scrollIntoViewIfNeeded();
    },
  },
  {
    name: "caps-years",
    path: "/caps",
    prepare: async (page) => {
      // Opens on the latest year with deliveries; the chart of the caps across the years below the cards.
      const chart = page.getByRole("img", { name: /^KP-IMP-REFINED:/ });
      await chart.waitFor();
      await page.evaluate("document.querySelector('figure.chart')?.scrollIntoView({ block: 'center' })");
    },
  },
  {
    name: "caps",
    path: "/caps",
    prepare: async (page) => {
      // 2019: the year the notified deliveries came nearest the cap (418,000 bbl, 83.6%).
      await page.getByLabel("Year").selectOption("2019");
      await page
        .getByRole("article", { name: "KP-IMP-REFINED" })
        .getByText(/418,000 bbl notified/)
        .waitFor();
      await page.getByRole("rowheader", { name: "1718-HEX-2021-07" }).waitFor();
    },
  },
];

const executable = findChromium();
if (!executable) {
  console.error("chromium not found (apt-get install -y chromium, or set CHROMIUM_PATH)");
  process.exit(1);
}
await mkdir(out, { recursive: true });
const only = process.env["SCREENSHOTS"]?.split(",").filter(Boolean);
// The resolution texts, imported before the server holds the embedded database.
const dataDir = await mkdtemp(join(tmpdir(), "sanctions-screenshots-"));
const texts = await runCli(["texts", "import", sharedData("un-resolutions")], {
  env: { SANCTIONS_DATA_DIR: dataDir, DATABASE_URL: "" },
});
if (texts.code !== 0) throw new Error(`texts import: ${texts.stderr}`);
const server = await startServe({
  SANCTIONS_API_KEYS: `${TEST_KEYS.admin}:admin,${TEST_KEYS.analyst}:analyst`,
  SANCTIONS_DATA_DIR: dataDir,
});
const chromium = await launchChromium(executable);
try {
  const imported = await fetch(`${server.url}/v1/lists/import?source=un`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_KEYS.admin}`, "content-type": "application/xml" },
    body: await readFile(sharedData("un", "consolidated.xml")),
  });
  if (!imported.ok) throw new Error(`list import: ${imported.status} ${await imported.text()}`);
  // The caps page's ledger and exemptions table: the notifications table as `sanctions caps import`
  // reads it, and the example records as `sanctions exemptions add` reads them.
  const deliveries = await fetch(`${server.url}/v1/caps/deliveries`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_KEYS.admin}`, "content-type": "text/csv" },
    body: await readFile(sharedData("trade", "dprk-refined-petroleum-notifications.csv")),
  });
  if (!deliveries.ok) throw new Error(`caps import: ${deliveries.status} ${await deliveries.text()}`);
  const exemptions = await fetch(`${server.url}/v1/exemptions`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_KEYS.admin}`, "content-type": "application/json" },
    body: JSON.stringify(
      parseYaml(await readFile(join(import.meta.dirname, "..", "examples", "exemptions.yaml"), "utf8")),
    ),
  });
  if (!exemptions.ok) throw new Error(`exemptions: ${exemptions.status} ${await exemptions.text()}`);
  for (const size of sizes) {
    const context = await chromium.browser.newContext({
      viewport: { width: size.width, height: size.height },
      deviceScaleFactor: 1,
      reducedMotion: "reduce",
    });
    await useApiKey(context, TEST_KEYS.analyst);
    for (const { name, path, file: fixed, prepare } of pages) {
      if (only !== undefined && !only.includes(name)) continue;
      if (fixed !== undefined && size.name !== "desktop") continue;
      const page = await context.newPage();
      await page.goto(`${server.url}${path}`);
      await prepare?.(page);
      await page.evaluate("document.fonts.ready.then(() => true)");
      const file = join(out, fixed ?? `${name}-${size.name}.png`);
      await page.screenshot({ path: file });
      console.log(file);
      await page.close();
    }
    await context.close();
  }
} finally {
  await chromium.close();
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
