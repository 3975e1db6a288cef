import type { Change } from '../../src/compare/change.js';
import { compare } from '../../src/compare/compare.js';
import { snapshotDatabase } from '../../src/sources/database.js';
import { serverUrl } from '../helpers/db.js';
import { summarise } from './support/match.js';
import { majorOf, OTHER_URL, runSql, withDatabase } from './support/second-server.js';
import { richSchemaSql } from './support/rich-schema.js';
import { corpusRoles } from './support/server.js';

/**
 * The rich schema on two servers of different major versions must compare equal. The second
 * server is PGDRIFT_DRIFT_OTHER_URL, or Debian's PostgreSQL 15 as the CI sets it up; the case is
 * skipped (with the reason) when none answers or it runs the same major version.
 */
const [mainMajor, otherMajor] = await Promise.all([majorOf(serverUrl()), majorOf(OTHER_URL)]);
const skip =
  typeof otherMajor === 'string' ? otherMajor : otherMajor === mainMajor ? `the second server runs the same major version (${otherMajor})` : null;

describe('never drift: the same schema on two major versions', () => {
  const tag = 'vx';
  const roles = Object.values(corpusRoles(tag));
  const database = `pgdrift_drift_vx_${process.pid}_${Date.now().toString(36)}`;
  const servers = [serverUrl(), OTHER_URL];

  afterAll(async () => {
    if (skip !== null) return;
    for (const url of servers) {
      await runSql(url, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => {});
      await runSql(url, roles.map((r) => `DROP ROLE IF EXISTS ${r};`).join('\n')).catch(() => {});
    }
  }, 120_000);

  (skip === null ? test : test.skip)(
    `PostgreSQL ${String(mainMajor)} vs ${typeof otherMajor === 'number' ? otherMajor : '?'}${skip === null ? '' : ` (skipped: ${skip})`}`,
    async () => {
      const sql = await richSchemaSql(tag);
      const urls = await Promise.all(
        servers.map(async (url) => {
          await runSql(url, roles.map((r) => `DROP ROLE IF EXISTS ${r}; CREATE ROLE ${r};`).join('\n'));
          await runSql(url, `CREATE DATABASE "${database}" TEMPLATE template0`);
          const dbUrl = withDatabase(url, database);
          await runSql(dbUrl, sql);
          return dbUrl;
        }),
      );
      const [a, b] = await Promise.all(urls.map((u) => snapshotDatabase(u)));
      expect(a!.source.serverVersionNum).not.toBe(b!.source.serverVersionNum);
      // Each server installs its own default extension versions (citext 1.6 on 15, 1.8 on 18):
      // a real difference, and the only one allowed.
      const versionOnly = (c: Change) => c.objectType === 'extension' && c.kind === 'changed' && Object.keys(c.expected ?? {}).join() === 'version';
      for (const [e, x] of [[a!, b!], [b!, a!]] as const) {
        expect((await compare(e, x)).changes.filter((c) => !versionOnly(c)).map(summarise)).toEqual([]);
      }
    },
    120_000,
  );
});
