import type { CiResult } from './ci-result.js';
import { escapeControls } from './escape.js';

/*
 * The Prometheus text exposition format (0.0.4), for node_exporter's textfile collector: a
 * cron job runs pgdrift with --metrics-file, and an alert watches the result. Each metric has
 * its HELP and TYPE lines; each sample carries `target` (the database, password redacted) and
 * `command`, so that several jobs writing files into one collector folder stay apart (the
 * collector merges every file's samples, and two equal label sets would break the scrape).
 */

/** The label set of every sample of one run. */
export interface MetricsLabels {
  readonly target: string;
  readonly command: string;
}

/** One run as the metrics file records it. */
export interface MetricsRun extends MetricsLabels {
  /** The exit code: 0 or 1 is a completed run (a verdict), 2 or 3 a failed one. */
  readonly exitCode: number;
  /** The completed run's result; null for a failed run. */
  readonly result: CiResult | null;
  readonly finishedAt: Date;
  readonly durationSeconds: number;
  /** When a run last completed: now for a completed run; for a failed one, what the previous file said (null if nothing). */
  readonly lastSuccess: Date | null;
}

/**
 * A label value: control characters shown as escapes first (a value can then hold no raw line
 * break), then the format's three escapes, `\\`, `\"` and `\n`.
 *
 * @example labelValue('a"b\\c') // 'a\\"b\\\\c'
 */
export function labelValue(text: string): string {
  return escapeControls(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(base: MetricsLabels, extra: Readonly<Record<string, string>> = {}): string {
  const all = { target: base.target, command: base.command, ...extra };
  return `{${Object.entries(all)
    .map(([k, v]) => `${k}="${labelValue(v)}"`)
    .join(',')}}`;
}

const seconds = (d: Date): string => (d.getTime() / 1000).toFixed(3);

/**
 * The metrics file of one run. A failed run (exit 2 or 3) says so (`pgdrift_up 0`) and leaves
 * out what it could not know (drift, changes); it keeps the last success of the file before it.
 *
 * @example
 * renderMetrics({ target: 'postgres://app@db/app', command: 'check', exitCode: 1, result, finishedAt: new Date(), durationSeconds: 1.2, lastSuccess: new Date() })
 * // # HELP pgdrift_up …
 * // pgdrift_up{target="postgres://app@db/app",command="check"} 1
 */
export function renderMetrics(run: MetricsRun): string {
  const out: string[] = [];
  const metric = (name: string, help: string, samples: readonly (readonly [string, string])[]) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, ...samples.map(([l, v]) => `${name}${l} ${v}`));
  };
  const own = labels(run);
  const completed = run.result !== null && (run.exitCode === 0 || run.exitCode === 1);
  metric('pgdrift_up', '1 when the last run reached a verdict (drift or not), 0 when it failed (bad input, cannot connect).', [[own, completed ? '1' : '0']]);
  metric('pgdrift_exit_code', 'Exit code of the last run: 0 consistent, 1 drift, 2 bad input, 3 cannot connect or refused.', [[own, String(run.exitCode)]]);
  if (completed && run.result) {
    const result = run.result;
    metric('pgdrift_drift', '1 when the last completed run found drift at or above --fail-on (exit 1).', [[own, result.status === 'fail' ? '1' : '0']]);
    const counts = new Map<string, { severity: string; objectType: string; kind: string; n: number }>();
    for (const f of result.findings) {
      const key = `${f.severity}\u0000${f.objectType}\u0000${f.kind}`;
      const c = counts.get(key) ?? { severity: f.severity, objectType: f.objectType, kind: f.kind, n: 0 };
      counts.set(key, { ...c, n: c.n + 1 });
    }
    metric(
      'pgdrift_changes',
      'Findings of the last completed run, by severity, object type (migration for a migration state) and kind.',
      [...counts.values()].map((c) => [labels(run, { severity: c.severity, object_type: c.objectType, kind: c.kind }), String(c.n)] as const),
    );
  }
  metric('pgdrift_last_run_timestamp_seconds', 'When the last run ended, completed or failed (Unix time).', [[own, seconds(run.finishedAt)]]);
  if (run.lastSuccess !== null) {
    metric('pgdrift_last_success_timestamp_seconds', 'When a run last reached a verdict, drift or not (Unix time).', [[own, seconds(run.lastSuccess)]]);
  }
  metric('pgdrift_duration_seconds', 'How long the last run took.', [[own, run.durationSeconds.toFixed(3)]]);
  return `${out.join('\n')}\n`;
}

/**
 * The last success a previous metrics file recorded for the same target and command; null when
 * it has none (or there is no such file).
 *
 * @example lastSuccessIn(previousText, { target: 'postgres://app@db/app', command: 'check' }) // Date
 */
export function lastSuccessIn(text: string, run: MetricsLabels): Date | null {
  const prefix = `pgdrift_last_success_timestamp_seconds${labels(run)} `;
  const line = text.split('\n').find((l) => l.startsWith(prefix));
  if (line === undefined) return null;
  const value = Number(line.slice(prefix.length));
  return Number.isFinite(value) && value > 0 ? new Date(value * 1000) : null;
}
