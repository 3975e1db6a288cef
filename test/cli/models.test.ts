import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { jsonValidator } from '../../src/model/schema-validation.js';
import { modelsProject } from '../sources/models/write-project.js';

const MODELS = 'fixtures/models/classic/shop/models';
const MIGRATIONS = 'fixtures/models/classic/migrations';
const tmp = mkdtempSync(join(tmpdir(), 'pgdrift-models-cli-'));

test('snapshot --models writes the schema the models declare', async () => {
  const out = join(tmp, 'models.snapshot.json');
  const r = await runCli(['snapshot', '--models', MODELS, '-o', out]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/5 tables/);
  const snap = JSON.parse(readFileSync(out, 'utf8'));
  expect(jsonValidator('snapshot.schema.json')(snap)).toBeNull();
  expect(snap.tables.map((t: { name: string }) => t.name)).toEqual(['order', 'order_line', 'order_note', 'order_tag', 'user']);
});

test.each([
  [['check', '--models', 'no/such/models', '--migrations', MIGRATIONS], /^pgdrift: no\/such\/models: no such file or folder \(--models takes a Python file or a folder of them\)\n$/],
  [['check', '--models', MODELS], /^pgdrift: no database given: pass --db/],
  [['check', '--models', MODELS, '--expected', 'x.sql', '--db', 'postgres://h/d'], /^pgdrift: give --models or --expected, not both\n$/],
  [['snapshot', '--models', MODELS, '--migrations', MIGRATIONS], /^pgdrift: give one of --models, --migrations or a source/],
])('bad input is exit 2 with one line: %j', async (args, message) => {
  const r = await runCli(args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(message);
});

test('a model pgdrift cannot read completely is exit 2 at its file:line:column, never a partial schema', async () => {
  const root = modelsProject('import geo\n\nclass Place(Base):\n    __tablename__ = "place"\n    id = Column(Integer, primary_key=True)\n    at = Column(geo.Point())\n');
  const r = await runCli(['snapshot', '--models', join(root, 'app')]);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/app\/models\.py:10:17: cannot interpret the call to geo\.Point\(\).*in the model class Place \(attribute at\)/);
});
