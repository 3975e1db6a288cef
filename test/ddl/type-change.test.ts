import { typeChange, type TypeFacts } from '../../src/ddl/type-change.js';

const facts: TypeFacts = {
  domainOver: (domain, base) => domain === 'app.pos' && base === 'integer',
  isEnum: (type) => type === 'app.mood',
};

test.each([
  // from, to, using, lossless, rewrites
  ['integer', 'bigint', null, true, true],
  ['bigint', 'integer', null, true, true], // fails on overflow rather than losing anything
  ['character varying(10)', 'character varying(20)', null, true, false],
  ['character varying(20)', 'character varying(10)', null, true, true],
  ['character varying(10)', 'text', null, true, false],
  ['text', 'character varying', null, true, false],
  ['numeric(10,2)', 'numeric(12,2)', null, true, false],
  ['numeric(10,3)', 'numeric(10,2)', null, false, true], // rounds
  ['numeric(10,2)', 'numeric', null, true, false],
  ['timestamp(3) without time zone', 'timestamp(6) without time zone', null, true, false],
  ['timestamp(6) without time zone', 'timestamp(3) without time zone', null, false, true],
  ['timestamp without time zone', 'timestamp with time zone', null, true, true],
  ['timestamp with time zone', 'timestamp without time zone', null, false, true],
  ['json', 'jsonb', null, false, true], // keys sorted, duplicates dropped
  ['jsonb', 'json', null, true, true],
  ['integer', 'integer[]', 'ARRAY[x]::integer[]', true, true],
  ['integer[]', 'integer', 'x[1]::integer', false, true],
  ['integer[]', 'bigint[]', null, true, true],
  ['text', 'app.mood', 'x::app.mood', true, true],
  ['app.mood', 'text', null, true, true],
  ['integer', 'app.pos', null, true, true],
  ['text', 'integer', 'x::integer', false, true],
  ['text', 'text', null, true, false], // a collation change
] as const)('%s → %s', (from, to, using, lossless, rewrites) => {
  expect(typeChange('x', from, to, facts)).toEqual({ using, lossless, rewrites });
});
