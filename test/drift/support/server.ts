import pg from 'pg';
import { serverUrl } from '../../helpers/db.js';
import { runSql } from './second-server.js';

/** Runs SQL on the server's maintenance database (roles are cluster-wide). */
export function execAdmin(sql: string): Promise<void> {
  return runSql(serverUrl(), sql);
}

async function readVersion(): Promise<number> {
  const c = new pg.Client({ connectionString: serverUrl() });
  await c.connect();
  try {
    const r = await c.query<{ server_version_num: string }>('SHOW server_version_num');
    return Number(r.rows[0]?.server_version_num);
  } finally {
    await c.end();
  }
}

/** `server_version_num` of the test server, e.g. 180004; cases needing a newer one are skipped. */
export const serverVersionNum: number = await readVersion();

/** Role names unique to this process and corpus: roles outlive databases. */
export function corpusRoles(tag: string): { readonly r1: string; readonly r2: string; readonly r3: string } {
  const base = `pgdrift_drift_${tag}_${process.pid}`;
  return { r1: `${base}_r1`, r2: `${base}_r2`, r3: `${base}_r3` };
}
