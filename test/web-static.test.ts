/**
 * Serving the built UI from the API app (src/api/web.ts), through app.request(): files by path with
 * their types and cache headers, index.html for client routes, JSON 404s for API paths and missing
 * files, nothing outside the web root, and a plain message when the UI is not built.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { testApp, type TestApp } from "../src/api/testing.js";

describe("web UI serving", () => {
  let root: string;
  let test: TestApp;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), "sanctions-webroot-"));
    await mkdir(join(root, "dist", "assets"), { recursive: true });
    await writeFile(join(root, "dist", "index.html"), '<!doctype html><div id="root"></div>');
    await writeFile(join(root, "dist", "assets", "index-abc.js"), "console.log(1)");
    await writeFile(join(root, "dist", ".build-hash"), "secret-ish");
    await writeFile(join(root, "outside.txt"), "contents-outside-the-root");
    test = await testApp({ webRoot: join(root, "dist") });
  });

  after(async () => {
    await test.cleanup();
    await rm(root, { recursive: true, force: true });
  });

  it("serves index.html at / and for client routes, revalidated, with a CSP", async () => {
    for (const path of ["/", "/check", "/regime/measures/KP-EXP-SEAFOOD", "/drafts?id=cn-ru-2019"]) {
      const response = await test.call("GET", path);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
      assert.equal(response.headers.get("cache-control"), "no-cache");
      assert.match(response.headers.get("content-security-policy") ?? "", /script-src 'self'/);
      assert.match(await response.text(), /id="root"/);
    }
  });

  it("serves hashed assets as immutable", async () => {
    const response = await test.call("GET", "/assets/index-abc.js");
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "text/javascript; charset=utf-8");
    assert.match(response.headers.get("cache-control") ?? "", /immutable/);
    assert.equal(await response.text(), "console.log(1)");
  });

  it("keeps the API's paths and missing files as JSON 404s", async () => {
    for (const path of ["/v1/nothing", "/v1", "/assets/missing.js", "/favicon.ico"]) {
      const response = await test.call("GET", path, { role: "reader" });
      assert.equal(response.status, 404, path);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, "not_found");
    }
    assert.equal((await test.call("GET", "/healthz")).status, 200);
    assert.equal((await test.call("GET", "/openapi.json")).status, 200);
  });

  it("never serves dotfiles or files outside the web root", async () => {
    for (const path of [
      "/.build-hash",
      "/../outside.txt",
      "/%2e%2e/outside.txt",
      "/assets/..%2f..%2foutside.txt",
    ]) {
      const response = await test.call("GET", path);
      const text = await response.text();
      assert.doesNotMatch(text, /contents-outside-the-root|secret-ish/, path);
    }
  });

  it("says the UI is not built when web/dist is missing", async () => {
    const bare = await testApp({ webRoot: join(root, "missing") });
    try {
      const response = await bare.call("GET", "/check");
      assert.equal(response.status, 404);
      assert.match(
        ((await response.json()) as { error: { message: string } }).error.message,
        /npm run build:web/,
      );
    } finally {
      await bare.cleanup();
    }
  });
});
