import type { Snapshot } from './model/snapshot.js';
import type { Severity } from './compare/change.js';
import { compare } from './compare/compare.js';
import { applyPolicy } from './config/apply.js';
import type { ReportPolicy } from './config/rules.js';
import { buildReport, type Report } from './report/report.js';

/**
 * Compares an actual schema with the expected one and builds the report that every output
 * format renders: the single code path behind `check`, `diff` and `demo`. `policy` holds the
 * config file's `ignore` rules and `accept` entries.
 *
 * @example
 * const report = await check(await snapshot('db/schema.sql'), await snapshot(process.env.DATABASE_URL!));
 * if (report.status === 'drift') process.exitCode = 1;
 * @example
 * await check(expected, actual, 'warning', { ignore: [{ kind: 'extension' }], accept: [] });
 */
export async function check(expected: Snapshot, actual: Snapshot, failOn: Severity = 'warning', policy?: ReportPolicy): Promise<Report> {
  const diff = await compare(expected, actual);
  if (!policy) return buildReport(diff, expected.source, actual.source, failOn);
  const applied = applyPolicy(diff, expected, actual, policy);
  return buildReport(applied.diff, expected.source, actual.source, failOn, applied.outcome);
}
