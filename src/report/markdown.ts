import type { Change, Severity } from '../compare/change.js';
import { bodyDiffs } from './body-diff.js';
import { groupChanges } from './group.js';
import { severityCounts, type Report } from './report.js';

const MARK: Readonly<Record<Severity, string>> = { error: '✗', warning: '⚠', info: 'ℹ' };

/**
 * Text safe inside a table cell or a paragraph: pipes would end the cell, `<` could open
 * HTML, and `*`, `_`, `[`, `` ` `` would format a SQL expression into something else.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\|`*_[\]])/g, '\\$1');
}

/** An inline code span whose backtick fence is longer than any run of backticks inside. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/** A fenced block whose fence cannot be closed by the content. */
function fenced(lang: string, lines: readonly string[]): string[] {
  const longest = Math.max(0, ...lines.flatMap((l) => [...l.matchAll(/`{3,}/g)].map((m) => m[0].length)));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${lang}`, ...lines, fence];
}

function objectName(c: Change): string {
  return [c.table, c.name].filter((p): p is string => p !== null && p !== '').join('.');
}

function changeTable(changes: readonly Change[]): string[] {
  const rows = changes.map(
    (c) =>
      `| ${MARK[c.severity]} ${c.severity} | ${c.kind} | ${escapeMarkdown(`${c.objectType} ${objectName(c)}`)} | ${escapeMarkdown(c.message)} |`,
  );
  return ['| severity | kind | object | change |', '| --- | --- | --- | --- |', ...rows];
}

function diffBlocks(changes: readonly Change[]): string[] {
  const out: string[] = [];
  for (const c of changes) {
    for (const d of bodyDiffs(c)) {
      const title = escapeMarkdown(`${c.objectType} ${c.schema ? `${c.schema}.` : ''}${objectName(c)}: ${d.property}`);
      out.push('', `<details><summary>${title}</summary>`, '', ...fenced('diff', d.lines), '', '</details>');
    }
  }
  return out;
}

/**
 * The report as a pull-request comment (GitHub-flavoured Markdown): a verdict heading, a
 * summary table, then per schema a table of changes and the diffs of long bodies.
 *
 * @example
 * await writeFile('drift.md', renderMarkdown(report)); // ## ✗ pgdrift: schema drift …
 */
export function renderMarkdown(report: Report): string {
  const s = report.summary;
  const heading =
    report.status === 'drift'
      ? '## ✗ pgdrift: schema drift'
      : s.total === 0
        ? '## ✓ pgdrift: no drift'
        : `## ✓ pgdrift: no drift at or above ${report.failOn}`;
  const lines = [
    heading,
    '',
    `${severityCounts(s)} (failing on ${report.failOn} and above) — expected ${code(report.expected.description)}, actual ${code(report.actual.description)}.`,
    '',
    '| total | errors | warnings | info | missing | unexpected | changed |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${s.total} | ${s.error} | ${s.warning} | ${s.info} | ${s.missing} | ${s.unexpected} | ${s.changed} |`,
  ];
  for (const group of groupChanges(report.changes)) {
    const changes = [...group.changes, ...group.relations.flatMap((r) => r.changes)];
    lines.push('', group.schema === null ? '### Database' : `### Schema ${code(group.schema)}`, '');
    lines.push(...changeTable(changes));
    lines.push(...diffBlocks(changes));
  }
  return `${lines.join('\n')}\n`;
}
