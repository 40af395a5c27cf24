import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Designation } from "../model/designation.js";
import { diffSnapshots } from "./diff.js";
import { buildSnapshot } from "./snapshot.js";

const person = (ref: string, name: string, extra: Partial<Designation> = {}): Designation => ({
  ref,
  list: "UN",
  programmes: ["DPRK"],
  kind: "person",
  names: [{ full: name, quality: "primary" }],
  birthDates: [],
  nationalities: [],
  identifiers: [],
  ...extra,
});

describe("diffSnapshots", () => {
  it("finds added, removed and changed designations and names the changed fields", () => {
    const before = buildSnapshot({
      source: "a",
      list: "UN",
      designations: [person("KPi.001", "RI WON HO"), person("KPi.002", "KIM"), person("KPi.003", "PAK")],
    });
    const after = buildSnapshot({
      source: "b",
      list: "UN",
      designations: [
        person("KPi.001", "RI WON HO"),
        person("KPi.002", "KIM CHOL", { remarks: "new remark" }),
        person("KPi.004", "CHOE"),
      ],
    });
    const diff = diffSnapshots(before, after);
    assert.equal(diff.from, before.id);
    assert.equal(diff.to, after.id);
    assert.deepEqual(
      diff.added.map((d) => d.ref),
      ["KPi.004"],
    );
    assert.deepEqual(
      diff.removed.map((d) => d.ref),
      ["KPi.003"],
    );
    assert.deepEqual(
      diff.changed.map((c) => [c.ref, c.fields]),
      [["KPi.002", ["names", "remarks"]]],
    );
    assert.equal(diff.unchanged, 1);
    assert.deepEqual(diffSnapshots(after, after).changed, []);
  });
});
