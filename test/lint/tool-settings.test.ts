import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { confMixed, flywayMixed, tomlMixed } from '../../src/lint/flyway-settings.js';
import { GOLANG_MIGRATE_DEFAULT_MAX_SIZE, splitLikeGolangMigrate, tooLongForGolangMigrate } from '../../src/lint/golang-migrate-split.js';
import { multiStatementPlan } from '../../src/lint/multi-statement-plan.js';
import { resolveToolSettings } from '../../src/lint/tool-settings.js';
import { fileTransaction, flywayKnowsNonTransactional, needsNoTransaction } from '../../src/lint/transactions.js';

describe("golang-migrate's x-multi-statement splitter", () => {
  test('cuts after every ;, quoted or not, the ; kept with its piece', () => {
    expect(splitLikeGolangMigrate("SELECT 'a;b';\nSELECT 2").map((p) => [p.text, p.cut])).toEqual([
      ["SELECT 'a;", true],
      ["b';", true],
      ['\nSELECT 2', false],
    ]);
    expect(splitLikeGolangMigrate('SELECT 1;').map((p) => p.text)).toEqual(['SELECT 1;']);
    expect(splitLikeGolangMigrate('é;').map((p) => p.bytes)).toEqual([3]);
  });

  test("the scanner's limit: at least its 4096-byte first buffer, one byte less for a last piece without ;", () => {
    expect(GOLANG_MIGRATE_DEFAULT_MAX_SIZE).toBe(10485760);
    expect(tooLongForGolangMigrate({ bytes: 4096, cut: true }, 10)).toBe(false);
    expect(tooLongForGolangMigrate({ bytes: 4097, cut: true }, 10)).toBe(true);
    expect(tooLongForGolangMigrate({ bytes: 4096, cut: false }, 10)).toBe(true);
    expect(tooLongForGolangMigrate({ bytes: 20000, cut: true }, 20000)).toBe(false);
    expect(tooLongForGolangMigrate({ bytes: 20001, cut: true }, 20000)).toBe(true);
    expect(tooLongForGolangMigrate({ bytes: 10485760, cut: true }, 0)).toBe(false);
    expect(tooLongForGolangMigrate({ bytes: 10485761, cut: true }, -1)).toBe(true);
  });
});

describe('what golang-migrate runs of a file in multi-statement mode', () => {
  test('each piece outside a transaction, unless the file opens one; comment-only pieces are not statements', async () => {
    const plan = await multiStatementPlan('-- head; note\nCREATE INDEX CONCURRENTLY a ON t (x);\nBEGIN;\nALTER TABLE t ADD c int;\nCOMMIT;\n', 'x.up.sql', 0);
    expect(plan.stop?.rule).toBe('multi-statement-split'); // " note\nCREATE …" is not SQL: the comment's ; cut it
    const clean = await multiStatementPlan('-- head\nCREATE INDEX CONCURRENTLY a ON t (x);\n/* only a comment */;\nBEGIN;\nALTER TABLE t ADD c int;\nCOMMIT;\n', 'x.up.sql', 0);
    expect(clean.stop).toBeNull();
    expect(clean.statements.map((s) => [s.sql, s.line, s.transactional])).toEqual([
      ['CREATE INDEX CONCURRENTLY a ON t (x)', 2, false],
      ['BEGIN', 4, false],
      ['ALTER TABLE t ADD c int', 5, true],
      ['COMMIT', 6, true],
    ]);
  });

  test('stops at a function body cut at its ;, with what ran before it, at the line the cut query starts', async () => {
    const plan = await multiStatementPlan('CREATE TABLE t (x int);\n\nCREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND $$ LANGUAGE plpgsql;\n', 'x.up.sql', 0);
    expect(plan.statements.map((s) => s.sql)).toEqual(['CREATE TABLE t (x int)']);
    expect(plan.stop).toMatchObject({ rule: 'multi-statement-split', statement: { line: 3 } });
    expect(plan.stop?.message).toMatch(/from line 3 to 5 .*not whole SQL.*unterminated dollar-quoted string/);
    expect(plan.stop?.message).not.toContain('\n');
  });

  test('stops at a statement over x-multi-statement-max-size', async () => {
    const long = `COMMENT ON TABLE t IS '${'x'.repeat(5000)}';`;
    const plan = await multiStatementPlan(`CREATE TABLE t (x int);\n${long}`, 'x.up.sql', 100);
    expect(plan.stop?.message).toMatch(/token too long.*5026 bytes, more than its scanner holds \(4096 bytes, from x-multi-statement-max-size 100\)/);
    expect((await multiStatementPlan(`CREATE TABLE t (x int);\n${long}`, 'x.up.sql', 6000)).stop).toBeNull();
  });
});

describe("Flyway's mixed", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'pgdrift-flyway-'));
    mkdirSync(join(root, 'db', 'migrations'), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const dir = () => join(root, 'db', 'migrations');

  test('read from the nearest folder up from the migrations holding a config file; TOML over CONF, flyway.user.toml over flyway.toml', () => {
    expect(flywayMixed({ dir: dir() })).toEqual({ value: false, from: 'Flyway default' });
    writeFileSync(join(root, 'flyway.conf'), 'flyway.url=jdbc:postgresql://db/app\nflyway.mixed = true\n');
    expect(flywayMixed({ dir: dir() }).value).toBe(true);
    writeFileSync(join(root, 'db', 'flyway.toml'), '[environments.default]\nurl = "jdbc:postgresql://db/app"\n\n[flyway]\nlocations = ["filesystem:migrations"]  # the V files\n');
    expect(flywayMixed({ dir: dir() }).value).toBe(false); // db/ is nearer; its TOML says nothing: Flyway's default
    writeFileSync(join(root, 'db', 'flyway.user.toml'), '[flyway]\nmixed = true # CONCURRENTLY beside other DDL\n');
    expect(flywayMixed({ dir: dir() })).toMatchObject({ value: true, from: expect.stringMatching(/mixed = true in .*flyway\.user\.toml:2$/) });
    writeFileSync(join(dir(), 'flyway.conf'), 'flyway.mixed=false\n');
    expect(flywayMixed({ dir: dir() }).value).toBe(false);
  });

  test('the flag over FLYWAY_MIXED over the files, as Flyway ranks them; --flyway-config instead of the files found', () => {
    writeFileSync(join(root, 'flyway.toml'), 'flyway.mixed = true\n');
    writeFileSync(join(root, 'elsewhere.conf'), 'flyway.mixed=false\n');
    expect(flywayMixed({ dir: dir(), env: 'false' }).value).toBe(false);
    expect(flywayMixed({ dir: dir(), env: 'false', flag: true })).toEqual({ value: true, from: '--flyway-mixed' });
    expect(flywayMixed({ dir: dir(), configFiles: [join(root, 'elsewhere.conf')] }).value).toBe(false);
    expect(() => flywayMixed({ dir: dir(), configFiles: [`${join(root, 'flyway.toml')},${join(root, 'elsewhere.conf')}`] })).toThrow(/\.toml and \.conf config files together/);
    expect(() => flywayMixed({ dir: dir(), configFiles: [join(root, 'missing.toml')] })).toThrow(/missing\.toml: cannot read the Flyway config file \(ENOENT\)/);
    expect(() => flywayMixed({ dir: dir(), env: 'yes' })).toThrow(/FLYWAY_MIXED must be true or false.*"yes"/);
  });

  test('a value Flyway refuses is exit 2 at file:line', () => {
    expect(() => tomlMixed('[flyway]\n\nmixed = yes\n', 'flyway.toml')).toThrow(/^flyway\.toml:3: mixed must be true or false, found yes$/);
    expect(() => confMixed('# x\nflyway.mixed=TRUE\n', 'flyway.conf')).toThrow(/^flyway\.conf:2: flyway\.mixed must be true or false .*"TRUE"/);
    expect(tomlMixed('[environments.default]\nmixed = 1\n[flyway]\nmixed = "true"\n', 'f.toml')).toEqual({ key: 'mixed', value: true, line: 4 });
    expect(confMixed('flyway.mixed: \\\n   false\n', 'f.conf')).toEqual({ key: 'flyway.mixed', value: false, line: 1 });
    expect(confMixed('#flyway.mixed=oops\nflyway.mixedX=1\n', 'f.conf')).toBeNull();
  });

  test('a file mixing both kinds runs without a transaction with mixed, in one without (where Flyway refuses it)', () => {
    expect(fileTransaction('flyway', { statements: 2, nonTransactional: 1, flywayMixed: true })).toBe(false);
    expect(fileTransaction('flyway', { statements: 2, nonTransactional: 0, flywayMixed: true })).toBe(true);
    expect(fileTransaction('flyway', { statements: 2, nonTransactional: 1, flywayMixed: false })).toBe(true);
  });
});

test("a tool's setting given for another tool's migrations, or a bad size, is exit 2 naming the flag", () => {
  expect(() => resolveToolSettings('flyway', 'sql', { golangMigrateMultiStatement: true })).toThrow(/--golang-migrate-multi-statement is a golang-migrate setting, and sql holds flyway migrations/);
  expect(() => resolveToolSettings('dbmate', 'db', { flywayMixed: true })).toThrow(/--flyway-mixed is a Flyway setting/);
  expect(() => resolveToolSettings('golang-migrate', 'db', { golangMigrateMultiStatement: true, golangMigrateMultiStatementMaxSize: Number.NaN })).toThrow(/--golang-migrate-multi-statement-max-size must be a whole number of bytes, found NaN/);
  expect(() => resolveToolSettings('golang-migrate', 'db', { golangMigrateMultiStatementMaxSize: 100 })).toThrow(/applies only with --golang-migrate-multi-statement/);
  expect(resolveToolSettings('golang-migrate', 'db', { golangMigrateMultiStatement: true })).toEqual({ golangMigrateMultiStatement: { maxSize: 0 } });
  expect(resolveToolSettings('golang-migrate', 'db', { golangMigrateMultiStatement: false })).toEqual({});
});

test("Flyway's own list of non-transactional statements, narrower than what PostgreSQL refuses", () => {
  const reindexConcurrently = { ReindexStmt: { kind: 'REINDEX_OBJECT_INDEX', params: [{ DefElem: { defname: 'concurrently' } }] } };
  expect(needsNoTransaction(reindexConcurrently, 160000)).toBe('REINDEX CONCURRENTLY');
  expect(flywayKnowsNonTransactional(reindexConcurrently, 160000)).toBe(false);
  expect(flywayKnowsNonTransactional({ ReindexStmt: { kind: 'REINDEX_OBJECT_SCHEMA' } }, 160000)).toBe(true);
  expect(flywayKnowsNonTransactional({ IndexStmt: { concurrent: true } }, 160000)).toBe(true);
  expect(flywayKnowsNonTransactional({ DropStmt: { concurrent: true, removeType: 'OBJECT_INDEX' } }, 160000)).toBe(true);
  expect(flywayKnowsNonTransactional({ DiscardStmt: { target: 'DISCARD_ALL' } }, 160000)).toBe(true);
  expect(flywayKnowsNonTransactional({ CreatedbStmt: {} }, 160000)).toBe(true);
  expect(flywayKnowsNonTransactional({ VacuumStmt: {} }, 160000)).toBe(false); // ANALYZE
  expect(flywayKnowsNonTransactional({ AlterEnumStmt: { newVal: 'x' } }, 110000)).toBe(true);
  expect(flywayKnowsNonTransactional({ AlterEnumStmt: { newVal: 'x' } }, 160000)).toBe(false);
});
