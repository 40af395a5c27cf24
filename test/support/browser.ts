/**
 * Debian's chromium driven by playwright-core (which never downloads a browser), for the web UI's
 * end-to-end tests and screenshots; and `sanctions serve` in a child process on an ephemeral loopback
 * port with a private data directory.
 */
import { accessSync, constants } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { spawnServe } from "./serve.js";

/** Flags that work as root on this network (see ../shared/reference/stack-and-style.md §3.14). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Chromium's executable: `CHROMIUM_PATH`, else `chromium` or `chromium-browser` on PATH; undefined if none. */
export function findChromium(): string | undefined {
  const candidates = [
    process.env["CHROMIUM_PATH"],
    ...(process.env["PATH"] ?? "")
      .split(delimiter)
      .filter(Boolean)
      .flatMap((dir) => [join(dir, "chromium"), join(dir, "chromium-browser")]),
    "/usr/bin/chromium",
  ];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

export interface RunningBrowser {
  readonly browser: Browser;
  close(): Promise<void>;
}

/**
 * Launches headless chromium. Each launch gets a fresh profile: playwright passes `--user-data-dir` of a
 * new temporary directory itself (it refuses the flag in `args`) and removes it on close.
 */
export async function launchChromium(executablePath: string): Promise<RunningBrowser> {
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  return {
    browser,
    close: () => browser.close(),
  };
}

/** Gives the UI an API key before any page of `context` loads (it keeps the key in localStorage). */
export async function useApiKey(context: BrowserContext, key: string): Promise<void> {
  await context.addInitScript({
    content: `localStorage.setItem("sanctions-api-key", ${JSON.stringify(key)});`,
  });
}

export interface PageWatch {
  readonly page: Page;
  /** Console errors and uncaught page errors seen so far. */
  readonly errors: string[];
}

/** A page that records console errors and uncaught exceptions. */
export async function watchedPage(context: BrowserContext): Promise<PageWatch> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => {
    errors.push(`page: ${error.message}`);
  });
  return { page, errors };
}

export interface ServeInstance {
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** `sanctions serve --port 0` on 127.0.0.1 with a fresh data directory; resolves once it listens. */
export async function startServe(env: NodeJS.ProcessEnv = {}): Promise<ServeInstance> {
  const dataDir = await mkdtemp(join(tmpdir(), "sanctions-web-"));
  const server = await spawnServe({
    env: {
      ...process.env,
      // The embedded database in the fresh data directory, whatever the environment names: a
      // DATABASE_URL (CI's) would be shared with other runs, and the tests start from an empty store.
      DATABASE_URL: "",
      SANCTIONS_DATA_DIR: dataDir,
      SANCTIONS_CONTEXT_REFRESH_MS: "0",
      SANCTIONS_LOG_LEVEL: "warn",
      ...env,
    },
  });
  return {
    url: server.url,
    dataDir,
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** How wide a page is against its viewport, and the elements that stick out past its right edge. */
export interface PageWidth {
  readonly viewport: number;
  readonly scrollWidth: number;
  /** The outermost elements reaching past the viewport, as `tag.class "text…" right=N`. */
  readonly overflowing: readonly string[];
}

/**
 * Measures `document.documentElement.scrollWidth` against the viewport's width, naming what overflows,
 * so that a failure says which element to fix. Content scrolled inside its own container (a table in
 * `.table-wrap`) does not count: it does not widen the page.
 */
export async function pageWidth(page: Page): Promise<PageWidth> {
  return page.evaluate(`(() => {
    const viewport = document.documentElement.clientWidth;
    const overflowing = [];
    const walk = (element) => {
      const style = getComputedStyle(element);
      if (element.getBoundingClientRect().right > viewport + 0.5) {
        const text = (element.textContent || "").trim().slice(0, 40);
        overflowing.push(element.tagName.toLowerCase() + (element.className && typeof element.className === "string" ? "." + element.className.trim().replace(/\\s+/g, ".") : "") + ' "' + text + '" right=' + Math.round(element.getBoundingClientRect().right));
        return;
      }
      if (style.overflowX === "auto" || style.overflowX === "scroll" || style.overflowX === "hidden") return;
      for (const child of element.children) walk(child);
    };
    for (const child of document.body.children) walk(child);
    return { viewport, scrollWidth: document.documentElement.scrollWidth, overflowing: overflowing.slice(0, 10) };
  })()`);
}
