/**
 * The HTTP API, as the UI uses it: same origin, `Authorization: Bearer <key>` when a key is set (kept
 * in localStorage; an open server on loopback needs none), and the API's one error shape turned into
 * {@link ApiError}.
 */

const KEY_STORAGE = "sanctions-api-key";

export function apiKey(): string {
  try {
    return localStorage.getItem(KEY_STORAGE) ?? "";
  } catch {
    return "";
  }
}

export function setApiKey(key: string): void {
  try {
    if (key === "") localStorage.removeItem(KEY_STORAGE);
    else localStorage.setItem(KEY_STORAGE, key);
  } catch {
    // Private browsing without storage: the key lasts as long as the page.
  }
  memoryKey = key;
  keyVersion += 1;
  for (const listener of keyListeners) listener();
}

let memoryKey: string | undefined;

// Pages read through the key: a key saved bumps the version, and every page's data is fetched again
// with it (see `useAsync`), so an answer refused for want of a key is not left on screen.
let keyVersion = 0;
const keyListeners = new Set<() => void>();

/** A number that changes each time a key is saved (for `useSyncExternalStore`). */
export function apiKeyVersion(): number {
  return keyVersion;
}

/** Calls `listener` whenever a key is saved; returns the unsubscription. */
export function onApiKeyChange(listener: () => void): () => void {
  keyListeners.add(listener);
  return () => {
    keyListeners.delete(listener);
  };
}

/** An error answered by the API (`{"error": {code, message, issues?}}`) or a network failure. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly { path: string; code: string; message: string }[] = [],
  ) {
    super(message);
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; issues?: unknown };
}

/** A sentence for the user: what went wrong, and what to do about keys. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401)
      return `${error.message}. Set an API key (top right): this server requires one.`;
    if (error.status === 403) return `${error.message}. Your API key's role does not allow this.`;
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  const key = memoryKey ?? apiKey();
  if (key !== "") headers["authorization"] = `Bearer ${key}`;
  const init: RequestInit = { method, headers };
  if (signal) init.signal = signal;
  if (body !== undefined) {
    headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError(0, "network_error", "the server cannot be reached");
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    throw new ApiError(
      response.status,
      "bad_response",
      `the server answered ${response.status} without JSON`,
    );
  }
  if (!response.ok) {
    const error = (parsed as ErrorBody | undefined)?.error;
    const issues = Array.isArray(error?.issues) ? (error.issues as ApiError["issues"]) : [];
    throw new ApiError(
      response.status,
      typeof error?.code === "string" ? error.code : "http_error",
      typeof error?.message === "string" ? error.message : `HTTP ${response.status}`,
      issues,
    );
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal): Promise<T> => request<T>("GET", path, undefined, signal),
  post: <T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> =>
    request<T>("POST", path, body, signal),
};
