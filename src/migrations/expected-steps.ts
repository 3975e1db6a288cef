import type { MigrationHistory, MigrationRevision } from './history.js';
import { InputError } from '../errors.js';
import { UnreadableHistory } from './unreadable.js';
import type { FileDigests } from './expected-cache.js';
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
  const all = await expectedSchemasAt(history, revisions, Array.from({ length: revisions.length + 1 }, (_r, n) => n), options);
  // The map is in step order.
  return [...all.values()];
}

/**
 * The expected schema after some prefixes of `revisions` only (`steps`: prefix lengths), by
 * step; as `expectedSchemasAlong`, but a replay reads only the steps asked for.
 *
 * @example
 * const around = await expectedSchemasAt(history, order, [6, 7, 8]);
 * around.get(7)?.revision?.id; // the seventh revision's id
 * @throws InputError when a revision does not apply (file:line).
 */
export async function expectedSchemasAt(
  history: MigrationHistory,
  revisions: readonly MigrationRevision[],
  steps: readonly number[],
  options: ExpectedSchemaOptions = {},
): Promise<ReadonlyMap<number, ExpectedStep>> {
  const { found, failure } = await stepsUntilFailure(history, revisions, steps, options);
  if (failure !== null) throw failure.error;
  return found;
}

/** A revision that does not apply on an empty shadow: a migration broken whatever the database. */
export interface ReplayFailure {
  /** The step the failing revision would make (1-based position of the revision). */
  readonly step: number;
  readonly error: InputError;
}

/**
 * As `expectedSchemasAt`, but a revision that fails to apply ends the replay instead of the
 * call: the steps before it are returned, with the failure. What diagnose needs when the
 * migration itself is broken — the database can still be diagnosed up to it.
 *
 * @example
 * const { found, failure } = await stepsUntilFailure(history, order, [6, 7, 8]);
 * failure?.error.message; // 'versions/0007_broken.py:18: relation "customer" does not exist (applying: …)'
 */
export async function stepsUntilFailure(
  history: MigrationHistory,
  revisions: readonly MigrationRevision[],
  steps: readonly number[],
  options: ExpectedSchemaOptions = {},
): Promise<{ readonly found: ReadonlyMap<number, ExpectedStep>; readonly failure: ReplayFailure | null }> {
  const labelOf = (n: number): string => (n === 0 ? 'base' : (revisions[n - 1] as MigrationRevision).id);
  const wantedSteps = [...new Set(steps)].filter((n) => n >= 0 && n <= revisions.length).sort((a, b) => a - b);
  const slots = new Map<number, CacheSlot>();
  const found = new Map<number, ExpectedSchema>();
  const digests: FileDigests = new Map();
  for (const n of wantedSteps) {
    const slot = await cacheSlot(history, revisions.slice(0, n), options, digests);
    slots.set(n, slot);
    const cached = await slot.read(labelOf(n));
    if (cached) found.set(n, cached);
  }
  const missing = wantedSteps.filter((n) => !found.has(n));
  let failure: ReplayFailure | null = null;
  if (missing.length > 0) {
    let applied = 0;
    try {
      if (history.withEachApplied) {
        const last = Math.max(...missing);
        await history.withEachApplied(revisions.slice(0, last), { shadowUrl: options.shadowUrl }, async (n, shadow) => {
          applied = n;
          const slot = slots.get(n);
          if (slot !== undefined && !found.has(n)) found.set(n, await slot.store(await readExpected(shadow, history, labelOf(n), options)));
        });
      } else {
        for (const n of missing) {
          found.set(n, await expectedSchema(history, revisions.slice(0, n), labelOf(n), options));
          applied = n;
        }
      }
    } catch (err) {
      // The reader's limit is no migration failure: nothing may be concluded from a history not read.
      if (!(err instanceof InputError) || err instanceof UnreadableHistory) throw err;
      failure = { step: history.withEachApplied ? applied + 1 : (missing.find((n) => !found.has(n)) as number), error: err };
    }
  }
  const out = new Map<number, ExpectedStep>();
  for (const n of wantedSteps) {
    const e = found.get(n);
    if (e !== undefined) out.set(n, { ...e, revision: n === 0 ? null : (revisions[n - 1] as MigrationRevision) });
  }
  return { found: out, failure };
}
