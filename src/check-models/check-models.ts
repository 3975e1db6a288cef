import { InputError } from '../errors.js';
import { atOrAbove, SEVERITIES, type Change, type Severity } from '../compare/change.js';
import { compare } from '../compare/compare.js';
import { inModelScope, NOT_DECLARED_BY_MODELS } from '../compare/model-scope.js';
import type { Snapshot } from '../model/snapshot.js';
import { redactUrl } from '../redact.js';
import { snapshotDatabase } from '../sources/database.js';
import { modelFiles } from '../sources/models/read-models.js';
import { modelsSnapshot, type ModelsSnapshotOptions } from '../sources/models/snapshot-models.js';
import { liveReadOptions, type MigrationCheckOptions } from '../migrations/check-migrations.js';
import { ensureHistoryRead, expectedSchema } from '../migrations/expected-schema.js';
import { loadMigrationHistory } from '../migrations/load-history.js';
import { computeStatus } from '../migrations/status.js';
import { readDatabaseState } from '../migrations/version-table/read-database.js';
import { disagreement, findingsOf, type Comparison, type ModelsFinding, type RevisionOrigin, type Side } from './findings.js';
import { headSteps, revisionOrigins } from './revision-origins.js';
import { shownPath } from '../diagnose/shown-path.js';
import { ignoreChanges } from '../config/ignore.js';
import { utcToday, type Acceptance, type ReportPolicy } from '../config/rules.js';

export interface ModelsCheckOptions extends MigrationCheckOptions, ModelsSnapshotOptions {
  /** The migrations folder whose head the models are compared with. */
  readonly migrations?: string;
  /** The database the models (and migrations) are compared with. */
  readonly databaseUrl?: string;
  /** Say which revision last touched each object (replays every step; default true). */
  readonly attribution?: boolean;
  /** The config file's `ignore` rules and `accept` entries (by change id). */
  readonly policy?: ReportPolicy;
}

/** `check --models`: the models against migrations at head and/or a database, one verdict. */
export interface ModelsCheck {
  readonly formatVersion: 1;
  readonly status: 'ok' | 'drift';
  readonly failOn: Severity;
  /** What was compared, as shown: the models folder, the migrations at head, the database (redacted). */
  readonly sources: Readonly<Partial<Record<Side, string>>>;
  readonly notCompared: readonly string[];
  /** What to know to read the findings: the database not at the migrations' head, say. */
  readonly notes: readonly string[];
  readonly summary: { readonly total: number; readonly error: number; readonly warning: number; readonly info: number };
  readonly findings: readonly ModelsFinding[];
}

/**
 * Compares what SQLAlchemy models declare (read without Python, as `create_all` builds it) with
 * the schema the migrations build at head, with a database, or with both: each difference once,
 * with which sources disagree, the model's file:line and the revision that last touched it.
 * Only what models can declare is compared (`NOT_DECLARED_BY_MODELS` lists the rest).
 *
 * @example
 * const result = await checkModels('backend/app/models', { migrations: 'backend/app/migrations' });
 * for (const f of result.findings) console.log(f.states);
 * @throws InputError (exit 2) for models or a history not read completely, or several heads.
 */
export async function checkModels(models: string, options: ModelsCheckOptions): Promise<ModelsCheck> {
  const failOn = options.failOn ?? 'warning';
  if (options.migrations === undefined && options.databaseUrl === undefined) throw new InputError('--models needs something to compare with: --migrations DIR and/or --db URL');
  // A wrong models path is bad input before anything slow starts.
  modelFiles(models);
  const history = options.migrations !== undefined ? await loadMigrationHistory(options.migrations, options) : null;
  if (history) await ensureHistoryRead(history, options);
  const heads = history?.graph.heads() ?? [];
  if (history && heads.length !== 1) throw new InputError(`${history.dir}: ${heads.length} heads (${heads.join(', ')}); models are compared with one head (merge them first)`);
  // The database's own migration state: differences from the head may be revisions not applied.
  const notes: string[] = [];
  if (history && options.databaseUrl !== undefined) {
    const status = computeStatus(history, await readDatabaseState(options.databaseUrl, history.tool, history.versionTable, options), redactUrl(options.databaseUrl));
    for (const p of status.problems) notes.push(`database: ${p.message}`);
  }
  // The database first: what create_all would build depends a little on its server version.
  const live = options.databaseUrl !== undefined ? await snapshotDatabase(options.databaseUrl, history ? liveReadOptions(history, options) : options) : null;
  // With attribution, one replay gives every step, the head included; without, the head alone.
  const steps = history && options.attribution !== false ? headSteps(history, options) : null;
  const headSnapshot = async (): Promise<Snapshot | null> => {
    if (!history) return null;
    if (!steps) return (await expectedSchema(history, history.graph.pathTo(heads), `head (${heads.join(', ')})`, options)).snapshot;
    await steps.loadAll();
    if (steps.failure) throw steps.failure.error;
    return steps.steps.get(steps.revisions.length) ?? null;
  };
  const [read, head] = await Promise.all([
    modelsSnapshot(models, { ...options, ...(live?.source.serverVersionNum ? { serverVersionNum: live.source.serverVersionNum } : {}) }),
    headSnapshot(),
  ]);
  const snapshots: Partial<Record<Side, Snapshot>> = { models: read.snapshot, ...(head ? { migrations: head } : {}), ...(live ? { database: live } : {}) };
  const sides = (['models', 'migrations', 'database'] as const).filter((s) => snapshots[s] !== undefined);
  const comparisons: Comparison[] = [];
  const ignoredIds = new Set<string>();
  for (let i = 0; i < sides.length; i++) {
    for (let j = i + 1; j < sides.length; j++) {
      const [a, b] = [sides[i] as Side, sides[j] as Side];
      const scoped = inModelScope(snapshots[a] as Snapshot, snapshots[b] as Snapshot);
      const all = (await compare(scoped.expected, scoped.actual)).changes;
      const { changes } = ignoreChanges(all, scoped.expected, scoped.actual, options.policy?.ignore ?? []);
      const kept = new Set(changes.map((c) => c.id));
      for (const c of all) if (!kept.has(c.id)) ignoredIds.add(c.id);
      comparisons.push({ expected: a, actual: b, changes });
    }
  }
  const policy = acceptFindings(findingsOf(comparisons, sides), options.policy?.accept ?? [], options.policy?.today ?? utcToday());
  const found = policy.findings;
  if (ignoredIds.size > 0) policy.notes.push(`${ignoredIds.size} ${ignoredIds.size === 1 ? 'difference' : 'differences'} ignored by the config's ignore rules`);
  notes.push(...policy.notes);
  const origins = steps && found.length > 0 ? await revisionOrigins(steps, found) : new Map<string, RevisionOrigin>();
  const findings: ModelsFinding[] = found.map((f) => {
    const model = modelOrigin(f, read.origins);
    return { ...f, model: model && shownWhere(model), revision: origins.get(f.ids[0] as string) ?? null };
  });
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return {
    formatVersion: 1,
    status: findings.some((f) => atOrAbove(f.severity, failOn)) ? 'drift' : 'ok',
    failOn,
    sources: {
      models: models,
      ...(history ? { migrations: `${history.dir} at head (${heads.join(', ')})` } : {}),
      ...(options.databaseUrl !== undefined ? { database: redactUrl(options.databaseUrl) } : {}),
    },
    notCompared: NOT_DECLARED_BY_MODELS,
    notes,
    summary: { total: findings.length, ...(Object.fromEntries(SEVERITIES.map((s) => [s, count(s)])) as Record<Severity, number>) },
    findings,
  };
}

/** `file:line:column` with the file as `shownPath` shows it (relative to the working folder). */
function shownWhere(where: string): string {
  const m = /^(.*?)(:\d+:\d+)$/.exec(where);
  return m ? `${shownPath(m[1] as string)}${m[2] as string}` : where;
}

/** The model's file:line for a finding: the column's own line, else its table's. */
function modelOrigin(f: Pick<ModelsFinding, 'objectType' | 'schema' | 'table' | 'name'>, origins: ReadonlyMap<string, string>): string | null {
  const schema = f.schema ?? 'public';
  if (f.objectType === 'column') return origins.get(`${schema}.${f.table}.${f.name}`) ?? origins.get(`${schema}.${f.table}`) ?? null;
  if (f.objectType === 'table') return origins.get(`${schema}.${f.name}`) ?? null;
  return f.table !== null ? (origins.get(`${schema}.${f.table}`) ?? null) : null;
}


/**
 * Findings with the accepted ones set apart, and notes saying which were accepted (with the
 * reason), which acceptances expired and which match nothing. A finding is accepted when every
 * change id it stands for is: the models report has no list of its own for them.
 */
function acceptFindings(
  findings: ReturnType<typeof findingsOf>,
  acceptances: readonly Acceptance[],
  today: string,
): { findings: ReturnType<typeof findingsOf>; notes: string[] } {
  if (acceptances.length === 0) return { findings, notes: [] };
  const byId = new Map(acceptances.map((a) => [a.id, a]));
  const active = (id: string) => {
    const a = byId.get(id);
    return a !== undefined && (a.until === null || today <= a.until);
  };
  const notes: string[] = [];
  const kept = findings.filter((f) => {
    if (!f.ids.every(active)) return true;
    for (const id of f.ids) {
      const a = byId.get(id) as Acceptance;
      notes.push(`accepted ${id}: ${a.reason}${a.until === null ? '' : ` (until ${a.until})`}`);
    }
    return false;
  });
  const seen = new Set(findings.flatMap((f) => f.ids));
  for (const a of acceptances) {
    if (!seen.has(a.id)) notes.push(`stale acceptance ${a.id} (no such difference): ${a.reason}`);
    else if (!active(a.id)) notes.push(`acceptance of ${a.id} expired on ${a.until ?? ''}: it counts again (${a.reason})`);
  }
  return { findings: kept, notes };
}
