import { ranInOrder } from '../../src/diagnose/partial-revision.js';
import type { SourceStep } from '../../src/diagnose/revision-objects.js';

const at = (...statements: number[]): SourceStep[] => statements.map((statement) => ({ action: 'create', file: 'r.py', line: 10 + statement, concurrently: false, statement }));

test.each<[string, Parameters<typeof ranInOrder>[0], boolean]>([
  ['what ran comes before what did not', [{ state: 'applied', steps: at(0) }, { state: 'invalid', steps: at(1) }, { state: 'missing', steps: at(2) }], true],
  // Added by statement 0, made NOT NULL by statement 2, which did not run.
  ['an object left between its statements', [{ state: 'missing', steps: at(0, 2) }, { state: 'applied', steps: at(1) }], true],
  ['a late object present, an early one missing', [{ state: 'missing', steps: at(0) }, { state: 'applied', steps: at(2) }], false],
  ['objects no statement names say nothing', [{ state: 'missing', steps: [] }, { state: 'applied', steps: at(3) }, { state: 'missing', steps: at(4) }], true],
  ['nothing applied', [{ state: 'missing', steps: at(0) }], true],
])('%s', (_what, outcomes, expected) => {
  expect(ranInOrder(outcomes)).toBe(expected);
});
