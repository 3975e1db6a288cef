import type { Change } from '../../src/compare/change.js';
import { buildReport } from '../../src/report/report.js';
import { renderText } from '../../src/report/text.js';
import { ACTUAL, DIFF, EXPECTED, columnType, enumLabels, functionBody, missingExtension, unexpectedTable, viewDefinition } from './sample-changes.js';

const ANSI = /\u001b\[/;
const text = (changes: readonly Change[], failOn: 'error' | 'warning' | 'info' = 'error', color = false): string =>
  renderText(buildReport({ changes }, EXPECTED, ACTUAL, failOn), { color });

describe('renderText', () => {
  it('starts with the verdict, counts and both sides', () => {
    expect(text(DIFF.changes).split('\n')[0]).toBe(
      '✗ drift: 4 errors, 2 warnings, 2 info — expected db/schema.sql, actual postgres://app@db/app',
    );
    expect(text([])).toBe('✓ no drift: 0 errors, 0 warnings, 0 info — expected db/schema.sql, actual postgres://app@db/app\n');
    expect(text([unexpectedTable, enumLabels]).split('\n')[0]).toBe(
      '✓ no drift at or above error: 0 errors, 1 warning, 1 info — expected db/schema.sql, actual postgres://app@db/app',
    );
    expect(text([unexpectedTable], 'warning').split('\n')[0]).toMatch(/^✗ drift: 0 errors, 1 warning, 0 info/);
  });

  it('groups changes by schema, then table, schema-level objects first', () => {
    const lines = text([columnType, functionBody, unexpectedTable, missingExtension, enumLabels]).split('\n');
    const headings = lines.filter((l) => /^(\S|  \S)/.test(l) && !/^  [✗!·]/.test(l)).slice(1);
    expect(headings).toEqual(['database', 'schema app', 'schema public', '  table tmp_fix', '  table users']);
    expect(lines).toContain('    ✗ error    column public.users.email: type text expected, character varying found');
    expect(lines).toContain('  ✗ error    function public.touch(): body and volatility differ');
    expect(lines).toContain('    ! warning  table public.tmp_fix: present, not expected');
    expect(lines).toContain('  · info     enum app.mood: label happy missing');
    expect(lines.indexOf('  ✗ error    function public.touch(): body and volatility differ')).toBeLessThan(
      lines.indexOf('  table tmp_fix'),
    );
  });

  it('appends an indented unified diff of multi-line bodies, not of one-line values', () => {
    const out = text([functionBody, columnType]);
    const lines = out.split('\n');
    const at = lines.indexOf('  ✗ error    function public.touch(): body and volatility differ');
    expect(lines.slice(at + 1, at + 10)).toEqual([
      '             --- expected body',
      '             +++ actual body',
      '             @@ -1,5 +1,5 @@',
      '',
      '              BEGIN',
      '             -  NEW.updated_at := now();',
      '             +  NEW.updated_at := clock_timestamp();',
      '                RETURN NEW;',
      '              END;',
    ]);
    // volatility is one line on both sides: the message says it all.
    expect(out).not.toContain('expected volatility');
    expect(out).not.toContain('expected type');
  });

  it('diffs a view definition under its view', () => {
    const lines = text([viewDefinition]).split('\n');
    expect(lines).toContain('  view active_users');
    expect(lines).toContain('               -  WHERE users.active;');
    expect(lines).toContain('               +   FROM users;');
  });

  it('writes no ANSI codes without colour, and colours severities and diffs with it', () => {
    expect(text(DIFF.changes)).not.toMatch(ANSI);
    const coloured = text(DIFF.changes, 'error', true);
    expect(coloured).toContain('\u001b[31m✗ error  \u001b[39m');
    expect(coloured).toContain('\u001b[33m! warning\u001b[39m');
    expect(coloured).toContain('\u001b[32m+  NEW.updated_at := clock_timestamp();\u001b[39m');
    // Stripping the codes gives back the plain rendering.
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(text(DIFF.changes));
  });

  it('ends with exactly one newline', () => {
    expect(text(DIFF.changes)).toMatch(/[^\n]\n$/);
  });
});
