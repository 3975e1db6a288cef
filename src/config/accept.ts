import type { Change } from '../compare/change.js';
import type { AcceptanceNote, AcceptedChange } from '../report/report.js';
import type { Acceptance } from './rules.js';

/** What `acceptChanges` let pass, what still counts, and the acceptances worth a note. */
export interface AcceptOutcome {
  readonly changes: readonly Change[];
  readonly accepted: readonly AcceptedChange[];
  readonly notes: readonly AcceptanceNote[];
}

/**
 * Sets apart the changes an acceptance names by id, while `today` is not past its `until`
 * (inclusive). A past `until` leaves the change counting, with an `expired` note; an acceptance
 * no change has the id of gets a `stale` note. Ids are matched exactly.
 *
 * @example
 * acceptChanges(changes, [{ id: 'column:public.account.plan', reason: 'backfill running', until: '2026-03-01' }], '2026-02-10')
 * // { changes: [...the others], accepted: [{ change, reason: 'backfill running', until: '2026-03-01' }], notes: [] }
 */
export function acceptChanges(changes: readonly Change[], acceptances: readonly Acceptance[], today: string): AcceptOutcome {
  if (acceptances.length === 0) return { changes, accepted: [], notes: [] };
  const byId = new Map(acceptances.map((a) => [a.id, a]));
  const kept: Change[] = [];
  const accepted: AcceptedChange[] = [];
  const notes: AcceptanceNote[] = [];
  const seen = new Set<string>();
  for (const change of changes) {
    const a = byId.get(change.id);
    if (a === undefined) {
      kept.push(change);
      continue;
    }
    seen.add(a.id);
    // `YYYY-MM-DD` strings order as the dates do.
    if (a.until !== null && today > a.until) {
      kept.push(change);
      notes.push({ id: a.id, state: 'expired', reason: a.reason, until: a.until });
    } else accepted.push({ change, reason: a.reason, until: a.until });
  }
  for (const a of acceptances) if (!seen.has(a.id)) notes.push({ id: a.id, state: 'stale', reason: a.reason, until: a.until });
  return { changes: kept, accepted, notes };
}
