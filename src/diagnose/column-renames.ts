import { objectIdentity } from '../compare/keys.js';
import { ident, qualified } from '../ddl/quote.js';
import type { DdlStatement } from '../ddl/statement.js';
import type { Snapshot, Table } from '../model/snapshot.js';
import { shownPath } from './shown-path.js';
import { renamesInto, type RevisionObject } from './revision-objects.js';

/** A column a revision renames, as its statement does: `ALTER TABLE … RENAME COLUMN from TO to`. */
export interface ColumnRename {
  readonly schema: string;
  readonly table: string;
  readonly from: string;
  readonly to: string;
  readonly file: string;
  readonly line: number;
}

/**
 * The column renames among a revision's statements: one statement that drops a column's name
 * and creates another of the same table (how a RENAME COLUMN reads). Not a guess from two
 * columns looking alike: the revision's own source says so.
 *
 * @example
 * columnRenames(await context.objectsOf(step)) // [{ schema: 'public', table: 'accounts', from: 'tier', to: 'tier_level', … }]
 */
export function columnRenames(objects: readonly RevisionObject[]): ColumnRename[] {
  return objects.flatMap((created) => {
    const { schema, table, objectType, name } = created.ref;
    if (objectType !== 'column' || schema === null || table === null) return [];
    return renamesInto(objects, created).map(({ former, step }) => ({ schema, table, from: former.ref.name, to: name, file: step.file, line: step.line }));
  });
}

/**
 * The renames that take `live` toward `target` (either way round: finishing renames as the
 * revision does, reverting renames back), each as its statement, and `live` as it is once they
 * ran. A plan from that snapshot keeps the column's data, where a drop and an add would lose it.
 *
 * @example
 * // the revision renamed tier → tier_level; live has tier_level, the schema before it has tier
 * renamedToward(live, before, renames).statements[0].sql // 'ALTER TABLE public.accounts RENAME COLUMN tier_level TO tier'
 */
export function renamedToward(live: Snapshot, target: Snapshot, renames: readonly ColumnRename[]): { live: Snapshot; statements: DdlStatement[] } {
  const statements: DdlStatement[] = [];
  let tables = live.tables;
  for (const r of renames) {
    const liveTable = tables.find((t) => t.schema === r.schema && t.name === r.table);
    const targetTable = target.tables.find((t) => t.schema === r.schema && t.name === r.table);
    if (!liveTable || !targetTable) continue;
    // Finishing renames as the revision does; reverting renames back.
    const moves = (old: string, now: string): boolean => has(liveTable, old) && !has(liveTable, now) && has(targetTable, now) && !has(targetTable, old);
    const [old, now] = moves(r.from, r.to) ? [r.from, r.to] : moves(r.to, r.from) ? [r.to, r.from] : [null, null];
    if (old === null || now === null) continue;
    statements.push({
      sql: `ALTER TABLE ${qualified(r.schema, r.table)} RENAME COLUMN ${ident(old)} TO ${ident(now)}`,
      changeIds: [columnId(r.schema, r.table, old), columnId(r.schema, r.table, now)],
      hazards: ['access-exclusive-lock'],
      transactional: true,
      note: `renamed as ${shownPath(r.file)}:${r.line} renames it, so that the column keeps its data (a drop and an add would lose it)`,
    });
    tables = tables.map((t) => (t === liveTable ? { ...t, columns: t.columns.map((c) => (c.name === old ? { ...c, name: now } : c)) } : t));
  }
  return { live: statements.length === 0 ? live : { ...live, tables }, statements };
}

const has = (t: Table, column: string): boolean => t.columns.some((c) => c.name === column);
const columnId = (schema: string, table: string, column: string): string => objectIdentity('column', schema, table, column).id;
