import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare } from '../../src/compare/compare.js';
import type { Change } from '../../src/compare/change.js';
import { planChanges } from '../../src/ddl/plan.js';
import type { DdlPlan } from '../../src/ddl/statement.js';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { RemedyProver } from '../../src/diagnose/prove-remedy.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { renderDiagnosisText } from '../../src/report/diagnose-text.js';
import { snapshotDatabase } from '../../src/sources/database.js';
import { createTestDatabase, serverUrl, type TestDatabase } from '../helpers/db.js';
import { applyRemedy, diagnosisValidator } from './support/remedies.js';

// Remedy scripts are run on a copy of the live schema before they are offered (issue: a
// `finish` that created an index on a column the half-created table did not have yet).
const TIMEOUT = 180_000;
const databases: TestDatabase[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function database(sql: string): Promise<TestDatabase> {
  const db = await createTestDatabase('pgdrift_proof');
  databases.push(db);
  if (sql) await db.exec(sql);
  return db;
}

async function schemaOf(sql: string): Promise<Snapshot> {
  return snapshotDatabase((await database(sql)).url);
}

const statement = (sql: string, transactional = true) => ({ sql, changeIds: [], hazards: [], transactional });
const plan = (...statements: ReturnType<typeof statement>[]): DdlPlan => ({ statements, withheld: [], manual: [] });
const all = (): boolean => true;

describe('RemedyProver: a script is offered only when it does on a copy what it says', () => {
  const LIVE = 'CREATE TABLE notes (id int PRIMARY KEY); CREATE TYPE mood AS ENUM (\'ok\')';
  const TARGET = `${LIVE}; ALTER TABLE notes ADD COLUMN body text; CREATE INDEX notes_body_idx ON notes (body)`;
  let live: Snapshot;
  let target: Snapshot;
  let prover: RemedyProver;
  let concerned: (c: Change) => boolean;

  beforeAll(async () => {
    [live, target] = await Promise.all([schemaOf(LIVE), schemaOf(TARGET)]);
    prover = new RemedyProver(live, {});
    const ids = new Set((await compare(target, live)).changes.map((c) => c.id));
    concerned = (c) => ids.has(c.id);
  }, TIMEOUT);
  afterAll(async () => prover?.close());

  test("the planner's own finish plan runs on the copy and leaves nothing it is for", async () => {
    const diff = await compare(target, live);
    expect(diff.changes.length).toBeGreaterThan(0);
    const finish = planChanges(live, target, diff.changes, { unsafe: true, concurrently: true });
    expect(finish.statements.some((s) => /CONCURRENTLY/.test(s.sql))).toBe(true);
    expect(await prover.prove(finish, target, concerned)).toBeNull();
  }, TIMEOUT);

  test('a statement that fails on the copy withholds the script, naming the statement and the error', async () => {
    const broken = plan(statement('CREATE INDEX notes_body_idx ON public.notes (body)'), statement('ALTER TABLE public.notes ADD COLUMN body text'));
    expect(await prover.prove(broken, target, concerned)).toBe(
      'run on a copy of the live schema, it fails at `CREATE INDEX notes_body_idx ON public.notes (body)`: column "body" does not exist',
    );
  }, TIMEOUT);

  test('a statement no shadow may run is refused before anything runs, and withholds the script', async () => {
    const hostile = plan(statement('ALTER TABLE public.notes ADD COLUMN body text'), statement("COPY public.notes TO PROGRAM 'touch /tmp/pgdrift-owned'"));
    expect(await prover.prove(hostile, target, concerned)).toMatch(/^it is not run on a copy of the live schema: remedy script:2:1: COPY … TO PROGRAM is refused in a shadow database/);
  }, TIMEOUT);

  test('a script that runs but leaves its objects different from the target is withheld too', async () => {
    const short = plan(statement('ALTER TABLE public.notes ADD COLUMN body text'));
    expect(await prover.prove(short, target, concerned)).toMatch(/^run on a copy of the live schema, it leaves a difference it is meant to remove: .*notes_body_idx/);
  }, TIMEOUT);

  test('each proof starts from the live schema again: what an earlier one did is rolled back', async () => {
    const add = plan(statement('ALTER TABLE public.notes ADD COLUMN body text'), statement('CREATE INDEX notes_body_idx ON public.notes (body)'));
    expect(await prover.prove(add, target, concerned)).toBeNull();
    expect(await prover.prove(add, target, concerned)).toBeNull();
  }, TIMEOUT);

  test('ALTER TYPE … ADD VALUE runs as the script runs it (committed, on a copy of its own)', async () => {
    // Three round trips: a label added in a transaction cannot be used before it commits.
    const db = await database(LIVE);
    await db.exec("ALTER TYPE mood ADD VALUE 'sad'");
    await db.exec("CREATE TABLE feelings (m mood DEFAULT 'sad')");
    const withLabel = await snapshotDatabase(db.url);
    const ids = new Set((await compare(withLabel, live)).changes.map((c) => c.id));
    const script = plan(statement("ALTER TYPE public.mood ADD VALUE 'sad'", false), statement("CREATE TABLE public.feelings (m public.mood DEFAULT 'sad'::public.mood)"));
    expect(await prover.prove(script, withLabel, (c) => ids.has(c.id))).toBeNull();
    // The shared copy is untouched by it.
    expect(await prover.prove(plan(statement("ALTER TYPE public.mood ADD VALUE 'sad'", false)), withLabel, all)).toMatch(/leaves a difference/);
  }, TIMEOUT);
});

describe('RemedyProver on a server shadow (--shadow-url)', () => {
  test("the copy is built although its throwaway role may not own what the live owner (a superuser) owns", async () => {
    const live = await schemaOf('CREATE TABLE notes (id int PRIMARY KEY)');
    expect(live.tables[0]?.owner).not.toBeNull();
    const target = await schemaOf('CREATE TABLE notes (id int PRIMARY KEY, body text)');
    const diff = await compare(target, live);
    const prover = new RemedyProver(live, { shadowUrl: serverUrl() });
    try {
      const ids = new Set(diff.changes.map((c) => c.id));
      expect(await prover.prove(planChanges(live, target, diff.changes, { unsafe: true }), target, (c) => ids.has(c.id))).toBeNull();
    } finally {
      await prover.close();
    }
  }, TIMEOUT);
});

describe('diagnose: a revision that stopped after creating its table with only some of its columns', () => {
  async function project(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'pgdrift-halftable-'));
    dirs.push(dir);
    await writeFile(join(dir, '000001_users.up.sql'), 'CREATE TABLE users (id bigint PRIMARY KEY);\n');
    await writeFile(join(dir, '000001_users.down.sql'), 'DROP TABLE users;\n');
    await writeFile(
      join(dir, '000002_notes.up.sql'),
      'CREATE TABLE notes (id bigint PRIMARY KEY);\nALTER TABLE notes ADD COLUMN user_id bigint NOT NULL REFERENCES users (id);\nALTER TABLE notes ADD COLUMN body text;\nCREATE INDEX notes_user_id_body_idx ON notes (user_id, body);\n',
    );
    await writeFile(join(dir, '000002_notes.down.sql'), 'DROP TABLE notes;\n');
    return dir;
  }
  const halfway = () =>
    database(
      'CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE notes (id bigint PRIMARY KEY); ALTER TABLE notes ADD COLUMN user_id bigint NOT NULL REFERENCES users (id);' +
        'CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (2, true)',
    );

  test('finish and revert are offered, proven, and each applied with psql leaves the database clean at 2, or at 1 with 2 to run', async () => {
    const dir = await project();
    for (const kind of ['finish', 'revert'] as const) {
      const db = await halfway();
      const d = await diagnose(db.url, dir, { cacheDir: null });
      expect(diagnosisValidator()(d)).toBeNull();
      expect(d.state).toBe('half_applied');
      expect(d.withheldRemedies).toEqual([]);
      expect(d.remedies.map((r) => r.kind)).toEqual(['finish', 'revert']);
      const text = renderDiagnosisText(d, () => null, { color: false });
      expect(text).not.toMatch(/not offered/);
      await applyRemedy(db, d, kind);
      const after = await diagnose(db.url, dir, { cacheDir: null });
      expect({ kind, state: after.state, drift: after.drift, partial: after.partial }).toEqual({ kind, state: kind === 'finish' ? 'healthy' : 'behind', drift: [], partial: null });
    }
  }, TIMEOUT);
});
