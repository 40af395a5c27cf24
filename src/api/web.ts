/**
 * @module api/web
 * Serves the built web UI (`web/dist`, see docs/ui.md) at `/`: files by path, and `index.html` for any
 * other GET that is not an API path, so that client routes such as `/check` load the app. The UI uses
 * the HTTP API only. Hashed assets are cached for a year; `index.html` is revalidated every time.
 */
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import type { ApiApp } from "./env.js";
import { ApiError } from "./errors.js";

/** Where `npm run build:web` writes the UI. */
export const defaultWebRoot = resolve(import.meta.dirname, "..", "..", "web", "dist");

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** The page may load its own scripts and styles and call its own origin, nothing else. */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const API_PATHS = /^\/(v1(\/|$)|healthz$|openapi\.json$)/;

/** Registers the UI's routes; call after the API's routes. */
export function registerWeb(app: ApiApp, root: string = defaultWebRoot): void {
  const base = resolve(root);
  const send = async (file: string, immutable: boolean): Promise<Response> => {
    const body = await readFile(file);
    const type = TYPES[extname(file)] ?? "application/octet-stream";
    const headers: Record<string, string> = {
      "content-type": type,
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    };
    if (type.startsWith("text/html")) headers["content-security-policy"] = WEB_CSP;
    return new Response(body, { headers });
  };

  app.on(["GET", "HEAD"], "*", async (c) => {
    const path = c.req.path;
    if (API_PATHS.test(path)) return c.notFound();
    let relativePath: string;
    try {
      relativePath = decodeURIComponent(path);
    } catch {
      return c.notFound();
    }
    const file = resolve(base, `.${relativePath}`);
    const inside =
      file.startsWith(base + sep) && !relativePath.split("/").some((part) => part.startsWith("."));
    if (inside) {
      const info = await stat(file).catch(() => undefined);
      if (info?.isFile()) return send(file, relativePath.startsWith("/assets/"));
    }
    // A path that names a file (it has an extension) and is not there is a 404, not the app.
    if (extname(relativePath) !== "") return c.notFound();
    const index = join(base, "index.html");
    if (!existsSync(index))
      throw new ApiError(404, "not_found", "the web UI is not built here: run npm run build:web");
    return send(index, false);
  });
}
