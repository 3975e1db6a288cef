import type { MigrationHistory, MigrationRevision } from './history.js';
import { nextSteps } from './next-steps.js';
import { compareFlywayVersions } from './sql-tools/flyway.js';
import type { RecordedState } from './version-table/recorded-state.js';

/**
 * Where a database stands against the code's migration history.
 * - `up_to_date`: every revision applied, nothing else recorded
 * - `behind`: revisions pending (`pending`, in apply order)
 * - `ahead`: a recorded version beyond every version the code has (numbered tools)
 * - `unknown_revision`: a recorded revision the code does not have (code rolled back after a deploy?)
 * - `multiple_heads`: the code has more than one head (a forgotten `alembic merge`)
 * - `dirty`: the tool recorded a run that failed half-way
 * - `uninitialized`: no version table
 */
export type MigrationState = 'up_to_date' | 'behind' | 'ahead' | 'unknown_revision' | 'multiple_heads' | 'dirty' | 'uninitialized';

/** Fix-first order: the code before the database, a broken run before a missing one. */
export const STATE_PRIORITY: readonly Exclude<MigrationState, 'up_to_date'>[] = [
  'multiple_heads',
  'dirty',
  'unknown_revision',
  'ahead',
  'uninitialized',
  'behind',
];

export interface StatusProblem {
  readonly state: Exclude<MigrationState, 'up_to_date'>;
  /** One line, complete on its own. */
  readonly message: string;
  /** The revisions concerned (heads, the dirty version, unknown revisions, pending ones). */
  readonly revisions: readonly string[];
}

/** The result of `pgdrift status`. Its JSON form is described by `schemas/status.schema.json`. */
export interface MigrationStatus {
  readonly tool: MigrationHistory['tool'];
  /** The migrations folder as given. */
  readonly migrations: string;
  /** The database, password redacted. */
  readonly database: string;
  /** `schema.table` of the version table found, or null. */
  readonly versionTable: string | null;
  /** The problem to fix first, or `up_to_date`. */
  readonly state: MigrationState;
  /** Revisions the version table records as the database's position (Alembic: its rows). */
  readonly current: readonly string[];
  /** Heads of the code's history. */
  readonly heads: readonly string[];
  /** Revisions not applied, in apply order. */
  readonly pending: readonly string[];
  /** Every problem found, in fix-first order. */
  readonly problems: readonly StatusProblem[];
  /** What an operator should run next, most urgent first. */
  readonly next: readonly string[];
  /** Known revisions the database has applied, in apply order (what its schema should be). */
  readonly applied: readonly string[];
}

/**
 * Tells where a database stands, from the code's history and what its version table records.
 *
 * @example
 * const status = computeStatus(history, await readDatabaseState(url, 'alembic', 'alembic_version'), 'postgres://app@db/app');
 * status.state;   // 'behind'
 * status.pending; // ['d6e7f8091a2b']
 */
export function computeStatus(history: MigrationHistory, recorded: RecordedState, database: string): MigrationStatus {
  const graph = history.graph;
  const order = graph.topologicalOrder();
  const heads = graph.heads();
  const resolveId = (version: string): string | null => {
    if (graph.has(version)) return version;
    if (history.tool === 'flyway') return order.find((r) => compareFlywayVersions(r.id, version) === 0)?.id ?? null;
    if (history.tool === 'golang-migrate' || history.tool === 'dbmate') {
      if (/^\d+$/.test(version)) return order.find((r) => /^\d+$/.test(r.id) && BigInt(r.id) === BigInt(version))?.id ?? null;
    }
    return null;
  };
  const known: string[] = [];
  const unknown: string[] = [];
  for (const v of recorded.versions) {
    const id = resolveId(v);
    if (id === null) unknown.push(v);
    else known.push(id);
  }

  const applied = new Set<string>();
  for (const id of known) {
    applied.add(id);
    if (history.records === 'tips') for (const a of graph.ancestors(id)) applied.add(a);
  }
  if (recorded.baseline !== null) {
    for (const r of order) if (compareFlywayVersions(r.id, recorded.baseline) <= 0) applied.add(r.id);
  }
  const appliedInOrder = order.filter((r) => applied.has(r.id)).map((r) => r.id);
  // A tool that records only its tips says nothing about what lies below a revision the code
  // lacks: nothing can be called pending then.
  const positionUnknown = history.records === 'tips' && unknown.length > 0;
  const pending = positionUnknown ? [] : order.filter((r) => !applied.has(r.id)).map((r) => r.id);
  const current =
    history.records === 'tips'
      ? [...recorded.versions]
      : [...appliedInOrder.filter((id) => ![...graph.descendants(id)].some((d) => applied.has(d))), ...unknown];

  const problems: StatusProblem[] = [];
  const label = (id: string) => describe(graph.has(id) ? graph.get(id) : null, id);
  if (heads.length > 1) {
    problems.push({
      state: 'multiple_heads',
      message: `the code has ${heads.length} heads (${heads.join(', ')}): two lines of history were never merged`,
      revisions: heads,
    });
  }
  for (const f of recorded.failed) {
    problems.push({ state: 'dirty', message: `version ${f.version}: ${f.detail}`, revisions: [f.version] });
  }
  if (unknown.length > 0) {
    const ahead = isAhead(history, unknown);
    problems.push({
      state: ahead ? 'ahead' : 'unknown_revision',
      message: ahead
        ? `the database records ${plural(unknown.length, 'version')} ${unknown.join(', ')}, newer than any in the code (is this code older than what was deployed?)`
        : `the database records ${plural(unknown.length, 'revision')} ${unknown.join(', ')} that the code does not have (code rolled back after a deploy, or a revision file missing?)`,
      revisions: unknown,
    });
  }
  if (recorded.table === null) {
    problems.push({
      state: 'uninitialized',
      message: `no ${history.versionTable} table: ${history.tool} has never run on this database`,
      revisions: [],
    });
  } else if (pending.length > 0) {
    problems.push({
      state: 'behind',
      message: `${plural(pending.length, 'revision')} pending: ${pending.map(label).join(', ')}`,
      revisions: pending,
    });
  }
  problems.sort((a, b) => STATE_PRIORITY.indexOf(a.state) - STATE_PRIORITY.indexOf(b.state));
  const state: MigrationState = problems[0]?.state ?? 'up_to_date';
  const base: Omit<MigrationStatus, 'next'> = {
    tool: history.tool,
    migrations: history.dir,
    database,
    versionTable: recorded.table ? `${recorded.table.schema}.${recorded.table.name}` : null,
    state,
    current,
    heads,
    pending,
    problems,
    applied: appliedInOrder,
  };
  return { ...base, next: nextSteps(history, base) };
}

function describe(revision: MigrationRevision | null, id: string): string {
  return revision?.message ? `${id} (${revision.message})` : id;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** A numbered tool's unknown versions all beyond the newest file: the database is ahead of the code. */
function isAhead(history: MigrationHistory, unknown: readonly string[]): boolean {
  const order = history.graph.topologicalOrder();
  const last = order[order.length - 1]?.id;
  if (last === undefined) return false;
  if (history.tool === 'flyway') return unknown.every((v) => /^\d+(\.\d+)*$/.test(v) && compareFlywayVersions(v, last) > 0);
  if (history.tool === 'golang-migrate' || history.tool === 'dbmate') {
    return unknown.every((v) => /^\d+$/.test(v) && /^\d+$/.test(last) && BigInt(v) > BigInt(last));
  }
  return false;
}
