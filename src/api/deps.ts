/**
 * @module api/deps
 * What {@link createApp} is built from. Everything an instance needs comes in here, loaded from the
 * regime package, the data directory or the database: the app itself holds no state between requests.
 */
import type { DecisionRepository } from "../store/decisions.js";
import type { Logger } from "pino";
import type { CouncilData } from "../council/index.js";
import type { SnapshotStore } from "../lists/index.js";
import type { CompiledRegime } from "../model/regime.js";
import type { OfficialTextSource } from "../texts/source.js";
import type {
  ApiKeyRepository,
  AuditEntry,
  CheckFilter,
  DeliveryRepository,
  ExemptionRepository,
  LookedUpCheck,
} from "../store/index.js";
import type { AuditSink } from "./audit.js";
import type { ApiKeyStore } from "./auth.js";
import type { ContextSource } from "./context.js";

/** The time, injected so that defaults such as "today" are testable. */
export interface Clock {
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };

/** Sizes the API accepts. */
export interface ApiLimits {
  /** Largest JSON body (bytes) of every route but list imports. */
  readonly bodyBytes: number;
  /** Largest list upload (bytes): the UN list is about 2.2 MB, OFAC's sdn.csv about 5 MB. */
  readonly listBytes: number;
  /** Most activities in one `POST /v1/check`. */
  readonly checkItems: number;
  /** Most queries in one `POST /v1/screen`. */
  readonly screenQueries: number;
  /** Most activities in one `POST /v1/drafts/diff`. */
  readonly draftActivities: number;
}

export const defaultLimits: ApiLimits = {
  bodyBytes: 1024 * 1024,
  listBytes: 64 * 1024 * 1024,
  checkItems: 1000,
  screenQueries: 100,
  draftActivities: 5000,
};

/**
 * Where cap deliveries and exemption records are kept (the database's repositories, `store.deliveries`
 * and `store.exemptions`). Writes through these change what later checks see: the context reloads.
 */
export interface RecordStores {
  readonly deliveries: Pick<DeliveryRepository, "add" | "list" | "void">;
  readonly exemptions: Pick<ExemptionRepository, "add" | "list" | "get">;
  /** Analysts' decisions on screening alerts; without it the decisions routes answer 409 `no_store`. */
  readonly decisions?: Pick<DecisionRepository, "add" | "list">;
}

/** The dependencies of {@link createApp}. */
export interface ApiDeps {
  /** The compiled regime every answer rests on. */
  readonly regime: CompiledRegime;
  /** The regime package directory: drafts are read and applied from it. */
  readonly regimeDir: string;
  /** The evaluation context (screener, nomenclatures, cap ledger, exemption records). */
  readonly context: ContextSource;
  /** Where list snapshots are stored; imports save and activate here. */
  readonly lists: SnapshotStore;
  /**
   * Cap deliveries and exemption records, for the caps and exemptions routes; without them those
   * routes answer 409 `no_store`. Checks read the ledger and the records through `context`.
   */
  readonly records?: RecordStores;
  /**
   * The official texts of the resolutions (the store's active set, `reloadingTexts` of
   * `src/texts/source.ts`), for the `/v1/texts` routes; without it they answer as if none were imported.
   */
  readonly texts?: OfficialTextSource;
  /** The configured API keys (environment and stored). */
  readonly keys: ApiKeyStore;
  /**
   * Where the keys routes create, list and revoke keys (the database's `store.keys`); without it
   * they answer 409 `no_store`. Requests are authenticated through `keys`, which is told of writes.
   */
  readonly storedKeys?: Pick<ApiKeyRepository, "create" | "list" | "revoke">;
  /**
   * Let requests without a key in, as analysts (never as admins), while `keys` has none. Only for a
   * server bound to loopback with no key configured: see `sanctions serve`.
   */
  readonly open?: boolean;
  /**
   * Host names an open server answers to besides the loopback ones (`SANCTIONS_ALLOWED_HOSTS`, as
   * `parseAllowedHosts` gives them); other Host headers get 421 `host_not_allowed`.
   */
  readonly allowedHosts?: readonly string[];
  /** Where checks are recorded; nothing is recorded when absent. */
  readonly audit?: AuditSink;
  /**
   * Where `GET /v1/audit/checks` looks recorded checks up and replays them (`auditReaderOf` in
   * `./stored.ts`); without it that route answers 409 `no_store`.
   */
  readonly auditLog?: AuditReader;
  readonly clock?: Clock;
  /** Request log; silent when absent. Keys are never logged. */
  readonly logger?: Logger;
  /** Council membership and rule; loaded from the package's data when absent. */
  readonly council?: CouncilData;
  readonly limits?: Partial<ApiLimits>;
  /** The built web UI to serve at `/` (`web/dist`); no UI when absent. */
  readonly webRoot?: string;
  /** Whether the database answers, for `/healthz` (`databaseProbe` in `./stored.ts`); not asked when absent. */
  readonly database?: DatabaseProbe;
}

/** Asks whether the database answers now. */
export interface DatabaseProbe {
  health(): Promise<DatabaseHealth>;
}

/** What `/healthz` says of the database: `unavailable` since the first failed look of an outage. */
export interface DatabaseHealth {
  readonly state: "ok" | "unavailable";
  /** While unavailable: since when (ISO 8601). Its errors go to the log, not here. */
  readonly since?: string;
}

/**
 * The audit log for an auditor: recorded checks looked up by activity, request or batch, and replayed
 * if asked; and the log's entries, newest first.
 */
export interface AuditReader {
  /** The newest `limit` checks `filter` selects, newest first (`lookUpChecks` in the store). */
  lookUp(filter: CheckFilter, options: { limit: number; replay: boolean }): Promise<LookedUpCheck[]>;
  /** The newest `limit` batches and decisions, newest first, and how many there are (`auditEntries`). */
  entries(options: { limit: number }): Promise<{ entries: AuditEntry[]; total: number }>;
}
