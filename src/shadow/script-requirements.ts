import type { ParsedScript, ScriptStatement } from './parsed-script.js';
import { whereIn } from './source-text.js';

/** A name the SQL uses, and where it first does (`file:line:col`). */
export interface NameUse {
  readonly name: string;
  readonly where: string;
}

/** What a shadow database must provide before the scripts can run. */
export interface ScriptRequirements {
  /** Extensions named by `CREATE EXTENSION`, in order of first use. */
  readonly extensions: readonly NameUse[];
  /**
   * Roles the SQL names (owners, grantees, policy roles, `SET ROLE`…) but does not create
   * itself: roles live in the cluster, not in the database, so a schema only refers to them.
   */
  readonly roles: readonly NameUse[];
  /**
   * Roles the SQL creates itself. A server shadow's throwaway role may not create roles, so
   * pgdrift creates them first (as NOLOGIN: the statement filter refused any other option).
   */
  readonly createdRoles: readonly NameUse[];
}

/**
 * Collects the extensions and roles a set of scripts needs, from their parse trees.
 *
 * @example
 * const needs = scriptRequirements([await parseScript({ name: 's.sql', text: 'CREATE EXTENSION citext; GRANT SELECT ON t TO reader;' })]);
 * // needs.extensions → [{ name: 'citext', where: 's.sql:1:1' }]; needs.roles → [{ name: 'reader', where: 's.sql:1:47' }]
 */
export function scriptRequirements(scripts: readonly ParsedScript[]): ScriptRequirements {
  const extensions = new Map<string, string>();
  const roles = new Map<string, string>();
  const created = new Map<string, string>();
  for (const parsed of scripts) {
    for (const statement of parsed.statements ?? []) {
      const at = (location: number | undefined) =>
        whereIn(parsed.script, location === undefined || location < 0 ? statement.index : statement.indexOfLocation(location));
      visitStatement(statement, {
        extension: (name) => void (extensions.has(name) || extensions.set(name, at(undefined))),
        role: (name, location) => void (roles.has(name) || roles.set(name, at(location))),
        createdRole: (name) => void (created.has(name) || created.set(name, at(undefined))),
      });
    }
  }
  const uses = (m: Map<string, string>) => [...m].map(([name, where]) => ({ name, where }));
  return { extensions: uses(extensions), roles: uses(roles).filter((r) => !created.has(r.name)), createdRoles: uses(created) };
}

interface Visitor {
  extension(name: string): void;
  role(name: string, location: number | undefined): void;
  createdRole(name: string): void;
}

type Tree = Record<string, unknown>;

function visitStatement(statement: ScriptStatement, visitor: Visitor): void {
  const tree = statement.tree as Tree;
  const ext = tree.CreateExtensionStmt as { extname?: string } | undefined;
  if (ext?.extname) visitor.extension(ext.extname);
  const createRole = tree.CreateRoleStmt as { role?: string } | undefined;
  if (createRole?.role) visitor.createdRole(createRole.role);
  const set = tree.VariableSetStmt as { kind?: string; name?: string; args?: Tree[] } | undefined;
  if (set?.kind === 'VAR_SET_VALUE' && (set.name === 'role' || set.name === 'session_authorization')) {
    // SET ROLE takes a plain string, not a RoleSpec; `none` is how the grammar spells RESET ROLE.
    const value = set.args?.[0]?.A_Const as { sval?: { sval?: string }; location?: number } | undefined;
    const name = value?.sval?.sval;
    if (name && name !== 'none') visitor.role(name, value.location);
  }
  const grantRole = tree.GrantRoleStmt as { granted_roles?: Tree[] } | undefined;
  for (const granted of grantRole?.granted_roles ?? []) {
    const name = (granted.AccessPriv as { priv_name?: string } | undefined)?.priv_name;
    if (name) visitor.role(name, undefined);
  }
  walk(tree, visitor);
}

/** Every RoleSpec naming a role; PUBLIC, CURRENT_USER, SESSION_USER and CURRENT_ROLE are not roles. */
function walk(node: unknown, visitor: Visitor): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visitor);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const spec = node as { roletype?: unknown; rolename?: unknown; location?: number };
  if (spec.roletype === 'ROLESPEC_CSTRING' && typeof spec.rolename === 'string') {
    visitor.role(spec.rolename, spec.location);
  }
  for (const value of Object.values(node)) walk(value, visitor);
}
