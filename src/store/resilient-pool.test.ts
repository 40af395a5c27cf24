/**
 * The pool wrapper and the error classifier, against a stand-in for `pg.Pool` whose clients fail on
 * cue: no database needed. What a real terminated backend does is in `src/api/db-faults.test.ts`.
 */
import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { describe, it } from "node:test";
import type pg from "pg";
import { StoreError } from "./errors.js";
import { isReadOnlyStatement, resilientPool } from "./resilient-pool.js";
import { isDatabaseUnavailable } from "./unavailable.js";

/** PostgreSQL's error for a terminated backend, as pg gives it. */
function terminated(): Error {
  return Object.assign(new Error("terminating connection due to administrator command"), {
    code: "57P01",
    severity: "FATAL",
  });
}

class FakeClient extends EventEmitter {
  readonly statements: string[] = [];
  released: Array<Error | undefined> = [];
  /** Thrown by the next statements, one each. */
  failures: Error[] = [];

  constructor(readonly id: number) {
    super();
  }

  query(sql: string): Promise<{ command: string; rowCount: number; rows: unknown[] }> {
    this.statements.push(sql);
    const failure = this.failures.shift();
    if (failure) return Promise.reject(failure);
    return Promise.resolve({ command: "SELECT", rowCount: 1, rows: [{ client: this.id }] });
  }

  release(error?: Error): void {
    this.released.push(error);
  }
}

/** Hands out idle clients (last released first, as pg-pool does) or opens new ones. */
class FakePool extends EventEmitter {
  readonly options = { max: 3 };
  readonly all: FakeClient[] = [];
  idle: FakeClient[] = [];
  /** Failures given to each new client. */
  failNew: Error[] = [];

  connect(): Promise<FakeClient> {
    const reused = this.idle.pop();
    if (reused) return Promise.resolve(reused);
    const client = new FakeClient(this.all.length + 1);
    client.failures = [...this.failNew];
    this.all.push(client);
    this.emit("connect", client);
    // A client released without an error goes back to the idle list, as pg-pool does.
    const release = client.release.bind(client);
    client.release = (error?: Error) => {
      release(error);
      if (error === undefined) this.idle.push(client);
    };
    return Promise.resolve(client);
  }

  end(): Promise<void> {
    return Promise.resolve();
  }
}

function wrap(fake: FakePool, reconnect = true) {
  const lost: Error[] = [];
  const pool = resilientPool(fake as unknown as pg.Pool, {
    reconnect,
    onConnectionError: (error) => lost.push(error),
  });
  return { pool, lost };
}

describe("resilientPool", () => {
  it("keeps an error on a client in use from ending the process, and reports it", async () => {
    const fake = new FakePool();
    const { pool, lost } = wrap(fake);
    await pool.connect();
    const client = fake.all[0] as FakeClient;
    // Without a listener, EventEmitter throws the error: what ended the server before.
    assert.doesNotThrow(() => client.emit("error", new Error("Connection terminated unexpectedly")));
    assert.deepEqual(
      lost.map((error) => error.message),
      ["Connection terminated unexpectedly"],
    );
  });

  it("does so for PGlite's pool too, without wrapping its clients", async () => {
    const fake = new FakePool();
    const { pool } = wrap(fake, false);
    assert.equal(pool, fake);
    await pool.connect();
    assert.doesNotThrow(() => (fake.all[0] as FakeClient).emit("error", new Error("thread stopped")));
  });

  it("retries a read that lost its connection once, on a connection opened after the loss", async () => {
    const fake = new FakePool();
    const { pool } = wrap(fake);
    // Two idle clients, both terminated together; the pool does not know it yet.
    const a = await pool.connect();
    const b = await pool.connect();
    a.release();
    b.release();
    for (const client of fake.all) client.failures = [terminated()];
    const checkout = await pool.connect();
    const result = await checkout.query<{ client: number }>('select "id" from "api_keys"', []);
    checkout.release();
    // Client 2 (handed out first) failed; client 1, as old, was discarded unasked; client 3 is new.
    assert.deepEqual(result.rows, [{ client: 3 }]);
    const [first, second, third] = fake.all as [FakeClient, FakeClient, FakeClient];
    // (Each was released once by the setup, without an error.)
    assert.equal(second.released.at(-1)?.message, "terminating connection due to administrator command");
    assert.equal(first.released.at(-1)?.message, "opened before a connection was lost");
    assert.deepEqual(first.statements, []);
    assert.deepEqual(third.released, [undefined]);
  });

  it("retries a transaction's begin, and nothing after it", async () => {
    const fake = new FakePool();
    const { pool } = wrap(fake);
    const checkout = await pool.connect();
    (fake.all[0] as FakeClient).failures = [terminated()];
    await checkout.query("begin", []);
    (fake.all[1] as FakeClient).failures = [terminated()];
    await assert.rejects(checkout.query('insert into "cap_deliveries" default values', []), /administrator/);
    checkout.release();
    assert.deepEqual((fake.all[1] as FakeClient).statements, [
      "begin",
      'insert into "cap_deliveries" default values',
    ]);
    assert.equal(fake.all.length, 2, "the insert is not sent again");
    assert.equal(
      (fake.all[1] as FakeClient).released[0]?.message,
      "terminating connection due to administrator command",
    );
  });

  it("does not retry a write, nor a read after the first statement", async () => {
    const fake = new FakePool();
    const { pool } = wrap(fake);
    fake.failNew = [terminated()];
    const write = await pool.connect();
    await assert.rejects(
      write.query("with doc as (select 1) insert into audit_batches select * from doc", []),
      (error: unknown) => isDatabaseUnavailable(error),
    );
    write.release();
    fake.failNew = [];
    const session = await pool.connect();
    await session.query("select pg_advisory_lock(1)", []);
    (fake.all[1] as FakeClient).failures = [terminated()];
    await assert.rejects(session.query("select 1", []), /administrator/);
    session.release();
    assert.equal(fake.all.length, 2);
  });

  it("does not retry what the statement itself caused, and returns the client to the pool", async () => {
    const fake = new FakePool();
    const { pool } = wrap(fake);
    const unique = Object.assign(new Error("duplicate key value"), { code: "23505" });
    fake.failNew = [unique];
    const checkout = await pool.connect();
    await assert.rejects(checkout.query("select 1", []), /duplicate key/);
    checkout.release();
    assert.deepEqual((fake.all[0] as FakeClient).released, [undefined]);
    assert.deepEqual(fake.idle, fake.all);
  });

  it("retries once only: a second loss fails the statement", async () => {
    const fake = new FakePool();
    const { pool } = wrap(fake);
    fake.failNew = [terminated()];
    const checkout = await pool.connect();
    await assert.rejects(checkout.query("select 1", []), /administrator/);
    checkout.release();
    assert.equal(fake.all.length, 2);
    for (const client of fake.all) assert.equal(client.released.length, 1, "each released once");
  });
});

describe("isReadOnlyStatement", () => {
  it("takes selects and refuses anything that writes, locks or sets", () => {
    assert.ok(isReadOnlyStatement('select "id", "role" from "api_keys" where "revoked_at" is null'));
    assert.ok(isReadOnlyStatement("\n  with x as (select 1) select * from x"));
    assert.ok(isReadOnlyStatement('select "updated_at" from t'));
    for (const text of [
      'insert into "cap_deliveries" values ($1)',
      "with b as (insert into t values (1) returning id) select * from b",
      "select * from t for update",
      "select * from t for no key update",
      "select pg_advisory_lock(42)",
      "select nextval('s')",
      "select set_config('x', 'y', false)",
      "select * into t2 from t",
      "update t set a = 1",
      "begin",
    ])
      assert.equal(isReadOnlyStatement(text), false, text);
  });
});

describe("isDatabaseUnavailable", () => {
  it("recognises lost and refused connections, through causes", () => {
    const cases: unknown[] = [
      terminated(),
      new Error("Connection terminated unexpectedly"),
      new Error("Client has encountered a connection error and is not queryable"),
      new Error("timeout exceeded when trying to connect"),
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      new AggregateError([Object.assign(new Error("refused"), { code: "ECONNREFUSED" })], ""),
      Object.assign(new Error('database "x" is not currently accepting connections'), { code: "55000" }),
      Object.assign(new Error("the database system is starting up"), { code: "57P03" }),
      Object.assign(new Error("sorry, too many clients already"), { code: "53300" }),
      new StoreError("database_unavailable", "the embedded database's thread stopped"),
      new StoreError("invalid_record", "cannot record 3 audit batches", { cause: terminated() }),
    ];
    for (const error of cases) assert.equal(isDatabaseUnavailable(error), true, String(error));
  });

  it("leaves what a statement causes alone", () => {
    const cases: unknown[] = [
      Object.assign(new Error("duplicate key value"), { code: "23505" }),
      Object.assign(new Error("could not serialize access"), { code: "40001" }),
      Object.assign(new Error("invalid input syntax for type json"), { code: "22P02" }),
      Object.assign(new Error("cannot drop"), { code: "55000" }),
      new StoreError("invalid_record", "delivery 1, date: not a date"),
      new Error("internal"),
      "Connection terminated unexpectedly",
      undefined,
    ];
    for (const error of cases) assert.equal(isDatabaseUnavailable(error), false, String(error));
  });

  it("stops on a cycle of causes", () => {
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    Object.assign(a, { cause: b });
    assert.equal(isDatabaseUnavailable(a), false);
  });
});
