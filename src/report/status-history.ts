import type { RevisionGraph } from '../migrations/graph.js';
import type { MigrationRevision } from '../migrations/history.js';
import { terminalText } from './color.js';

/** Verbose blocks as terminal text, without the blank line the last block ends with. */
function blocks(lines: readonly string[]): string {
  const kept = [...lines];
  while (kept.length > 0 && (kept[kept.length - 1] as string).trim() === '') kept.pop();
  return terminalText(kept);
}

/** `id` and every revision below it along down_revision (not depends_on). */
function lineBelow(graph: RevisionGraph<MigrationRevision>, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    const next = stack.pop() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...graph.get(next).parents);
  }
  return seen;
}

/**
 * A revision's branch labels with those it inherits from the revisions below it, as Alembic
 * shows them. Labels travel along down_revision only: a `depends_on` makes a revision wait for
 * another branch, it does not put it on that branch.
 */
function branchNames(graph: RevisionGraph<MigrationRevision>, id: string): string[] {
  const names = new Set<string>();
  for (const r of lineBelow(graph, id)) for (const l of graph.get(r).branchLabels) names.add(l);
  return [...names].sort();
}

/** `down_revision` as `alembic history` prints it, with the `depends_on` revisions in parentheses. */
function parentsOf(r: MigrationRevision): string {
  const parents = r.parents.length ? r.parents.join(', ') : '<base>';
  return r.dependsOn.length ? `${parents} (${r.dependsOn.join(', ')})` : parents;
}

function marks(graph: RevisionGraph<MigrationRevision>, id: string): string {
  const r = graph.get(id);
  const labels = branchNames(graph, id);
  const out = labels.length ? [` (${labels.join(', ')})`] : [];
  if (graph.children(id).length === 0) out.push(' (head)');
  if (r.parents.length > 1) out.push(' (mergepoint)');
  if (graph.children(id).length > 1) out.push(' (branchpoint)');
  return out.join('');
}

function verboseBlock(graph: RevisionGraph<MigrationRevision>, id: string, extra = ''): string[] {
  const r = graph.get(id);
  const lines = [`Rev: ${id}${graph.children(id).length === 0 ? ' (head)' : ''}${r.parents.length > 1 ? ' (mergepoint)' : ''}${graph.children(id).length > 1 ? ' (branchpoint)' : ''}${extra}`];
  if (r.parents.length > 1) lines.push(`Merges: ${r.parents.join(', ')}`);
  else lines.push(`Parent: ${r.parents[0] ?? '<base>'}`);
  if (graph.children(id).length > 1) lines.push(`Branches into: ${graph.children(id).join(', ')}`);
  const labels = branchNames(graph, id);
  if (labels.length) lines.push(`Branch names: ${labels.join(', ')}`);
  if (r.dependsOn.length) lines.push(`Also depends on: ${r.dependsOn.join(', ')}`);
  lines.push(`Path: ${r.file}`);
  lines.push('');
  if (r.message) lines.push(`    ${r.message}`, '');
  return lines;
}

/**
 * `pgdrift history`, as `alembic history` prints it: newest first, one line per revision,
 * `parents -> revision (branch names) (head|mergepoint|branchpoint), message`; `verbose` prints
 * a block per revision (parents, branches, path, message).
 *
 * @example
 * renderHistory(history.graph, false)
 * // c5d6e7f8091a -> d6e7f8091a2b (head), invoices with a reused enum
 * // …
 * // <base> -> 1a2b3c4d5e6f, create users table
 */
export function renderHistory(graph: RevisionGraph<MigrationRevision>, verbose: boolean): string {
  const order = [...graph.topologicalOrder()].reverse();
  if (verbose) return blocks(order.flatMap((r) => verboseBlock(graph, r.id)));
  const lines = order.map((r) => `${parentsOf(r)} -> ${r.id}${marks(graph, r.id)}${r.message ? `, ${r.message}` : ''}`);
  return lines.length ? terminalText(lines) : '';
}

/**
 * `pgdrift heads`, as `alembic heads`: one line per head, `id (branch names) (head)`.
 *
 * @example renderHeads(graph, false) // 'd6e7f8091a2b (audit, comments) (head)\n'
 */
export function renderHeads(graph: RevisionGraph<MigrationRevision>, verbose: boolean): string {
  const heads = graph.heads();
  if (verbose) return blocks(heads.flatMap((id) => verboseBlock(graph, id)));
  return heads.length ? terminalText(heads.map((id) => `${id}${marks(graph, id)}`)) : '';
}

/**
 * `pgdrift current`, as `alembic current`: the revisions the database records, `(head)` when one
 * is a head, `(unknown to this code)` when the code lacks it; nothing when none is recorded.
 *
 * @example renderCurrent(graph, ['c5d6e7f8091a'], false) // 'c5d6e7f8091a\n'
 */
export function renderCurrent(graph: RevisionGraph<MigrationRevision>, current: readonly string[], verbose: boolean): string {
  const lines: string[] = [];
  for (const id of withDependencies(graph, current)) {
    if (!graph.has(id)) {
      lines.push(`${id} (unknown to this code)`);
      continue;
    }
    if (verbose) lines.push(...verboseBlock(graph, id));
    else lines.push(`${id}${graph.children(id).length === 0 ? ' (head)' : ''}`);
  }
  return lines.length ? blocks(lines) : '';
}

/**
 * The recorded revisions with the `depends_on` revisions they imply, as `alembic current` lists
 * them: Alembic keeps only the dependent's row, and prints each line of history's tip that the
 * rows imply. Unknown revisions are kept as they are; the order is the history's.
 *
 * @example withDependencies(graph, ['audit']) // ['profile', 'audit'] when audit depends_on profile
 */
function withDependencies(graph: RevisionGraph<MigrationRevision>, current: readonly string[]): string[] {
  const known = current.filter((id) => graph.has(id));
  const implied = new Set(known);
  for (const id of known) for (const a of graph.ancestors(id)) implied.add(a);
  const below = new Set<string>();
  for (const id of implied) for (const b of lineBelow(graph, id)) if (b !== id) below.add(b);
  const tips = graph.topologicalOrder().map((r) => r.id).filter((id) => implied.has(id) && !below.has(id));
  return [...tips, ...current.filter((id) => !graph.has(id))];
}
