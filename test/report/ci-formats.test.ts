import type { Change } from '../../src/compare/change.js';
import { ciOfReport, placeOf, placeOfShown } from '../../src/report/ci-findings.js';
import type { CiFinding, CiResult } from '../../src/report/ci-result.js';
import { escapeData, escapeProperty, renderGithub } from '../../src/report/github.js';
import { renderJunit, xmlText } from '../../src/report/junit.js';
import { labelValue, lastSuccessIn, renderMetrics } from '../../src/report/metrics.js';
import { buildReport } from '../../src/report/report.js';
import { renderSarif } from '../../src/report/sarif.js';
import { parsePrometheusText, sarifValidator, workflowCommands } from '../helpers/ci-formats.js';
import { elements, parseXml } from '../helpers/xml.js';
import { ACTUAL, DIFF, EXPECTED } from './sample-changes.js';

const validateSarif = sarifValidator();
const places = { root: '/repo', cwd: '/repo' };

/** Names a catalog's owner could choose to attack each reader of the output. */
const HOSTILE = [
  'x\n::error::forged',
  'y\r::stop-commands::pgdrift-token',
  'z%0A::warning::encoded',
  'a,title=forged:b',
  'q</failure></testcase><testcase name="forged"><failure>',
  'c]]>d&amp;<![CDATA[',
  'nul\u0000bel\u0007esc\u001b[31m',
  'lone\ud800surrogate\udfffand\ufffe',
  'bidi\u202eevil\u2028sep',
  'quote"back\\slash\n# TYPE forged gauge\nforged_metric 1',
];

function finding(name: string, i: number, extra: Partial<CiFinding> = {}): CiFinding {
  return {
    rule: 'drift/table/unexpected',
    severity: i % 3 === 0 ? 'error' : i % 3 === 1 ? 'warning' : 'info',
    failing: i % 3 !== 2,
    title: `table public.${name} unexpected`,
    message: `table public.${name} is not expected`,
    fingerprint: `table:public.${name}`,
    location: { file: `migrations/${name}.sql`, line: i + 1, column: 1 },
    object: { type: 'table', name: `public.${name}` },
    step: 'schema',
    objectType: 'table',
    kind: 'unexpected',
    ...extra,
  };
}

const hostileResult: CiResult = {
  command: 'check',
  status: 'fail',
  verdict: `drift: ${HOSTILE[0]}`,
  target: `postgres://app@db/${HOSTILE[9]}`,
  fallback: { file: 'migrations', line: null, column: null },
  steps: ['migration state', 'schema'],
  findings: HOSTILE.map((n, i) => finding(n, i)),
  summary: '',
};

describe('--format github', () => {
  test("escapes data and properties as the runner decodes them (actions/toolkit's rule)", () => {
    expect(escapeData('50% \r\n')).toBe('50%25 %0D%0A');
    expect(escapeProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A');
  });

  test('a hostile name never starts a workflow command of its own', () => {
    const out = renderGithub(hostileResult);
    const lines = out.trimEnd().split('\n');
    // One annotation per finding and the verdict: no name added a line.
    expect(lines).toHaveLength(HOSTILE.length + 1);
    expect(out).not.toMatch(/\r/);
    const commands = workflowCommands(out);
    expect(commands).toHaveLength(HOSTILE.length);
    for (const c of commands) expect(c).toMatch(/^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,title=[^,:]+::[^\n]*$/);
    expect(lines.at(-1)).toMatch(/^pgdrift: drift: x\\n::error::forged$/);
    // `%0A` in a name stays text once the runner decodes the message: %25 first.
    expect(out).toContain('z%250A::warning::encoded');
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e\u2028]/);
  });

  test('the runner would take a raw line break for a new command (what the check looks for)', () => {
    expect(workflowCommands('::error::a\n::stop-commands::x\r  ::error::forged')).toHaveLength(3);
  });

  test('a finding without a place is an annotation without a file; info is a notice', () => {
    const out = renderGithub({ ...hostileResult, findings: [finding('t', 2, { location: null })] });
    expect(out.split('\n')[0]).toBe('::notice title=pgdrift%3A table public.t unexpected::table public.t is not expected');
  });
});

describe('--format junit', () => {
  test('hostile names stay text: well-formed XML 1.0, one test case per object type, nothing forged', () => {
    const xml = renderJunit(hostileResult);
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    expect(elements(root, 'testcase').map((t) => t.attributes.name)).toEqual(['migration state', 'table']);
    const failures = elements(root, 'failure');
    expect(failures).toHaveLength(1);
    // Every finding is a line of the failure's text, its name shown whole.
    expect((failures[0] as { text: string }).text.split('\n')).toHaveLength(HOSTILE.length);
    expect(failures[0]?.text).toContain('q</failure></testcase><testcase name="forged"><failure>');
    expect(failures[0]?.text).toContain('nul\\x00bel\\x07esc\\x1b[31m');
    expect(failures[0]?.text).toContain('lone\\ud800surrogate\\udfffand\\ufffe');
    expect(root.attributes).toMatchObject({ tests: '2', failures: '1' });
    expect(elements(root, 'property')[0]?.attributes.value).toBe(`postgres://app@db/quote"back\\slash\\n# TYPE forged gauge\\nforged_metric 1`);
  });

  test('findings below --fail-on pass, shown as output; a clean step is one passed test case', () => {
    const root = parseXml(renderJunit({ ...hostileResult, findings: [finding('t', 2)] }));
    expect(elements(root, 'failure')).toEqual([]);
    expect(elements(root, 'system-out')[0]?.text).toBe('info: table public.t is not expected (migrations/t.sql:3)');
  });

  test('the well-formedness check refuses what an unescaped name would make (it can fail)', () => {
    expect(() => parseXml('<a><failure>x</testcase></failure></a>')).toThrow(/closes/);
    expect(() => parseXml('<a b="x"y">t</a>')).toThrow(/not a tag/);
    expect(() => parseXml('<a>x & y</a>')).toThrow(/unterminated reference/);
    expect(() => parseXml('<a>\u001b</a>')).toThrow(/not allowed in XML 1.0/);
    expect(() => parseXml('<a>\ud800</a>')).toThrow(/not allowed in XML 1.0/);
  });

  test('xmlText keeps an astral character whole', () => {
    expect(xmlText('🐘 <')).toBe('🐘 &lt;');
  });
});

describe('--format sarif', () => {
  test('validates against the official SARIF 2.1.0 schema, with hostile names', () => {
    const log = JSON.parse(renderSarif(hostileResult, { version: '0.1.0' }));
    expect(validateSarif(log)).toBeNull();
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['drift/table/unexpected']);
    expect(run.results[0]).toMatchObject({
      ruleId: 'drift/table/unexpected',
      ruleIndex: 0,
      level: 'error',
      partialFingerprints: { 'pgdriftFindingId/v1': 'table:public.x\n::error::forged' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'migrations/x%0A%3A%3Aerror%3A%3Aforged.sql', uriBaseId: '%SRCROOT%' }, region: { startLine: 1, startColumn: 1 } } }],
    });
    expect(run.results.map((r: { level: string }) => r.level).slice(0, 3)).toEqual(['error', 'warning', 'note']);
  });

  test('every result has a location: its own, else the fallback; only databases compared: the object alone', () => {
    const report = buildReport(DIFF, EXPECTED, ACTUAL, 'warning');
    const withFile = JSON.parse(renderSarif(ciOfReport(report, { command: 'check', expectedFile: 'db/schema.sql', places, summary: '' }), { version: '0.1.0' }));
    expect(validateSarif(withFile)).toBeNull();
    for (const r of withFile.runs[0].results) expect(r.locations[0].physicalLocation.artifactLocation.uri).toBe('db/schema.sql');
    const databases = JSON.parse(renderSarif(ciOfReport(report, { command: 'diff', expectedFile: null, places, summary: '' }), { version: '0.1.0' }));
    expect(validateSarif(databases)).toBeNull();
    expect(databases.runs[0].results[0].locations).toEqual([{ logicalLocations: [{ fullyQualifiedName: 'public.users.email', kind: 'column' }] }]);
    expect(databases.runs[0].tool.driver.rules.length).toBe(new Set(DIFF.changes.map((c: Change) => `${c.objectType}/${c.kind}`)).size);
  });

  test('a log the schema refuses is refused (the validator can fail)', () => {
    const log = JSON.parse(renderSarif(hostileResult, { version: '0.1.0' }));
    log.runs[0].results[0].level = 'fatal';
    expect(validateSarif(log)).toMatch(/level/);
  });
});

describe('--metrics-file', () => {
  const base = { target: 'postgres://app@db/app', command: 'check', finishedAt: new Date(1_700_000_000_000), durationSeconds: 1.5 };

  test('a completed run: every line in the text format, changes by severity, object type and kind', () => {
    const text = renderMetrics({ ...base, exitCode: 1, result: hostileResult, lastSuccess: base.finishedAt });
    const samples = parsePrometheusText(text);
    const value = (name: string) => samples.find((s) => s.name === name)?.value;
    expect(value('pgdrift_up')).toBe(1);
    expect(value('pgdrift_drift')).toBe(1);
    expect(value('pgdrift_last_success_timestamp_seconds')).toBe(1_700_000_000);
    const changes = samples.filter((s) => s.name === 'pgdrift_changes');
    expect(changes.map((s) => [s.labels.severity, s.labels.object_type, s.labels.kind, s.value])).toEqual([
      ['error', 'table', 'unexpected', 4],
      ['warning', 'table', 'unexpected', 3],
      ['info', 'table', 'unexpected', 3],
    ]);
  });

  test('a hostile target is one label value; a failed run says so and keeps the last success it is given', () => {
    const target = `db/${HOSTILE[9]}`;
    const text = renderMetrics({ ...base, target, exitCode: 3, result: null, lastSuccess: new Date(1_600_000_000_000) });
    const samples = parsePrometheusText(text);
    expect(samples.every((s) => s.labels.target === 'db/quote"back\\slash\\n# TYPE forged gauge\\nforged_metric 1')).toBe(true);
    expect(samples.map((s) => s.name)).toEqual(['pgdrift_up', 'pgdrift_exit_code', 'pgdrift_last_run_timestamp_seconds', 'pgdrift_last_success_timestamp_seconds', 'pgdrift_duration_seconds']);
    expect(samples[0]?.value).toBe(0);
    expect(lastSuccessIn(text, { target, command: 'check' })).toEqual(new Date(1_600_000_000_000));
    expect(lastSuccessIn(text, { target, command: 'diff' })).toBeNull();
    expect(labelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\\\nd');
  });

  test('the grammar check refuses a forged line (it can fail)', () => {
    expect(() => parsePrometheusText('# TYPE a gauge\na{x="1"} 1\nforged 1\n')).toThrow(/before its TYPE/);
    expect(() => parsePrometheusText('# TYPE a gauge\na{x="1\n"} 1\n')).toThrow(/not in the text format/);
  });
});

describe('locations', () => {
  test('relative to the repository root; outside it, none', () => {
    expect(placeOf('db/schema.sql', 3, null, places)).toEqual({ file: 'db/schema.sql', line: 3, column: null });
    expect(placeOf('/elsewhere/x.sql', 3, null, places)).toBeNull();
    expect(placeOf('sub/m.py', null, null, { root: '/repo', cwd: '/repo/app' })).toEqual({ file: 'app/sub/m.py', line: null, column: null });
    expect(placeOfShown('app/models.py:12:5', places)).toEqual({ file: 'app/models.py', line: 12, column: 5 });
    expect(placeOfShown('versions/0001_init.py:81', places)).toEqual({ file: 'versions/0001_init.py', line: 81, column: null });
  });
});
