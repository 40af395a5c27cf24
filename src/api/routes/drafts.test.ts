/**
 * `GET /v1/drafts` and `GET /v1/drafts/{id}` through `app.request()`: the encoded drafts with their status,
 * outcome and recorded votes, each fact's `verified` flag as the data carries it, and the usual errors.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse as parseYaml } from "yaml";
import { loadCouncilData } from "../../council/index.js";
import { defaultRegimeDir } from "../../config/index.js";
import { runCli } from "../../../test/support/cli.js";
import { testApp, type TestApp } from "../testing.js";

interface Vote {
  date: string;
  verified: boolean;
  tally: { yes: number; no: number; abstain: number; absent: number };
  vetoes: string[];
  votes: Record<string, string>;
  record: string | null;
  sources: string[];
  note?: string;
}

interface Summary {
  id: string;
  title: string;
  symbol: { text: string; verified: boolean } | null;
  sponsors: string[];
  circulated: { date: string; verified: boolean } | null;
  status: string;
  outcome: string;
  at: string;
  vote: Vote | null;
  unconfirmed: string[];
  paragraphs: number;
  operations: number;
  scenarios: number;
}

interface Operation {
  action: string;
  measure?: string;
  commitment?: string;
  cap?: { amount: number; unit: string }[] | null;
  hs?: string[];
  addExceptions?: string[];
  verified: boolean;
  note?: string;
}

interface Detail extends Omit<Summary, "paragraphs" | "scenarios"> {
  paragraphs: { id: string; verified: boolean; operations: Operation[]; unencoded?: string }[];
  scenarios: {
    id: string;
    title: string;
    votes: Record<string, string>;
    positions: Record<string, { yes: number; no: number; abstain: number }>;
  }[];
}

async function json<T>(response: Response, status = 200): Promise<T> {
  assert.equal(response.status, status);
  assert.match(response.headers.get("content-type") ?? "", /application\/json/);
  return (await response.json()) as T;
}

async function list(t: TestApp): Promise<Map<string, Summary>> {
  const body = await json<{ drafts: Summary[] }>(await t.call("GET", "/v1/drafts", { role: "reader" }));
  return new Map(body.drafts.map((draft) => [draft.id, draft]));
}

describe("API: GET /v1/drafts and /v1/drafts/{id}", () => {
  let t: TestApp;
  before(async () => (t = await testApp()));
  after(() => t.cleanup());

  it("lists the encoded drafts in date order, with status, outcome and recorded votes", async () => {
    const body = await json<{ drafts: Summary[] }>(await t.call("GET", "/v1/drafts", { role: "reader" }));
    assert.deepEqual(
      body.drafts.map((draft) => [draft.id, draft.at]),
      [
        ["cn-ru-2019", "2019-12-16"],
        ["cn-ru-2021", "2021-10-29"],
        ["us-2022", "2022-05-26"],
        ["poe-renewal-2024", "2024-03-28"],
      ],
    );
    const drafts = new Map(body.drafts.map((draft) => [draft.id, draft]));

    const us = drafts.get("us-2022");
    assert.ok(us);
    assert.deepEqual(us.symbol, { text: "S/2022/431", verified: true });
    assert.deepEqual(us.sponsors, ["United States"]);
    assert.equal(us.circulated, null, "no circulation date is recorded: none is made up");
    assert.equal(us.status, "voted");
    assert.equal(us.outcome, "vetoed");
    assert.ok(us.vote);
    assert.equal(us.vote.date, "2022-05-26");
    assert.equal(us.vote.verified, true);
    assert.deepEqual(us.vote.tally, { yes: 13, no: 2, abstain: 0, absent: 0 });
    assert.deepEqual(us.vote.vetoes, ["China", "Russian Federation"]);
    assert.equal(Object.keys(us.vote.votes).length, 15);
    assert.equal(us.vote.record, "S/2022/431");
    assert.ok(us.vote.sources.length > 0);

    const poe = drafts.get("poe-renewal-2024");
    assert.ok(poe);
    assert.deepEqual(
      poe.symbol,
      { text: "S/2024/255", verified: true },
      "the symbol its official text gives",
    );
    assert.deepEqual(poe.unconfirmed, []);
    assert.equal(poe.outcome, "vetoed");
    assert.ok(poe.vote);
    assert.deepEqual(poe.vote.tally, { yes: 13, no: 1, abstain: 1, absent: 0 });
    assert.deepEqual(poe.vote.vetoes, ["Russian Federation"]);
    assert.equal(poe.vote.votes["China"], "abstain");
    assert.equal(poe.vote.verified, true);

    const cn2019 = drafts.get("cn-ru-2019");
    assert.ok(cn2019);
    assert.equal(cn2019.status, "circulated");
    assert.equal(cn2019.outcome, "not put to a vote");
    assert.equal(cn2019.vote, null);
    assert.deepEqual(cn2019.circulated, { date: "2019-12-16", verified: true });
    assert.deepEqual(cn2019.sponsors, ["China", "Russian Federation"]);
    assert.equal(cn2019.scenarios, 2);
    assert.ok(cn2019.operations > 0);

    const cn2021 = drafts.get("cn-ru-2021");
    assert.ok(cn2021);
    assert.deepEqual(cn2021.circulated, { date: "2021-10-29", verified: true });
    assert.deepEqual(cn2021.unconfirmed, ["content"]);
    assert.ok(cn2021.operations > 0);
    assert.equal(cn2021.outcome, "not put to a vote");
  });

  it("answers any authenticated role, and no one without a key", async () => {
    for (const role of ["reader", "analyst", "admin"] as const)
      assert.equal((await t.call("GET", "/v1/drafts", { role })).status, 200, role);
    const refused = await json<{ error: { code: string } }>(await t.call("GET", "/v1/drafts"), 401);
    assert.equal(refused.error.code, "unauthorized");
    assert.equal((await t.call("GET", "/v1/drafts/us-2022")).status, 401);
  });

  it("gives the recorded votes the decision POST /v1/council/vote gives", async () => {
    for (const draft of (await list(t)).values()) {
      if (!draft.vote) continue;
      const answer = await json<{ decision: { outcome: string; tally: Vote["tally"]; vetoes: string[] } }>(
        await t.call("POST", "/v1/council/vote", {
          role: "reader",
          body: { date: draft.vote.date, votes: draft.vote.votes },
        }),
      );
      assert.deepEqual(answer.decision.tally, draft.vote.tally, draft.id);
      assert.deepEqual(answer.decision.vetoes, draft.vote.vetoes, draft.id);
    }
  });

  it("GET /v1/drafts/{id}: paragraphs, the operations they encode with their verified flags, scenarios", async () => {
    const us = await json<Detail>(await t.call("GET", "/v1/drafts/us-2022", { role: "reader" }));
    assert.equal(us.outcome, "vetoed");
    assert.equal(us.vote?.tally.yes, 13);
    const refined = us.paragraphs.find((paragraph) => paragraph.id === "x-refined");
    assert.deepEqual(refined?.operations, [
      {
        action: "amend",
        measure: "KP-IMP-REFINED",
        verified: false,
        cap: [
          { amount: 375000, unit: "bbl" },
          { amount: 46875, unit: "t" },
        ],
      },
    ]);
    const fuels = us.paragraphs.find((paragraph) => paragraph.id === "x-fuels-export")?.operations[0];
    assert.ok(fuels);
    assert.equal(fuels.action, "impose");
    assert.deepEqual(fuels.hs, ["27"]);
    assert.match(fuels.note ?? "", /UNCONFIRMED/);
    const designations = us.paragraphs.find((paragraph) => paragraph.id === "x-designations");
    assert.ok(designations?.unencoded);
    assert.deepEqual(designations.operations, []);
    assert.equal(us.operations, 5);
    assert.deepEqual(us.scenarios, []);

    const cn = await json<Detail>(await t.call("GET", "/v1/drafts/cn-ru-2019", { role: "reader" }));
    const coal = cn.paragraphs.find((paragraph) => paragraph.id === "x-coal-iron");
    assert.deepEqual(
      coal?.operations.map((operation) => [operation.action, operation.measure, operation.verified]),
      [
        ["lift", "KP-EXP-COAL", false],
        ["lift", "KP-EXP-IRON", false],
      ],
    );
    assert.ok(
      cn.paragraphs.some((paragraph) =>
        paragraph.operations.some((operation) => operation.commitment === "KP-COMMIT-ADJUST-CN-RU-2019"),
      ),
    );
    assert.deepEqual(
      cn.scenarios.map((scenario) => scenario.id),
      ["cn-ru-2019-us-abstains", "cn-ru-2019-us-no"],
    );
    const abstains = cn.scenarios[0];
    assert.ok(abstains);
    assert.equal(abstains.votes["United States"], "abstain");
    assert.deepEqual(abstains.positions["France"], { yes: 0.2, no: 0.2, abstain: 0.6 });
    assert.deepEqual(abstains.positions["South Africa"], { yes: 0.8, no: 0.2, abstain: 0 });
    assert.equal(Object.keys(cn.scenarios[1]?.votes ?? {}).length, 15);
  });

  it("answers 404 not_found for an unknown draft, and never reads a path", async () => {
    for (const id of ["no-such-draft", "..%2F..%2Fcouncil", "drafts%2Fus-2022", "US-2022"]) {
      const body = await json<{ error: { code: string; message: string; issues?: unknown } }>(
        await t.call("GET", `/v1/drafts/${id}`, { role: "reader" }),
        404,
      );
      assert.equal(body.error.code, "not_found", id);
      assert.match(body.error.message, /no encoded draft/);
      assert.deepEqual(Object.keys(body).sort(), ["error"]);
    }
  });

  it("is described in /openapi.json", async () => {
    const doc = await json<{
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    }>(await t.call("GET", "/openapi.json"));
    assert.ok(doc.paths["/v1/drafts"]?.["get"]);
    assert.ok(doc.paths["/v1/drafts/{id}"]?.["get"]?.responses["404"]);
    for (const name of ["DraftSummary", "DraftVote", "Draft", "DraftOperation"])
      assert.ok(doc.components.schemas[name], name);
  });
});

describe("one catalogue: sanctions draft list and GET /v1/drafts", () => {
  let t: TestApp;
  let scratch: string;
  before(async () => {
    t = await testApp();
    scratch = await mkdtemp(join(tmpdir(), "draft-list-"));
  });
  after(async () => {
    await t.cleanup();
    await rm(scratch, { recursive: true, force: true });
  });

  it("give the same drafts, outcomes and recorded votes (us-2022 vetoed 13-2-0, cn-ru-2019 not put to a vote)", async () => {
    const api = await json<{ drafts: Summary[] }>(await t.call("GET", "/v1/drafts", { role: "reader" }));
    const cli = await runCli(["draft", "list", "--json"], { env: { SANCTIONS_DATA_DIR: scratch } });
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(JSON.parse(cli.stdout), api);
    const byId = new Map(api.drafts.map((draft) => [draft.id, draft]));
    assert.equal(byId.get("us-2022")?.outcome, "vetoed");
    assert.deepEqual(byId.get("us-2022")?.vote?.tally, { yes: 13, no: 2, abstain: 0, absent: 0 });
    assert.equal(byId.get("cn-ru-2019")?.outcome, "not put to a vote");

    const text = await runCli(["draft", "list"], { env: { SANCTIONS_DATA_DIR: scratch } });
    assert.equal(text.code, 0, text.stderr);
    for (const draft of api.drafts) {
      const line = text.stdout.split("\n").find((row) => row.startsWith(`${draft.id} `));
      assert.ok(line?.includes(draft.outcome), `${draft.id}: ${line ?? "missing"}`);
    }
    assert.match(text.stdout, /vote 2022-05-26\*?: 13-2-0, vetoed by /);
  });
});

describe("API: GET /v1/drafts passes unverified facts through", () => {
  let t: TestApp;
  let regimeDir: string;

  before(async () => {
    // A package of three drafts: us-2022 with its symbol and vote date marked unconfirmed, the 2024
    // renewal against a Council record marked unverified, and a copy of it that no record confirms.
    regimeDir = await mkdtemp(join(tmpdir(), "sanctions-drafts-"));
    await mkdir(join(regimeDir, "drafts"));
    const read = async (id: string) =>
      parseYaml(await readFile(join(defaultRegimeDir, "drafts", `${id}.yaml`), "utf8")) as Record<
        string,
        unknown
      >;
    const write = (id: string, draft: Record<string, unknown>) =>
      writeFile(join(regimeDir, "drafts", `${id}.yaml`), JSON.stringify({ ...draft, id }));
    await write("us-2022", { ...(await read("us-2022")), unconfirmed: ["symbol", "date"] });
    const poe = await read("poe-renewal-2024");
    await write("poe-renewal-2024", poe);
    await write("poe-copy", poe);

    const council = loadCouncilData();
    t = await testApp({
      regimeDir,
      council: {
        ...council,
        recordedVotes: council.recordedVotes.map((vote) =>
          vote.id === "poe-renewal-2024" ? { ...vote, verified: false } : vote,
        ),
      },
    });
  });

  after(async () => {
    await t.cleanup();
    await rm(regimeDir, { recursive: true, force: true });
  });

  it("an element the draft file marks unconfirmed is verified: false", async () => {
    const us = (await list(t)).get("us-2022");
    assert.ok(us?.vote);
    assert.deepEqual(us.symbol, { text: "S/2022/431", verified: false });
    assert.equal(us.vote.verified, false);
    assert.equal(us.vote.date, "2022-05-26");
    assert.deepEqual(us.unconfirmed, ["symbol", "date"]);
  });

  it("a vote the Council's record does not confirm is verified: false, and says why", async () => {
    const drafts = await list(t);
    const poe = drafts.get("poe-renewal-2024");
    assert.ok(poe?.vote);
    assert.equal(poe.vote.record, "poe-renewal-2024");
    assert.equal(poe.vote.verified, false);
    const copy = drafts.get("poe-copy");
    assert.ok(copy?.vote);
    assert.equal(copy.vote.record, null);
    assert.equal(copy.vote.verified, false);
    assert.match(copy.vote.note ?? "", /No recorded vote of the Council/);
    // The outcome still follows from the votes as recorded in the file.
    assert.equal(copy.outcome, "vetoed");
    const detail = await json<Detail>(await t.call("GET", "/v1/drafts/poe-copy", { role: "reader" }));
    assert.equal(detail.vote?.verified, false);
  });
});
