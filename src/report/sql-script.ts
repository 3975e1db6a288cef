import { batches, SCRIPT_TIMEOUTS, SESSION_SETTINGS, sessionStatements, type SessionSetting } from '../ddl/session.js';
import { HAZARDS, type DdlPlan, type DdlStatement, type Hazard } from '../ddl/statement.js';
import { escapeControls } from './escape.js';
import { commentedStatement, commentLine, guardedSql } from './script-text.js';

/**
 * A plan as a script a reviewer can read and psql can run: what it does and where it came
 * from, the session it needs, then every statement under a comment naming its hazards and the
 * changes it serves, transactional statements grouped in BEGIN … COMMIT and the others on
 * their own. Withheld destructive statements and changes left to a person close the script as
 * comments. The only place a plan becomes text: names and notes reach its comments escaped, and
 * its statements reach psql guarded (`script-text.ts`), so that every line of it is pgdrift's.
 */

/** Each hazard in words, for the line above a statement. */
export const HAZARD_WORDS: Readonly<Record<Hazard, string>> = {
  destructive: 'DESTRUCTIVE: drops an object or data that no later statement brings back',
  'rewrites-table': 'rewrites the whole table and its indexes (time and disk space grow with the table)',
  'access-exclusive-lock': 'takes an ACCESS EXCLUSIVE lock: no reads or writes of the table until the transaction ends (waits at most lock_timeout for it)',
  'blocks-writes': 'blocks writes to the table while it runs',
  'scans-table': 'reads every row of the table while holding its lock',
  'non-transactional': 'runs outside a transaction block: if a later statement fails, this one stays applied',
};

/**
 * The header lines of a script turning one source into another.
 *
 * @example
 * scriptHeader('pgdrift diff --sql', 'postgres://app@db/prod', 'schemas/app.snapshot.json', new Date('2025-01-02T03:04:05Z'))
 * // ['pgdrift diff --sql', 'turns:   postgres://app@db/prod', 'into:    schemas/app.snapshot.json', 'written: 2025-01-02T03:04:05Z']
 */
export function scriptHeader(what: string, from: string, to: string, when: Date): string[] {
  return [what, `turns:   ${from}`, `into:    ${to}`, `written: ${when.toISOString().replace(/\.\d{3}Z$/, 'Z')}`];
}

function describe(s: DdlStatement, n: number): string[] {
  // A statement serving no change (a version-table update a remedy appends) is named by its note.
  const named = s.changeIds.length === 0 && s.note !== undefined;
  const ids = named ? s.note : s.changeIds.length === 0 ? 'needed by the statements around it' : `${s.changeIds.length === 1 ? 'change' : 'changes'} ${s.changeIds.join(', ')}`;
  const lines = [commentLine(`[${n}] ${ids}`)];
  for (const h of HAZARDS) if (s.hazards.includes(h)) lines.push(`--     ${HAZARD_WORDS[h]}`);
  if (s.note && !named) lines.push(commentLine(`note: ${s.note}`, '--     '));
  return lines;
}

function counts(plan: DdlPlan): string {
  const outside = plan.statements.filter((s) => !s.transactional).length;
  const parts = [`${plan.statements.length} ${plan.statements.length === 1 ? 'statement' : 'statements'}${outside > 0 ? ` (${outside} outside a transaction)` : ''}`];
  if (plan.withheld.length > 0) parts.push(`${plan.withheld.length} withheld (destructive)`);
  if (plan.manual.length > 0) parts.push(`${plan.manual.length} to do by hand`);
  return parts.join(', ');
}

/**
 * @example
 * renderSqlScript(plan, scriptHeader('pgdrift diff --sql', from.source.description, to.source.description, new Date()))
 * // -- pgdrift diff --sql
 * // -- turns:   …
 * // …
 * // BEGIN;
 * //
 * // -- [1] change column:public.users.legacy_sso_id
 * // …
 */
export function renderSqlScript(plan: DdlPlan, header: readonly string[]): string {
  const out: string[] = header.map((line) => commentLine(line));
  if (plan.statements.length === 0 && plan.withheld.length === 0 && plan.manual.length === 0) {
    out.push('--', '-- Nothing to do: the two schemas already match.');
    return `${out.join('\n')}\n`;
  }
  out.push('--', `-- ${counts(plan)}.`);
  if (plan.statements.length > 0) {
    out.push(
      '-- Run it with psql -v ON_ERROR_STOP=1 -f <file>: it stops at the first error, and the',
      '-- transaction that error is in is rolled back as a whole.',
      '',
      ...settingLines(SESSION_SETTINGS),
      ...settingLines(SCRIPT_TIMEOUTS),
    );
    let n = 0;
    for (const batch of batches(plan.statements)) {
      out.push('');
      if (batch.transactional) out.push('BEGIN;', '');
      batch.statements.forEach((s, i) => {
        if (i > 0) out.push('');
        out.push(...describe(s, ++n), `${guardedSql(s.sql)};`);
      });
      if (batch.transactional) out.push('', 'COMMIT;');
    }
  } else {
    out.push('-- Nothing runs without --unsafe.');
  }
  if (plan.withheld.length > 0) {
    out.push('', '-- withheld (destructive): pass --unsafe to include', '-- What they would be, in order:');
    plan.withheld.forEach((s, i) => out.push('--', ...describe(s, i + 1).map((l) => `-- ${l}`), ...commentedStatement(s.sql)));
  }
  if (plan.manual.length > 0) {
    out.push('', '-- to do by hand (no statement can make these changes):');
    for (const m of plan.manual) out.push(commentLine(`${m.changeId}: ${m.reason}`));
  }
  return `${out.join('\n')}\n`;
}

/** Each setting under the comment that says why. */
function settingLines(settings: readonly SessionSetting[]): string[] {
  const statements = sessionStatements(settings);
  return settings.flatMap((s, i) => [`-- ${s.why}`, `${statements[i]};`]);
}

/**
 * The line `diff --sql -o FILE` prints once the script is written.
 *
 * @example
 * renderSqlSummary(plan, 'migrate.sql') // 'wrote 3 statements to migrate.sql; 1 withheld (destructive): pass --unsafe to include\n'
 */
export function renderSqlSummary(plan: DdlPlan, file: string): string {
  const extra: string[] = [];
  if (plan.withheld.length > 0) extra.push(`${plan.withheld.length} withheld (destructive): pass --unsafe to include`);
  if (plan.manual.length > 0) extra.push(`${plan.manual.length} to do by hand (see the end of the file)`);
  const n = plan.statements.length;
  return `wrote ${n} ${n === 1 ? 'statement' : 'statements'} to ${escapeControls(file)}${extra.map((e) => `; ${e}`).join('')}\n`;
}
