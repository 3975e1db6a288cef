import { compare } from '../../src/compare/compare.js';
import { parserLoaded } from '../../src/compare/postgres/parser.js';
import * as b from './builders.js';

// The PostgreSQL parser (WebAssembly, ~35 ms to import and start) canonicalises only texts that
// differ. Each test file runs in a fresh module registry, so the order below is the process's.

const withDefault = (text: string | null) => b.snapshot({ tables: [b.table({ columns: [b.column({ name: 'tag', default: text })] })] });

test('identical texts compare without loading the parser', async () => {
  const s = withDefault("'x'::text");
  expect((await compare(s, withDefault("'x'::text"))).changes).toEqual([]);
  expect(parserLoaded()).toBe(false);
});

test('texts that differ only in spelling load it, and compare equal as before', async () => {
  expect((await compare(withDefault("(('x'::text))"), withDefault("'x'::text"))).changes).toEqual([]);
  expect(parserLoaded()).toBe(true);
});

test('texts that differ in meaning are a change', async () => {
  const diff = await compare(withDefault("'x'::text"), withDefault("'y'::text"));
  expect(diff.changes.map((c) => [c.id, c.expected, c.actual])).toEqual([['column:public.users.tag', { default: "'x'::text" }, { default: "'y'::text" }]]);
});
