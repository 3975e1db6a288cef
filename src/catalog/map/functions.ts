import type { Routine } from '../../model/snapshot.js';
import { sortedStrings } from '../../model/canonical-order.js';
import type { MapContext } from './context.js';

export interface FunctionRow {
  readonly schema: string;
  readonly name: string;
  readonly kind: string;
  readonly identity_arguments: string;
  readonly arguments: string;
  readonly returns: string | null;
  readonly language: string;
  readonly body: string;
  readonly volatility: string;
  readonly strict: boolean;
  readonly security_definer: boolean;
  readonly leakproof: boolean;
  readonly parallel: string;
  readonly config: readonly string[];
  readonly owner: string;
  readonly comment: string | null;
}

export interface FunctionSqlBodyRow {
  readonly schema: string;
  readonly name: string;
  readonly identity_arguments: string;
  readonly body: string;
}

const KINDS: Readonly<Record<string, Routine['kind']>> = {
  f: 'function',
  p: 'procedure',
  a: 'aggregate',
  w: 'window',
};
const VOLATILITY: Readonly<Record<string, Routine['volatility']>> = { i: 'immutable', s: 'stable', v: 'volatile' };
const PARALLEL: Readonly<Record<string, Routine['parallel']>> = { s: 'safe', r: 'restricted', u: 'unsafe' };

export function routineKey(schema: string, name: string, identityArguments: string): string {
  return `${schema}\u0000${name}\u0000${identityArguments}`;
}

/**
 * @param sqlBodies SQL-standard bodies by `routineKey`; they replace the empty `prosrc`.
 * @example mapRoutine({ name: 'add', kind: 'f', identity_arguments: 'a integer, b integer', … }, new Map(), ctx)
 */
export function mapRoutine(row: FunctionRow, sqlBodies: ReadonlyMap<string, string>, ctx: MapContext): Routine {
  return {
    schema: row.schema,
    name: row.name,
    kind: KINDS[row.kind] ?? 'function',
    identityArguments: row.identity_arguments,
    arguments: row.arguments,
    returns: row.returns,
    language: row.language,
    body: sqlBodies.get(routineKey(row.schema, row.name, row.identity_arguments)) ?? row.body,
    volatility: VOLATILITY[row.volatility] ?? 'volatile',
    strict: row.strict,
    securityDefiner: row.security_definer,
    leakproof: row.leakproof,
    parallel: PARALLEL[row.parallel] ?? 'unsafe',
    config: sortedStrings(row.config),
    owner: ctx.owner(row.owner),
    comment: row.comment,
  };
}
