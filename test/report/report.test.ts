import { Ajv } from 'ajv';
import type { Change, Severity } from '../../src/compare/change.js';
import type { ObjectType } from '../../src/model/snapshot.js';
import { loadJsonSchema } from '../../src/model/schema-files.js';
import { buildReport, severityCounts } from '../../src/report/report.js';
import { renderJson } from '../../src/report/json.js';
import { ACTUAL, ALL_CHANGES, DIFF, EXPECTED, columnType, enumLabels, unexpectedTable } from './sample-changes.js';

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strict: true });
const validateReport = ajv.compile(loadJsonSchema('report.schema.json'));

const OBJECT_TYPES: Record<ObjectType, true> = {
  schema: true,
  extension: true,
  table: true,
  column: true,
  constraint: true,
  index: true,
  sequence: true,
  view: true,
  'materialized view': true,
  function: true,
  procedure: true,
  trigger: true,
  enum: true,
  domain: true,
  'composite type': true,
  policy: true,
  grant: true,
};

describe('buildReport', () => {
  it('counts changes by severity and kind', () => {
    const r = buildReport(DIFF, EXPECTED, ACTUAL, 'error');
    expect(r.summary).toEqual({ total: 8, error: 4, warning: 2, info: 2, missing: 2, unexpected: 1, changed: 5, findings: 8, ignored: 0, accepted: 0 });
    expect(r.expected).toEqual({ kind: 'sql', description: 'db/schema.sql' });
    expect(r.actual).toEqual({ kind: 'postgres', description: 'postgres://app@db/app' });
    expect(r.changes).toEqual(ALL_CHANGES);
    expect(r.formatVersion).toBe(1);
  });

  it.each<[readonly Change[], Severity, 'ok' | 'drift']>([
    [[], 'info', 'ok'],
    [[enumLabels], 'error', 'ok'],
    [[enumLabels], 'warning', 'ok'],
    [[enumLabels], 'info', 'drift'],
    [[unexpectedTable], 'error', 'ok'],
    [[unexpectedTable], 'warning', 'drift'],
    [[unexpectedTable, enumLabels], 'info', 'drift'],
    [[columnType], 'error', 'drift'],
  ])('status for %# (fail on %s) is %s', (changes, failOn, status) => {
    expect(buildReport({ changes }, EXPECTED, ACTUAL, failOn).status).toBe(status);
  });

  it('words the counts', () => {
    expect(severityCounts(buildReport(DIFF, EXPECTED, ACTUAL, 'error').summary)).toBe('4 errors, 2 warnings, 2 info');
    expect(severityCounts(buildReport({ changes: [columnType, unexpectedTable] }, EXPECTED, ACTUAL, 'error').summary)).toBe(
      '1 error, 1 warning, 0 info',
    );
  });
});

describe('schemas/report.schema.json', () => {
  it('accepts the JSON of reports with changes of every kind and object type', () => {
    const every: Change[] = Object.keys(OBJECT_TYPES).flatMap((objectType, i) =>
      (['missing', 'unexpected', 'changed'] as const).map((kind) => ({
        ...columnType,
        id: `${objectType}:public.x${i}`,
        objectType: objectType as ObjectType,
        kind,
        table: i % 2 ? null : 't',
        schema: i % 3 ? 'public' : null,
        severity: (['error', 'warning', 'info'] as const)[i % 3]!,
        expected: kind === 'unexpected' ? null : { a: 1, nested: { b: [1, 'x'] } },
        actual: kind === 'missing' ? null : { a: 2 },
      })),
    );
    for (const failOn of ['error', 'warning', 'info'] as const) {
      for (const changes of [every, ALL_CHANGES, []]) {
        const json = JSON.parse(renderJson(buildReport({ changes }, EXPECTED, ACTUAL, failOn)));
        expect({ failOn, errors: validateReport(json) ? null : validateReport.errors }).toEqual({ failOn, errors: null });
      }
    }
  });

  it('lists exactly the object types of snapshot.ts', () => {
    const schema = loadJsonSchema('report.schema.json') as any;
    expect([...schema.definitions.change.properties.objectType.enum].sort()).toEqual(Object.keys(OBJECT_TYPES).sort());
  });

  const broken: [string, (r: any) => void][] = [
    ['an unknown change kind', (r) => (r.changes[0].kind = 'renamed')],
    ['an unknown object type', (r) => (r.changes[0].objectType = 'rule')],
    ['an unknown severity', (r) => (r.changes[0].severity = 'fatal')],
    ['a change without message', (r) => delete r.changes[0].message],
    ['a change with an extra property', (r) => (r.changes[0].hint = 'x')],
    ['a change whose expected is a string', (r) => (r.changes[0].expected = 'text')],
    ['a change with an empty id', (r) => (r.changes[0].id = '')],
    ['a change with an undefined table', (r) => delete r.changes[0].table],
    ['an unknown status', (r) => (r.status = 'maybe')],
    ['a negative count', (r) => (r.summary.error = -1)],
    ['a missing count', (r) => delete r.summary.changed],
    ['a source with extra fields', (r) => (r.actual.serverVersionNum = 180004)],
    ['another formatVersion', (r) => (r.formatVersion = 2)],
  ];
  it.each(broken)('rejects %s', (_what, breakIt) => {
    const json = JSON.parse(renderJson(buildReport(DIFF, EXPECTED, ACTUAL, 'error')));
    expect(validateReport(json)).toBe(true);
    breakIt(json);
    expect(validateReport(json)).toBe(false);
  });
});

describe('renderJson', () => {
  it('writes 2-space JSON with a trailing newline, verdict first', () => {
    const text = renderJson(buildReport(DIFF, EXPECTED, ACTUAL, 'warning'));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n').slice(0, 4)).toEqual(['{', '  "formatVersion": 1,', '  "status": "drift",', '  "failOn": "warning",']);
    expect(JSON.parse(text).changes).toEqual(ALL_CHANGES);
  });
});
