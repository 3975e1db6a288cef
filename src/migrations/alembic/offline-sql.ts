import { InputError } from '../../errors.js';
import { statementKind, type MigrationStatement } from '../migration-statement.js';

/** The SQL of one revision step in `alembic upgrade/downgrade --sql` output. */
export interface OfflineRevisionStep {
  readonly direction: 'upgrade' | 'downgrade';
  /** Revisions before the step (several for a merge upgrade, none from base). */
  readonly from: readonly string[];
  /** Revisions after it (several when downgrading a merge, none down to base). */
  readonly to: readonly string[];
  /** The revision the step applies (upgrade) or reverts (downgrade). */
  readonly revision: string;
  /** Its statements, without BEGIN/COMMIT and the version table's own bookkeeping. */
  readonly statements: readonly MigrationStatement[];
}

export interface OfflineSqlScript {
  readonly steps: readonly OfflineRevisionStep[];
}

const RUNNING = /^-- Running (upgrade|downgrade)\s+(.*?)\s*->\s*(.*)$/;

/**
 * Splits the output of `alembic upgrade base:head --sql` (or `downgrade … --sql`) per revision,
 * keeping each statement's line in the file and whether it ran inside a transaction
 * (Alembic writes `COMMIT;` … `BEGIN;` around an `autocommit_block()`).
 *
 * @example parseOfflineSql(text, 'upgrade.sql').steps[0]?.revision // '1a2b3c4d5e6f'
 * @throws InputError naming file:line for SQL before the first `-- Running` marker or an
 *   unterminated string.
 */
export function parseOfflineSql(text: string, file: string, options: { versionTable?: string } = {}): OfflineSqlScript {
  const versionTable = (options.versionTable ?? 'alembic_version').toLowerCase();
  const steps: Array<OfflineRevisionStep & { statements: MigrationStatement[] }> = [];
  let transactional = false;
  for (const piece of splitStatements(text, file)) {
    for (const marker of piece.markers) {
      const m = RUNNING.exec(marker.text);
      if (!m) continue;
      const [, direction, from, to] = m as unknown as [string, 'upgrade' | 'downgrade', string, string];
      const ids = (s: string) => s.split(',').map((x) => x.trim()).filter((x) => x !== '');
      const fromIds = ids(from);
      const toIds = ids(to);
      const revision = direction === 'upgrade' ? toIds[0] : fromIds[0];
      if (revision === undefined) throw new InputError(`${file}:${marker.line}: cannot tell the revision of '${marker.text}'`);
      steps.push({ direction, from: fromIds, to: toIds, revision, statements: [] });
    }
    if (piece.sql === '') continue;
    const word = piece.sql.split(/\s+/, 1)[0]?.toUpperCase() ?? '';
    if (word === 'BEGIN' && /^BEGIN(\s+TRANSACTION)?$/i.test(piece.sql)) {
      transactional = true;
      continue;
    }
    if (word === 'COMMIT' && /^COMMIT$/i.test(piece.sql)) {
      transactional = false;
      continue;
    }
    if (touchesVersionTable(piece.sql, versionTable)) continue;
    const step = steps[steps.length - 1];
    if (!step) throw new InputError(`${file}:${piece.line}: SQL before any '-- Running upgrade' marker: is this the output of \`alembic upgrade … --sql\`?`);
    step.statements.push({ sql: piece.sql, file, line: piece.line, kind: statementKind(piece.sql), transactional });
  }
  return { steps };
}

function touchesVersionTable(sql: string, table: string): boolean {
  const t = table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^(CREATE TABLE|INSERT INTO|UPDATE|DELETE FROM)\\s+("?[\\w]+"?\\.)?"?${t}"?[\\s(]`, 'i').test(sql);
}

interface Piece {
  readonly sql: string;
  readonly line: number;
  /** `-- …` comment lines seen before the statement started. */
  readonly markers: ReadonlyArray<{ text: string; line: number }>;
}

/**
 * Splits SQL text on semicolons outside strings, quoted identifiers, dollar quotes and
 * comments. Line comments before a statement are returned as markers.
 */
export function splitStatements(text: string, file: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  let line = 1;
  let start = -1;
  let startLine = 0;
  let markers: Array<{ text: string; line: number }> = [];
  const flush = (end: number) => {
    const sql = start >= 0 ? text.slice(start, end).trim() : '';
    if (sql !== '' || markers.length > 0) pieces.push({ sql, line: startLine, markers });
    start = -1;
    markers = [];
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '\n') {
      line++;
      i++;
      continue;
    }
    if (ch === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      const comment = text.slice(i, end < 0 ? text.length : end);
      if (start < 0) markers.push({ text: comment.trim(), line });
      i = end < 0 ? text.length : end;
      continue;
    }
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (start < 0) {
      if (ch === ';') {
        i++;
        continue;
      }
      start = i;
      startLine = line;
    }
    if (ch === ';') {
      flush(i);
      i++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const open = line;
      i++;
      while (i < text.length && !(text[i] === ch && text[i + 1] !== ch)) {
        if (text[i] === ch) i++;
        if (text[i] === '\n') line++;
        i++;
      }
      if (i >= text.length) throw new InputError(`${file}:${open}: unterminated ${ch === "'" ? 'string' : 'quoted identifier'}`);
      i++;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      for (let j = i; j < stop; j++) if (text[j] === '\n') line++;
      i = stop;
      continue;
    }
    if (ch === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i, i + 64))?.[0];
      if (tag) {
        const end = text.indexOf(tag, i + tag.length);
        if (end < 0) throw new InputError(`${file}:${line}: unterminated dollar-quoted string ${tag}`);
        for (let j = i; j < end; j++) if (text[j] === '\n') line++;
        i = end + tag.length;
        continue;
      }
    }
    i++;
  }
  flush(text.length);
  return pieces;
}
