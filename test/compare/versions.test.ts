import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { introspect } from '../../src/catalog/introspect.js';
import { compare } from '../../src/compare/compare.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { canonicalBody, canonicalFragment, loadParser } from '../../src/compare/postgres/canonical.js';
import type { FragmentKind } from '../../src/compare/postgres/wrappers.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../helpers/db.js';

/**
 * The same DDL (fixtures/version-corpus.sql) applied to PostgreSQL 18 (the embedded test server)
 * and to PostgreSQL 15 (the Debian cluster on port 5432, when it is up): the catalog text each
 * prints (fixtures/catalog-text.sql) must canonicalise to the same forms. PostgreSQL 15 prints
 * views differently (columns of a lone relation qualified), so this is a real test of the
 * normalisation, not of identical strings.
 */

const CORPUS = readFileSync(new URL('./fixtures/version-corpus.sql', import.meta.url), 'utf8');
const CATALOG_TEXT = readFileSync(new URL('./fixtures/catalog-text.sql', import.meta.url), 'utf8');
const PG15_URL = process.env.PGDRIFT_PG15_URL ?? 'postgres://postgres:pgdrift-ci@127.0.0.1:5432/postgres';

interface TextRow {
  readonly kind: string;
  readonly key: string;
  readonly text: string;
}

/** The canonical form of one row, by the kind of catalog text it is. */
function canonical(row: TextRow): string {
  if (row.kind.startsWith('function body ')) return canonicalBody(row.kind.slice('function body '.length), row.text);
  const kinds: Record<string, FragmentKind> = {
    default: 'expression',
    generated: 'expression',
    'domain default': 'expression',
    'index predicate': 'expression',
    'policy using': 'expression',
    'policy check': 'expression',
    'trigger condition': 'expression',
    constraint: 'constraint',
    'domain check': 'constraint',
    index: 'index',
    trigger: 'trigger',
    view: 'view',
    'materialized view': 'view',
    'partition key': 'partition key',
    'partition bound': 'partition bound',
  };
  const kind = kinds[row.kind];
  if (!kind) throw new Error(`no fragment kind for ${row.kind}`);
  return canonicalFragment(kind, row.text);
}

async function catalogText(url: string): Promise<TextRow[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<TextRow>(CATALOG_TEXT)).rows;
  } finally {
    await c.end();
  }
}

/** The schema behind `url` as pgdrift's introspection reads it. */
async function snapshotOf(url: string): Promise<Snapshot> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await introspect(c, { ownersDeclared: false }, { kind: 'postgres', description: 'test' });
  } finally {
    await c.end();
  }
}

const byKey = (rows: readonly TextRow[]) => new Map(rows.map((r) => [`${r.kind} ${r.key}`, r]));

/** A database on the PostgreSQL 15 cluster, or null with the reason it is not reachable. */
async function pg15Database(): Promise<{ url: string; drop(): Promise<void> } | string> {
  const admin = new pg.Client({ connectionString: PG15_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (e) {
    return `PostgreSQL 15 at ${new URL(PG15_URL).host} is not reachable (${(e as Error).message})`;
  }
  try {
    const version = (await admin.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]?.v ?? '';
    if (!version.startsWith('15')) return `the server at ${new URL(PG15_URL).host} is ${version}, not PostgreSQL 15`;
    const name = `pgdrift_compare_${process.pid}_${Date.now().toString(36)}`;
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0`);
    const url = new URL(PG15_URL);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async drop() {
        const c = new pg.Client({ connectionString: PG15_URL });
        await c.connect();
        try {
          await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        } finally {
          await c.end();
        }
      },
    };
  } finally {
    await admin.end();
  }
}

let db18: TestDatabase;
let rows18: TextRow[];

beforeAll(async () => {
  await loadParser();
  db18 = await createTestDatabase('pgdrift_cmp');
  await db18.exec(CORPUS);
  rows18 = await catalogText(db18.url);
});

afterAll(async () => {
  await db18?.drop();
});

describe('PostgreSQL 18', () => {
  test('every piece of catalog text parses with its wrapper (plpgsql bodies are text)', () => {
    expect(rows18.length).toBeGreaterThan(80);
    const unparsed = rows18.filter((r) => r.kind !== 'function body plpgsql' && !canonical(r).startsWith('tree:'));
    expect(unparsed).toEqual([]);
  });

  test('objects dropped and rebuilt identically (new OIDs) compare equal', async () => {
    await db18.exec(`
      DROP INDEX app.orders_big_idx;
      CREATE INDEX orders_big_idx ON app.orders (user_id, amount DESC NULLS LAST) INCLUDE (note) WHERE amount > 100 AND note IS NOT NULL;
      ALTER TABLE app.orders DROP CONSTRAINT orders_amount_positive;
      ALTER TABLE app.orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0::numeric);
      ALTER TABLE app.users ADD COLUMN tmp int;
      ALTER TABLE app.users DROP COLUMN tmp;
      CREATE OR REPLACE VIEW app.active_users AS
        SELECT u.id, u.email, coalesce(u.name, 'anon') AS display, u.score * 2 AS double_score
        FROM app.users u WHERE u.status = 'active' AND (u.score > 10 OR u.score IS NULL);`);
    const rebuilt = byKey(await catalogText(db18.url));
    for (const r of rows18) expect([r.kind, r.key, canonical(rebuilt.get(`${r.kind} ${r.key}`)!)]).toEqual([r.kind, r.key, canonical(r)]);
  });
});

/** The test server's major version: when it is 15 itself, there is no second version to compare with. */
async function testServerMajor(): Promise<number> {
  const c = new pg.Client({ connectionString: serverUrl() });
  await c.connect();
  try {
    return Math.floor(Number((await c.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]?.v) / 10000);
  } finally {
    await c.end();
  }
}

const pg15 = (await testServerMajor()) === 15 ? 'the test server is PostgreSQL 15 itself' : await pg15Database();
if (typeof pg15 === 'string') console.warn(`Skipping the PostgreSQL 15 comparison: ${pg15}`);
const describe15 = typeof pg15 === 'string' ? describe.skip : describe;

describe15('PostgreSQL 15 and 18 print the same DDL alike after canonicalisation', () => {
  let rows15: TextRow[];
  const db15 = pg15 as Exclude<typeof pg15, string>;

  beforeAll(async () => {
    const c = new pg.Client({ connectionString: db15.url });
    await c.connect();
    try {
      await c.query(CORPUS);
    } finally {
      await c.end();
    }
    rows15 = await catalogText(db15.url);
  });

  afterAll(async () => {
    await db15.drop();
  });

  test('both versions have the same objects', () => {
    expect([...byKey(rows15).keys()].sort()).toEqual([...byKey(rows18).keys()].sort());
  });

  test('the raw text really differs between them (views)', () => {
    const r15 = byKey(rows15);
    const differing = rows18.filter((r) => r15.get(`${r.kind} ${r.key}`)?.text !== r.text).map((r) => `${r.kind} ${r.key}`);
    expect(differing).toEqual(expect.arrayContaining(['view active_users', 'view casts', 'materialized view order_stats']));
  });

  test('introspected whole, the two databases compare equal (but for the extension build)', async () => {
    const [on15, on18] = await Promise.all([snapshotOf(db15.url), snapshotOf(db18.url)]);
    expect(on15.source.serverVersionNum).toBeLessThan(160000);
    expect([on18.tables.length, on18.views.length, on18.functions.length, on18.triggers.length]).toEqual([8, 12, 5, 2]);
    const diff = await compare(on15, on18);
    // The same extension ships in a newer version with a newer server: that one is real.
    expect(diff.changes.filter((c) => !(c.id === 'extension:btree_gist' && Object.keys(c.actual ?? {}).join() === 'version'))).toEqual([]);
    const reversed = await compare(on18, on15);
    expect(reversed.changes.map((c) => c.id)).toEqual(diff.changes.map((c) => c.id));
  });

  test('every canonical form is equal', () => {
    const r15 = byKey(rows15);
    const unequal = rows18
      .filter((r) => canonical(r) !== canonical(r15.get(`${r.kind} ${r.key}`)!))
      .map((r) => ({ kind: r.kind, key: r.key, pg18: r.text, pg15: r15.get(`${r.kind} ${r.key}`)!.text }));
    expect(unequal).toEqual([]);
  });

  test('a pg_dump of the 15 database restored into 18 compares equal to the original', async () => {
    let dump: string;
    try {
      dump = execFileSync('pg_dump', ['--schema-only', '--no-owner', '--no-privileges', db15.url], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      console.warn(`Skipping the dump/restore check: pg_dump failed (${(e as Error).message.split('\n')[0]})`);
      return;
    }
    const restored = await createTestDatabase('pgdrift_cmp_restore');
    try {
      // Recent pg_dump releases add psql meta-commands (\restrict…), which only psql understands.
      await restored.exec(dump.replace(/^\\.*$/gm, ''));
      const after = byKey(await catalogText(restored.url));
      const unequal = rows15.filter((r) => canonical(r) !== canonical(after.get(`${r.kind} ${r.key}`)!)).map((r) => `${r.kind} ${r.key}`);
      expect(after.size).toBe(rows15.length);
      expect(unequal).toEqual([]);
    } finally {
      await restored.drop();
    }
  });
});
