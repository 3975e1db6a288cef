import { readFile } from 'node:fs/promises';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { loadModule, parseSync } from 'libpg-query';
import { repoRoot, runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/*
 * The promise that pgdrift never writes to a database it inspects, checked on the wire: a
 * recorder sits between the CLI and the server and keeps the text of every statement the
 * client sends (simple Query and extended-protocol Parse messages), as `log_statement = all`
 * would. Each command is run as a user runs it, and every statement must be one a read-only
 * session sends.
 */

const TIMEOUT = 180_000;
const GOLANG = join('fixtures', 'migrations', 'golang-migrate');

/** A TCP relay that records the statements in the frontend's messages and forwards every byte. */
class StatementRecorder {
  readonly statements: string[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((client) => this.relay(client));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as { port: number }).port;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket): void {
    const upstream = connect(this.target.port, this.target.host);
    this.sockets.add(client).add(upstream);
    let pending = Buffer.alloc(0);
    let started = false;
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      pending = Buffer.concat([pending, chunk]);
      // The startup message has no type byte; every later message is type + int32 length.
      if (!started && pending.length >= 4) {
        const len = pending.readInt32BE(0);
        if (pending.length < len) return;
        pending = pending.subarray(len);
        started = true;
      }
      while (started && pending.length >= 5) {
        const len = pending.readInt32BE(1);
        if (pending.length < 1 + len) break;
        const type = String.fromCharCode(pending[0]!);
        const body = pending.subarray(5, 1 + len);
        if (type === 'Q') this.statements.push(cString(body, 0));
        if (type === 'P') this.statements.push(cString(body, body.indexOf(0) + 1));
        pending = pending.subarray(1 + len);
      }
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  }
}

function cString(buf: Buffer, start: number): string {
  return buf.subarray(start, buf.indexOf(0, start)).toString('utf8');
}

// Functions that change something even when called from a SELECT.
const WRITING_FUNCTIONS = new Set(['nextval', 'setval', 'pg_advisory_lock', 'pg_advisory_xact_lock', 'lo_create', 'lo_import', 'lo_export', 'lo_unlink', 'lo_put', 'lo_from_bytea', 'pg_terminate_backend', 'pg_cancel_backend', 'dblink_exec', 'pg_file_write', 'txid_current', 'pg_current_xact_id']);

/**
 * What, in the statements, is not a read: parsed with PostgreSQL's own parser, a statement must
 * be a transaction statement, a setting (SET, SHOW), or a SELECT with no data-modifying CTE, no
 * SELECT INTO, no row locks and no function that writes.
 */
function judge(statements: readonly string[]): string[] {
  const problems: string[] = [];
  for (const text of statements) {
    for (const { stmt } of parseSync(text).stmts ?? []) {
      const [kind, node] = Object.entries(stmt as object)[0] as [string, unknown];
      if (kind === 'TransactionStmt' || kind === 'VariableSetStmt' || kind === 'VariableShowStmt') continue;
      if (kind !== 'SelectStmt') problems.push(`${kind}: ${text.slice(0, 100)}`);
      else for (const why of writesIn(node)) problems.push(`${why}: ${text.slice(0, 100)}`);
    }
  }
  return problems;
}

function writesIn(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) writesIn(n, found);
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt'].includes(key)) found.push(key);
      else if (key === 'lockingClause' || key === 'intoClause') found.push(key);
      else if (key === 'FuncCall') {
        const names = (value as { funcname: { String: { sval: string } }[] }).funcname;
        const name = names[names.length - 1]?.String.sval ?? '';
        if (WRITING_FUNCTIONS.has(name)) found.push(`calls ${name}`);
      }
      writesIn(value, found);
    }
  }
  return found;
}

let recorder: StatementRecorder;
let db: TestDatabase;
let expected: TestDatabase;
let url: string;

beforeAll(async () => {
  [db, expected] = await Promise.all([createTestDatabase('pgdrift_ro_wire'), createTestDatabase('pgdrift_ro_wire_b')]);
  const names = ['000001_create_users', '000002_add_posts'];
  for (const n of names) await db.exec(await readFile(join(repoRoot, GOLANG, `${n}.up.sql`), 'utf8'));
  // Revision 3 recorded as started and failed: diagnose finds it half-applied and builds remedies.
  await db.exec(`CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (3, true)`);
  await expected.exec('CREATE TABLE users (id bigint PRIMARY KEY, "weird\nname" text)');
  const real = new URL(db.url);
  recorder = new StatementRecorder({ host: real.hostname, port: Number(real.port) });
  real.port = String(await recorder.listen());
  real.searchParams.set('sslmode', 'disable');
  url = real.toString();
}, TIMEOUT);

afterAll(async () => {
  await recorder?.close();
  await Promise.all([db?.drop(), expected?.drop()]);
});

beforeEach(() => {
  recorder.statements.length = 0;
});

beforeAll(async () => {
  await loadModule();
});

const commands: [string, () => string[], number[]][] = [
  ['snapshot', () => ['snapshot', url], [0]],
  ['check against another database', () => ['check', '--db', url, '--expected', expected.url], [1]],
  ['check --migrations', () => ['check', '--db', url, '--migrations', GOLANG, '--no-cache'], [1]],
  ['diff --sql, the inspected database on both sides', () => ['diff', url, expected.url, '--sql', '--unsafe'], [0, 1]],
  ['status', () => ['status', '--db', url, '--migrations', GOLANG], [0, 1]],
  ['current', () => ['current', '--db', url, '--migrations', GOLANG], [0, 1]],
  ['diagnose, remedies and all', () => ['diagnose', '--db', url, '--migrations', GOLANG, '--no-cache', '--format', 'json'], [1]],
];

test.each(commands)(
  '%s sends only reads',
  async (_name, args, codes) => {
    const r = await runCli(args());
    if (!codes.includes(r.code ?? -1)) throw new Error(`exit ${r.code}: ${r.stderr}`);
    expect(recorder.statements.length).toBeGreaterThan(0);
    expect(judge(recorder.statements)).toEqual([]);
  },
  TIMEOUT,
);

test('the judge sees a write when there is one (the check can fail)', () => {
  expect(judge(["BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '0'", "SELECT 'DROP TABLE x' AS comment -- UPDATE", 'SET lock_timeout = 5', 'COMMIT'])).toEqual([]);
  expect(judge(['BEGIN', 'INSERT INTO t VALUES (1)', 'COMMIT'])).toEqual(['InsertStmt: INSERT INTO t VALUES (1)']);
  expect(judge(['WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d'])).toEqual([expect.stringMatching(/^DeleteStmt/)]);
  expect(judge(['SELECT * FROM t FOR UPDATE', 'SELECT 1 INTO x', "SELECT pg_catalog.nextval('s')", 'CREATE TEMP TABLE x (i int)'])).toHaveLength(4);
});
