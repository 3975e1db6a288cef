import type { Change } from '../compare/change.js';
import type { Index } from '../model/snapshot.js';
import { Dependencies } from './dependencies.js';
import type { Phase } from './phases.js';
import { columnKey, refId, type ObjectRef, type SnapshotIndex } from './snapshot-index.js';
import type { Hazard, ManualChange, PlanOptions } from './statement.js';

/**
 * The state one plan is built in: what happens to each object, the statements so far and which
 * statements stand or fall together. Kind modules (`kinds/*.ts`) read the two snapshots and
 * emit statements through it; `plan.ts` decides the fates and `order.ts` the final order.
 */

/** What the plan does to one object. */
export type Fate =
  /** In `to` only: built, with everything that belongs to it. */
  | 'create'
  /** In `from` only: dropped (`implicit` when it goes with something else that is dropped). */
  | 'drop'
  /** In both, but only dropping and creating it again gets `to`'s version (or a dependency needs it). */
  | 'recreate'
  /** In both: changed in place. */
  | 'alter';

export interface Intent {
  readonly ref: ObjectRef;
  fate: Fate;
  /** Change ids served. */
  readonly ids: Set<string>;
  unit: string;
  /** The change, for `alter`. */
  change: Change | null;
  /** Why it is re-created (a note on its drop), or why it goes (a dependency). */
  reason: string | null;
  /** Dropped along with its parent (a table's index, a partitioned table's partition): no statement. */
  implicit: boolean;
  /** A note for the reviewer on its statements (a rename the change looks like). */
  hint: string | null;
}

/** A statement while the plan is built: ids are added as more changes turn out to be served by it. */
export interface DraftStatement {
  readonly sql: string;
  readonly changeIds: string[];
  readonly hazards: readonly Hazard[];
  readonly transactional: boolean;
  note?: string;
}

export interface Step {
  readonly phase: Phase;
  /** Statements about one object share a node: they stay together and in emission order. */
  readonly node: string | null;
  /** Nodes that must come earlier in the same phase. */
  readonly after: readonly string[];
  readonly unit: string;
  readonly seq: number;
  readonly statement: DraftStatement;
}

export interface StatementSpec {
  readonly phase: Phase;
  readonly unit: string;
  readonly sql: string;
  readonly ids: readonly string[];
  readonly hazards: readonly Hazard[];
  readonly note?: string | null;
  readonly node?: string | null;
  readonly after?: readonly string[];
}

export interface ResolvedPlanOptions {
  readonly unsafe: boolean;
  readonly concurrently: (index: Index) => boolean;
  /** The server the SQL runs on: the option, else `from`'s own server, else unknown. */
  readonly serverVersionNum: number | null;
}

/**
 * @example
 * resolvePlanOptions({ concurrently: true }, 150004).concurrently(someIndex) // true
 */
export function resolvePlanOptions(options: PlanOptions, fromVersion: number | null): ResolvedPlanOptions {
  const c = options.concurrently;
  return {
    unsafe: options.unsafe ?? false,
    concurrently: typeof c === 'function' ? c : () => c === true,
    serverVersionNum: options.serverVersionNum ?? fromVersion,
  };
}

export class PlanContext {
  readonly steps: Step[] = [];
  readonly manual: ManualChange[] = [];
  readonly intents = new Map<string, Intent>();
  private readonly parentUnit = new Map<string, string>();
  /** The CREATE (or DROP) statement of an object, where changes it serves are recorded. */
  private readonly mainStatements = new Map<string, DraftStatement>();
  private readonly once = new Map<string, DraftStatement[]>();
  private readonly memos = new Map<string, unknown>();
  readonly fromDeps: Dependencies;
  readonly toDeps: Dependencies;

  constructor(
    readonly from: SnapshotIndex,
    readonly to: SnapshotIndex,
    readonly options: ResolvedPlanOptions,
  ) {
    this.fromDeps = new Dependencies(from);
    this.toDeps = new Dependencies(to);
  }

  /** A value computed once per plan (a graph over all dropped tables, say). */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  /** True when the target server is at least this version; unknown counts as older. */
  atLeast(versionNum: number): boolean {
    return this.options.serverVersionNum !== null && this.options.serverVersionNum >= versionNum;
  }

  intent(ref: ObjectRef): Intent | undefined {
    return this.intents.get(refId(ref));
  }

  fate(ref: ObjectRef): Fate | undefined {
    return this.intent(ref)?.fate;
  }

  /** The object is gone from `from`'s side in this plan: dropped, or dropped to be re-created. */
  removes(ref: ObjectRef): boolean {
    const f = this.fate(ref);
    return f === 'drop' || f === 'recreate';
  }

  /** The object is built by this plan from `to`. */
  builds(ref: ObjectRef): boolean {
    const f = this.fate(ref);
    return f === 'create' || f === 'recreate';
  }

  /** A table (or materialized view) that exists before the plan runs and keeps its rows: locks and rewrites on it matter. */
  inUse(relation: ObjectRef): boolean {
    return this.from.has(relation) && !this.builds(relation) && this.fate(relation) !== 'drop';
  }

  /**
   * Records what happens to an object, or merges into what is already decided: a re-creation
   * subsumes an alteration, and the change ids and units of both are kept.
   */
  decide(ref: ObjectRef, fate: Fate, ids: Iterable<string>, unit: string, extra: { change?: Change; reason?: string; implicit?: boolean; hint?: string | null } = {}): Intent {
    const id = refId(ref);
    const known = this.intents.get(id);
    if (known) {
      for (const i of ids) known.ids.add(i);
      this.join(known.unit, unit);
      // Dropped on one count and built on another (a part of a table that is re-created): both.
      const rebuilt = (known.fate === 'drop' && fate === 'create') || (known.fate === 'create' && fate === 'drop');
      if ((known.fate === 'alter' && fate === 'recreate') || rebuilt) {
        known.fate = 'recreate';
        known.reason = known.reason ?? extra.reason ?? null;
      }
      // Going with its parent wins: a statement of its own would find it gone already.
      if (extra.implicit) known.implicit = true;
      return known;
    }
    const intent: Intent = {
      ref,
      fate,
      ids: new Set(ids),
      unit,
      change: extra.change ?? null,
      reason: extra.reason ?? null,
      implicit: extra.implicit ?? false,
      hint: extra.hint ?? null,
    };
    this.intents.set(id, intent);
    return intent;
  }

  /** Makes two units stand or fall together (a destructive statement withholds its whole unit). */
  join(a: string, b: string): void {
    const ra = this.root(a);
    const rb = this.root(b);
    if (ra !== rb) this.parentUnit.set(rb, ra);
  }

  root(unit: string): string {
    let u = unit;
    for (let p = this.parentUnit.get(u); p !== undefined; p = this.parentUnit.get(u)) u = p;
    return u;
  }

  emit(spec: StatementSpec): DraftStatement {
    const hazards = spec.hazards;
    const statement: DraftStatement = {
      sql: spec.sql,
      changeIds: [...new Set(spec.ids)],
      hazards,
      transactional: !hazards.includes('non-transactional'),
      ...(spec.note ? { note: spec.note } : {}),
    };
    this.steps.push({ phase: spec.phase, node: spec.node ?? null, after: spec.after ?? [], unit: spec.unit, seq: this.steps.length, statement });
    return statement;
  }

  /**
   * Emits statements for `key` only the first time it is asked for; later requests add their
   * change ids to the first statement. For work two changes both need (a constraint dropped by
   * the constraint's own change and by its index's).
   */
  emitOnce(key: string, ids: readonly string[], build: () => DraftStatement[]): DraftStatement[] {
    const done = this.once.get(key);
    if (done) {
      if (done[0]) addIds(done[0], ids);
      return done;
    }
    const made = build();
    this.once.set(key, made);
    return made;
  }

  /** Records the statement changes about `ref` are served by, when nothing more is needed for them. */
  setMain(ref: ObjectRef, statement: DraftStatement): void {
    if (!this.mainStatements.has(refId(ref))) this.mainStatements.set(refId(ref), statement);
  }

  main(ref: ObjectRef): DraftStatement | undefined {
    return this.mainStatements.get(refId(ref));
  }

  /** Column defaults that refer to something dropped: dropped early and set again from `to`, by column key. */
  readonly defaultResets = new Map<string, { readonly table: string; readonly column: string; unit: string; readonly ids: Set<string> }>();

  /**
   * A column default that must be dropped before what it refers to goes, and set again (from
   * `to`) once what `to` refers to exists.
   */
  resetDefault(column: { readonly table: string; readonly column: string }, unit: string, ids: Iterable<string>): void {
    const key = columnKey(column.table, column.column);
    const known = this.defaultResets.get(key);
    if (known) {
      this.join(known.unit, unit);
      for (const id of ids) known.ids.add(id);
    } else this.defaultResets.set(key, { ...column, unit, ids: new Set(ids) });
  }

  addManual(changeIds: Iterable<string>, reason: string): void {
    for (const changeId of changeIds) if (!this.manual.some((m) => m.changeId === changeId)) this.manual.push({ changeId, reason });
  }
}

/**
 * Adds change ids to a statement, each once.
 *
 * @example
 * addIds(statement, ['index:app.t.i'])
 */
export function addIds(statement: DraftStatement, ids: Iterable<string>): void {
  for (const id of ids) if (!statement.changeIds.includes(id)) statement.changeIds.push(id);
}
