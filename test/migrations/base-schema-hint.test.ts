import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

// Histories whose first revision alters tables the application created some other way
// (Redash and Dispatch: create_all(), then `alembic stamp`) cannot be replayed from an empty
// database; the refusal says why instead of reading like a broken revision.
const dir = mkdtempSync(join(tmpdir(), 'pgdrift-base-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a first revision changing a table no revision creates: exit 2 at its line, saying the history starts from an existing schema', async () => {
  writeFileSync(join(dir, '000001_add_flag.up.sql'), '\nALTER TABLE users ADD COLUMN flag boolean;\n');
  writeFileSync(join(dir, '000001_add_flag.down.sql'), 'ALTER TABLE users DROP COLUMN flag;\n');
  const r = await runCli(['snapshot', '--migrations', dir, '--no-cache']);
  expect(r.stderr).toMatch(/^pgdrift: \S*000001_add_flag\.up\.sql:2:1: relation "users" does not exist; this is a first revision of the history, so what it changes was made before the history starts .* use --migrate-cmd/);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.code).toBe(2);
});

test('a later revision failing the same way is the revision\'s own error, without the hint', async () => {
  writeFileSync(join(dir, '000001_add_flag.up.sql'), 'CREATE TABLE users (id int);\n');
  writeFileSync(join(dir, '000002_orders.up.sql'), 'ALTER TABLE orders ADD COLUMN flag boolean;\n');
  writeFileSync(join(dir, '000002_orders.down.sql'), 'SELECT 1;\n');
  const r = await runCli(['snapshot', '--migrations', dir, '--no-cache']);
  expect(r.stderr).toMatch(/000002_orders\.up\.sql:1:1: relation "orders" does not exist/);
  expect(r.stderr).not.toMatch(/first revision/);
  expect(r.code).toBe(2);
});
