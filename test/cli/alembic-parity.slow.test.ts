import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { FIXTURE_APP, alembic, alembicAvailable } from '../migrations/alembic-helpers.js';

// `pgdrift history`, `heads` and `current` print what `alembic history`, `heads` and `current`
// print, byte for byte. Real Alembic is the oracle, on the fixtures and on small projects written
// here for the cases they lack: no docstring, a docstring without a blank line, two unmerged
// heads, a revision both merge and branch point, depends_on (an "effective head").
const available = await alembicAvailable();
if (!available) console.warn('Skipping the Alembic history/heads/current parity tests: python3 with alembic, sqlalchemy and psycopg2 is not installed');
const describeIf = available ? describe : describe.skip;

const FIXTURES = join(FIXTURE_APP, '..');
const TIMEOUT = 300_000;

interface Spec {
  readonly file: string;
  readonly id: string;
  readonly down: string | readonly string[] | null;
  readonly labels?: readonly string[];
  readonly deps?: readonly string[];
  /** The docstring's text between the triple quotes; null for a file without one. */
  readonly doc: string | null;
}

const py = (v: string | readonly string[] | null | undefined): string =>
  v === null || v === undefined ? 'None' : typeof v === 'string' ? `'${v}'` : `(${v.map((x) => `'${x}'`).join(', ')}${v.length === 1 ? ',' : ''})`;

function revisionFile(s: Spec): string {
  const doc = s.doc === null ? '' : `"""${s.doc}"""\n`;
  return `${doc}revision = '${s.id}'\ndown_revision = ${py(s.down)}\nbranch_labels = ${py(s.labels)}\ndepends_on = ${py(s.deps)}\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n`;
}

/** Small projects for what the fixtures do not have; revision bodies do nothing. */
const PROJECTS: Record<string, readonly Spec[]> = {
  linear: [
    { file: '001_first.py', id: 'aa01', down: null, doc: 'first revision\n\nRevision ID: aa01\nRevises:\nCreate Date: 2024-01-01 00:00:00\n\n' },
    { file: '002_nodoc.py', id: 'aa02', down: 'aa01', doc: null },
    { file: '003_tight.py', id: 'aa03', down: 'aa02', doc: 'no blank line after the message\nRevision ID: aa03\n' },
    { file: '004_spaced.py', id: 'aa04', down: 'aa03', doc: '\n    indented message, café\n\n    second paragraph\n    ' },
    { file: '005_empty.py', id: 'aa05', down: 'aa04', doc: '' },
  ],
  // b's file sorts before a's, and its id after: Alembic goes by files.
  unmerged: [
    { file: '1_base.py', id: 'base1', down: null, doc: 'base' },
    { file: '2_b.py', id: 'zz_b', down: 'base1', labels: ['left'], doc: 'the b side' },
    { file: '3_a.py', id: 'aa_a', down: 'base1', doc: 'the a side' },
    { file: '4_merge.py', id: 'mm', down: ['zz_b', 'aa_a'], doc: 'merge that branches again' },
    { file: '5_d.py', id: 'dd', down: 'mm', doc: 'one head' },
    { file: '6_c.py', id: 'cc', down: 'mm', doc: 'the other head' },
  ],
  'depends-on': [
    { file: 'a1.py', id: 'x1', down: null, doc: 'x line' },
    { file: 'b1.py', id: 'y1', down: null, labels: ['other'], doc: 'y line, needed by x2 only through depends_on' },
    { file: 'c1.py', id: 'x2', down: 'x1', deps: ['other'], doc: 'x after y' },
    { file: 'd1.py', id: 'z1', down: null, doc: 'z line' },
    { file: 'e1.py', id: 'x3', down: 'x2', deps: ['z1'], doc: 'x after z' },
  ],
};

async function writeProject(root: string, name: string, specs: readonly Spec[]): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, 'migrations', 'versions'), { recursive: true });
  await copyFile(join(FIXTURES, 'branches', 'alembic.ini'), join(dir, 'alembic.ini'));
  await copyFile(join(FIXTURES, 'branches', 'migrations', 'env.py'), join(dir, 'migrations', 'env.py'));
  for (const s of specs) await writeFile(join(dir, 'migrations', 'versions', s.file), revisionFile(s));
  return dir;
}

/**
 * Where Alembic iterates a Python set its order changes from run to run (string hashing is
 * randomized): branch names, the revisions a branch point leads to, several current revisions.
 * Those lists are compared as sets; everything else byte for byte.
 */
function unordered(text: string): string {
  const lists = text
    .replace(/^(Branches into|Branch names): (.*)$/gm, (_m, key: string, list: string) => `${key}: ${list.split(', ').sort().join(', ')}`)
    .replace(/\(([\w, ]+, [\w, ]+)\)/g, (_m, list: string) => `(${list.split(', ').sort().join(', ')})`);
  return lists;
}

/** `current` prints one item per current revision, in set order: sort the items. */
function currentItems(text: string): string {
  const [header, ...blocks] = text.split(/^(?=Rev: )/m);
  if (blocks.length > 0) return [header, ...blocks.sort()].join('');
  return `${text.trimEnd().split('\n').sort().join('\n')}\n`;
}

describeIf('history, heads and current print what real Alembic prints', () => {
  let scratch: string;
  const dirs: Record<string, string> = {};
  const databases: TestDatabase[] = [];

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'pgdrift-parity-'));
    for (const name of ['branches', 'idioms', 'app']) dirs[name] = join(FIXTURES, name);
    for (const [name, specs] of Object.entries(PROJECTS)) dirs[name] = await writeProject(scratch, name, specs);
  });

  afterAll(async () => {
    await Promise.all(databases.map((d) => d.drop()));
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  const projects = ['linear', 'branches', 'idioms', 'app', 'unmerged', 'depends-on'];
  const commands = [['history'], ['history', '--verbose'], ['heads'], ['heads', '--verbose']];
  test.each(projects.flatMap((p) => commands.map((c) => [p, c.join(' ')] as const)))('%s: pgdrift %s', async (project, command) => {
    const args = command.split(' ');
    const dir = dirs[project] as string;
    const [ours, theirs] = await Promise.all([runCli([...args, '--migrations', dir]), alembic(dir, args, 'postgres://unused@127.0.0.1:1/unused')]);
    expect(ours.stderr).toBe('');
    expect(ours.code).toBe(0);
    expect(theirs).not.toBe('');
    expect(unordered(ours.stdout)).toBe(unordered(theirs));
  }, TIMEOUT);

  /** Per project: the states (`alembic stamp` arguments) `current` is compared at. */
  /** Per project: the states (`alembic stamp` arguments) `current` is compared at. */
  const STATES: Record<string, readonly (readonly string[])[]> = {
    linear: [[], ['aa05']],
    branches: [['c3'], ['d4a', 'd4b'], ['e5']],
    idioms: [['9c1d0000015a', '9c1d0000015b'], ['9c1d00000016']],
    unmerged: [['mm'], ['cc', 'dd']],
    'depends-on': [['x3'], ['x1', 'y1']],
  };

  test.each(Object.keys(STATES))('%s: pgdrift current and current --verbose at each state', async (project) => {
    const dir = dirs[project] as string;
    const db = await createTestDatabase('pgdrift_parity');
    databases.push(db);
    const compareAt = async (label: string) => {
      for (const verbose of [[], ['--verbose']]) {
        const ours = await runCli(['current', ...verbose, '--db', db.url, '--migrations', dir]);
        // env.py hands SQLAlchemy the URL as postgresql+psycopg2://; the printer is not to blame.
        const theirs = (await alembic(dir, ['current', ...verbose], db.url)).replace('postgresql+psycopg2://', 'postgres://');
        expect({ label, verbose: verbose.length > 0, stderr: ours.stderr, code: ours.code }).toEqual({ label, verbose: verbose.length > 0, stderr: '', code: 0 });
        expect({ label, out: unordered(currentItems(ours.stdout)) }).toEqual({ label, out: unordered(currentItems(theirs)) });
      }
    };
    for (const state of STATES[project] as readonly string[][]) {
      // [] is a database without a version table.
      if (state.length > 0) await alembic(dir, ['stamp', '--purge', ...state], db.url);
      await compareAt(state.join(' ') || 'no version table');
    }
  }, TIMEOUT);
});
