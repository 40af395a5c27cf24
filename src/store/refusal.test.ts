/**
 * `dataRefusalOf` (`./refusal.ts`): which failures of a statement are the database refusing its data
 * (set aside by the audit journal) and which may pass on a later try (retried).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StoreError } from "./errors.js";
import { dataRefusalOf } from "./refusal.js";

const failure = (code: string | undefined, message = "failed"): Error =>
  Object.assign(new Error(message), code === undefined ? {} : { code });

describe("dataRefusalOf", () => {
  it("names the SQLSTATE and message of a refusal for the statement's data, also when wrapped", () => {
    for (const code of ["54000", "22P05", "22007", "23503", "23502", "XX000"])
      assert.deepEqual(dataRefusalOf(failure(code, `refused ${code}`)), {
        sqlState: code,
        message: `refused ${code}`,
      });
    const wrapped = new StoreError("invalid_record", "cannot record 4 audit batches", {
      cause: failure("54000", "index row size 3016 exceeds btree version 4 maximum 2704"),
    });
    assert.deepEqual(dataRefusalOf(wrapped), {
      sqlState: "54000",
      message: "index row size 3016 exceeds btree version 4 maximum 2704",
    });
  });

  it("says nothing of connection failures, shutdowns, resources, rollbacks, missing tables and errors without a SQLSTATE", () => {
    for (const code of [
      "08006",
      "08001",
      "57P01",
      "57P03",
      "53100",
      "53300",
      "40001",
      "40P01",
      "42P01",
      "57014",
    ])
      assert.equal(dataRefusalOf(failure(code)), undefined, code);
    for (const code of ["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", undefined])
      assert.equal(dataRefusalOf(failure(code)), undefined, String(code));
    assert.equal(dataRefusalOf(new StoreError("database_unavailable", "the thread stopped")), undefined);
    assert.equal(dataRefusalOf("a string"), undefined);
    assert.equal(dataRefusalOf(undefined), undefined);
    // The first SQLSTATE decides: a connection failure wrapping a data error is still a connection's.
    assert.equal(dataRefusalOf(Object.assign(failure("08006"), { cause: failure("54000") })), undefined);
  });
});
