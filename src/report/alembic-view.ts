import type { RevisionGraph } from '../migrations/graph.js';
import type { MigrationRevision } from '../migrations/history.js';

/**
 * Python's `sorted(files)` within one folder, folders walked top-down after the files beside
 * them: the order Alembic reads revision files in, which decides its "revision map" order.
 */
function walkOrder(a: string, b: string): number {
  const x = a.split(/[\\/]/);
  const y = b.split(/[\\/]/);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    const xFile = i === x.length - 1;
    const yFile = i === y.length - 1;
    if (xFile !== yFile) return xFile ? -1 : 1;
    return (x[i] as string) < (y[i] as string) ? -1 : 1;
  }
  return x.length - y.length;
}

/**
 * A revision graph as Alembic's `RevisionMap` sees it for display: which revisions are heads,
 * branch and merge points, the branch names each carries, and the order `alembic history`
 * walks them in. Ties are broken by the revision files' order, as Alembic's are; where Alembic
 * iterates a Python set (several branch names, the revisions a branch point leads to, several
 * current revisions) its order varies between runs, and this one keeps the files' order.
 *
 * @example
 * const view = new AlembicView(history.graph);
 * view.walk();  // ['f6', 'e5', 'd4a', 'd4b', 'c3', 'b2', 'a1'], newest first
 * view.heads(); // ['f6']
 */
export class AlembicView {
  /** Revision ids in the order Alembic loads their files. */
  readonly ids: readonly string[];
  private readonly graph: RevisionGraph<MigrationRevision>;
  private readonly index = new Map<string, number>();
  private readonly next = new Map<string, string[]>();
  private readonly allNext = new Map<string, string[]>();
  private readonly deps = new Map<string, string[]>();
  private readonly normalizedDeps = new Map<string, string[]>();
  private readonly normalizedDown = new Map<string, string[]>();
  private readonly labels = new Map<string, Set<string>>();

  constructor(graph: RevisionGraph<MigrationRevision>) {
    this.graph = graph;
    const all = graph.topologicalOrder().map((r) => r.id);
    this.ids = [...all].sort((a, b) => walkOrder(graph.get(a).file, graph.get(b).file) || (a < b ? -1 : a > b ? 1 : 0));
    this.ids.forEach((id, i) => this.index.set(id, i));
    const byLabel = new Map<string, string>();
    for (const id of this.ids) for (const l of graph.get(id).branchLabels) byLabel.set(l, id);
    for (const id of this.ids) {
      this.next.set(id, []);
      this.allNext.set(id, []);
      this.deps.set(id, graph.get(id).dependsOn.map((d) => (graph.has(d) ? d : (byLabel.get(d) as string))));
    }
    for (const id of this.ids) {
      const parents = graph.get(id).parents;
      for (const p of parents) this.next.get(p)?.push(id);
      for (const p of new Set([...parents, ...(this.deps.get(id) as string[])])) this.allNext.get(p)?.push(id);
    }
    for (const id of this.ids) {
      // A dependency some revision below already declares is not repeated (Alembic's
      // `_normalized_resolved_dependencies`).
      const inherited = new Set<string>();
      for (const a of this.below(id, (r) => this.graph.get(r).parents)) if (a !== id) for (const d of this.deps.get(a) as string[]) inherited.add(d);
      const own = (this.deps.get(id) as string[]).filter((d) => !inherited.has(d));
      this.normalizedDeps.set(id, own);
      this.normalizedDown.set(id, [...new Set([...graph.get(id).parents, ...own])]);
    }
    this.spreadLabels();
  }

  isHead(id: string): boolean {
    return (this.next.get(id) as string[]).length === 0;
  }

  /** No revision needs it at all, not even through `depends_on`. */
  isRealHead(id: string): boolean {
    return (this.allNext.get(id) as string[]).length === 0;
  }

  isBranchPoint(id: string): boolean {
    return (this.next.get(id) as string[]).length > 1;
  }

  isMergePoint(id: string): boolean {
    return this.graph.get(id).parents.length > 1;
  }

  /** The revisions whose `down_revision` names `id`. */
  children(id: string): readonly string[] {
    return this.next.get(id) as string[];
  }

  /** Own branch names and those Alembic spreads along the line (sorted). */
  branchNames(id: string): readonly string[] {
    return [...(this.labels.get(id) as Set<string>)].sort();
  }

  /** `alembic heads`: revisions no `down_revision` names, in file order. */
  heads(): readonly string[] {
    return this.ids.filter((id) => this.isHead(id));
  }

  /**
   * `alembic history`: every revision, newest first, in the order Alembic's topological sort
   * gives — from the real heads in file order, each line followed down until another line
   * still needs the revision reached.
   */
  walk(): readonly string[] {
    const todo = new Set(this.ids);
    const ancestors = (id: string) => new Set(this.below(id, (r) => this.normalizedDown.get(r) as string[]));
    const heads = this.ids.filter((id) => this.isRealHead(id));
    const lines = heads.map(ancestors);
    const out: string[] = [];
    let at = 0;
    while (heads.length > 0) {
      const candidate = heads[at] as string;
      const other = lines.findIndex((seen, i) => i !== at && seen.has(candidate));
      if (other >= 0) {
        // Another line still leads here: follow it first.
        at = other;
        continue;
      }
      if (todo.delete(candidate)) out.push(candidate);
      const down = (this.normalizedDown.get(candidate) as string[]).filter((r) => todo.has(r) && !heads.includes(r));
      if (down.length === 0) {
        heads.splice(at, 1);
        lines.splice(at, 1);
        at = Math.max(at - 1, 0);
      } else if ((this.normalizedDeps.get(candidate) as string[]).length === 0 && this.graph.get(candidate).parents.length === 1) {
        heads[at] = down[0] as string;
        (lines[at] as Set<string>).delete(candidate);
      } else {
        heads[at] = down[0] as string;
        lines[at] = ancestors(down[0] as string);
        for (const d of down.slice(1)) {
          heads.push(d);
          lines.push(ancestors(d));
        }
      }
    }
    return out;
  }

  /**
   * `alembic current`: the recorded revisions with everything they imply (parents and
   * dependencies), less those another of them lies above along `down_revision`; file order.
   */
  current(recorded: readonly string[]): readonly string[] {
    const implied = new Set<string>();
    for (const id of recorded) for (const r of this.below(id, (x) => this.normalizedDown.get(x) as string[])) implied.add(r);
    return this.ids.filter((id) => {
      if (!implied.has(id)) return false;
      const above = this.below(id, (r) => this.next.get(r) as string[]);
      return !above.some((a) => a !== id && implied.has(a));
    });
  }

  /** `id` and everything `step` reaches from it, depth first (Alembic's stack walk order). */
  private below(id: string, step: (id: string) => readonly string[]): string[] {
    const seen = new Set<string>();
    const out: string[] = [];
    const stack = [id];
    while (stack.length > 0) {
      const r = stack.pop() as string;
      if (seen.has(r)) continue;
      seen.add(r);
      stack.push(...step(r));
      out.push(r);
    }
    return out;
  }

  /**
   * Alembic's `_add_branches`: a revision's names go to every revision above it, and down its
   * own line until a revision that more than one revision needs, or a merge.
   */
  private spreadLabels(): void {
    for (const id of this.ids) this.labels.set(id, new Set(this.graph.get(id).branchLabels));
    for (const id of this.ids) {
      const names = [...(this.labels.get(id) as Set<string>)];
      if (this.graph.get(id).branchLabels.length === 0) continue;
      const above = this.below(id, (r) => this.next.get(r) as string[]);
      for (const r of above) for (const n of names) this.labels.get(r)?.add(n);
      let r: string | undefined = above[above.length - 1];
      while (r !== undefined && (this.allNext.get(r) as string[]).length <= 1 && !this.isMergePoint(r)) {
        for (const n of names) this.labels.get(r)?.add(n);
        r = this.graph.get(r).parents[0];
      }
    }
  }
}
