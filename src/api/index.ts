/**
 * @module api
 * The HTTP API: a Hono app mirroring the CLI under `/v1/`, with API keys and roles, limits and one
 * error shape. Build it with {@link createApp} from injected dependencies; plug storage in through
 * {@link ApiKeyStore}, {@link AuditSink}, {@link ContextSource} and the lists' `SnapshotStore`.
 *
 * @example
 * const app = createApp({ regime, regimeDir, context: dataDirContext(dir), lists: new FileSnapshotStore(dir),
 *   keys: new MemoryApiKeyStore(parseApiKeys(process.env.SANCTIONS_API_KEYS)) });
 * const response = await app.request("/v1/regime?at=2019-12-17", { headers: { authorization: "Bearer ..." } });
 */
export { createApp } from "./app.js";
export type { ApiApp, ApiEnv } from "./env.js";
export { defaultLimits, systemClock, type ApiDeps, type ApiLimits, type Clock } from "./deps.js";
export {
  allows,
  ApiKeyConfigError,
  bearerKey,
  hashApiKey,
  layeredKeyStore,
  MemoryApiKeyStore,
  MIN_KEY_LENGTH,
  OPEN_PRINCIPAL,
  parseApiKeys,
  refreshingKeyStore,
  ROLES,
  type ApiKeyRecord,
  type ApiKeyStore,
  type Principal,
  type RefreshingKeyStoreOptions,
  type Role,
} from "./auth.js";
export {
  AuditUnavailableError,
  discardAudit,
  MemoryAuditSink,
  type AuditHealth,
  type AuditRecord,
  type AuditSink,
  type AuditUnavailableCode,
} from "./audit.js";
export { dataDirContext, fixedContext, type ContextSource, type DataDirContextOptions } from "./context.js";
export { ApiError, type ApiErrorBody, type ApiErrorCode, type ApiIssue } from "./errors.js";
