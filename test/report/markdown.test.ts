import type { Change } from '../../src/compare/change.js';
import { buildReport } from '../../src/report/report.js';
import { escapeMarkdown, GITHUB_COMMENT_LIMIT, renderMarkdown } from '../../src/report/markdown.js';
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
    // Shown escaped: a newline would end the table row. The markdown `\\n` reads `\n`.
    expect(escapeMarkdown('two\nlines')).toBe('two\\\\nlines');
    expect(escapeMarkdown('~~gone~~ @octocat')).toBe('\\~\\~gone\\~\\~ @&#8203;octocat');
  });
});

describe('a comment GitHub accepts', () => {
  // A 1 MB body of long lines, 400 of which changed: an 800 kB diff.
  const line = (i: number, seed: string): string => `  PERFORM ${seed}_${i}('${'x'.repeat(1_000)}');`;
  const body = (changed: number): string => Array.from({ length: 1_000 }, (_, i) => line(i, i < changed ? 'new' : 'old')).join('\n');
  const huge: Change = { ...functionBody, expected: { body: body(0) }, actual: { body: body(400) } };
  const many = (n: number): Change[] =>
    Array.from({ length: n }, (_, i) => ({ ...columnType, id: `column:public.users.c${i}`, name: `c${i}`, message: `column public.users.c${i}: type text expected, character varying found` }));
  const rows = (out: string): number => out.split('\n').filter((l) => /^\| [✗⚠ℹ] /.test(l)).length;
  const truncation = (out: string): string => out.trimEnd().split('\n').at(-1) as string;

  it('a 1 MB function body that changed much: its diff is left out, the change is shown, and the comment fits', () => {
    expect((huge.expected?.body as string).length).toBeGreaterThan(1_000_000);
    const out = md([huge, columnType]);
    expect(out.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(rows(out)).toBe(2);
    expect(out).not.toContain('PERFORM new_');
    expect(truncation(out)).toBe(
      "**Truncated to fit GitHub's 65,536-character comment limit: the body diff of 1 shown change left out.** Run pgdrift with `--format text` or `--format json` for the whole report.",
    );
  });

  it('too many changes: the last are left out, and the last line says how many', () => {
    const out = md(many(3_000));
    expect(out.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    const shown = rows(out);
    expect(shown).toBeGreaterThan(100);
    expect(truncation(out)).toBe(
      `**Truncated to fit GitHub's 65,536-character comment limit: ${3_000 - shown} of 3000 changes left out.** Run pgdrift with \`--format text\` or \`--format json\` for the whole report.`,
    );
    // The summary still counts them all.
    expect(out).toContain('| 3000 | 3000 | 0 | 0 | 0 | 0 | 3000 |');
  });

  it('a comment that fits is not touched, up to the last character', () => {
    const out = md(many(10));
    expect(out).not.toContain('Truncated');
    expect(renderMarkdown(buildReport({ changes: many(10) }, EXPECTED, ACTUAL, 'error'), { limit: out.length })).toBe(out);
    expect(renderMarkdown(buildReport({ changes: many(10) }, EXPECTED, ACTUAL, 'error'), { limit: out.length - 1 })).toContain('Truncated');
  });

  it('a message of a megabyte is cut in its cell, saying by how much', () => {
    const long: Change = { ...columnType, message: `column public.users.email: default '${'x'.repeat(1_000_000)}' expected` };
    const row = md([long]).split('\n').find((l) => l.startsWith('| ✗')) as string;
    expect(row.length).toBeLessThan(2_200);
    expect(row).toMatch(/… \(998\d{3} more characters\) \|$/);
  });
});

describe('names that would break the markdown', () => {
  const hostile: Change = {
    ...columnType,
    id: 'column:public.users.x',
    table: 'us|ers`<b>',
    name: 'x\n✓ consistent\r\n## owned',
    message: 'column public.users."x\n✓ consistent\r\n## owned": comment \'@octocat <img src=x onerror=alert(1)> ``` | x\' expected, none found',
  };
  const schemaChange: Change = { ...columnType, schema: 'a`b\nc', id: 'column:x', message: 'm' };

  it('stay in their cell and their line', () => {
    const out = md([hostile, schemaChange]);
    const lines = out.split('\n');
    // No line starts with what a name holds, and no raw control character is left.
    expect(lines.filter((l) => /^(✓|## owned|```)/.test(l))).toEqual([]);
    expect(out).not.toMatch(/[\r\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    const row = lines.find((l) => l.includes('✓ consistent')) as string;
    expect(row.startsWith('| ✗ error | changed | column us\\|ers\\`&lt;b&gt;.x\\\\n✓ consistent\\\\r\\\\n## owned | ')).toBe(true);
    expect(row.match(/(?<!\\)\|/g)).toHaveLength(5);
    expect(row).toContain('@&#8203;octocat &lt;img src=x onerror=alert(1)&gt; \\`\\`\\` \\| x');
    expect(out).toContain('### Schema ``a`b\\nc``');
  });
});
