import { InputError } from '../errors.js';
import type { ParsedScript, ScriptStatement } from './parsed-script.js';
import { whereIn } from './source-text.js';

/**
 * What a shadow database refuses to run, whatever the source: the SQL it applies comes from a
 * repository, a pull request, a migration someone else wrote, so it is untrusted. A shadow
 * runs what declares a schema; a statement that reaches the host (files, programs, shared
 * libraries), the cluster's roles, other databases or other servers is refused before
 * anything runs, with `file:line:col`. On a server shadow the SQL also runs as a throwaway
 * role without privileges (see `server.ts`): that, not this list, is what confines code this
 * list cannot read (a DO block or a function building its SQL at run time).
 */

/** Which shadow will run the SQL: some statements only matter on a real server. */
export type ShadowKind = 'embedded' | 'server';

/** Functions that read or write the server's files, signal or steer the server, or reach other servers. */
const REFUSED_FUNCTIONS: Readonly<Record<string, string>> = {
  pg_read_file: 'reads files on the server',
  pg_read_binary_file: 'reads files on the server',
  pg_stat_file: 'reads file metadata on the server',
  pg_ls_dir: 'lists server directories',
  pg_ls_logdir: 'lists server directories',
  pg_ls_waldir: 'lists server directories',
  pg_ls_tmpdir: 'lists server directories',
  pg_ls_archive_statusdir: 'lists server directories',
  pg_ls_logicalsnapdir: 'lists server directories',
  pg_ls_logicalmapdir: 'lists server directories',
  pg_ls_replslotdir: 'lists server directories',
  pg_ls_summariesdir: 'lists server directories',
  pg_file_write: 'writes files on the server',
  pg_file_rename: 'renames files on the server',
  pg_file_unlink: 'deletes files on the server',
  pg_file_sync: 'touches files on the server',
  pg_logdir_ls: 'lists server directories',
  lo_import: 'reads files on the server',
  lo_export: 'writes files on the server',
  pg_reload_conf: 'reloads the server configuration',
  pg_rotate_logfile: 'steers the server',
  pg_promote: 'steers the server',
  pg_switch_wal: 'steers the server',
  pg_create_restore_point: 'steers the server',
  pg_backup_start: 'steers the server',
  pg_backup_stop: 'steers the server',
  pg_terminate_backend: 'ends other sessions',
  pg_cancel_backend: 'interrupts other sessions',
  pg_create_physical_replication_slot: 'steers replication',
  pg_create_logical_replication_slot: 'steers replication',
  pg_drop_replication_slot: 'steers replication',
  pg_copy_physical_replication_slot: 'steers replication',
  pg_copy_logical_replication_slot: 'steers replication',
  pg_replication_origin_create: 'steers replication',
  pg_replication_origin_drop: 'steers replication',
};

/** `dblink`, `dblink_connect`, `dblink_exec`…: connections to other databases. */
const DBLINK = /^dblink(_|$)/;

/** Extensions whose purpose is to reach files, programs or other servers. */
const REFUSED_EXTENSIONS: Readonly<Record<string, string>> = {
  adminpack: 'writes files on the server',
  dblink: 'connects to other databases',
  postgres_fdw: 'connects to other databases',
  file_fdw: 'reads files on the server',
};

/** Procedural languages that run unrestricted code on the server, and C (loads a shared library). */
const UNTRUSTED_LANGUAGE = /^(c|internal|pl\w*u|plsh)$/;

/** CREATE ROLE options that give a role power beyond owning objects. */
const REFUSED_ROLE_OPTIONS: Readonly<Record<string, string>> = {
  superuser: 'SUPERUSER',
  createdb: 'CREATEDB',
  createrole: 'CREATEROLE',
  isreplication: 'REPLICATION',
  bypassrls: 'BYPASSRLS',
  addroleto: 'IN ROLE',
  rolemembers: 'ROLE',
  adminmembers: 'ADMIN',
  sysid: 'SYSID',
};

/**
 * What the text of a DO block or a function body must not hold. Such code is not parsed here
 * (its SQL may be built at run time), so this is a net for the obvious cases; a server
 * shadow's throwaway role is what stops the rest.
 */
const REFUSED_IN_BODIES: readonly (readonly [RegExp, string])[] = [
  [/\bcopy\b[^;]*?\b(?:to|from)\s+program\b/, 'COPY … PROGRAM'],
  [/\bcopy\b[^;]*?\b(?:to|from)\s+(?:e?'|\$[a-z_]*\$)/, 'COPY to or from a server file'],
  [/\balter\s+system\b/, 'ALTER SYSTEM'],
  [/\bset\s+(?:(?:local|session)\s+)?role\b/, 'SET ROLE'],
  [/\bsession\s+authorization\b/, 'SET SESSION AUTHORIZATION'],
  [/\b(?:create|alter|drop)\s+(?:role|database|tablespace)\b/, 'a role, database or tablespace statement'],
  [/\bload\s+(?:e?'|\$)/, 'LOAD'],
  [/\b(?:create|alter)\s+(?:server|foreign\s+data\s+wrapper|user\s+mapping|subscription)\b/, 'a foreign server or subscription'],
];

/** One refused statement: where, and what. */
export interface Refusal {
  readonly where: string;
  readonly what: string;
  readonly why: string;
}

/**
 * Throws an `InputError` (exit 2) for the first statement of `scripts` a shadow of `kind` must
 * not run, naming `file:line:col`, what was refused and why; returns when every statement may run.
 * Scripts the parser rejected are sent whole and fail at their syntax error before anything runs.
 *
 * @example
 * refuseUnsafeStatements([await parseScript({ name: 'db/schema.sql', text: "COPY t TO PROGRAM 'id';" })], 'server');
 * // throws InputError('db/schema.sql:1:1: COPY … TO PROGRAM is refused in a shadow database (runs a program on the server)')
 */
export function refuseUnsafeStatements(scripts: readonly ParsedScript[], kind: ShadowKind): void {
  for (const parsed of scripts) {
    for (const statement of parsed.statements ?? []) {
      const refusal = refusalOf(statement, kind);
      if (refusal) {
        const where = whereIn(parsed.script, refusal.location === undefined ? statement.index : statement.indexOfLocation(refusal.location));
        throw new InputError(`${where}: ${refusal.what} is refused in a shadow database (${refusal.why})`);
      }
    }
  }
}

/** Why `name` may not be created by `CREATE EXTENSION` in a shadow, or null. */
export function refusedExtension(name: string): string | null {
  return Object.hasOwn(REFUSED_EXTENSIONS, name) ? REFUSED_EXTENSIONS[name]! : UNTRUSTED_LANGUAGE.test(name) ? 'runs unrestricted code on the server' : null;
}

type Tree = Record<string, unknown>;

interface Found {
  readonly what: string;
  readonly why: string;
  /** A parse-tree location (UTF-8 byte offset), when the node has one. */
  readonly location?: number;
}

function refusalOf(statement: ScriptStatement, kind: ShadowKind): Found | null {
  const [type, node] = Object.entries(statement.tree as Tree)[0] ?? [];
  const n = (node ?? {}) as Tree;
  const own = statementRefusal(type ?? '', n, kind);
  return own ?? walk(n, kind);
}

function statementRefusal(type: string, n: Tree, kind: ShadowKind): Found | null {
  switch (type) {
    case 'CopyStmt':
      if (n.is_program) return { what: `COPY … ${n.is_from ? 'FROM' : 'TO'} PROGRAM`, why: 'runs a program on the server' };
      if (typeof n.filename === 'string') return { what: `COPY … ${n.is_from ? 'FROM' : 'TO'} '${n.filename}'`, why: `${n.is_from ? 'reads' : 'writes'} a file on the server` };
      return null;
    case 'AlterSystemStmt':
      return { what: 'ALTER SYSTEM', why: 'changes the server configuration' };
    case 'LoadStmt':
      return { what: 'LOAD', why: 'loads a shared library into the server' };
    case 'CreatedbStmt':
    case 'DropdbStmt':
    case 'AlterDatabaseStmt':
    case 'AlterDatabaseSetStmt':
    case 'AlterDatabaseRefreshCollStmt':
      return { what: `${verb(type)} DATABASE`, why: 'acts on a database other than the shadow' };
    case 'CreateTableSpaceStmt':
    case 'DropTableSpaceStmt':
    case 'AlterTableSpaceOptionsStmt':
      return { what: `${verb(type)} TABLESPACE`, why: 'acts on server directories' };
    case 'AlterRoleStmt':
    case 'AlterRoleSetStmt':
    case 'DropRoleStmt':
      return { what: `${verb(type)} ROLE`, why: 'changes roles of the whole cluster' };
    case 'ReassignOwnedStmt':
    case 'DropOwnedStmt':
      return { what: type === 'ReassignOwnedStmt' ? 'REASSIGN OWNED' : 'DROP OWNED', why: 'acts on objects of the whole cluster' };
    case 'CreateRoleStmt':
      return createRole(n);
    case 'GrantRoleStmt':
      return grantRole(n);
    case 'GrantStmt':
      return objectOutside(n.objtype) ? { what: `${n.is_grant ? 'GRANT' : 'REVOKE'} … ON ${objectWord(n.objtype)}`, why: 'acts outside the shadow database' } : null;
    case 'AlterOwnerStmt':
    case 'RenameStmt':
    case 'CommentStmt':
    case 'SecLabelStmt': {
      const object = (type === 'RenameStmt' ? n.renameType : n.objectType ?? n.objtype) as unknown;
      if (type === 'SecLabelStmt') return { what: 'SECURITY LABEL', why: 'needs a label provider loaded into the server' };
      if (objectOutside(object) || object === 'OBJECT_ROLE') return { what: `${verb(type)} ${objectWord(object)}`, why: 'acts outside the shadow database' };
      return null;
    }
    case 'CreateFdwStmt':
    case 'AlterFdwStmt':
    case 'CreateForeignServerStmt':
    case 'AlterForeignServerStmt':
    case 'CreateUserMappingStmt':
    case 'AlterUserMappingStmt':
    case 'ImportForeignSchemaStmt':
    case 'CreateSubscriptionStmt':
    case 'AlterSubscriptionStmt':
      return { what: `${verb(type)} ${foreignWord(type)}`, why: 'connects to other servers' };
    case 'CreatePLangStmt':
      return { what: 'CREATE LANGUAGE', why: 'installs a language handler into the server' };
    case 'CreateExtensionStmt': {
      const name = String(n.extname ?? '');
      const why = refusedExtension(name);
      return why ? { what: `CREATE EXTENSION ${name}`, why } : null;
    }
    case 'CreateFunctionStmt':
    case 'DoStmt':
      return code(type, (type === 'DoStmt' ? n.args : n.options) as Tree[] | undefined);
    case 'VariableSetStmt':
      return kind === 'server' ? setRole(n) : null;
    default:
      return null;
  }
}

function createRole(n: Tree): Found | null {
  for (const option of (n.options ?? []) as Tree[]) {
    const def = option.DefElem as { defname?: string; arg?: Tree } | undefined;
    if (!def?.defname || !Object.hasOwn(REFUSED_ROLE_OPTIONS, def.defname)) continue;
    const value = (def.arg?.Boolean as { boolval?: boolean } | undefined)?.boolval;
    // NOSUPERUSER and the like come as the same option set to false.
    if (def.arg?.Boolean !== undefined && !value) continue;
    return { what: `CREATE ROLE … ${REFUSED_ROLE_OPTIONS[def.defname]}`, why: 'gives a role power over the whole cluster' };
  }
  return null;
}

function grantRole(n: Tree): Found | null {
  for (const granted of (n.granted_roles ?? []) as Tree[]) {
    const name = (granted.AccessPriv as { priv_name?: string } | undefined)?.priv_name ?? '';
    if (name.startsWith('pg_')) return { what: `${n.is_grant ? 'GRANT' : 'REVOKE'} ${name}`, why: 'a predefined role reaches the server’s files, programs or sessions' };
  }
  return null;
}

/** A function or DO block: its language, and what its body text plainly does. */
function code(type: string, options: readonly Tree[] | undefined): Found | null {
  let language = type === 'DoStmt' ? 'plpgsql' : 'sql';
  let body = '';
  for (const option of options ?? []) {
    const def = option.DefElem as { defname?: string; arg?: Tree } | undefined;
    if (def?.defname === 'language') language = String((def.arg?.String as { sval?: string } | undefined)?.sval ?? '').toLowerCase();
    if (def?.defname === 'as') body = stringsOf(def.arg).join('\n');
  }
  const what = type === 'DoStmt' ? 'DO block' : 'CREATE FUNCTION';
  if (UNTRUSTED_LANGUAGE.test(language)) return { what: `${what} in LANGUAGE ${language}`, why: 'runs unrestricted code on the server' };
  // Comments say nothing about what the code does, and often mention what it must not do.
  const text = body.toLowerCase().replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
  for (const [pattern, what2] of REFUSED_IN_BODIES) {
    if (pattern.test(text)) return { what: `${what} running ${what2}`, why: 'its body acts outside the shadow database' };
  }
  for (const word of text.match(/\b[a-z_][a-z0-9_]*(?=\s*\()/g) ?? []) {
    const why = functionRefusal(word);
    if (why) return { what: `${what} calling ${word}()`, why };
  }
  return null;
}

function stringsOf(node: unknown): string[] {
  if (typeof node !== 'object' || node === null) return [];
  const s = (node as Tree).String as { sval?: string } | undefined;
  if (s?.sval !== undefined) return [s.sval];
  return Object.values(node).flatMap(stringsOf);
}

function setRole(n: Tree): Found | null {
  if (n.kind !== 'VAR_SET_VALUE' || (n.name !== 'role' && n.name !== 'session_authorization')) return null;
  const value = ((n.args as Tree[] | undefined)?.[0]?.A_Const as { sval?: { sval?: string } } | undefined)?.sval?.sval;
  if (n.name === 'role' && value === 'none') return null;
  return {
    what: n.name === 'role' ? 'SET ROLE' : 'SET SESSION AUTHORIZATION',
    why: 'on a server shadow the SQL runs as pgdrift’s throwaway role and may not act as another',
    location: n.location as number | undefined,
  };
}

function functionRefusal(name: string): string | null {
  if (Object.hasOwn(REFUSED_FUNCTIONS, name)) return REFUSED_FUNCTIONS[name]!;
  if (DBLINK.test(name)) return 'connects to other databases';
  return null;
}

/** Every function call in the tree: refused functions, and set_config of the role on a server. */
function walk(node: unknown, kind: ShadowKind): Found | null {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = walk(item, kind);
      if (found) return found;
    }
    return null;
  }
  if (typeof node !== 'object' || node === null) return null;
  const call = (node as Tree).FuncCall as { funcname?: Tree[]; args?: Tree[]; location?: number } | undefined;
  if (call) {
    const name = String(((call.funcname ?? []).at(-1)?.String as { sval?: string } | undefined)?.sval ?? '');
    const why = functionRefusal(name);
    if (why) return { what: `${name}()`, why, location: call.location };
    if (kind === 'server' && name === 'set_config') {
      const setting = (call.args?.[0]?.A_Const as { sval?: { sval?: string } } | undefined)?.sval?.sval;
      if (setting === undefined || setting === 'role' || setting === 'session_authorization') {
        return { what: 'set_config() of the role', why: 'on a server shadow the SQL runs as pgdrift’s throwaway role and may not act as another', location: call.location };
      }
    }
  }
  for (const value of Object.values(node)) {
    const found = walk(value, kind);
    if (found) return found;
  }
  return null;
}

function objectOutside(objtype: unknown): boolean {
  return objtype === 'OBJECT_DATABASE' || objtype === 'OBJECT_TABLESPACE' || objtype === 'OBJECT_PARAMETER_ACL' || objtype === 'OBJECT_SUBSCRIPTION';
}

function objectWord(objtype: unknown): string {
  return String(objtype ?? '').replace(/^OBJECT_/, '').replace('PARAMETER_ACL', 'PARAMETER').replaceAll('_', ' ');
}

function verb(type: string): string {
  if (type.startsWith('Create')) return 'CREATE';
  if (type.startsWith('Drop')) return 'DROP';
  if (type === 'CommentStmt') return 'COMMENT ON';
  if (type === 'ImportForeignSchemaStmt') return 'IMPORT';
  return 'ALTER';
}

function foreignWord(type: string): string {
  if (type.includes('Fdw')) return 'FOREIGN DATA WRAPPER';
  if (type.includes('ForeignServer')) return 'SERVER';
  if (type.includes('UserMapping')) return 'USER MAPPING';
  if (type.includes('Subscription')) return 'SUBSCRIPTION';
  return 'FOREIGN SCHEMA';
}
