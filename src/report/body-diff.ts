import { createRequire } from 'node:module';
import type * as Diff from 'diff';
import type { Change } from '../compare/change.js';

/** A unified diff of one multi-line property (a view definition, a function body…). */
export interface BodyDiff {
  readonly property: string;
  /** `--- expected <property>`, `+++ actual <property>`, then `@@` hunks; no trailing newlines. */
  readonly lines: readonly string[];
}

const withNewline = (s: string): string => (s.endsWith('\n') ? s : `${s}\n`);

let diffLibrary: typeof Diff | undefined;
/** The diff library, loaded (~15 ms) only for a report that shows a body diff. */
function library(): typeof Diff {
  return (diffLibrary ??= createRequire(import.meta.url)('diff') as typeof Diff);
}

/**
 * Lines added and removed past which no diff is made: finding the shortest diff costs time in
 * proportion to the lines of both bodies times this, and two unrelated megabyte-long bodies
 * would otherwise take hours (a body is data from the catalog, of any size).
 */
export const MAX_DIFF_EDITS = 1_000;

/**
 * Unified diffs for the properties of a change whose expected and actual values are both
 * strings, differ, and span several lines: a one-line message cannot show where two long
 * bodies differ.
 *
 * @example
 * bodyDiffs(change)[0]?.lines // ['--- expected body', '+++ actual body', '@@ -1,3 +1,3 @@', ' begin', '-  return 1;', '+  return 2;', ' end;']
 */
export function bodyDiffs(change: Change): BodyDiff[] {
  const { expected, actual } = change;
  if (!expected || !actual) return [];
  const diffs: BodyDiff[] = [];
  for (const property of Object.keys(expected)) {
    const before = expected[property];
    const after = actual[property];
    if (typeof before !== 'string' || typeof after !== 'string' || before === after) continue;
    if (!before.includes('\n') && !after.includes('\n')) continue;
    // Both sides end with a newline so the patch carries no "No newline at end of file" noise.
    const patch = library().structuredPatch('expected', 'actual', withNewline(before), withNewline(after), undefined, undefined, {
      context: 3,
      maxEditLength: MAX_DIFF_EDITS,
    });
    const lines = [`--- expected ${property}`, `+++ actual ${property}`];
    if (patch === undefined) {
      lines.push(`(more than ${MAX_DIFF_EDITS.toLocaleString('en-US')} lines differ: no diff shown; --format json holds both)`);
      diffs.push({ property, lines });
      continue;
    }
    for (const h of patch.hunks) {
      lines.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
      lines.push(...h.lines.filter((l) => !l.startsWith('\\')));
    }
    diffs.push({ property, lines });
  }
  return diffs;
}
