import type { Diagnosis } from '../diagnose/diagnosis.js';
import type { Remedy } from '../diagnose/remedy.js';
import type { DdlStatement } from '../ddl/statement.js';
import { jsonText } from './escape.js';

/**
 * The public JSON form of a diagnosis (`schemas/diagnose.schema.json`), in a fixed key order.
 * A remedy's plan is flattened into its statements and the changes it leaves to do by hand.
 */
export function diagnosisObject(d: Diagnosis): Record<string, unknown> {
  return {
    formatVersion: d.formatVersion,
    tool: d.tool,
    migrations: d.migrations,
    database: d.database,
    versionTable: d.versionTable,
    state: d.state,
    status: d.status,
    verdict: d.verdict,
    recorded: d.recorded,
    heads: d.heads,
    pending: d.pending,
    bestMatch: d.bestMatch,
    partial: d.partial,
    drift: d.drift,
    replayFailure: d.replayFailure,
    remedies: d.remedies.map(remedyObject),
    withheldRemedies: d.withheldRemedies,
    next: d.next,
  };
}

function remedyObject(r: Remedy): Record<string, unknown> {
  return {
    kind: r.kind,
    title: r.title,
    recommended: r.recommended,
    statements: r.plan.statements.map(statementObject),
    manual: r.plan.manual,
    versionTable: r.versionTable,
    notes: r.notes,
  };
}

function statementObject(s: DdlStatement): Record<string, unknown> {
  return { sql: s.sql, hazards: s.hazards, transactional: s.transactional, changeIds: s.changeIds, ...(s.note !== undefined ? { note: s.note } : {}) };
}

/**
 * `pgdrift diagnose --format json`.
 *
 * @example renderDiagnosisJson(diagnosis) // '{\n  "formatVersion": 1,\n  "tool": "alembic", …'
 */
export function renderDiagnosisJson(d: Diagnosis): string {
  return `${jsonText(diagnosisObject(d))}\n`;
}
