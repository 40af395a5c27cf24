/**
 * @module api/auth
 * API keys with roles. A request names its key in `Authorization: Bearer <key>`; the key is hashed
 * (SHA-256) at once and only the hash is looked up, stored or compared, so that keys never sit in
 * memory tables, databases or logs. Roles are ordered: a reader may query everything, an analyst may
 * also apply drafts of its own, an admin may also import lists, write ledgers and manage keys. Keys
 * come from `SANCTIONS_API_KEYS` and from the database, through an injected loader: this module does
 * not know where stored keys live.
 */
import { createHash } from "node:crypto";

/** The roles, from least to most allowed. */
export const ROLES = ["reader", "analyst", "admin"] as const;
export type Role = (typeof ROLES)[number];

const rank: Readonly<Record<Role, number>> = { reader: 0, analyst: 1, admin: 2 };

/** Whether `role` may do what needs `needed`. */
export function allows(role: Role, needed: Role): boolean {
  return rank[role] >= rank[needed];
}

/** Who made a request: a key's public id (never the key) and its role. */
export interface Principal {
  /** A label safe to log and audit, e.g. `key-3f9a1c2e` (a prefix of the key's hash). */
  readonly id: string;
  readonly role: Role;
}

/** The principal id of requests let in without a key on an open server (they act as analysts). */
export const OPEN_PRINCIPAL = "open";

/** A configured key: its hash, never the key itself. */
export interface ApiKeyRecord extends Principal {
  /** SHA-256 of the key, lowercase hex. */
  readonly hash: string;
}

/**
 * Where keys are kept. The in-memory implementation reads `SANCTIONS_API_KEYS`; stored keys come
 * through {@link refreshingKeyStore}, and {@link layeredKeyStore} puts the two together.
 */
export interface ApiKeyStore {
  /** The key whose SHA-256 (hex) is `hash`, if any. */
  findByHash(hash: string): Promise<Principal | undefined>;
  /** Whether any key is configured (a server with none may run open on loopback only). */
  hasKeys(): Promise<boolean>;
  /** Says that this instance changed the stored keys (created or revoked one): the next lookup reloads. */
  invalidate?(): void;
}

/** SHA-256 of a key, lowercase hex: what stores keep and look up. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** Shortest key accepted: shorter ones can be guessed. */
export const MIN_KEY_LENGTH = 16;

/** A key configuration that cannot be used; the message never contains a key. */
export class ApiKeyConfigError extends Error {
  override readonly name = "ApiKeyConfigError";
}

/** Keys held in memory, by hash. */
export class MemoryApiKeyStore implements ApiKeyStore {
  private readonly byHash: ReadonlyMap<string, Principal>;

  constructor(records: readonly ApiKeyRecord[]) {
    this.byHash = new Map(records.map((record) => [record.hash, { id: record.id, role: record.role }]));
  }

  /** A store of the given plain keys (hashed at once), e.g. for tests. */
  static fromKeys(keys: readonly { readonly key: string; readonly role: Role }[]): MemoryApiKeyStore {
    return new MemoryApiKeyStore(keys.map(({ key, role }) => keyRecord(key, role)));
  }

  findByHash(hash: string): Promise<Principal | undefined> {
    return Promise.resolve(this.byHash.get(hash));
  }

  hasKeys(): Promise<boolean> {
    return Promise.resolve(this.byHash.size > 0);
  }
}

/** Options of {@link refreshingKeyStore}. */
export interface RefreshingKeyStoreOptions {
  /** How long loaded keys are used before they are loaded again (ms, default 1000; 0: every lookup). */
  readonly refreshMs?: number;
  /** Milliseconds now (injected for tests). */
  readonly now?: () => number;
}

/**
 * The keys `load` gives (the active stored keys, say), held in memory and loaded again at most every
 * `refreshMs`, so that a request costs no query while a key created or revoked elsewhere (the CLI,
 * another instance) is honoured within that time. A key unknown to the loaded set costs no query
 * either: keys sprayed at the server do not reach the database.
 *
 * A failed load is not hidden behind the keys loaded before it, unlike the evaluation context: a key
 * revoked meanwhile would go on being accepted. The lookup fails (a 500) until the database answers;
 * keys of the environment, looked up first, keep working.
 */
export function refreshingKeyStore(
  load: () => Promise<readonly ApiKeyRecord[]>,
  options: RefreshingKeyStoreOptions = {},
): ApiKeyStore & { invalidate(): void } {
  const refreshMs = options.refreshMs ?? 1000;
  const now = options.now ?? Date.now;
  let loaded: { byHash: ReadonlyMap<string, Principal>; at: number } | undefined;
  // Bumped by invalidate(): a load that started before a write may not have seen it, so it is neither
  // taken as fresh when it lands nor joined by a request that comes after the write.
  let generation = 0;
  let pending: { promise: Promise<ReadonlyMap<string, Principal>>; generation: number } | undefined;

  const current = (): Promise<ReadonlyMap<string, Principal>> => {
    if (loaded && now() - loaded.at < refreshMs) return Promise.resolve(loaded.byHash);
    // One load at a time per generation: concurrent requests share it.
    if (pending?.generation === generation) return pending.promise;
    const started = generation;
    const promise = load().then(
      (records) => {
        const byHash = new Map(records.map((record) => [record.hash, { id: record.id, role: record.role }]));
        if (started === generation) loaded = { byHash, at: now() };
        if (pending?.promise === promise) pending = undefined;
        return byHash;
      },
      (error: unknown) => {
        if (pending?.promise === promise) pending = undefined;
        throw error;
      },
    );
    pending = { promise, generation: started };
    return promise;
  };

  return {
    async findByHash(hash) {
      return (await current()).get(hash);
    },
    async hasKeys() {
      return (await current()).size > 0;
    },
    invalidate() {
      generation++;
      if (loaded) loaded.at = -Infinity;
    },
  };
}

/**
 * Keys of the environment first, then stored keys: an environment key is answered without touching
 * the stored ones, so that an operator's key keeps working while the database does not answer.
 */
export function layeredKeyStore(first: ApiKeyStore, then: ApiKeyStore): ApiKeyStore {
  return {
    async findByHash(hash) {
      return (await first.findByHash(hash)) ?? then.findByHash(hash);
    },
    async hasKeys() {
      return (await first.hasKeys()) || then.hasKeys();
    },
    invalidate() {
      first.invalidate?.();
      then.invalidate?.();
    },
  };
}

function keyRecord(key: string, role: Role): ApiKeyRecord {
  const hash = hashApiKey(key);
  return { hash, id: `key-${hash.slice(0, 8)}`, role };
}

/**
 * Parses `SANCTIONS_API_KEYS`: comma-separated `key:role` pairs, e.g. `k1...:admin,k2...:reader`.
 * An empty or absent value gives no keys.
 *
 * @throws {ApiKeyConfigError} a pair without a known role, a key shorter than {@link MIN_KEY_LENGTH},
 * or the same key twice; the message names the pair's position, never the key.
 */
export function parseApiKeys(text: string | undefined): ApiKeyRecord[] {
  if (text === undefined || text.trim() === "") return [];
  const records: ApiKeyRecord[] = [];
  const seen = new Set<string>();
  text.split(",").forEach((pair, index) => {
    const position = `SANCTIONS_API_KEYS entry ${index + 1}`;
    const trimmed = pair.trim();
    const colon = trimmed.lastIndexOf(":");
    const key = colon < 0 ? trimmed : trimmed.slice(0, colon);
    const role = colon < 0 ? "" : trimmed.slice(colon + 1);
    if (!ROLES.some((known) => known === role))
      throw new ApiKeyConfigError(`${position}: write key:role with a role of ${ROLES.join(", ")}`);
    if (key.length < MIN_KEY_LENGTH)
      throw new ApiKeyConfigError(`${position}: a key needs at least ${MIN_KEY_LENGTH} characters`);
    const record = keyRecord(key, role as Role);
    if (seen.has(record.hash)) throw new ApiKeyConfigError(`${position}: the same key is given twice`);
    seen.add(record.hash);
    records.push(record);
  });
  return records;
}

/** The key in an `Authorization` header, or undefined when the header is not `Bearer <key>`. */
export function bearerKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}
