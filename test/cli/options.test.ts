import { defaultDatabaseUrl, requireDatabaseUrl } from '../../src/sources/connection-url.js';
import { parseDuration, toSourceOptions } from '../../src/cli/options.js';
import { InputError } from '../../src/errors.js';

describe('defaultDatabaseUrl', () => {
  test('DATABASE_URL wins over PG* variables', () => {
    expect(defaultDatabaseUrl({ DATABASE_URL: 'postgres://a@b/c', PGHOST: 'x' })).toBe('postgres://a@b/c');
  });

  test('libpq variables build a URL that leaves the password out (the connection reads PGPASSWORD itself)', () => {
    const url = defaultDatabaseUrl({ PGHOST: 'db.internal', PGPORT: '6432', PGUSER: 'app', PGPASSWORD: 'p@ss:word', PGDATABASE: 'shop' });
    const u = new URL(url!);
    expect(u.hostname).toBe('db.internal');
    expect(u.port).toBe('6432');
    expect(decodeURIComponent(u.username)).toBe('app');
    expect(u.password).toBe('');
    expect(url).not.toContain('p%40ss');
    expect(u.pathname).toBe('/shop');
  });

  test('without PGHOST the URL names no host: the connection picks libpq\'s default', () => {
    expect(defaultDatabaseUrl({ PGDATABASE: 'app' })).toBe('postgres:///app');
  });

  test('a socket directory goes in the host parameter', () => {
    const u = new URL(defaultDatabaseUrl({ PGHOST: '/var/run/postgresql', PGDATABASE: 'app' })!);
    expect(u.searchParams.get('host')).toBe('/var/run/postgresql');
  });

  test('the database defaults to the user name, as in libpq', () => {
    expect(new URL(defaultDatabaseUrl({ PGUSER: 'alice' })!).pathname).toBe('/alice');
  });

  test('nothing set gives nothing', () => {
    expect(defaultDatabaseUrl({})).toBeUndefined();
  });
});

describe('requireDatabaseUrl', () => {
  test('explains how to name a database', () => {
    expect(() => requireDatabaseUrl(undefined, {})).toThrow(/pass --db/);
  });

  test('rejects a non-URL without echoing a password', () => {
    let err: unknown;
    try {
      requireDatabaseUrl('mysql://root:hunter2@db/app', {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).not.toContain('hunter2');
  });
});

describe('requireDatabaseUrl takes both forms of connection string', () => {
  test('a keyword string is a database', () => {
    expect(requireDatabaseUrl('host=db dbname=app', {})).toBe('host=db dbname=app');
  });

  test('anything else is refused without its password', () => {
    expect(() => requireDatabaseUrl('db.example.com password=x', {})).toThrow(InputError);
  });
});

describe('toSourceOptions: --connect-timeout reaches every connection', () => {
  const flags = { 'lock-timeout': '5s', 'statement-timeout': '60s' };

  test('the shadow server gets it as libpq\'s connect_timeout, in whole seconds', () => {
    const o = toSourceOptions({ ...flags, 'connect-timeout': '2500ms', 'shadow-url': 'postgres://u:pw@shadow/postgres?sslmode=require' });
    expect(o.connectTimeoutMs).toBe(2500);
    expect(o.shadowUrl).toBe('postgres://u:pw@shadow/postgres?sslmode=require&connect_timeout=3');
    const keywords = toSourceOptions({ ...flags, 'connect-timeout': '4s', 'shadow-url': 'host=shadow dbname=postgres' });
    expect(keywords.shadowUrl).toBe('host=shadow dbname=postgres connect_timeout=4');
  });

  test('without the flag nothing is imposed: the connection string\'s own connect_timeout, else 10 s', () => {
    const o = toSourceOptions({ ...flags, 'shadow-url': 'postgres://shadow/postgres?connect_timeout=30' });
    expect(o.connectTimeoutMs).toBeUndefined();
    expect(o.shadowUrl).toBe('postgres://shadow/postgres?connect_timeout=30');
  });

  test('a --shadow-url that is no connection string is a usage error without its password', () => {
    expect(() => toSourceOptions({ ...flags, 'shadow-url': 'mysql://root:hunter2@db/x' })).toThrow(
      '--shadow-url must be a postgres:// URL or a "host=… dbname=…" connection string, got "mysql://root:***@db/x"',
    );
  });
});

describe('parseDuration', () => {
  test.each([
    ['500', 500],
    ['500ms', 500],
    ['5s', 5000],
    ['1.5s', 1500],
    ['2min', 120000],
    ['1h', 3600000],
  ])('%s → %d ms', (text, ms) => expect(parseDuration(text, '--x')).toBe(ms));

  test('rejects words', () => expect(() => parseDuration('soon', '--lock-timeout')).toThrow(/--lock-timeout: "soon"/));
});
