import type { Snapshot } from '../model/snapshot.js';
import type { CatalogQueryName } from './load-sql.js';
import type { MapContext } from './map/context.js';
import { mapConstraint, type ConstraintRow } from './map/constraints.js';
import { mapRoutine, routineKey, type FunctionRow, type FunctionSqlBodyRow } from './map/functions.js';
import { mapIndex, type IndexRow } from './map/indexes.js';
import { mapExtension, mapSchema, type ExtensionRow, type SchemaRow } from './map/schemas.js';
import { mapGrant, mapPolicy, type GrantRow, type PolicyRow } from './map/security.js';
import { mapSequence, type SequenceRow } from './map/sequences.js';
import { groupColumns, mapTable, type ColumnRow, type TableRow } from './map/tables.js';
import { mapTrigger, type TriggerRow } from './map/triggers.js';
import { mapCompositeType, mapDomain, mapEnum, type CompositeTypeRow, type DomainRow, type EnumRow } from './map/types.js';
import { mapView, type ViewRow } from './map/views.js';

/** The object lists of a snapshot: everything but its header. */
export type SnapshotLists = Omit<Snapshot, 'formatVersion' | 'source'>;

type Rows = <R>(name: CatalogQueryName) => R[];

interface Step {
  /** The queries whose rows the lists are mapped from. */
  readonly needs: readonly CatalogQueryName[];
  readonly build: (rows: Rows) => Partial<SnapshotLists>;
}

function steps(ctx: MapContext, sqlBodies: boolean): Step[] {
  return [
    { needs: ['schemas'], build: (r) => ({ schemas: r<SchemaRow>('schemas').map((x) => mapSchema(x, ctx)) }) },
    { needs: ['extensions'], build: (r) => ({ extensions: r<ExtensionRow>('extensions').map(mapExtension) }) },
    {
      needs: ['columns', 'tables'],
      build: (r) => {
        const columns = groupColumns(r<ColumnRow>('columns'));
        return { tables: r<TableRow>('tables').map((x) => mapTable(x, columns, ctx)) };
      },
    },
    { needs: ['constraints'], build: (r) => ({ constraints: r<ConstraintRow>('constraints').map(mapConstraint) }) },
    { needs: ['indexes'], build: (r) => ({ indexes: r<IndexRow>('indexes').map(mapIndex) }) },
    { needs: ['sequences'], build: (r) => ({ sequences: r<SequenceRow>('sequences').map((x) => mapSequence(x, ctx)) }) },
    { needs: ['views'], build: (r) => ({ views: r<ViewRow>('views').map((x) => mapView(x, ctx)) }) },
    {
      // SQL-standard bodies replace the empty prosrc; servers before 14 have none to read.
      needs: sqlBodies ? ['functions', 'function-sql-bodies'] : ['functions'],
      build: (r) => {
        const bodies = new Map(
          (sqlBodies ? r<FunctionSqlBodyRow>('function-sql-bodies') : []).map((b) => [routineKey(b.schema, b.name, b.identity_arguments), b.body]),
        );
        return { functions: r<FunctionRow>('functions').filter(present).map((x) => mapRoutine(x, bodies, ctx)) };
      },
    },
    { needs: ['triggers'], build: (r) => ({ triggers: r<TriggerRow>('triggers').map(mapTrigger) }) },
    { needs: ['enums'], build: (r) => ({ enums: r<EnumRow>('enums').map((x) => mapEnum(x, ctx)) }) },
    { needs: ['domains'], build: (r) => ({ domains: r<DomainRow>('domains').map((x) => mapDomain(x, ctx)) }) },
    { needs: ['composite-types'], build: (r) => ({ compositeTypes: r<CompositeTypeRow>('composite-types').map((x) => mapCompositeType(x, ctx)) }) },
    { needs: ['policies'], build: (r) => ({ policies: r<PolicyRow>('policies').map(mapPolicy) }) },
    { needs: ['grants'], build: (r) => ({ grants: r<GrantRow>('grants').filter((g) => g.object !== null).map(mapGrant) }) },
  ];
}

/**
 * False for the row of a routine another session dropped after the read transaction's snapshot
 * was taken: the snapshot still lists it, but its arguments are printed from the server's
 * current catalog, which no longer has it (NULL; its grants' object name is NULL too). Such a
 * routine is left out; a live read then finds it in dropped-while-reading.sql and reads again.
 * Filtering here costs nothing, where a test in the query (pg_function_is_visible) ran once for
 * every routine of the server, pg_catalog's included.
 */
function present(row: FunctionRow): boolean {
  return row.identity_arguments !== null;
}

/** Collects query results and maps them to snapshot lists; see {@link snapshotLists}. */
export interface ListCollector {
  /** Hands over one query's rows; every list whose rows are now all there is mapped at once. */
  add(name: CatalogQueryName, rows: unknown[]): void;
  /** The lists, once every query has delivered its rows. */
  lists(): SnapshotLists;
}

/**
 * Maps catalog rows to the snapshot's lists as the queries deliver them: each list is built as
 * soon as the rows it needs are all there, while other sessions are still reading, instead of
 * all of them after the slowest query.
 *
 * @param sqlBodies whether `function-sql-bodies` runs (PostgreSQL 14+)
 * @example
 * const collector = snapshotLists(mapContext(true, 'app'), true);
 * await runQueries(sessions, chains, { rows: collector.add });
 * const lists = collector.lists();
 */
export function snapshotLists(ctx: MapContext, sqlBodies: boolean): ListCollector {
  const arrived = new Map<CatalogQueryName, unknown[]>();
  const pending = steps(ctx, sqlBodies);
  const built: Partial<SnapshotLists> = {};
  const rows: Rows = <R>(name: CatalogQueryName) => (arrived.get(name) ?? []) as R[];
  return {
    add(name, queryRows) {
      arrived.set(name, queryRows);
      for (let i = pending.length - 1; i >= 0; i--) {
        const step = pending[i] as Step;
        if (!step.needs.every((n) => arrived.has(n))) continue;
        pending.splice(i, 1);
        Object.assign(built, step.build(rows));
        // Mapped rows are garbage from now on (the collector would otherwise hold a second copy
        // of the catalog until the last query is in); the names stay known as arrived.
        for (const n of step.needs) if (!pending.some((p) => p.needs.includes(n))) arrived.set(n, []);
      }
    },
    lists() {
      if (pending.length > 0) throw new Error(`catalog rows missing for: ${pending.flatMap((s) => s.needs).filter((n) => !arrived.has(n)).join(', ')}`);
      return built as SnapshotLists;
    },
  };
}
