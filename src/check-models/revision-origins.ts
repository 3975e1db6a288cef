import type { ExpectedSchemaOptions } from '../migrations/expected-schema.js';
import type { MigrationHistory } from '../migrations/history.js';
import { originOf } from '../diagnose/attribution.js';
import { attributionSteps } from '../diagnose/change-origins.js';
import { OrderSteps } from '../diagnose/order-steps.js';
import { replayOrders } from '../diagnose/orders.js';
import { shownPath } from '../diagnose/shown-path.js';
import type { ModelsFinding, RevisionOrigin } from './findings.js';

/** The steps of a one-head history, from the empty schema to the head (one replay, cached per revision). */
export function headSteps(history: MigrationHistory, options: ExpectedSchemaOptions): OrderSteps {
  const [order] = replayOrders(history.graph, null);
  return new OrderSteps(history, order as NonNullable<typeof order>, options);
}

/**
 * The revision that last touched each finding's object in a one-head history (as `diagnose`
 * attributes drift): the one that created or last changed what the migrations build, or that
 * dropped it, from the schema after every step of `view` (its history's order to the head).
 *
 * @example const origins = await revisionOrigins(headSteps(history, { cacheDir: '.pgdrift-cache' }), findings);
 */
export async function revisionOrigins(
  view: OrderSteps,
  findings: ReadonlyArray<Pick<ModelsFinding, 'ids' | 'changes' | 'objectType' | 'schema' | 'table' | 'name'>>,
): Promise<Map<string, RevisionOrigin>> {
  const out = new Map<string, RevisionOrigin>();
  const steps = await attributionSteps(view);
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
