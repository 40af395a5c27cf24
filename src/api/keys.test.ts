/**
 * API keys kept in the database, through `app.request()` over an embedded PGlite store (from the
 * migrated template): an admin creates, lists and revokes keys; a new reader key can check but not
 * import, write or manage keys; a revoked key gets 401; secrets never appear in lists or logs; keys
 * created or revoked elsewhere are honoured within the refresh, without a query per request; an
 * environment key is looked up first. And `startServer`: a stored key turns authentication on.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import pino from "pino";
import { defaultRegimeDir } from "../config/index.js";
import { KeyRevocationRefused, openStore, type Store } from "../store/index.js";
import {
  dropPostgresTemplate,
  pgliteFactory,
  postgresFactory,
  postgresUrl,
  withDatabase,
} from "../store/testing/factories.js";
import {
  AllowedHostsConfigError,
  hashApiKey,
  layeredKeyStore,
  MemoryApiKeyStore,
  parseAllowedHosts,
  refreshingKeyStore,
  type ApiKeyRecord,
  type ApiKeyStore,
  type Role,
} from "./auth.js";
import { startServer } from "./server.js";
import { TEST_KEYS, testApp, testRegime, type TestApp } from "./testing.js";

const envKeys = () =>
  MemoryApiKeyStore.fromKeys(
    (Object.keys(TEST_KEYS) as Role[]).map((role) => ({ key: TEST_KEYS[role], role })),
  );

const seafood = { id: "s1", type: "goods", date: "2019-12-17", hs: "030211", from: "KP", to: "CN" };

interface Created {
  id: string;
  role: Role;
  label: string;
  createdAt: string;
  revokedAt: null;
  secret: string;
}

describe("API keys in the database", () => {
  let store: Store;
  let t: TestApp;
  let time = 0;
  let loads = 0;
  /** Every secret made in these tests: none may reach the log. */
  const secrets: string[] = [];

  /** A request with a given secret (not one of the test roles). */
  const withSecret = (secret: string, method: string, path: string, body?: unknown) =>
    t.call(method, path, {
      headers: { authorization: `Bearer ${secret}` },
      ...(body === undefined ? {} : { body }),
    });

  const create = async (role: Role, label: string): Promise<Created> => {
    const response = await t.call("POST", "/v1/keys", { role: "admin", body: { role, label } });
    assert.equal(response.status, 201);
    const created = (await response.json()) as Created;
    secrets.push(created.secret);
    return created;
  };

  before(async () => {
    store = await pgliteFactory();
    t = await testApp({
      keys: layeredKeyStore(
        envKeys(),
        refreshingKeyStore(
          () => {
            loads++;
            return store.keys.active();
          },
          { refreshMs: 1000, now: () => time },
        ),
      ),
      storedKeys: store.keys,
    });
  });

  after(async () => {
    await t.cleanup();
    await store.close();
  });

  it("an admin creates a key: 201 with the secret once, not to be cached; the id is the one logs use", async () => {
    const response = await t.call("POST", "/v1/keys", {
      role: "admin",
      body: { role: "reader", label: "CI pipeline" },
    });
    assert.equal(response.status, 201);
    assert.equal(response.headers.get("cache-control"), "no-store");
    const key = (await response.json()) as Created;
    secrets.push(key.secret);
    assert.match(key.id, /^key-[0-9a-f]{8}$/);
    assert.equal(key.role, "reader");
    assert.equal(key.label, "CI pipeline");
    assert.equal(key.revokedAt, null);
    assert.match(key.secret, /^[0-9a-f]{48}$/);
    const check = await withSecret(key.secret, "POST", "/v1/check", seafood);
    assert.equal(check.status, 200);
    const line = t.logs.map((text) => JSON.parse(text) as { key?: string; path?: string }).at(-1);
    assert.equal(line?.key, key.id);
  });

  it("a new reader key can check and query, but not import lists, write records or manage keys", async () => {
    const reader = await create("reader", "reader");
    assert.equal((await withSecret(reader.secret, "POST", "/v1/check", seafood)).status, 200);
    assert.equal((await withSecret(reader.secret, "GET", "/v1/regime?at=2019-12-17")).status, 200);
    const refused = [
      await t.call("POST", "/v1/lists/import", {
        headers: { authorization: `Bearer ${reader.secret}`, "content-type": "application/xml" },
        body: "<x/>",
      }),
      await withSecret(reader.secret, "POST", "/v1/caps/deliveries", {
        supplier: "China",
        date: "2025-02-03",
        quantity: 1,
        unit: "bbl",
      }),
      await withSecret(reader.secret, "POST", "/v1/exemptions", { reference: "x" }),
      await withSecret(reader.secret, "POST", "/v1/keys", { role: "admin", label: "escalate" }),
      await withSecret(reader.secret, "GET", "/v1/keys"),
      await withSecret(reader.secret, "DELETE", `/v1/keys/${reader.id}`),
    ];
    for (const response of refused) {
      assert.equal(response.status, 403);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, "forbidden");
    }
  });

  it("readers and analysts cannot create, list or revoke keys", async () => {
    for (const role of ["reader", "analyst"] as const) {
      assert.equal(
        (await t.call("POST", "/v1/keys", { role, body: { role: "reader", label: "x" } })).status,
        403,
      );
      assert.equal((await t.call("GET", "/v1/keys", { role })).status, 403);
      assert.equal((await t.call("DELETE", "/v1/keys/key-00000000", { role })).status, 403);
    }
  });

  it("an analyst key created by an admin may apply drafts of its own but not import lists", async () => {
    const analyst = await create("analyst", "drafting");
    const draft = await withSecret(analyst.secret, "POST", "/v1/drafts/diff", { id: "cn-ru-2019" });
    assert.equal(draft.status, 200);
    const list = await t.call("POST", "/v1/lists/import", {
      headers: { authorization: `Bearer ${analyst.secret}`, "content-type": "application/xml" },
      body: "<x/>",
    });
    assert.equal(list.status, 403);
  });

  it("a revoked key gets 401 with the usual error shape, at once on this instance", async () => {
    const key = await create("reader", "to revoke");
    assert.equal((await withSecret(key.secret, "GET", "/v1/events")).status, 200);
    const revoked = await t.call("DELETE", `/v1/keys/${key.id}`, { role: "admin" });
    assert.equal(revoked.status, 200);
    const body = (await revoked.json()) as { id: string; revokedAt: string | null; secret?: string };
    assert.equal(body.id, key.id);
    assert.ok(body.revokedAt !== null);
    assert.equal(body.secret, undefined);
    const refused = await withSecret(key.secret, "GET", "/v1/events");
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.get("www-authenticate"), 'Bearer realm="sanctions-engine"');
    assert.deepEqual(await refused.json(), { error: { code: "unauthorized", message: "unknown API key" } });
    // Revoking again changes nothing.
    const again = await t.call("DELETE", `/v1/keys/${key.id}`, { role: "admin" });
    assert.equal(((await again.json()) as { revokedAt: string }).revokedAt, body.revokedAt);
  });

  it("GET /v1/keys lists ids, roles, labels and dates, never a secret or a hash", async () => {
    const key = await create("admin", "second admin");
    const response = await t.call("GET", "/v1/keys", { role: "admin" });
    assert.equal(response.status, 200);
    const text = await response.text();
    const { keys } = JSON.parse(text) as { keys: Record<string, unknown>[] };
    const listed = keys.find((entry) => entry["id"] === key.id);
    assert.deepEqual(Object.keys(listed ?? {}).sort(), ["createdAt", "id", "label", "revokedAt", "role"]);
    assert.ok(
      keys.some((entry) => entry["revokedAt"] !== null),
      "revoked keys are listed too",
    );
    assert.ok(!text.includes(key.secret));
    for (const active of await store.keys.active()) assert.ok(!text.includes(active.hash));
  });

  it("answers 404 for an unknown id and 400 for a bad body", async () => {
    const missing = await t.call("DELETE", "/v1/keys/key-00000000", { role: "admin" });
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, "not_found");
    for (const body of [
      { role: "root", label: "x" },
      { role: "reader" },
      { role: "reader", label: " " },
      { role: "reader", label: "x".repeat(201) },
      { role: "reader", label: "x", secret: "chosen-by-the-client-000" },
      { role: "reader", label: "a\u0000b" },
    ]) {
      const response = await t.call("POST", "/v1/keys", { role: "admin", body });
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, "invalid_request");
    }
  });

  it("honours a key created or revoked elsewhere within the refresh, with no query per request", async () => {
    // Written through the repository, as the CLI or another instance would.
    const key = await store.keys.create("reader", "from the CLI");
    secrets.push(key.secret);
    time += 1000;
    assert.equal((await withSecret(key.secret, "GET", "/v1/events")).status, 200);
    const before = loads;
    for (let i = 0; i < 20; i++) {
      assert.equal((await withSecret(key.secret, "GET", "/v1/events")).status, 200);
      assert.equal((await withSecret("unknown-key-000000000000", "GET", "/v1/events")).status, 401);
    }
    assert.equal(loads, before, "no query while the loaded keys are fresh");
    await store.keys.revoke(key.id);
    time += 999;
    assert.equal((await withSecret(key.secret, "GET", "/v1/events")).status, 200, "still within the second");
    time += 1;
    assert.equal((await withSecret(key.secret, "GET", "/v1/events")).status, 401);
    assert.equal(loads, before + 1);
  });

  it("never writes a secret, nor its hash, to the log", () => {
    const log = t.logs.join("");
    assert.ok(t.logs.length > 20 && secrets.length >= 6);
    for (const secret of [...secrets, ...Object.values(TEST_KEYS)]) {
      assert.ok(!log.includes(secret), "no secret");
      assert.ok(!log.includes(hashApiKey(secret)), "no hash");
    }
  });

  it("answers 409 no_store without a database", async () => {
    const bare = await testApp();
    try {
      assert.equal((await bare.call("GET", "/v1/keys", { role: "admin" })).status, 409);
      const created = await bare.call("POST", "/v1/keys", {
        role: "admin",
        body: { role: "reader", label: "x" },
      });
      assert.equal(((await created.json()) as { error: { code: string } }).error.code, "no_store");
    } finally {
      await bare.cleanup();
    }
  });

  it("describes the keys routes in the OpenAPI document", async () => {
    const doc = (await (await t.call("GET", "/openapi.json")).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> } | undefined> | undefined>;
      components: { schemas: Record<string, unknown> };
    };
    const keys = doc.paths["/v1/keys"];
    assert.ok(keys?.["post"]?.responses["201"]);
    assert.ok(keys["get"]);
    assert.ok(doc.paths["/v1/keys/{id}"]?.["delete"]);
    for (const name of ["ApiKey", "CreatedApiKey", "CreateKeyRequest"])
      assert.ok(doc.components.schemas[name]);
  });
});

describe("revoking the last key, or the last admin key", () => {
  let store: Store;
  let t: TestApp;
  before(async () => {
    store = await pgliteFactory();
    t = await testApp({
      keys: layeredKeyStore(
        envKeys(),
        refreshingKeyStore(() => store.keys.active(), { refreshMs: 0 }),
      ),
      storedKeys: store.keys,
    });
  });
  after(async () => {
    await t.cleanup();
    await store.close();
  });

  const revoke = (id: string, query = "") => t.call("DELETE", `/v1/keys/${id}${query}`, { role: "admin" });
  const errorOf = async (response: Response) =>
    ((await response.json()) as { error: { code: string; message: string } }).error;

  it("answers 409 last_admin_key for the last stored admin key, and revokes it with force=true", async () => {
    const admin = await store.keys.create("admin", "ops");
    const reader = await store.keys.create("reader", "dashboard");
    const refused = await revoke(admin.id);
    assert.equal(refused.status, 409);
    const error = await errorOf(refused);
    assert.equal(error.code, "last_admin_key");
    assert.match(
      error.message,
      new RegExp(`^${admin.id} is the last active stored admin key \\(1 other key stays\\)`),
    );
    assert.match(error.message, /nothing was revoked: send force=true to revoke it anyway$/);
    assert.equal((await store.keys.find(admin.secret))?.id, admin.id, "still active");
    // Another admin key makes it an ordinary revocation.
    const second = await store.keys.create("admin", "ops 2");
    assert.equal((await revoke(admin.id)).status, 200);
    const forced = await revoke(second.id, "?force=true");
    assert.equal(forced.status, 200);
    const body = (await forced.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ["createdAt", "id", "label", "revokedAt", "role"]);
    assert.equal(await store.keys.find(second.secret), undefined);
    const warning = t.logs
      .map((line) => JSON.parse(line) as { level: number; msg: string; key?: string; risk?: string })
      .find((line) => line.level === 40 && line.key === second.id);
    assert.equal(warning?.risk, "last_admin_key");
    assert.match(warning.msg, /^forced revocation: /);
    // The last key of all, a reader.
    const last = await revoke(reader.id);
    assert.equal(last.status, 409);
    assert.equal((await errorOf(last)).code, "last_key");
    assert.equal((await revoke(reader.id, "?force=false")).status, 409);
    assert.equal((await revoke(reader.id, "?force=true")).status, 200);
    assert.deepEqual(await store.keys.active(), []);
    // Revoking a revoked key again is no risk: it changes nothing.
    assert.equal((await revoke(reader.id)).status, 200);
  });

  it("lets one of two revocations at once through, never both", async () => {
    const a = await store.keys.create("admin", "a");
    const b = await store.keys.create("admin", "b");
    const results = await Promise.allSettled([store.keys.revoke(a.id), store.keys.revoke(b.id)]);
    assert.deepEqual(results.map((r) => r.status).sort(), ["fulfilled", "rejected"]);
    const rejected = results.find((r) => r.status === "rejected");
    assert.ok(rejected?.reason instanceof KeyRevocationRefused);
    assert.equal(rejected.reason.code, "last_key");
    assert.equal((await store.keys.active()).length, 1);
  });
});

describe("the key stores", () => {
  const hashed = (key: string, role: Role): ApiKeyRecord => {
    const hash = hashApiKey(key);
    return { hash, id: `key-${hash.slice(0, 8)}`, role };
  };

  it("looks an environment key up first: it works while the stored keys cannot be loaded", async () => {
    let failing = true;
    const stored = refreshingKeyStore(() =>
      failing
        ? Promise.reject(new Error("database down"))
        : Promise.resolve([hashed("stored-key-0000000001", "admin")]),
    );
    const keys = layeredKeyStore(envKeys(), stored);
    assert.equal((await keys.findByHash(hashApiKey(TEST_KEYS.reader)))?.role, "reader");
    // A stored key is not answered from an old copy while the database does not answer.
    await assert.rejects(keys.findByHash(hashApiKey("stored-key-0000000001")), /database down/);
    failing = false;
    assert.equal((await keys.findByHash(hashApiKey("stored-key-0000000001")))?.role, "admin");
  });

  it("does not take a load that began before a write as fresh, nor let a later request join it", async () => {
    let release: (records: ApiKeyRecord[]) => void = () => undefined;
    let loads = 0;
    const stored = refreshingKeyStore(
      () => {
        loads++;
        return loads === 1
          ? new Promise<ApiKeyRecord[]>((resolve) => (release = resolve))
          : Promise.resolve([]);
      },
      { now: () => 0 },
    );
    const first = stored.findByHash(hashApiKey("revoked-key-000000001"));
    stored.invalidate(); // a revocation committed while the first load was under way
    const second = stored.findByHash(hashApiKey("revoked-key-000000001"));
    release([hashed("revoked-key-000000001", "reader")]);
    assert.equal((await first)?.role, "reader"); // that request began before the revocation
    assert.equal(await second, undefined, "a request after the revocation does not join the old load");
    assert.equal(await stored.findByHash(hashApiKey("revoked-key-000000001")), undefined);
    assert.equal(loads, 2);
  });

  it("lets keyless requests in on an open app only while no key is configured", async () => {
    let stored: ApiKeyRecord[] = [];
    const keys: ApiKeyStore = layeredKeyStore(
      new MemoryApiKeyStore([]),
      refreshingKeyStore(() => Promise.resolve(stored), { refreshMs: 0 }),
    );
    const t = await testApp({ keys, open: true });
    try {
      assert.equal((await t.call("GET", "/v1/events")).status, 200);
      stored = [hashed("first-stored-key-0001", "admin")];
      const refused = await t.call("GET", "/v1/events");
      assert.equal(refused.status, 401);
      const allowed = await t.call("GET", "/v1/events", {
        headers: { authorization: "Bearer first-stored-key-0001" },
      });
      assert.equal(allowed.status, 200);
    } finally {
      await t.cleanup();
    }
  });

  it("does not open up again when every key is revoked: it refuses everyone, and logs a warning", async () => {
    let stored: ApiKeyRecord[] = [];
    const keys = layeredKeyStore(
      new MemoryApiKeyStore([]),
      refreshingKeyStore(() => Promise.resolve(stored), { refreshMs: 0 }),
    );
    const t = await testApp({ keys, open: true });
    const messages = () => t.logs.map((line) => JSON.parse(line) as { level: number; msg: string });
    try {
      assert.equal((await t.call("GET", "/v1/events")).status, 200);
      stored = [hashed("only-stored-key-00001", "admin")];
      assert.equal((await t.call("GET", "/v1/events")).status, 401);
      assert.ok(messages().some((m) => m.level === 30 && /every request needs one from now on/.test(m.msg)));
      stored = [];
      for (let i = 0; i < 3; i++) {
        const refused = await t.call("GET", "/v1/events");
        assert.equal(refused.status, 401, "keyless requests stay refused");
      }
      const warnings = messages().filter((m) => m.level === 40 && /no API key is left/.test(m.msg));
      assert.equal(warnings.length, 1, "warned once, when the last key went");
      // A key created again is honoured.
      stored = [hashed("new-stored-key-000001", "reader")];
      const allowed = await t.call("GET", "/v1/events", {
        headers: { authorization: "Bearer new-stored-key-000001" },
      });
      assert.equal(allowed.status, 200);
      assert.equal((await t.call("GET", "/v1/events")).status, 401);
    } finally {
      await t.cleanup();
    }
  });
});

describe("the Host header of an open server", () => {
  const events = (t: TestApp, host: string) => t.call("GET", "/v1/events", { headers: { host } });

  it("is answered for loopback names only, and SANCTIONS_ALLOWED_HOSTS; others get 421 host_not_allowed", async () => {
    const t = await testApp({
      keys: new MemoryApiKeyStore([]),
      open: true,
      allowedHosts: parseAllowedHosts(" devbox , Tools.Internal:9000 "),
    });
    try {
      for (const host of [
        "localhost:8080",
        "LOCALHOST",
        "127.0.0.1:8080",
        "127.0.0.2",
        "[::1]:8080",
        "devbox:8080",
      ])
        assert.equal((await events(t, host)).status, 200, host);
      for (const host of ["tools.internal:9000", "TOOLS.INTERNAL:9000"])
        assert.equal((await events(t, host)).status, 200, host);
      for (const host of [
        "evil.example",
        "evil.example:8080",
        "localhost.evil.example",
        "127.0.0.1.nip.io:8080",
        "devbox.evil.example",
        "tools.internal:9001",
        "tools.internal",
        "localhost:8080@evil.example",
        "",
      ]) {
        const response = await events(t, host);
        assert.equal(response.status, 421, host);
        const body = (await response.json()) as { error: { code: string; message: string } };
        assert.equal(body.error.code, "host_not_allowed");
        assert.match(body.error.message, /the Host header .* does not name this server/);
      }
      // The web UI and the description too: a rebinding page reads nothing.
      assert.equal((await t.call("GET", "/openapi.json", { headers: { host: "evil.example" } })).status, 421);
    } finally {
      await t.cleanup();
    }
  });

  it("is not looked at on a server with keys (a rebinding page has no key)", async () => {
    const t = await testApp();
    try {
      const response = await t.call("GET", "/v1/events", {
        role: "reader",
        headers: { host: "evil.example" },
      });
      assert.equal(response.status, 200);
    } finally {
      await t.cleanup();
    }
  });

  it("refuses an allowed-hosts entry that is not a host name", () => {
    for (const text of ["*", "http://devbox", "devbox/path", "devbox:99999", "a,,b"])
      assert.throws(() => parseAllowedHosts(text), AllowedHostsConfigError, text);
    assert.deepEqual(parseAllowedHosts(undefined), []);
    assert.deepEqual(parseAllowedHosts(" "), []);
    assert.deepEqual(parseAllowedHosts("[::1]:80,Box"), ["[::1]:80", "box"]);
  });
});

describe("stored keys shared by two instances on one PostgreSQL", () => {
  const url = postgresUrl();
  after(() => (url === undefined ? undefined : dropPostgresTemplate(url)));
  it(
    "lets one of two revocations at once, from two connections, through: never both last admin keys",
    { skip: url === undefined ? "DATABASE_URL is not set" : false },
    async () => {
      assert.ok(url !== undefined);
      const one = await postgresFactory(url)();
      const current = await sql<{ db: string }>`select current_database() as db`.execute(one.database.db);
      const two = await openStore({ kind: "postgres", url: withDatabase(url, current.rows[0]?.db ?? "") });
      try {
        for (let round = 0; round < 5; round++) {
          const a = await one.keys.create("admin", `a${round}`);
          const b = await one.keys.create("admin", `b${round}`);
          const results = await Promise.allSettled([one.keys.revoke(a.id), two.keys.revoke(b.id)]);
          assert.deepEqual(results.map((r) => r.status).sort(), ["fulfilled", "rejected"]);
          const rejected = results.find((r) => r.status === "rejected");
          assert.ok(rejected?.reason instanceof KeyRevocationRefused, String(rejected?.reason));
          const left = await one.keys.active();
          assert.equal(left.length, 1);
          await one.keys.revoke(left[0]?.id ?? "", { force: true });
        }
      } finally {
        await two.close();
        await one.close();
      }
    },
  );
  it(
    "honours a key created through one instance in the other within about a second, and its revocation",
    { skip: url === undefined ? "DATABASE_URL is not set" : false },
    async () => {
      assert.ok(url !== undefined);
      const one = await postgresFactory(url)();
      const current = await sql<{ db: string }>`select current_database() as db`.execute(one.database.db);
      const two = await openStore({ kind: "postgres", url: withDatabase(url, current.rows[0]?.db ?? "") });
      const instance = (store: Store) =>
        testApp({
          keys: layeredKeyStore(
            envKeys(),
            refreshingKeyStore(() => store.keys.active()),
          ),
          storedKeys: store.keys,
        });
      const [a, b] = [await instance(one), await instance(two)];
      /** Milliseconds until `b` answers `status` to the secret (polling every 50 ms, at most 5 s). */
      const until = async (secret: string, status: number): Promise<number> => {
        const started = Date.now();
        for (;;) {
          const response = await b.call("GET", "/v1/events", {
            headers: { authorization: `Bearer ${secret}` },
          });
          if (response.status === status) return Date.now() - started;
          if (Date.now() - started > 5000) assert.fail(`still ${response.status} after 5 s`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      };
      try {
        // b has loaded the (empty) stored keys: what it holds is now up to a second old.
        assert.equal(
          (await b.call("GET", "/v1/events", { headers: { authorization: "Bearer none-000000000000000" } }))
            .status,
          401,
        );
        const created = await a.call("POST", "/v1/keys", {
          role: "admin",
          body: { role: "reader", label: "shared" },
        });
        const key = (await created.json()) as Created;
        // A second of refresh, plus slack for two shared cores.
        assert.ok((await until(key.secret, 200)) < 2000);
        // The only stored key: revoked with force (see the last-key tests above).
        assert.equal(
          (await a.call("DELETE", `/v1/keys/${key.id}?force=true`, { role: "admin" })).status,
          200,
        );
        assert.ok((await until(key.secret, 401)) < 2000);
      } finally {
        await a.cleanup();
        await b.cleanup();
        await two.close();
        await one.close();
      }
    },
  );
});

describe("startServer with stored keys", () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "api-keys-serve-"));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  /** A PGlite database (as a dump) holding the keys `prepare` creates. */
  const database = async (prepare: (store: Store) => Promise<void>) => {
    const store = await pgliteFactory();
    try {
      await prepare(store);
      const pglite = store.database.pglite;
      assert.ok(pglite);
      return { kind: "pglite" as const, loadDataDir: await pglite.dumpDataDir("gzip") };
    } finally {
      await store.close();
    }
  };

  const options = async () => ({
    regime: await testRegime(),
    regimeDir: defaultRegimeDir,
    dataDir,
    port: 0,
    apiKeys: undefined,
    logger: pino({ level: "silent" }),
  });

  it("does not run open when a key is stored, though SANCTIONS_API_KEYS is empty", async () => {
    let secret = "";
    const target = await database(async (store) => {
      secret = (await store.keys.create("reader", "ops")).secret;
    });
    const warnings: string[] = [];
    const server = await startServer({
      ...(await options()),
      host: "127.0.0.1",
      database: target,
      warn: (message) => warnings.push(message),
    });
    try {
      assert.equal(server.open, false);
      assert.deepEqual(warnings, []);
      assert.equal((await fetch(`${server.url}/v1/events`)).status, 401);
      const allowed = await fetch(`${server.url}/v1/events`, {
        headers: { authorization: `Bearer ${secret}` },
      });
      assert.equal(allowed.status, 200);
    } finally {
      await server.close();
    }
  });

  it("refuses to serve beyond loopback with no key, and runs open on loopback, warning", async () => {
    const empty = await database(() => Promise.resolve());
    await assert.rejects(
      startServer({ ...(await options()), host: "0.0.0.0", database: empty }),
      /no API key configured/,
    );
    const warnings: string[] = [];
    const server = await startServer({
      ...(await options()),
      host: "127.0.0.1",
      database: empty,
      warn: (message) => warnings.push(message),
    });
    try {
      assert.equal(server.open, true);
      assert.match(warnings[0] ?? "", /serving open on loopback/);
    } finally {
      await server.close();
    }
  });

  it("answers an open server's own names on its own port, and 421 to any other Host", async () => {
    const empty = await database(() => Promise.resolve());
    await assert.rejects(
      startServer({ ...(await options()), host: "127.0.0.1", database: empty, allowedHosts: "*" }),
      /SANCTIONS_ALLOWED_HOSTS entry 1/,
    );
    const server = await startServer({
      ...(await options()),
      host: "127.0.0.1",
      database: empty,
      allowedHosts: "sanctions.test",
    });
    /** The status of GET /v1/events sent to the server's socket with this Host header. */
    const statusWith = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const request = httpRequest(
          { host: "127.0.0.1", port: server.port, path: "/v1/events", headers: { host } },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        request.on("error", reject).end();
      });
    try {
      assert.equal(server.open, true);
      for (const host of [
        `localhost:${server.port}`,
        `127.0.0.1:${server.port}`,
        `sanctions.test:${server.port}`,
      ])
        assert.equal(await statusWith(host), 200, host);
      for (const host of [
        `evil.example:${server.port}`,
        `localhost:${server.port + 1}`,
        "localhost",
        `sanctions.test.evil.example:${server.port}`,
      ])
        assert.equal(await statusWith(host), 421, host);
    } finally {
      await server.close();
    }
  });
});
