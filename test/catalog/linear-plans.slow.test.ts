import pg from 'pg';
import { generateSchema } from '../../scripts/bench/generate-schema.mjs';
import { loadSql, type CatalogQueryName } from '../../src/catalog/load-sql.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

// A catalog query whose plan loops over one CTE for each row of another takes time in the
// square of the schema's size: indexes.sql did, once its CTEs were materialised (the planner
// guessed a fifth of their rows and chose a nested loop), 0.2 s → 1.1 s at 8,000 indexes and
// worse beyond. Timing would be noise on a shared machine; the rows a plan examines and throws
// away are not. Each query runs under EXPLAIN ANALYZE on a schema of 2,000 tables (~8,000
// indexes, ~10,000 constraints), as introspection runs it, and no node may discard more rows
// in all than a few times the largest catalog holds (a join filter that rejects most of a
// cross product does).

const QUERIES: readonly CatalogQueryName[] = [
  'tables',
  'columns',
  'constraints',
  'indexes',
  'sequences',
  'views',
  'functions',
  'triggers',
  'enums',
  'domains',
  'composite-types',
  'policies',
  'grants',
  'schemas',
  'extensions',
];
const BOOKKEEPING = ['alembic_version', 'schema_migrations'];

interface PlanNode {
  'Node Type': string;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Join Filter'?: number;
  Plans?: PlanNode[];
}

/** Nodes whose filters discard more rows in all (every loop) than a few passes over the catalog. */
function repeatedDiscards(node: PlanNode, out: string[] = []): string[] {
  const loops = node['Actual Loops'] ?? 1;
  const removed = (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Join Filter'] ?? 0);
  // EXPLAIN reports a per-loop average for a node run several times.
  if (removed * loops > LIMIT) out.push(`${node['Node Type']}: ${removed} rows × ${loops} loops`);
  for (const child of node.Plans ?? []) repeatedDiscards(child, out);
  return out;
}

let db: TestDatabase;
let client: pg.Client;
let LIMIT = 0;

beforeAll(async () => {
  db = await createTestDatabase('pgdrift_plans');
  const schema = generateSchema({ tables: 2000, seed: 3 });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  // A batch a transaction: all at once would need more locks than a server allows.
  for (const sql of [schema.preamble, ...schema.batches]) await client.query(sql);
  // The statistics a server has once autovacuum has seen the new catalog rows.
  await client.query('ANALYZE');
  const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM pg_attribute');
  LIMIT = 4 * Number(rows[0]?.n);
  await client.query(await loadSql('pin-settings'), ['', 'UTC', 'ISO, MDY', 'postgres', '1', 'off', 'hex', 'on', 'off']);
}, 180_000);

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

it.each(QUERIES)('%s.sql discards no rows over and over', async (name) => {
  const sql = await loadSql(name);
  const code = sql.replace(/--.*$/gm, '');
  const params = [null, null, BOOKKEEPING].slice(0, Math.max(0, ...[...code.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]))));
  const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
  const plan = rows[0]?.['QUERY PLAN'][0].Plan as PlanNode;
  expect(repeatedDiscards(plan)).toEqual([]);
});
