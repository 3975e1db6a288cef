/**
 * Drift corpus cases whose DDL round trip cannot come back empty, each with the reason. The
 * round-trip test of a listed case checks that the plan says so itself (a `manual` item
 * matching `manual`), so an entry that stops being true fails and must be removed.
 */

export type Direction = 'A→B' | 'B→A';

export interface NotRoundTrippable {
  /** The corpus (`test/drift/cases/<corpus>.ts`) and the case name. */
  readonly corpus: string;
  readonly case: string;
  /** A→B applies the case's change; B→A undoes it. */
  readonly direction: Direction;
  readonly reason: string;
  /** What the plan's manual item says. */
  readonly manual: RegExp;
}

export const NOT_ROUND_TRIPPABLE: readonly NotRoundTrippable[] = [
  {
    corpus: 'indexes',
    case: 'INVALID index (failed CREATE INDEX CONCURRENTLY)',
    direction: 'A→B',
    reason: 'no DDL makes an index INVALID on purpose (the case does it by updating pg_index)',
    manual: /INVALID on the target side/,
  },
  {
    corpus: 'routines',
    case: 'aggregate added',
    direction: 'A→B',
    reason: "an aggregate's definition (state function, state type) is not in the snapshot model",
    manual: /aggregate .*agg_sum\(integer\)/,
  },
];

/**
 * @example
 * exceptionFor('routines', 'aggregate added', 'A→B')?.reason // "an aggregate's definition …"
 */
export function exceptionFor(corpus: string, name: string, direction: Direction): NotRoundTrippable | undefined {
  return NOT_ROUND_TRIPPABLE.find((e) => e.corpus === corpus && e.case === name && e.direction === direction);
}
