import { hazardsOf, type Operation } from '../../src/ddl/hazards.js';

test.each([
  ['create', []],
  ['alter-table', ['access-exclusive-lock']],
  ['rewrite-table', ['rewrites-table', 'access-exclusive-lock']],
  ['check-rows', ['access-exclusive-lock', 'scans-table']],
  ['add-key', ['access-exclusive-lock', 'blocks-writes', 'scans-table']],
  ['add-foreign-key', ['blocks-writes', 'scans-table']],
  ['validate', ['scans-table']],
  ['create-index', ['blocks-writes']],
  ['create-unique-index', ['blocks-writes', 'scans-table']],
  ['concurrently', ['non-transactional']],
  ['enum-add-value', ['non-transactional']],
  ['light', []],
] as [Operation, string[]][])('%s on a table in use', (operation, hazards) => {
  expect(hazardsOf(operation, { inUse: true })).toEqual(hazards);
});

test('on a table nothing uses yet, only what is not about locks, scans and rewrites is left', () => {
  expect(hazardsOf('rewrite-table', { inUse: false })).toEqual([]);
  expect(hazardsOf('add-key', { inUse: false })).toEqual([]);
  expect(hazardsOf('concurrently', { inUse: false })).toEqual(['non-transactional']);
  expect(hazardsOf('alter-table', { inUse: false, destructive: true })).toEqual(['destructive']);
});
