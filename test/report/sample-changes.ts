import type { Change, Diff } from '../../src/compare/change.js';
import type { SnapshotSource } from '../../src/model/snapshot.js';

export const EXPECTED: SnapshotSource = { kind: 'sql', description: 'db/schema.sql', serverVersionNum: null };
export const ACTUAL: SnapshotSource = { kind: 'postgres', description: 'postgres://app@db/app', serverVersionNum: 180004 };

function change(c: Partial<Change> & Pick<Change, 'id' | 'kind' | 'objectType' | 'name' | 'message'>): Change {
  return { schema: 'public', table: null, severity: 'error', expected: null, actual: null, ...c };
}

export const columnType = change({
  id: 'column:public.users.email',
  kind: 'changed',
  objectType: 'column',
  table: 'users',
  name: 'email',
  expected: { type: 'text' },
  actual: { type: 'character varying' },
  message: 'column public.users.email: type text expected, character varying found',
});

export const missingIndex = change({
  id: 'index:public.users.users_email_idx',
  kind: 'missing',
  objectType: 'index',
  table: 'users',
  name: 'users_email_idx',
  expected: { definition: 'CREATE INDEX users_email_idx ON public.users USING btree (email)', valid: true },
  message: 'index public.users.users_email_idx: missing',
});

export const unexpectedTable = change({
  id: 'table:public.tmp_fix',
  kind: 'unexpected',
  objectType: 'table',
  name: 'tmp_fix',
  severity: 'warning',
  actual: { schema: 'public', name: 'tmp_fix', columns: [] },
  message: 'table public.tmp_fix: present, not expected',
});

export const functionBody = change({
  id: 'function:public.touch()',
  kind: 'changed',
  objectType: 'function',
  name: 'touch()',
  expected: { body: '\nBEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND;\n', volatility: 'volatile' },
  actual: { body: '\nBEGIN\n  NEW.updated_at := clock_timestamp();\n  RETURN NEW;\nEND;\n', volatility: 'stable' },
  message: 'function public.touch(): body and volatility differ',
});

export const viewDefinition = change({
  id: 'view:app.active_users',
  kind: 'changed',
  objectType: 'view',
  schema: 'app',
  name: 'active_users',
  severity: 'warning',
  expected: { definition: ' SELECT users.id\n   FROM users\n  WHERE users.active;' },
  actual: { definition: ' SELECT users.id\n   FROM users;' },
  message: 'view app.active_users: definition differs',
});

export const pipeCheck = change({
  id: 'constraint:public.users.name_check',
  kind: 'changed',
  objectType: 'constraint',
  table: 'users',
  name: 'name_check',
  severity: 'info',
  expected: { definition: "CHECK (((first || last) <> ''::text))" },
  actual: { definition: "CHECK (((first || last) <> ' '::text))" },
  message: "constraint public.users.name_check: CHECK (((first || last) <> ''::text)) expected, CHECK (((first || last) <> ' '::text)) found",
});

export const missingExtension = change({
  id: 'extension:pgcrypto',
  kind: 'missing',
  objectType: 'extension',
  schema: null,
  name: 'pgcrypto',
  expected: { name: 'pgcrypto', version: '1.3', schema: 'public' },
  message: 'extension pgcrypto: missing',
});

export const enumLabels = change({
  id: 'enum:app.mood',
  kind: 'changed',
  objectType: 'enum',
  schema: 'app',
  name: 'mood',
  severity: 'info',
  expected: { labels: ['sad', 'ok', 'happy'] },
  actual: { labels: ['sad', 'ok'] },
  message: 'enum app.mood: label happy missing',
});

export const ALL_CHANGES: readonly Change[] = [
  columnType,
  missingIndex,
  unexpectedTable,
  functionBody,
  viewDefinition,
  pipeCheck,
  missingExtension,
  enumLabels,
];

export const DIFF: Diff = { changes: ALL_CHANGES };
