import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTextFile } from '../../src/cli/write-text-file.js';

/*
 * -o FILE is all or nothing: the text goes to a temporary file beside FILE, renamed over it at
 * the end, so a run that fails or is killed half-way never leaves half a report.
 */

const made: string[] = [];
const newDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'pgdrift-write-'));
  made.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

test('writes the text and leaves nothing else in the folder', () => {
  const dir = newDir();
  const text = `${'é'.repeat(700_000)}😀${'x'.repeat(400_000)}`; // more than one chunk, an astral character at the seam
  writeTextFile(join(dir, 'out.json'), text);
  expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe(text);
  expect(readdirSync(dir)).toEqual(['out.json']);
});

test('replaces the file instead of rewriting it in place: a second name for the old file keeps the old text', () => {
  // Written in place, the old bytes would be truncated and overwritten under every name of the
  // file; a killed run would leave them half-written. A rename leaves the old file whole.
  const dir = newDir();
  writeFileSync(join(dir, 'out.json'), 'old report');
  linkSync(join(dir, 'out.json'), join(dir, 'previous.json'));
  writeTextFile(join(dir, 'out.json'), 'new report');
  expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe('new report');
  expect(readFileSync(join(dir, 'previous.json'), 'utf8')).toBe('old report');
});

test('a failure half-way removes the temporary file and leaves the old file whole', () => {
  const dir = newDir();
  writeFileSync(join(dir, 'out.json'), 'old report');
  // Text that breaks after its first megabyte went out, as a full disk would.
  let chunks = 0;
  const failing = {
    length: 3 << 20,
    charCodeAt: () => 0x78,
    slice: () => {
      if (++chunks > 1) throw new Error('ENOSPC: no space left on device');
      return 'x'.repeat(1 << 20);
    },
  } as unknown as string;
  expect(() => writeTextFile(join(dir, 'out.json'), failing)).toThrow(/ENOSPC/);
  expect(chunks).toBe(2);
  expect(readdirSync(dir)).toEqual(['out.json']);
  expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe('old report');
});

test('a folder in the way fails and is left alone', () => {
  const dir = newDir();
  mkdirSync(join(dir, 'out.json'));
  writeFileSync(join(dir, 'out.json', 'keep'), 'kept');
  expect(() => writeTextFile(join(dir, 'out.json'), 'report')).toThrow(/EISDIR/);
  expect(readdirSync(dir)).toEqual(['out.json']);
  expect(readdirSync(join(dir, 'out.json'))).toEqual(['keep']);
});

test('a missing folder fails with ENOENT and creates nothing', () => {
  const dir = newDir();
  expect(() => writeTextFile(join(dir, 'no', 'out.json'), 'report')).toThrow(/ENOENT/);
  expect(readdirSync(dir)).toEqual([]);
});

test('an existing file keeps its permissions', () => {
  const dir = newDir();
  writeFileSync(join(dir, 'out.sql'), 'old');
  chmodSync(join(dir, 'out.sql'), 0o640);
  writeTextFile(join(dir, 'out.sql'), 'new');
  expect(statSync(join(dir, 'out.sql')).mode & 0o777).toBe(0o640);
});

test('through a symbolic link, the file it names is replaced and the link stays', () => {
  const dir = newDir();
  mkdirSync(join(dir, 'real'));
  writeFileSync(join(dir, 'real', 'snap.json'), 'old');
  symlinkSync(join(dir, 'real', 'snap.json'), join(dir, 'link.json'));
  writeTextFile(join(dir, 'link.json'), 'new');
  expect(readFileSync(join(dir, 'real', 'snap.json'), 'utf8')).toBe('new');
  expect(statSync(join(dir, 'link.json')).isFile()).toBe(true);
  expect(readdirSync(dir).sort()).toEqual(['link.json', 'real']);
  expect(readdirSync(join(dir, 'real'))).toEqual(['snap.json']);
});

test('what is not a regular file (a FIFO, like /dev/stdout) is written in place', async () => {
  const dir = newDir();
  const fifo = join(dir, 'pipe');
  if (spawnSync('mkfifo', [fifo]).status !== 0) throw new Error('mkfifo failed');
  const reader = spawn('cat', [fifo]);
  let got = '';
  reader.stdout.on('data', (d: Buffer) => (got += d.toString()));
  const done = new Promise((resolve) => reader.on('close', resolve));
  writeTextFile(fifo, 'through the pipe');
  await done;
  expect(got).toBe('through the pipe');
  expect(readdirSync(dir)).toEqual(['pipe']);
});
