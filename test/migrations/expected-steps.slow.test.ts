import { join } from 'node:path';
import { compare } from '../../src/compare/compare.js';
import { expectedSchema } from '../../src/migrations/expected-schema.js';
import { expectedSchemasAlong } from '../../src/migrations/expected-steps.js';
import { loadMigrationHistory } from '../../src/migrations/load-history.js';
import { repoRoot } from '../helpers/cli.js';
import { scratch } from './status-helpers.js';

const TIMEOUT = 240_000;

describe.each([
  ['alembic', join(repoRoot, 'fixtures', 'alembic', 'app', 'migrations')],
  ['golang-migrate', join(repoRoot, 'fixtures', 'migrations', 'golang-migrate')],
  ['flyway', join(repoRoot, 'fixtures', 'migrations', 'flyway')],
  // Kysely replays only through its own Migrator: every step is a replay of its own.
  ['kysely', join(repoRoot, 'fixtures', 'migrations', 'kysely')],
])('%s: the schema after every revision, from one replay', (tool, dir) => {
  test(
    'each step equals the schema of its prefix replayed alone, and the cache serves both',
    async () => {
      const cache = await scratch('pgdrift-steps-');
      try {
        const history = await loadMigrationHistory(dir);
        expect(history.tool).toBe(tool);
        const order = history.graph.topologicalOrder();
        const steps = await expectedSchemasAlong(history, order, { cacheDir: cache.dir });
        expect(steps.map((s) => s.revision?.id ?? null)).toEqual([null, ...order.map((r) => r.id)]);
        expect(steps.every((s) => s.cache === 'miss')).toBe(true);
        expect(steps[0]?.snapshot.tables).toEqual([]);
        // The stepwise replay must read what a replay of each prefix alone reads (checked with the cache off).
        for (const n of [1, Math.ceil(order.length / 2), order.length]) {
          const alone = await expectedSchema(history, order.slice(0, n), 'alone', { cacheDir: null });
          expect((await compare(alone.snapshot, (steps[n] as (typeof steps)[number]).snapshot)).changes).toEqual([]);
        }
        expect(new Set(steps.map((s) => s.snapshot.tables.length)).size).toBeGreaterThan(1);
        // `check --migrations` asks for one prefix: it finds the entry the steps wrote.
        const head = await expectedSchema(history, order, 'head', { cacheDir: cache.dir });
        expect(head.cache).toBe('hit');
        const again = await expectedSchemasAlong(history, order, { cacheDir: cache.dir });
        expect(again.map((s) => s.cache)).toEqual(steps.map(() => 'hit'));
        expect(again[order.length]?.snapshot.source.description).toBe(`${dir} at ${order.at(-1)?.id}`);
      } finally {
        await cache.remove();
      }
    },
    TIMEOUT,
  );
});
