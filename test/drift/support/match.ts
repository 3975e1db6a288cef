import type { Change } from '../../../src/compare/change.js';
import type { ExpectedChange } from './case.js';

/** The part of a change a failing test prints. */
export interface ReportedChange {
  readonly id: string;
  readonly kind: string;
  readonly objectType: string;
  readonly changed?: readonly string[];
  readonly message: string;
}

export interface MatchResult {
  /** Expected changes the report lacks. */
  readonly notReported: readonly ExpectedChange[];
  /** Reported changes nobody expected. */
  readonly extra: readonly ReportedChange[];
}

function fits(e: ExpectedChange, c: Change): boolean {
  if (e.kind !== c.kind || e.objectType !== c.objectType) return false;
  if (e.idContains !== undefined && !c.id.includes(e.idContains)) return false;
  if (e.props !== undefined) {
    const changed = Object.keys(c.expected ?? {});
    if (c.kind !== 'changed' || !e.props.every((p) => changed.includes(p))) return false;
  }
  return true;
}

export function summarise(c: Change): ReportedChange {
  return {
    id: c.id,
    kind: c.kind,
    objectType: c.objectType,
    ...(c.kind === 'changed' ? { changed: Object.keys(c.expected ?? {}) } : {}),
    message: c.message,
  };
}

/**
 * Pairs expected with reported changes one to one (most specific expectation first, so a vague
 * one never takes the change a precise one needs).
 */
export function matchChanges(expected: readonly ExpectedChange[], reported: readonly Change[]): MatchResult {
  const specificity = (e: ExpectedChange): number => (e.idContains?.length ?? 0) + (e.props?.length ?? 0) * 100;
  const order = [...expected].sort((a, b) => specificity(b) - specificity(a));
  const left = [...reported];
  const notReported: ExpectedChange[] = [];
  for (const e of order) {
    const i = left.findIndex((c) => fits(e, c));
    if (i < 0) notReported.push(e);
    else left.splice(i, 1);
  }
  return { notReported, extra: left.map(summarise) };
}
