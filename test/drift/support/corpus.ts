import pg from 'pg';
import type { Change, Diff } from '../../../src/compare/change.js';
import { compare } from '../../../src/compare/compare.js';
import { snapshotDatabase } from '../../../src/sources/database.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { prepareDrift, prepareSilent, type DriftCase, type Placeholders, type PreparedCase, type SilentCase } from './case.js';
import { matchChanges, summarise } from './match.js';
import { corpusRoles, execAdmin, serverVersionNum } from './server.js';

const SETUP_TIMEOUT_MS = 240_000;

/** PGDRIFT_DRIFT_KNOWN_BUGS=run runs the `knownBug` cases as ordinary tests, to see what they report. */
const KNOWN_BUGS_AS_FAILING = process.env.PGDRIFT_DRIFT_KNOWN_BUGS !== 'run';

/**
 * Registers a table of schema changes: each must be reported exactly as its `expect` says.
 *
 * All cases of a corpus share one pair of databases, each case in its own schema (created by
 * the harness and set as search_path while its SQL runs): creating and dropping a database per
 * case would cost seconds each. A change belongs to the case whose schema it names; a last test
 * checks that no change belongs to none.
 *
 * @example
 * runDriftCorpus('tables', 'tbl', [{ name: 'table added', base: '', change: 'CREATE TABLE t (a int)',
 *   expect: [{ kind: 'unexpected', objectType: 'table', idContains: 'table:{s}.t' }] }]);
 */
export function runDriftCorpus(title: string, tag: string, cases: readonly DriftCase[]): void {
  defineCorpus(title, tag, (schema, p, c) => prepareDrift(c as DriftCase, schema, p), cases);
}

/**
 * Registers a table of harmless operations: each case's two databases must compare equal.
 *
 * @example
 * runSilentCorpus('never drift', 'nd', [{ name: 'data', expected: 'CREATE TABLE t (a int)',
 *   actual: ['CREATE TABLE t (a int)', 'INSERT INTO t VALUES (1)'] }]);
 */
export function runSilentCorpus(title: string, tag: string, cases: readonly SilentCase[]): void {
  defineCorpus(title, tag, (schema, p, c) => prepareSilent(c as SilentCase, schema, p), cases);
}

interface Outcome {
  diff: Diff | null;
  setupError: Map<string, string>;
  fatal: unknown;
}

function defineCorpus<C extends DriftCase | SilentCase>(
  title: string,
  tag: string,
  prepare: (schema: string, p: Placeholders, c: C) => PreparedCase,
  cases: readonly C[],
): void {
  const roles = corpusRoles(tag);
  const prepared = cases.map((c, i) => {
    const schema = `${tag}${String(i + 1).padStart(3, '0')}`;
    return prepare(schema, { s: schema, ...roles }, c);
  });
  const names = new Set<string>();
  for (const c of prepared) {
    if (names.has(c.name)) throw new Error(`duplicate case name: ${c.name}`);
    names.add(c.name);
  }
  const runnable = prepared.filter((c) => c.minVersion === undefined || serverVersionNum >= c.minVersion);
  const outcome: Outcome = { diff: null, setupError: new Map(), fatal: null };
  const databases: TestDatabase[] = [];

  describe(title, () => {
    beforeAll(async () => {
      try {
        const [expectedDb, actualDb] = await openCorpusDatabases(roles, runnable, { first: 'expected', second: 'actual' }, databases, outcome.setupError);
        const [expected, actual] = await Promise.all([snapshotDatabase(expectedDb.url), snapshotDatabase(actualDb.url)]);
        outcome.diff = await compare(expected, actual);
      } catch (error) {
        outcome.fatal = error;
      }
    }, SETUP_TIMEOUT_MS);

    afterAll(() => closeCorpusDatabases(roles, databases), SETUP_TIMEOUT_MS);

    for (const c of prepared) {
      const skipped = c.minVersion !== undefined && serverVersionNum < c.minVersion;
      const define = skipped ? test.skip : c.knownBug !== undefined && KNOWN_BUGS_AS_FAILING ? test.failing : test;
      const label = skipped ? `${c.name} (needs server_version_num >= ${c.minVersion})` : c.name;
      define(label, () => {
        const diff = ready(outcome);
        const error = outcome.setupError.get(c.name);
        if (error !== undefined) throw new Error(`setup failed: ${error}`);
        const mine = diff.changes.filter((ch) => belongsTo(c, ch));
        expect(matchChanges(c.expect, mine)).toEqual({ notReported: [], extra: [] });
      });
    }

    test('every reported change belongs to a case', () => {
      const diff = ready(outcome);
      const orphans = diff.changes.filter((ch) => !runnable.some((c) => belongsTo(c, ch)));
      expect(orphans.map(summarise)).toEqual([]);
    });
  });
}

function ready(outcome: Outcome): Diff {
  if (outcome.fatal !== null) throw outcome.fatal;
  if (outcome.diff === null) throw new Error('corpus setup did not run');
  return outcome.diff;
}

/**
 * The pair of databases a corpus runs on: its roles (re)created, then each case's SQL applied
 * to each side (`first` gets `expectedSide`, `second` `actualSide`). The databases are also
 * pushed to `databases`, so that they are dropped even when a later step fails.
 *
 * @example
 * const [a, b] = await openCorpusDatabases(roles, cases, { first: 'A', second: 'B' }, databases, errors);
 */
export async function openCorpusDatabases(
  roles: Readonly<Record<string, string>>,
  cases: readonly PreparedCase[],
  sides: { readonly first: string; readonly second: string },
  databases: TestDatabase[],
  errors: Map<string, string>,
): Promise<[TestDatabase, TestDatabase]> {
  await execAdmin(
    Object.values(roles)
      .map((r) => `DROP ROLE IF EXISTS ${r}; CREATE ROLE ${r};`)
      .join('\n'),
  );
  const [first, second] = await Promise.all([createTestDatabase('pgdrift_drift'), createTestDatabase('pgdrift_drift')]);
  databases.push(first, second);
  await Promise.all([applyAll(first.url, sides.first, cases, (c) => c.expectedSide, errors), applyAll(second.url, sides.second, cases, (c) => c.actualSide, errors)]);
  return [first, second];
}

/** Drops a corpus's databases, then its roles. */
export async function closeCorpusDatabases(roles: Readonly<Record<string, string>>, databases: readonly TestDatabase[]): Promise<void> {
  await Promise.all(databases.map((d) => d.drop()));
  // The databases held every object the roles own or were granted: nothing else refers to them.
  await execAdmin(Object.values(roles).map((r) => `DROP ROLE IF EXISTS ${r};`).join('\n'));
}

/**
 * A change belongs to the case whose schema it names (or `{s}_…`), or that claims it.
 *
 * @example
 * belongsTo(caseInSchema('co001'), { schema: 'co001', … }) // true
 */
export function belongsTo(c: PreparedCase, change: Change): boolean {
  const s = change.schema;
  return (s !== null && (s === c.schema || s.startsWith(`${c.schema}_`))) || (c.claims?.(change) ?? false);
}

/**
 * Applies each case in its own schema over one session, in case order. A failing case is
 * recorded (its test fails) and the others go on.
 */
async function applyAll(
  url: string,
  sideName: string,
  cases: readonly PreparedCase[],
  side: (c: PreparedCase) => readonly string[],
  errors: Map<string, string>,
): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const c of cases) {
      try {
        await client.query(`RESET ROLE; CREATE SCHEMA "${c.schema}"; SET search_path TO "${c.schema}"`);
        for (const sql of side(c)) await client.query(sql);
      } catch (error) {
        if (!errors.has(c.name)) errors.set(c.name, `${sideName} database: ${(error as Error).message}`);
      }
    }
  } finally {
    await client.end();
  }
}
