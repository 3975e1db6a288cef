import type { Snapshot } from '../../src/model/snapshot.js';
import * as b from './builders.js';

/** Each object kind: how to build one, where it goes in a snapshot, and its change id. */
export interface KindCase {
  readonly kind: string;
  readonly make: (o?: Record<string, unknown>) => object;
  readonly put: (o: object) => Snapshot;
  readonly id: string;
  readonly label: string;
  /** Missing and unexpected severities for the default object. */
  readonly missing: string;
  readonly unexpected: string;
}

export const KINDS: readonly KindCase[] = [
  { kind: 'schema', make: b.schema, put: (o) => b.snapshot({ schemas: [o as never] }), id: 'schema:public', label: 'schema public', missing: 'error', unexpected: 'warning' },
  { kind: 'extension', make: b.extension, put: (o) => b.snapshot({ extensions: [o as never] }), id: 'extension:pgcrypto', label: 'extension pgcrypto', missing: 'error', unexpected: 'warning' },
  { kind: 'table', make: b.table, put: (o) => b.snapshot({ tables: [o as never] }), id: 'table:public.users', label: 'table public.users', missing: 'error', unexpected: 'warning' },
  {
    kind: 'column',
    make: b.column,
    put: (o) => b.snapshot({ tables: [b.table({ columns: [o as never] })] }),
    id: 'column:public.users.id',
    label: 'column public.users.id',
    missing: 'error',
    unexpected: 'warning',
  },
  { kind: 'constraint', make: b.constraint, put: (o) => b.snapshot({ constraints: [o as never] }), id: 'constraint:public.users.users_pkey', label: 'constraint public.users.users_pkey', missing: 'error', unexpected: 'error' },
  { kind: 'index', make: b.index, put: (o) => b.snapshot({ indexes: [o as never] }), id: 'index:public.users.users_email_idx', label: 'index public.users.users_email_idx', missing: 'error', unexpected: 'warning' },
  { kind: 'sequence', make: b.sequence, put: (o) => b.snapshot({ sequences: [o as never] }), id: 'sequence:public.counter_seq', label: 'sequence public.counter_seq', missing: 'error', unexpected: 'warning' },
  { kind: 'view', make: b.view, put: (o) => b.snapshot({ views: [o as never] }), id: 'view:public.active_users', label: 'view public.active_users', missing: 'error', unexpected: 'warning' },
  { kind: 'function', make: b.routine, put: (o) => b.snapshot({ functions: [o as never] }), id: 'function:public.add(a integer, b integer)', label: 'function public.add(a integer, b integer)', missing: 'error', unexpected: 'warning' },
  { kind: 'trigger', make: b.trigger, put: (o) => b.snapshot({ triggers: [o as never] }), id: 'trigger:public.users.users_touch', label: 'trigger public.users.users_touch', missing: 'error', unexpected: 'error' },
  { kind: 'enum', make: b.enumType, put: (o) => b.snapshot({ enums: [o as never] }), id: 'enum:public.mood', label: 'enum public.mood', missing: 'error', unexpected: 'warning' },
  { kind: 'domain', make: b.domain, put: (o) => b.snapshot({ domains: [o as never] }), id: 'domain:public.positive', label: 'domain public.positive', missing: 'error', unexpected: 'warning' },
  { kind: 'composite type', make: b.compositeType, put: (o) => b.snapshot({ compositeTypes: [o as never] }), id: 'composite type:public.address', label: 'composite type public.address', missing: 'error', unexpected: 'warning' },
  { kind: 'policy', make: b.policy, put: (o) => b.snapshot({ policies: [o as never] }), id: 'policy:public.users.users_own', label: 'policy public.users.users_own', missing: 'error', unexpected: 'error' },
  { kind: 'grant', make: b.grant, put: (o) => b.snapshot({ grants: [o as never] }), id: 'grant:table public.users to app SELECT', label: 'grant SELECT on table public.users to app', missing: 'warning', unexpected: 'warning' },
];

export function kindCase(kind: string): KindCase {
  const k = KINDS.find((x) => x.kind === kind);
  if (!k) throw new Error(`no kind ${kind}`);
  return k;
}
