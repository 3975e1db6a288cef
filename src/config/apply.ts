import type { Diff } from '../compare/change.js';
import type { Snapshot } from '../model/snapshot.js';
import type { PolicyOutcome } from '../report/report.js';
import { acceptChanges } from './accept.js';
import { ignoreChanges } from './ignore.js';
import { utcToday, type ReportPolicy } from './rules.js';

/**
 * A diff with the config's rules applied: ignored changes left out (counted), then accepted ones
 * set apart. Ignoring comes first, so an acceptance of an ignored change is stale.
 *
 * @example
 * const { diff: kept, outcome } = applyPolicy(diff, expected, actual, { ignore, accept });
 * buildReport(kept, expected.source, actual.source, 'warning', outcome);
 */
export function applyPolicy(diff: Diff, expected: Snapshot, actual: Snapshot, policy: ReportPolicy): { readonly diff: Diff; readonly outcome: PolicyOutcome } {
  const { changes, ignored } = ignoreChanges(diff.changes, expected, actual, policy.ignore);
  const accepted = acceptChanges(changes, policy.accept, policy.today ?? utcToday());
  return { diff: { changes: accepted.changes }, outcome: { ignored, accepted: accepted.accepted, notes: accepted.notes } };
}
