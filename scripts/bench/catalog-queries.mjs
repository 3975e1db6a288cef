// Times each catalog query file on its own against a database: a hint at which object kind
// dominates a snapshot. Runs the files exactly as shipped, with the schema filters unset.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withClient } from './server.mjs';

// What introspection passes as $3 where a query takes it: tables of migration tools to leave out.
const BOOKKEEPING = ['alembic_version', 'schema_migrations', 'flyway_schema_history', 'kysely_migration'];

/**
 * Runs every `*.sql` under `dir` that takes the standard `($1 text[], $2 text[])` schema
 * filters (and optionally `$3 text[]` bookkeeping tables), `runs` times each, with the empty
 * search_path and JIT off, as introspection runs them.
 *
 * @returns {Promise<{ file: string, ms: number[], rows: number }[]>} slowest first (by best time)
 * @example await timeCatalogQueries('dist/catalog/sql', url, 3);
 */
export async function timeCatalogQueries(dir, url, runs) {
  const files = readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.sql')).sort();
  const results = [];
  await withClient(url, async (c) => {
    // As introspection pins them (pin-settings.sql): JIT would compile these short queries,
    // which then take several times longer than they run.
    await c.query(`SELECT set_config('search_path', '', false), set_config('jit', 'off', false)`);
    for (const file of files) {
      const sql = readFileSync(join(dir, String(file)), 'utf8');
      const code = sql.replace(/--.*$/gm, '');
      const maxParam = Math.max(0, ...[...code.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
      if (!/\$1::text\[\]/.test(code) || maxParam > 3) continue;
      const params = [null, null, BOOKKEEPING].slice(0, maxParam);
      const ms = [];
      let rows = 0;
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        const res = await c.query(sql, params);
        ms.push(performance.now() - started);
        rows = res.rowCount ?? res.rows.length;
      }
      results.push({ file: String(file), ms, rows });
    }
  });
  return results.sort((x, y) => Math.min(...y.ms) - Math.min(...x.ms));
}
