import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expand } from './case.js';
import { corpusRoles } from './server.js';

const FOLDER = fileURLToPath(new URL('../fixtures/versions/', import.meta.url));

/**
 * The cross-version corpus (fixtures/versions/*.sql, applied in the order of their names: later
 * files use the objects of earlier ones) as one script, role placeholders filled in with the
 * roles of corpus `tag`.
 */
export async function versionCorpusSql(tag: string): Promise<string> {
  const names = (await readdir(FOLDER)).filter((n) => n.endsWith('.sql')).sort();
  const texts = await Promise.all(names.map((n) => readFile(`${FOLDER}${n}`, 'utf8')));
  return expand(texts.join('\n'), { s: 'public', ...corpusRoles(tag) });
}
