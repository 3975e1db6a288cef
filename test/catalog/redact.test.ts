import { redactText, redactUrl } from '../../src/redact.js';

describe('redactUrl', () => {
  it.each([
    ['postgres://app:s3cret@db:5432/app', 'postgres://app:***@db:5432/app'],
    ['postgresql://app:s3cret@db/app?sslmode=require', 'postgresql://app:***@db/app?sslmode=require'],
    ['postgres://app@db/app', 'postgres://app@db/app'],
    ['postgres://db/app', 'postgres://db/app'],
    ['postgres://app:@db/app', 'postgres://app:***@db/app'],
    ['postgres://app:p%40ss%2Fword@db/app', 'postgres://app:***@db/app'],
    // Unencoded '@', '/' and '?' in the password: the last '@' ends the userinfo.
    ['postgres://app:p@ss/w?rd@db:5432/app', 'postgres://app:***@db:5432/app'],
    ['postgres://app@db/app?password=s3cret&sslmode=disable', 'postgres://app@db/app?password=***&sslmode=disable'],
    ['postgres://db/app?sslmode=disable&PASSWORD=s3cret', 'postgres://db/app?sslmode=disable&PASSWORD=***'],
    ['postgres://app:a@h1:5432,h2:5433/app', 'postgres://app:***@h1:5432,h2:5433/app'],
    ['host=db user=app password=s3cret dbname=app', 'host=db user=app password=*** dbname=app'],
    ["host=db password='s3 cret' dbname=app", 'host=db password=*** dbname=app'],
    ['postgres://db/app?application_name=a@b', 'postgres://db/app?application_name=a@b'],
    // An '@' after the password could be part of it: everything up to it is hidden.
    ['postgres://app:pw@db/app?application_name=a@b', 'postgres://app:***@b'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe('redactText', () => {
  it('masks the URL and its password wherever it appears, raw or decoded', () => {
    const url = 'postgres://app:p%40ss@db/app';
    expect(redactText(`failed: ${url} (password p@ss, raw p%40ss)`, [url])).toBe(
      'failed: postgres://app:***@db/app (password ***, raw ***)',
    );
  });

  it('masks a password given as a query parameter', () => {
    const url = 'postgres://db/app?password=hunter2';
    expect(redactText('auth with hunter2 failed', [url])).toBe('auth with *** failed');
  });

  it('leaves text alone when the URL has no password', () => {
    expect(redactText('postgres://db/app is down', ['postgres://db/app'])).toBe('postgres://db/app is down');
  });
});

describe('redaction follows the structure of connection strings, never the password text', () => {
  it('a password that is also the scheme leaves "postgres://" alone', () => {
    const url = 'postgres://app:postgres@db/app';
    expect(redactUrl(url)).toBe('postgres://app:***@db/app');
    expect(redactText(`cannot connect to ${url}: refused`, [url])).toBe('cannot connect to postgres://app:***@db/app: refused');
    expect(redactText('see postgres://other@db/app for postgres', [url])).toBe('see postgres://other@db/app for ***');
  });

  it('a password inside a longer word is left alone; standing alone it is masked', () => {
    const url = 'postgres://app:x@db/app';
    expect(redactText('the server closed the connection unexpectedly', [url])).toBe('the server closed the connection unexpectedly');
    expect(redactText('password was "x"', [url])).toBe('password was "***"');
  });

  it.each([
    ["host=db password=s3\\ cret dbname=app", 'host=db password=*** dbname=app'],
    ["host=db password = 'it\\'s' dbname=app", 'host=db password = *** dbname=app'],
    // Not libpq syntax (a quote is escaped with a backslash): hidden from the password on.
    ["host=db password='it''s' dbname=app", 'host=db password=***'],
    ["host=db password='a\\'b c' sslpassword=keypass", 'host=db password=*** sslpassword=***'],
    ['password=s3cret', 'password=***'],
    // Unterminated quote: everything from the password on is hidden.
    ["host=db password='s3 cret dbname=app", 'host=db password=***'],
    ['postgres://app@db/app?sslpassword=kp&sslmode=require', 'postgres://app@db/app?sslpassword=***&sslmode=require'],
  ])('%s → %s', (spec, expected) => {
    expect(redactUrl(spec)).toBe(expected);
  });

  it('a keyword connection string echoed in a message keeps the message readable', () => {
    const spec = "host=127.0.0.1 port=1 password='s3 cret'";
    expect(redactText(`cannot connect to ${spec}: connection refused`, [spec])).toBe(
      "cannot connect to host=127.0.0.1 port=1 password=***: connection refused",
    );
  });

  it('an unknown URL or password= pair in a message is redacted by its structure', () => {
    expect(redactText('Unknown argument: mysql://root:hunter2@db/app', [])).toBe('Unknown argument: mysql://root:***@db/app');
    expect(redactText('Unknown argument: host=db password=hunter2', [])).toBe('Unknown argument: host=db password=***');
    expect(redactText('env PGPASSWORD=hunter2 psql', [])).toBe('env PGPASSWORD=*** psql');
  });

  it('masks PGPASSWORD standing alone in text pgdrift did not write', () => {
    expect(redactText('login with Tr0ub4dor failed', [], { PGPASSWORD: 'Tr0ub4dor' })).toBe('login with *** failed');
  });

  it('percent-encoded and decoded spellings are both masked', () => {
    const url = 'postgres://app:p%23ss%20w@db/app';
    expect(redactText('tool said: p#ss w and p%23ss%20w', [url], {})).toBe('tool said: *** and ***');
  });
});
