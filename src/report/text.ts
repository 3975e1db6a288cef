import type { Change, Severity } from '../compare/change.js';
import { bodyDiffs } from './body-diff.js';
import { painter, type Painter, type Style } from './color.js';
import { groupChanges } from './group.js';
import { severityCounts, untilText, type Report } from './report.js';

export interface TextOptions {
  /** ANSI colours; decide with `shouldUseColor(stream, env)`. */
  readonly color: boolean;
}

const MARK: Readonly<Record<Severity, { readonly mark: string; readonly style: Style }>> = {
  error: { mark: '✗', style: 'red' },
  warning: { mark: '!', style: 'yellow' },
  info: { mark: '·', style: 'cyan' },
};

const LABEL_WIDTH = 'warning'.length;

/** The first line: verdict, counts, and what was compared with what. */
function verdict(report: Report, paint: Painter): string {
  const sides = `expected ${report.expected.description}, actual ${report.actual.description}`;
  const counts = severityCounts(report.summary);
  if (report.status === 'drift') return `${paint('red', paint('bold', '✗ drift'))}: ${counts} — ${sides}`;
  const head = report.summary.total === 0 ? '✓ no drift' : `✓ no drift at or above ${report.failOn}`;
  return `${paint('green', paint('bold', head))}: ${counts} — ${sides}`;
}

function diffLine(line: string, paint: Painter): string {
  if (line.startsWith('---') || line.startsWith('+++')) return paint('bold', line);
  if (line.startsWith('@@')) return paint('cyan', line);
  if (line.startsWith('-')) return paint('red', line);
  if (line.startsWith('+')) return paint('green', line);
  return line;
}

function changeLines(c: Change, indent: string, paint: Painter): string[] {
  const { mark, style } = MARK[c.severity];
  const label = `${mark} ${c.severity.padEnd(LABEL_WIDTH)}`;
  const out = [`${indent}${paint(style, label)}  ${c.message}`];
  // Diffs line up under the message, clear of the severity column.
  const bodyIndent = `${indent}${' '.repeat(label.length + 2)}`;
  for (const d of bodyDiffs(c)) {
    for (const line of d.lines) out.push(`${bodyIndent}${diffLine(line, paint)}`.trimEnd());
  }
  return out;
}

/**
 * The report for a terminal: a verdict line, then the changes grouped by schema and table,
 * with unified diffs of long bodies (views, functions). ANSI colours only when `color` is true.
 * Names, messages and bodies are shown with their control characters escaped (`Painter.lines`):
 * a comment holding a newline cannot forge a line, an ESC cannot command the terminal.
 *
 * @example
 * process.stdout.write(renderText(report, { color: shouldUseColor(process.stdout, process.env) }));
 * // ✗ drift: 1 error, 0 warnings, 0 info — expected db/schema.sql, actual postgres://app@db/app
 * //
 * // schema public
 * //   table users
 * //     ✗ error    column public.users.email: type text expected, character varying found
 */
export function renderText(report: Report, options: TextOptions): string {
  const paint = painter(options.color);
  return paint.lines(reportLines(report, paint));
}

/**
 * The lines of `renderText`, for a renderer that shows a report inside its own and makes them
 * terminal text with the same painter.
 */
export function reportLines(report: Report, paint: Painter): string[] {
  const lines = [verdict(report, paint)];
  for (const group of groupChanges(report.changes)) {
    lines.push('');
    lines.push(paint('bold', group.schema === null ? 'database' : `schema ${group.schema}`));
    for (const c of group.changes) lines.push(...changeLines(c, '  ', paint));
    for (const rel of group.relations) {
      lines.push(`  ${paint('bold', `${rel.kind} ${rel.name}`)}`);
      for (const c of rel.changes) lines.push(...changeLines(c, '    ', paint));
    }
  }
  return [...lines, ...policyLines(report, paint)];
}

/** Accepted changes with their reasons, acceptances to look at, and how many changes were ignored. */
function policyLines(report: Report, paint: Painter): string[] {
  const lines: string[] = [];
  if (report.accepted.length > 0) {
    lines.push('', paint('bold', 'accepted (known drift, does not fail)'));
    for (const a of report.accepted) {
      lines.push(`  ${paint('green', '✓ accepted')}  ${a.change.message}`, `${' '.repeat(14)}reason: ${a.reason}${untilText(a.until)}`);
    }
  }
  const expired = report.acceptanceNotes.filter((n) => n.state === 'expired');
  const stale = report.acceptanceNotes.filter((n) => n.state === 'stale');
  if (expired.length > 0) {
    lines.push('', paint('bold', 'expired acceptances (their changes count again)'));
    for (const n of expired) lines.push(`  ${paint('red', '✗ expired')}  ${n.id}: accepted until ${n.until ?? ''}, reason: ${n.reason}`);
  }
  if (stale.length > 0) {
    lines.push('', paint('bold', 'stale acceptances (no change has their id: remove them from the config)'));
    for (const n of stale) lines.push(`  ${paint('cyan', '· stale')}  ${n.id}: ${n.reason}`);
  }
  if (report.summary.ignored > 0) {
    const n = report.summary.ignored;
    lines.push('', `${n} ${n === 1 ? 'change' : 'changes'} ignored by the config's ignore rules`);
  }
  return lines;
}
