// tsc copies no .sql files; every query ships beside the compiled module that reads it.
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

for (const entry of readdirSync('src', { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.sql')) continue;
  const from = join(entry.parentPath, entry.name);
  const to = join('dist', relative('src', from));
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to);
}
