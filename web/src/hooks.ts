import { useEffect, useState, useSyncExternalStore } from "react";
import { apiKeyVersion, describeError, onApiKeyChange } from "./api.js";

export interface Async<T> {
  readonly data: T | undefined;
  readonly error: string | undefined;
  readonly loading: boolean;
}

/** The API key's version: a component using it renders again when a key is saved. */
export function useApiKeyVersion(): number {
  return useSyncExternalStore(onApiKeyChange, apiKeyVersion);
}

/**
 * Runs `load` when `key` changes, or when an API key is saved (aborting the previous run), and keeps
 * its result or error.
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, key: string): Async<T> {
  const version = useApiKeyVersion();
  const [state, setState] = useState<Async<T> & { key: string | undefined }>({
    data: undefined,
    error: undefined,
    loading: true,
    key: undefined,
  });
  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: undefined, loading: false, key });
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          setState({ data: undefined, error: describeError(error), loading: false, key });
      },
    );
    return () => {
      controller.abort();
    };
    // `load` is a new closure on every render; `key` says when its inputs changed.
  }, [key, version]);
  return state;
}

/** Sets the document title for a page. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · sanctions-engine`;
  }, [title]);
}
