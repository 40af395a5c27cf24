/**
 * @module store/key-revocation
 * When revoking a stored API key is refused unless forced, in a module without database code, so
 * that the API routes and the CLI can tell the refusal apart without loading the store.
 *
 * Revoking the last active key, or the last active admin key, would change what the server does
 * with no one asking for it: with no key left a server without `SANCTIONS_API_KEYS` refuses everyone,
 * and runs open (keyless, on loopback) once restarted; with no admin key left nobody can manage keys
 * or import lists through the API. Keys of `SANCTIONS_API_KEYS` are not counted: each instance has
 * its own environment, and another instance on the same database may have none.
 */

/** The roles a stored key may have, from least to most allowed (the API's roles). */
export const KEY_ROLES = ["reader", "analyst", "admin"] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

/** Why revoking a key is refused unless forced; worded by {@link keyRevocationText}. */
export type KeyRevocationRisk =
  /** No active stored key would be left. */
  | { readonly code: "last_key"; readonly id: string }
  /** No active stored admin key would be left; `remaining` other keys (readers, analysts) stay. */
  | { readonly code: "last_admin_key"; readonly id: string; readonly remaining: number };

/** English text for a revocation risk; the one place where these are worded. */
export function keyRevocationText(risk: KeyRevocationRisk): string {
  switch (risk.code) {
    case "last_key":
      return (
        `${risk.id} is the last active stored key: without it, a server with no SANCTIONS_API_KEYS refuses ` +
        `every request, and runs open (no key needed, on loopback) once restarted`
      );
    case "last_admin_key":
      return (
        `${risk.id} is the last active stored admin key (${risk.remaining} other ${risk.remaining === 1 ? "key stays" : "keys stay"}): ` +
        `without it, no stored key can create or revoke keys or import lists through the API`
      );
  }
}

/** A revocation refused because of what it would leave (see {@link KeyRevocationRisk}); nothing changed. */
export class KeyRevocationRefused extends Error {
  override readonly name = "KeyRevocationRefused";

  constructor(readonly risk: KeyRevocationRisk) {
    super(keyRevocationText(risk));
  }

  get code(): KeyRevocationRisk["code"] {
    return this.risk.code;
  }
}

/**
 * What revoking `id` would leave, given the active keys: a risk, or undefined when another key (and
 * another admin key, for an admin) stays, or when `id` is not among them (revoked already, unknown).
 */
export function revocationRisk(
  active: readonly { readonly id: string; readonly role: KeyRole }[],
  id: string,
): KeyRevocationRisk | undefined {
  const target = active.find((key) => key.id === id);
  if (target === undefined) return undefined;
  const others = active.filter((key) => key.id !== id);
  if (others.length === 0) return { code: "last_key", id };
  if (target.role === "admin" && !others.some((key) => key.role === "admin"))
    return { code: "last_admin_key", id, remaining: others.length };
  return undefined;
}
