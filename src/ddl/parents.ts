import type { PlanContext } from './plan-context.js';
import { columnKey, relationKey, routineKey, splitColumnKey, type ObjectRef } from './snapshot-index.js';

/**
 * What an object belongs to on one side, as `compare()` folds changes: a table's columns,
 * constraints, indexes, triggers and policies; an object's grants; a serial column's sequence;
 * and, when dropping, a partitioned table's partitions (DROP TABLE takes them along). When its
 * parent is created or dropped, the object is created or dropped by the parent's statements.
 *
 * @example
 * parentsOf(ctx, { kind: 'index', key: 'app.t.t_a_idx' }, 'to') // [{ kind: 'table', key: 'app.t' }]
 */
export function parentsOf(ctx: PlanContext, ref: ObjectRef, side: 'from' | 'to'): ObjectRef[] {
  const index = side === 'from' ? ctx.from : ctx.to;
  const relation = (schema: string, name: string): ObjectRef => {
    const key = relationKey(schema, name);
    return { kind: index.relationKind(key) ?? 'table', key } as ObjectRef;
  };
  switch (ref.kind) {
    case 'column': {
      const { table, column } = splitColumnKey(ref.key);
      // A column a partition or an inheritance child has from its parent is added and
      // dropped with the parent's (ALTER TABLE recurses; the child's own statement would fail).
      const t = index.get({ kind: 'table', key: table });
      const inheritedFrom = t ? [...(t.partitionOf ? [t.partitionOf] : []), ...t.inherits] : [];
      return [
        { kind: 'table', key: table },
        ...inheritedFrom
          .filter((parent) => index.get({ kind: 'table', key: parent })?.columns.some((c) => c.name === column))
          .map((parent): ObjectRef => ({ kind: 'column', key: columnKey(parent, column) })),
      ];
    }
    case 'constraint':
    case 'policy':
    case 'index':
    case 'trigger': {
      const o = index.get({ kind: ref.kind, key: ref.key });
      return o ? [relation(o.schema, o.table)] : [];
    }
    case 'grant': {
      const g = index.get({ kind: 'grant', key: ref.key });
      if (!g) return [];
      if (g.objectType === 'schema') return [{ kind: 'schema', key: g.schema }];
      if (g.objectType === 'function') {
        const r = [...index.all('routine')].find((x) => x.schema === g.schema && `${x.name}(${x.identityArguments})` === g.object);
        return r ? [{ kind: 'routine', key: routineKey(r) }] : [];
      }
      return [relation(g.schema, g.object)];
    }
    case 'sequence': {
      const s = index.get({ kind: 'sequence', key: ref.key });
      const owner = s ? index.ownerColumn(s) : null;
      return owner ? [{ kind: 'table', key: owner.table }] : [];
    }
    case 'table': {
      const t = index.get({ kind: 'table', key: ref.key });
      return side === 'from' && t?.partitionOf ? [{ kind: 'table', key: t.partitionOf }] : [];
    }
    default:
      return [];
  }
}
