/**
 * Cleanups that must also run when the process is interrupted (Ctrl-C in a terminal, SIGTERM
 * from CI or a container runtime): a server shadow database must not outlive pgdrift.
 *
 * One listener per signal serves every pending cleanup. It runs them all, then — when no one
 * else listens to the signal — removes itself and re-raises the signal, so the process still
 * ends the way that signal ends it (exit status 130 / 143).
 */

type Cleanup = () => Promise<void>;

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const pending = new Set<Cleanup>();
let listening = false;

/** Upper bound on how long an interrupted process waits for its cleanups. */
const CLEANUP_TIMEOUT_MS = 10_000;

async function onSignal(signal: NodeJS.Signals): Promise<void> {
  const cleanups = [...pending];
  pending.clear();
  stopListening();
  await Promise.race([
    Promise.allSettled(cleanups.map((cleanup) => cleanup())),
    new Promise((resolve) => setTimeout(resolve, CLEANUP_TIMEOUT_MS).unref()),
  ]);
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function stopListening(): void {
  if (!listening) return;
  listening = false;
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/**
 * Runs `cleanup` if the process receives SIGINT or SIGTERM before the returned function is
 * called; call that function once the resource is released normally.
 *
 * @example
 * const unregister = onInterrupt(() => dropDatabase(name));
 * try { … } finally { unregister(); await dropDatabase(name); }
 */
export function onInterrupt(cleanup: Cleanup): () => void {
  pending.add(cleanup);
  if (!listening) {
    listening = true;
    for (const signal of SIGNALS) process.on(signal, onSignal);
  }
  return () => {
    pending.delete(cleanup);
    if (pending.size === 0) stopListening();
  };
}
