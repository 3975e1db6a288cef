import type { Change } from '../../src/compare/change.js';
import { bodyDiffs, MAX_DIFF_EDITS } from '../../src/report/body-diff.js';
import { functionBody } from './sample-changes.js';

const body = (seed: string, lines: number): string => Array.from({ length: lines }, (_, i) => `  PERFORM ${seed}_${i};`).join('\n');

test('two unrelated bodies of 50,000 lines: a note instead of a diff that would take hours', () => {
  const change: Change = { ...functionBody, expected: { body: body('old', 50_000) }, actual: { body: body('new', 50_000) } };
  expect(bodyDiffs(change)).toEqual([
    { property: 'body', lines: ['--- expected body', '+++ actual body', `(more than ${MAX_DIFF_EDITS.toLocaleString('en-US')} lines differ: no diff shown; --format json holds both)`] },
  ]);
});

test('a long body with a few changed lines still gets its diff', () => {
  const before = body('old', 50_000);
  const change: Change = { ...functionBody, expected: { body: before }, actual: { body: before.replace('old_100;', 'new_100;') } };
  expect(bodyDiffs(change)[0]?.lines).toEqual([
    '--- expected body',
    '+++ actual body',
    '@@ -98,7 +98,7 @@',
    '   PERFORM old_97;',
    '   PERFORM old_98;',
    '   PERFORM old_99;',
    '-  PERFORM old_100;',
    '+  PERFORM new_100;',
    '   PERFORM old_101;',
    '   PERFORM old_102;',
    '   PERFORM old_103;',
  ]);
});
