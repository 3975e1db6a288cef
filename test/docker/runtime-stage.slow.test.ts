import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/*
 * There is no Docker engine where the tests run, so the image itself is not built here. What
 * can be checked is that the Dockerfile's runtime stage holds everything the CLI needs: its
 * COPY steps are replayed into an empty folder — dist/ from this build, node_modules from
 * `npm ci --omit=dev` (what `npm prune --omit=dev` leaves in the build stage) — and pgdrift runs
 * from there: --version, and a check against a real database with a .sql expected schema (the
 * embedded PGlite shadow, the catalog queries and the JSON Schemas all come from that folder).
 */

const TIMEOUT = 300_000;
const image = mkdtempSync(join(tmpdir(), 'pgdrift-runtime-'));
let db: TestDatabase;

afterAll(async () => {
  await db?.drop();
  rmSync(image, { recursive: true, force: true });
});

/** The runtime stage's COPY steps: `[from, to]`, `from` relative to the repository (the build stage's /src is the repository built). */
function runtimeCopies(): [string, string][] {
  const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  return [...runtime.matchAll(/^COPY (?:--from=build )?(\S+) (\S+)$/gm)].map((m) => [m[1]!.replace(/^\/src\//, ''), m[2]!]);
}

test(
  "the Dockerfile's runtime stage holds what the CLI needs: --version and a check run from a copy of it",
  async () => {
    const copies = runtimeCopies();
    expect(copies.map(([from]) => from)).toEqual(expect.arrayContaining(['package.json', 'node_modules', 'dist', 'schemas']));
    for (const [from, to] of copies) {
      if (from === 'node_modules') continue;
      // `COPY file ./` puts it into the folder under its own name.
      cpSync(join(repoRoot, from), join(image, to.endsWith('/') ? join(to, from.split('/').pop()!) : to), { recursive: true });
    }
    // node_modules as the build stage leaves it: production dependencies only.
    cpSync(join(repoRoot, 'package-lock.json'), join(image, 'package-lock.json'));
    execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: image, stdio: 'ignore' });
    rmSync(join(image, 'package-lock.json'));

    const cli = join(image, 'dist', 'cli', 'main.js');
    const version = spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version);

    db = await createTestDatabase('pgdrift_docker');
    await db.exec('CREATE TABLE account (id integer PRIMARY KEY, email text NOT NULL, legacy text);');
    const work = mkdtempSync(join(image, 'work-'));
    writeFileSync(join(work, 'schema.sql'), 'CREATE TABLE account (id integer PRIMARY KEY, email text NOT NULL);\n');
    const check = spawnSync(process.execPath, [cli, 'check', '--db', db.url, '--expected', 'schema.sql', '--format', 'json'], { cwd: work, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(1);
    expect((JSON.parse(check.stdout) as { changes: { id: string }[] }).changes.map((c) => c.id)).toEqual(['column:public.account.legacy']);
  },
  TIMEOUT,
);
