/**
 * The body as read from a real socket (`./body.ts`): the same answers as without one. A JSON body is
 * evaluated, a body over the limit is refused with 413 whether its size is declared or only found
 * while reading a chunked upload, a JSON body nested too deep is refused before it is parsed, malformed
 * JSON and a wrong content type are 400 and 415 as before, and the request id and security headers are
 * on every answer.
 */
import assert from "node:assert/strict";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { serve, type ServerType } from "@hono/node-server";
import { testApp, TEST_KEYS, type TestApp } from "./testing.js";

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** Sends `chunks` one write at a time; without `length`, the body goes chunked. */
function send(port: number, chunks: readonly string[], headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/v1/check",
        headers: { authorization: `Bearer ${TEST_KEYS.reader}`, ...headers },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on("error", reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

const fish = JSON.stringify({
  id: "fish-1",
  type: "goods",
  date: "2020-01-15",
  hs: "0303.89",
  from: "KP",
  to: "CN",
  description: "frozen fish",
});

describe("request bodies read from the socket", () => {
  let t: TestApp;
  let server: ServerType;
  let port = 0;

  before(async () => {
    t = await testApp({ limits: { bodyBytes: 4096 } });
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: t.app.fetch, port: 0, hostname: "127.0.0.1" }, () => {
        resolve(started);
      });
    });
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.cleanup();
  });

  it("evaluates a JSON body sent in several pieces, and records it", async () => {
    const before = t.audit.entries.length;
    const answer = await send(port, [fish.slice(0, 20), fish.slice(20)], {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(fish)),
    });
    assert.equal(answer.status, 200, answer.body);
    const verdict = JSON.parse(answer.body) as { id: string; verdict: string };
    assert.equal(verdict.id, "fish-1");
    assert.equal(verdict.verdict, "prohibited");
    assert.equal(t.audit.entries.length, before + 1);
    assert.match(String(answer.headers["x-request-id"]), /^[0-9a-f-]{36}$/);
    assert.equal(answer.headers["x-content-type-options"], "nosniff");
  });

  it("evaluates a chunked body (no declared length)", async () => {
    const answer = await send(port, [fish.slice(0, 10), fish.slice(10)], {
      "content-type": "application/json",
    });
    assert.equal(answer.headers["transfer-encoding"] === undefined, true);
    assert.equal(answer.status, 200, answer.body);
  });

  it("reads UTF-8 split across pieces and drops a byte order mark, as Request.text() does", async () => {
    const body = `\ufeff${JSON.stringify({ ...(JSON.parse(fish) as object), id: "fisk-ø-생선" })}`;
    const bytes = Buffer.from(body, "utf8");
    const cut = bytes.indexOf(Buffer.from("ø")) + 1; // inside the two bytes of ø
    const answer = await new Promise<Answer>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          method: "POST",
          path: "/v1/check",
          headers: { authorization: `Bearer ${TEST_KEYS.reader}`, "content-type": "application/json" },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
          res.on("end", () => {
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
          });
        },
      );
      req.on("error", reject);
      req.write(bytes.subarray(0, cut));
      req.end(bytes.subarray(cut));
    });
    assert.equal(answer.status, 200, answer.body);
    assert.equal((JSON.parse(answer.body) as { id: string }).id, "fisk-ø-생선");
  });

  it("refuses a declared length over the limit with 413", async () => {
    const big = JSON.stringify({ ...(JSON.parse(fish) as object), description: "x".repeat(5000) });
    const answer = await send(port, [big], {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(big)),
    });
    assert.equal(answer.status, 413);
    assert.equal((JSON.parse(answer.body) as { error: { code: string } }).error.code, "payload_too_large");
    assert.match(String(answer.headers["x-request-id"]), /\S/);
  });

  it("refuses a chunked body that grows over the limit with 413, and the server goes on", async () => {
    const pieces = Array.from({ length: 10 }, () => "x".repeat(1000));
    const answer = await send(port, ['{"id":"a","description":"', ...pieces, '"}'], {
      "content-type": "application/json",
    });
    assert.equal(answer.status, 413);
    assert.equal((JSON.parse(answer.body) as { error: { code: string } }).error.code, "payload_too_large");
    const next = await send(port, [fish], { "content-type": "application/json" });
    assert.equal(next.status, 200);
  });

  it("refuses a JSON body nested deeper than the limit with 400 naming where, before parsing it", async () => {
    const deep = `{"id":"d","parties":[{"name":"x","role":${"[".repeat(1_500)}${"]".repeat(1_500)}}]}`;
    const answer = await send(port, [deep.slice(0, 1000), deep.slice(1000)], {
      "content-type": "application/json",
    });
    assert.equal(answer.status, 400, answer.body);
    const error = (
      JSON.parse(answer.body) as { error: { code: string; issues: { path: string; code: string }[] } }
    ).error;
    assert.equal(error.code, "invalid_request");
    assert.equal(error.issues[0]?.code, "too_deep");
    assert.match(error.issues[0].path, /^parties\.0\.role\.0\.0/);
    const next = await send(port, [fish], { "content-type": "application/json" });
    assert.equal(next.status, 200);
  });

  it("answers malformed JSON with 400 and a non-JSON content type with 415 or 400", async () => {
    const malformed = await send(port, ['{"id": '], { "content-type": "application/json" });
    assert.equal(malformed.status, 400);
    assert.match(malformed.body, /"error"/);
    const text = await send(port, [fish], { "content-type": "text/plain" });
    assert.ok(text.status === 415 || text.status === 400, `status ${text.status}`);
    assert.match(text.body, /"error"/);
  });
});
