import type { ObjectType } from '../model/snapshot.js';

/** How much a difference matters; `--fail-on` picks the lowest one that fails a check. */
export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** `missing`: expected, absent · `unexpected`: present, not expected · `changed`: present, different. */
export type ChangeKind = 'missing' | 'unexpected' | 'changed';

/**
 * One difference between the expected and the actual schema. Part of the public JSON
 * format (`schemas/report.schema.json`).
 *
 * @example
 * { id: 'column:public.user.email', kind: 'changed', objectType: 'column', schema: 'public',
 *   table: 'user', name: 'email', severity: 'error', expected: { type: 'text' },
 *   actual: { type: 'character varying' },
 *   message: 'column public.user.email: type text expected, character varying found' }
 */
export interface Change {
  /** `objectType:identity`, stable across runs, e.g. `index:public.orders.orders_user_id_idx`. */
  readonly id: string;
  readonly kind: ChangeKind;
  readonly objectType: ObjectType;
  readonly schema: string | null;
  /** The table (or view) the object belongs to, for columns, constraints, indexes, triggers, policies. */
  readonly table: string | null;
  readonly name: string;
  readonly severity: Severity;
  /** For `changed`: the differing properties only; for `missing`: the whole expected object. */
  readonly expected: Readonly<Record<string, unknown>> | null;
  /** For `changed`: the differing properties only; for `unexpected`: the whole actual object. */
  readonly actual: Readonly<Record<string, unknown>> | null;
  /** One line, complete on its own. */
  readonly message: string;
  /**
   * Only on a `missing` and an `unexpected` change that look like one object renamed (same kind,
   * same table or schema, same definition apart from the name): the old and the new name.
   * Both changes stay in the diff; the message says `(looks like a rename of from to to)`.
   */
  readonly renameHint?: { readonly from: string; readonly to: string };
  /**
   * The id of the other change of a pair that is one difference: a rename (with `renameHint`),
   * or one uniqueness enforced two ways (a unique constraint expected, a unique index on the
   * same columns found). The report counts such a pair as one finding.
   */
  readonly pairedWith?: string;
}

/** The result of comparing two snapshots. */
export interface Diff {
  readonly changes: readonly Change[];
}

/** True when `severity` is at or above `threshold` (error > warning > info). */
export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}
