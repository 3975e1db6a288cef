import type { ExpectedSchemaOptions } from '../migrations/expected-schema.js';
import type { MigrationHistory, MigrationRevision } from '../migrations/history.js';
import { originOf, type AttributionStep } from '../diagnose/attribution.js';
import { objectIndex } from '../diagnose/object-index.js';
import { OrderSteps } from '../diagnose/order-steps.js';
import { replayOrders } from '../diagnose/orders.js';
import { shownPath } from '../diagnose/shown-path.js';
import type { Snapshot } from '../model/snapshot.js';
import type { ModelsFinding, RevisionOrigin } from './findings.js';

/**
 * The revision that last touched each finding's object in a one-head history (as `diagnose`
 * attributes drift): the one that created or last changed what the migrations build, or that
 * dropped it. Replays every step once (cached per revision as `check --migrations` caches).
 *
 * @example const origins = await revisionOrigins(history, findings, { cacheDir: '.pgdrift-cache' });
 */
export async function revisionOrigins(
  history: MigrationHistory,
  findings: ReadonlyArray<Pick<ModelsFinding, 'ids' | 'changes' | 'objectType' | 'schema' | 'table' | 'name'>>,
  options: ExpectedSchemaOptions,
): Promise<Map<string, RevisionOrigin>> {
  const [order] = replayOrders(history.graph, null);
  const out = new Map<string, RevisionOrigin>();
  if (!order) return out;
  const view = new OrderSteps(history, order, options);
  await view.loadAll();
  const steps: AttributionStep[] = [...view.steps.keys()]
    .sort((a, b) => a - b)
    .map((n) => {
      const revision = n === 0 ? null : (order.revisions[n - 1] as MigrationRevision);
      return { revision: revision && { id: revision.id, file: revision.file }, ids: objectIndex(view.steps.get(n) as Snapshot) };
    });
  for (const f of findings) {
    // A pair (a rename) is attributed through the name the migrations have.
    for (const id of f.ids) {
      const change = f.changes.find((c) => c.id === id);
      if (!change) continue;
      const origin = await originOf(change, steps, steps.length - 1, view.objectsOf);
      if (!origin) continue;
      out.set(f.ids[0] as string, { action: origin.action, revision: origin.revision, at: origin.line !== null ? `${shownPath(origin.file)}:${origin.line}` : shownPath(origin.file) });
      if (origin.action !== 'dropped') break;
    }
  }
  return out;
}
