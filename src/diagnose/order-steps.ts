import { InputError } from '../errors.js';
import { UnreadableHistory } from '../migrations/unreadable.js';
import type { ExpectedSchemaOptions } from '../migrations/expected-schema.js';
import { stepsUntilFailure, type ReplayFailure } from '../migrations/expected-steps.js';
import type { MigrationHistory, MigrationRevision } from '../migrations/history.js';
import type { MigrationStatement } from '../migrations/migration-statement.js';
import type { Snapshot } from '../model/snapshot.js';
import { locate, type Location } from './locate.js';
import type { ReplayOrder } from './orders.js';
import { revisionObjects, type RevisionObject } from './revision-objects.js';

/**
 * One replay order of a history and the expected schemas of its steps read so far: steps are
 * read on demand (each cached), a revision that does not apply on an empty shadow ends what
 * can be read, and the objects each revision touches are worked out once.
 */
export class OrderSteps {
  readonly steps = new Map<number, Snapshot>();
  /** The first revision of the order that does not apply on an empty shadow, once met. */
  failure: ReplayFailure | null = null;
  private readonly objects = new Map<number, Promise<readonly RevisionObject[] | null>>();

  constructor(
    readonly history: MigrationHistory,
    readonly order: ReplayOrder,
    private readonly options: ExpectedSchemaOptions,
  ) {}

  get revisions(): readonly MigrationRevision[] {
    return this.order.revisions;
  }

  /** Reads these steps (those not read yet, and not past a revision that fails to apply). */
  async load(wanted: readonly number[]): Promise<void> {
    const limit = this.failure === null ? this.revisions.length : this.failure.step - 1;
    const more = wanted.filter((n) => n >= 0 && n <= limit && !this.steps.has(n));
    if (more.length === 0) return;
    const { found, failure } = await stepsUntilFailure(this.history, this.revisions, more, this.options);
    for (const [n, e] of found) this.steps.set(n, e.snapshot);
    if (failure !== null && (this.failure === null || failure.step < this.failure.step)) this.failure = failure;
  }

  /** Every step, up to a revision that fails to apply. */
  loadAll(): Promise<void> {
    return this.load(Array.from({ length: this.revisions.length + 1 }, (_r, n) => n));
  }

  /** The objects revision n (the one making step n) touches; null when its statements are unknown or a side is not read. */
  readonly objectsOf = (step: number): Promise<readonly RevisionObject[] | null> => {
    const before = this.steps.get(step - 1);
    const after = this.steps.get(step);
    if (before === undefined || after === undefined) return Promise.resolve(null);
    let found = this.objects.get(step);
    if (found === undefined) {
      found = statementsOf(this.history, this.revisions[step - 1] as MigrationRevision).then((statements) => (statements === null ? null : revisionObjects(statements, before, after)));
      this.objects.set(step, found);
    }
    return found;
  };

  /** Where the live schema stands among the steps read. */
  locate(live: Snapshot): Promise<Location> {
    const steps = [...this.steps].sort(([a], [b]) => a - b).map(([step, snapshot]) => ({ step, snapshot }));
    const centres = this.order.recordedStep === null ? (this.order.around === null ? [] : [this.order.around]) : [this.order.recordedStep];
    return locate(steps, live, { nearness: this.order.nearness, centres, mayBePartial: (n) => this.order.mayBePartial((this.revisions[n - 1] as MigrationRevision).id) }, this.objectsOf);
  }

  /** The step's revisions, in order. */
  appliedAt(step: number): readonly string[] {
    return this.revisions.slice(0, step).map((r) => r.id);
  }
}

/** A revision's statements, or null where the reader does not know them or cannot interpret them. */
export async function statementsOf(history: MigrationHistory, revision: MigrationRevision): Promise<readonly MigrationStatement[] | null> {
  if (!history.statementsOf) return null;
  try {
    return await history.statementsOf(revision);
  } catch (err) {
    // Python the reader cannot follow (the reason for --migrate-cmd): the schemas still tell what changed.
    if (err instanceof InputError && !(err instanceof UnreadableHistory)) return null;
    throw err;
  }
}
