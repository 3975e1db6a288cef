import { InputError } from '../errors.js';

/** One revision as the graph needs it, whatever the tool. */
export interface RevisionNode {
  readonly id: string;
  /** Revisions this one is applied on top of (Alembic's `down_revision`); empty for a base. */
  readonly parents: readonly string[];
  /** Extra ordering dependencies (Alembic's `depends_on`): revision ids or branch labels. */
  readonly dependsOn: readonly string[];
  readonly branchLabels: readonly string[];
  /** The file that declares it, named in errors. */
  readonly file: string;
}

/**
 * A validated revision graph: every parent exists, ids are unique, there is no cycle.
 * Heads and bases follow parent links only (as Alembic's `heads`); ordering and ancestry also
 * honour `dependsOn`, because a dependency must be applied first.
 */
export class RevisionGraph<T extends RevisionNode = RevisionNode> {
  private readonly byId: ReadonlyMap<string, T>;
  private readonly childIds: ReadonlyMap<string, readonly string[]>;
  private readonly edges: ReadonlyMap<string, readonly string[]>;
  private readonly order: readonly T[];

  private constructor(nodes: readonly T[]) {
    const byId = new Map<string, T>();
    for (const node of nodes) {
      const other = byId.get(node.id);
      if (other) {
        throw new InputError(`duplicate revision id '${node.id}': declared by ${other.file} and ${node.file}`);
      }
      byId.set(node.id, node);
    }
    const labels = new Map<string, string>();
    for (const node of nodes) {
      for (const label of node.branchLabels) {
        const other = labels.get(label);
        if (other !== undefined && other !== node.id) {
          throw new InputError(
            `branch label '${label}' is declared by both ${byId.get(other)?.file ?? other} and ${node.file}`,
          );
        }
        labels.set(label, node.id);
      }
    }
    const children = new Map<string, string[]>();
    const edges = new Map<string, string[]>();
    for (const node of nodes) {
      const before: string[] = [];
      for (const parent of node.parents) {
        if (!byId.has(parent)) {
          throw new InputError(`${node.file}: down_revision '${parent}' of revision '${node.id}' names no known revision`);
        }
        before.push(parent);
        children.set(parent, [...(children.get(parent) ?? []), node.id]);
      }
      for (const dep of node.dependsOn) {
        const target = byId.has(dep) ? dep : labels.get(dep);
        if (target === undefined) {
          throw new InputError(`${node.file}: depends_on '${dep}' of revision '${node.id}' names no known revision or branch label`);
        }
        if (!before.includes(target)) before.push(target);
      }
      edges.set(node.id, before);
    }
    for (const list of children.values()) list.sort();
    this.byId = byId;
    this.childIds = children;
    this.edges = edges;
    this.order = topologicalSort(nodes, byId, edges);
  }

  /**
   * Builds and validates a graph.
   *
   * @example
   * const g = RevisionGraph.build([
   *   { id: 'a', parents: [], dependsOn: [], branchLabels: [], file: 'a.py' },
   *   { id: 'b', parents: ['a'], dependsOn: [], branchLabels: [], file: 'b.py' },
   * ]);
   * g.heads(); // ['b']
   * @throws InputError on a duplicate id, an unknown parent or dependency, or a cycle (naming the files).
   */
  static build<N extends RevisionNode>(nodes: readonly N[]): RevisionGraph<N> {
    return new RevisionGraph(nodes);
  }

  get size(): number {
    return this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The revision with this exact id; throws InputError when absent. */
  get(id: string): T {
    const node = this.byId.get(id);
    if (!node) throw new InputError(`unknown revision '${id}'`);
    return node;
  }

  /** Revisions applied directly on top of `id`, sorted. */
  children(id: string): readonly string[] {
    return this.childIds.get(id) ?? [];
  }

  /**
   * Revisions that need `id` applied first: its children and the revisions that name it in
   * `depends_on`. A version table of tips (Alembic's) records none of those `id` lies below:
   * after a revision whose dependency ran first, Alembic keeps only the dependent's row.
   */
  dependents(id: string): readonly string[] {
    return [...this.edges].filter(([, before]) => before.includes(id)).map(([child]) => child).sort();
  }

  /** Revisions nothing is applied on top of, sorted. More than one means a merge is missing. */
  heads(): readonly string[] {
    return [...this.byId.keys()].filter((id) => this.children(id).length === 0).sort();
  }

  /** Revisions with no parent, sorted. */
  bases(): readonly string[] {
    return [...this.byId.values()].filter((n) => n.parents.length === 0).map((n) => n.id).sort();
  }

  /** Revisions with more than one child, sorted. */
  branchPoints(): readonly string[] {
    return [...this.byId.keys()].filter((id) => this.children(id).length > 1).sort();
  }

  /** Revisions with more than one parent (Alembic merge revisions), sorted. */
  merges(): readonly string[] {
    return [...this.byId.values()].filter((n) => n.parents.length > 1).map((n) => n.id).sort();
  }

  /**
   * Every revision, parents (and dependencies) before children. Deterministic: among revisions
   * ready at the same time, a branch is followed to its end before the next one starts, and
   * siblings are taken in id order.
   */
  topologicalOrder(): readonly T[] {
    return this.order;
  }

  /** Everything that must be applied before `id` (not `id` itself). */
  ancestors(id: string): ReadonlySet<string> {
    this.get(id);
    const seen = new Set<string>();
    const stack = [...(this.edges.get(id) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(this.edges.get(next) ?? []));
    }
    return seen;
  }

  /** Everything applied on top of `id`, directly or not (not `id` itself). */
  descendants(id: string): ReadonlySet<string> {
    this.get(id);
    const result = new Set<string>();
    for (const node of this.order) {
      if (node.id === id || result.has(node.id)) continue;
      const before = this.edges.get(node.id) ?? [];
      if (before.some((p) => p === id || result.has(p))) result.add(node.id);
    }
    return result;
  }

  /**
   * The revisions to apply, in order, to go from an empty database to `targets` (all applied):
   * their ancestors and themselves in topological order.
   *
   * @example graph.pathTo(['c']).map((r) => r.id) // ['a', 'b', 'c']
   */
  pathTo(targets: string | readonly string[]): readonly T[] {
    const wanted = new Set<string>();
    for (const target of typeof targets === 'string' ? [targets] : targets) {
      wanted.add(this.get(target).id);
      for (const a of this.ancestors(target)) wanted.add(a);
    }
    return this.order.filter((n) => wanted.has(n.id));
  }

  /**
   * Resolves what a user may type for a revision, as Alembic does: a full id, a unique id
   * prefix, or a branch label. `head` works when there is a single head.
   */
  resolve(ref: string): T {
    if (ref === 'head') {
      const heads = this.heads();
      if (heads.length !== 1) throw new InputError(`'head' is ambiguous: the history has ${heads.length} heads (${heads.join(', ')})`);
      return this.get(heads[0] as string);
    }
    const exact = this.byId.get(ref);
    if (exact) return exact;
    const labelled = [...this.byId.values()].filter((n) => n.branchLabels.includes(ref));
    if (labelled.length === 1) return labelled[0] as T;
    const prefixed = [...this.byId.keys()].filter((id) => id.startsWith(ref));
    if (prefixed.length === 1) return this.get(prefixed[0] as string);
    if (prefixed.length > 1) throw new InputError(`revision '${ref}' is ambiguous: ${prefixed.sort().join(', ')}`);
    throw new InputError(`unknown revision '${ref}'`);
  }
}

function topologicalSort<T extends RevisionNode>(
  nodes: readonly T[],
  byId: ReadonlyMap<string, T>,
  edges: ReadonlyMap<string, readonly string[]>,
): T[] {
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const node of nodes) {
    const before = edges.get(node.id) ?? [];
    waiting.set(node.id, before.length);
    for (const b of before) dependents.set(b, [...(dependents.get(b) ?? []), node.id]);
  }
  // A stack (not a queue) keeps each branch contiguous, which reads better in `history`.
  const ready = [...waiting.entries()].filter(([, n]) => n === 0).map(([id]) => id).sort().reverse();
  const result: T[] = [];
  while (ready.length > 0) {
    const id = ready.pop() as string;
    result.push(byId.get(id) as T);
    const unlocked: string[] = [];
    for (const d of dependents.get(id) ?? []) {
      const left = (waiting.get(d) ?? 0) - 1;
      waiting.set(d, left);
      if (left === 0) unlocked.push(d);
    }
    ready.push(...unlocked.sort().reverse());
  }
  if (result.length < nodes.length) {
    throw new InputError(`revision cycle: ${describeCycle(byId, edges, new Set(result.map((n) => n.id)))}`);
  }
  return result;
}

function describeCycle<T extends RevisionNode>(
  byId: ReadonlyMap<string, T>,
  edges: ReadonlyMap<string, readonly string[]>,
  done: ReadonlySet<string>,
): string {
  // Walk parent links among the unsorted revisions until one repeats: that loop is a cycle.
  const start = [...byId.keys()].filter((id) => !done.has(id)).sort()[0] as string;
  const path: string[] = [];
  const index = new Map<string, number>();
  let current = start;
  while (!index.has(current)) {
    index.set(current, path.length);
    path.push(current);
    current = (edges.get(current) ?? []).find((p) => !done.has(p)) as string;
  }
  const loop = [...path.slice(index.get(current)), current].reverse();
  return loop.map((id) => `${id} (${byId.get(id)?.file ?? '?'})`).join(' → ');
}
