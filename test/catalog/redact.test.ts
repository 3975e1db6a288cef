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
