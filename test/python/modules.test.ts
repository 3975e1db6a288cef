import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModuleFinder } from '../../src/python/modules.js';

// What a revision imports from the project decides what it does: the expected-schema cache
// hashes these files, so the walk must find all of them (and be cheap on long histories).
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pgdrift-modules-'));
  const files: Record<string, string> = {
    'app/__init__.py': '',
    'app/db/__init__.py': 'from .fields import JSONField\n',
    'app/db/fields.py': 'import sqlalchemy\nfrom app.util import helper\nfrom . import broken\n',
    'app/db/broken.py': 'def f(:\n',
    'app/util.py': 'import os\nfrom app import db  # a cycle\n',
    'migrations/versions/r1.py': 'from app.db import JSONField\nimport app.unused_missing\n',
    'migrations/versions/r2.py': 'import json\n',
  };
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(root, name, '..'), { recursive: true });
    await writeFile(join(root, name), text);
  }
});
afterAll(async () => rm(root, { recursive: true, force: true }));

test('every project file a revision imports, through packages, relative imports and cycles; libraries and missing modules left out', () => {
  const finder = new ModuleFinder();
  const r1 = join(root, 'migrations/versions/r1.py');
  const expected = ['app/__init__.py', 'app/db/__init__.py', 'app/db/broken.py', 'app/db/fields.py', 'app/util.py'].map((f) => join(root, f)).sort();
  expect(finder.importedFiles(r1)).toEqual(expected);
  expect(finder.importedFiles(r1)).toEqual(expected);
  expect(finder.importedFiles(join(root, 'migrations/versions/r2.py'))).toEqual([]);
  expect(new ModuleFinder().importedFiles(join(root, 'app/util.py'))).toEqual(expected.filter((f) => !f.endsWith('util.py')));
});
