/** Edit distance (insertions, deletions, substitutions, adjacent swaps) between two words. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_r, i) => Array.from({ length: b.length + 1 }, (_c, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((d[i - 1]?.[j] ?? 0) + 1, (d[i]?.[j - 1] ?? 0) + 1, (d[i - 1]?.[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (d[i - 2]?.[j - 2] ?? 0) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return d[a.length]?.[b.length] ?? Infinity;
}

/**
 * The known word closest to a mistyped one, when it is close enough to be meant (a third of
 * its letters at most, and two): `chekc` → `check`, `formt` → `format`.
 *
 * @example closest('chekc', ['check', 'snapshot']) // 'check'
 */
export function closest(word: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    const dist = distance(word.toLowerCase(), k.toLowerCase());
    if (dist < bestDistance) [best, bestDistance] = [k, dist];
  }
  return best !== null && bestDistance <= Math.min(2, Math.ceil(word.length / 3)) ? best : null;
}

/**
 * "did you mean" for yargs' `Unknown argument(s): …` message: the command or option each
 * unknown word was probably meant to be, or '' when none is close.
 *
 * @example didYouMean('Unknown argument: chekc', ['check'], ['format']) // " (did you mean 'check'?)"
 */
export function didYouMean(message: string, commands: readonly string[], options: readonly string[], argv: readonly string[]): string {
  const m = /^Unknown arguments?: (.*)$/.exec(message);
  if (!m) return '';
  const hints: string[] = [];
  for (const word of (m[1] as string).split(', ')) {
    const asFlag = argv.some((a) => a === `--${word}` || a.startsWith(`--${word}=`) || a === `-${word}`);
    const hint = asFlag ? closest(word, options) : closest(word, commands);
    if (hint !== null) hints.push(asFlag ? `--${hint}` : hint);
  }
  return hints.length > 0 ? ` (did you mean ${hints.map((h) => `'${h}'`).join(', ')}?)` : '';
}

/**
 * yargs lists an unknown `--lock-timout` twice, as typed and in camelCase: the typed one is kept.
 *
 * @example withoutCamelTwins('Unknown arguments: lock-timout, lockTimout') // 'Unknown argument: lock-timout'
 */
export function withoutCamelTwins(message: string): string {
  const m = /^Unknown arguments?: (.*)$/.exec(message);
  if (!m) return message;
  const words = (m[1] as string).split(', ');
  const camel = (w: string) => w.replace(/-([a-z])/g, (_x, c: string) => c.toUpperCase());
  const kept = words.filter((w) => !(/[A-Z]/.test(w) && words.some((o) => o !== w && o.includes('-') && camel(o) === w)));
  return `Unknown argument${kept.length === 1 ? '' : 's'}: ${kept.join(', ')}`;
}
