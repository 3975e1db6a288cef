import type { MigrationStatement } from '../migrations/migration-statement.js';
import type { ObjectType, Snapshot } from '../model/snapshot.js';
import { objectIdentity, routineIdentity } from '../compare/keys.js';
import { loadParser, parseOrNull } from '../compare/postgres/parser.js';
import { guardedDdl } from './guarded-ddl.js';
import { objectIndex, type ObjectRef } from './object-index.js';
import { touchedObjects, type TouchedObject } from './statement-objects.js';

/** Where a revision's source touches an object. */
export interface SourceStep {
  readonly action: TouchedObject['action'];
  readonly file: string;
  readonly line: number;
  /** The statement builds an index `CONCURRENTLY` (outside a transaction). */
  readonly concurrently: boolean;
  /** The statement's place among the revision's statements (0 first): the order a run sends them in. */
  readonly statement: number;
}

/** One object a revision creates, drops or alters, with every place in its file that does. */
export interface RevisionObject {
  readonly ref: ObjectRef;
  readonly steps: readonly SourceStep[];
}

/**
 * The objects a revision's statements touch, resolved to the ids `compare()` uses, in the
 * order they are first touched. Unqualified names are looked up in the schemas before and after
 * the revision (`after` first), defaulting to `public` as Alembic's default search_path does.
 *
 * @example
 * await revisionObjects(history.statementsOf(rev), before, after)
 * // [{ ref: { id: 'column:public.comments.edited_at', … }, steps: [{ action: 'create', file: '…/b4c5d6e7f809_concurrent_index.py', line: 21, concurrently: false }] }, …]
 */
export async function revisionObjects(statements: readonly MigrationStatement[], before: Snapshot, after: Snapshot): Promise<readonly RevisionObject[]> {
  await loadParser();
  const resolver = new Resolver([after, before]);
  const byId = new Map<string, { ref: ObjectRef; steps: SourceStep[] }>();
  for (const [index, statement] of statements.entries()) {
    if (statement.kind === 'data') continue;
    const tree = parseOrNull(statement.sql) as { stmts?: { stmt?: unknown }[] } | null;
    for (const outer of tree?.stmts ?? []) {
      const inner = guardedDdl(outer.stmt);
      const raw = inner === null ? outer : (((parseOrNull(inner) as { stmts?: { stmt?: unknown }[] } | null)?.stmts ?? [])[0] ?? outer);
      if (!raw.stmt) continue;
      const concurrently = Boolean((raw.stmt as { IndexStmt?: { concurrent?: boolean } }).IndexStmt?.concurrent);
      for (const touched of touchedObjects(raw.stmt)) {
        const ref = resolver.resolve(touched);
        const entry = byId.get(ref.id) ?? { ref, steps: [] };
        entry.steps.push({ action: touched.action, file: statement.file, line: statement.line, concurrently, statement: index });
        byId.set(ref.id, entry);
      }
    }
  }
  return [...byId.values()];
}

/**
 * The objects a revision renamed into `created`, each with the statement that did: a RENAME reads
 * as one statement dropping the old name and creating the new one (same kind, schema and table).
 *
 * @example
 * renamesInto(objects, tierLevel) // [{ former: <column tier>, step: { action: 'create', line: 21, statement: 0, … } }]
 */
export function renamesInto(objects: readonly RevisionObject[], created: RevisionObject): { former: RevisionObject; step: SourceStep }[] {
  const found: { former: RevisionObject; step: SourceStep }[] = [];
  for (const step of created.steps.filter((s) => s.action === 'create')) {
    const former = objects.find(
      (o) =>
        o !== created &&
        o.ref.objectType === created.ref.objectType &&
        o.ref.schema === created.ref.schema &&
        o.ref.table === created.ref.table &&
        o.steps.some((s) => s.action === 'drop' && s.statement === step.statement),
    );
    if (former) found.push({ former, step });
  }
  return found;
}

/** Finds which real object an unqualified or table-less name means. */
class Resolver {
  private readonly indexes: readonly ReadonlyMap<string, object>[];
  private readonly schemas: readonly string[];

  constructor(private readonly snapshots: readonly Snapshot[]) {
    this.indexes = snapshots.map(objectIndex);
    const names = new Set<string>(['public']);
    for (const s of snapshots) for (const t of [...s.tables, ...s.views, ...s.enums, ...s.functions]) names.add(t.schema);
    this.schemas = [...names];
  }

  resolve(t: TouchedObject): ObjectRef {
    const schemas = t.schema !== null ? [t.schema] : this.schemas;
    for (const type of alternatives(t.objectType)) {
      for (const schema of schemas) {
        const found = this.find(type, schema, t);
        if (found) return found;
      }
    }
    // Known to neither side (an IF EXISTS that found nothing): named as the statement names it.
    const schema = t.schema ?? 'public';
    const identity = objectIdentity(t.objectType, t.objectType === 'extension' ? null : schema, t.table, t.name);
    return { id: identity.id, objectType: t.objectType, schema: identity.schema, table: identity.table, name: t.name };
  }

  private find(type: ObjectType, schema: string, t: TouchedObject): ObjectRef | null {
    if (type === 'function' || type === 'procedure') {
      for (const s of this.snapshots) {
        const r = s.functions.find((f) => f.schema === schema && f.name === t.name);
        if (r) {
          const identity = routineIdentity(r);
          return { id: identity.id, objectType: identity.objectType, schema, table: null, name: identity.name };
        }
      }
      return null;
    }
    if (type === 'index' && t.table === null) {
      // DROP INDEX and ALTER INDEX name the index alone.
      for (const s of this.snapshots) {
        const i = s.indexes.find((x) => x.schema === schema && x.name === t.name);
        if (i) return this.ref('index', schema, i.table, t.name);
      }
      return null;
    }
    const ref = this.ref(type, type === 'extension' ? null : schema, t.table, t.name);
    return this.indexes.some((index) => index.has(ref.id)) ? ref : null;
  }

  private ref(type: ObjectType, schema: string | null, table: string | null, name: string): ObjectRef {
    const identity = objectIdentity(type, schema, table, name);
    return { id: identity.id, objectType: type, schema: identity.schema, table: identity.table, name };
  }
}

/** `DROP TYPE` and `ALTER TABLE` do not say which kind of type or relation they name. */
function alternatives(type: ObjectType): readonly ObjectType[] {
  if (type === 'enum') return ['enum', 'composite type', 'domain'];
  if (type === 'table') return ['table', 'view', 'materialized view'];
  if (type === 'view') return ['view', 'materialized view'];
  return [type];
}
