/**
 * The web UI end to end: `sanctions serve` on an ephemeral loopback port with a temporary data
 * directory serves the built UI (web/dist, built by `npm test`'s pretest step), and headless chromium
 * (Debian's package, driven by playwright-core) loads each page with no console error and walks one real
 * flow per page. Skipped, with the reason, only when no chromium is installed (CI installs it).
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { outcomeRank, reasonCodeLabels } from "../src/model/contract-labels.js";
import { TEST_KEYS } from "../src/api/testing.js";
import {
  findChromium,
  launchChromium,
  pageWidth,
  startServe,
  useApiKey,
  watchedPage,
  type PageWatch,
  type RunningBrowser,
  type ServeInstance,
} from "./support/browser.js";
import { needsShared, sharedData } from "./support/shared.js";

/** Suites of the shared data are skipped, saying so, on a clone with no ../shared beside it. */
const unList = needsShared("un", "consolidated.xml");
const notifications = needsShared("trade", "dprk-refined-petroleum-notifications.csv");

const chromiumPath = findChromium();
const dist = join(import.meta.dirname, "..", "web", "dist", "index.html");

describe(
  "web UI",
  { skip: chromiumPath ? false : "chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)" },
  () => {
    let server: ServeInstance;
    let chromium: RunningBrowser;
    let context: BrowserContext;
    let scratch: string;
    const pages: PageWatch[] = [];

    before(async () => {
      assert.ok(existsSync(dist), "web/dist is not built: npm test builds it first (npm run build:web)");
      scratch = await mkdtemp(join(tmpdir(), "sanctions-web-test-"));
      server = await startServe({
        SANCTIONS_API_KEYS: `${TEST_KEYS.admin}:admin,${TEST_KEYS.analyst}:analyst`,
      });
      chromium = await launchChromium(chromiumPath as string);
      context = await chromium.browser.newContext({
        viewport: { width: 1280, height: 900 },
        acceptDownloads: true,
      });
      // The UI keeps its API key in localStorage; the analyst key may apply uploaded drafts.
      await useApiKey(context, TEST_KEYS.analyst);
    });

    after(async () => {
      await context.close();
      await chromium.close();
      await server.stop();
      await rm(scratch, { recursive: true, force: true });
    });

    async function open(path: string): Promise<PageWatch> {
      const watch = await watchedPage(context);
      pages.push(watch);
      await watch.page.goto(`${server.url}${path}`);
      return watch;
    }

    function assertNoErrors(watch: PageWatch): void {
      assert.deepEqual(watch.errors, [], `console errors on ${watch.page.url()}`);
    }

    /** What a person reads in `locator`: its text without the small monospace asides that keep codes. */
    async function readable(locator: Locator): Promise<string> {
      let text = await locator.innerText();
      for (const aside of await locator.locator(".reason-code").allInnerTexts())
        text = text.replace(aside, "");
      assert.ok(text.trim().length > 0, "the locator has text");
      return text;
    }

    /** A code as the engine writes it (`measure_prohibits`, `DECLARED_VETO`). */
    const RAW_CODE = /\b(?:[a-z]+_[a-z_]+|[A-Z]+_[A-Z_]+)\b/;

    /** Answers `pattern`'s API requests with a 503 and `message`, as a failing server would. */
    async function failRequests(page: Page, pattern: string, message: string): Promise<void> {
      await page.route(pattern, (route) =>
        route.fulfill({
          status: 503,
          contentType: "application/json",
          body: JSON.stringify({ error: { code: "database_unavailable", message } }),
        }),
      );
    }

    it("serves the app at / and client routes, and keeps API 404s in JSON", async () => {
      for (const path of ["/", "/check", "/regime/measures/KP-EXP-SEAFOOD"]) {
        const response = await fetch(`${server.url}${path}`);
        assert.equal(response.status, 200, path);
        assert.match(response.headers.get("content-type") ?? "", /^text\/html/);
        assert.match(response.headers.get("content-security-policy") ?? "", /default-src 'self'/);
        assert.match(await response.text(), /<div id="root">/);
      }
      const api = await fetch(`${server.url}/v1/nothing`, {
        headers: { authorization: `Bearer ${TEST_KEYS.analyst}` },
      });
      assert.equal(api.status, 404);
      assert.equal(((await api.json()) as { error: { code: string } }).error.code, "not_found");
      assert.equal((await fetch(`${server.url}/assets/missing.js`)).status, 404);
    });

    it("regime: the timeline and the state on a date, and a measure's history with unverified marks", async () => {
      const watch = await open("/regime?at=2019-12-17");
      const { page } = watch;
      await page.getByRole("heading", { name: /In force on 2019-12-17 · \d+ measures/ }).waitFor();
      await page.getByRole("link", { name: /^KP-EXP-SEAFOOD:/ }).waitFor();
      const row = page.getByRole("row", { name: /KP-EXP-SEAFOOD/ });
      assert.match(await row.innerText(), /S\/RES\/2371 \(2017\) OP9/);
      // Before 1718 nothing was in force; the date picker changes the state.
      await page.getByLabel("State on").fill("2006-10-13");
      await page.getByText("No measure was in force on this date.").waitFor();
      await page.getByRole("link", { name: /^KP-EXP-SEAFOOD:/ }).click();
      await page.getByRole("heading", { level: 1, name: /KP-EXP-SEAFOOD/ }).waitFor();
      assert.equal(new URL(page.url()).pathname, "/regime/measures/KP-EXP-SEAFOOD");
      // The 2371 prior-contracts window's paragraph is unconfirmed: it carries the mark.
      const window = page.locator(".facts li").filter({ hasText: "KP-EXP-SEAFOOD/contracts-2371" });
      assert.match(await window.innerText(), /unverified/);
      assertNoErrors(watch);
    });

    it("check: DPRK seafood on 2019-12-17 is prohibited, citing S/RES/2371 (2017) OP9", async () => {
      const watch = await open("/check");
      const { page } = watch;
      await page.getByLabel(/^Date/).fill("2019-12-17");
      await page.getByLabel(/^HS code/).fill("0302.11");
      await page.getByLabel(/^From \(country\)/).fill("KP");
      await page.getByLabel(/^To \(country\)/).fill("CN");
      await page.getByLabel("Description").fill("frozen fish");
      // Enter in a field submits, as a keyboard user would.
      await page.getByLabel(/^HS code/).press("Enter");
      const card = page.getByRole("article", { name: "Verdict: prohibited" });
      await card.waitFor();
      const text = await card.innerText();
      assert.match(text, /PROHIBITED/i);
      assert.match(text, /KP-EXP-SEAFOOD/);
      assert.match(text, /S\/RES\/2371 \(2017\) OP9/);
      assert.equal(await page.locator("[aria-live] article").count(), 1, "the verdict is in a live region");
      // Each reason in words, its code only in the small aside; the most restrictive first, so the
      // form-only HS note (permitted) never reads before the prohibition.
      const reasons = card.locator("li.reason");
      const items = await reasons.all();
      const codes = await Promise.all(items.map((item) => item.getAttribute("data-code")));
      assert.ok(codes.includes("hs_form_only"), `no nomenclature imported: ${codes.join(", ")}`);
      assert.equal(codes[0], "measure_prohibits");
      const outcomes = (await Promise.all(items.map((item) => item.getAttribute("data-outcome")))).map(
        (outcome) => outcome as keyof typeof outcomeRank,
      );
      const ranks = outcomes.map((outcome) => outcomeRank[outcome]);
      assert.deepEqual(
        ranks,
        [...ranks].sort((a, b) => b - a),
        `reasons by weight: ${outcomes.join(", ")}`,
      );
      assert.match(await reasons.first().innerText(), new RegExp(reasonCodeLabels.measure_prohibits));
      assert.doesNotMatch(await readable(card), RAW_CODE);
      assertNoErrors(watch);
    });

    it("check: a small file is checked, summarised, and its results downloaded", async () => {
      const file = join(scratch, "shipments.csv");
      await writeFile(
        file,
        [
          "id,type,date,hs,from,to,description",
          "fish,goods,2019-12-17,0302.11,KP,CN,frozen fish",
          "bad-date,goods,2019-13-17,0302.11,KP,CN,",
          "shirts,goods,2016-01-15,6205.20,KP,CN,cotton shirts",
          "",
        ].join("\n"),
      );
      const watch = await open("/check");
      const { page } = watch;
      await page.getByLabel("Activities file (.csv, .jsonl)").setInputFiles(file);
      await page.getByText("Checked 3 activities from shipments.csv.").waitFor();
      assert.equal(await page.locator('[data-verdict="prohibited"]').innerText(), "1");
      assert.equal(await page.locator('[data-verdict="permitted"]').innerText(), "1");
      assert.equal(await page.locator('[data-verdict="rejected"]').innerText(), "1");
      assert.match(await page.getByRole("row", { name: /KP-EXP-SEAFOOD/ }).innerText(), /1/);
      // The chart of the file's verdicts says the same counts.
      const chart = page.getByRole("img", { name: /^Verdicts:/ });
      const label = (await chart.getAttribute("aria-label")) ?? "";
      assert.match(label, /1 prohibited/);
      assert.match(label, /1 permitted/);
      assert.match(label, /1 rejected/);
      assert.equal(await chart.locator("rect.chart-bar").count(), 5);

      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Download results (JSON Lines)" }).click(),
      ]);
      assert.equal(download.suggestedFilename(), "shipments-verdicts.jsonl");
      const path = join(scratch, "verdicts.jsonl");
      await download.saveAs(path);
      const lines = (await readFile(path, "utf8"))
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      assert.deepEqual(
        lines.map((line) => [line["id"], line["verdict"] ?? (line["error"] as { code: string }).code]),
        [
          ["fish", "prohibited"],
          ["bad-date", "invalid_date"],
          ["shirts", "permitted"],
        ],
      );
      assert.equal((lines[1]?.["error"] as { line: number }).line, 3, "rejections name the file's line");

      const [csv] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Download results (CSV)" }).click(),
      ]);
      const csvPath = join(scratch, "verdicts.csv");
      await csv.saveAs(csvPath);
      const rows = (await readFile(csvPath, "utf8")).trim().split("\n");
      assert.equal(
        rows[0],
        "id,verdict,reasons.code,reasons.measure,reasons.citation,reasons.verified,reasons.text,regimeVersion,listSnapshot,error.code,error.message,error.line,error.field",
      );
      assert.equal(rows.length, 4);
      assertNoErrors(watch);
    });

    it("screen: says no list is imported, then, once the UN list is, explains a match", unList, async () => {
      const watch = await open("/screen");
      const { page } = watch;
      await page.getByLabel(/^Name/).fill("Lee Wonho");
      await page.getByRole("button", { name: "Screen", exact: true }).click();
      await page.getByText("No sanctions list is imported on this server.").waitFor();
      // The 409 is an answer the page explains, not an error of the page; the browser logs the failed
      // request itself as a console error, which is the only one allowed here.
      assert.ok(
        watch.errors.every((error) => /409/.test(error)),
        watch.errors.join("\n"),
      );
      watch.errors.length = 0;

      const imported = await fetch(`${server.url}/v1/lists/import?source=un`, {
        method: "POST",
        headers: { authorization: `Bearer ${TEST_KEYS.admin}`, "content-type": "application/xml" },
        body: await readFile(sharedData("un", "consolidated.xml")),
      });
      assert.equal(imported.status, 200, await imported.text());

      await page.getByLabel("Date of birth").fill("1964");
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === "/v1/screen");
      await page.getByRole("button", { name: "Screen", exact: true }).click();
      const answer = (await (await answered).json()) as { results: { matches: { score: number }[] }[] };
      await page.getByRole("heading", { name: "1 match for “Lee Wonho”" }).waitFor();
      const match = await page.locator(".match").first().innerText();
      assert.match(match, /RI WON HO/);
      // The page shows the score the engine answered, to three places.
      const score = answer.results[0]?.matches[0]?.score;
      assert.ok(score !== undefined && score > 0.9, `score ${score}`);
      assert.ok(match.includes(score.toFixed(3)), `${score.toFixed(3)} not in ${match}`);
      assert.match(match, /variant-class/);
      assert.match(match, /joined-syllables/);
      assert.match(match, /dob-match/);
      assertNoErrors(watch);
    });

    it("drafts: the 2019 draft's legal diff, and the United States' veto on the vote board", async () => {
      const watch = await open("/drafts?id=cn-ru-2019");
      const { page } = watch;
      const seafood = page.locator(".diff-item").filter({ hasText: "KP-EXP-SEAFOOD" });
      await seafood.waitFor();
      const diff = await seafood.innerText();
      assert.match(diff, /lifted/i);
      assert.match(diff, /S\/RES\/2371 \(2017\) OP9/);
      assert.match(diff, /not in force/);
      assert.equal(
        await page
          .getByRole("row")
          .filter({ has: page.getByRole("combobox") })
          .count(),
        15,
      );

      // Never put to a vote: the board opens on unknown positions, and the forecast says so in words.
      const outcome = page.locator(".vote-result");
      await outcome.getByText(/Positions missing/).waitFor();
      assert.doesNotMatch(await readable(outcome), RAW_CODE);

      const scenario = page.getByRole("button", { name: "Scenario with the United States voting no" });
      assert.match(await scenario.innerText(), /illustrative/);
      await scenario.click();
      await page
        .locator(".board-origin")
        .getByText(/illustrative positions/)
        .waitFor();
      await outcome.getByText("NOT ADOPTED").waitFor();
      assert.match(await outcome.innerText(), /14-1-0/);
      assert.match(await outcome.innerText(), /Declared veto|Veto/);
      assert.doesNotMatch(await readable(outcome), RAW_CODE);
      assert.match(await outcome.innerText(), /Veto: United States/);
      assert.match(await page.getByRole("row", { name: /United States/ }).innerText(), /veto/i);

      // Positions are editable: with the United States abstaining, the draft passes.
      await page.getByLabel("Position of United States").selectOption("abstain");
      await outcome.getByText("ADOPTED", { exact: true }).waitFor();
      assert.match(await outcome.innerText(), /14-0-1/);
      assertNoErrors(watch);
    });

    it("drafts: the list, the recorded votes and their unverified marks come from the API", async () => {
      const listed = (await (
        await fetch(`${server.url}/v1/drafts`, { headers: { authorization: `Bearer ${TEST_KEYS.analyst}` } })
      ).json()) as { drafts: { id: string; outcome: string }[] };
      const watch = await open("/drafts?id=us-2022");
      const { page } = watch;
      const select = page.getByLabel("Encoded draft");
      await select.locator("option", { hasText: "S/2022/431" }).waitFor({ state: "attached" });
      const options = await select.locator("option").all();
      assert.deepEqual(
        await Promise.all(options.map((option) => option.getAttribute("value"))),
        listed.drafts.map((draft) => draft.id),
      );
      // The outcome of every encoded draft is the API's (and so the CLI's: one catalogue).
      const labels = await Promise.all(options.map((option) => option.textContent()));
      for (const [index, draft] of listed.drafts.entries())
        assert.ok(labels[index]?.includes(`(${draft.outcome}`), `${draft.id}: ${labels[index] ?? ""}`);
      const facts = page.locator(".draft-facts");
      await facts.getByText(/vetoed by China and Russian Federation, 13-2-0 on 2022-05-26/).waitFor();
      assert.doesNotMatch(await facts.innerText(), /unverified/);

      // The board opens on the recorded vote, member by member, not on fifteen unknowns.
      const outcome = page.locator(".vote-result");
      await outcome.getByText("NOT ADOPTED").waitFor();
      assert.match(await outcome.innerText(), /13-2-0/);
      assert.match(await page.locator(".board-origin").innerText(), /recorded on 2022-05-26/);
      const board = page.locator("table.vote-board tbody tr");
      assert.equal(await board.count(), 15);
      const positions = await Promise.all(
        (await board.locator("select").all()).map((select) => select.inputValue()),
      );
      assert.deepEqual(
        positions.filter((position) => position === "unknown"),
        [],
        "no member unknown",
      );
      assert.deepEqual(
        [positions.filter((p) => p === "yes").length, positions.filter((p) => p === "no").length],
        [13, 2],
      );
      assert.match(await page.getByRole("row", { name: /China/ }).innerText(), /no \(recorded\)/);
      assert.equal(await page.getByLabel("Position of China").inputValue(), "no");
      assert.equal(await page.getByLabel("Position of France").inputValue(), "yes");
      assert.doesNotMatch(await readable(outcome), RAW_CODE);

      await page.getByRole("button", { name: "Clear" }).click();
      await page.getByRole("button", { name: "Recorded vote (13-2-0)" }).click();
      await outcome.getByText("NOT ADOPTED").waitFor();
      assert.match(await outcome.innerText(), /13-2-0/);
      assert.match(await outcome.innerText(), /Veto: China, Russian Federation/);

      // The 2021 refresh: circulated on 29 October 2021, its content known from press reports only.
      await select.selectOption("cn-ru-2021");
      await facts.getByText("2021-10-29").waitFor();
      assert.doesNotMatch(await facts.innerText(), /2021-10-29\s*\*\s*unverified/);
      assert.match(await facts.innerText(), /not put to a vote/);
      assert.match(await facts.innerText(), /Unconfirmed\s*content/);
      assert.doesNotMatch(await facts.innerText(), /no operation is encoded/);
      assertNoErrors(watch);
    });

    it("caps: the refined-petroleum cap in force, and the empty ledger said plainly", async () => {
      const watch = await open("/caps");
      const { page } = watch;
      const card = page.getByRole("article", { name: "KP-IMP-REFINED" });
      await card.getByText("500,000 bbl", { exact: true }).waitFor();
      assert.match(await card.innerText(), /S\/RES\/2397 \(2017\) OP5/);
      // Once the ledger has answered, and said nothing: an empty state, not an error.
      await card.getByText(/No delivery ledger yet/).waitFor();
      await page.getByText("No exemption records yet.").waitFor();
      assertNoErrors(watch);
    });

    it("caps: deliveries imported through the API show against the 2019 cap", notifications, async () => {
      const imported = await fetch(`${server.url}/v1/caps/deliveries`, {
        method: "POST",
        headers: { authorization: `Bearer ${TEST_KEYS.admin}`, "content-type": "text/csv" },
        body: await readFile(sharedData("trade", "dprk-refined-petroleum-notifications.csv")),
      });
      assert.equal(imported.status, 200, await imported.text());
      const stored = (await (
        await fetch(`${server.url}/v1/caps/deliveries?measure=KP-IMP-REFINED`, {
          headers: { authorization: `Bearer ${TEST_KEYS.analyst}` },
        })
      ).json()) as { deliveries: { periodEnd: string; voided?: unknown }[] };
      const latest = Math.max(
        ...stored.deliveries.filter((d) => !d.voided).map((d) => Number(d.periodEnd.slice(0, 4))),
      );
      const watch = await open("/caps");
      const { page } = watch;
      const card = page.getByRole("article", { name: "KP-IMP-REFINED" });
      // The page opens on the latest year with deliveries, not on an empty current year.
      await card.getByText(/bbl notified/).waitFor();
      assert.equal(await page.getByLabel("Year").inputValue(), String(latest));
      assert.ok(latest < new Date().getUTCFullYear(), "the data ends before this year");

      // The chart across the years: each year's notified barrels against its cap, as the API says.
      const chart = page.getByRole("img", { name: /^KP-IMP-REFINED:/ });
      await chart.waitFor();
      assert.match((await chart.getAttribute("aria-label")) ?? "", /2019 418,000 of 500,000 bbl/);
      const status2019 = (await (
        await fetch(`${server.url}/v1/caps/status?year=2019&measure=KP-IMP-REFINED`, {
          headers: { authorization: `Bearer ${TEST_KEYS.analyst}` },
        })
      ).json()) as { notified: number };
      assert.match(
        await page.locator('tr[data-year="2019"]').innerText(),
        new RegExp(status2019.notified.toLocaleString("en-GB")),
      );

      await page.getByLabel("Year").selectOption("2019");
      await card.getByText(/418,000 bbl notified/).waitFor();
      assert.match(await card.innerText(), /83\.6%/);
      assertNoErrors(watch);
    });

    it("caps: a failed request is an error with the API's message, not an empty ledger", async () => {
      const watch = await watchedPage(context);
      pages.push(watch);
      const { page } = watch;
      await failRequests(page, "**/v1/caps/status?*", "the ledger store is unavailable");
      await failRequests(page, "**/v1/exemptions", "the exemption store is unavailable");
      await page.goto(`${server.url}/caps`);
      await page
        .getByText(/The delivery ledger for \d{4} could not be read: the ledger store is unavailable/)
        .waitFor();
      await page
        .getByText("The exemption records could not be read: the exemption store is unavailable")
        .waitFor();
      assert.equal(await page.getByText("No delivery ledger yet").count(), 0);
      assert.equal(await page.getByText("No exemption records yet.").count(), 0);
      // The cap itself still shows: one failed request leaves the rest of the page.
      await page
        .getByRole("article", { name: "KP-IMP-REFINED" })
        .getByText("500,000 bbl", { exact: true })
        .waitFor();
      assert.ok(
        watch.errors.every((error) => /503/.test(error)),
        watch.errors.join("\n"),
      );
    });

    it("screen and drafts: a failed list request is shown as an error", async () => {
      const watch = await watchedPage(context);
      pages.push(watch);
      const { page } = watch;
      await failRequests(page, "**/v1/lists", "the list store is unavailable");
      await failRequests(page, "**/v1/drafts", "the drafts cannot be read");
      await page.goto(`${server.url}/screen`);
      await page.getByText("The imported lists could not be read: the list store is unavailable").waitFor();
      await page.goto(`${server.url}/drafts`);
      await page.getByRole("alert").getByText("the drafts cannot be read").waitFor();
      await page.unroute("**/v1/drafts");
      // One draft's scenarios failing: said so, and the list and the diff still show.
      await failRequests(page, "**/v1/drafts/cn-ru-2019", "the scenarios cannot be read");
      await page.goto(`${server.url}/drafts?id=cn-ru-2019`);
      await page
        .getByText("The draft's vote scenarios could not be read: the scenarios cannot be read")
        .waitFor();
      await page.locator(".diff-item").filter({ hasText: "KP-EXP-SEAFOOD" }).waitFor();
      assert.ok(
        watch.errors.every((error) => /503/.test(error)),
        watch.errors.join("\n"),
      );
    });

    it("a key saved refetches the page's data at once", async () => {
      const bare = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await bare.newPage();
        await page.goto(`${server.url}/drafts?id=us-2022`);
        await page
          .getByRole("alert")
          .filter({ hasText: /Set an API key/ })
          .first()
          .waitFor();
        await page.getByRole("button", { name: "API key" }).click();
        await page.getByLabel(/^API key \(kept in this browser/).fill(TEST_KEYS.analyst);
        await page.getByRole("button", { name: "Save" }).click();
        // No reload: the list, the diff and the board come with the key.
        await page
          .locator(".draft-facts")
          .getByText(/vetoed by China and Russian Federation/)
          .waitFor();
        await page.locator(".vote-result").getByText("NOT ADOPTED").waitFor();
        assert.equal(await page.getByRole("alert").count(), 0);
      } finally {
        await bare.close();
      }
    });

    it("every page fits a 390 px phone: nothing wider than the viewport", async () => {
      const phone = await chromium.browser.newContext({ viewport: { width: 390, height: 844 } });
      await useApiKey(phone, TEST_KEYS.analyst);
      const flows: [string, (page: Page) => Promise<void>][] = [
        ["/regime?at=2019-12-17", (page) => page.getByRole("link", { name: /^KP-EXP-SEAFOOD:/ }).waitFor()],
        [
          "/regime/measures/KP-IMP-REFINED",
          (page) => page.getByRole("heading", { level: 1, name: /KP-IMP-REFINED/ }).waitFor(),
        ],
        [
          "/check",
          async (page) => {
            await page.getByRole("button", { name: "Check", exact: true }).click();
            await page.getByRole("article", { name: /Verdict/ }).waitFor();
          },
        ],
        [
          "/check",
          async (page) => {
            await page
              .getByLabel("Activities file (.csv, .jsonl)")
              .setInputFiles(join(import.meta.dirname, "..", "examples", "shipments.csv"));
            await page.getByRole("button", { name: "Download results (CSV)" }).waitFor();
            await page.locator("details summary").click();
          },
        ],
        ["/screen", (page) => page.getByRole("heading", { level: 1, name: "Screen a name" }).waitFor()],
        [
          "/drafts?id=cn-ru-2019",
          async (page) => {
            await page.getByRole("heading", { name: /Legal diff/ }).waitFor();
            await page.getByRole("button", { name: /Scenario with the United States abstaining/ }).click();
            await page.getByText(/Adoption probability/).waitFor();
          },
        ],
        ["/drafts?id=us-2022", (page) => page.locator(".vote-result").getByText("NOT ADOPTED").waitFor()],
        [
          "/caps",
          (page) => page.getByRole("article", { name: "KP-IMP-REFINED" }).getByText(/bbl/).first().waitFor(),
        ],
      ];
      try {
        for (const [path, ready] of flows) {
          const watch = await watchedPage(phone);
          await watch.page.goto(`${server.url}${path}`);
          await ready(watch.page);
          const width = await pageWidth(watch.page);
          assert.equal(width.viewport, 390);
          assert.ok(
            width.scrollWidth <= width.viewport,
            `${path} is ${width.scrollWidth} px wide on a 390 px phone: ${width.overflowing.join("; ")}`,
          );
          assertNoErrors(watch);
          await watch.page.close();
        }
      } finally {
        await phone.close();
      }
    });

    it("works with the keyboard: a skip link, then the navigation", async () => {
      const watch = await open("/caps");
      const { page } = watch;
      // Tab only once the page is there: a key pressed while it loads lands nowhere.
      await page.getByRole("heading", { level: 1, name: "Caps and exemptions" }).waitFor();
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate("document.activeElement?.textContent"), "Skip to content");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { level: 1, name: "The regime over time" }).waitFor();
      assertNoErrors(watch);
    });
  },
);
