import { InputError } from '../errors.js';
import { readText } from '../migrations/sql-tools/read-files.js';
import { RULES, type LintFinding, type RuleId } from './finding.js';

/** One `pgdrift: allow` comment of a migration file. */
export interface Allowance {
  readonly rules: readonly RuleId[];
  readonly line: number;
  readonly reason: string;
}

const ALLOW = /(?:#|--)\s*pgdrift:\s*allow\b(.*)$/;

/**
 * The `# pgdrift: allow rule-a, rule-b — reason` (Python) or `-- pgdrift: allow … — reason`
 * (SQL) comments of a migration file: each accepts those rules for the whole revision, and its
 * reason is shown in the report. A reason is required, and a rule id must exist.
 *
 * @example readAllowances('# pgdrift: allow rewrite-table — table has 12 rows', 'v.py')
 * // [{ rules: ['rewrite-table'], line: 1, reason: 'table has 12 rows' }]
 * @throws InputError (exit 2) naming file:line:column for an unknown rule or a missing reason.
 */
export function readAllowances(text: string, file: string): Allowance[] {
  const out: Allowance[] = [];
  text.split('\n').forEach((lineText, i) => {
    const m = ALLOW.exec(lineText);
    if (!m) return;
    const at = `${file}:${i + 1}:${(m.index ?? 0) + 1}`;
    const body = (m[1] ?? '').trim();
    const split = /\s+(?:—|--|–|-)\s+|\s*—\s*/.exec(body);
    const ids = (split ? body.slice(0, split.index) : body).split(/[\s,]+/).filter((s) => s !== '');
    const reason = split ? body.slice(split.index + split[0].length).trim() : '';
    if (ids.length === 0) throw new InputError(`${at}: 'pgdrift: allow' names no rule (e.g. '# pgdrift: allow rewrite-table — reason')`);
    for (const id of ids) if (!(id in RULES)) throw new InputError(`${at}: 'pgdrift: allow' names unknown rule '${id}' (rules: ${Object.keys(RULES).join(', ')})`);
    if (reason === '') throw new InputError(`${at}: 'pgdrift: allow ${ids.join(', ')}' gives no reason (write '— why it is safe here')`);
    out.push({ rules: ids as RuleId[], line: i + 1, reason });
  });
  return out;
}

/**
 * Marks the findings a revision's own `pgdrift: allow` comments accept. Every linted revision's
 * comments are read, with or without findings: a misspelt one fails at once, not the day a
 * finding would need it.
 *
 * @throws InputError as `readAllowances`.
 */
export async function applyAllowances(findings: readonly LintFinding[], revisions: readonly { readonly id: string; readonly file: string }[]): Promise<LintFinding[]> {
  const byRevision = new Map<string, Allowance[]>();
  for (const r of revisions) byRevision.set(r.id, readAllowances(await readText(r.file), r.file));
  return findings.map((f) => {
    const allow = byRevision.get(f.revision)?.find((a) => a.rules.includes(f.rule));
    return allow ? { ...f, allowed: { line: allow.line, reason: allow.reason } } : f;
  });
}
