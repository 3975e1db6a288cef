import type { ObjectType } from '../model/snapshot.js';

/**
 * Which schema objects one DDL statement creates, drops or alters, read from its parse tree
 * (libpg-query's JSON). Names are as the statement spells them: an unqualified name has
 * `schema: null`, resolved later against the schema the revision produces (see
 * `revision-objects.ts`). Statements this does not know (a `DO` block, `GRANT`, data) touch nothing.
 */
export interface TouchedObject {
  readonly objectType: ObjectType;
  readonly schema: string | null;
  /** The table (or view) a column, constraint, index, trigger or policy belongs to; null when the statement does not say (ALTER INDEX). */
  readonly table: string | null;
  readonly name: string;
  readonly action: 'create' | 'drop' | 'alter';
}

type Tree = Record<string, unknown>;
interface RangeVar {
  readonly schemaname?: string;
  readonly relname: string;
}

const RELATION_TYPES: Readonly<Record<string, ObjectType>> = {
  OBJECT_TABLE: 'table',
  OBJECT_FOREIGN_TABLE: 'table',
  OBJECT_VIEW: 'view',
  OBJECT_MATVIEW: 'materialized view',
  OBJECT_SEQUENCE: 'sequence',
  OBJECT_INDEX: 'index',
};

const TYPE_TYPES: Readonly<Record<string, ObjectType>> = { OBJECT_TYPE: 'enum', OBJECT_DOMAIN: 'domain' };

/** ALTER TABLE sub-commands that change one column. */
const COLUMN_COMMANDS = new Set([
  'AT_AlterColumnType',
  'AT_SetNotNull',
  'AT_DropNotNull',
  'AT_ColumnDefault',
  'AT_AddIdentity',
  'AT_SetIdentity',
  'AT_DropIdentity',
  'AT_SetExpression',
  'AT_DropExpression',
  'AT_CookedColumnDefault',
]);
const TRIGGER_COMMANDS = new Set(['AT_EnableTrig', 'AT_EnableAlwaysTrig', 'AT_EnableReplicaTrig', 'AT_DisableTrig']);

/**
 * The objects a parsed statement touches, in the order it touches them.
 *
 * @example
 * touchedObjects(parseSync('ALTER TABLE users ADD COLUMN balance numeric').stmts[0].stmt)
 * // [{ objectType: 'column', schema: null, table: 'users', name: 'balance', action: 'create' }]
 */
export function touchedObjects(statement: unknown): readonly TouchedObject[] {
  const tree = statement as Tree;
  const [kind] = Object.keys(tree);
  const node = (kind === undefined ? {} : tree[kind]) as Tree;
  const rel = (r: unknown, objectType: ObjectType, action: TouchedObject['action']): TouchedObject => {
    const v = r as RangeVar;
    return { objectType, schema: v.schemaname ?? null, table: null, name: v.relname, action };
  };
  const on = (r: unknown, objectType: ObjectType, name: string, action: TouchedObject['action']): TouchedObject => {
    const v = r as RangeVar;
    return { objectType, schema: v.schemaname ?? null, table: v.relname, name, action };
  };
  switch (kind) {
    case 'CreateStmt':
      return [rel(node.relation, 'table', 'create')];
    case 'CreateTableAsStmt': {
      const into = node.into as { rel: RangeVar };
      return [rel(into.rel, node.objtype === 'OBJECT_MATVIEW' ? 'materialized view' : 'table', 'create')];
    }
    case 'ViewStmt':
      return [rel(node.view, 'view', node.replace ? 'alter' : 'create')];
    case 'CreateSeqStmt':
      return [rel(node.sequence, 'sequence', 'create')];
    case 'AlterSeqStmt':
      return [rel(node.sequence, 'sequence', 'alter')];
    case 'IndexStmt':
      return typeof node.idxname === 'string' ? [on(node.relation, 'index', node.idxname, 'create')] : [];
    case 'AlterTableStmt':
      return alterTable(node, rel, on);
    case 'RenameStmt':
      return rename(node, rel, on);
    case 'DropStmt':
      return drop(node);
    case 'CreateEnumStmt':
      return [qualified(node.typeName, 'enum', 'create')];
    case 'AlterEnumStmt':
      return [qualified(node.typeName, 'enum', 'alter')];
    case 'CreateDomainStmt':
      return [qualified(node.domainname, 'domain', 'create')];
    case 'AlterDomainStmt':
      return [qualified(node.typeName, 'domain', 'alter')];
    case 'CompositeTypeStmt':
      return [rel(node.typevar, 'composite type', 'create')];
    case 'CreateFunctionStmt':
      return [qualified(node.funcname, node.is_procedure ? 'procedure' : 'function', node.replace ? 'alter' : 'create')];
    case 'CreateTrigStmt':
      return [on(node.relation, 'trigger', node.trigname as string, node.replace ? 'alter' : 'create')];
    case 'CreatePolicyStmt':
      return [on(node.table, 'policy', node.policy_name as string, 'create')];
    case 'AlterPolicyStmt':
      return [on(node.table, 'policy', node.policy_name as string, 'alter')];
    case 'CreateSchemaStmt':
      return [{ objectType: 'schema', schema: node.schemaname as string, table: null, name: node.schemaname as string, action: 'create' }];
    case 'CreateExtensionStmt':
      return [{ objectType: 'extension', schema: null, table: null, name: node.extname as string, action: 'create' }];
    case 'AlterExtensionStmt':
      return [{ objectType: 'extension', schema: null, table: null, name: node.extname as string, action: 'alter' }];
    case 'CommentStmt':
      return commented(node);
    default:
      return [];
  }
}

type RelFn = (r: unknown, objectType: ObjectType, action: TouchedObject['action']) => TouchedObject;
type OnFn = (r: unknown, objectType: ObjectType, name: string, action: TouchedObject['action']) => TouchedObject;

function alterTable(node: Tree, rel: RelFn, on: OnFn): TouchedObject[] {
  const relationType = RELATION_TYPES[node.objtype as string] ?? 'table';
  if (relationType !== 'table') return [rel(node.relation, relationType, 'alter')];
  const out: TouchedObject[] = [];
  for (const item of (node.cmds ?? []) as Tree[]) {
    const cmd = item.AlterTableCmd as { subtype: string; name?: string; def?: Tree };
    if (cmd.subtype === 'AT_AddColumn') {
      const def = cmd.def?.ColumnDef as { colname: string };
      out.push(on(node.relation, 'column', def.colname, 'create'));
    } else if (cmd.subtype === 'AT_DropColumn' && cmd.name) {
      out.push(on(node.relation, 'column', cmd.name, 'drop'));
    } else if (COLUMN_COMMANDS.has(cmd.subtype) && cmd.name) {
      out.push(on(node.relation, 'column', cmd.name, 'alter'));
    } else if (cmd.subtype === 'AT_AddConstraint') {
      const name = (cmd.def?.Constraint as { conname?: string } | undefined)?.conname;
      if (name) out.push(on(node.relation, 'constraint', name, 'create'));
    } else if (cmd.subtype === 'AT_DropConstraint' && cmd.name) {
      out.push(on(node.relation, 'constraint', cmd.name, 'drop'));
    } else if (cmd.subtype === 'AT_ValidateConstraint' && cmd.name) {
      out.push(on(node.relation, 'constraint', cmd.name, 'alter'));
    } else if (cmd.subtype === 'AT_AlterConstraint') {
      const name = (cmd.def?.ATAlterConstraint as { conname?: string } | undefined)?.conname;
      if (name) out.push(on(node.relation, 'constraint', name, 'alter'));
    } else if (TRIGGER_COMMANDS.has(cmd.subtype) && cmd.name) {
      out.push(on(node.relation, 'trigger', cmd.name, 'alter'));
    } else {
      // Storage parameters, RLS, persistence, inheritance, partitions, owner: the table itself.
      out.push(rel(node.relation, 'table', 'alter'));
    }
  }
  return out;
}

function rename(node: Tree, rel: RelFn, on: OnFn): TouchedObject[] {
  const type = node.renameType as string;
  const newname = node.newname as string;
  const relationType = RELATION_TYPES[type];
  if (relationType !== undefined && node.relation) {
    const from = rel(node.relation, relationType, 'drop');
    return [from, { ...from, name: newname, action: 'create' }];
  }
  const sub = (objectType: ObjectType): TouchedObject[] => {
    const from = on(node.relation, objectType, node.subname as string, 'drop');
    return [from, { ...from, name: newname, action: 'create' }];
  };
  if (type === 'OBJECT_COLUMN' && node.relation) return sub('column');
  if (type === 'OBJECT_TABCONSTRAINT' && node.relation) return sub('constraint');
  if (type === 'OBJECT_TRIGGER' && node.relation) return sub('trigger');
  if (type === 'OBJECT_POLICY' && node.relation) return sub('policy');
  const typeType = TYPE_TYPES[type];
  if (typeType !== undefined) {
    const from = qualified((node.object as { List?: { items: unknown[] } }).List?.items ?? [], typeType, 'drop');
    return [from, { ...from, name: newname, action: 'create' }];
  }
  return [];
}

function drop(node: Tree): TouchedObject[] {
  const type = node.removeType as string;
  const out: TouchedObject[] = [];
  for (const object of (node.objects ?? []) as Tree[]) {
    const names = listNames(object);
    const relationType = RELATION_TYPES[type];
    if (relationType !== undefined) out.push(fromNames(names, relationType, 'drop'));
    else if (type === 'OBJECT_TYPE' || type === 'OBJECT_DOMAIN') {
      const typeName = (object.TypeName as { names: unknown[] } | undefined)?.names ?? [];
      out.push(qualified(typeName, type === 'OBJECT_TYPE' ? 'enum' : 'domain', 'drop'));
    } else if (type === 'OBJECT_FUNCTION' || type === 'OBJECT_PROCEDURE') {
      const fn = (object.ObjectWithArgs as { objname: unknown[] } | undefined)?.objname ?? [];
      out.push(qualified(fn, type === 'OBJECT_PROCEDURE' ? 'procedure' : 'function', 'drop'));
    } else if ((type === 'OBJECT_TRIGGER' || type === 'OBJECT_POLICY') && names.length >= 2) {
      const name = names[names.length - 1] as string;
      const table = names[names.length - 2] as string;
      const schema = names.length >= 3 ? (names[names.length - 3] as string) : null;
      out.push({ objectType: type === 'OBJECT_TRIGGER' ? 'trigger' : 'policy', schema, table, name, action: 'drop' });
    } else if (type === 'OBJECT_SCHEMA' || type === 'OBJECT_EXTENSION') {
      const name = (object.String as { sval: string } | undefined)?.sval;
      if (name) out.push({ objectType: type === 'OBJECT_SCHEMA' ? 'schema' : 'extension', schema: type === 'OBJECT_SCHEMA' ? name : null, table: null, name, action: 'drop' });
    }
  }
  return out;
}

function commented(node: Tree): TouchedObject[] {
  const type = node.objtype as string;
  const names = listNames(node.object as Tree);
  const relationType = RELATION_TYPES[type];
  if (relationType !== undefined && names.length > 0) return [fromNames(names, relationType, 'alter')];
  if (type === 'OBJECT_COLUMN' && names.length >= 2) {
    const name = names[names.length - 1] as string;
    const table = names[names.length - 2] as string;
    return [{ objectType: 'column', schema: names.length >= 3 ? (names[names.length - 3] as string) : null, table, name, action: 'alter' }];
  }
  return [];
}

/** A schema-qualifiable name given as a list of String nodes (`["s", "e"]` or `["e"]`). */
function qualified(items: unknown, objectType: ObjectType, action: TouchedObject['action']): TouchedObject {
  return fromNames(strings(items), objectType, action);
}

function fromNames(names: readonly string[], objectType: ObjectType, action: TouchedObject['action']): TouchedObject {
  const name = names[names.length - 1] ?? '';
  const schema = names.length >= 2 ? (names[names.length - 2] as string) : null;
  return { objectType, schema, table: null, name, action };
}

function listNames(object: Tree | undefined): string[] {
  return strings((object?.List as { items?: unknown[] } | undefined)?.items ?? []);
}

function strings(items: unknown): string[] {
  return ((items ?? []) as Tree[]).map((i) => (i.String as { sval?: string } | undefined)?.sval).filter((s): s is string => typeof s === 'string');
}
