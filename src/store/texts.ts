/**
 * @module store/texts
 * The official texts of the resolutions in the database, versioned and activated as list snapshots
 * are (`./snapshots.ts`): a version is one imported file, keyed by the SHA-256 of its bytes, and
 * `active_texts` points each symbol at one version. An import is one transaction: a file that fails
 * to store, or a process killed half-way, leaves the active set as it was.
 *
 * What is stored: the XML itself, and the `ResolutionText` read from it as JSON. The JSON is what
 * readers get (`loadOfficialTexts` of `src/texts/source.ts`), without reading any XML; the XML is kept
 * because the reader keeps learning (annexes came after paragraphs): a version read by an older reader
 * (`reader` below `TEXT_READER_VERSION`) is read again from its XML when loaded, so that importing the
 * same files again is never needed, and the hash says which bytes a text came from.
 */
import type { Kysely } from "kysely";
import { readResolutionText, TEXT_READER_VERSION } from "../texts/akn.js";
import { TextError } from "../texts/errors.js";
import type { ResolutionText } from "../texts/model.js";
import type { TextImportEntry } from "../texts/import.js";
import type { TextFile } from "../texts/sources.js";
import type { TextSummary } from "../texts/view-schemas.js";
import type { Database } from "./schema.js";

const ID = /^[0-9a-f]{64}$/;

/** An active text, with what its version is. */
export interface StoredText {
  readonly summary: TextSummary;
  readonly text: ResolutionText;
}

/** The database's official texts. */
export class OfficialTextRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /**
   * Stores the files and makes each the active version of its symbol, in one transaction.
   * `importedAt` is written on the versions stored by this import.
   */
  async importFiles(files: readonly TextFile[], importedAt: string): Promise<TextImportEntry[]> {
    return this.#db.transaction().execute(async (trx) => {
      const entries: TextImportEntry[] = [];
      for (const file of files) {
        const { symbol } = file.text;
        const current = await trx
          .selectFrom("active_texts")
          .select("text_id")
          .where("symbol", "=", symbol)
          .executeTakeFirst();
        const previous = current?.text_id;
        if (previous === file.sha256) {
          entries.push({ symbol, sha256: file.sha256, source: file.source, status: "unchanged" });
          continue;
        }
        const inserted = await trx
          .insertInto("official_texts")
          .values({
            id: file.sha256,
            symbol,
            adopted: file.text.adopted ?? null,
            title: file.text.title ?? null,
            source: file.source,
            imported_at: importedAt,
            paragraphs: file.text.paragraphs.length,
            annexes: file.text.annexes?.length ?? 0,
            reader: TEXT_READER_VERSION,
            xml: file.xml,
            parsed: JSON.stringify(file.text),
          })
          .onConflict((oc) => oc.column("id").doNothing())
          .returning("id")
          .execute();
        await pointAt(trx, symbol, file.sha256);
        entries.push({
          symbol,
          sha256: file.sha256,
          source: file.source,
          status: inserted.length > 0 ? "imported" : "activated",
          ...(previous === undefined ? {} : { previous }),
        });
      }
      return entries;
    });
  }

  /**
   * Makes a stored version (id or unambiguous prefix of at least 6 hex digits) the active one of its
   * symbol.
   * @throws {TextError} `version_not_found`
   */
  async activate(version: string): Promise<TextSummary> {
    const id = await this.#resolve(version);
    const row =
      id === undefined
        ? undefined
        : await this.#summaryRows().where("official_texts.id", "=", id).executeTakeFirst();
    if (!row)
      throw new TextError(
        "version_not_found",
        `no stored text version ${version}; see \`sanctions texts history\``,
      );
    await pointAt(this.#db, row.symbol, row.id);
    return { ...toSummary(row), active: true };
  }

  /** The active version of every symbol, read (again, when stored by an older reader), by symbol. */
  async active(): Promise<StoredText[]> {
    const rows = await this.#summaryRows()
      .select(["official_texts.reader", "official_texts.parsed"])
      .where("active_texts.symbol", "is not", null)
      .orderBy("official_texts.symbol")
      .execute();
    const texts: StoredText[] = [];
    for (const row of rows) {
      let text = row.parsed as ResolutionText;
      if (row.reader < TEXT_READER_VERSION) {
        // The XML only of a text read by an older reader: it is most of a row's size.
        const { xml } = await this.#db
          .selectFrom("official_texts")
          .select("xml")
          .where("id", "=", row.id)
          .executeTakeFirstOrThrow();
        text = await readResolutionText(new TextEncoder().encode(xml));
      }
      texts.push({ summary: toSummary(row), text });
    }
    return texts;
  }

  /** Summaries of the active versions, by symbol. */
  async activeSummaries(): Promise<TextSummary[]> {
    const rows = await this.#summaryRows()
      .where("active_texts.symbol", "is not", null)
      .orderBy("official_texts.symbol")
      .execute();
    return rows.map(toSummary);
  }

  /** Summaries of every stored version (of one symbol, when given), newest import first. */
  async history(symbol?: string): Promise<TextSummary[]> {
    let query = this.#summaryRows();
    if (symbol !== undefined) query = query.where("official_texts.symbol", "=", symbol);
    const rows = await query
      .orderBy("official_texts.imported_at", "desc")
      .orderBy("official_texts.symbol")
      .execute();
    return rows.map(toSummary);
  }

  /** A short string that changes whenever the active set does (one small query). */
  async fingerprint(): Promise<string> {
    const rows = await this.#db
      .selectFrom("active_texts")
      .select(["symbol", "text_id"])
      .orderBy("symbol")
      .execute();
    return rows.map((row) => `${row.symbol}=${row.text_id}`).join(",");
  }

  #summaryRows() {
    return this.#db
      .selectFrom("official_texts")
      .leftJoin("active_texts", "active_texts.text_id", "official_texts.id")
      .select([
        "official_texts.id",
        "official_texts.symbol",
        "official_texts.adopted",
        "official_texts.title",
        "official_texts.source",
        "official_texts.imported_at",
        "official_texts.paragraphs",
        "official_texts.annexes",
        "active_texts.symbol as active_symbol",
      ]);
  }

  async #resolve(version: string): Promise<string | undefined> {
    const wanted = version
      .trim()
      .toLowerCase()
      .replace(/^sha256:/, "");
    if (ID.test(wanted)) return wanted;
    if (!/^[0-9a-f]{6,63}$/.test(wanted)) return undefined;
    const rows = await this.#db
      .selectFrom("official_texts")
      .select("id")
      .where("id", "like", `${wanted}%`)
      .limit(2)
      .execute();
    if (rows.length > 1)
      throw new TextError("version_not_found", `text version ${version} is ambiguous: give more digits`);
    return rows[0]?.id;
  }
}

async function pointAt(db: Kysely<Database>, symbol: string, id: string): Promise<void> {
  await db
    .insertInto("active_texts")
    .values({ symbol, text_id: id })
    .onConflict((oc) => oc.column("symbol").doUpdateSet({ text_id: id }))
    .execute();
}

interface SummaryRow {
  id: string;
  symbol: string;
  adopted: string | null;
  title: string | null;
  source: string;
  imported_at: string;
  paragraphs: number;
  annexes: number;
  active_symbol: string | null;
}

function toSummary(row: SummaryRow): TextSummary {
  return {
    symbol: row.symbol,
    adopted: row.adopted,
    title: row.title,
    paragraphs: row.paragraphs,
    annexes: row.annexes,
    source: row.source,
    sha256: row.id,
    importedAt: row.imported_at,
    active: row.active_symbol !== null,
  };
}
