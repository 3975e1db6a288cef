import type { Change } from '../../src/compare/change.js';
import { buildReport } from '../../src/report/report.js';
import { escapeMarkdown, renderMarkdown } from '../../src/report/markdown.js';
import { ACTUAL, DIFF, EXPECTED, columnType, enumLabels, functionBody, missingExtension, pipeCheck } from './sample-changes.js';

const md = (changes: readonly Change[], failOn: 'error' | 'warning' | 'info' = 'error'): string =>
  renderMarkdown(buildReport({ changes }, EXPECTED, ACTUAL, failOn));

describe('renderMarkdown', () => {
  it('heads with the verdict and a summary table', () => {
    const lines = md(DIFF.changes).split('\n');
    expect(lines[0]).toBe('## ✗ pgdrift: schema drift');
    expect(lines[2]).toBe(
      '4 errors, 2 warnings, 2 info (failing on error and above) — expected `db/schema.sql`, actual `postgres://app@db/app`.',
    );
    expect(lines.slice(4, 7)).toEqual([
      '| total | errors | warnings | info | missing | unexpected | changed |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      '| 8 | 4 | 2 | 2 | 2 | 1 | 5 |',
    ]);
    expect(md([]).split('\n')[0]).toBe('## ✓ pgdrift: no drift');
    expect(md([enumLabels]).split('\n')[0]).toBe('## ✓ pgdrift: no drift at or above error');
  });

  it('has one section per schema with a table of changes', () => {
    const out = md([columnType, missingExtension, enumLabels]);
    expect(out).toContain(
      '### Database\n\n| severity | kind | object | change |\n| --- | --- | --- | --- |\n| ✗ error | missing | extension pgcrypto | extension pgcrypto: missing |',
    );
    expect(out).toContain('### Schema `app`');
    expect(out).toContain(
      '| ✗ error | changed | column users.email | column public.users.email: type text expected, character varying found |',
    );
    expect(out.indexOf('### Database')).toBeLessThan(out.indexOf('### Schema `app`'));
    expect(out.indexOf('### Schema `app`')).toBeLessThan(out.indexOf('### Schema `public`'));
  });

  it('escapes pipes so a message stays in its cell', () => {
    const row = md([pipeCheck]).split('\n').find((l) => l.startsWith('| ℹ info'))!;
    expect(row).toContain('CHECK (((first \\|\\| last) &lt;&gt; \'\'::text)) expected');
    // Four cells: five unescaped pipes.
    expect(row.match(/(?<!\\)\|/g)).toHaveLength(5);
  });

  it('puts body diffs in diff fences', () => {
    const out = md([functionBody]);
    expect(out).toContain(
      [
        '<details><summary>function public.touch(): body</summary>',
        '',
        '```diff',
        '--- expected body',
        '+++ actual body',
        '@@ -1,5 +1,5 @@',
        ' ',
        ' BEGIN',
        '-  NEW.updated_at := now();',
        '+  NEW.updated_at := clock_timestamp();',
        '   RETURN NEW;',
        ' END;',
        '```',
        '',
        '</details>',
      ].join('\n'),
    );
  });

  it('lengthens the fence when a body contains one', () => {
    const fenceInBody: Change = {
      ...functionBody,
      expected: { body: 'a\n```\nb' },
      actual: { body: 'a\n```\nc' },
    };
    const out = md([fenceInBody]);
    expect(out).toContain('````diff\n');
    expect(out).toContain('\n````\n');
  });

  it('escapes markdown and HTML in text', () => {
    expect(escapeMarkdown('a|b <x> *y* _z_ `c` [d] \\ &')).toBe('a\\|b &lt;x&gt; \\*y\\* \\_z\\_ \\`c\\` \\[d\\] \\\\ &amp;');
    expect(escapeMarkdown('two\nlines')).toBe('two lines');
  });
});
