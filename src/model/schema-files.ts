import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

/** Names of the public JSON Schemas shipped in the package's `schemas/` folder. */
export type SchemaFileName = 'snapshot.schema.json' | 'report.schema.json' | 'models-check.schema.json' | 'config.schema.json' | 'lint.schema.json';

const loaded = new Map<SchemaFileName, Record<string, unknown>>();

/**
 * Reads one of pgdrift's own JSON Schemas (parsed, cached). Found from the package root, so
 * it works from `src/` under ts-jest and from `dist/` once built.
 *
 * @example
 * const schema = loadJsonSchema('snapshot.schema.json');
 * schema.$id // 'urn:pgdrift:schema:snapshot:1'
 */
export function loadJsonSchema(name: SchemaFileName): Record<string, unknown> {
  let schema = loaded.get(name);
  if (!schema) {
    schema = JSON.parse(readFileSync(join(packageRoot(), 'schemas', name), 'utf8')) as Record<string, unknown>;
    loaded.set(name, schema);
  }
  return schema;
}
