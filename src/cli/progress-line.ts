import type { ProgressListener } from '../progress.js';
import { escapeControls } from '../report/escape.js';
import { setStatusLine } from '../report/output.js';
import { onInterrupt } from '../shadow/signal-cleanup.js';

/** Steps that end sooner than this never show: a quick command stays free of flicker. */
const SHOW_AFTER_MS = 300;

/**
 * Whether `stream` is a terminal someone watches: not a pipe or a file, not `TERM=dumb`, not a
 * CI runner (whose log is a terminal for some runners, but keeps every frame as a line).
 */
export function watchedTerminal(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  return Boolean(stream.isTTY) && env.TERM !== 'dumb' && !('CI' in env);
}

/**
 * A spinner on stderr naming the step a long run is at ("replaying revision 31/48 (…)"), shown
 * only on a watched terminal and only once a run has lasted SHOW_AFTER_MS. Results and errors go
 * through `writeOut`/`writeErr`, which end the line first, so it never mixes with them (and
 * stdout is never written). Returns null where there is nothing to show it on.
 */
export async function progressLine(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): Promise<ProgressListener | null> {
  if (!watchedTerminal(stream, env)) return null;
  const { default: yoctoSpinner } = await import('yocto-spinner');
  // Its own signal handler would exit at once, before the shadow databases are dropped: the
  // line is ended among those cleanups instead (signal-cleanup.ts re-raises the signal after).
  const spinner = yoctoSpinner({ stream, handleSignals: false });
  let text = '';
  let ended = false;
  const fit = (step: string): string => {
    // One line: a wrapped line would be redrawn a line lower at every frame on some terminals.
    const width = Math.max(20, (stream.columns || 80) - 3);
    const safe = escapeControls(step);
    return safe.length > width ? `${safe.slice(0, width - 1)}…` : safe;
  };
  const end = (): void => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    unregister();
    spinner.stop();
  };
  const unregister = onInterrupt(async () => end());
  // Shown once a step is named: a spinner saying nothing tells nothing.
  let due = false;
  const timer = setTimeout(() => {
    due = true;
    if (!ended && text !== '') spinner.start(text);
  }, SHOW_AFTER_MS);
  timer.unref();
  setStatusLine({ end });
  process.once('exit', end);
  return (step: string) => {
    if (ended) return;
    text = fit(step);
    if (spinner.isSpinning) spinner.text = text;
    else if (due) spinner.start(text);
  };
}
