import { atOrAbove, SEVERITIES, type Change, type ChangeKind, type Diff, type Severity } from '../compare/change.js';
import type { SnapshotSource } from '../model/snapshot.js';

export const REPORT_FORMAT_VERSION = 1;

/** Which side of the comparison, as shown in a report. */
export interface ReportSource {
  readonly kind: string;
  readonly description: string;
}

export interface ReportSummary {
  readonly total: number;
  readonly error: number;
  readonly warning: number;
  readonly info: number;
  readonly missing: number;
  readonly unexpected: number;
  readonly changed: number;
  /** Differences: changes, with a pair that is one difference (a rename) counted once. */
  readonly findings: number;
}

/**
 * The outcome of `check` / `diff`, whatever the output format. Its JSON form is public and
 * described by `schemas/report.schema.json`.
 */
export interface Report {
  readonly formatVersion: typeof REPORT_FORMAT_VERSION;
  /** `drift` when any change is at or above `failOn`; the CLI exits 1 then. */
  readonly status: 'ok' | 'drift';
  readonly failOn: Severity;
  readonly expected: ReportSource;
  readonly actual: ReportSource;
  /** Counts over all changes, whatever their severity. */
  readonly summary: ReportSummary;
  readonly changes: readonly Change[];
}

/**
 * Builds the report for a diff. Changes keep the comparator's order.
 *
 * @example
 * const report = buildReport(diff, expected.source, actual.source, 'warning');
 * process.exitCode = report.status === 'drift' ? 1 : 0;
 */
export function buildReport(diff: Diff, expected: SnapshotSource, actual: SnapshotSource, failOn: Severity): Report {
  const bySeverity = (s: Severity): number => diff.changes.filter((c) => c.severity === s).length;
  const byKind = (k: ChangeKind): number => diff.changes.filter((c) => c.kind === k).length;
  return {
    formatVersion: REPORT_FORMAT_VERSION,
    status: diff.changes.some((c) => atOrAbove(c.severity, failOn)) ? 'drift' : 'ok',
    failOn,
    expected: { kind: expected.kind, description: expected.description },
    actual: { kind: actual.kind, description: actual.description },
    summary: {
      total: diff.changes.length,
      error: bySeverity('error'),
      warning: bySeverity('warning'),
      info: bySeverity('info'),
      missing: byKind('missing'),
      unexpected: byKind('unexpected'),
      changed: byKind('changed'),
      findings: diff.changes.length - diff.changes.filter((c) => c.pairedWith !== undefined).length / 2,
    },
    changes: diff.changes,
  };
}

/** `3 errors, 1 warning, 0 info`: the counts every renderer's verdict line shows. */
export function severityCounts(summary: ReportSummary): string {
  const noun: Record<Severity, [string, string]> = {
    error: ['error', 'errors'],
    warning: ['warning', 'warnings'],
    info: ['info', 'info'],
  };
  const counts = SEVERITIES.map((s) => `${summary[s]} ${noun[s][summary[s] === 1 ? 0 : 1]}`).join(', ');
  // Paired changes (a rename: missing + unexpected) are one difference each.
  return summary.findings === summary.total ? counts : `${counts}; ${summary.findings} differences`;
}
