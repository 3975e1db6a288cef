import type { Change, Severity } from '../compare/change.js';
import { bodyDiffs } from './body-diff.js';
import { groupChanges } from './group.js';
import { escapeControls } from './escape.js';
import { severityCounts, type Report } from './report.js';

const MARK: Readonly<Record<Severity, string>> = { error: '✗', warning: '⚠', info: 'ℹ' };

/** GitHub refuses a comment longer than this (its error: "maximum is 65536 characters"). */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** Characters of one message in the table; a longer one is cut, so that it cannot crowd out the rest. */
const CELL_LIMIT = 2_000;

/**
 * Text safe inside a table cell or a paragraph: control characters are shown escaped (a newline
 * would end the row), pipes would end the cell, `<` could open HTML, `*`, `_`, `~`, `[`, `` ` ``
 * would format a SQL expression into something else, and an `@name` would notify a GitHub user
 * (a zero-width space after `@`, as GitHub's own bots write it, keeps it from being a mention).
 */
export function escapeMarkdown(text: string): string {
  return escapeControls(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\|`*_~[\]])/g, '\\$1')
    .replace(/@/g, '@&#8203;');
}

/** An inline code span whose backtick fence is longer than any run of backticks inside. */
export function code(text: string): string {
  const shown = escapeControls(text);
  const longest = Math.max(0, ...[...shown.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = shown.startsWith('`') || shown.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${shown.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/** A fenced block whose fence cannot be closed by the content, its lines shown escaped. */
function fenced(lang: string, lines: readonly string[]): string[] {
  const shown = lines.map(escapeControls);
  const longest = Math.max(0, ...shown.flatMap((l) => [...l.matchAll(/`{3,}/g)].map((m) => m[0].length)));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${lang}`, ...shown, fence];
}

/**
 * At most `limit` characters, with how many were cut; never between the halves of a
 * surrogate pair.
 */
function cut(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const end = /[\ud800-\udbff]/.test(text[limit - 1] as string) ? limit - 1 : limit;
  return `${text.slice(0, end)}… (${text.length - end} more characters)`;
}

function objectName(c: Change): string {
  return [c.table, c.name].filter((p): p is string => p !== null && p !== '').join('.');
}

const TABLE_HEAD = ['| severity | kind | object | change |', '| --- | --- | --- | --- |'];

function changeRow(c: Change): string {
  return `| ${MARK[c.severity]} ${c.severity} | ${c.kind} | ${escapeMarkdown(cut(`${c.objectType} ${objectName(c)}`, CELL_LIMIT))} | ${escapeMarkdown(cut(c.message, CELL_LIMIT))} |`;
}

function diffBlocks(c: Change): string[] {
  const out: string[] = [];
  for (const d of bodyDiffs(c)) {
    const title = escapeMarkdown(`${c.objectType} ${c.schema ? `${c.schema}.` : ''}${objectName(c)}: ${d.property}`);
    out.push('', `<details><summary>${title}</summary>`, '', ...fenced('diff', d.lines), '', '</details>');
  }
  return out;
}

/** Characters of lines joined with newlines, the last one ended too. */
const size = (lines: readonly string[]): number => lines.reduce((n, l) => n + l.length + 1, 0);

/** Room kept for the line saying what was left out. */
const TRUNCATION_ROOM = 400;

/** A schema's section: its heading and table head, and each change as its row and its diffs. */
interface Section {
  readonly head: readonly string[];
  readonly changes: readonly { readonly row: string; readonly diffs: readonly string[] }[];
}

function sectionsOf(report: Report): Section[] {
  return groupChanges(report.changes).map((group) => ({
    head: ['', group.schema === null ? '### Database' : `### Schema ${code(group.schema)}`, '', ...TABLE_HEAD],
    changes: [...group.changes, ...group.relations.flatMap((r) => r.changes)].map((c) => ({ row: changeRow(c), diffs: diffBlocks(c) })),
  }));
}

/**
 * The lines of as many sections as fit in `room` characters after `used`: changes in report
 * order, each change's row, then its diffs if they fit too; the first row that does not fit
 * ends it all. What was left out is counted.
 */
function fit(sections: readonly Section[], used: number, room: number): { lines: string[]; shown: number; diffsLeftOut: number } {
  const lines: string[] = [];
  let total = used;
  let shown = 0;
  let diffsLeftOut = 0;
  for (const section of sections) {
    const rows: string[] = [];
    const blocks: string[] = [];
    let next = total + size(section.head);
    let full = false;
    for (const { row, diffs } of section.changes) {
      if (next + row.length + 1 > room) {
        full = true;
        break;
      }
      rows.push(row);
      next += row.length + 1;
      shown++;
      if (diffs.length === 0) continue;
      if (next + size(diffs) <= room) {
        blocks.push(...diffs);
        next += size(diffs);
      } else diffsLeftOut++;
    }
    if (rows.length > 0) {
      lines.push(...section.head, ...rows, ...blocks);
      total = next;
    }
    if (full) break;
  }
  return { lines, shown, diffsLeftOut };
}

/** Accepted changes with their reasons, acceptances to look at, and how many changes were ignored. */
function policyLines(report: Report): string[] {
  const lines: string[] = [];
  if (report.accepted.length > 0) {
    lines.push('', '### Accepted (known drift, does not fail)', '', '| object | change | reason | until |', '| --- | --- | --- | --- |');
    for (const { change: c, reason, until } of report.accepted) {
      const object = escapeMarkdown(cut(`${c.objectType} ${objectName(c)}`, CELL_LIMIT));
      lines.push(`| ${object} | ${escapeMarkdown(cut(c.message, CELL_LIMIT))} | ${escapeMarkdown(cut(reason, CELL_LIMIT))} | ${until === null ? '—' : escapeMarkdown(until)} |`);
    }
  }
  if (report.acceptanceNotes.length > 0) {
    lines.push('');
    for (const n of report.acceptanceNotes) {
      const why = escapeMarkdown(cut(n.reason, CELL_LIMIT));
      lines.push(
        n.state === 'expired'
          ? `- ✗ acceptance of ${code(n.id)} expired (until ${escapeMarkdown(n.until ?? '')}; ${why}): the change counts as drift again`
          : `- ℹ acceptance of ${code(n.id)} matches no change (stale; ${why}): remove it from the config`,
      );
    }
  }
  if (report.summary.ignored > 0) {
    const n = report.summary.ignored;
    lines.push('', `_${n} ${n === 1 ? 'change' : 'changes'} ignored by the config's ignore rules._`);
  }
  return lines;
}

/**
 * The report as a pull-request comment (GitHub-flavoured Markdown): a verdict heading, a
 * summary table, then per schema a table of changes and the diffs of long bodies. It fits in
 * `limit` characters (GitHub's comment limit by default, counted in UTF-16 code units, never
 * fewer than GitHub counts): past that, changes are left out from the end, a body diff too
 * long to fit is left out of its change, and the last line says how many of each.
 *
 * @example
 * await writeFile('drift.md', renderMarkdown(report)); // ## ✗ pgdrift: schema drift …
 */
export function renderMarkdown(report: Report, options: { readonly limit?: number } = {}): string {
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
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
    ...policyLines(report),
  ];
  const sections = sectionsOf(report);
  const whole = sections.flatMap((section) => [...section.head, ...section.changes.map((c) => c.row), ...section.changes.flatMap((c) => c.diffs)]);
  if (size(lines) + size(whole) <= limit) return `${[...lines, ...whole].join('\n')}\n`;
  const fitted = fit(sections, size(lines), limit - TRUNCATION_ROOM);
  const left = report.changes.length - fitted.shown;
  const parts = [
    ...(left > 0 ? [`${left} of ${report.changes.length} ${report.changes.length === 1 ? 'change' : 'changes'} left out`] : []),
    ...(fitted.diffsLeftOut > 0 ? [`the body ${fitted.diffsLeftOut === 1 ? 'diff' : 'diffs'} of ${fitted.diffsLeftOut} shown ${fitted.diffsLeftOut === 1 ? 'change' : 'changes'} left out`] : []),
  ];
  const note = `**Truncated to fit GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString('en-US')}-character comment limit: ${parts.join('; ')}.** Run pgdrift with \`--format text\` or \`--format json\` for the whole report.`;
  return `${[...lines, ...fitted.lines, '', note].join('\n')}\n`;
}
