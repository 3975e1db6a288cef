import type { Snapshot } from '../../src/model/snapshot.js';
import { one, snapshotFixture, type FixtureSnapshot } from './fixture.js';

let fixture: FixtureSnapshot;
let snap: Snapshot;

beforeAll(async () => {
  fixture = await snapshotFixture();
  snap = fixture.snapshot;
});
afterAll(async () => {
  await fixture?.cleanup();
});

const table = (schema: string, name: string) => one(snap.tables, `table ${schema}.${name}`, (t) => t.schema === schema && t.name === name);
const column = (t: string, c: string) => one(table('app', t).columns, `column ${t}.${c}`, (x) => x.name === c);
const constraint = (t: string, n: string) =>
  one(snap.constraints, `constraint ${t}.${n}`, (c) => c.schema === 'app' && c.table === t && c.name === n);
const index = (t: string, n: string) => one(snap.indexes, `index ${t}.${n}`, (i) => i.schema === 'app' && i.table === t && i.name === n);

describe('source', () => {
  it('names the server version and the redacted URL', () => {
    expect(snap.formatVersion).toBe(1);
    expect(snap.source.kind).toBe('postgres');
    expect(snap.source.serverVersionNum).toBeGreaterThanOrEqual(150000);
    expect(snap.source.description).toContain(`/${fixture.db.name}`);
    expect(snap.source.description).not.toMatch(/:[^:@/*]+@/);
  });
});

describe('schemas and extensions', () => {
  it('lists user schemas with owner and comment, without system schemas', () => {
    expect(snap.schemas.map((s) => s.name)).toEqual(['app', 'other', 'public']);
    expect(one(snap.schemas, 'schema app', (s) => s.name === 'app')).toEqual({
      name: 'app',
      owner: 'postgres',
      comment: 'application schema',
    });
  });

  it('lists the extension but none of its functions, types or operators', () => {
    expect(snap.extensions).toEqual([{ name: 'citext', version: expect.stringMatching(/^\d+\.\d+$/), schema: 'public' }]);
    expect(snap.functions.filter((f) => f.name.startsWith('citext') || f.schema === 'public')).toEqual([]);
    expect(snap.grants.filter((g) => g.objectType === 'function' && g.schema === 'public')).toEqual([]);
  });
});

describe('tables and columns', () => {
  it('leaves out bookkeeping tables and their sequences, indexes and grants', () => {
    const names = snap.tables.map((t) => `${t.schema}.${t.name}`);
    expect(names).toEqual([
      'app.cache',
      'app.events',
      'app.events_2024',
      'app.events_default',
      'app.measures',
      'app.measures_first',
      'app.orders',
      'app.users',
      'other.thing',
    ]);
    const mentions = JSON.stringify([snap.sequences, snap.indexes, snap.constraints, snap.grants]);
    expect(mentions).not.toMatch(/alembic_version|knex_migrations/);
  });

  it('reads table properties: storage options, RLS, comment, persistence', () => {
    expect({ ...table('app', 'users'), columns: undefined }).toEqual({
      schema: 'app',
      name: 'users',
      kind: 'table',
      persistence: 'permanent',
      partitionKey: null,
      partitionOf: null,
      partitionBound: null,
      inherits: [],
      options: ['autovacuum_enabled=false', 'fillfactor=70'],
      rlsEnabled: true,
      rlsForced: true,
      owner: 'postgres',
      comment: 'people',
      columns: undefined,
    });
    expect(table('app', 'cache').persistence).toBe('unlogged');
    expect(table('app', 'orders').rlsEnabled).toBe(false);
  });

  it('reads partitioned tables and their partitions', () => {
    expect(table('app', 'events')).toMatchObject({ kind: 'partitioned', partitionKey: 'RANGE (created_at)', partitionOf: null });
    expect(table('app', 'events_2024')).toMatchObject({
      kind: 'table',
      partitionKey: null,
      partitionOf: 'app.events',
      // TimeZone is pinned to UTC while reading, so the bound reads the same on every server.
      partitionBound: "FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00')",
    });
    expect(table('app', 'events_default')).toMatchObject({ partitionOf: 'app.events', partitionBound: 'DEFAULT' });
  });

  it('reads the identity of a partition from its partitioned table', () => {
    const parent = one(table('app', 'measures').columns, 'measures.id', (c) => c.name === 'id');
    const child = one(table('app', 'measures_first').columns, 'measures_first.id', (c) => c.name === 'id');
    const identity = {
      generation: 'always',
      sequence: { type: 'integer', start: '7', increment: '1', min: '1', max: '2147483647', cache: '1', cycle: false },
    };
    expect(parent.identity).toEqual(identity);
    // Partitions share the parent's identity from PostgreSQL 17 on; before, they had none.
    expect(child.identity).toEqual((snap.source.serverVersionNum ?? 0) >= 170000 ? identity : null);
    expect(snap.sequences.some((s) => s.name.startsWith('measures'))).toBe(false);
  });

  it('lists columns in order without the dropped one', () => {
    expect(table('app', 'users').columns.map((c) => c.name)).toEqual([
      'id',
      'email',
      'name',
      'mood',
      'created_at',
      'name_upper',
      'home',
      'contact',
      'tags',
    ]);
  });

  it('reads an identity column with its sequence options and no default', () => {
    expect(column('users', 'id')).toEqual({
      name: 'id',
      type: 'bigint',
      collation: null,
      notNull: true,
      default: null,
      identity: {
        generation: 'always',
        sequence: { type: 'bigint', start: '100', increment: '5', min: '1', max: '9223372036854775807', cache: '10', cycle: false },
      },
      generated: null,
      generatedStorage: null,
      comment: null,
    });
    expect(column('orders', 'ref_id').identity).toEqual({
      generation: 'by default',
      sequence: { type: 'integer', start: '1', increment: '1', min: '1', max: '2147483647', cache: '1', cycle: false },
    });
  });

  it('reads a generated column as generated, not as a default', () => {
    expect(column('users', 'name_upper')).toMatchObject({ type: 'text', default: null, generated: 'upper(name)', generatedStorage: 'stored', identity: null });
  });

  it('reads types, collations, defaults, nullability and comments', () => {
    expect(column('users', 'email')).toMatchObject({ type: 'public.citext', notNull: true, comment: 'login', default: null });
    expect(column('users', 'name')).toMatchObject({ type: 'text', collation: '"C"', notNull: false });
    expect(column('users', 'mood')).toMatchObject({ type: 'app.mood', default: "'ok'::app.mood", collation: null });
    expect(column('users', 'created_at')).toMatchObject({ type: 'timestamp with time zone', default: 'now()' });
    expect(column('users', 'tags')).toMatchObject({ type: 'text[]', default: "'{}'::text[]", notNull: true });
    expect(column('users', 'contact')).toMatchObject({ type: 'app.email', collation: null });
    expect(column('orders', 'amount')).toMatchObject({ type: 'numeric(10,2)' });
    expect(column('orders', 'id')).toMatchObject({ type: 'integer', default: "nextval('app.orders_id_seq'::regclass)", identity: null });
  });
});

describe('constraints', () => {
  it('reads a foreign key with actions, deferrability and comment', () => {
    expect(constraint('orders', 'orders_user_fk')).toEqual({
      schema: 'app',
      table: 'orders',
      name: 'orders_user_fk',
      type: 'foreign key',
      definition: 'FOREIGN KEY (user_id) REFERENCES app.users(id) ON UPDATE SET NULL ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED',
      columns: ['user_id'],
      validated: true,
      deferrable: true,
      initiallyDeferred: true,
      references: { schema: 'app', table: 'users', columns: ['id'], match: 'simple', onUpdate: 'set null', onDelete: 'cascade' },
      comment: 'owner of the order',
    });
  });

  it('reads a NOT VALID multi-column MATCH FULL foreign key', () => {
    expect(constraint('orders', 'orders_self_fk')).toMatchObject({
      columns: ['ref_id', 'user_id'],
      validated: false,
      references: { schema: 'app', table: 'orders', columns: ['id', 'user_id'], match: 'full', onUpdate: 'no action', onDelete: 'restrict' },
    });
  });

  it('reads check, NOT VALID check, unique NULLS NOT DISTINCT, deferrable unique and exclusion', () => {
    expect(constraint('orders', 'orders_amount_check')).toMatchObject({
      type: 'check',
      definition: 'CHECK ((amount >= (0)::numeric))',
      columns: ['amount'],
      validated: true,
      references: null,
    });
    expect(constraint('orders', 'orders_status_check')).toMatchObject({
      definition: "CHECK ((status <> ''::text)) NOT VALID",
      validated: false,
    });
    expect(constraint('users', 'users_email_key')).toMatchObject({ type: 'unique', definition: 'UNIQUE NULLS NOT DISTINCT (email)' });
    expect(constraint('orders', 'orders_ref_key')).toMatchObject({ type: 'unique', deferrable: true, initiallyDeferred: false });
    expect(constraint('orders', 'orders_no_overlap')).toMatchObject({
      type: 'exclusion',
      definition: 'EXCLUDE USING gist (during WITH &&)',
      columns: ['during'],
    });
    expect(constraint('users', 'users_pkey')).toMatchObject({ type: 'primary key', columns: ['id'] });
  });

  it('leaves out NOT NULL rows and what partitions inherit', () => {
    expect(snap.constraints.map((c) => `${c.table}.${c.name}`)).toEqual([
      'cache.cache_pkey',
      'events.events_kind_check',
      'events.events_pkey',
      'orders.orders_amount_check',
      'orders.orders_id_user_key',
      'orders.orders_no_overlap',
      'orders.orders_pkey',
      'orders.orders_ref_key',
      'orders.orders_self_fk',
      'orders.orders_status_check',
      'orders.orders_user_fk',
      'users.users_email_key',
      'users.users_pkey',
    ]);
  });
});

describe('indexes', () => {
  it('reads partial, expression, INCLUDE, opclass, ordering and collation keys', () => {
    expect(index('orders', 'orders_open')).toEqual({
      schema: 'app',
      table: 'orders',
      name: 'orders_open',
      definition: "CREATE INDEX orders_open ON app.orders USING btree (status) WHERE (status <> 'done'::text)",
      method: 'btree',
      unique: false,
      keys: ['status'],
      include: [],
      predicate: "status <> 'done'::text",
      valid: true,
      constraint: null,
      options: [],
      comment: 'open orders',
    });
    expect(index('orders', 'orders_lower_status').keys).toEqual(['lower(status) DESC NULLS LAST']);
    expect(index('orders', 'orders_user_incl')).toMatchObject({ keys: ['user_id'], include: ['amount', 'status'] });
    expect(index('orders', 'orders_pattern')).toMatchObject({
      keys: ['status text_pattern_ops', 'amount DESC', 'user_id NULLS FIRST'],
      options: ['fillfactor=80'],
    });
    expect(index('orders', 'orders_status_c').keys).toEqual(['status COLLATE "C"']);
  });

  it('reads an invalid index as not valid', () => {
    expect(index('orders', 'orders_broken')).toMatchObject({ valid: false, keys: ['amount'] });
    expect(index('orders', 'orders_open').valid).toBe(true);
  });

  it('links indexes to the constraints they implement', () => {
    expect(index('users', 'users_pkey')).toMatchObject({ unique: true, constraint: 'users_pkey' });
    expect(index('users', 'users_email_key')).toMatchObject({
      constraint: 'users_email_key',
      definition: 'CREATE UNIQUE INDEX users_email_key ON app.users USING btree (email) NULLS NOT DISTINCT',
    });
    expect(index('orders', 'orders_no_overlap')).toMatchObject({ method: 'gist', unique: false, constraint: 'orders_no_overlap' });
  });

  it('reads indexes of materialized views and partitioned tables', () => {
    expect(index('order_totals', 'order_totals_user')).toMatchObject({ unique: true, keys: ['user_id'], constraint: null });
    expect(index('events', 'events_kind').definition).toBe('CREATE INDEX events_kind ON ONLY app.events USING btree (kind)');
    expect(index('events_2024', 'events_2024_kind_idx').keys).toEqual(['kind']);
  });
});

describe('sequences', () => {
  it('reads a free-standing sequence with all its options', () => {
    expect(one(snap.sequences, 'invoice_seq', (s) => s.name === 'invoice_seq')).toEqual({
      schema: 'app',
      name: 'invoice_seq',
      type: 'integer',
      start: '1000',
      increment: '2',
      min: '1000',
      max: '99999',
      cache: '5',
      cycle: true,
      ownedBy: null,
      owner: 'postgres',
      comment: 'invoices',
    });
  });

  it('reads a serial sequence as owned by its column, and leaves identity sequences out', () => {
    expect(snap.sequences.map((s) => s.name)).toEqual(['invoice_seq', 'orders_id_seq']);
    expect(one(snap.sequences, 'orders_id_seq', (s) => s.name === 'orders_id_seq').ownedBy).toBe('app.orders.id');
  });
});

describe('views', () => {
  it('reads a view with its options and a materialized view', () => {
    const view = one(snap.views, 'active_users', (v) => v.name === 'active_users');
    expect(view).toMatchObject({
      schema: 'app',
      materialized: false,
      options: ['check_option=cascaded', 'security_barrier=true'],
      owner: 'postgres',
      comment: 'happy people',
      columnComments: [],
    });
    // Column qualification in view text changed in PostgreSQL 16; compare/ canonicalises it.
    expect(view.definition).toMatch(/FROM app\.users\s+WHERE (users\.)?mood <> 'sad'::app\.mood;$/);
    const matview = one(snap.views, 'order_totals', (v) => v.name === 'order_totals');
    expect(matview).toMatchObject({ materialized: true, options: [] });
    expect(matview.definition).toMatch(/sum\((orders\.)?amount\) AS total/);
  });
});

describe('determinism', () => {
  it('sorts every list by identity', () => {
    const sorted = <T>(list: readonly T[], key: (x: T) => string) => {
      const keys = list.map(key);
      return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    };
    const k = (...p: string[]) => p.join('\u0000');
    expect(snap.tables.map((t) => k(t.schema, t.name))).toEqual(sorted(snap.tables, (t) => k(t.schema, t.name)));
    expect(snap.indexes.map((i) => k(i.schema, i.table, i.name))).toEqual(sorted(snap.indexes, (i) => k(i.schema, i.table, i.name)));
    expect(snap.functions.map((f) => k(f.schema, f.name, f.identityArguments))).toEqual(
      sorted(snap.functions, (f) => k(f.schema, f.name, f.identityArguments)),
    );
  });
});
