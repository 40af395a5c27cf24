/**
 * The nesting depth of a JSON text, found before parsing (`./depth.ts`): exactly the arrays and
 * objects count, not brackets in strings, and the answer says where the first level too deep opens.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { findTooDeep } from "./depth.js";

const nested = (depth: number): string => `${"[".repeat(depth)}${"]".repeat(depth)}`;

/** The depth of a parsed value, as the scan counts it (a scalar is 0). */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  const children = Array.isArray(value) ? (value as unknown[]) : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

describe("findTooDeep", () => {
  it("takes the limit and refuses one level more, at any depth up to 10,000", () => {
    assert.equal(findTooDeep(nested(32), 32), undefined);
    assert.deepEqual(findTooDeep(nested(33), 32), { path: Array(32).fill("0").join(".") });
    assert.ok(findTooDeep(nested(10_000), 32));
    assert.equal(findTooDeep('{"a":1}', 1), undefined);
    assert.deepEqual(findTooDeep('{"a":{}}', 1), { path: "a" });
    assert.equal(findTooDeep("1", 0), undefined);
    assert.deepEqual(findTooDeep("[]", 0), { path: "" });
  });

  it("names the path by keys and array indexes, as the API's issues write paths", () => {
    const body = JSON.stringify({
      id: "x",
      activities: [{}, { parties: [{ name: "a" }, { role: [[[]]] }] }],
    });
    assert.deepEqual(findTooDeep(body, 6), { path: "activities.1.parties.1.role.0" });
    const keyed = JSON.stringify({ 'a"b': { "c,d": [1, 2, { "[": {} }] } });
    assert.deepEqual(findTooDeep(keyed, 3), { path: 'a"b.c,d.2' });
  });

  it("does not count brackets, braces, commas or escaped quotes inside strings", () => {
    const text = JSON.stringify({ a: "[[[[{{{{", b: ['\\"[[[', "\\\\", "]]]"], c: { "[[": "}" } });
    assert.equal(findTooDeep(text, 2), undefined);
    assert.deepEqual(findTooDeep(`[${text}]`, 2), { path: "0.b" });
  });

  it("cuts long keys in the path", () => {
    const key = "k".repeat(3000);
    const found = findTooDeep(JSON.stringify({ [key]: [[]] }), 2);
    assert.deepEqual(found, { path: `${key}.0`.slice(0, 40) + "….0" });
  });

  it("agrees with the parsed value's depth on any JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 8 }), (value, limit) => {
        const text = JSON.stringify(value);
        assert.equal(findTooDeep(text, limit) !== undefined, depthOf(value) > limit, text);
      }),
      { numRuns: Number(process.env["FUZZ_RUNS"] ?? 1000) },
    );
  });
});
