import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateEnvironment, runMigrateCommand } from '../../src/migrations/migrate-command.js';

const SHADOW = 'postgres://pgdrift_shadow_0a1b2c3d4e5f:s3cret@127.0.0.1:5433/pgdrift_shadow_0a1b2c3d4e5f';

/** What the caller's shell may hold, every variable pointing at production. */
const CALLER = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: '/home/ci',
  PGHOST: 'prod.example',
  PGPORT: '6543',
  PGDATABASE: 'production',
  PGUSER: 'admin',
  PGPASSWORD: 'prod-password',
  PGSERVICE: 'prod',
  PGSERVICEFILE: '/etc/prod-services',
  PGPASSFILE: '/home/ci/.pgpass',
  PGSSLMODE: 'verify-full',
  PGSSLROOTCERT: '/etc/prod-ca.pem',
  PGOPTIONS: '-c search_path=prod',
  DATABASE_URL: 'postgres://admin:prod-password@prod.example/production',
  SQLALCHEMY_DATABASE_URI: 'postgresql://admin@prod.example/production',
  APP_DB_URL: 'postgres://prod.example/production',
  WAREHOUSE_DSN: 'host=prod.example',
  POSTGRES_PASSWORD: 'prod-password',
  UNRELATED: 'kept',
};

describe('the environment of --migrate-cmd', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pgdrift-migrate-env-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reaches the shadow in every way a tool looks for a database, and nothing of the caller’s connection', () => {
    const env = migrateEnvironment(CALLER, SHADOW, 'c5d6e7f8091a');
    expect(env).toEqual({
      PATH: CALLER.PATH,
      HOME: '/home/ci',
      UNRELATED: 'kept',
      DATABASE_URL: SHADOW,
      PGDRIFT_SHADOW_URL: SHADOW,
      PGDRIFT_REVISION: 'c5d6e7f8091a',
      PGHOST: '127.0.0.1',
      PGPORT: '5433',
      PGDATABASE: 'pgdrift_shadow_0a1b2c3d4e5f',
      PGUSER: 'pgdrift_shadow_0a1b2c3d4e5f',
      PGPASSWORD: 's3cret',
    });
  });

  it('is what a real command sees: a fake migration tool printing its environment', async () => {
    const out = join(dir, 'env.txt');
    const saved = { ...process.env };
    Object.assign(process.env, CALLER);
    try {
      await runMigrateCommand({ command: `env > ${out}` }, SHADOW, 'c5d6e7f8091a', []);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
    const seen = Object.fromEntries(
      readFileSync(out, 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(Object.keys(seen).filter((k) => /^PG/.test(k)).sort()).toEqual(['PGDATABASE', 'PGDRIFT_REVISION', 'PGDRIFT_SHADOW_URL', 'PGHOST', 'PGPASSWORD', 'PGPORT', 'PGUSER']);
    expect(seen.PGHOST).toBe('127.0.0.1');
    expect(seen.DATABASE_URL).toBe(SHADOW);
    expect(seen.UNRELATED).toBe('kept');
    expect(JSON.stringify(seen)).not.toContain('prod');
  });

  it('keeps sslmode and a socket folder given in the URL', () => {
    const env = migrateEnvironment({}, 'postgres://u@localhost/db?host=%2Fvar%2Frun%2Fpostgresql&sslmode=disable', 'a');
    expect(env.PGHOST).toBe('/var/run/postgresql');
    expect(env.PGSSLMODE).toBe('disable');
    expect(env.PGPASSWORD).toBeUndefined();
  });
});
