/**
 * @module api/routes/keys
 * `POST /v1/keys`, `GET /v1/keys` and `DELETE /v1/keys/{id}` (admin keys only): API keys kept in the
 * database, as `sanctions keys create|list|revoke`. A created key's secret is in the 201 answer and
 * nowhere else (only its hash is stored, and answers carrying it are marked `no-store`). A key created
 * or revoked here is honoured by this instance at once, and by the others at their next key refresh.
 * Keys of `SANCTIONS_API_KEYS` are not listed nor revoked here: they are changed in the environment.
 * Revoking the last active stored key, or the last active stored admin key, is a 409 unless
 * `force=true` (see `store/key-revocation.ts`); a forced one is logged as a warning.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { MAX_ID_LENGTH } from "../../model/limits.js";
import type { StoredApiKey } from "../../store/index.js";
import { isStoreError } from "../../store/errors.js";
import { KeyRevocationRefused, keyRevocationText } from "../../store/key-revocation.js";
import { ok, requireRole, type ApiApp, type Services } from "../env.js";
import { ApiError } from "../errors.js";
import { ApiKeySchema, CreatedApiKeySchema, CreateKeyBody, errorResponses } from "../schemas.js";
import { hasUnstorableText, requireStorable } from "../storable.js";

type KeyRepository = NonNullable<Services["deps"]["storedKeys"]>;

const createKeyRoute = createRoute({
  method: "post",
  path: "/v1/keys",
  summary: "Create an API key (the secret is in this answer only)",
  description:
    "Admin keys only. A random secret is made and returned once: the database keeps only its SHA-256. " +
    "Every instance on the database accepts the key within its key refresh (a second by default).",
  middleware: [requireRole("admin")] as const,
  request: {
    body: { required: true, content: { "application/json": { schema: CreateKeyBody } } },
  },
  responses: {
    201: {
      description: "The key with its `secret`, as `sanctions keys create --json` prints it",
      content: { "application/json": { schema: CreatedApiKeySchema } },
    },
    ...errorResponses(400, 403, 409, 415),
  },
});

const listKeysRoute = createRoute({
  method: "get",
  path: "/v1/keys",
  summary: "The stored API keys, active and revoked (no secrets)",
  middleware: [requireRole("admin")] as const,
  responses: {
    200: {
      description: "`{keys: [...]}`, oldest first, as `sanctions keys list --json`",
      content: { "application/json": { schema: z.object({ keys: z.array(ApiKeySchema) }) } },
    },
    ...errorResponses(403, 409),
  },
});

const revokeKeyRoute = createRoute({
  method: "delete",
  path: "/v1/keys/{id}",
  summary: "Revoke a stored API key",
  description:
    "Admin keys only. The key is refused from then on (401 `unauthorized`); its row is kept with the " +
    "revocation time, so that audit records naming it stay explained. Revoking it again changes nothing. " +
    "The last active stored key (409 `last_key`) and the last active stored admin key (409 `last_admin_key`) " +
    "are revoked only with `force=true`.",
  middleware: [requireRole("admin")] as const,
  request: {
    params: z.object({ id: z.string().min(1).max(MAX_ID_LENGTH).openapi({ example: "key-3f9a1c2e" }) }),
    query: z.object({
      force: z
        .enum(["true", "false"])
        .optional()
        .openapi({ description: "Revoke even the last active stored key, or the last admin one" }),
    }),
  },
  responses: {
    200: {
      description: "The revoked key, as `sanctions keys revoke ID --json`",
      content: { "application/json": { schema: ApiKeySchema } },
    },
    ...errorResponses(403, 404, 409),
  },
});

/** The key repository, or a 409 `no_store` for an app built without a database. */
function requireKeys(services: Services): KeyRepository {
  const keys = services.deps.storedKeys;
  if (!keys) throw new ApiError(409, "no_store", "this server keeps no keys: it runs without a database");
  return keys;
}

/** A plain copy, without anything the repository might add later. */
function view(key: StoredApiKey): StoredApiKey {
  return { id: key.id, role: key.role, label: key.label, createdAt: key.createdAt, revokedAt: key.revokedAt };
}

/** Registers the keys routes. */
export function registerKeys(app: ApiApp, services: Services): void {
  app.openapi(createKeyRoute, async (c) => {
    const { role, label } = c.req.valid("json");
    const keys = requireKeys(services);
    requireStorable(label);
    let created;
    try {
      created = await keys.create(role, label);
    } catch (error) {
      if (isStoreError(error) && error.code === "invalid_record")
        throw new ApiError(400, "invalid_request", error.message);
      throw error;
    }
    services.deps.keys.invalidate?.();
    // The secret must not be kept by a cache on the way back.
    c.header("Cache-Control", "no-store");
    return c.json({ ...view(created), secret: created.secret }, 201);
  });

  app.openapi(listKeysRoute, async (c) => {
    const keys = await requireKeys(services).list();
    return ok(c, { keys: keys.map(view) });
  });

  app.openapi(revokeKeyRoute, async (c) => {
    const { id } = c.req.valid("param");
    const force = c.req.valid("query").force === "true";
    const keys = requireKeys(services);
    if (hasUnstorableText(id)) throw new ApiError(404, "not_found", `no stored API key ${id}`);
    let revoked;
    try {
      revoked = await keys.revoke(id, { force });
    } catch (error) {
      if (isStoreError(error) && error.code === "not_found")
        throw new ApiError(404, "not_found", error.message);
      if (error instanceof KeyRevocationRefused)
        throw new ApiError(
          409,
          error.code,
          `${error.message}; nothing was revoked: send force=true to revoke it anyway`,
        );
      throw error;
    }
    services.deps.keys.invalidate?.();
    if (revoked.forced !== undefined)
      services.deps.logger?.warn(
        { key: revoked.id, by: c.get("principal").id, risk: revoked.forced.code },
        `forced revocation: ${keyRevocationText(revoked.forced)}`,
      );
    return ok(c, view(revoked));
  });
}
