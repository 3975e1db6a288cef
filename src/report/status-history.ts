import type { RevisionGraph } from '../migrations/graph.js';
import type { MigrationRevision } from '../migrations/history.js';
import { AlembicView } from './alembic-view.js';
import { terminalText } from './color.js';

// What Python's str.strip() and str.splitlines() treat as whitespace and line breaks.
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g');
const PY_LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

/** Alembic's `longdoc`: the docstring stripped; '' without one. */
function longdoc(r: MigrationRevision): string {
  return (r.docstring ?? '').replace(PY_STRIP, '');
}

/**
 * The text after `, ` in `alembic history`: the docstring's first paragraph (Alembic's `doc`,
 * '' for none). Tools without docstrings show their message, or nothing.
 */
function docOf(r: MigrationRevision): string | null {
  if (r.docstring === undefined) return r.message;
  return longdoc(r).split('\n\n')[0] as string;
}

/** Alembic's `_format_down_revision`. */
function downRevision(r: MigrationRevision): string {
  return r.parents.length ? r.parents.join(', ') : '<base>';
}

interface HeadOnly {
  readonly branches?: boolean;
  readonly doc?: boolean;
  readonly parents?: boolean;
  readonly tree?: boolean;
}

/** One revision on one line, as Alembic's `Script._head_only` writes it. */
function headOnly(view: AlembicView, r: MigrationRevision, { branches = false, doc = false, parents = false, tree = true }: HeadOnly): string {
  let text = r.id;
  if (parents) text = `${downRevision(r)}${r.dependsOn.length ? ` (${r.dependsOn.join(', ')})` : ''} -> ${text}`;
  const names = view.branchNames(r.id);
  if (branches && names.length) text += ` (${names.join(', ')})`;
  if (view.isRealHead(r.id)) text += ' (head)';
  else if (view.isHead(r.id)) text += ' (effective head)';
  if (tree) text += `${view.isBranchPoint(r.id) ? ' (branchpoint)' : ''}${view.isMergePoint(r.id) ? ' (mergepoint)' : ''}`;
  if (doc) {
    const d = docOf(r);
    if (d !== null) text += `, ${d}`;
  }
  return text;
}

/** A revision as a block, as Alembic's `Script.log_entry` writes it (ends with a newline). */
function logEntry(view: AlembicView, r: MigrationRevision): string {
  const id = r.id;
  let entry = `Rev: ${id}${view.isHead(id) ? ' (head)' : ''}${view.isBranchPoint(id) ? ' (branchpoint)' : ''}${view.isMergePoint(id) ? ' (mergepoint)' : ''}\n`;
  entry += `${view.isMergePoint(id) ? 'Merges' : 'Parent'}: ${downRevision(r)}\n`;
  if (r.dependsOn.length) entry += `Also depends on: ${r.dependsOn.join(', ')}\n`;
  if (view.isBranchPoint(id)) entry += `Branches into: ${view.children(id).join(', ')}\n`;
  const names = view.branchNames(id);
  if (names.length) entry += `Branch names: ${names.join(', ')}\n`;
  entry += `Path: ${r.file}\n`;
  const doc = r.docstring === undefined ? (r.message ?? '') : longdoc(r);
  const lines = doc === '' ? [] : doc.split(PY_LINE_BREAK);
  entry += `\n${lines.map((l) => `    ${l}`).join('\n')}\n`;
  return entry;
}

/**
 * Lines as Alembic's `print_stdout` writes them: each followed by a newline. A docstring's own
 * line breaks stay, as Alembic prints them; every other control character of a message, a path
 * or an id is shown escaped (`terminalText`), so that a revision file cannot command the terminal.
 */
function printed(items: readonly string[]): string {
  return items.length === 0 ? '' : terminalText(items.flatMap((i) => i.split('\n')));
}

/**
 * `pgdrift history`, byte for byte as `alembic history` prints it: newest first in Alembic's
 * walk order, `parents -> revision (branch names) (head) (branchpoint) (mergepoint), doc`;
 * `verbose` prints Alembic's block per revision (parents, branches, path, whole docstring).
 *
 * @example
 * renderHistory(history.graph, false)
 * // c5d6e7f8091a -> d6e7f8091a2b (head), invoices with a reused enum
 * // …
 * // <base> -> 1a2b3c4d5e6f, create users table
 */
export function renderHistory(graph: RevisionGraph<MigrationRevision>, verbose: boolean): string {
  const view = new AlembicView(graph);
  return printed(
    view.walk().map((id) => {
      const r = graph.get(id);
      return verbose ? logEntry(view, r) : headOnly(view, r, { branches: true, doc: true, parents: true });
    }),
  );
}

/**
 * `pgdrift heads`, as `alembic heads`: one line per head in file order, `id (branch names) (head)`.
 *
 * @example renderHeads(graph, false) // 'd6e7f8091a2b (audit, comments) (head)\n'
 */
export function renderHeads(graph: RevisionGraph<MigrationRevision>, verbose: boolean): string {
  const view = new AlembicView(graph);
  return printed(view.heads().map((id) => (verbose ? logEntry(view, graph.get(id)) : headOnly(view, graph.get(id), { branches: true, tree: false }))));
}

/**
 * `pgdrift current`, as `alembic current`: the tips of what the database records, with `(head)`,
 * `(branchpoint)`, `(mergepoint)`; `(unknown to this code)` where the code lacks one (Alembic
 * stops with an error there). `verbose` starts with the database (`databaseUrl`, password
 * hidden) and prints a block per revision.
 *
 * @example renderCurrent(graph, ['c5d6e7f8091a'], false) // 'c5d6e7f8091a\n'
 */
export function renderCurrent(graph: RevisionGraph<MigrationRevision>, current: readonly string[], verbose: boolean, databaseUrl?: string): string {
  const view = new AlembicView(graph);
  const items: string[] = verbose && databaseUrl !== undefined ? [`Current revision(s) for ${databaseUrl}:`] : [];
  for (const id of view.current(current.filter((c) => graph.has(c)))) items.push(verbose ? logEntry(view, graph.get(id)) : headOnly(view, graph.get(id), {}));
  for (const id of current.filter((c) => !graph.has(c))) items.push(`${id} (unknown to this code)`);
  return printed(items);
}
