import type { MigrationHistory, MigrationRevision } from './history.js';
import { cacheSlot, expectedSchema, readExpected, type CacheSlot, type ExpectedSchema, type ExpectedSchemaOptions } from './expected-schema.js';

/** The expected schema after one step of a replay: the first `applied` revisions of the list. */
export interface ExpectedStep extends ExpectedSchema {
  /** The revision this step ends with; null for the empty schema before the first one. */
  readonly revision: MigrationRevision | null;
}

/**
 * The expected schema after every prefix of `revisions` (which must be in apply order): step 0
 * is the empty schema, step n the schema once the first n revisions are applied. Each step is
 * cached like `expectedSchema` (same entries), and the missing ones come from one replay on one
 * shadow, read after each revision — not one replay per step — where the history can replay
 * stepwise; otherwise each missing step is replayed on its own.
 *
 * @example
 * const steps = await expectedSchemasAlong(history, history.graph.pathTo('head'));
 * steps.at(-1)?.snapshot; // the schema at head
 * @throws InputError as `expectedSchema` (a revision that does not apply, names file:line).
 */
export async function expectedSchemasAlong(
  history: MigrationHistory,
  revisions: readonly MigrationRevision[],
  options: ExpectedSchemaOptions = {},
): Promise<readonly ExpectedStep[]> {
  const labelOf = (n: number): string => (n === 0 ? 'base' : (revisions[n - 1] as MigrationRevision).id);
  const slots: CacheSlot[] = [];
  for (let n = 0; n <= revisions.length; n++) slots.push(await cacheSlot(history, revisions.slice(0, n), options));
  const found: (ExpectedSchema | null)[] = [];
  for (let n = 0; n <= revisions.length; n++) found.push(await (slots[n] as CacheSlot).read(labelOf(n)));

  const wanted = found.map((f, n) => (f === null ? n : -1)).filter((n) => n >= 0);
  if (wanted.length > 0) {
    const last = Math.max(...wanted);
    if (history.withEachApplied) {
      await history.withEachApplied(revisions.slice(0, last), { shadowUrl: options.shadowUrl }, async (n, shadow) => {
        if (found[n] === null) found[n] = await (slots[n] as CacheSlot).store(await readExpected(shadow, history, labelOf(n), options));
      });
    } else {
      for (const n of wanted) found[n] = await expectedSchema(history, revisions.slice(0, n), labelOf(n), options);
    }
  }
  return found.map((f, n) => ({ ...(f as ExpectedSchema), revision: n === 0 ? null : (revisions[n - 1] as MigrationRevision) }));
}
