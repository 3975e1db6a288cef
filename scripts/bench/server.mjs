// The server the benchmark measures on. pg_dump refuses a server newer than itself, and a
// comparison on two different majors would measure two different programs, so the server must
// be the same major version as the local pg_dump (Debian's PostgreSQL 15 here).
import { execFileSync } from 'node:child_process';
import pg from 'pg';

const DEBIAN_CLUSTER = ['15', 'main'];
const CI_PASSWORD = 'pgdrift-ci';

export class BenchError extends Error {}

/**
 * Finds (and if need be starts) the server: `PGDRIFT_BENCH_URL` when set, else Debian's
 * PostgreSQL 15 cluster on this machine, with the CI password other scripts use.
 *
 * @returns {Promise<{ adminUrl: string, serverVersion: string, serverMajor: number }>}
 * @example const { adminUrl } = await resolveServer(process.env);
 */
export async function resolveServer(env) {
  if (env.PGDRIFT_BENCH_URL) {
    return { adminUrl: env.PGDRIFT_BENCH_URL, ...(await serverVersion(env.PGDRIFT_BENCH_URL)) };
  }
  if (!hasCommand('pg_ctlcluster')) {
    throw new BenchError('PGDRIFT_BENCH_URL is not set and pg_ctlcluster is not installed: point PGDRIFT_BENCH_URL at a PostgreSQL server of the same major version as pg_dump');
  }
  const [version, cluster] = DEBIAN_CLUSTER;
  if (!clusterRunning(version, cluster)) {
    log(`starting PostgreSQL ${version}/${cluster} (pg_ctlcluster ${version} ${cluster} start)`);
    execFileSync('pg_ctlcluster', [version, cluster, 'start'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const port = clusterPort(version, cluster);
  const adminUrl = `postgres://postgres:${CI_PASSWORD}@127.0.0.1:${port}/postgres`;
  try {
    return { adminUrl, ...(await serverVersion(adminUrl)) };
  } catch (err) {
    if (err.code !== '28P01') throw err;
    // Password authentication failed: the cluster is fresh; give postgres the CI password.
    log(`setting the postgres password of PostgreSQL ${version}/${cluster} to the CI one`);
    execFileSync('su', ['postgres', '-c', `psql -q -p ${port} -c "ALTER USER postgres PASSWORD '${CI_PASSWORD}'"`], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return { adminUrl, ...(await serverVersion(adminUrl)) };
  }
}

/** `pg_dump --version`, e.g. `{ version: '15.18', major: 15 }`. */
export function pgDumpVersion() {
  let out;
  try {
    out = execFileSync('pg_dump', ['--version'], { encoding: 'utf8' });
  } catch {
    throw new BenchError('pg_dump is not installed (or not on PATH): the benchmark compares pgdrift with it');
  }
  const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(out);
  if (!m) throw new BenchError(`cannot read the pg_dump version from "${out.trim()}"`);
  return { version: `${m[1]}.${m[2] ?? '0'}`, major: Number(m[1]) };
}

/** A URL to another database on the same server. */
export function databaseUrl(adminUrl, database) {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The URL without its password, for printing. */
export function redact(url) {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/**
 * Runs `fn` with a connected client and always closes it.
 *
 * @example await withClient(url, (c) => c.query('SELECT 1'));
 */
export async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (err) {
    const failure = new BenchError(`cannot connect to ${redact(url)}: ${err.message}`);
    failure.code = err.code;
    throw failure;
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function serverVersion(url) {
  return withClient(url, async (c) => {
    const { rows } = await c.query(`SELECT current_setting('server_version') AS v, current_setting('server_version_num')::int AS n`);
    return { serverVersion: rows[0].v.split(' ')[0], serverMajor: Math.floor(rows[0].n / 10000) };
  });
}

function hasCommand(name) {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function clusterRunning(version, cluster) {
  try {
    execFileSync('pg_ctlcluster', [version, cluster, 'status'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function clusterPort(version, cluster) {
  try {
    return execFileSync('pg_conftool', ['-s', version, cluster, 'show', 'port'], { encoding: 'utf8' }).trim() || '5432';
  } catch {
    return '5432';
  }
}

function log(line) {
  process.stderr.write(`bench: ${line}\n`);
}
