import { AsyncLocalStorage } from 'node:async_hooks';

/** Told the step a long run is at, e.g. `replaying revision 31/48 (a1b2c3d4e5f6: add chat tags)`. */
export type ProgressListener = (step: string) => void;

// Scoped to one asynchronous call tree rather than a module-wide listener: two library calls
// running side by side each tell only their own caller.
const listeners = new AsyncLocalStorage<ProgressListener>();

/**
 * Runs `work`, telling `listener` each step pgdrift takes inside it (starting a shadow, replaying
 * a revision, reading a catalog, comparing). Steps name files and objects taken from migrations
 * and catalogs: escape them before they reach a terminal. A listener that throws is ignored.
 *
 * @example
 * const snap = await withProgress((step) => console.error(step), () => snapshot('migrations/'));
 */
export function withProgress<T>(listener: ProgressListener, work: () => Promise<T>): Promise<T> {
  return listeners.run(listener, work);
}

/** Tells the caller's listener, if any, the step now starting. */
export function progress(step: string): void {
  const listener = listeners.getStore();
  if (!listener) return;
  try {
    listener(step);
  } catch {
    // Progress is a courtesy; it must never change what a run does.
  }
}
