import { atOrAbove, type Severity } from '../compare/change.js';
import type { LintFinding, LintResult } from '../lint/finding.js';
import { placeOf, summaryOf, type CiPlaces } from './ci-findings.js';
import type { CiFinding, CiResult } from './ci-result.js';
import { painter } from './color.js';
import { jsonText } from './escape.js';
import { code, escapeMarkdown } from './markdown.js';

/** Findings that count for the exit code: at or above `failOn`, and not accepted by a `pgdrift: allow` comment. */
export function failingFindings(result: LintResult, failOn: Severity): LintFinding[] {
  return result.findings.filter((f) => !f.allowed && atOrAbove(f.severity, failOn));
}

const counted = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** `✗ 2 errors, 1 warning, 0 info in 1 revision of db/migrations (alembic)`. */
export function lintVerdict(result: LintResult, failOn: Severity): string {
  const open = result.findings.filter((f) => !f.allowed);
  const n = (s: Severity) => open.filter((f) => f.severity === s).length;
  const allowed = result.findings.length - open.length;
  const fail = failingFindings(result, failOn).length > 0;
  const what = result.revisions.length === 0 ? 'no revision to lint' : `${counted(result.revisions.length, 'revision')} of ${result.migrations} (${result.tool})`;
  return `${fail ? 'lint failed' : 'lint passed'} at or above ${failOn}: ${counted(n('error'), 'error')}, ${counted(n('warning'), 'warning')}, ${n('info')} info${allowed > 0 ? `, ${allowed} allowed` : ''} — ${what}`;
}

const where = (f: LintFinding): string => `${f.file}${f.line !== null ? `:${f.line}` : ''}`;
const MARK: Readonly<Record<Severity, string>> = { error: '✗', warning: '⚠', info: 'ℹ' };

/**
 * `pgdrift lint` as text: the verdict, then each finding as `file:line  severity  rule  message`
 * with its fix under it. Every name from a migration or catalog goes through the painter, which
 * escapes control characters.
 */
export function renderLintText(result: LintResult, options: { readonly failOn: Severity; readonly color: boolean }): string {
  const paint = painter(options.color);
  const fail = failingFindings(result, options.failOn).length > 0;
  const lines = [`${fail ? paint('red', '✗') : paint('green', '✓')} ${lintVerdict(result, options.failOn)}`];
  if (result.database) lines.push(`  table sizes from ${result.database}`);
  for (const f of result.findings) {
    const style = f.allowed ? 'dim' : f.severity === 'error' ? 'red' : f.severity === 'warning' ? 'yellow' : 'cyan';
    const mark = f.allowed ? '·' : MARK[f.severity];
    lines.push(`  ${paint(style as 'red', `${mark} ${f.allowed ? 'allowed' : f.severity}`)}  ${where(f)}  ${f.rule}  ${f.message}`);
    if (f.allowed) lines.push(`      allowed at line ${f.allowed.line}: ${f.allowed.reason}`);
    else lines.push(`      fix: ${f.fix}`);
  }
  return paint.lines(lines);
}

/** The public JSON form (`schemas/lint.schema.json`). */
export function lintObject(result: LintResult, failOn: Severity): Record<string, unknown> {
  return {
    formatVersion: 1,
    tool: result.tool,
    migrations: result.migrations,
    database: result.database,
    failOn,
    status: failingFindings(result, failOn).length > 0 ? 'fail' : 'pass',
    revisions: result.revisions,
    findings: result.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      revision: f.revision,
      file: f.file,
      line: f.line,
      message: f.message,
      fix: f.fix,
      lock: f.lock ?? null,
      rewrites: f.rewrites ?? false,
      scans: f.scans ?? false,
      table: f.table ? { schema: f.table.schema, name: f.table.name, rows: f.table.rows ?? null, bytes: f.table.bytes ?? null } : null,
      allowed: f.allowed ? { line: f.allowed.line, reason: f.allowed.reason } : null,
    })),
  };
}

export function renderLintJson(result: LintResult, failOn: Severity): string {
  return `${jsonText(lintObject(result, failOn))}\n`;
}

/** A pull-request comment: the verdict and a table of findings. */
export function renderLintMarkdown(result: LintResult, failOn: Severity): string {
  const fail = failingFindings(result, failOn).length > 0;
  const lines = [`## ${fail ? '✗' : '✓'} pgdrift lint`, '', escapeMarkdown(lintVerdict(result, failOn))];
  if (result.findings.length > 0) {
    lines.push('', '| severity | where | rule | finding | fix |', '| --- | --- | --- | --- | --- |');
    for (const f of result.findings) {
      const sev = f.allowed ? `allowed: ${escapeMarkdown(f.allowed.reason)}` : `${MARK[f.severity]} ${f.severity}`;
      lines.push(`| ${sev} | ${code(where(f))} | ${code(f.rule)} | ${escapeMarkdown(f.message)} | ${escapeMarkdown(f.fix)} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The findings in the CI formats' shape (github, sarif, junit, metrics); allowed ones are left out. */
export function ciOfLint(result: LintResult, context: { readonly failOn: Severity; readonly places: CiPlaces }): CiResult {
  const findings: CiFinding[] = result.findings
    .filter((f) => !f.allowed)
    .map((f) => ({
      rule: `lint/${f.rule}`,
      severity: f.severity,
      failing: atOrAbove(f.severity, context.failOn),
      title: `${f.rule}: revision ${f.revision}`,
      message: `${f.message} — fix: ${f.fix}`,
      fingerprint: `lint:${f.rule}:${f.revision}:${f.line ?? 0}:${f.table ? `${f.table.schema}.${f.table.name}` : ''}`,
      location: placeOf(f.file, f.line, null, context.places),
      object: f.table ? { type: 'table', name: `${f.table.schema}.${f.table.name}` } : null,
      step: 'lint',
      // JUnit makes a test case per objectType: one per rule reads best in a CI test report.
      objectType: f.rule,
      kind: f.table ? 'table' : 'migration',
    }));
  const fail = findings.some((f) => f.failing);
  const verdict = lintVerdict(result, context.failOn);
  return {
    command: 'lint',
    status: fail ? 'fail' : 'pass',
    verdict,
    target: result.migrations,
    fallback: placeOf(result.migrations, null, null, context.places),
    steps: ['lint'],
    findings,
    summary: summaryOf(verdict, fail, findings),
  };
}
