#!/usr/bin/env node
// npm run bench [-- --tables N --runs K --seed S --per-query]
//
// Builds a large synthetic schema on a PostgreSQL server of pg_dump's own major version and
// prints, from one run, pgdrift's figures next to `pg_dump --schema-only` on the same database:
// snapshot time (library and CLI), check time of a drifted copy, and the check's peak memory.
// Exit 0 whenever the measurement completed (a missed goal is a figure, not a failure);
// 1 when something failed: the server, the load, pg_dump, pgdrift, or a wrong set of changes.
import { existsSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { catalogCounts, benchDatabaseNames, createBenchDatabases, dropBenchDatabases } from './bench/databases.mjs';
import { generateSchema, driftOf } from './bench/generate-schema.mjs';
import { timeCatalogQueries } from './bench/catalog-queries.mjs';
import { timed, timedCall } from './bench/measure.mjs';
import { printResults } from './bench/print-results.mjs';
import { serverCpuMeter, settle } from './bench/server-cpu.mjs';
import { smallSqlCheck, sqlCheck } from './bench/sql-shadow.mjs';
import { measureStartup } from './bench/startup.mjs';
import { BenchError, databaseUrl, pgDumpVersion, redact, resolveServer } from './bench/server.mjs';
import { verifyChanges } from './bench/verify-drift.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST_INDEX = join(ROOT, 'dist', 'index.js');
const DIST_CLI = join(ROOT, 'dist', 'cli', 'main.js');
const DIST_SQL = join(ROOT, 'dist', 'catalog', 'sql');

const USAGE = `usage: npm run bench -- [--tables N] [--runs K] [--seed S] [--per-query]

  --tables N    tables in the synthetic schema (default 2000, ~20 columns each)
  --runs K      repetitions of every measurement; the median is reported (default 3)
  --seed S      seed of the schema generator (default 1)
  --per-query   also time each catalog query file (dist/catalog/sql) on its own

Server: PGDRIFT_BENCH_URL if set (same major version as pg_dump), else Debian's PostgreSQL 15
cluster on this machine, started if needed. Requires a build (npm run build).`;

/** The smaller schema of the .sql-shadow memory figure (issue: a real 150-table billing schema). */
const SMALL_TABLES = 150;

const log = (line) => process.stderr.write(`bench: ${line}\n`);
let interrupted = false;

function options() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        tables: { type: 'string', default: '2000' },
        runs: { type: 'string', default: '3' },
        seed: { type: 'string', default: '1' },
        'per-query': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw new BenchError(`${err.message}\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const int = (flag, min) => {
    const v = Number(values[flag]);
    if (!Number.isInteger(v) || v < min) throw new BenchError(`--${flag} must be an integer ≥ ${min}, not "${values[flag]}"`);
    return v;
  };
  return { tables: int('tables', 3), runs: int('runs', 1), seed: int('seed', 0), perQuery: values['per-query'] };
}

async function main() {
  const opts = options();
  if (!existsSync(DIST_INDEX) || !existsSync(DIST_CLI)) {
    throw new BenchError(`${existsSync(DIST_INDEX) ? DIST_CLI : DIST_INDEX} is missing: build pgdrift first (npm run build)`);
  }
  const dump = pgDumpVersion();
  const server = await resolveServer(process.env);
  if (server.serverMajor !== dump.major) {
    throw new BenchError(
      `pg_dump is PostgreSQL ${dump.version} but the server (${redact(server.adminUrl)}) is ${server.serverVersion}: ` +
        `the comparison needs the same major version on both sides (set PGDRIFT_BENCH_URL to a PostgreSQL ${dump.major} server)`,
    );
  }
  const lib = await import(pathToFileURL(DIST_INDEX).href);

  const schema = generateSchema({ tables: opts.tables, seed: opts.seed });
  const drift = driftOf(schema);
  const names = benchDatabaseNames();
  const urlA = databaseUrl(server.adminUrl, names.a);
  const urlB = databaseUrl(server.adminUrl, names.b);
  const snapshotFile = join(tmpdir(), `${names.a}.snapshot.json`);

  // Ctrl-C must not leave two large databases behind.
  const onSignal = async (signal) => {
    interrupted = true;
    log(`${signal}: dropping ${names.a} and ${names.b}`);
    await dropBenchDatabases(server.adminUrl, names);
    rmSync(snapshotFile, { force: true });
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const failures = [];
  try {
    const loadBefore = loadavg()[0];
    log(`creating ${names.a} (${opts.tables} tables) and ${names.b} on ${redact(server.adminUrl)}`);
    const { loadMs } = await createBenchDatabases(server.adminUrl, names, schema, drift.sql, log);
    const counts = await catalogCounts(urlA);

    // One untimed pg_dump so that every measured run finds the catalog in the OS cache.
    await runPgDump(urlA);

    const ms = { pgDump: [], libSnapshot: [], cliSnapshot: [], libCompare: [], cliCheck: [] };
    const rssKb = { cliSnapshot: [], cliCheck: [] };
    // CPU time of the three whole processes and of the server sessions they used.
    const cpuMs = { pgDump: [], cliSnapshot: [], cliCheck: [] };
    const serverCpuMs = { pgDump: [], cliSnapshot: [], cliCheck: [] };
    const serverCpu = await serverCpuMeter(urlA);
    const metered = async (key, run) => {
      const before = serverCpu?.read();
      const result = await run();
      if (serverCpu && before !== undefined) {
        await settle();
        serverCpuMs[key].push(serverCpu.read() - before);
      }
      cpuMs[key].push(result.cpuMs ?? NaN);
      return result;
    };
    let rssSource = existsSync('/usr/bin/time') ? '/usr/bin/time -f %M' : 'process.resourceUsage().maxRSS';
    let changeCount = null;
    let changesOk = true;
    const snapshotB = await lib.snapshot(urlB);
    for (let run = 1; run <= opts.runs; run++) {
      log(`run ${run}/${opts.runs}`);
      ms.pgDump.push((await metered('pgDump', () => runPgDump(urlA, { measureRss: true }))).ms);

      const { ms: libMs, value: snapshotA } = await timedCall(() => lib.snapshot(urlA));
      ms.libSnapshot.push(libMs);
      if (snapshotA.tables.length !== counts.tables) {
        failures.push(`library snapshot of A has ${snapshotA.tables.length} tables, the catalog ${counts.tables}`);
      }
      const { ms: compareMs, value: report } = await timedCall(() => lib.check(snapshotA, snapshotB));
      ms.libCompare.push(compareMs);
      const libVerdict = verifyChanges(report.changes, drift.expectedChanges);
      if (!libVerdict.ok) failures.push(...libVerdict.problems.map((p) => `library check: ${p}`));

      const snap = await metered('cliSnapshot', () => timed(process.execPath, [DIST_CLI, 'snapshot', urlA, '-o', snapshotFile], { measureRss: true }));
      if (snap.code !== 0) throw new BenchError(`pgdrift snapshot exited ${snap.code}: ${snap.stderr.trim()}`);
      ms.cliSnapshot.push(snap.ms);
      rssKb.cliSnapshot.push(snap.maxRssKb ?? NaN);

      const check = await metered('cliCheck', () =>
        timed(process.execPath, [DIST_CLI, 'check', '--db', urlB, '--expected', urlA, '--format', 'json'], { measureRss: true }),
      );
      if (check.code !== 1) throw new BenchError(`pgdrift check exited ${check.code} (1 expected: B drifts from A): ${check.stderr.trim()}`);
      ms.cliCheck.push(check.ms);
      rssKb.cliCheck.push(check.maxRssKb ?? NaN);
      let json;
      try {
        json = JSON.parse(check.stdout);
      } catch {
        throw new BenchError(`pgdrift check --format json printed no JSON: ${check.stdout.slice(0, 200)}`);
      }
      const verdict = verifyChanges(json.changes, drift.expectedChanges);
      changeCount = Array.isArray(json.changes) ? json.changes.length : null;
      if (!verdict.ok) {
        changesOk = false;
        failures.push(...verdict.problems.map((p) => `CLI check: ${p}`));
      }
    }
    if (rssKb.cliCheck.some(Number.isNaN)) {
      rssSource = 'unavailable';
      failures.push('could not read the peak memory of the CLI processes');
    }
    const snapshotBytes = statSync(snapshotFile).size;
    log('start-up of commands that answer without a database');
    const startup = await measureStartup(DIST_CLI, ROOT, Math.max(10, opts.runs * 5));
    // The embedded shadow holds the whole schema in this process: its peak, next to the
    // two-server check's, for a schema of SMALL_TABLES tables and for the benchmark's own.
    log(`check --expected schema.sql: ${SMALL_TABLES} tables, then ${opts.tables}`);
    const sqlShadow = [
      { tables: SMALL_TABLES, ...(await smallSqlCheck(DIST_CLI, server.adminUrl, names, SMALL_TABLES, opts.seed)) },
      { tables: counts.tables, ...(await sqlCheck(DIST_CLI, urlA, schema)) },
    ];
    const catalogQueries = opts.perQuery && existsSync(DIST_SQL) ? await timeCatalogQueries(DIST_SQL, urlA, opts.runs) : [];

    const { text } = printResults({
      load: [loadBefore, loadavg()[0]],
      cpus: availableParallelism(),
      serverVersion: server.serverVersion,
      pgDumpVersion: dump.version,
      seed: opts.seed,
      runs: opts.runs,
      counts,
      loadMs,
      ms,
      rssKb,
      rssSource,
      cpuMs,
      serverCpuMs,
      snapshotBytes,
      changeCount,
      changesOk,
      catalogQueries,
      startup,
      sqlShadow,
    });
    process.stdout.write(text);
  } finally {
    log(`dropping ${names.a} and ${names.b}`);
    const dropFailures = await dropBenchDatabases(server.adminUrl, names);
    failures.push(...dropFailures.map((f) => `cleanup: ${f}`));
    rmSync(snapshotFile, { force: true });
  }
  if (failures.length) {
    for (const f of [...new Set(failures)]) log(`FAILED ${f}`);
    process.exitCode = 1;
  }
}

async function runPgDump(url, options = {}) {
  const r = await timed('pg_dump', ['--schema-only', '--no-password', '--file=/dev/null', `--dbname=${url}`], options);
  if (r.code !== 0) throw new BenchError(`pg_dump exited ${r.code}: ${r.stderr.trim()}`);
  return r;
}

try {
  await main();
} catch (err) {
  // Server errors (with a SQLSTATE) and our own are complete sentences; anything else is a bug here.
  if (interrupted) await new Promise(() => {}); // the signal handler drops the databases and exits
  const known = err instanceof BenchError || typeof err?.code === 'string';
  log(`error: ${known ? err.message : err?.stack ?? String(err)}`);
  process.exitCode = 1;
}
