import type { ChangeKind } from '../../../src/compare/change.js';
import type { Change } from '../../../src/compare/change.js';
import type { ObjectType } from '../../../src/model/snapshot.js';

/**
 * SQL of one side of a case: one string (run as one implicit transaction) or several, each run
 * on its own (what VACUUM, ALTER TYPE … ADD VALUE or CREATE INDEX CONCURRENTLY need).
 *
 * Placeholders: `{s}` the case's own schema (also the search_path while the SQL runs), `{r1}`,
 * `{r2}`, `{r3}` roles created for the corpus.
 */
export type Sql = string | readonly string[];

/** One change the report must contain. */
export interface ExpectedChange {
  readonly kind: ChangeKind;
  readonly objectType: ObjectType;
  /** The change id must contain this (placeholders expanded), e.g. `column:{s}.t.a`. */
  readonly idContains?: string;
  /** For `changed`: properties that must be among the differing ones, e.g. `['type']`. */
  readonly props?: readonly string[];
}

interface CaseCommon {
  readonly name: string;
  /** `server_version_num` the case needs (e.g. 150000 for NULLS NOT DISTINCT); skipped below. */
  readonly minVersion?: number;
  /**
   * Set only when pgdrift is known to be wrong on this case: the test is `test.failing`, so it
   * reminds us when the product is fixed. Say what pgdrift does wrong.
   */
  readonly knownBug?: string;
  /**
   * Changes without the case's schema in them (extensions) that belong to this case. Changes
   * whose schema is `{s}` or `{s}_…` belong to it anyway.
   */
  readonly claims?: (change: Change) => boolean;
}

/** A schema change: `base` on both databases, then `change` on the actual one only. */
export interface DriftCase extends CaseCommon {
  readonly base: Sql;
  readonly change: Sql;
  /** Every change the report must hold for this case, and nothing else. */
  readonly expect: readonly ExpectedChange[];
}

/** Two ways to the same schema: the report must be empty. */
export interface SilentCase extends CaseCommon {
  /** SQL of the expected database. */
  readonly expected: Sql;
  /** SQL of the actual database. */
  readonly actual: Sql;
}

/** What the harness runs: SQL per side, and the expected changes (none for a silent case). */
export interface PreparedCase {
  readonly name: string;
  readonly schema: string;
  readonly expectedSide: readonly string[];
  readonly actualSide: readonly string[];
  readonly expect: readonly ExpectedChange[];
  readonly minVersion?: number;
  readonly knownBug?: string;
  readonly claims?: (change: Change) => boolean;
}

export interface Placeholders {
  readonly s: string;
  readonly r1: string;
  readonly r2: string;
  readonly r3: string;
}

export function expand(text: string, p: Placeholders): string {
  return text.replace(/\{(s|r1|r2|r3)\}/g, (_m, k: keyof Placeholders) => p[k]);
}

export function statements(sql: Sql, p: Placeholders): string[] {
  return (typeof sql === 'string' ? [sql] : [...sql]).map((s) => expand(s, p)).filter((s) => s.trim() !== '');
}

function common(c: CaseCommon, schema: string): Pick<PreparedCase, 'name' | 'schema' | 'minVersion' | 'knownBug' | 'claims'> {
  return {
    name: c.name,
    schema,
    ...(c.minVersion !== undefined ? { minVersion: c.minVersion } : {}),
    ...(c.knownBug !== undefined ? { knownBug: c.knownBug } : {}),
    ...(c.claims !== undefined ? { claims: c.claims } : {}),
  };
}

export function prepareDrift(c: DriftCase, schema: string, p: Placeholders): PreparedCase {
  const base = statements(c.base, p);
  return {
    ...common(c, schema),
    expectedSide: base,
    actualSide: [...base, ...statements(c.change, p)],
    expect: c.expect.map((e) => ({ ...e, ...(e.idContains !== undefined ? { idContains: expand(e.idContains, p) } : {}) })),
  };
}

export function prepareSilent(c: SilentCase, schema: string, p: Placeholders): PreparedCase {
  return { ...common(c, schema), expectedSide: statements(c.expected, p), actualSide: statements(c.actual, p), expect: [] };
}
