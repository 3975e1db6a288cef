import type { MigrationHistory } from '../migrations/history.js';
import type { RecordedState } from '../migrations/version-table/recorded-state.js';
import { ident, literal, qualified } from '../ddl/quote.js';

/** What makes the version table record a given set of applied revisions. */
export interface VersionFix {
  /** The tool's own command for it, when it has one (`alembic stamp …`, `migrate force …`). */
  readonly command: string | null;
  /** The same as plain SQL on the version table, for a script that must stand alone. */
  readonly sql: readonly string[];
}

/**
 * How to make the version table say that exactly `applied` (revision ids, in apply order) are
 * applied, given what it records now; null when it already does. Never run by pgdrift.
 *
 * @param table the version table found, `schema.name`
 * @example
 * versionFix(history, 'public.alembic_version', recorded, ['1a2b…', '2b3c…'])
 * // { command: 'alembic stamp 2b3c…', sql: ["DELETE FROM public.alembic_version WHERE version_num IN ('1a2b…')", "INSERT INTO … VALUES ('2b3c…')"] }
 */
export function versionFix(history: MigrationHistory, table: string, recorded: RecordedState, applied: readonly string[]): VersionFix | null {
  if (recorded.table === null) return missingTableFix(history, applied);
  const t = tableName(table);
  const graph = history.graph;
  const set = new Set(applied);
  const tips = applied.filter((id) => !graph.dependents(id).some((c) => set.has(c)));
  switch (history.tool) {
    case 'alembic': {
      const now = new Set(recorded.versions);
      if (now.size === tips.length && tips.every((id) => now.has(id))) return null;
      const drop = [...now].filter((v) => !tips.includes(v));
      const add = tips.filter((id) => !now.has(id));
      // `stamp` moves a row up or down its own line of history; a row the code lacks, or on another
      // branch than every target, is one it would keep beside them, and rows of which one is below
      // another make Alembic refuse to move at all: --purge replaces all rows.
      const related = (v: string) => tips.some((tip) => tip === v || graph.ancestors(tip).has(v) || graph.ancestors(v).has(tip));
      const overlapping = [...now].some((v) => graph.has(v) && [...now].some((w) => w !== v && graph.has(w) && graph.ancestors(w).has(v)));
      const purge = overlapping || [...now].some((v) => !graph.has(v) || (tips.length > 0 && !related(v)));
      return {
        command: `alembic stamp ${purge ? '--purge ' : ''}${tips.length === 0 ? 'base' : tips.join(' ')}`,
        sql: [
          ...(drop.length > 0 ? [`DELETE FROM ${t} WHERE version_num IN (${drop.map(literal).join(', ')})`] : []),
          ...(add.length > 0 ? [`INSERT INTO ${t} (version_num) VALUES ${add.map((a) => `(${literal(a)})`).join(', ')}`] : []),
        ],
      };
    }
    case 'golang-migrate': {
      const last = applied[applied.length - 1] ?? null;
      const current = recorded.versions[0] ?? null;
      if (current === last && recorded.failed.length === 0) return null;
      return {
        command: `migrate -path ${history.dir} -database "$DATABASE_URL" force ${last ?? '-1'}`,
        sql:
          last === null
            ? [`DELETE FROM ${t}`]
            : current === null
              ? [`INSERT INTO ${t} (version, dirty) VALUES (${last}, false)`]
              : [`UPDATE ${t} SET version = ${last}, dirty = false`],
      };
    }
    case 'flyway': {
      // Flyway keeps a row per run; pgdrift only settles the failed runs, the rest is Flyway's.
      const failed = recorded.failed.map((f) => f.version);
      if (failed.length === 0) return null;
      const finished = failed.filter((v) => set.has(v));
      const abandoned = failed.filter((v) => !set.has(v));
      return {
        command: abandoned.length > 0 && finished.length === 0 ? `flyway -locations=filesystem:${history.dir} repair` : null,
        sql: [
          ...(finished.length > 0 ? [`UPDATE ${t} SET success = true WHERE NOT success AND version IN (${finished.map(literal).join(', ')})`] : []),
          ...(abandoned.length > 0 ? [`DELETE FROM ${t} WHERE NOT success AND version IN (${abandoned.map(literal).join(', ')})`] : []),
        ],
      };
    }
    case 'dbmate':
    case 'kysely': {
      const column = history.tool === 'dbmate' ? 'version' : 'name';
      const now = new Set(recorded.versions);
      const drop = [...now].filter((v) => !set.has(v));
      const add = applied.filter((id) => !now.has(id));
      if (drop.length === 0 && add.length === 0) return null;
      const values = (id: string) => (history.tool === 'dbmate' ? `(${literal(id)})` : `(${literal(id)}, ${KYSELY_NOW})`);
      return {
        command: null,
        sql: [
          ...(drop.length > 0 ? [`DELETE FROM ${t} WHERE ${column} IN (${drop.map(literal).join(', ')})`] : []),
          ...(add.length > 0 ? [`INSERT INTO ${t} (${history.tool === 'dbmate' ? 'version' : 'name, timestamp'}) VALUES ${add.map(values).join(', ')}`] : []),
        ],
      };
    }
  }
}

/**
 * No version table yet: only the tool itself creates it the way it wants it, so there is no
 * SQL, only its command where it has one.
 */
function missingTableFix(history: MigrationHistory, applied: readonly string[]): VersionFix | null {
  if (applied.length === 0) return null;
  const set = new Set(applied);
  const tips = applied.filter((id) => !history.graph.dependents(id).some((c) => set.has(c)));
  switch (history.tool) {
    case 'alembic':
      return { command: `alembic stamp ${tips.join(' ')}`, sql: [] };
    case 'golang-migrate':
      return { command: `migrate -path ${history.dir} -database "$DATABASE_URL" force ${applied[applied.length - 1]}`, sql: [] };
    case 'flyway':
      return { command: `flyway -locations=filesystem:${history.dir} -baselineVersion=${applied[applied.length - 1]} baseline`, sql: [] };
    case 'dbmate':
    case 'kysely':
      return null;
  }
}

/** Kysely stores the time a migration ran as ISO-8601 text. */
const KYSELY_NOW = `to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

function tableName(table: string): string {
  const dot = table.indexOf('.');
  return dot > 0 ? qualified(table.slice(0, dot), table.slice(dot + 1)) : ident(table);
}
