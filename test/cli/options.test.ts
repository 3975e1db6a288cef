import { defaultDatabaseUrl, requireDatabaseUrl } from '../../src/sources/connection-url.js';
import { parseDuration } from '../../src/cli/options.js';
import { InputError } from '../../src/errors.js';

describe('defaultDatabaseUrl', () => {
  test('DATABASE_URL wins over PG* variables', () => {
    expect(defaultDatabaseUrl({ DATABASE_URL: 'postgres://a@b/c', PGHOST: 'x' })).toBe('postgres://a@b/c');
  });

  test('libpq variables build a URL, the password encoded', () => {
    const url = defaultDatabaseUrl({ PGHOST: 'db.internal', PGPORT: '6432', PGUSER: 'app', PGPASSWORD: 'p@ss:word', PGDATABASE: 'shop' });
    const u = new URL(url!);
    expect(u.hostname).toBe('db.internal');
    expect(u.port).toBe('6432');
    expect(decodeURIComponent(u.username)).toBe('app');
    expect(decodeURIComponent(u.password)).toBe('p@ss:word');
    expect(u.pathname).toBe('/shop');
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

describe('parseDuration', () => {
  test.each([
    ['500', 500],
    ['500ms', 500],
    ['5s', 5000],
    ['1.5s', 1500],
    ['2min', 120000],
  ])('%s → %d ms', (text, ms) => expect(parseDuration(text, '--x')).toBe(ms));

  test('rejects words', () => expect(() => parseDuration('soon', '--lock-timeout')).toThrow(/--lock-timeout: "soon"/));
});
