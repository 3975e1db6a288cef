import type { MigrationStatus } from '../migrations/status.js';
import type { MigrationCheck } from '../migrations/check-migrations.js';
import { reportObject } from './json.js';
import { jsonText } from './escape.js';

/** The public JSON form of a status (`schemas/status.schema.json`), in a fixed key order. */
export function statusObject(status: MigrationStatus): Record<string, unknown> {
  return {
    formatVersion: 1,
    tool: status.tool,
    migrations: status.migrations,
    database: status.database,
    versionTable: status.versionTable,
    state: status.state,
    current: status.current,
    heads: status.heads,
    pending: status.pending,
    applied: status.applied,
    problems: status.problems.map((p) => ({ state: p.state, message: p.message, revisions: p.revisions })),
    next: status.next,
  };
}

/**
 * `pgdrift status --format json`.
 *
 * @example renderStatusJson(status) // '{\n  "formatVersion": 1,\n  "tool": "alembic",\n  "state": "behind", …'
 */
export function renderStatusJson(status: MigrationStatus): string {
  return `${jsonText(statusObject(status))}\n`;
}

/**
 * `pgdrift check --migrations --format json`: the verdict, the migration status, the state
 * findings with their severities, and the schema report (`schemas/report.schema.json`) at the
 * recorded revision. Described by `definitions.check` in `schemas/status.schema.json`.
 */
export function renderMigrationCheckJson(result: MigrationCheck): string {
  return `${jsonText(migrationCheckObject(result))}\n`;
}

/** The object `renderMigrationCheckJson` prints, for formats that embed it (the fleet report). */
export function migrationCheckObject(result: MigrationCheck): Record<string, unknown> {
  return {
    formatVersion: result.formatVersion,
    status: result.status,
    failOn: result.failOn,
    requireHead: result.requireHead,
    migrations: statusObject(result.migrations),
    findings: result.findings.map((f) => ({ state: f.state, severity: f.severity, message: f.message, revisions: f.revisions })),
    expected: result.expected,
    schema: result.schema ? reportObject(result.schema) : null,
    schemaSkipped: result.schemaSkipped,
  };
}
