/**
 * The texts' version and the API's reloading source: the same files give the same version in any
 * order; the source loads again only when the fingerprint changes, at most every `refreshMs`, and a
 * failed reload keeps the texts loaded before.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NO_OFFICIAL_TEXTS, reloadingTexts, textsVersionOf, type OfficialTexts } from "./source.js";

const a = { symbol: "S/RES/1 (2000)", sha256: "a".repeat(64) };
const b = { symbol: "S/RES/2 (2000)", sha256: "b".repeat(64) };

void describe("official texts source", () => {
  void it("versions a set by its files, in any order", () => {
    assert.equal(textsVersionOf([a, b]), textsVersionOf([b, a]));
    assert.notEqual(textsVersionOf([a, b]), textsVersionOf([a]));
    assert.match(textsVersionOf([]), /^sha256:[0-9a-f]{64}$/);
  });

  void it("reloads when the fingerprint changes, keeps the texts when a reload fails", async () => {
    let clock = 0;
    let print = "one";
    let loads = 0;
    let failing = false;
    const loaded = (n: number): OfficialTexts => ({ ...NO_OFFICIAL_TEXTS, version: `v${n}` });
    const source = reloadingTexts(
      () => (failing ? Promise.reject(new Error("database gone")) : Promise.resolve(print)),
      () => Promise.resolve(loaded(++loads)),
      { refreshMs: 1000, now: () => clock },
    );
    assert.equal((await source.current()).version, "v1");
    print = "two";
    assert.equal((await source.current()).version, "v1", "not asked again within refreshMs");
    clock = 1000;
    assert.equal((await source.current()).version, "v2");
    clock = 2000;
    assert.equal((await source.current()).version, "v2", "same fingerprint: no load");
    assert.equal(loads, 2);
    failing = true;
    clock = 3000;
    assert.equal((await source.current()).version, "v2");
  });

  void it("fails when the first load fails", async () => {
    const source = reloadingTexts(
      () => Promise.reject(new Error("database gone")),
      () => Promise.resolve(NO_OFFICIAL_TEXTS),
    );
    await assert.rejects(source.current(), /database gone/);
  });
});
