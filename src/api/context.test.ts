/**
 * The reloading context (`./context.ts`): who waits for a look at the stored data and who is answered
 * with the context in hand, with a clock and a fingerprint the test controls.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { LoadedContext } from "../service/context.js";
import { reloadingContext } from "./context.js";

/** A stored state the test changes, a look it can hold open, and a clock it moves. */
function harness(refreshMs: number) {
  const state = { version: 1, looks: 0, loads: 0, time: 0, failing: false };
  let release: (() => void) | undefined;
  const held = { on: false };
  const source = reloadingContext(
    async () => {
      state.looks++;
      const seen = state.version;
      if (held.on) await new Promise<void>((resolve) => (release = resolve));
      if (state.failing) throw new Error("the database does not answer");
      return `v${String(seen)}`;
    },
    () => {
      state.loads++;
      // The context names the version it was loaded for (nomenclatures stand in for any content).
      return Promise.resolve({ nomenclatures: {}, version: state.version } as unknown as LoadedContext);
    },
    { refreshMs, now: () => state.time, onReloadError: () => undefined },
  );
  const version = async () => ((await source.current()) as unknown as { version: number }).version;
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return {
    state,
    source,
    version,
    settle,
    hold: () => (held.on = true),
    release: () => {
      held.on = false;
      release?.();
    },
  };
}

describe("the reloading context", () => {
  it("waits for the first load, then answers from memory until refreshMs has passed", async () => {
    const h = harness(1000);
    assert.equal(await h.version(), 1);
    h.state.version = 2;
    h.state.time = 999;
    assert.equal(await h.version(), 1);
    assert.equal(h.state.looks, 1, "no look within refreshMs");
  });

  it("when a look is due, answers with the context in hand and looks in the background", async () => {
    const h = harness(1000);
    await h.version();
    h.state.version = 2;
    h.state.time = 1000;
    h.hold();
    // The look is held open (as behind a long statement): requests are not held with it.
    assert.equal(await h.version(), 1);
    assert.equal(await h.version(), 1);
    assert.equal(h.state.looks, 2, "one look shared by the requests meanwhile");
    h.release();
    await h.settle();
    await h.settle();
    assert.equal(await h.version(), 2, "the background look's reload is used once it lands");
    assert.equal(h.state.loads, 2);
  });

  it("after invalidate(), waits for a look that began after it, not for one already under way", async () => {
    const h = harness(1000);
    await h.version();
    h.state.time = 1000;
    h.hold();
    void h.version(); // a background look begins, before the write
    h.state.version = 2; // the write...
    h.source.invalidate(); // ...through this instance
    h.release();
    assert.equal(await h.version(), 2, "the request after the write sees it");
    h.state.version = 3;
    assert.equal(await h.version(), 2, "then from memory again");
  });

  it("with refreshMs 0, every request waits for a look", async () => {
    const h = harness(0);
    assert.equal(await h.version(), 1);
    h.state.version = 2;
    assert.equal(await h.version(), 2);
    assert.equal(h.state.looks, 2);
  });

  it("keeps the context in hand when a look fails; the first load must succeed", async () => {
    const h = harness(1000);
    await h.version();
    h.state.failing = true;
    h.state.time = 5000;
    h.source.invalidate();
    assert.equal(await h.version(), 1);
    const fresh = harness(1000);
    fresh.state.failing = true;
    await assert.rejects(fresh.source.current(), /does not answer/);
  });
});
