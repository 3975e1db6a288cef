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
  /** Changes the config's `ignore` rules left out (they are not listed). */
  readonly ignored: number;
  /** Changes the config's `accept` entries let pass (listed in `accepted`). */
  readonly accepted: number;
}

/** A change that is known drift: listed, not failing. */
export interface AcceptedChange {
  readonly change: Change;
  readonly reason: string;
  /** `YYYY-MM-DD`, the last day it is accepted; null when open-ended. */
  readonly until: string | null;
}

/**
 * An acceptance worth a look: `expired` (its change counts as drift again) or `stale` (no change
 * has its id: the drift is gone, or the id is wrong).
 */
export interface AcceptanceNote {
  readonly id: string;
  readonly state: 'expired' | 'stale';
  readonly reason: string;
  readonly until: string | null;
}

/** What the config's rules did to a diff before it became a report. */
export interface PolicyOutcome {
  readonly ignored: number;
  readonly accepted: readonly AcceptedChange[];
  readonly notes: readonly AcceptanceNote[];
}

const NO_POLICY: PolicyOutcome = { ignored: 0, accepted: [], notes: [] };

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
  /** Counts over `changes` (ignored and accepted ones left out), whatever their severity. */
  readonly summary: ReportSummary;
  /** The changes that count: neither ignored nor accepted. */
  readonly changes: readonly Change[];
  /** Known drift the config accepts, with its reason; never fails the check. */
  readonly accepted: readonly AcceptedChange[];
  readonly acceptanceNotes: readonly AcceptanceNote[];
}

/**
 * Builds the report for a diff. Changes keep the comparator's order.
 *
 * @example
 * const report = buildReport(diff, expected.source, actual.source, 'warning');
 * process.exitCode = report.status === 'drift' ? 1 : 0;
 */
export function buildReport(diff: Diff, expected: SnapshotSource, actual: SnapshotSource, failOn: Severity, policy: PolicyOutcome = NO_POLICY): Report {
  const bySeverity = (s: Severity): number => diff.changes.filter((c) => c.severity === s).length;
  const byKind = (k: ChangeKind): number => diff.changes.filter((c) => c.kind === k).length;
  const ids = new Set(diff.changes.map((c) => c.id));
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
      // Only pairs whose two changes are both here: the other one may have been accepted.
      findings: diff.changes.length - diff.changes.filter((c) => c.pairedWith !== undefined && ids.has(c.pairedWith)).length / 2,
      ignored: policy.ignored,
      accepted: policy.accepted.length,
    },
    changes: diff.changes,
    accepted: policy.accepted,
    acceptanceNotes: policy.notes,
  };
}

/** `3 errors, 1 warning, 0 info; 1 accepted, 4 ignored`: the counts every renderer's verdict line shows. */
export function severityCounts(summary: ReportSummary): string {
  const noun: Record<Severity, [string, string]> = {
    error: ['error', 'errors'],
    warning: ['warning', 'warnings'],
    info: ['info', 'info'],
  };
  const counts = SEVERITIES.map((s) => `${summary[s]} ${noun[s][summary[s] === 1 ? 0 : 1]}`).join(', ');
  // Paired changes (a rename: missing + unexpected) are one difference each.
  const differences = summary.findings === summary.total ? '' : `; ${summary.findings} differences`;
  const policy = [summary.accepted > 0 && `${summary.accepted} accepted`, summary.ignored > 0 && `${summary.ignored} ignored`].filter(Boolean);
  return `${counts}${differences}${policy.length > 0 ? `; ${policy.join(', ')}` : ''}`;
}

/** `until 2026-03-01`, or nothing for an open-ended acceptance. */
export function untilText(until: string | null): string {
  return until === null ? '' : ` (until ${until})`;
}
