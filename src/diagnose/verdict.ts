import { atOrAbove, type Severity } from '../compare/change.js';
import type { MigrationRevision } from '../migrations/history.js';
import type { DiagnoseContext } from './diagnose.js';
import type { DiagnosisState, DriftFinding, PartialRevision } from './diagnosis.js';

export interface Verdict {
  readonly state: DiagnosisState;
  /** True when nothing needs doing (exit 0). */
  readonly ok: boolean;
  /** One sentence, the first line of the report. */
  readonly message: string;
}

/**
 * The one-line verdict: the problem to act on first. What the version table cannot say
 * (no table, a revision the code lacks) comes first, then a half-applied revision, a failed run,
 * a wrong stamp, drift, and pending revisions.
 *
 * @example
 * verdictOf(context, partial, []).message
 * // 'revision b4c5d6e7f809 (index comments by author concurrently) is half-applied: 1 of 2 objects invalid'
 */
export function verdictOf(context: DiagnoseContext, partial: PartialRevision | null, drift: readonly DriftFinding[], failOn: Severity = 'warning'): Verdict {
  const { status, reading, order, history } = context;
  const step = reading.at;
  const at = (n: number): string => {
    if (n === 0) return 'the empty schema (no revision applied)';
    const applied = new Set(order.slice(0, n).map((r) => r.id));
    const tips = order.slice(0, n).filter((r) => !history.graph.dependents(r.id).some((c) => applied.has(c)));
    return tips.length > 1 ? `revisions ${tips.map(describe).join(' + ')}` : `revision ${describe(order[n - 1] as MigrationRevision)}`;
  };
  const apart = drift.length === 0 ? '' : `, apart from ${plural(drift.length, 'difference')} no revision explains`;
  const failing = drift.some((d) => atOrAbove(d.severity, failOn));
  const unknown = status.problems.find((p) => p.state === 'unknown_revision' || p.state === 'ahead');

  if (status.versionTable === null) {
    return { state: 'uninitialized', ok: false, message: `no ${history.versionTable} table: ${history.tool} has never recorded a run here; the schema is ${at(step)}${partial ? ` plus part of ${partial.revision}` : ''}${apart}` };
  }
  if (unknown) {
    return {
      state: 'unknown_revision',
      ok: false,
      message: `the version table records ${unknown.revisions.join(', ')}, which this code does not have; the schema is ${at(step)}${partial ? ` plus part of ${partial.revision}` : ''}${apart}`,
    };
  }
  if (partial) {
    const total = partial.applied.length + partial.missing.length + partial.invalid.length;
    const broken = context.replayFailure && partial.unreplayable ? `; it cannot be replayed even on an empty database (${context.replayFailure.error.message})` : '';
    const parts = [
      ...(partial.missing.length > 0 ? [`${partial.missing.length} of ${total} ${total === 1 ? 'object' : 'objects'} missing`] : []),
      ...(partial.invalid.length > 0 ? [`${partial.missing.length > 0 ? partial.invalid.length : `${partial.invalid.length} of ${total} ${total === 1 ? 'object' : 'objects'}`} invalid`] : []),
    ];
    const revision = order[(reading.partial?.step ?? 1) - 1] as MigrationRevision;
    const recordedNote = partial.recorded && partial.toolFailure === null ? ' (the version table records it as applied)' : '';
    return { state: 'half_applied', ok: false, message: `revision ${describe(revision)} is half-applied: ${parts.join(', ')}${recordedNote}${broken}${apart}` };
  }
  // Rows of which one lies below another: Alembic refuses to upgrade from them.
  const graph = history.graph;
  const below = history.tool === 'alembic' ? status.current.filter((v) => graph.has(v) && status.current.some((w) => w !== v && graph.has(w) && graph.ancestors(w).has(v))) : [];
  if (below.length > 0) {
    return {
      state: 'wrong_stamp',
      ok: false,
      message: `wrong stamp: the version table records ${below.join(', ')} beside revisions built on ${below.length === 1 ? 'it' : 'them'} (alembic refuses to upgrade: "overlaps with other requested revisions"); the schema is ${at(step)}${apart}`,
    };
  }
  // The revisions the schema is, against those the version table records (whatever the order).
  const recordedSet = new Set(status.applied);
  const asRecorded = step === recordedSet.size && order.slice(0, step).every((r) => recordedSet.has(r.id));
  const failed = context.recorded.failed[0];
  if (failed) {
    const whole = asRecorded;
    return {
      state: 'failed_run',
      ok: false,
      message: whole
        ? `version ${failed.version} is recorded as a failed run, but the schema is all of it${apart}`
        : `version ${failed.version} is recorded as a failed run; the schema is ${at(step)}${apart}`,
    };
  }
  if (!asRecorded) {
    return {
      state: 'wrong_stamp',
      ok: false,
      message: `wrong stamp: the version table records ${status.current.join(', ') || 'nothing'} but the schema is ${at(step)}${apart}`,
    };
  }
  if (drift.length > 0) {
    return { state: 'drift', ok: !failing, message: `drift: the schema is ${at(step)} as recorded, with ${plural(drift.length, 'difference')} no revision explains` };
  }
  const pending = order.length - step;
  if (pending > 0) {
    return {
      state: 'behind',
      ok: !context.requireHead,
      message: `${context.requireHead ? 'behind' : 'consistent'}: the schema is exactly ${at(step)} as recorded; ${plural(pending, 'revision')} pending`,
    };
  }
  const heads = status.heads.length > 1 ? `; the code has ${status.heads.length} heads, never merged` : ', the head';
  return { state: 'healthy', ok: true, message: `healthy: the schema is exactly ${at(step)} as recorded${heads}` };
}

function describe(r: MigrationRevision): string {
  return r.message ? `${r.id} (${r.message})` : r.id;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
