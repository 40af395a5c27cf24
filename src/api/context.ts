/**
 * @module api/context
 * Where the API gets its evaluation context (screener, nomenclatures, and later cap ledgers and
 * exemption records). Instances keep no state of their own: the context is derived from the data
 * directory (or, later, the database) and reloaded when it changes there, so that a list imported
 * through one instance is used by every instance.
 */
import { contextFingerprint, loadEvaluationContext, type LoadedContext } from "../service/context.js";

/** Gives the context to answer a request with. */
export interface ContextSource {
  /** The current context; implementations cache it and reload it when the stored data changes. */
  current(): Promise<LoadedContext>;
  /** Says that this instance changed the stored data (a list import): the next `current()` reloads. */
  invalidate(): void;
}

/** A context that never changes (tests, or a server without a data directory). */
export function fixedContext(context: LoadedContext): ContextSource {
  return { current: () => Promise.resolve(context), invalidate: () => undefined };
}

/** Options of {@link dataDirContext}. */
export interface DataDirContextOptions {
  /**
   * How long a loaded context is used before the data directory is looked at again (ms). 0 looks at
   * it on every request (a fingerprint of a few small files, not the lists).
   */
  readonly refreshMs?: number;
  /** Milliseconds now (injected for tests). */
  readonly now?: () => number;
  /** Told when a reload fails; the previous context is kept meanwhile. */
  readonly onReloadError?: (error: unknown) => void;
}

/**
 * A context loaded by `load` and reloaded when `fingerprint` changes, looked at most every `refreshMs`.
 * The fingerprint is read before loading: a write that lands during the load changes it again and the
 * next look reloads (the other order could keep stale data under a current fingerprint). A failed
 * reload keeps the context already loaded, because answering with the data of a second ago is better
 * than failing every request; the first load must succeed.
 *
 * Who waits for a look: the first request, every request after `invalidate()` until a look that began
 * after it has landed, and every request when `refreshMs` is 0. Otherwise a due look runs in the
 * background and requests are answered with the context in hand meanwhile: on the embedded database
 * (one connection) the look queues behind whatever statement runs, such as the audit journal's drain,
 * and the requests of that moment would have queued with it. (In bench/api runs the change was within
 * the host's noise; it bounds the worst case, not the average.)
 */
export function reloadingContext(
  fingerprint: () => Promise<string>,
  load: () => Promise<LoadedContext>,
  options: DataDirContextOptions = {},
): ContextSource {
  const refreshMs = options.refreshMs ?? 1000;
  const now = options.now ?? Date.now;
  let loaded: { context: LoadedContext; fingerprint: string; checkedAt: number } | undefined;
  // Bumped by invalidate(): a look that began before a write may not have seen it.
  let generation = 0;
  /** The generation whose look requests must wait for; none when the context in hand will do. */
  let awaited: number | undefined;
  let pending: { promise: Promise<LoadedContext>; generation: number } | undefined;

  const refresh = async (started: number): Promise<LoadedContext> => {
    try {
      const seen = await fingerprint();
      if (loaded && loaded.fingerprint === seen) {
        loaded.checkedAt = now();
      } else {
        const context = await load();
        loaded = { context, fingerprint: seen, checkedAt: now() };
      }
      if (awaited !== undefined && started >= awaited) awaited = undefined;
      return loaded.context;
    } catch (error) {
      if (!loaded) throw error;
      options.onReloadError?.(error);
      loaded.checkedAt = now();
      if (awaited !== undefined && started >= awaited) awaited = undefined;
      return loaded.context;
    }
  };

  const look = (): Promise<LoadedContext> => {
    const started = generation;
    const promise = refresh(started).finally(() => {
      if (pending?.promise === promise) pending = undefined;
    });
    pending = { promise, generation: started };
    return promise;
  };

  return {
    current() {
      if (loaded && awaited === undefined && now() - loaded.checkedAt < refreshMs)
        return Promise.resolve(loaded.context);
      const wait = !loaded || awaited !== undefined || refreshMs === 0;
      // One look at a time; a request that must wait never joins a look older than the last write.
      const shared = pending && (!wait || pending.generation === generation) ? pending.promise : undefined;
      const promise = shared ?? look();
      return wait || !loaded ? promise : Promise.resolve(loaded.context);
    },
    invalidate() {
      generation++;
      awaited = generation;
    },
  };
}

/** The context of a data directory, reloaded when its active-snapshot pointers or nomenclature files change. */
export function dataDirContext(dataDir: string, options: DataDirContextOptions = {}): ContextSource {
  return reloadingContext(
    () => contextFingerprint(dataDir),
    () => loadEvaluationContext(dataDir),
    options,
  );
}
