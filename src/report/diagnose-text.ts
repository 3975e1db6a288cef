import type { Origin } from '../diagnose/attribution.js';
import type { Diagnosis, DriftFinding, RevisionObjectFinding } from '../diagnose/diagnosis.js';
import type { Remedy } from '../diagnose/remedy.js';
import type { Hazard } from '../ddl/statement.js';
import { painter, type Painter } from './color.js';
import { guardedSql } from './script-text.js';
import type { RevisionMessages } from './status-text.js';

/** Statements of the recommended remedy shown inline; a longer plan is for `--emit-sql`. */
const INLINE_STATEMENTS = 12;

const HAZARD_WORDS: Readonly<Record<Hazard, string>> = {
  destructive: 'destructive',
  'access-exclusive-lock': 'locks the table',
  'rewrites-table': 'rewrites the table',
  'scans-table': 'scans the table',
  'blocks-writes': 'blocks writes',
  'non-transactional': 'outside a transaction',
};

/**
 * `pgdrift diagnose` for a terminal at 3 a.m.: the verdict first, then the evidence (where the
 * version table and the schema stand, the half-applied revision's objects, each unexplained
 * difference with the revision it comes from), then what to do, in order, with the SQL of the
 * recommended remedy. Every line is terminal text (`Painter.lines`): names, messages and SQL
 * show their control characters escaped.
 *
 * @example
 * writeOut(renderDiagnosisText(diagnosis, messages, { color: false }));
 * // ✗ revision b4c5d6e7f809 (index comments by author concurrently) is half-applied: 1 of 2 objects invalid
 * //   database  postgres://app:***@db/app (alembic, migrations)
 * //   …
 */
export function renderDiagnosisText(
  d: Diagnosis,
  messages: RevisionMessages,
  options: { readonly color: boolean; readonly emitted?: { readonly file: string | null; readonly remedy: Remedy | null } },
): string {
  const paint = painter(options.color);
  const ok = d.status === 'ok';
  const lines = [`${ok ? paint('green', paint('bold', '✓')) : paint('red', paint('bold', '✗'))} ${paint('bold', d.verdict)}`];
  const revision = (id: string | null) => (id === null ? 'base (nothing applied)' : `${id}${messages(id) ? `  ${messages(id)}` : ''}`);
  lines.push(`  database  ${d.database} (${d.tool}, ${d.migrations})`);
  lines.push(`  recorded  ${d.versionTable === null ? '(no version table)' : d.recorded.length === 0 ? '(nothing)' : d.recorded.map(revision).join(', ')}`);
  const tips = d.bestMatch.tips.length > 1 ? d.bestMatch.tips.join(' + ') : null;
  const where = d.partial && d.pending.includes(d.partial.revision)
    ? `plus part of ${d.partial.revision}`
    : d.bestMatch.distance === 0 ? 'exactly' : `${d.bestMatch.distance} ${d.bestMatch.distance === 1 ? 'object differs' : 'objects differ'}`;
  lines.push(`  schema    ${tips ?? revision(d.bestMatch.revision)}  (${where})`);
  if (d.heads.length > 0) lines.push(`  ${(d.heads.length > 1 ? 'heads' : 'head').padEnd(8)}  ${d.heads.join(', ')}`);
  if (d.pending.length > 0) lines.push(`  pending   ${plural(d.pending.length, 'revision')}: ${d.pending.join(', ')}`);
  if (d.replayFailure) lines.push(`  ${paint('red', '✗')} broken  revision ${d.replayFailure.revision} cannot be replayed even on an empty database: ${d.replayFailure.message}`);

  if (d.partial) {
    const p = d.partial;
    lines.push('', paint('bold', `revision ${p.revision}${p.message ? `  ${p.message}` : ''}`), `  file  ${p.file}`);
    if (p.toolFailure) lines.push(`  ${paint('red', '✗')} recorded by ${d.tool}: ${p.toolFailure}`);
    for (const o of p.applied) lines.push(`  ${paint('green', '✓')} applied  ${objectLine(o)}`);
    for (const o of p.missing) lines.push(`  ${paint('red', '✗')} missing  ${objectLine(o)}`);
    for (const o of p.invalid) lines.push(`  ${paint('red', '✗')} invalid  ${objectLine(o)}: ${o.objectType === 'index' ? 'INVALID (a CREATE INDEX CONCURRENTLY that failed), unused by queries' : 'NOT VALID, existing rows never checked'}`);
  }

  if (d.drift.length > 0) {
    lines.push('', paint('bold', `${d.partial ? 'other differences' : 'differences'} no revision explains (${d.drift.length})`));
    for (const c of d.drift) lines.push(...driftLines(c, paint));
  }

  if (d.next.length > 0) {
    lines.push('', `${paint('bold', 'what to do')}${d.remedies.length > 0 ? ' (pgdrift runs none of it: [--emit-sql FILE] added to this command writes that step as a script)' : ''}`);
    d.next.forEach((step, i) => {
      lines.push(`  ${i + 1}. ${step}`);
      const remedy = d.remedies[i];
      if (remedy?.recommended) lines.push(...remedyLines(remedy));
    });
  }
  if (d.withheldRemedies.length > 0) {
    lines.push('', paint('bold', 'not offered: failed when pgdrift ran it on a copy of the live schema'));
    for (const w of d.withheldRemedies) lines.push(`  ${paint('red', '✗')} ${w.kind}: ${w.title}`, `    ${paint('dim', w.reason)}`);
  }
  if (options.emitted) {
    const { file, remedy } = options.emitted;
    lines.push(
      '',
      file === null || remedy === null
        ? 'no script written: nothing to fix'
        : `script of the ${remedy.kind} remedy written to ${file}: review it, then psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f ${file}`,
    );
  }
  return paint.lines(lines);
}

function objectLine(o: RevisionObjectFinding): string {
  const where = o.line === null ? '' : `  (line ${o.line}${o.concurrently ? ', CONCURRENTLY' : ''})`;
  return `${o.objectType} ${qualified(o)}${where}`;
}

function qualified(o: Pick<RevisionObjectFinding, 'objectType' | 'schema' | 'table' | 'name'>): string {
  if (o.objectType === 'schema' || o.schema === null) return o.name;
  return o.table === null ? `${o.schema}.${o.name}` : `${o.schema}.${o.table}.${o.name}`;
}

function driftLines(c: DriftFinding, paint: Painter): string[] {
  const mark = c.severity === 'error' ? paint('red', '✗ error  ') : c.severity === 'warning' ? paint('yellow', '! warning') : paint('cyan', 'i info   ');
  return [`  ${mark}  ${c.message}`, `             ${paint('dim', originText(c.kind, c.origin))}`];
}

/**
 * Where a difference comes from, in words.
 *
 * @example originText('missing', { action: 'created', revision: 'e8b9c0d1e2f3', file: 'versions/e8b9c0d1e2f3_add_balance.py', line: 24, with: null })
 * // 'added by e8b9c0d1e2f3 (versions/e8b9c0d1e2f3_add_balance.py:24)'
 */
export function originText(kind: DriftFinding['kind'], origin: Origin | null): string {
  if (origin === null) return kind === 'unexpected' ? 'no revision creates it: made by hand?' : 'no revision explains it';
  const at = `${origin.file}${origin.line === null ? '' : `:${origin.line}`}`;
  const withTable = origin.with === null ? '' : ` with ${origin.with.replace(':', ' ')}`;
  switch (origin.action) {
    case 'dropped':
      return `dropped by ${origin.revision} (${at}), yet still here`;
    case 'created':
      if (origin.pending) return `created by ${origin.revision} (${at}), a revision not applied yet: made ahead of its migration?`;
      return kind === 'missing' ? `added${withTable} by ${origin.revision} (${at})` : `as created${withTable} by ${origin.revision} (${at})`;
    case 'changed':
      return `last changed by ${origin.revision} (${at})`;
  }
}

function remedyLines(r: Remedy): string[] {
  const out: string[] = [];
  if (r.plan.statements.length <= INLINE_STATEMENTS) {
    for (const s of r.plan.statements) {
      const hazards = s.hazards.length > 0 ? `   -- ${s.hazards.map((h) => HAZARD_WORDS[h]).join(', ')}` : '';
      out.push(`       ${oneLine(s.sql)};${hazards}`);
      // What a reviewer must weigh before losing data (a rename the planner would not guess).
      if (s.note && s.hazards.includes('destructive')) out.push(`         -- ${s.note}`);
    }
  }
  for (const m of r.plan.manual) out.push(`       -- by hand: ${m.changeId}: ${m.reason}`);
  if (r.versionTable) for (const sql of r.versionTable.sql) out.push(`       ${sql};   -- the version table`);
  for (const n of r.notes) out.push(`       note: ${n}`);
  return out;
}

/** A statement on one line, its quoted names and strings kept exact (`guardedSql`). */
function oneLine(sql: string): string {
  const flat = guardedSql(sql).replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
