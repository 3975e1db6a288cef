// The two databases the benchmark measures: A holds the generated schema, B is a copy of A
// with a little drift. Both get unique names so concurrent runs (or a crashed earlier run's
// leftovers) never collide, and both are always dropped.
import { randomBytes } from 'node:crypto';
import { databaseUrl, withClient } from './server.mjs';

/** Unique names for this run, e.g. `{ a: 'pgdrift_bench_1234_9f3a_a', b: '…_b' }`. */
export function benchDatabaseNames() {
  const stem = `pgdrift_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  return { a: `${stem}_a`, b: `${stem}_b` };
}

/**
 * Creates A from the generated schema (one multi-statement query per batch of tables) and B as
 * a template copy of A plus the drift SQL.
 *
 * @returns {Promise<{ loadMs: number }>}
 * @example await createBenchDatabases(adminUrl, names, schema, drift.sql, (msg) => console.error(msg));
 */
export async function createBenchDatabases(adminUrl, names, schema, driftSql, progress) {
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${names.a}`));
  const started = performance.now();
  await withClient(databaseUrl(adminUrl, names.a), async (c) => {
    await c.query(schema.preamble);
    for (const [i, sql] of schema.batches.entries()) {
      const t = performance.now();
      await c.query(sql);
      progress(`loaded batch ${i + 1}/${schema.batches.length} in ${Math.round(performance.now() - t)} ms`);
    }
    // Fresh statistics, as on any production catalog that autovacuum has visited.
    await c.query('ANALYZE');
  });
  const loadMs = performance.now() - started;
  // A template copy is a file-level clone: seconds instead of loading the DDL a second time.
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${names.b} TEMPLATE ${names.a}`));
  await withClient(databaseUrl(adminUrl, names.b), (c) => c.query(driftSql));
  return { loadMs };
}

/** Drops both databases, even while something is still connected to them. Never throws. */
export async function dropBenchDatabases(adminUrl, names) {
  const failures = [];
  try {
    await withClient(adminUrl, async (c) => {
      for (const name of [names.b, names.a]) {
        try {
          await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } catch (err) {
          failures.push(`${name}: ${err.message}`);
        }
      }
    });
  } catch (err) {
    failures.push(err.message);
  }
  return failures;
}

/** What the server says the schema of a database holds: tables, columns, indexes, views. */
export async function catalogCounts(url) {
  return withClient(url, async (c) => {
    const { rows } = await c.query(`
      SELECT (SELECT count(*) FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace
               WHERE n.nspname = 'public' AND k.relkind = 'r')::int AS tables,
             (SELECT count(*) FROM pg_attribute a JOIN pg_class k ON k.oid = a.attrelid
               JOIN pg_namespace n ON n.oid = k.relnamespace
               WHERE n.nspname = 'public' AND k.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped)::int AS columns,
             (SELECT count(*) FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace
               WHERE n.nspname = 'public' AND k.relkind = 'i')::int AS indexes,
             (SELECT count(*) FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace
               WHERE n.nspname = 'public' AND k.relkind = 'v')::int AS views,
             (SELECT count(*) FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace
               WHERE n.nspname = 'public')::int AS constraints,
             (SELECT count(*) FROM pg_trigger t JOIN pg_class k ON k.oid = t.tgrelid
               JOIN pg_namespace n ON n.oid = k.relnamespace
               WHERE n.nspname = 'public' AND NOT t.tgisinternal)::int AS triggers`);
    return rows[0];
  });
}
