/**
 * Analysts' decisions in a check: a false positive on the entry as it still is closes the alert (an
 * informational `party_alert_closed` naming the decision, who and when; the verdict is no longer
 * review); a true match confirms the match by that person (a UN 1718 entry is then prohibited under the
 * asset freeze, another list's stays `listed_elsewhere` with no UN citation); a decision the entry's
 * change reopened is no decision, and the reason says the alert reopened. Small list fixtures, the
 * embedded regime.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { defaultRegimeDir } from "../config/index.js";
import {
  entryHash,
  indexDecisions,
  partyKey,
  screenerWithDecisions,
  type Decision,
} from "../decisions/index.js";
import { buildSnapshot } from "../lists/index.js";
import { parseActivity } from "../model/activity.js";
import type { Reason, Verdict } from "../model/contract.js";
import type { Designation, ListSnapshot } from "../model/designation.js";
import type { CompiledRegime } from "../model/regime.js";
import { loadRegime } from "../regime/index.js";
import { createScreener } from "../screening/index.js";
import { createEvaluator } from "./index.js";
import { unitedDevelopmentBank } from "../../test/support/decision-fixtures.js";

const bank = unitedDevelopmentBank;
const ofacBank: Designation = { ...bank, ref: "99001", list: "OFAC-SDN", programmes: ["DPRK3"] };

const party = "Korea Development Bank";

function decision(entry: Designation, fields: Partial<Decision> = {}): Decision {
  return {
    id: "dec-1",
    partyKey: partyKey(party),
    party,
    list: entry.list,
    entry: entry.ref,
    entryHash: entryHash(entry),
    decision: "false_positive",
    note: "KDB is the ROK's state bank in Seoul, not the listed Pyongyang bank",
    decidedBy: "ana",
    decidedAt: "2026-12-01T09:00:00.000Z",
    ...fields,
  };
}

const withCode = <C extends Reason["code"]>(verdict: Verdict, code: C) =>
  verdict.reasons.filter((reason): reason is Extract<Reason, { code: C }> => reason.code === code);

describe("decisions applied in a check", () => {
  let regime: CompiledRegime;
  before(async () => {
    const loaded = await loadRegime(defaultRegimeDir);
    if (!loaded.regime) throw new Error("the embedded regime must load");
    regime = loaded.regime;
  });

  const snapshotsOf = (...entries: Designation[]): ListSnapshot[] =>
    [...new Set(entries.map((entry) => entry.list))].map((list) =>
      buildSnapshot({
        source: `${list}.xml`,
        list,
        designations: entries.filter((entry) => entry.list === list),
      }),
    );

  function check(snapshots: ListSnapshot[], decisions: Decision[]): Verdict {
    const screener = screenerWithDecisions(createScreener(snapshots), indexDecisions(decisions), snapshots);
    const parsed = parseActivity({
      id: "pay-1",
      type: "payment",
      date: "2026-12-02",
      from: "KR",
      to: "JP",
      instrument: "transfer",
      parties: [{ name: party, role: "payee" }],
    });
    if (!parsed.ok) throw new Error(parsed.error.message);
    return createEvaluator(regime, { screener }).evaluate(parsed.activity);
  }

  it("without a decision, the alert is for a person: review", () => {
    const verdict = check(snapshotsOf(bank), []);
    assert.equal(verdict.verdict, "review");
    assert.ok(
      withCode(verdict, "party_potential_match").length + withCode(verdict, "party_near_match").length > 0,
      verdict.reasons.map((reason) => reason.code).join(", "),
    );
  });

  it("a false positive on the unchanged entry closes the alert: permitted, with who, when and the decision", () => {
    const verdict = check(snapshotsOf(bank), [decision(bank)]);
    assert.equal(verdict.verdict, "permitted", verdict.reasons.map((reason) => reason.text).join("\n"));
    const [closed, ...others] = withCode(verdict, "party_alert_closed");
    assert.ok(closed);
    assert.deepEqual(others, []);
    assert.equal(closed.outcome, "permitted");
    assert.equal(closed.citation, null);
    assert.equal(closed.detail.ref, "KPe.901");
    assert.equal(closed.detail.party, party);
    assert.equal(closed.detail.decision.id, "dec-1");
    assert.equal(closed.detail.decision.decidedBy, "ana");
    assert.equal(closed.detail.decision.state, "suppressed");
    assert.match(
      closed.text,
      /^alert closed: Korea Development Bank matches KOREA UNITED DEVELOPMENT BANK \(KPe\.901, UN/,
    );
    assert.match(
      closed.text,
      /ana on 2026-12-01 \(decision dec-1\) decided it a false positive: KDB is the ROK's/,
    );
    // The closed alert stands for no measure: the verdict still says why it is permitted.
    assert.equal(withCode(verdict, "no_target_nexus").length, 1);
  });

  it("a true match on a UN 1718 entry is confirmed by that person: prohibited under the asset freeze", () => {
    const verdict = check(snapshotsOf(bank), [
      decision(bank, { id: "dec-2", decision: "true_match", note: "same SWIFT code" }),
    ]);
    assert.equal(verdict.verdict, "prohibited");
    const [designated] = withCode(verdict, "party_designated");
    assert.ok(designated);
    assert.equal(designated.detail.assetFreeze, true);
    assert.match(designated.citation ?? "", /^S\/RES\/\d+ \(\d{4}\) OP\d+/);
    assert.equal(designated.detail.confirmation?.by, "decision");
    assert.equal(designated.detail.decision?.state, "confirmed");
    assert.match(designated.text, /\(confirmed by ana on 2026-12-01 \(decision dec-2\): same SWIFT code\)/);
    assert.deepEqual(withCode(verdict, "party_potential_match"), []);
  });

  it("a true match on another list's entry stays listed_elsewhere: review, never a UN citation", () => {
    const verdict = check(snapshotsOf(ofacBank), [
      decision(ofacBank, { id: "dec-3", decision: "true_match", note: "same SWIFT code" }),
    ]);
    assert.equal(verdict.verdict, "review");
    const [elsewhere] = withCode(verdict, "listed_elsewhere");
    assert.ok(elsewhere);
    assert.equal(elsewhere.citation, null);
    assert.equal(elsewhere.detail.matchKind, "confirmed");
    assert.match(elsewhere.text, /a confirmed match \(confirmed by ana on 2026-12-01 \(decision dec-3\)/);
    assert.deepEqual(withCode(verdict, "party_designated"), []);
  });

  it("a false positive on another list's entry closes that alert too", () => {
    const verdict = check(snapshotsOf(ofacBank), [decision(ofacBank, { id: "dec-4" })]);
    assert.equal(verdict.verdict, "permitted");
    assert.equal(withCode(verdict, "party_alert_closed")[0]?.detail.authority, "US Treasury OFAC");
  });

  it("when the entry changes (a new alias), the alert reopens: review again, saying so", () => {
    const changed: Designation = {
      ...bank,
      names: [...bank.names, { full: "KOREA UNITED DEV BANK", quality: "good" }],
    };
    const verdict = check(snapshotsOf(changed), [decision(bank)]);
    assert.equal(verdict.verdict, "review");
    assert.deepEqual(withCode(verdict, "party_alert_closed"), []);
    const [open] = [...withCode(verdict, "party_potential_match"), ...withCode(verdict, "party_near_match")];
    assert.ok(open, verdict.reasons.map((reason) => reason.code).join(", "));
    assert.equal(open.detail.decision?.state, "reopened");
    assert.match(
      open.text,
      /; alert reopened: ana on 2026-12-01 \(decision dec-1\) decided it a false positive, but the list entry changed since$/,
    );
  });
});
