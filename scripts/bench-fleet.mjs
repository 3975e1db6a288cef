#!/usr/bin/env node
// npm run bench:fleet [-- --databases N --tables T --jobs J --drifted K]
//
// A fleet check's cost: N databases of one synthetic T-table schema (template copies, K of them
// drifted), checked with `pgdrift check --db-list … --expected <snapshot> --jobs J`. Prints the
// wall time and the peak memory (GNU time's %M) of the check, and verifies its verdicts: exactly
// the K drifted databases drift. The databases are always dropped, also on Ctrl-C.
// Exit 0 when the measurement completed; 1 when something failed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { driftOf, generateSchema } from './bench/generate-schema.mjs';
import { timed } from './bench/measure.mjs';
import { BenchError, databaseUrl, redact, resolveServer, withClient } from './bench/server.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST_CLI = join(ROOT, 'dist', 'cli', 'main.js');
const log = (line) => process.stderr.write(`bench:fleet: ${line}\n`);

const { values } = parseArgs({
  options: {
    databases: { type: 'string', default: '100' },
    tables: { type: 'string', default: '200' },
    jobs: { type: 'string', default: '8' },
    drifted: { type: 'string', default: '1' },
  },
});
const [databases, tables, jobs, drifted] = [values.databases, values.tables, values.jobs, values.drifted].map(Number);
if (![databases, tables, jobs].every((n) => Number.isInteger(n) && n > 0) || !Number.isInteger(drifted) || drifted < 0 || drifted > databases) {
  process.stderr.write('usage: npm run bench:fleet -- [--databases 100] [--tables 200] [--jobs 8] [--drifted 1]\n');
  process.exit(1);
}

const stem = `pgdrift_fleet_${process.pid}_${randomBytes(3).toString('hex')}`;
const template = `${stem}_template`;
const names = Array.from({ length: databases }, (_, i) => `${stem}_${String(i).padStart(4, '0')}`);
const scratch = mkdtempSync(join(tmpdir(), 'pgdrift-bench-fleet-'));
let adminUrl = null;

async function dropAll() {
  if (adminUrl === null) return;
  await withClient(adminUrl, async (c) => {
    for (const name of [...names, template]) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }).catch((err) => log(`could not drop every database: ${err.message}`));
}

process.on('SIGINT', () => {
  log('interrupted: dropping the databases');
  void dropAll().finally(() => process.exit(130));
});

try {
  const server = await resolveServer(process.env);
  adminUrl = server.adminUrl;
  log(`server ${redact(adminUrl)} (PostgreSQL ${server.serverVersion})`);
  const schema = generateSchema({ tables });
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${template}`));
  await withClient(databaseUrl(adminUrl, template), async (c) => {
    await c.query(schema.preamble);
    for (const sql of schema.batches) await c.query(sql);
  });
  const expected = join(scratch, 'expected.json');
  const snap = await timed(process.execPath, [DIST_CLI, 'snapshot', databaseUrl(adminUrl, template), '-o', expected]);
  if (snap.code !== 0) throw new BenchError(`snapshot of the template failed: ${snap.stderr.trim()}`);
  const started = performance.now();
  await withClient(adminUrl, async (c) => {
    for (const name of names) await c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  });
  const drift = driftOf(schema).sql;
  for (const name of names.slice(0, drifted)) await withClient(databaseUrl(adminUrl, name), (c) => c.query(drift));
  log(`${databases} databases of ${tables} tables created in ${Math.round(performance.now() - started)} ms (${drifted} drifted)`);

  const list = join(scratch, 'databases.txt');
  writeFileSync(list, `${names.map((n) => databaseUrl(adminUrl, n)).join('\n')}\n`);
  const run = await timed(process.execPath, [DIST_CLI, 'check', '--db-list', list, '--expected', expected, '--jobs', String(jobs), '--format', 'json', '--quiet'], { measureRss: true });
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    throw new BenchError(`the check printed no JSON (exit ${run.code}): ${run.stderr.trim().split('\n')[0]}`);
  }
  const expectedExit = drifted > 0 ? 1 : 0;
  if (run.code !== expectedExit || report.summary.drift !== drifted || report.summary.ok !== databases - drifted) {
    throw new BenchError(`wrong verdicts: exit ${run.code}, ${JSON.stringify(report.summary)}`);
  }
  const cores = (await import('node:os')).availableParallelism();
  process.stdout.write(
    [
      `fleet check: ${databases} databases × ${tables} tables, --jobs ${jobs}, PostgreSQL ${server.serverVersion}, ${cores} cores`,
      `  wall time    ${(run.ms / 1000).toFixed(1)} s (${Math.round(run.ms / databases)} ms per database)`,
      `  peak memory  ${run.maxRssKb === null ? 'unknown (no /usr/bin/time)' : `${Math.round(run.maxRssKb / 1024)} MB`}`,
      `  cpu (pgdrift) ${run.cpuMs === null ? 'unknown' : `${(run.cpuMs / 1000).toFixed(1)} s`}`,
      `  verdicts     ${report.summary.ok} ok, ${report.summary.drift} drift (exit ${run.code})`,
      '',
    ].join('\n'),
  );
} catch (err) {
  log(err instanceof BenchError ? err.message : (err.stack ?? String(err)));
  process.exitCode = 1;
} finally {
  await dropAll();
  rmSync(scratch, { recursive: true, force: true });
}
