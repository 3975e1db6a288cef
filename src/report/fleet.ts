import type { FleetEntry, FleetResult, FleetVerdict } from '../fleet/fleet.js';
import { painter, type Painter, type Style } from './color.js';
import { escapeControls, jsonText } from './escape.js';
import { reportObject } from './json.js';
import { escapeMarkdown } from './markdown.js';
import { migrationCheckObject } from './status-json.js';

/*
 * A fleet check's report: one table (database, tenant schema, verdict, count of changes), then
 * what each database that is not `ok` has. Database URLs (passwords redacted) and schema names
 * come from others — a list file, a command's output, a catalog — and are shown with their
 * control characters escaped, in Markdown also with the characters Markdown obeys.
 */

const STYLE: Readonly<Record<FleetVerdict, Style>> = { ok: 'green', drift: 'red', error: 'yellow', unreachable: 'yellow' };

/** `3 databases, 5 schemas: 4 ok, 1 drift` — the counts of a fleet result. */
export function fleetCounts(result: FleetResult): string {
  const targets = new Set(result.entries.map((e) => e.target)).size;
  const schemas = result.entries.filter((e) => e.schema !== null).length;
  const by = (v: FleetVerdict) => result.entries.filter((e) => e.verdict === v).length;
  const parts = (['ok', 'drift', 'error', 'unreachable'] as const).filter((v) => v === 'ok' || by(v) > 0).map((v) => `${by(v)} ${v}`);
  return `${targets} ${targets === 1 ? 'database' : 'databases'}${schemas > 0 ? `, ${schemas} ${schemas === 1 ? 'schema' : 'schemas'}` : ''}: ${parts.join(', ')}`;
}

/** The messages of one entry's findings, for the text and Markdown details. */
function findingMessages(e: FleetEntry): string[] {
  if (e.error !== null) return [e.error];
  const out: string[] = [];
  if (e.migrationCheck) {
    for (const f of e.migrationCheck.findings) out.push(`${f.severity}: ${f.message}`);
    if (e.migrationCheck.schemaSkipped) out.push(`schema not compared: ${e.migrationCheck.schemaSkipped}`);
  }
  const report = e.report ?? e.migrationCheck?.schema ?? null;
  for (const c of report?.changes ?? []) out.push(`${c.severity}: ${c.message}`);
  return out;
}

const name = (e: FleetEntry): string => (e.schema === null ? e.target : `${e.target} schema ${e.schema}`);

/**
 * The table for a terminal, then the findings of each entry that is not `ok`.
 *
 * @example
 * // DATABASE                                   SCHEMA    VERDICT  CHANGES
 * // postgres://app:***@db1:5432/app            tenant_a  ok             0
 * // postgres://app:***@db1:5432/app            tenant_b  drift          1
 */
export function renderFleetText(result: FleetResult, options: { readonly color: boolean }): string {
  const paint = painter(options.color);
  return paint.lines(fleetLines(result, paint));
}

function fleetLines(result: FleetResult, paint: Painter): string[] {
  const tenants = result.entries.some((e) => e.schema !== null);
  const rows = result.entries.map((e) => ({
    cells: [escapeControls(e.target), ...(tenants ? [escapeControls(e.schema ?? '-')] : []), e.verdict, e.changes === null ? '-' : String(e.changes)],
    verdict: e.verdict,
  }));
  const head = ['DATABASE', ...(tenants ? ['SCHEMA'] : []), 'VERDICT', 'CHANGES'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r.cells[i] as string).length)));
  const verdictAt = head.indexOf('VERDICT');
  const line = (cells: readonly string[], style?: Style): string =>
    cells
      .map((c, i) => {
        const padded = i === cells.length - 1 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number);
        return i === verdictAt && style ? paint(style, padded) : padded;
      })
      .join('  ');
  const worst = result.exitCode;
  const verdict =
    worst === 0
      ? paint('green', paint('bold', '✓ no drift'))
      : worst === 1
        ? paint('red', paint('bold', '✗ drift'))
        : paint('yellow', paint('bold', worst === 3 ? '✗ not every database could be checked' : '✗ not every target could be checked'));
  const lines = [`${verdict}: ${fleetCounts(result)} — expected ${escapeControls(result.expected)}`, '', paint('bold', line(head)), ...rows.map((r) => line(r.cells, STYLE[r.verdict]))];
  for (const e of result.entries) {
    if (e.verdict === 'ok') continue;
    lines.push('', paint('bold', `${e.verdict}: ${name(e)}`));
    for (const m of findingMessages(e)) lines.push(`  ${m}`);
  }
  return lines;
}

/** The same for a pull-request comment: a table, then the findings of each entry that is not `ok`. */
export function renderFleetMarkdown(result: FleetResult): string {
  const tenants = result.entries.some((e) => e.schema !== null);
  const mark = result.exitCode === 0 ? '✅ no drift' : result.exitCode === 1 ? '❌ drift' : '⚠️ not every target could be checked';
  const lines = [
    `### pgdrift: ${mark}`,
    '',
    `${escapeMarkdown(fleetCounts(result))}; expected ${escapeMarkdown(result.expected)}`,
    '',
    `| database |${tenants ? ' schema |' : ''} verdict | changes |`,
    `| --- |${tenants ? ' --- |' : ''} --- | ---: |`,
    ...result.entries.map((e) => `| ${escapeMarkdown(e.target)} |${tenants ? ` ${escapeMarkdown(e.schema ?? '-')} |` : ''} ${e.verdict} | ${e.changes ?? '-'} |`),
  ];
  for (const e of result.entries) {
    if (e.verdict === 'ok') continue;
    lines.push('', `#### ${e.verdict}: ${escapeMarkdown(name(e))}`, '');
    for (const m of findingMessages(e).slice(0, 200)) lines.push(`- ${escapeMarkdown(m)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The fleet report as JSON, described by `schemas/fleet.schema.json`: the verdict and exit
 * code, counts, and per entry its verdict and the full report `check` would print for it
 * (`schemas/report.schema.json`; with `--migrations` the `check --migrations` object of
 * `schemas/status.schema.json`).
 */
export function renderFleetJson(result: FleetResult): string {
  const by = (v: FleetVerdict) => result.entries.filter((e) => e.verdict === v).length;
  return `${jsonText({
    formatVersion: result.formatVersion,
    kind: 'fleet',
    status: result.exitCode === 0 ? 'ok' : result.exitCode === 1 ? 'drift' : 'incomplete',
    exitCode: result.exitCode,
    failOn: result.failOn,
    expected: result.expected,
    summary: {
      databases: new Set(result.entries.map((e) => e.target)).size,
      entries: result.entries.length,
      ok: by('ok'),
      drift: by('drift'),
      error: by('error'),
      unreachable: by('unreachable'),
    },
    entries: result.entries.map((e) => ({
      target: e.target,
      schema: e.schema,
      verdict: e.verdict,
      exitCode: e.exitCode,
      changes: e.changes,
      error: e.error,
      report: e.report ? reportObject(e.report) : null,
      migrationCheck: e.migrationCheck ? migrationCheckObject(e.migrationCheck) : null,
    })),
  })}\n`;
}
