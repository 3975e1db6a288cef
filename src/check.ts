import type { Snapshot } from './model/snapshot.js';
import type { Severity } from './compare/change.js';
import { compare } from './compare/compare.js';
import { buildReport, type Report } from './report/report.js';

/**
 * Compares an actual schema with the expected one and builds the report that every output
 * format renders: the single code path behind `check`, `diff` and `demo`.
 *
 * @example
 * const report = await check(await snapshot('db/schema.sql'), await snapshot(process.env.DATABASE_URL!));
 * if (report.status === 'drift') process.exitCode = 1;
 */
export async function check(expected: Snapshot, actual: Snapshot, failOn: Severity = 'warning'): Promise<Report> {
  const diff = await compare(expected, actual);
  return buildReport(diff, expected.source, actual.source, failOn);
}
