import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Change } from '../../src/compare/change.js';
import { compare } from '../../src/compare/compare.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { snapshotDatabase } from '../../src/sources/database.js';
import { snapshotSqlSource } from '../../src/sources/sql-files.js';
import { runCli } from '../helpers/cli.js';
import { serverUrl } from '../helpers/db.js';
import { summarise } from './support/match.js';
import { majorOf, OTHER_URL, runSql, withDatabase } from './support/second-server.js';
import { corpusRoles } from './support/server.js';
import { clientMajor, dumpSchema } from './support/tools.js';
import { versionCorpusSql } from './support/version-corpus.js';

/**
 * The broad DDL corpus (fixtures/versions/) must never drift between PostgreSQL versions nor
 * between the embedded PGlite shadow and a server:
 * 1. loaded on the test server (PostgreSQL 18 unless PGDRIFT_TEST_URL says otherwise) and on a
 *    second server of another major version (PGDRIFT_DRIFT_OTHER_URL, or Debian's PostgreSQL 15);
 * 2. as a `.sql` source (the PGlite shadow) against the live database;
 * 3. the live database's `pg_dump --schema-only` as the `.sql` source, against the same database.
 * The live database is the second server's when it answers, else the test server's. And the
 * comparisons are not silent for want of looking: one change each to a sample of the constructs
 * is reported, and nothing else.
 */
const TAG = 'vc';

const [mainMajor, otherMajor] = await Promise.all([majorOf(serverUrl()), majorOf(OTHER_URL)]);
const otherSkip =
  typeof otherMajor === 'string' ? otherMajor : otherMajor === mainMajor ? `the second server runs the same major version (${otherMajor})` : null;
/** The server the live database is on: the second one when it answers (the usual production versions). */
const liveServer = typeof otherMajor === 'number' ? OTHER_URL : serverUrl();
const liveMajor = typeof otherMajor === 'number' ? otherMajor : (mainMajor as number);
const dumpMajor = await clientMajor('pg_dump');
const dumpSkip =
  dumpMajor === null ? 'pg_dump is not on PATH' : dumpMajor < liveMajor ? `pg_dump ${dumpMajor} cannot dump a PostgreSQL ${liveMajor} server` : null;

/** Each server installs its own default extension versions: a real difference, the only one allowed between servers. */
const extensionVersionOnly = (c: Change) => c.objectType === 'extension' && c.kind === 'changed' && Object.keys(c.expected ?? {}).join() === 'version';

describe('never drift: the version corpus', () => {
  const roles = Object.values(corpusRoles(TAG));
  const name = (what: string) => `pgdrift_vc_${what}_${process.pid}_${Date.now().toString(36)}`;
  const created: Array<readonly [server: string, database: string]> = [];
  const servers = otherSkip === null ? [serverUrl(), OTHER_URL] : [liveServer];
  let sql: string;
  let dir: string;
  let live: string;
  let declared: Snapshot;

  async function corpusDatabase(server: string, what: string): Promise<string> {
    const database = name(what);
    await runSql(server, `CREATE DATABASE "${database}" TEMPLATE template0`);
    created.push([server, database]);
    const url = withDatabase(server, database);
    await runSql(url, sql);
    return url;
  }

  beforeAll(async () => {
    sql = await versionCorpusSql(TAG);
    dir = await mkdtemp(join(tmpdir(), 'pgdrift-vc-'));
    for (const server of servers) await runSql(server, roles.map((r) => `DROP ROLE IF EXISTS ${r}; CREATE ROLE ${r};`).join('\n'));
    live = await corpusDatabase(liveServer, 'live');
    const file = join(dir, 'schema.sql');
    await writeFile(file, sql);
    declared = await snapshotSqlSource(file);
  }, 300_000);

  afterAll(async () => {
    for (const [server, database] of created) await runSql(server, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => {});
    for (const server of servers) await runSql(server, roles.map((r) => `DROP ROLE IF EXISTS ${r};`).join('\n')).catch(() => {});
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 120_000);

  (otherSkip === null ? test : test.skip)(
    `on PostgreSQL ${String(mainMajor)} and ${typeof otherMajor === 'number' ? otherMajor : '?'}${otherSkip === null ? '' : ` (skipped: ${otherSkip})`}`,
    async () => {
      const onMain = await corpusDatabase(serverUrl(), 'main');
      const [a, b] = await Promise.all([snapshotDatabase(onMain), snapshotDatabase(live)]);
      expect(a.source.serverVersionNum).not.toBe(b.source.serverVersionNum);
      for (const [e, x] of [[a, b], [b, a]] as const) {
        expect((await compare(e, x)).changes.filter((c) => !extensionVersionOnly(c)).map(summarise)).toEqual([]);
      }
    },
    300_000,
  );

  test(`as a .sql source in the PGlite shadow and live on PostgreSQL ${liveMajor}`, async () => {
    const actual = await snapshotDatabase(live);
    expect(declared.tables.length).toBeGreaterThan(40);
    expect(declared.views.length).toBeGreaterThan(35);
    expect(declared.functions.length).toBeGreaterThan(35);
    expect(declared.tables.length).toBe(actual.tables.length);
    expect((await compare(declared, actual)).changes.map(summarise)).toEqual([]);
  }, 300_000);

  test('pgdrift check --expected schema.sql exits 0 against a live database whose settings change how the catalog prints', async () => {
    const url = await corpusDatabase(liveServer, 'settings');
    const database = new URL(url).pathname.slice(1);
    // Set for the database, so every new session (pgdrift's) starts with them.
    const settings = [
      "bytea_output = 'escape'",
      'standard_conforming_strings = off',
      'quote_all_identifiers = on',
      "DateStyle = 'German, DMY'",
      "IntervalStyle = 'sql_standard'",
      "TimeZone = 'Pacific/Chatham'",
      'extra_float_digits = 3',
    ];
    await runSql(liveServer, settings.map((set) => `ALTER DATABASE "${database}" SET ${set};`).join('\n'));
    const result = await runCli(['check', '--db', url, '--expected', join(dir, 'schema.sql')]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toContain('no drift');
  }, 300_000);

  (dumpSkip === null ? test : test.skip)(
    `pg_dump --schema-only of the live database as the .sql source${dumpSkip === null ? '' : ` (skipped: ${dumpSkip})`}`,
    async () => {
      const file = join(dir, 'dump.sql');
      const dump = await dumpSchema(live);
      expect(dump).toContain("SELECT pg_catalog.set_config('search_path', '', false);");
      await writeFile(file, dump);
      const [fromDump, actual] = await Promise.all([snapshotSqlSource(file), snapshotDatabase(live)]);
      expect(fromDump.tables.length).toBe(actual.tables.length);
      expect((await compare(fromDump, actual)).changes.map(summarise)).toEqual([]);
    },
    300_000,
  );

  test('one change to each of a sample of constructs is reported, and nothing else', async () => {
    const copy = await corpusDatabase(liveServer, 'changed');
    await runSql(
      copy,
      `
      -- a literal in a CHECK
      ALTER TABLE shop.products DROP CONSTRAINT products_kind_check,
        ADD CONSTRAINT products_kind_check CHECK (kind IN ('physical', 'digital', 'services'));
      -- a negative default
      ALTER TABLE shop.customers ALTER COLUMN credit SET DEFAULT '-10.49'::numeric;
      -- a view column's expression
      CREATE OR REPLACE VIEW reporting.products_lone AS
      SELECT p.sku, lower(p.title) AS title, p.price_cents / 100 AS euros, p.attrs ->> 'color' AS color, p.attrs -> 'dims' AS dims
      FROM shop.products p WHERE p.attrs ? 'color' AND p.attrs @> '{"dims": {}}'::jsonb;
      -- a sampled view's REPEATABLE seed
      CREATE OR REPLACE VIEW cms.sampled AS SELECT id FROM cms.pages TABLESAMPLE SYSTEM (10) REPEATABLE (43);
      -- an index predicate
      DROP INDEX shop.customers_live;
      CREATE INDEX customers_live ON shop.customers (created_at DESC NULLS LAST, id) INCLUDE (email, country)
        WHERE deleted_at IS NULL AND email IS NULL;
      COMMENT ON INDEX shop.customers_live IS 'live customers by recency';
      -- a SQL-standard body
      CREATE OR REPLACE FUNCTION api.net_price(gross numeric, vat numeric DEFAULT 19.0) RETURNS numeric
        LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN round(gross / (1 + vat / 100), 3);
      -- a trigger's WHEN
      DROP TRIGGER order_state_paid ON shop."order";
      CREATE TRIGGER order_state_paid AFTER UPDATE OF state ON shop."order"
        FOR EACH ROW WHEN (NEW.state = 'shipped'::shop.order_state AND OLD.state <> NEW.state)
        EXECUTE FUNCTION shop.log_change();
      -- a policy expression
      ALTER POLICY tenant_isolation ON tenancy.documents USING (tenant_id = current_setting('app.tenant_id')::uuid);
      -- a partition bound
      ALTER TABLE events.numbers DETACH PARTITION events.numbers_pos;
      ALTER TABLE events.numbers ATTACH PARTITION events.numbers_pos FOR VALUES FROM (-0.5) TO (2e6);
      -- a domain CHECK
      ALTER DOMAIN shop.sku DROP CONSTRAINT sku_length;
      ALTER DOMAIN shop.sku ADD CONSTRAINT sku_length CHECK (char_length(VALUE) BETWEEN 8 AND 33);
      -- a column grant
      REVOKE UPDATE (body) ON tenancy.documents FROM ${corpusRoles(TAG).r2};
      -- a table grant given with GRANT ALL
      REVOKE TRUNCATE ON "Billing"."Invoice" FROM ${corpusRoles(TAG).r1};
      `,
    );
    const changes = (await compare(declared, await snapshotDatabase(copy))).changes.filter((c) => !extensionVersionOnly(c));
    expect(changes.map((c) => `${c.kind} ${c.id}${c.kind === 'changed' ? ` ${Object.keys(c.expected ?? {}).join(',')}` : ''}`).sort()).toEqual(
      [
        'changed constraint:shop.products.products_kind_check definition',
        'changed column:shop.customers.credit default',
        'changed view:reporting.products_lone definition',
        'changed view:cms.sampled definition',
        'changed index:shop.customers.customers_live definition,predicate',
        'changed function:api.net_price(gross numeric, vat numeric) body',
        'changed trigger:shop.order.order_state_paid definition,condition',
        'changed policy:tenancy.documents.tenant_isolation using',
        'changed table:events.numbers_pos partitionBound',
        'changed domain:shop.sku checks',
        `missing grant:column tenancy.documents.body to ${corpusRoles(TAG).r2} UPDATE`,
        `missing grant:table Billing.Invoice to ${corpusRoles(TAG).r1} TRUNCATE`,
      ].sort(),
    );
  }, 300_000);
});
