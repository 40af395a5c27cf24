/**
 * `POST /v1/lists/import` refusing what would change the active list wrongly: an upload with a
 * nameless record (400 `invalid_list`, each record an issue), a list far smaller than the active one
 * (409 `list_shrunk` unless `force=true`), and reading an upload that starts with a UTF-8 byte-order
 * mark. The active snapshot stays whenever the upload is refused.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testApp, type TestApp } from "../testing.js";

const unXml = (names: readonly string[]): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z"><INDIVIDUALS>` +
  names
    .map(
      (name, i) =>
        `\n<INDIVIDUAL><FIRST_NAME>${name}</FIRST_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE>` +
        `<REFERENCE_NUMBER>KPi.${String(i + 1).padStart(3, "0")}</REFERENCE_NUMBER></INDIVIDUAL>`,
    )
    .join("") +
  `</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>\n`;

interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; code: string; message: string }[] };
}

describe("POST /v1/lists/import", () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t.cleanup());

  const upload = (body: string | Uint8Array, query = "") =>
    t.app.request(`/v1/lists/import${query}`, {
      method: "POST",
      headers: { authorization: "Bearer admin-key-00000000000000003", "content-type": "application/xml" },
      body,
    });
  const active = async (): Promise<string[]> => {
    const health = (await (await t.call("GET", "/healthz")).json()) as { listSnapshot: string[] };
    return health.listSnapshot;
  };

  const ten = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"];
  let first = "";

  it("reads an upload that starts with a UTF-8 byte-order mark", async () => {
    const response = await upload(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(unXml(ten))]));
    assert.equal(response.status, 200, await response.clone().text());
    const result = (await response.json()) as { format: string; snapshot: { id: string; counts: unknown } };
    assert.equal(result.format, "un");
    assert.deepEqual(result.snapshot.counts, { persons: 10, entities: 0, vessels: 0, names: 10 });
    first = result.snapshot.id;
    assert.deepEqual(await active(), [first]);
  });

  it("refuses an upload with nameless records: 400 invalid_list naming each, the list unchanged", async () => {
    const names = [...ten];
    names[3] = "";
    names[7] = " ";
    const response = await upload(unXml(names), "?force=true");
    assert.equal(response.status, 400);
    const { error } = (await response.json()) as ErrorBody;
    assert.equal(error.code, "invalid_list");
    assert.match(
      error.message,
      /^record_invalid: 2 records cannot be used: .*; the active list is unchanged$/,
    );
    assert.deepEqual(error.issues, [
      { path: "record.4", code: "no_name", message: "record 4 (INDIVIDUAL KPi.004, line 6) has no name" },
      { path: "record.8", code: "no_name", message: "record 8 (INDIVIDUAL KPi.008, line 10) has no name" },
    ]);
    assert.deepEqual(await active(), [first]);
  });

  it("refuses a list far smaller than the active one with 409 list_shrunk, unless force=true", async () => {
    const response = await upload(unXml(["A"]));
    assert.equal(response.status, 409);
    const { error } = (await response.json()) as ErrorBody;
    assert.equal(error.code, "list_shrunk");
    assert.match(
      error.message,
      /holds 1 designations, the active UN snapshot \w{12} holds 10: more than 10% fewer/,
    );
    assert.match(error.message, /send it with \?force=true if the drop is real$/);
    assert.deepEqual(await active(), [first]);

    const forced = await upload(unXml(["A"]), "?force=true&source=one");
    assert.equal(forced.status, 200);
    const result = (await forced.json()) as {
      snapshot: { id: string };
      previous: string;
      previousDesignations: number;
      forced: boolean;
    };
    assert.equal(result.previous, first);
    assert.equal(result.previousDesignations, 10);
    assert.equal(result.forced, true);
    assert.deepEqual(await active(), [result.snapshot.id]);
  });

  it("refuses force values other than true and false", async () => {
    const response = await upload(unXml(ten), "?force=yes");
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as ErrorBody).error.code, "invalid_request");
  });
});
