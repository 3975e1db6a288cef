import { dollarQuote, ident, literal, qualified, role, withSuffix } from '../../src/ddl/quote.js';

test('identifiers are quoted exactly when PostgreSQL needs it', () => {
  expect(ident('users')).toBe('users');
  expect(ident('user')).toBe('"user"'); // reserved
  expect(ident('select')).toBe('"select"');
  expect(ident('name')).toBe('name'); // unreserved keyword
  expect(ident('Orders')).toBe('"Orders"');
  expect(ident('order items')).toBe('"order items"');
  expect(ident('a"b')).toBe('"a""b"');
  expect(ident('1st')).toBe('"1st"');
  expect(ident('café')).toBe('"café"');
});

test('qualified names quote each part', () => {
  expect(qualified('app', 'user')).toBe('app."user"');
  expect(qualified('My App', 't')).toBe('"My App".t');
});

test('PUBLIC is the pseudo-role, any other grantee a name', () => {
  expect(role('public')).toBe('PUBLIC');
  expect(role('Public')).toBe('"Public"');
  expect(role('app')).toBe('app');
});

test('literals double quotes and leave backslashes alone (standard_conforming_strings)', () => {
  expect(literal("it's")).toBe("'it''s'");
  expect(literal('a\\b')).toBe("'a\\b'");
});

test('dollar quoting picks a tag the body cannot end early', () => {
  expect(dollarQuote('SELECT 1')).toBe('$$SELECT 1$$');
  expect(dollarQuote('SELECT $$x$$')).toBe('$body$SELECT $$x$$$body$');
  // A body ending in `$` would run into a closing `$$`.
  expect(dollarQuote('SELECT 1 -- costs $')).toBe('$body$SELECT 1 -- costs $$body$');
  expect(dollarQuote('$body$ and $$')).toBe('$body2$$body$ and $$$body2$');
});

test('a suffixed name fits in 63 bytes', () => {
  expect(withSuffix('mood', '__old')).toBe('mood__old');
  const long = withSuffix('x'.repeat(63), '__pgdrift_old');
  expect(long).toHaveLength(63);
  expect(long.endsWith('__pgdrift_old')).toBe(true);
});
