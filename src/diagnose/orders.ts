import type { RevisionGraph } from '../migrations/graph.js';
import type { MigrationRevision } from '../migrations/history.js';

/** One way of applying the history's revisions, one after another, and where the version table stands on it. */
export interface ReplayOrder {
  readonly revisions: readonly MigrationRevision[];
  /**
   * The step whose revisions are exactly those the version table records; null when no step is
   * (an order taking another branch first, or a version table that cannot say).
   */
  readonly recordedStep: number | null;
  /** How far step n's revisions are from the recorded ones: the number of revisions in one and not the other. */
  readonly nearness: (step: number) => number;
  /** The step the recorded revisions' longest common prefix with this order ends at: where to look first. */
  readonly around: number | null;
  /** Whether a revision may be half-applied: not recorded as applied, or recorded as a failed run. */
  readonly mayBePartial: (revision: string) => boolean;
}

/**
 * The orders worth replaying a history in. A step is a prefix of an order, so one order cannot
 * reach every state a branched history allows: with two branches pending, Alembic may run
 * either first, and a half-applied revision may be on either. So besides the recorded revisions
 * followed by the pending ones, there is one order per branch left open at the recorded state
 * (a revision not applied, or applied while a sibling is not) that takes that branch first.
 * A linear history, or a branched one fully applied, has one order.
 *
 * @param applied the revisions the version table records as applied (null: it cannot say)
 * @param failed revisions whose run the tool recorded as failed (golang-migrate's dirty version)
 * @example
 * replayOrders(graph, new Set(['a1', 'b2', 'c3']))
 * // [applied then pending (d4a first, by id), d4a's branch first, d4b's branch first]
 */
export function replayOrders(graph: RevisionGraph<MigrationRevision>, applied: ReadonlySet<string> | null, failed: ReadonlySet<string> = new Set()): ReplayOrder[] {
  const all = graph.topologicalOrder();
  // Nothing recorded to be near: of steps alike, the earliest, so that the tool still runs what
  // lies between (a data migration between identical schemas).
  if (applied === null) return [{ revisions: all, recordedStep: null, nearness: (step) => step, around: null, mayBePartial: () => true }];
  const mayBePartial = (revision: string) => !applied.has(revision) || failed.has(revision);
  const first = [...all.filter((r) => applied.has(r.id)), ...all.filter((r) => !applied.has(r.id))];
  const orders: ReplayOrder[] = [order(first, applied, mayBePartial)];
  const seen = new Set([key(first)]);
  for (const point of graph.branchPoints()) {
    const children = graph.children(point);
    const open = children.some((c) => !applied.has(c));
    if (!open) continue;
    for (const child of children) {
      const preferred = new Set([child, ...graph.descendants(child)]);
      const revisions = preferring(graph, preferred);
      if (seen.has(key(revisions))) continue;
      seen.add(key(revisions));
      orders.push(order(revisions, applied, mayBePartial));
    }
  }
  return orders;
}

function order(revisions: readonly MigrationRevision[], applied: ReadonlySet<string>, mayBePartial: (revision: string) => boolean): ReplayOrder {
  let common = 0;
  while (common < revisions.length && applied.has((revisions[common] as MigrationRevision).id)) common++;
  const recordedStep = common === applied.size ? common : null;
  return {
    revisions,
    recordedStep,
    around: common,
    mayBePartial,
    nearness: (step) => {
      let inStep = 0;
      for (let i = 0; i < step; i++) if (applied.has((revisions[i] as MigrationRevision).id)) inStep++;
      return step - inStep + (applied.size - inStep);
    },
  };
}

/** Kahn's order, taking a ready revision of `preferred` before any other, ids breaking ties. */
function preferring(graph: RevisionGraph<MigrationRevision>, preferred: ReadonlySet<string>): MigrationRevision[] {
  const all = graph.topologicalOrder();
  const before = new Map(all.map((r) => [r.id, [...graph.ancestors(r.id)]]));
  const done = new Set<string>();
  const out: MigrationRevision[] = [];
  while (out.length < all.length) {
    const ready = all.filter((r) => !done.has(r.id) && (before.get(r.id) as string[]).every((a) => done.has(a)));
    const next = ready.find((r) => preferred.has(r.id)) ?? (ready[0] as MigrationRevision);
    out.push(next);
    done.add(next.id);
  }
  return out;
}

function key(revisions: readonly MigrationRevision[]): string {
  return revisions.map((r) => r.id).join(' ');
}
