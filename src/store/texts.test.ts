/**
 * The database's official texts, on PGlite and, when `DATABASE_URL` is set, PostgreSQL: a file is a
 * version keyed by its bytes' hash, imported again it is `unchanged`, a new file of a symbol replaces
 * the active one and the old stays in the history, ready to be activated again; an import is one
 * transaction; texts stored by an older reader are read again from their XML.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, describe, it } from "node:test";
import { sql } from "kysely";
import { readResolutionText } from "../texts/akn.js";
import { isTextError } from "../texts/errors.js";
import { loadOfficialTexts, textsVersionOf } from "../texts/source.js";
import type { TextFile } from "../texts/sources.js";
import { aknText } from "../texts/testing.js";
import type { Store } from "./store.js";
import {
  dropPostgresTemplate,
  pgliteFactory,
  postgresFactory,
  postgresUrl,
  type StoreFactory,
} from "./testing/factories.js";

async function file(source: string, xml: string): Promise<TextFile> {
  const bytes = new TextEncoder().encode(xml);
  return {
    source,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    xml,
    text: await readResolutionText(bytes),
  };
}

const first = aknText({
  number: 9001,
  paragraphs: ['<span class="italic">Decides</span> that States shall act;'],
});
const second = aknText({
  number: 9001,
  paragraphs: ['<span class="italic">Decides</span> that States shall act at once;'],
});
const other = aknText({
  number: 9002,
  paragraphs: ['<span class="italic">Calls upon</span> States to report;'],
  annexes: [{ label: "Annex I", heading: "Luxury goods", lines: ["(a) Yachts."] }],
});

function suite(name: string, factory: StoreFactory): void {
  void describe(`official texts: ${name}`, () => {
    const withStore = async (work: (store: Store) => Promise<void>): Promise<void> => {
      const store = await factory();
      try {
        await work(store);
      } finally {
        await store.close();
      }
    };

    void it("imports versions, finds the same bytes unchanged, replaces and reactivates, keeps the history", async () => {
      await withStore(async (store) => {
        const [a, b, c] = await Promise.all([
          file("a.xml", first),
          file("b.xml", second),
          file("c.xml", other),
        ]);
        const one = await store.texts.importFiles([a, c], "2026-01-01T00:00:00.000Z");
        assert.deepEqual(
          one.map((e) => [e.symbol, e.status]),
          [
            ["S/RES/9001 (2030)", "imported"],
            ["S/RES/9002 (2030)", "imported"],
          ],
        );
        const again = await store.texts.importFiles([a], "2026-01-02T00:00:00.000Z");
        assert.deepEqual(again, [
          { symbol: "S/RES/9001 (2030)", sha256: a.sha256, source: "a.xml", status: "unchanged" },
        ]);
        const print = await store.texts.fingerprint();
        const replaced = await store.texts.importFiles([b], "2026-01-03T00:00:00.000Z");
        assert.deepEqual(replaced, [
          {
            symbol: "S/RES/9001 (2030)",
            sha256: b.sha256,
            source: "b.xml",
            status: "imported",
            previous: a.sha256,
          },
        ]);
        assert.notEqual(await store.texts.fingerprint(), print);
        const active = await store.texts.activeSummaries();
        assert.deepEqual(
          active.map((s) => [s.symbol, s.sha256, s.source, s.paragraphs, s.annexes, s.adopted, s.active]),
          [
            ["S/RES/9001 (2030)", b.sha256, "b.xml", 1, 0, "2030-01-02", true],
            ["S/RES/9002 (2030)", c.sha256, "c.xml", 1, 1, "2030-01-02", true],
          ],
        );
        const history = await store.texts.history("S/RES/9001 (2030)");
        assert.deepEqual(
          history.map((s) => [s.source, s.active, s.importedAt]),
          [
            ["b.xml", true, "2026-01-03T00:00:00.000Z"],
            ["a.xml", false, "2026-01-01T00:00:00.000Z"],
          ],
        );
        const back = await store.texts.activate(a.sha256.slice(0, 8));
        assert.equal(back.sha256, a.sha256);
        assert.equal(back.active, true);
        const reimport = await store.texts.importFiles([b], "2026-01-04T00:00:00.000Z");
        assert.equal(reimport[0]?.status, "activated");
        const loaded = await loadOfficialTexts(store);
        assert.deepEqual(
          loaded.texts.map((t) => t.paragraphs[0]?.text),
          ["Decides that States shall act at once;", "Calls upon States to report;"],
        );
        assert.equal(
          loaded.version,
          textsVersionOf([
            { symbol: "S/RES/9002 (2030)", sha256: c.sha256 },
            { symbol: "S/RES/9001 (2030)", sha256: b.sha256 },
          ]),
        );
        await assert.rejects(store.texts.activate("abcdef0123"), (error: unknown) =>
          isTextError(error, "version_not_found"),
        );
        await assert.rejects(store.texts.activate("x"), (error: unknown) =>
          isTextError(error, "version_not_found"),
        );
      });
    });

    void it("stores nothing of an import that fails part-way: the active texts stay as they were", async () => {
      await withStore(async (store) => {
        const [a, b, c] = await Promise.all([
          file("a.xml", first),
          file("b.xml", second),
          file("c.xml", other),
        ]);
        await store.texts.importFiles([a], "2026-01-01T00:00:00.000Z");
        // The table refuses an id that is not a SHA-256: the second file of the import fails.
        await assert.rejects(
          store.texts.importFiles([b, { ...c, sha256: "not-a-hash" }], "2026-01-02T00:00:00.000Z"),
        );
        assert.deepEqual(
          (await store.texts.history()).map((s) => [s.source, s.active]),
          [["a.xml", true]],
        );
      });
    });

    void it("reads a text stored by an older reader again from its XML (annexes appear)", async () => {
      await withStore(async (store) => {
        const c = await file("c.xml", other);
        await store.texts.importFiles([c], "2026-01-01T00:00:00.000Z");
        const { annexes: _annexes, ...withoutAnnexes } = c.text;
        await sql`update official_texts set reader = 1, parsed = ${JSON.stringify(withoutAnnexes)}`.execute(
          store.database.db,
        );
        const [loaded] = await store.texts.active();
        assert.deepEqual(loaded?.text.annexes, [
          { label: "Annex I", heading: "Luxury goods", text: "(a) Yachts." },
        ]);
      });
    });
  });
}

suite("PGlite", pgliteFactory);
const url = postgresUrl();
if (url !== undefined) {
  after(() => dropPostgresTemplate(url));
  suite("PostgreSQL", postgresFactory(url));
}
