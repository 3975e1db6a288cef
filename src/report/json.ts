import type { Report } from './report.js';
import { jsonText } from './escape.js';

/**
 * The report as JSON (`schemas/report.schema.json`), 2-space indent, trailing newline.
 *
 * @example
 * process.stdout.write(renderJson(report)); // {"formatVersion": 1, "status": "drift", …}
 */
export function renderJson(report: Report): string {
  // Fixed key order: the public format reads top-down as verdict, sides, counts, details.
  const ordered = {
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
    },
    changes: report.changes.map((c) => ({
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
    })),
  };
  return `${jsonText(ordered)}\n`;
}
