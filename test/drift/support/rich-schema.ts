import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expand } from './case.js';
import { corpusRoles } from './server.js';

/** The rich fixture schema with its role placeholders filled in (roles of corpus `tag`). */
export async function richSchemaSql(tag: string): Promise<string> {
  const text = await readFile(fileURLToPath(new URL('../fixtures/rich-schema.sql', import.meta.url)), 'utf8');
  return expand(text, { s: 'public', ...corpusRoles(tag) });
}
