import {
  emptySnapshot,
  type Column,
  type CompositeType,
  type Constraint,
  type Domain,
  type EnumType,
  type Extension,
  type Grant,
  type Index,
  type Policy,
  type Routine,
  type SchemaObject,
  type Sequence,
  type Snapshot,
  type Table,
  type Trigger,
  type View,
} from '../../src/model/snapshot.js';

/** Hand-built snapshot objects with plain defaults; each test overrides what it is about. */

export function snapshot(parts: Partial<Omit<Snapshot, 'formatVersion' | 'source'>> = {}): Snapshot {
  return { ...emptySnapshot({ kind: 'test', description: 'hand-built', serverVersionNum: 180000 }), ...parts };
}

export const schema = (o: Partial<SchemaObject> = {}): SchemaObject => ({ name: 'public', owner: null, comment: null, ...o });

export const extension = (o: Partial<Extension> = {}): Extension => ({ name: 'pgcrypto', version: '1.3', schema: 'public', ...o });

export const column = (o: Partial<Column> = {}): Column => ({
  name: 'id',
  type: 'integer',
  collation: null,
  notNull: false,
  default: null,
  identity: null,
  generated: null,
  generatedStorage: null,
  comment: null,
  ...o,
});

export const table = (o: Partial<Table> = {}): Table => ({
  schema: 'public',
  name: 'users',
  kind: 'table',
  persistence: 'permanent',
  partitionKey: null,
  partitionOf: null,
  partitionBound: null,
  inherits: [],
  options: [],
  rlsEnabled: false,
  rlsForced: false,
  owner: null,
  comment: null,
  columns: [column({ name: 'id', type: 'bigint', notNull: true })],
  ...o,
});

export const constraint = (o: Partial<Constraint> = {}): Constraint => ({
  schema: 'public',
  table: 'users',
  name: 'users_pkey',
  type: 'primary key',
  definition: 'PRIMARY KEY (id)',
  columns: ['id'],
  validated: true,
  deferrable: false,
  initiallyDeferred: false,
  references: null,
  comment: null,
  ...o,
});

export const index = (o: Partial<Index> = {}): Index => {
  const name = o.name ?? 'users_email_idx';
  return {
    schema: 'public',
    table: 'users',
    name,
    definition: `CREATE INDEX ${name} ON public.users USING btree (email)`,
    method: 'btree',
    unique: false,
    keys: ['email'],
    include: [],
    predicate: null,
    valid: true,
    constraint: null,
    options: [],
    comment: null,
    ...o,
  };
};

export const sequence = (o: Partial<Sequence> = {}): Sequence => ({
  schema: 'public',
  name: 'counter_seq',
  type: 'bigint',
  start: '1',
  increment: '1',
  min: '1',
  max: '9223372036854775807',
  cache: '1',
  cycle: false,
  ownedBy: null,
  owner: null,
  comment: null,
  ...o,
});

export const view = (o: Partial<View> = {}): View => ({
  schema: 'public',
  name: 'active_users',
  materialized: false,
  definition: ' SELECT id\n   FROM public.users\n  WHERE id > 0;',
  options: [],
  owner: null,
  comment: null,
  columnComments: [],
  ...o,
});

export const routine = (o: Partial<Routine> = {}): Routine => ({
  schema: 'public',
  name: 'add',
  kind: 'function',
  identityArguments: 'a integer, b integer',
  arguments: 'a integer, b integer',
  returns: 'integer',
  language: 'sql',
  body: ' SELECT a + b ',
  volatility: 'immutable',
  strict: false,
  securityDefiner: false,
  leakproof: false,
  parallel: 'unsafe',
  config: [],
  owner: null,
  comment: null,
  ...o,
});

export const trigger = (o: Partial<Trigger> = {}): Trigger => {
  const name = o.name ?? 'users_touch';
  return {
    schema: 'public',
    table: 'users',
    name,
    definition: `CREATE TRIGGER ${name} BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION public.touch()`,
    timing: 'before',
    events: ['update'],
    level: 'row',
    function: 'public.touch',
    condition: null,
    enabled: 'origin',
    comment: null,
    ...o,
  };
};

export const enumType = (o: Partial<EnumType> = {}): EnumType => ({
  schema: 'public',
  name: 'mood',
  labels: ['sad', 'ok', 'happy'],
  owner: null,
  comment: null,
  ...o,
});

export const domain = (o: Partial<Domain> = {}): Domain => ({
  schema: 'public',
  name: 'positive',
  baseType: 'integer',
  collation: null,
  default: null,
  notNull: false,
  checks: [{ name: 'positive_check', definition: 'CHECK ((VALUE > 0))', validated: true, comment: null }],
  owner: null,
  comment: null,
  ...o,
});

export const compositeType = (o: Partial<CompositeType> = {}): CompositeType => ({
  schema: 'public',
  name: 'address',
  attributes: [
    { name: 'street', type: 'text', collation: null },
    { name: 'zip', type: 'text', collation: null },
  ],
  owner: null,
  comment: null,
  ...o,
});

export const policy = (o: Partial<Policy> = {}): Policy => ({
  schema: 'public',
  table: 'users',
  name: 'users_own',
  command: 'select',
  permissive: true,
  roles: ['public'],
  using: '(id > 0)',
  withCheck: null,
  comment: null,
  ...o,
});

export const grant = (o: Partial<Grant> = {}): Grant => ({
  objectType: 'table',
  schema: 'public',
  object: 'users',
  column: null,
  grantee: 'app',
  privilege: 'SELECT',
  grantable: false,
  ...o,
});
