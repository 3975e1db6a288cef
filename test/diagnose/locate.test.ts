import { locate, type StepSchema } from '../../src/diagnose/locate.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { column, index, snapshot, table } from '../compare/builders.js';

/**
 * A four-step history of hand-built schemas: users; + posts and an index on users (one
 * revision); + a no-op revision (data only); then users.legacy dropped.
 */
const users = table({ columns: [column({ name: 'id', type: 'bigint', notNull: true }), column({ name: 'legacy', type: 'text' })] });
const usersWithoutLegacy = table({ columns: [column({ name: 'id', type: 'bigint', notNull: true })] });
const posts = table({ name: 'posts' });
const byEmail = index({ name: 'users_id_idx', table: 'users', definition: 'CREATE INDEX users_id_idx ON public.users USING btree (id)', keys: ['id'] });
const S: readonly Snapshot[] = [
  snapshot(),
  snapshot({ tables: [users] }),
  snapshot({ tables: [posts, users], indexes: [byEmail] }),
  snapshot({ tables: [posts, users], indexes: [byEmail] }),
  snapshot({ tables: [posts, usersWithoutLegacy], indexes: [byEmail] }),
];
const steps: StepSchema[] = S.map((snapshot, step) => ({ step, snapshot }));
const noStatements = async () => null;
/** The version table records step n. */
const at = (n: number) => ({ nearness: (step: number) => Math.abs(step - n), centres: [n], mayBePartial: (step: number) => step > n });

test('the step the live schema is exactly, even when the version table says otherwise', async () => {
  const where = await locate(steps, S[1] as Snapshot, at(4), noStatements);
  expect(where.explanation).toEqual({ kind: 'exact', step: 1, other: [] });
  expect(where.distances.get(4)).toBeGreaterThan(0);
});

test('between two identical steps (a data-only revision), the recorded one', async () => {
  expect((await locate(steps, S[2] as Snapshot, at(3), noStatements)).explanation).toMatchObject({ kind: 'exact', step: 3 });
  expect((await locate(steps, S[2] as Snapshot, at(2), noStatements)).explanation).toMatchObject({ kind: 'exact', step: 2 });
});

test('part of a revision: what it made is there, the rest is missing', async () => {
  const live = snapshot({ tables: [posts, users] });
  const where = await locate(steps, live, at(1), noStatements);
  expect(where.explanation.kind).toBe('partial');
  if (where.explanation.kind !== 'partial') return;
  expect(where.explanation.step).toBe(2);
  expect(where.explanation.other).toEqual([]);
  expect(where.explanation.outcomes.map((o) => [o.ref.id, o.state])).toEqual([
    ['table:public.posts', 'applied'],
    ['index:public.users.users_id_idx', 'missing'],
  ]);
});

test('an index left INVALID is the unusable part of its revision', async () => {
  const live = snapshot({ tables: [posts, users], indexes: [{ ...byEmail, valid: false }] });
  const where = await locate(steps, live, at(1), noStatements);
  expect(where.explanation.kind === 'partial' && where.explanation.outcomes.map((o) => [o.ref.id, o.state])).toEqual([
    ['table:public.posts', 'applied'],
    ['index:public.users.users_id_idx', 'invalid'],
  ]);
});

test('a drop not done yet is missing; a hand-made extra is not part of any revision', async () => {
  const extra = table({ name: 'hotfix' });
  const live = snapshot({ tables: [posts, users, extra], indexes: [byEmail] });
  const where = await locate(steps, live, at(4), noStatements);
  // Step 3 (nothing dropped yet) plus the hotfix table explains it with one difference, as does step 4 plus two: the fewer wins.
  expect(where.explanation).toMatchObject({ kind: 'exact', step: 3 });
  expect(where.explanation.other.map((c) => c.id)).toEqual(['table:public.hotfix']);
});

test('nothing of the next revision applied is not a partial revision', async () => {
  const live = snapshot({ tables: [users, table({ name: 'hotfix' })] });
  const where = await locate(steps, live, at(1), noStatements);
  expect(where.explanation).toMatchObject({ kind: 'exact', step: 1 });
  expect(where.explanation.other.map((c) => `${c.kind} ${c.id}`)).toEqual(['unexpected table:public.hotfix']);
});

test('only some steps given: a partial revision needs both its sides', async () => {
  const live = snapshot({ tables: [posts, users] });
  const sparse = [steps[0], steps[2], steps[3]] as StepSchema[];
  expect((await locate(sparse, live, at(2), noStatements)).explanation.kind).toBe('exact');
  expect((await locate([steps[1], steps[2]] as StepSchema[], live, at(1), noStatements)).explanation.kind).toBe('partial');
});

test('a revision the version table records as applied is not half-applied: what lacks of it was undone later', async () => {
  const live = snapshot({ tables: [posts, users] });
  // Recorded at step 2 (posts and the index), the index missing: drift at 2, not "2 half-applied".
  const where = await locate(steps, live, at(2), noStatements);
  expect(where.explanation).toMatchObject({ kind: 'exact', step: 2 });
  expect(where.explanation.other.map((c) => `${c.kind} ${c.id}`)).toEqual(['missing index:public.users.users_id_idx']);
});

