/**
 * @module store/keys
 * API keys kept in the database, beside those of `SANCTIONS_API_KEYS`. A key is a random secret
 * shown once, when it is created; the database keeps only its SHA-256, so that neither the table, a
 * dump nor a backup can be used to call the API. A revoked key keeps its row (with `revoked_at`), so
 * that audit records naming its id can still be traced to a role and a label.
 * Revoking the last active key, or the last active admin key, is refused unless forced (see
 * `./key-revocation.ts`).
 */
import { createHash, randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { StoreError } from "./errors.js";
import {
  KEY_ROLES,
  KeyRevocationRefused,
  revocationRisk,
  type KeyRevocationRisk,
  type KeyRole,
} from "./key-revocation.js";
import type { Database } from "./schema.js";

/** The roles a stored key may have, from least to most allowed (the API's roles). */
export { KEY_ROLES, type KeyRole };

/** Longest label accepted: it is a note for operators, not a document. */
export const MAX_KEY_LABEL = 200;

/** A stored key as it can be shown: never its secret, nor its hash. */
export interface StoredApiKey {
  /** `key-` and the first 8 hex digits of the secret's SHA-256, as the API logs and audits keys. */
  readonly id: string;
  readonly role: KeyRole;
  readonly label: string | null;
  /** ISO instant. */
  readonly createdAt: string;
  /** ISO instant, or null while the key is active. */
  readonly revokedAt: string | null;
}

/** A key just revoked; `forced` is the risk that `force` overrode, if any. */
export interface RevokedApiKey extends StoredApiKey {
  readonly forced?: KeyRevocationRisk;
}

/** A key just created: the only time its secret is known outside the client. */
export interface CreatedApiKey extends StoredApiKey {
  readonly secret: string;
}

/** An active key as the API's key cache holds it: the hash to look a request's key up by. */
export interface ActiveApiKey {
  readonly id: string;
  readonly role: KeyRole;
  /** SHA-256 of the secret, lowercase hex. */
  readonly hash: string;
}

/** SHA-256 of a secret, lowercase hex: the same digest the API computes for a request's key. */
function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** The public id of a key: the same one the API derives for keys of `SANCTIONS_API_KEYS`. */
function publicId(hash: string): string {
  return `key-${hash.slice(0, 8)}`;
}

// The id is 32 bits of the hash: two keys may share one (about one chance in 2^32 per pair). A new
// secret is drawn then, rather than a longer id that would name env keys and stored keys differently.
const CREATE_ATTEMPTS = 5;

type Row = Pick<Database["api_keys"], "id" | "role" | "label"> & {
  created_at: string;
  revoked_at: string | null;
};

function view(row: Row): StoredApiKey {
  return {
    id: row.id,
    role: row.role,
    label: row.label,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

/** API keys in the database. */
export class ApiKeyRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /**
   * Creates a key with a random secret (24 bytes, 48 hex digits) and returns it with the secret: the
   * only time the secret is returned, since only its hash is stored.
   * @throws {StoreError} `invalid_record` for an unknown role, or a label that is empty, longer than
   * {@link MAX_KEY_LABEL} or holds a NUL character
   */
  async create(role: KeyRole, label: string): Promise<CreatedApiKey> {
    if (!KEY_ROLES.includes(role))
      throw new StoreError("invalid_record", `role: one of ${KEY_ROLES.join(", ")}`);
    const text = label.trim();
    if (text === "" || text.length > MAX_KEY_LABEL || text.includes("\u0000"))
      throw new StoreError(
        "invalid_record",
        `label: 1 to ${MAX_KEY_LABEL} characters, without a NUL character`,
      );
    for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
      const secret = randomBytes(24).toString("hex");
      const hash = hashSecret(secret);
      const row = await this.#db
        .insertInto("api_keys")
        .values({ id: publicId(hash), hash, role, label: text })
        .onConflict((conflict) => conflict.doNothing())
        .returning(["id", "role", "label", "created_at", "revoked_at"])
        .executeTakeFirst();
      if (row) return { ...view(row), secret };
    }
    throw new StoreError("conflict", "no free key id was found; try again");
  }

  /** Every key, active and revoked, oldest first: ids, roles, labels and dates only. */
  async list(): Promise<StoredApiKey[]> {
    const rows = await this.#db
      .selectFrom("api_keys")
      .select(["id", "role", "label", "created_at", "revoked_at"])
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    return rows.map(view);
  }

  /**
   * Revokes a key: from then on it is refused. Revoking a revoked key changes nothing (its first
   * revocation time is kept). The last active key, or the last active admin key, is revoked only
   * with `force` (see {@link revocationRisk}); the check and the revocation are one transaction, with
   * the active keys locked, so that two revocations at once cannot each leave the other's key last.
   * @throws {StoreError} `not_found` when no stored key has this id
   * @throws {KeyRevocationRefused} the revocation would leave no key, or no admin key, and `force` is not set
   */
  async revoke(id: string, options: { readonly force?: boolean } = {}): Promise<RevokedApiKey> {
    const wanted = id.trim();
    // No stored id holds a NUL character, and PostgreSQL would refuse to compare one.
    if (wanted.includes("\u0000")) throw new StoreError("not_found", `no stored API key ${wanted}`);
    return this.#db.transaction().execute(async (trx) => {
      const active = await trx
        .selectFrom("api_keys")
        .select(["id", "role"])
        .where("revoked_at", "is", null)
        .forUpdate()
        .execute();
      const risk = revocationRisk(active, wanted);
      if (risk !== undefined && options.force !== true) throw new KeyRevocationRefused(risk);
      const row = await trx
        .updateTable("api_keys")
        .set({ revoked_at: sql<string>`coalesce(revoked_at, now())` })
        .where("id", "=", wanted)
        .returning(["id", "role", "label", "created_at", "revoked_at"])
        .executeTakeFirst();
      if (!row) throw new StoreError("not_found", `no stored API key ${wanted}`);
      return risk === undefined ? view(row) : { ...view(row), forced: risk };
    });
  }

  /** The active key whose secret this is, if any: its id and role. */
  async find(secret: string): Promise<{ id: string; role: KeyRole } | undefined> {
    return this.#db
      .selectFrom("api_keys")
      .select(["id", "role"])
      .where("hash", "=", hashSecret(secret))
      .where("revoked_at", "is", null)
      .executeTakeFirst();
  }

  /** Every active key with its hash: what the API caches to look requests' keys up without a query each. */
  async active(): Promise<ActiveApiKey[]> {
    return this.#db
      .selectFrom("api_keys")
      .select(["id", "role", "hash"])
      .where("revoked_at", "is", null)
      .orderBy("id")
      .execute();
  }
}
