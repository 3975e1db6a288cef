import type { Severity } from '../compare/change.js';
import type { MigrationCheck } from '../migrations/check-migrations.js';
import { painter, type Style } from './color.js';
import { code, escapeMarkdown, GITHUB_COMMENT_LIMIT, renderMarkdown } from './markdown.js';
import { reportLines } from './text.js';
import { nextLines, statusLines, type RevisionMessages } from './status-text.js';

const MARK: Readonly<Record<Severity, { readonly mark: string; readonly style: Style }>> = {
  error: { mark: '✗', style: 'red' },
  warning: { mark: '!', style: 'yellow' },
  info: { mark: '·', style: 'cyan' },
};

function counts(result: MigrationCheck): string {
  const n = (s: Severity) => result.findings.filter((f) => f.severity === s).length + (result.schema?.summary[s] ?? 0);
  return `${n('error')} error${n('error') === 1 ? '' : 's'}, ${n('warning')} warning${n('warning') === 1 ? '' : 's'}, ${n('info')} info`;
}

/**
 * `pgdrift check --migrations` for a terminal: the verdict, the migration status with each
 * finding's severity, then the schema report at the recorded revision.
 *
 * @example
 * writeOut(renderMigrationCheckText(result, messages, { color: false }));
 * // ✓ consistent: 0 errors, 0 warnings, 1 info — migrations and schema
 */
export function renderMigrationCheckText(result: MigrationCheck, messages: RevisionMessages, options: { readonly color: boolean }): string {
  const paint = painter(options.color);
  const head =
    result.status === 'drift'
      ? paint('red', paint('bold', '✗ drift'))
      : paint('green', paint('bold', result.findings.length === 0 && (result.schema?.summary.total ?? 0) === 0 ? '✓ consistent' : `✓ consistent at or above ${result.failOn}`));
  const lines = [`${head}: ${counts(result)} — migration state and schema of ${result.migrations.database}`, ''];
  lines.push(...statusLines(result.migrations, messages, paint, { problems: false, next: false }));
  const finding = (severity: Severity, text: string) => {
    const { mark, style } = MARK[severity];
    lines.push(`  ${paint(style, `${mark} ${severity.padEnd(7)}`)}  ${text}`);
  };
  for (const f of result.findings.filter((x) => x.state !== 'behind')) finding(f.severity, `${f.state.replace('_', ' ')}: ${f.message}`);
  const pending = result.findings.filter((x) => x.state === 'behind');
  if (pending[0]) {
    const n = pending.length;
    finding(
      pending[0].severity,
      `behind: ${n} revision${n === 1 ? '' : 's'} pending${result.requireHead ? ' (--require-head: the database must be at head)' : ' (a rolling deploy is normal; --require-head makes this an error)'}`,
    );
  }
  lines.push(...nextLines(result.migrations));
  lines.push('');
  if (result.schema && result.expected) {
    const cache = result.expected.cache === 'hit' ? ' (expected schema from the cache)' : '';
    lines.push(paint('bold', `schema at the recorded revision${cache}:`));
    lines.push(...reportLines(result.schema, paint));
  } else {
    lines.push(paint('bold', `schema not compared: ${result.schemaSkipped ?? 'no expected schema'}`));
  }
  return paint.lines(lines);
}

/**
 * `pgdrift check --migrations --format markdown`: a pull-request comment, within GitHub's
 * comment limit (the schema report gets the room the migration state leaves).
 */
export function renderMigrationCheckMarkdown(result: MigrationCheck, messages: RevisionMessages): string {
  const m = result.migrations;
  const ok = result.status === 'ok';
  const lines = [
    `### ${ok ? '✅' : '❌'} pgdrift: migration state **${m.state.replace('_', ' ')}**, ${counts(result)}`,
    '',
    `- database: ${code(m.database)} (${escapeMarkdown(m.tool)}, ${code(m.migrations)})`,
    `- current: ${m.current.length ? m.current.map(code).join(', ') : '_none_'}`,
    `- heads: ${m.heads.map(code).join(', ')}`,
  ];
  if (m.pending.length) lines.push(`- pending: ${m.pending.map((id) => `${code(id)}${messages(id) ? ` ${escapeMarkdown(messages(id) as string)}` : ''}`).join(', ')}`);
  for (const f of result.findings) lines.push(`- **${f.severity}** ${escapeMarkdown(f.message)}`);
  for (const step of m.next) lines.push(`- next: ${escapeMarkdown(step)}`);
  lines.push('');
  const used = lines.reduce((n, l) => n + l.length + 1, 0);
  lines.push(result.schema ? renderMarkdown(result.schema, { limit: GITHUB_COMMENT_LIMIT - used }).trimEnd() : `_schema not compared: ${escapeMarkdown(result.schemaSkipped ?? '')}_`);
  return `${lines.join('\n')}\n`;
}
