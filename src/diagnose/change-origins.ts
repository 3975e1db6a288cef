import type { Change } from '../compare/change.js';
import type { ExpectedSchemaOptions } from '../migrations/expected-schema.js';
import type { MigrationHistory, MigrationRevision } from '../migrations/history.js';
import type { Snapshot } from '../model/snapshot.js';
import { originOf, type AttributionStep, type Origin } from './attribution.js';
import { objectIndex } from './object-index.js';
import { OrderSteps } from './order-steps.js';
import { replayOrders } from './orders.js';

/** Each step of `view` (its schema after every revision, all loaded) as attribution reads it. */
export async function attributionSteps(view: OrderSteps): Promise<AttributionStep[]> {
  await view.loadAll();
  const order = view.order;
  return [...view.steps.keys()]
    .sort((a, b) => a - b)
    .map((n) => {
      const revision = n === 0 ? null : (order.revisions[n - 1] as MigrationRevision);
      return { revision: revision && { id: revision.id, file: revision.file }, ids: objectIndex(view.steps.get(n) as Snapshot) };
    });
}

/**
 * Where the migrations made each changed object, as `diagnose` attributes drift: the revision
 * (file and line) that created or last changed it, or dropped it, in the history's order up to
 * the revisions `applied` (what the database records). One replay, its steps cached.
 *
 * @example (await changeOrigins(history, status.applied, report.changes, { cacheDir: '.pgdrift-cache' })).get('index:public.comments.ix_x')
 */
export async function changeOrigins(
  history: MigrationHistory,
  applied: readonly string[],
  changes: readonly Change[],
  options: ExpectedSchemaOptions,
): Promise<Map<string, Origin>> {
  const [order] = replayOrders(history.graph, new Set(applied));
  if (!order) return new Map();
  const view = new OrderSteps(history, order, options);
  const steps = await attributionSteps(view);
  const upTo = order.recordedStep ?? steps.length - 1;
  const out = new Map<string, Origin>();
  for (const change of changes) {
    const origin = await originOf(change, steps, upTo, view.objectsOf);
    if (origin) out.set(change.id, origin);
  }
  return out;
}
