import type { Column, DomainCheck, Index, ObjectType } from '../model/snapshot.js';
import type { Severity } from './change.js';
import { canonicalFragment } from './postgres/canonical.js';

/**
 * How much each difference matters, in one table a reviewer can read.
 *
 * - error:   the application can fail, or data integrity or access control is not what the code
 *            relies on: something it needs is missing, or something present changes what its
 *            reads and writes do (a type, a constraint, a trigger, a policy).
 * - warning: drift to reconcile, but nothing the code relies on is missing or behaves
 *            differently: a hotfix column, an extra index, owners and grants, storage settings.
 * - info:    cosmetic or strictly better than declared: comments, a constraint validated
 *            although declared NOT VALID.
 *
 * A `changed` object takes the highest severity among its differing properties.
 */

/** Expected, absent. Everything the code declares is something it relies on. */
export const MISSING: Readonly<Record<ObjectType, Severity>> = {
  schema: 'error',
  extension: 'error', // its functions, types and operators are missing with it
  table: 'error',
  column: 'error',
  constraint: 'error', // integrity the code relies on is not enforced
  index: 'error', // the other half of a failed CREATE INDEX CONCURRENTLY: queries fall back to scans
  sequence: 'error', // nextval() fails
  view: 'error',
  'materialized view': 'error',
  function: 'error',
  procedure: 'error',
  trigger: 'error', // whatever it maintains silently stops
  enum: 'error',
  domain: 'error',
  'composite type': 'error',
  policy: 'error', // row level security no longer filters what it should
  grant: 'warning', // owners and grants are deployment concerns; see --fail-on
};

/** Present, not expected. Extra objects rarely break the code… */
export const UNEXPECTED: Readonly<Record<ObjectType, Severity>> = {
  schema: 'warning',
  extension: 'warning',
  table: 'warning',
  column: 'warning', // a hotfix column is drift, but nothing breaks (see unexpectedSeverity for NOT NULL)
  constraint: 'error', // …except what rejects or rewrites the application's writes
  index: 'warning', // non-unique; a unique one rejects writes (see unexpectedSeverity)
  sequence: 'warning',
  view: 'warning',
  'materialized view': 'warning',
  function: 'warning',
  procedure: 'warning',
  trigger: 'error', // runs on the application's writes and may change or reject them
  enum: 'warning',
  domain: 'warning',
  'composite type': 'warning',
  policy: 'error', // changes which rows the application sees or may write
  grant: 'warning',
};

/** Present on both sides, a property differs. Properties not listed are `error`. */
export const CHANGED: Readonly<Partial<Record<ObjectType, Readonly<Record<string, Severity>>>>> = {
  schema: { owner: 'warning', comment: 'info' },
  extension: { version: 'warning', schema: 'warning' },
  table: {
    // kind, persistence (UNLOGGED loses data on a crash), partitioning, RLS, inherits (SELECT
    // from a parent returns its children's rows): error
    options: 'warning', // storage parameters tune, they do not change results
    owner: 'warning',
    comment: 'info',
  },
  column: {
    // type, notNull, identity (see changedSeverity), generated: error
    collation: 'warning',
    default: 'warning', // see changedSeverity: error when a NOT NULL column loses it
    comment: 'info',
  },
  constraint: {
    // definition, type, columns, references, deferrability: error
    validated: 'warning', // see changedSeverity
    comment: 'info',
  },
  index: {
    // definition and what it derives (method, unique, keys, include, predicate): error
    valid: 'error', // see changedSeverity
    constraint: 'warning', // the missing or unexpected constraint is reported on its own
    options: 'warning',
    comment: 'info',
  },
  sequence: {
    type: 'warning',
    start: 'info', // only matters at creation or RESTART
    increment: 'warning',
    min: 'warning',
    max: 'warning',
    cache: 'info',
    cycle: 'warning',
    ownedBy: 'warning',
    owner: 'warning',
    comment: 'info',
  },
  view: { options: 'warning', owner: 'warning', comment: 'info', columnComments: 'info' },
  'materialized view': { options: 'warning', owner: 'warning', comment: 'info', columnComments: 'info' },
  function: {
    // kind, arguments, returns, language, body, strict, securityDefiner: error
    volatility: 'warning',
    leakproof: 'warning',
    parallel: 'warning',
    config: 'warning',
    owner: 'warning',
    comment: 'info',
  },
  procedure: {
    volatility: 'warning',
    leakproof: 'warning',
    parallel: 'warning',
    config: 'warning',
    owner: 'warning',
    comment: 'info',
  },
  trigger: { enabled: 'warning', comment: 'info' }, // see changedSeverity: disabled is error
  enum: { labels: 'warning', owner: 'warning', comment: 'info' }, // see changedSeverity
  domain: { collation: 'warning', default: 'warning', checks: 'error', owner: 'warning', comment: 'info' },
  'composite type': { owner: 'warning', comment: 'info' },
  policy: { comment: 'info' },
  grant: { grantable: 'warning' },
};

/**
 * @example
 * missingSeverity('grant') // 'warning'
 */
export function missingSeverity(objectType: ObjectType): Severity {
  return MISSING[objectType];
}

/**
 * @example
 * unexpectedSeverity('column', { name: 'x', type: 'integer', notNull: true, default: null, identity: null, generated: null, generatedStorage: null, collation: null, comment: null }) // 'error'
 */
export function unexpectedSeverity(objectType: ObjectType, object: unknown): Severity {
  // A NOT NULL column with nothing to fill it makes every INSERT that does not name it fail.
  if (objectType === 'column') {
    const c = object as Column;
    if (c.notNull && c.default === null && c.identity === null && c.generated === null) return 'error';
  }
  // A unique index rejects rows the application considers valid.
  if (objectType === 'index' && (object as Index).unique) return 'error';
  return UNEXPECTED[objectType];
}

/**
 * Severity of one differing property, given both values and the actual object.
 *
 * @example
 * changedSeverity('index', 'valid', true, false, actualIndex) // 'error'
 * changedSeverity('column', 'comment', 'a', 'b', actualColumn) // 'info'
 */
export function changedSeverity(objectType: ObjectType, property: string, expected: unknown, actual: unknown, actualObject: unknown): Severity {
  switch (`${objectType}.${property}`) {
    case 'column.default': {
      // Losing the default of a NOT NULL column breaks the INSERTs that relied on it.
      const c = actualObject as Column;
      return expected !== null && actual === null && c.notNull && c.identity === null ? 'error' : 'warning';
    }
    case 'column.identity': {
      // Same generation, different sequence options: numbering differs, inserts still work.
      const e = expected as Column['identity'];
      const a = actual as Column['identity'];
      return e !== null && a !== null && e.generation === a.generation ? 'warning' : 'error';
    }
    case 'constraint.validated':
      // Declared valid, found NOT VALID: existing rows are unchecked. The reverse is better than declared.
      return expected === true && actual === false ? 'warning' : 'info';
    case 'index.valid':
      // INVALID indexes are maintained on every write but never used by queries.
      return actual === false ? 'error' : 'info';
    case 'trigger.enabled':
      return actual === 'disabled' ? 'error' : 'warning';
    case 'enum.labels': {
      // A label the code writes is not accepted; extra labels or another order only affect sorting.
      const have = new Set(actual as readonly string[]);
      return (expected as readonly string[]).some((l) => !have.has(l)) ? 'error' : 'warning';
    }
    case 'domain.checks': {
      const byName = new Map((actual as readonly DomainCheck[]).map((c) => [c.name, c]));
      const e = expected as readonly DomainCheck[];
      const onlyValidation = e.length === byName.size && e.every((c) => byName.has(c.name));
      const sameDefinition = (c: DomainCheck): boolean => {
        const other = byName.get(c.name);
        return other !== undefined && canonicalFragment('constraint', other.definition) === canonicalFragment('constraint', c.definition);
      };
      if (!onlyValidation || !e.every(sameDefinition)) return 'error';
      // Only comments differ: cosmetic.
      if (e.every((c) => byName.get(c.name)?.validated === c.validated)) return 'info';
      // The validation state differs: values already stored are unchecked, new ones are.
      return 'warning';
    }
  }
  return CHANGED[objectType]?.[property] ?? 'error';
}

const RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** The higher of severities (error > warning > info). */
export function highest(severities: readonly Severity[]): Severity {
  return severities.reduce<Severity>((a, b) => (RANK[b] < RANK[a] ? b : a), 'info');
}
