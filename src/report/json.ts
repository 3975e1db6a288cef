import type { Change } from '../compare/change.js';
import type { Report } from './report.js';
import { jsonText } from './escape.js';

/**
 * The report as JSON (`schemas/report.schema.json`), 2-space indent, trailing newline.
 *
 * @example
 * process.stdout.write(renderJson(report)); // {"formatVersion": 1, "status": "drift", …}
 */
export function renderJson(report: Report): string {
  return `${jsonText(reportObject(report))}\n`;
}

/** The report as the plain object `renderJson` prints, for formats that embed it (the fleet report). */
export function reportObject(report: Report): Record<string, unknown> {
  // Fixed key order: the public format reads top-down as verdict, sides, counts, details.
  return {
    formatVersion: report.formatVersion,
    status: report.status,
    failOn: report.failOn,
    expected: { kind: report.expected.kind, description: report.expected.description },
    actual: { kind: report.actual.kind, description: report.actual.description },
    summary: {
      total: report.summary.total,
      error: report.summary.error,
      warning: report.summary.warning,
      info: report.summary.info,
      missing: report.summary.missing,
      unexpected: report.summary.unexpected,
      changed: report.summary.changed,
      findings: report.summary.findings,
      ignored: report.summary.ignored,
      accepted: report.summary.accepted,
    },
    changes: report.changes.map(changeObject),
    accepted: report.accepted.map((a) => ({ ...changeObject(a.change), acceptance: { reason: a.reason, until: a.until } })),
    acceptanceNotes: report.acceptanceNotes.map((n) => ({ id: n.id, state: n.state, reason: n.reason, until: n.until })),
  };
}

/** One change in the public form, in a fixed key order. */
function changeObject(c: Change): Record<string, unknown> {
  return {
    id: c.id,
    kind: c.kind,
    objectType: c.objectType,
    schema: c.schema,
    table: c.table,
    name: c.name,
    severity: c.severity,
    expected: c.expected,
    actual: c.actual,
    message: c.message,
    ...(c.renameHint ? { renameHint: c.renameHint } : {}),
    ...(c.pairedWith ? { pairedWith: c.pairedWith } : {}),
  };
}
