import type { Column, Persistence, Table } from '../../model/snapshot.js';
import { sortedStrings } from '../../model/canonical-order.js';
import type { MapContext } from './context.js';

export interface TableRow {
  readonly schema: string;
  readonly name: string;
  readonly relkind: string;
  readonly persistence: string;
  readonly partition_key: string | null;
  readonly partition_of: string | null;
  readonly partition_bound: string | null;
  /** `schema.name` of plain-inheritance parents, in inhseqno order. */
  readonly inherits: readonly string[];
  readonly options: readonly string[];
  readonly rls_enabled: boolean;
  readonly rls_forced: boolean;
  readonly owner: string;
  readonly comment: string | null;
}

export interface ColumnRow {
  readonly schema: string;
  readonly table: string;
  readonly position: number;
  readonly name: string;
  readonly type: string;
  readonly collation: string | null;
  readonly not_null: boolean;
  readonly default: string | null;
  readonly generated: string | null;
  readonly generated_storage: 'stored' | 'virtual' | null;
  /** attidentity: '' none, 'a' always, 'd' by default. */
  readonly identity: string;
  readonly seq_type: string | null;
  readonly seq_start: string | null;
  readonly seq_increment: string | null;
  readonly seq_min: string | null;
  readonly seq_max: string | null;
  readonly seq_cache: string | null;
  readonly seq_cycle: boolean | null;
  readonly comment: string | null;
}

const PERSISTENCE: Readonly<Record<string, Persistence>> = { p: 'permanent', u: 'unlogged', t: 'temporary' };

export function tableKey(schema: string, table: string): string {
  return `${schema}\u0000${table}`;
}

/** Columns per table (key from `tableKey`), each list in attnum order. */
export function groupColumns(rows: readonly ColumnRow[]): Map<string, Column[]> {
  const byTable = new Map<string, ColumnRow[]>();
  for (const row of rows) {
    const key = tableKey(row.schema, row.table);
    const list = byTable.get(key);
    if (list) list.push(row);
    else byTable.set(key, [row]);
  }
  const result = new Map<string, Column[]>();
  for (const [key, list] of byTable) {
    list.sort((a, b) => a.position - b.position);
    result.set(key, list.map(mapColumn));
  }
  return result;
}

/**
 * @example
 * mapColumn({ name: 'id', type: 'bigint', identity: 'a', seq_type: 'bigint', … })
 * // { name: 'id', type: 'bigint', identity: { generation: 'always', sequence: { … } }, default: null, … }
 */
export function mapColumn(row: ColumnRow): Column {
  const identity =
    row.identity === ''
      ? null
      : {
          generation: row.identity === 'a' ? ('always' as const) : ('by default' as const),
          sequence: {
            type: required(row.seq_type, row),
            start: required(row.seq_start, row),
            increment: required(row.seq_increment, row),
            min: required(row.seq_min, row),
            max: required(row.seq_max, row),
            cache: required(row.seq_cache, row),
            cycle: row.seq_cycle === true,
          },
        };
  return {
    name: row.name,
    type: row.type,
    collation: row.collation,
    notNull: row.not_null,
    default: row.default,
    identity,
    generated: row.generated,
    generatedStorage: row.generated_storage,
    comment: row.comment,
  };
}

function required(value: string | null, row: ColumnRow): string {
  // An identity column always has its internal sequence; if the catalog says otherwise the
  // snapshot would silently claim different options, so stop instead.
  if (value === null) throw new Error(`identity column ${row.schema}.${row.table}.${row.name} has no sequence`);
  return value;
}

/** @example mapTable(row, columnsByTable, ctx) */
export function mapTable(row: TableRow, columns: ReadonlyMap<string, Column[]>, ctx: MapContext): Table {
  return {
    schema: row.schema,
    name: row.name,
    kind: row.relkind === 'p' ? 'partitioned' : 'table',
    persistence: PERSISTENCE[row.persistence] ?? 'permanent',
    partitionKey: row.partition_key,
    partitionOf: row.partition_of,
    partitionBound: row.partition_bound,
    inherits: [...row.inherits],
    options: sortedStrings(row.options),
    rlsEnabled: row.rls_enabled,
    rlsForced: row.rls_forced,
    owner: ctx.owner(row.owner),
    comment: row.comment,
    columns: columns.get(tableKey(row.schema, row.name)) ?? [],
  };
}
