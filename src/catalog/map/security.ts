import type { Grant, GrantObjectType, Policy } from '../../model/snapshot.js';
import { sortedStrings } from '../../model/canonical-order.js';

export interface PolicyRow {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly command: string;
  readonly permissive: boolean;
  readonly roles: readonly string[];
  readonly using: string | null;
  readonly with_check: string | null;
  readonly comment: string | null;
}

export interface GrantRow {
  readonly object_type: GrantObjectType;
  readonly schema: string;
  readonly object: string;
  readonly column: string | null;
  readonly grantee: string;
  readonly privilege: string;
  readonly grantable: boolean;
}

const COMMANDS: Readonly<Record<string, string>> = {
  '*': 'all',
  r: 'select',
  a: 'insert',
  w: 'update',
  d: 'delete',
};

/** @example mapPolicy({ name: 'own_rows', command: 'r', roles: ['app'], … }) // command: 'select' */
export function mapPolicy(row: PolicyRow): Policy {
  return {
    schema: row.schema,
    table: row.table,
    name: row.name,
    command: COMMANDS[row.command] ?? row.command,
    permissive: row.permissive,
    roles: sortedStrings(row.roles),
    using: row.using,
    withCheck: row.with_check,
    comment: row.comment,
  };
}

/** @example mapGrant({ object_type: 'table', object: 'users', grantee: 'reporting', privilege: 'SELECT', … }) */
export function mapGrant(row: GrantRow): Grant {
  return {
    objectType: row.object_type,
    schema: row.schema,
    object: row.object,
    column: row.column,
    grantee: row.grantee,
    privilege: row.privilege,
    grantable: row.grantable,
  };
}
