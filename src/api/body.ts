/**
 * @module api/body
 * The request body's limits: its size, and for a JSON body how deeply it nests (`./depth.ts`, checked
 * on the text before anything parses it). For a request that came through Node's HTTP server, the body is also
 * read here, straight from the socket's stream, and handed to Hono's body cache as text. Why: the
 * server adapter builds a WHATWG `Request`, with a web `ReadableStream` and an `AbortSignal`, the first
 * time anything touches the body, and for the small JSON bodies of `POST /v1/check` that cost more
 * than evaluating the activity. Requests made without a socket (`app.request()` in tests) keep Hono's
 * own `bodyLimit`, which gives the same answers.
 */
import { IncomingMessage } from "node:http";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit as honoBodyLimit } from "hono/body-limit";
import { MAX_JSON_DEPTH } from "../model/limits.js";
import { findTooDeep } from "./depth.js";
import type { ApiEnv } from "./env.js";
import { jsonTooDeep } from "./errors.js";

/** Decodes as `Request.text()` does: UTF-8, invalid sequences replaced, a leading BOM dropped. */
const utf8 = new TextDecoder();

/**
 * A middleware that refuses bodies over `maxBytes` by calling `tooLarge` (which throws), whether the
 * size is declared (`Content-Length`) or only found while reading (chunked), and JSON bodies nested
 * deeper than `MAX_JSON_DEPTH` with a 400 naming where.
 */
export function limitBody(maxBytes: number, tooLarge: () => never): MiddlewareHandler<ApiEnv> {
  const fallback = honoBodyLimit({ maxSize: maxBytes, onError: () => tooLarge() });
  return async (c, next) => {
    const incoming = incomingOf(c);
    if (incoming === undefined)
      return fallback(c, async () => {
        if (declaresJson(c)) {
          let text: string;
          try {
            // Through Hono's cache, where the validators find it; counted by the limit on the way.
            text = await c.req.text();
          } catch {
            // The only failure of a body read without a socket: it grew over the limit.
            tooLarge();
          }
          requireShallow(text);
        }
        await next();
      });
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const declared = c.req.header("content-length");
    if (declared !== undefined && Number(declared) > maxBytes) tooLarge();
    const text = await readText(incoming, maxBytes);
    if (text === undefined) tooLarge();
    if (declaresJson(c)) requireShallow(text);
    // Hono's `json()`, `text()` and the validators read the body through this cache.
    // (Typed as the values; it holds their promises.)
    (c.req.bodyCache as unknown as { text?: Promise<string> }).text = Promise.resolve(text);
    return next();
  };
}

/**
 * Whether the request says its body is JSON (any media type naming JSON: more than the validators
 * parse, never fewer). Other bodies (CSV, XML) are not looked at.
 */
function declaresJson(c: Context<ApiEnv>): boolean {
  if (c.req.method === "GET" || c.req.method === "HEAD") return false;
  return /json/i.test(c.req.header("content-type") ?? "");
}

/** @throws {ApiError} 400 when the JSON text nests deeper than `MAX_JSON_DEPTH` */
function requireShallow(text: string): void {
  const tooDeep = findTooDeep(text, MAX_JSON_DEPTH);
  if (tooDeep) throw jsonTooDeep(tooDeep.path, MAX_JSON_DEPTH);
}

function incomingOf(c: Context<ApiEnv>): IncomingMessage | undefined {
  // `c.env` is the adapter's `{incoming, outgoing}` under Node's server, and undefined otherwise.
  const env = c.env as { incoming?: unknown } | undefined;
  return env?.incoming instanceof IncomingMessage ? env.incoming : undefined;
}

/** The whole body as text, or undefined as soon as it grows over `maxBytes` (the rest is discarded). */
function readText(incoming: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  if (incoming.readableEnded) return Promise.resolve("");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (): void => {
      incoming.off("data", onData).off("end", onEnd).off("error", onError);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        stop();
        // Keep reading and dropping, so that the 413 answer can still be written on the connection.
        incoming.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      stop();
      resolve(utf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    };
    const onError = (error: Error): void => {
      stop();
      reject(error);
    };
    incoming.on("data", onData).on("end", onEnd).on("error", onError);
  });
}
