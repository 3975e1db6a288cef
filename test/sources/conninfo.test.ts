import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnInfoError, isConnectionString, lastValues, parseConnInfo } from '../../src/connection/conninfo.js';
import { asUrl, connectionSettings, withConnectTimeout } from '../../src/connection/settings.js';
import { connectionAttempts } from '../../src/connection/tls.js';

const home = mkdtempSync(join(tmpdir(), 'pgdrift-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const values = (spec: string) => Object.fromEntries(lastValues(parseConnInfo(spec)));

/** The ConnInfoError `run` throws, checked never to show `secret`. */
function refusal(run: () => unknown, secret = 'hunter2'): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ConnInfoError);
    expect((e as Error).message).not.toContain(secret);
    return (e as Error).message;
  }
  throw new Error('no error');
}

describe('parseConnInfo reads both of libpq forms', () => {
  test('a URL: user info decoded, query parameters with libpq decoding (a "+" stays)', () => {
    expect(values('postgresql://app:p%40ss%2Fw@db.internal:6432/shop?sslmode=require&application_name=a+b%20c')).toEqual({
      host: 'db.internal',
      port: '6432',
      user: 'app',
      password: 'p@ss/w',
      dbname: 'shop',
      sslmode: 'require',
      application_name: 'a+b c',
    });
  });

  test('a URL with an IPv6 host, a socket directory, no host at all', () => {
    expect(values('postgres://[::1]:5433/app')).toMatchObject({ host: '::1', port: '5433', dbname: 'app' });
    expect(values('postgres://%2Fvar%2Frun%2Fpostgresql/app')).toMatchObject({ host: '/var/run/postgresql', dbname: 'app' });
    expect(values('postgres:///app?host=/tmp')).toEqual({ dbname: 'app', host: '/tmp' });
  });

  test('keywords: spaces around "=", quoted values with escapes, backslash-escaped spaces', () => {
    expect(values("host = db  user=app password='it\\'s a \\\\ secret' dbname=my\\ db")).toEqual({
      host: 'db',
      user: 'app',
      password: "it's a \\ secret",
      dbname: 'my db',
    });
  });

  test('the last of a repeated keyword wins, as in libpq', () => {
    expect(values('dbname=a dbname=b')).toEqual({ dbname: 'b' });
  });

  test('errors name the keyword, never the value', () => {
    expect(refusal(() => parseConnInfo("host=db password='hunter2"))).toBe('unterminated quoted value of "password" in the connection string');
    expect(refusal(() => parseConnInfo('host=db password=open hunter2'))).toBe(
      'a word without "=value" at character 23 of the connection string (a value with spaces needs quotes)',
    );
    expect(refusal(() => parseConnInfo('postgres://h/db?sslmode=require&hunter2'))).toBe('a URL query parameter has no "=value"');
    expect(refusal(() => connectionSettings('host=db password=open hunter2=x', {}))).toBe('unknown connection option after "password" (a value with spaces needs quotes)');
    expect(refusal(() => parseConnInfo('postgres://u:pw@h/db?password=%zzhunter2'))).toBe('bad percent-encoding in the value of URL query parameter "password"');
    expect(refusal(() => parseConnInfo('postgres://u:hunter2@h:notaport/db'))).toBe('not a valid URL');
  });

  test.each([
    ['postgres://db/app', true],
    ['postgresql://db/app', true],
    ['host=db dbname=app', true],
    ['  dbname=app', true],
    ['schemas/app.snapshot.json', false],
    ['mysql://db/app', false],
    ['./x=y.sql', false],
  ])('isConnectionString(%s) is %s', (spec, expected) => {
    expect(isConnectionString(spec)).toBe(expected);
  });
});

describe('connectionSettings: the string, then the libpq variables, then the defaults', () => {
  test('variables fill in what the string leaves out, and only that', () => {
    const env = { HOME: home, PGHOST: 'envhost', PGPORT: '6000', PGUSER: 'envuser', PGDATABASE: 'envdb', PGPASSWORD: 'envpw', PGSSLMODE: 'require' };
    expect(connectionSettings('postgres://app@db/shop', env)).toMatchObject({ host: 'db', port: 6000, user: 'app', dbname: 'shop', password: 'envpw', sslmode: 'require' });
    expect(connectionSettings('dbname=shop', env)).toMatchObject({ host: 'envhost', user: 'envuser', dbname: 'shop' });
    expect(connectionSettings('postgres://u:own@db/app?sslmode=disable', env)).toMatchObject({ password: 'own', sslmode: 'disable' });
  });

  test('defaults: sslmode prefer, port 5432, the database named after the user, ~/.pgpass, application pgdrift', () => {
    const s = connectionSettings('host=db user=alice', { HOME: home });
    expect(s).toMatchObject({ sslmode: 'prefer', port: 5432, dbname: 'alice', passfile: join(home, '.pgpass'), applicationName: 'pgdrift' });
    expect(s.password).toBeUndefined();
    expect(connectionSettings('host=db', { HOME: home, PGPASSFILE: '/etc/pw' }).passfile).toBe('/etc/pw');
  });

  test('connect_timeout as libpq counts it: seconds, at least two, zero for none', () => {
    expect(connectionSettings('host=db connect_timeout=5', {}).connectTimeoutMs).toBe(5000);
    expect(connectionSettings('host=db connect_timeout=1', {}).connectTimeoutMs).toBe(2000);
    expect(connectionSettings('host=db connect_timeout=0', {}).connectTimeoutMs).toBeUndefined();
    expect(connectionSettings('host=db', { PGCONNECT_TIMEOUT: '7' }).connectTimeoutMs).toBe(7000);
  });

  test('an unknown option, and a bad value, are refused naming them', () => {
    expect(refusal(() => connectionSettings('host=db frobnicate=1', {}))).toBe('unknown connection option "frobnicate"');
    expect(refusal(() => connectionSettings('postgres://db/app?ssl=true', {}))).toBe('unknown URL query parameter "ssl" (libpq spells it sslmode=require)');
    expect(refusal(() => connectionSettings('host=db sslmode=sometimes', {}))).toBe(
      'connection option "sslmode" must be disable, allow, prefer, require, verify-ca, verify-full, not "sometimes"',
    );
    expect(refusal(() => connectionSettings('host=db', { PGSSLMODE: 'yes' }))).toMatch(/^PGSSLMODE must be disable, .*, not "yes"$/);
  });

  test('a guarantee pgdrift cannot give is refused, not ignored', () => {
    expect(refusal(() => connectionSettings('host=db channel_binding=require', {}))).toBe('connection option "channel_binding" must be disable, prefer, not "require"');
    expect(refusal(() => connectionSettings('host=db sslcrl=/etc/crl.pem', {}))).toBe(
      'connection option "sslcrl" is not supported: pgdrift cannot check certificate revocation lists',
    );
    expect(refusal(() => connectionSettings('host=db', { PGSERVICE: 'prod' }))).toMatch(/^PGSERVICE is not supported: pgdrift does not read pg_service\.conf/);
  });

  test('several hosts are refused rather than one picked', () => {
    expect(refusal(() => connectionSettings('host=a,b dbname=app', {}))).toBe('several hosts are not supported: pgdrift connects to one server');
  });
});

describe('connection strings derived from another', () => {
  test('asUrl spells any connection string as a URL, every keyword kept', () => {
    expect(asUrl("host=db user=app password='p w' dbname=shop sslmode=require")).toBe('postgres://app:p%20w@db/shop?sslmode=require');
    expect(asUrl('postgresql://app:pw@db:6432/shop?connect_timeout=3')).toBe('postgres://app:pw@db:6432/shop?connect_timeout=3');
    // A socket directory cannot be a URL's host, and a URL without a host cannot hold a user.
    expect(asUrl('host=/var/run/postgresql user=app dbname=x')).toBe('postgres:///x?host=%2Fvar%2Frun%2Fpostgresql&user=app');
    expect(values(asUrl('host=/var/run/postgresql user=app password=pw dbname=x'))).toEqual({ host: '/var/run/postgresql', user: 'app', password: 'pw', dbname: 'x' });
    expect(values(asUrl('postgres://u@[::1]:5433/a'))).toEqual({ host: '::1', port: '5433', user: 'u', dbname: 'a' });
    expect(new URL(asUrl("host=db user=app password='p@ss/w?rd'")).password).toBe('p%40ss%2Fw%3Frd');
  });

  test('withConnectTimeout sets connect_timeout in whole seconds, replacing one a URL had', () => {
    expect(withConnectTimeout('postgres://db/app?connect_timeout=30&sslmode=require', 2500)).toBe('postgres://db/app?sslmode=require&connect_timeout=3');
    expect(withConnectTimeout('postgres://db/app', 0)).toBe('postgres://db/app?connect_timeout=0');
    const keywords = withConnectTimeout('host=db connect_timeout=30', 4000);
    expect(values(keywords).connect_timeout).toBe('4');
  });
});

describe('connectionAttempts: what each sslmode tries, in order', () => {
  const attempts = (spec: string) => connectionAttempts(connectionSettings(spec, { HOME: home })).map((a) => a.tls);
  test.each([
    ['disable', [false]],
    ['allow', [false, true]],
    ['prefer', [true, false]],
    ['require', [true]],
  ])('%s → %j', (mode, expected) => {
    expect(attempts(`host=db sslmode=${mode}`)).toEqual(expected);
  });

  test('a Unix socket never uses TLS', () => {
    expect(attempts('host=/var/run/postgresql sslmode=require')).toEqual([false]);
  });

  test('require checks neither chain nor name; verify-ca the chain only; verify-full both', () => {
    const options = (extra: string) => {
      const [first] = connectionAttempts(connectionSettings(`host=db sslrootcert=system ${extra}`, { HOME: home }));
      return first?.tls ? first.options : null;
    };
    const require = connectionAttempts(connectionSettings('host=db sslmode=require', { HOME: home }))[0];
    expect(require?.tls && require.options.rejectUnauthorized).toBe(false);
    expect(options('sslmode=verify-ca')).toMatchObject({ rejectUnauthorized: true });
    expect(options('sslmode=verify-ca')?.checkServerIdentity).toBeInstanceOf(Function);
    expect(options('sslmode=verify-full')).toMatchObject({ rejectUnauthorized: true });
    expect(options('sslmode=verify-full')?.checkServerIdentity).toBeUndefined();
  });
});
