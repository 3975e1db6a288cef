import type { MigrationStatus, StatusProblem } from '../migrations/status.js';
import { painter, type Painter } from './color.js';

/** The message of a revision (`alembic history`'s text), or null; renderers show ids with it. */
export type RevisionMessages = (id: string) => string | null;

const HEADLINE: Readonly<Record<MigrationStatus['state'], string>> = {
  up_to_date: 'up to date',
  behind: 'behind',
  ahead: 'ahead of the code',
  unknown_revision: 'at a revision the code does not have',
  multiple_heads: 'the code has several heads',
  dirty: 'a migration failed half-way',
  uninitialized: 'no migration ever recorded',
};

/** `id  message` for revision lists, ids padded so messages line up. */
export function revisionLine(id: string, width: number, messages: RevisionMessages, note = ''): string {
  const message = messages(id);
  return `${id.padEnd(width)}${message ? `  ${message}` : ''}${note}`.trimEnd();
}

function problemLine(p: StatusProblem, paint: Painter): string {
  const style = p.state === 'behind' ? 'yellow' : 'red';
  return `  ${paint(style, p.state === 'behind' ? '!' : '✗')} ${p.state.replace('_', ' ')}: ${p.message}`;
}

/**
 * `pgdrift status` for a terminal: a headline naming the state, where the database is, the
 * code's heads, what is pending (in apply order), every problem, and what to run next.
 *
 * @example
 * writeOut(renderStatusText(status, (id) => history.graph.get(id).message, { color: false }));
 * // ✗ behind — postgres://app:***@db/app (alembic, backend/app/migrations)
 * //   current  c5d6e7f8091a  rename and comment columns
 * //   head     d6e7f8091a2b  invoices with a reused enum
 * //   pending, in apply order:
 * //     d6e7f8091a2b  invoices with a reused enum
 * //   next: alembic upgrade head
 */
export function renderStatusText(status: MigrationStatus, messages: RevisionMessages, options: { readonly color: boolean }): string {
  const paint = painter(options.color);
  return paint.lines(statusLines(status, messages, paint));
}

/** The lines of a status report, shared with `check --migrations`. */
export function statusLines(status: MigrationStatus, messages: RevisionMessages, paint: Painter, part: { readonly problems: boolean; readonly next: boolean } = { problems: true, next: true }): string[] {
  const ok = status.state === 'up_to_date';
  const mark = ok ? paint('green', paint('bold', '✓ up to date')) : paint('red', paint('bold', `✗ ${HEADLINE[status.state]}`));
  const lines = [`${mark} — ${status.database} (${status.tool}, ${status.migrations})`];
  const known = (id: string) => messages(id) !== null || status.heads.includes(id) || status.applied.includes(id);
  const ids = [...status.current, ...status.heads, ...status.pending];
  const width = Math.max(0, ...ids.map((id) => id.length));
  const label = (name: string, list: readonly string[], empty: string) => {
    if (list.length === 0) {
      lines.push(`  ${name.padEnd(8)} ${empty}`);
      return;
    }
    list.forEach((id, i) => {
      const note = name === 'current' && !known(id) ? '  (unknown to this code)' : name === 'current' && status.heads.includes(id) ? '  (head)' : '';
      lines.push(`  ${(i === 0 ? name : '').padEnd(8)} ${revisionLine(id, width, messages, note)}`);
    });
  };
  label('current', status.current, status.versionTable === null ? '(no version table)' : '(none: nothing applied)');
  label(status.heads.length > 1 ? 'heads' : 'head', status.heads, '(no revisions)');
  if (status.pending.length > 0) {
    lines.push(`  pending, in apply order (${status.pending.length}):`);
    for (const id of status.pending) lines.push(`    ${revisionLine(id, width, messages)}`);
  }
  if (part.problems && (status.problems.length > 1 || (status.problems.length === 1 && status.state !== 'behind'))) {
    for (const p of status.problems) lines.push(problemLine(p, paint));
  }
  if (part.next) lines.push(...nextLines(status));
  return lines;
}

/** `next: …`, or a numbered list when there are several steps. */
export function nextLines(status: MigrationStatus): string[] {
  if (status.next.length === 0) return [];
  if (status.next.length === 1) return [`  next: ${status.next[0]}`];
  return ['  next:', ...status.next.map((step, i) => `    ${i + 1}. ${step}`)];
}
