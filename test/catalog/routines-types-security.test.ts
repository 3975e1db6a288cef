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

const routine = (name: string, args: string) =>
  one(snap.functions, `${name}(${args})`, (f) => f.schema === 'app' && f.name === name && f.identityArguments === args);
const trigger = (name: string) => one(snap.triggers, `trigger ${name}`, (t) => t.name === name);

describe('functions and procedures', () => {
  it('reads an SQL-standard body function with every attribute', () => {
    expect(routine('add', 'a integer, b integer')).toEqual({
      schema: 'app',
      name: 'add',
      kind: 'function',
      identityArguments: 'a integer, b integer',
      arguments: 'a integer, b integer DEFAULT 1',
      returns: 'integer',
      language: 'sql',
      body: 'RETURN (a + b)',
      volatility: 'immutable',
      strict: true,
      securityDefiner: false,
      leakproof: true,
      parallel: 'safe',
      config: [],
      owner: 'postgres',
      comment: 'sum',
    });
  });

  it('keeps overloads apart and reads prosrc bodies', () => {
    expect(routine('add', 'a numeric, b numeric')).toMatchObject({ body: 'SELECT a + b', volatility: 'volatile', strict: false });
    expect(routine('touch', '')).toMatchObject({
      language: 'plpgsql',
      returns: 'trigger',
      body: "BEGIN NEW.status := 'touched'; RETURN NEW; END",
    });
  });

  it('reads security definer, settings and an explicit owner', () => {
    expect(routine('secure', '')).toMatchObject({
      securityDefiner: true,
      volatility: 'stable',
      config: ['search_path=app, pg_temp', 'work_mem=8MB'],
      owner: fixture.owner,
    });
  });

  it('reads a procedure with a BEGIN ATOMIC body and no result', () => {
    const proc = one(snap.functions, 'archive', (f) => f.name === 'archive');
    expect(proc).toMatchObject({ kind: 'procedure', returns: null, language: 'sql' });
    expect(proc.body).toMatch(/^BEGIN ATOMIC\s+DELETE FROM app\.orders\s+WHERE \(orders\.id < archive\.days\);\s+END$/);
  });
});

describe('triggers', () => {
  it('reads a disabled row trigger with a condition and column list', () => {
    expect(trigger('orders_touch')).toEqual({
      schema: 'app',
      table: 'orders',
      name: 'orders_touch',
      definition:
        'CREATE TRIGGER orders_touch BEFORE INSERT OR UPDATE OF status ON app.orders FOR EACH ROW WHEN ((new.amount > (0)::numeric)) EXECUTE FUNCTION app.touch()',
      timing: 'before',
      events: ['insert', 'update'],
      level: 'row',
      function: 'app.touch',
      condition: '(new.amount > (0)::numeric)',
      enabled: 'disabled',
      comment: null,
    });
  });

  it('reads a statement trigger enabled ALWAYS with a comment', () => {
    expect(trigger('orders_truncate')).toMatchObject({
      timing: 'after',
      events: ['delete', 'truncate'],
      level: 'statement',
      condition: null,
      enabled: 'always',
      comment: 'audit',
    });
  });

  it('lists a partitioned table trigger once, not its clones on partitions, and no internal FK triggers', () => {
    expect(snap.triggers.map((t) => `${t.table}.${t.name}`)).toEqual([
      'events.events_touch',
      'orders.orders_touch',
      'orders.orders_truncate',
      'user_names.user_names_insert',
    ]);
    expect(trigger('events_touch').enabled).toBe('replica');
  });

  it('reads an INSTEAD OF trigger on a view', () => {
    expect(trigger('user_names_insert')).toMatchObject({
      table: 'user_names',
      timing: 'instead of',
      events: ['insert'],
      level: 'row',
      function: 'app.insert_name',
      enabled: 'origin',
    });
  });
});

describe('types', () => {
  it('reads enums with labels in sort order, an owner and a comment', () => {
    expect(snap.enums).toEqual([
      { schema: 'app', name: 'empty_enum', labels: [], owner: 'postgres', comment: null },
      { schema: 'app', name: 'mood', labels: ['sad', 'ok', 'happy'], owner: fixture.owner, comment: 'how it feels' },
    ]);
  });

  it('reads domains with collation, default, NOT NULL and checks (NOT VALID too)', () => {
    expect(one(snap.domains, 'email', (d) => d.name === 'email')).toEqual({
      schema: 'app',
      name: 'email',
      baseType: 'text',
      collation: '"C"',
      default: "'x@example.com'::text",
      notNull: true,
      checks: [
        { name: 'email_at', definition: "CHECK ((VALUE ~~ '%@%'::text))", validated: true, comment: null },
        { name: 'email_len', definition: 'CHECK ((length(VALUE) < 200))', validated: true, comment: null },
        { name: 'email_lower', definition: 'CHECK ((VALUE = lower(VALUE))) NOT VALID', validated: false, comment: null },
      ],
      owner: 'postgres',
      comment: 'an address',
    });
    expect(one(snap.domains, 'positive', (d) => d.name === 'positive')).toMatchObject({
      baseType: 'numeric(12,2)',
      collation: null,
      default: null,
      notNull: false,
      checks: [{ name: 'positive_check', definition: 'CHECK ((VALUE > (0)::numeric))', validated: true }],
    });
  });

  it('reads composite types without dropped attributes, and no table row types or array types', () => {
    expect(snap.compositeTypes).toEqual([
      {
        schema: 'app',
        name: 'address',
        attributes: [
          { name: 'street', type: 'text', collation: null },
          { name: 'city', type: 'text', collation: '"C"' },
          { name: 'zip', type: 'character varying(10)', collation: null },
        ],
        owner: 'postgres',
        comment: 'postal',
      },
    ]);
  });
});

describe('row-level security', () => {
  it('reads permissive and restrictive policies with roles and expressions', () => {
    expect(snap.policies).toEqual([
      {
        schema: 'app',
        table: 'users',
        name: 'users_insert',
        command: 'insert',
        permissive: false,
        roles: ['public'],
        using: null,
        withCheck: "(mood <> 'sad'::app.mood)",
        comment: null,
      },
      {
        schema: 'app',
        table: 'users',
        name: 'users_self',
        command: 'select',
        permissive: true,
        roles: [fixture.owner, fixture.reader].sort(),
        using: '(name = CURRENT_USER)',
        withCheck: null,
        comment: null,
      },
    ]);
  });
});

describe('grants', () => {
  it('reads grants of every kind, without the owner’s implicit rights', () => {
    const r = fixture.reader;
    const grant = (objectType: string, object: string, column: string | null, grantee: string, privilege: string, grantable = false) => ({
      objectType,
      schema: objectType === 'schema' ? object : 'app',
      object,
      column,
      grantee,
      privilege,
      grantable,
    });
    expect(snap.grants.filter((g) => g.schema === 'app')).toEqual([
      grant('column', 'users', 'name', r, 'UPDATE'),
      grant('function', 'add(a integer, b integer)', null, 'public', 'EXECUTE'),
      grant('function', 'add(a numeric, b numeric)', null, 'public', 'EXECUTE'),
      grant('function', 'archive(IN days integer)', null, 'public', 'EXECUTE'),
      grant('function', 'insert_name()', null, 'public', 'EXECUTE'),
      // REVOKE … FROM PUBLIC shows as the default PUBLIC EXECUTE being absent.
      grant('function', 'secure()', null, r, 'EXECUTE'),
      grant('function', 'touch()', null, 'public', 'EXECUTE'),
      grant('schema', 'app', null, r, 'USAGE'),
      grant('sequence', 'invoice_seq', null, r, 'USAGE'),
      grant('table', 'active_users', null, 'public', 'SELECT'),
      grant('table', 'users', null, r, 'INSERT', true),
      grant('table', 'users', null, r, 'SELECT', true),
    ]);
    expect(snap.grants.some((g) => g.grantee === 'postgres' || g.grantee === fixture.owner)).toBe(false);
  });
});
