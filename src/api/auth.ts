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

/**
 * The key in an `Authorization` header, or undefined when the header is neither `Bearer <key>` nor
 * `ApiKey <key>` (the scheme yente clients send, so that they need no change to talk to this service).
 */
export function bearerKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:Bearer|ApiKey)[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}

// ---- the open server ---------------------------------------------------------------------------

/**
 * Whether keyless requests may come in, for a server that started with no key at all (`open`), and
 * the notices when that changes. Open only until a key is first seen: from then on every request
 * needs one, also when every key is revoked later (the server then refuses everyone, and says so,
 * rather than opening up again without anyone asking). Only a restart with no key runs open again,
 * with the warning every open start gives.
 */
export interface OpenAccess {
  /** Whether a keyless request is let in now; looks at the keys (cached by the store). */
  admitsKeyless(): Promise<boolean>;
  /** Called before a request is refused for its key: notes when no key is left. Never throws. */
  refused(): Promise<void>;
}

/** What {@link openAccess} tells about. */
export interface OpenAccessNotices {
  /** A server that started open saw its first key: every request needs one from now on. */
  readonly closed: () => void;
  /** Every key is gone (revoked): every request is refused until a key is created. */
  readonly keysGone: () => void;
}

/** The {@link OpenAccess} of a server that started `open` (or not), over its keys. */
export function openAccess(keys: ApiKeyStore, open: boolean, notices: OpenAccessNotices): OpenAccess {
  let closed = !open;
  // Whether keys were there when last looked at; a server that started with keys had some.
  let keyed = !open;
  const look = async (): Promise<void> => {
    const has = await keys.hasKeys();
    if (has && !closed) {
      closed = true;
      notices.closed();
    }
    if (keyed && !has) notices.keysGone();
    keyed = has;
  };
  return {
    async admitsKeyless() {
      if (closed) return false;
      await look();
      return !closed;
    },
    async refused() {
      // The 401 stands whatever this finds; a store that cannot answer is reported by the lookup.
      await look().catch(() => undefined);
    },
  };
}

/** A bad `SANCTIONS_ALLOWED_HOSTS`; the message names the entry. */
export class AllowedHostsConfigError extends Error {
  override readonly name = "AllowedHostsConfigError";
}

/** A host name, and the port when one is given (`localhost:8080`, `[::1]:8080`, `127.0.0.1`). */
interface HostAndPort {
  readonly name: string;
  readonly port: number | undefined;
}

function splitHost(text: string): HostAndPort | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(text.trim());
  const name = match?.[1];
  if (name === undefined) return undefined;
  const port = match?.[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && port > 65535) return undefined;
  return { name: name.toLowerCase(), port };
}

/** Names that reach only this machine: `localhost`, 127.x.x.x and `[::1]` (IP literals cannot be rebound). */
function isLoopbackName(name: string): boolean {
  return name === "localhost" || name === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/**
 * Parses `SANCTIONS_ALLOWED_HOSTS`: comma-separated host names an open server answers to besides the
 * loopback ones, each with an optional port (`sanctions.internal`, `devbox:8080`). Empty or absent:
 * none.
 *
 * @throws {AllowedHostsConfigError} an entry that is not a host name (a wildcard, a URL, a path)
 */
export function parseAllowedHosts(text: string | undefined): string[] {
  if (text === undefined || text.trim() === "") return [];
  return text.split(",").map((entry, index) => {
    const host = splitHost(entry);
    if (host === undefined)
      throw new AllowedHostsConfigError(
        `SANCTIONS_ALLOWED_HOSTS entry ${index + 1} ("${entry.trim()}") is not a host name with an optional :port`,
      );
    return host.port === undefined ? host.name : `${host.name}:${host.port}`;
  });
}

/**
 * Whether the `Host` header of a request to an open server names it: a loopback name, or one of
 * `allowed` (from {@link parseAllowedHosts}), with the port the request came in on (`port`, when the
 * socket tells it; a Host without a port means 80). A page on a name that resolves to 127.0.0.1 (DNS
 * rebinding) sends its own name, and is refused: it cannot read a keyless server's answers.
 */
export function hostAllowed(header: string, allowed: readonly string[], port: number | undefined): boolean {
  const host = splitHost(header);
  if (host === undefined) return false;
  const portMatches = (wanted: number | undefined): boolean =>
    wanted === undefined || (host.port ?? 80) === wanted;
  if (isLoopbackName(host.name)) return portMatches(port);
  return allowed.some((entry) => {
    const allowedHost = splitHost(entry);
    return allowedHost?.name === host.name && portMatches(allowedHost.port ?? port);
  });
}
