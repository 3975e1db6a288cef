import type { Change } from '../compare/change.js';
import { stableStringify } from '../compare/diff-objects.js';
import { objectIdentity } from '../compare/keys.js';
import { relationIds, type ObjectRef } from './object-index.js';
import { renamesInto, type RevisionObject } from './revision-objects.js';

/** Which revision an object comes from, and where in its file. */
export interface Origin {
  /** `created`/`changed`: the revision that last made the object what the code expects; `dropped`: the one that removed it. */
  readonly action: 'created' | 'changed' | 'dropped';
  readonly revision: string;
  readonly file: string;
  /** The line of the operation in `file`, when the statements are known. */
  readonly line: number | null;
  /** Set when the line is that of the table the object was created with (a column of `create_table`). */
  readonly with: string | null;
  /** The revision is not applied yet: it comes after the one the schema is (an object made ahead of its migration). */
  readonly pending: boolean;
}

/** What attribution needs of each step of the replay. */
export interface AttributionStep {
  /** The revision that makes this step (null for step 0, the empty schema). */
  readonly revision: { readonly id: string; readonly file: string } | null;
  /** `objectIndex` of the step's schema. */
  readonly ids: ReadonlyMap<string, object>;
}

/**
 * The revision that introduced or last changed the object of a change, looking back from step
 * `upTo` (the schema the database is compared with): for a missing object, the revision that
 * added it; for a changed one, the last revision that changed it; for an object the code does
 * not have, the revision that dropped it, or null when no revision ever made it (hand-made).
 *
 * @example
 * await originOf(change, steps, 13, objectsOf)
 * // { action: 'created', revision: '4d5e6f708192', file: '…/4d5e6f708192_user_profile_columns.py', line: 24, with: null }
 */
export async function originOf(
  change: Pick<Change, 'id' | 'kind' | 'schema' | 'table' | 'objectType' | 'name'> & { readonly expected?: object | null },
  steps: readonly AttributionStep[],
  upTo: number,
  objectsOf: (step: number) => Promise<readonly RevisionObject[] | null>,
): Promise<Origin | null> {
  const present = (n: number): boolean => steps[n]?.ids.has(change.id) ?? false;
  if (!present(upTo)) {
    for (let n = upTo; n >= 1; n--) {
      if (!present(n) && present(n - 1)) return located('dropped', n, change, steps, objectsOf);
    }
    // Not in the code up to here: perhaps a revision still to come creates it.
    for (let n = upTo + 1; n < steps.length; n++) {
      if (present(n)) return { ...(await located('created', n, change, steps, objectsOf)), pending: true };
    }
    return null;
  }
  // A missing object is named by the revision that added it; a changed one by the last that
  // changed what differs. The object is followed back through renames (of itself or its table):
  // a column of a renamed table was added where the table was made under its old name.
  const differs = change.kind === 'changed' && change.expected ? Object.keys(change.expected) : null;
  const props = (o: object | undefined) => (differs ? stableStringify(pick(o, differs)) : own(o));
  let ref: Pick<ObjectRef, 'id' | 'schema' | 'table' | 'objectType' | 'name'> = change;
  for (let n = upTo; n >= 1; n--) {
    const now = (steps[n] as AttributionStep).ids.get(ref.id);
    const earlier = (steps[n - 1] as AttributionStep).ids.has(ref.id) ? ref : await renamedFrom(ref, n, steps, objectsOf);
    const before = earlier ? (steps[n - 1] as AttributionStep).ids.get(earlier.id) : undefined;
    // Made and then altered by one revision (add, then SET DEFAULT): a changed property was set by the alteration.
    if (!earlier || before === undefined) return located('created', n, ref, steps, objectsOf, change.kind === 'changed');
    if (change.kind !== 'missing' && props(now) !== props(before)) return located('changed', n, ref, steps, objectsOf);
    ref = earlier;
  }
  return null;
}

/**
 * What the object was called before revision `n` renamed it or its table (`ALTER TABLE … RENAME`
 * reads as a drop of the old name and a create of the new one in one statement); null when `n`
 * renamed neither.
 */
async function renamedFrom(
  ref: Pick<ObjectRef, 'id' | 'schema' | 'table' | 'objectType' | 'name'>,
  n: number,
  steps: readonly AttributionStep[],
  objectsOf: (step: number) => Promise<readonly RevisionObject[] | null>,
): Promise<Pick<ObjectRef, 'id' | 'schema' | 'table' | 'objectType' | 'name'> | null> {
  const objects = (await objectsOf(n)) ?? [];
  const oldNameOf = (id: string): RevisionObject | undefined => {
    const created = objects.find((o) => o.ref.id === id);
    return created && renamesInto(objects, created)[0]?.former;
  };
  const existed = (id: string) => (steps[n - 1] as AttributionStep).ids.has(id);
  // A column renamed in a table the same revision renamed first is named with the new table.
  const former = oldNameOf(ref.id)?.ref ?? ref;
  if (former !== ref && existed(former.id)) return former;
  for (const relation of relationIds(former)) {
    const table = oldNameOf(relation);
    if (!table) continue;
    const id = objectIdentity(former.objectType, former.schema, table.ref.name, former.name).id;
    if (existed(id)) return { id, objectType: former.objectType, schema: former.schema, table: table.ref.name, name: former.name };
  }
  return null;
}

/** The named properties of an object, to compare only what a change says differs. */
function pick(o: object | undefined, keys: readonly string[]): Record<string, unknown> {
  const record = (o ?? {}) as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, record[k] ?? null]));
}

/** An object's own properties: a table without its columns (they are objects of their own). */
function own(o: object | undefined): string {
  if (o === undefined) return '';
  const { columns: _columns, ...rest } = o as { columns?: unknown };
  return stableStringify(rest);
}

async function located(
  action: Origin['action'],
  n: number,
  ref: Pick<ObjectRef, 'id' | 'schema' | 'table'>,
  steps: readonly AttributionStep[],
  objectsOf: (step: number) => Promise<readonly RevisionObject[] | null>,
  lastAlteration = false,
): Promise<Origin> {
  const revision = (steps[n] as AttributionStep).revision as { id: string; file: string };
  const objects = (await objectsOf(n)) ?? [];
  const wanted = action === 'dropped' ? ['drop'] : action === 'created' && !lastAlteration ? ['create', 'alter'] : ['alter', 'create'];
  const own = objects.find((o) => o.ref.id === ref.id);
  const step = own && (wanted.map((w) => [...own.steps].reverse().find((s) => s.action === w)).find((s) => s !== undefined) ?? own.steps.at(-1));
  if (step) return { action, revision: revision.id, file: step.file, line: step.line, with: null, pending: false };
  // A column or constraint written inside create_table: the table's own line.
  for (const relation of relationIds(ref)) {
    const table = objects.find((o) => o.ref.id === relation);
    const created = table?.steps.find((s) => s.action === (action === 'dropped' ? 'drop' : 'create')) ?? table?.steps[0];
    if (created) return { action, revision: revision.id, file: created.file, line: created.line, with: relation, pending: false };
  }
  return { action, revision: revision.id, file: revision.file, line: null, with: null, pending: false };
}
