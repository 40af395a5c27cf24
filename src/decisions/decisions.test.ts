/**
 * Decisions on screening alerts: what the latest decision does to an alert (suppressed while the
 * entry is unchanged, reopened when the list changes it, confirmed for a true match), stored in the
 * database (embedded PGlite) and recorded through the API with the key that sent it.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fixedContext } from "../api/context.js";
import { testApp, type TestApp } from "../api/testing.js";
import { buildSnapshot } from "../lists/index.js";
import type { Designation } from "../model/designation.js";
import { createScreener } from "../screening/index.js";
import { decisionStoreOf, type Store } from "../store/index.js";
import { pgliteFactory } from "../store/testing/factories.js";
import {
  applyDecision,
  DecisionError,
  decisionOf,
  isSuppressed,
  screenerWithDecisions,
  decisionText,
  entryHash,
  indexDecisions,
  partyKey,
  recordDecision,
  type Decision,
} from "./index.js";
import { unitedDevelopmentBank } from "../../test/support/decision-fixtures.js";

const bank = unitedDevelopmentBank;

const decision = (fields: Partial<Decision> = {}): Decision => ({
  id: "dec-1",
  partyKey: partyKey("Korea Development Bank"),
  party: "Korea Development Bank",
  list: "UN",
  entry: "KPe.901",
  entryHash: entryHash(bank),
  decision: "false_positive",
  note: "KDB is a South Korean state bank (Seoul), not the listed Pyongyang bank",
  decidedBy: "ana",
  decidedAt: "2026-12-01T09:00:00.000Z",
  ...fields,
});

describe("decisions: what the latest one does to an alert", () => {
  it("suppresses a false positive while the entry is unchanged, for the same party however it is written", () => {
    const index = indexDecisions([decision()]);
    for (const written of ["Korea Development Bank", "KOREA DEVELOPMENT BANK", " korea  development-bank "]) {
      assert.equal(applyDecision(index, written, bank)?.state, "suppressed", written);
    }
    assert.equal(applyDecision(index, "Korea Exchange Bank", bank), undefined);
    assert.equal(applyDecision(index, "Korea Development Bank", { ...bank, ref: "KPe.902" }), undefined);
  });

  it("reopens the alert when the list entry changes (a new alias), and says so", () => {
    const changed: Designation = {
      ...bank,
      names: [...bank.names, { full: "KOREA DEVELOPMENT BANK", quality: "good" }],
    };
    const applied = applyDecision(indexDecisions([decision()]), "Korea Development Bank", changed);
    assert.ok(applied);
    assert.equal(applied.state, "reopened");
    assert.match(decisionText(applied), /reopened: the list entry changed since/);
  });

  it("lets the latest decision on a party and entry win, and confirms a true match", () => {
    const index = indexDecisions([
      decision({
        id: "dec-2",
        decision: "true_match",
        decidedAt: "2026-12-02T09:00:00.000Z",
        note: "same SWIFT",
      }),
      decision(),
    ]);
    const applied = applyDecision(index, "Korea Development Bank", bank);
    assert.equal(applied?.id, "dec-2");
    assert.equal(applied.state, "confirmed");
    assert.equal(index.size, 1);
  });
});

describe("decisions in later screenings", () => {
  // A common name: the party screened is a trader in Busan, not the listed official.
  const official: Designation = {
    ref: "KPi.901",
    list: "UN",
    kind: "person",
    programmes: ["DPRK"],
    names: [{ full: "KIM CHOL NAM", quality: "primary" }],
    birthDates: [],
    nationalities: ["KP"],
    identifiers: [],
  };
  const dismissed = indexDecisions([
    decision({
      partyKey: partyKey("Kim Chol Nam"),
      party: "Kim Chol Nam",
      entry: "KPi.901",
      entryHash: entryHash(official),
    }),
  ]);

  it("suppresses tomorrow an alert dismissed today, and reopens it when a new list version changes the entry", () => {
    const today = [buildSnapshot({ source: "un-1.xml", list: "UN", designations: [official] })];
    const before = createScreener(today).screen({ name: "Kim Chol Nam" });
    assert.ok(
      before.some((match) => match.ref === "KPi.901"),
      "the name alone raises the alert",
    );
    assert.equal(
      before.some((match) => isSuppressed(match)),
      false,
    );

    const tomorrow = screenerWithDecisions(createScreener(today), dismissed, today);
    const match = tomorrow.screen({ name: "KIM CHOL-NAM" }).find((m) => m.ref === "KPi.901");
    assert.ok(match);
    assert.equal(isSuppressed(match), true);
    assert.equal(decisionOf(match)?.decidedBy, "ana");
    // Another party of a similar name is not covered by the decision.
    const other = tomorrow.screen({ name: "Kim Chol Nam Jr" }).find((m) => m.ref === "KPi.901");
    assert.equal(other === undefined || !isSuppressed(other), true);

    const changed: Designation = { ...official, birthDates: [{ kind: "year", year: 1961 }] };
    const nextVersion = [buildSnapshot({ source: "un-2.xml", list: "UN", designations: [changed] })];
    const reopened = screenerWithDecisions(createScreener(nextVersion), dismissed, nextVersion)
      .screen({ name: "Kim Chol Nam" })
      .find((m) => m.ref === "KPi.901");
    assert.ok(reopened);
    assert.equal(isSuppressed(reopened), false);
    assert.equal(decisionOf(reopened)?.state, "reopened");
  });
});

describe("decisions stored in the database", () => {
  let store: Store;
  before(async () => {
    store = await pgliteFactory();
    await store.snapshots.saveActive(
      buildSnapshot({ source: "fixture.xml", list: "UN", designations: [bank] }),
    );
  });
  after(() => store.close());

  it("records a decision with the entry's hash as it is now, and lists it by party", async () => {
    const recorded = await recordDecision(
      decisionStoreOf(store),
      {
        party: "Korea Development Bank",
        list: "UN",
        entry: "KPe.901",
        decision: "false_positive",
        note: "not it",
      },
      "ana",
    );
    assert.equal(recorded.entryHash, entryHash(bank));
    const listed = await store.decisions.list({ party: "KOREA DEVELOPMENT BANK" });
    assert.deepEqual(
      listed.map((d) => [d.id, d.decidedBy, d.decision]),
      [[recorded.id, "ana", "false_positive"]],
    );
    assert.deepEqual(await store.decisions.list({ party: "someone else" }), []);
  });

  it("refuses a decision on an entry the active list does not have, naming the entry", async () => {
    await assert.rejects(
      recordDecision(
        decisionStoreOf(store),
        { party: "X", list: "UN", entry: "KPe.999", decision: "true_match", note: "n" },
        "ana",
      ),
      (error: unknown) => error instanceof DecisionError && /KPe\.999/.test(error.message),
    );
  });
});

describe("decisions through the API", () => {
  let store: Store;
  let t: TestApp;
  before(async () => {
    store = await pgliteFactory();
    const snapshots = [buildSnapshot({ source: "fixture.xml", list: "UN", designations: [bank] })];
    t = await testApp({
      context: fixedContext({ screener: createScreener(snapshots), snapshots }),
      records: { deliveries: store.deliveries, exemptions: store.exemptions, decisions: store.decisions },
    });
  });
  after(async () => {
    await t.cleanup();
    await store.close();
  });

  const body = {
    party: "Korea Development Bank",
    list: "UN",
    entry: "KPe.901",
    decision: "false_positive",
    note: "state bank of the ROK",
  };

  it("records a decision with the analyst key as the decider, and lists it", async () => {
    const response = await t.call("POST", "/v1/decisions", { role: "analyst", body });
    assert.equal(response.status, 200);
    const stored = (await response.json()) as Decision;
    assert.match(stored.decidedBy, /^key-/);
    assert.equal(stored.entryHash, entryHash(bank));
    const listed = (await (
      await t.call("GET", "/v1/decisions?party=korea%20development%20bank", { role: "reader" })
    ).json()) as {
      decisions: Decision[];
    };
    assert.deepEqual(
      listed.decisions.map((d) => d.id),
      [stored.id],
    );
  });

  it("refuses readers, unknown entries, and over-limit or missing fields, naming the field", async () => {
    assert.equal((await t.call("POST", "/v1/decisions", { role: "reader", body })).status, 403);
    const unknown = await t.call("POST", "/v1/decisions", {
      role: "analyst",
      body: { ...body, entry: "KPe.999" },
    });
    assert.equal(unknown.status, 404);
    assert.match(JSON.stringify(await unknown.json()), /"path":"entry"/);
    const long = await t.call("POST", "/v1/decisions", {
      role: "analyst",
      body: { ...body, note: "n".repeat(5000) },
    });
    assert.equal(long.status, 400);
    assert.match(JSON.stringify(await long.json()), /note/);
    const kind = await t.call("POST", "/v1/decisions", {
      role: "analyst",
      body: { ...body, decision: "maybe" },
    });
    assert.equal(kind.status, 400);
    assert.match(JSON.stringify(await kind.json()), /decision/);
  });
});
