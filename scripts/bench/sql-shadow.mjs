// Peak memory of a check whose expected schema is a .sql file: the embedded shadow (PGlite) runs
// the whole file in this process, unlike a check of two servers.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBenchDatabases, dropBenchDatabases } from './databases.mjs';
import { generateSchema } from './generate-schema.mjs';
import { timed } from './measure.mjs';
import { databaseUrl } from './server.mjs';

/**
 * `pgdrift check --db URL --expected schema.sql` where the database holds exactly that schema
 * (exit 0 expected), timed, with its peak RSS.
 *
 * @returns {Promise<{ ms: number, maxRssKb: number | null }>}
 * @example await sqlCheck(cli, url, schema)
 */
export async function sqlCheck(cli, url, schema) {
  const dir = mkdtempSync(join(tmpdir(), 'pgdrift-bench-sql-'));
  try {
    const file = join(dir, 'schema.sql');
    writeFileSync(file, `${schema.preamble}\n${schema.batches.join('\n')}`);
    const r = await timed(process.execPath, [cli, 'check', '--db', url, '--expected', file], { measureRss: true });
    if (r.code !== 0) throw new Error(`pgdrift check --expected schema.sql exited ${r.code} (0 expected): ${(r.stderr || r.stdout).trim().slice(0, 300)}`);
    return { ms: r.ms, maxRssKb: r.maxRssKb };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The same check on a database of its own with a smaller generated schema (`tables` tables),
 * created and always dropped here.
 *
 * @example await smallSqlCheck(cli, adminUrl, names, 150, 1)
 */
export async function smallSqlCheck(cli, adminUrl, names, tables, seed) {
  const schema = generateSchema({ tables, seed });
  const small = { a: `${names.a}_s`, b: `${names.b}_s` };
  try {
    await createBenchDatabases(adminUrl, small, schema, 'SELECT 1', () => {});
    return await sqlCheck(cli, databaseUrl(adminUrl, small.a), schema);
  } finally {
    await dropBenchDatabases(adminUrl, small);
  }
}
