import { canonicalBody, canonicalFragment, collapseWhitespace, loadParser } from '../../src/compare/postgres/canonical.js';
import type { FragmentKind } from '../../src/compare/postgres/wrappers.js';

beforeAll(() => loadParser());

const same = (kind: FragmentKind, a: string, b: string) => canonicalFragment(kind, a) === canonicalFragment(kind, b);

describe('the same tree compares equal', () => {
  test.each([
    ['expression', "(('x'::text))", "'x'::text"],
    ['expression', '((1 + 2) * 3)', '(1 + 2) * 3'],
    ['expression', "nextval('users_id_seq'::regclass)", "nextval(('users_id_seq'::regclass))"],
    ['expression', "'x'::character varying", "'x'::varchar"],
    ['expression', '(1)::integer', '1::int4'],
    ['expression', '((a > 0) AND (b < 1))', 'a > 0 AND b < 1'],
    // PostgreSQL 13 prints SQL-standard calls as plain function calls; 14+ as the syntax.
    ['expression', 'SUBSTRING(k FROM 1 FOR 2)', '"substring"(k, 1, 2)'],
    ['expression', "(h AT TIME ZONE 'UTC'::text)", "timezone('UTC'::text, h)"],
    ['expression', "POSITION(('x'::text) IN (k))", "\"position\"(k, 'x'::text)"],
    ['expression', 'TRIM(BOTH FROM k)', 'btrim(k)'],
    ['constraint', 'CHECK ((amount > (0)::numeric))', 'CHECK (amount > 0::numeric)'],
    ['constraint', 'CHECK ((id > 0)) NOT VALID', 'CHECK ((id > 0))'],
    ['constraint', 'FOREIGN KEY (a) REFERENCES public.t(id) DEFERRABLE INITIALLY DEFERRED', 'FOREIGN KEY (a) REFERENCES public.t(id)'],
    ['index', 'CREATE INDEX a_idx ON public.t USING btree (x)', 'CREATE INDEX b_idx ON public.t USING btree (x)'],
    ['index', "CREATE INDEX a ON public.t USING btree (x) WITH (fillfactor='70')", 'CREATE INDEX a ON public.t USING btree (x)'],
    ['index', 'CREATE INDEX a ON public.t USING btree (x) WHERE ((x > 0))', 'CREATE INDEX a ON public.t USING btree (x) WHERE (x > 0)'],
    ['trigger', 'CREATE TRIGGER a BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION f()', 'CREATE TRIGGER b BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION f()'],
    // PostgreSQL 16+ prints a single relation's columns unqualified.
    ['view', ' SELECT users.id,\n    users.email\n   FROM app.users\n  WHERE users.id > 0;', ' SELECT id,\n    email\n   FROM app.users\n  WHERE id > 0;'],
    ['view', ' SELECT u.id\n   FROM app.users u\n  WHERE (EXISTS ( SELECT 1 FROM app.orders o WHERE o.user_id = u.id));', ' SELECT id\n   FROM app.users u\n  WHERE (EXISTS ( SELECT 1 FROM app.orders o WHERE o.user_id = u.id));'],
    // A lone relation sampled with TABLESAMPLE is still the only one in scope.
    ['view', ' SELECT pages.id\n   FROM cms.pages TABLESAMPLE system (10) REPEATABLE (42);', ' SELECT id\n   FROM cms.pages TABLESAMPLE system (10) REPEATABLE (42);'],
    ['view', ' SELECT p.id\n   FROM cms.pages p TABLESAMPLE bernoulli (5);', ' SELECT id\n   FROM cms.pages p TABLESAMPLE bernoulli (5);'],
    ['partition key', 'LIST (lower(kind))', 'LIST (lower((kind)))'],
    ['partition bound', "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", "FOR VALUES FROM ( '2024-01-01' ) TO ( '2025-01-01' )"],
    ['function arguments', 'a integer, b integer DEFAULT 1', 'a int4, b integer DEFAULT (1)'],
    ['sql body', ' SELECT a + b ', 'SELECT (a + b);'],
    ['sql body', 'RETURN (a + (b * (2 - 1)))', 'RETURN a + b * (2 - 1)'],
    ['sql body', 'BEGIN ATOMIC\n SELECT count(*) AS count\n    FROM app.users\n   WHERE (users.score >= 1);\nEND', 'BEGIN ATOMIC SELECT count(*) AS count FROM app.users WHERE score >= 1; END'],
  ] as const)('%s: %s ≡ %s', (kind, a, b) => {
    expect(same(kind, a, b)).toBe(true);
  });
});

describe('different trees stay different', () => {
  test.each([
    ['expression', "'a'::text", "'b'::text"],
    ['expression', 'now()', 'CURRENT_TIMESTAMP'],
    ['expression', "'x'::character varying", "'x'::text"],
    ['expression', "'x'", "'x'::text"],
    ['expression', '(a + b) * c', 'a + (b * c)'],
    ['expression', 'my_schema.lower(x)', 'lower(x)'],
    ['constraint', 'CHECK ((id > 0))', 'CHECK ((id >= 0))'],
    ['constraint', 'FOREIGN KEY (a) REFERENCES public.t(id) ON DELETE CASCADE', 'FOREIGN KEY (a) REFERENCES public.t(id)'],
    ['index', 'CREATE INDEX a ON public.t USING btree (x)', 'CREATE UNIQUE INDEX a ON public.t USING btree (x)'],
    ['index', 'CREATE INDEX a ON public.t USING btree (x)', 'CREATE INDEX a ON public.t USING btree (x DESC)'],
    ['index', 'CREATE INDEX a ON public.t USING btree (x)', 'CREATE INDEX a ON public.u USING btree (x)'],
    ['trigger', 'CREATE TRIGGER a BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION f()', 'CREATE TRIGGER a AFTER UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION f()'],
    // Two relations in scope: a qualifier can matter, so it is kept.
    ['view', 'SELECT u.id FROM app.users u JOIN app.orders o ON o.user_id = u.id', 'SELECT o.id FROM app.users u JOIN app.orders o ON o.user_id = u.id'],
    // A qualifier naming something other than the lone relation is not dropped.
    ['view', 'SELECT x.id FROM app.users u', 'SELECT id FROM app.users u'],
    ['view', 'SELECT pages.id FROM cms.pages p TABLESAMPLE system (10)', 'SELECT id FROM cms.pages p TABLESAMPLE system (10)'],
    ['sql body', 'SELECT a + b', 'SELECT a - b'],
  ] as const)('%s: %s ≢ %s', (kind, a, b) => {
    expect(same(kind, a, b)).toBe(false);
  });
});

describe('text that does not parse', () => {
  test('falls back to whitespace-normalised text, never equal to a parsed tree', () => {
    expect(canonicalFragment('expression', 'this is ((( not sql')).toBe('text:this is ((( not sql');
    expect(same('expression', 'this  is\n(((  not sql', 'this is ((( not sql')).toBe(true);
    expect(canonicalFragment('expression', '1').startsWith('tree:')).toBe(true);
  });

  test('whitespace inside literals and quoted names is kept', () => {
    expect(collapseWhitespace("a  =\n 'x  y' ;")).toBe("a = 'x  y'");
    expect(collapseWhitespace('"a  b"   c')).toBe('"a  b" c');
    expect(collapseWhitespace("'it''s  ok'  x")).toBe("'it''s  ok' x");
  });
});

describe('routine bodies', () => {
  test('plpgsql: only line endings and trailing whitespace are ignored', () => {
    const body = '\nBEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND;\n';
    expect(canonicalBody('plpgsql', body)).toBe(canonicalBody('plpgsql', body.replace(/\n/g, '  \r\n')));
    expect(canonicalBody('plpgsql', body)).not.toBe(canonicalBody('plpgsql', body.replace('  NEW', 'NEW')));
    expect(canonicalBody('plpgsql', body)).not.toBe(canonicalBody('plpgsql', body.replace('now()', 'clock_timestamp()')));
  });

  test('sql: through the parser', () => {
    expect(canonicalBody('sql', ' SELECT a + b ')).toBe(canonicalBody('sql', 'select (a+b)'));
  });
});
