#!/usr/bin/env node
/**
 * The outputs shown in README.md and docs/*.md, produced by the real CLI.
 *
 * A generated example is a ```console block preceded by an HTML comment:
 *
 *     <!-- example: pgdrift heads -->
 *     ```console
 *     $ npx pgdrift heads --migrations fixtures/alembic/app/migrations
 *     d6e7f8091a2b (audit, comments) (head)
 *     ```
 *
 * The label after `example:` is for people; the commands are the block's `$ ` lines. Each
 * `$ npx pgdrift ARGS` (or `$ pgdrift ARGS`) runs dist/cli/main.js (build first) and is followed
 * by what it printed, stdout then stderr; `$ echo $?` is followed by its exit code. Nothing else
 * may follow a `$ `, and the arguments may not use the shell ($VAR, globs, pipes): an example
 * this script can run is one that needs no database and no shell.
 *
 * The commands of one block run in a fresh temporary folder holding a link to the repository's
 * fixtures/, so `fixtures/…` paths read as in the repository and `-o FILE` or the
 * .pgdrift-cache of a `--migrations` command never land in the working tree.
 *
 *     node scripts/docs-examples.mjs           print every example as the tool prints it now,
 *                                               and exit 1 if one differs from the docs
 *     node scripts/docs-examples.mjs --write   rewrite the blocks that differ
 *
 * test/docs/examples.test.ts runs the same examples and fails when one drifts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

const MARKER = /^<!--\s*example(?::\s*(.*?))?\s*-->\s*$/;

/** README.md and every docs/*.md, the files whose examples are generated. */
export function documentedFiles(root = repoRoot) {
  const docs = readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => join(root, 'docs', f));
  return [join(root, 'README.md'), ...docs];
}

/**
 * Every marked example of a markdown file: its label, the line of its marker, the commands of
 * its block and the block's body as documented (without the fences). A marker not followed by a
 * ```console block, or a `$ ` line this script cannot run, is an error naming file:line.
 */
export function findExamples(file, root = repoRoot) {
  const name = relative(root, file);
  const lines = readFileSync(file, 'utf8').split('\n');
  const examples = [];
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^```/.test(line)) inFence = !inFence;
    const marker = !inFence && MARKER.exec(line);
    if (!marker) continue;
    const where = `${name}:${i + 1}`;
    if (lines[i + 1] !== '```console') throw new Error(`${where}: an example marker must be followed by a \`\`\`console block`);
    const end = lines.indexOf('```', i + 2);
    if (end < 0) throw new Error(`${where}: the example's block is not closed`);
    const body = lines.slice(i + 2, end).join('\n');
    const commands = body
      .split('\n')
      .filter((l) => l.startsWith('$ '))
      .map((l) => parseCommand(l.slice(2), where));
    if (commands.length === 0) throw new Error(`${where}: the example's block has no \`$ \` command`);
    examples.push({ file: name, line: i + 1, label: marker[1] || commands[0].text, commands, documented: body, bodyStart: i + 2, bodyEnd: end });
  }
  return examples;
}

/** `npx pgdrift ARGS`, `pgdrift ARGS` or `echo $?`; anything else cannot be run here. */
function parseCommand(text, where) {
  if (text === 'echo $?') return { text, kind: 'status' };
  const words = splitWords(text, where);
  const start = words[0] === 'npx' ? 1 : 0;
  if (words[start] !== 'pgdrift') throw new Error(`${where}: cannot run \`${text}\`: an example runs only \`npx pgdrift …\` and \`echo $?\``);
  return { text, kind: 'pgdrift', args: words.slice(start + 1) };
}

/** Words of a command line, with '…' and "…" quoting; anything needing a shell is refused. */
function splitWords(text, where) {
  const words = [];
  let word = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      const close = text.indexOf(ch, i + 1);
      if (close < 0) throw new Error(`${where}: unclosed quote in \`${text}\``);
      word = (word ?? '') + text.slice(i + 1, close);
      i = close;
    } else if (ch === ' ') {
      if (word !== null) words.push(word);
      word = null;
    } else if ('$*?|&;<>`\\…'.includes(ch)) {
      throw new Error(`${where}: cannot run \`${text}\` without a shell or a database (\`${ch}\`); leave this block unmarked`);
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

/**
 * A fresh folder to run one example in, with fixtures/ linked to the repository's. The caller
 * removes it (`rmSync(dir, { recursive: true, force: true })`).
 */
export function exampleWorkdir(root = repoRoot) {
  // The real path, so that a CLI printing a resolved path prints this one (macOS: /var is /private/var).
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'pgdrift-docs-')));
  symlinkSync(join(root, 'fixtures'), join(dir, 'fixtures'), 'dir');
  return dir;
}

/**
 * Runs the built CLI as test/helpers/cli.ts's runCli does: no DATABASE_URL, PG*, FORCE_COLOR or COLUMNS
 * from the caller's environment, NO_COLOR=1.
 */
export function runCli(args, env = {}, cwd = repoRoot) {
  const base = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('PG') && k !== 'DATABASE_URL' && k !== 'FORCE_COLOR' && k !== 'COLUMNS') base[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'dist', 'cli', 'main.js'), ...args], { cwd, env: { ...base, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d.toString()));
    child.stderr.on('data', (d) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * The block's body as the tool prints it now: each command line, then its output. `run` is
 * `(args, cwd) => Promise<{ code, stdout, stderr }>`.
 */
export async function renderExample(example, run, cwd) {
  const out = [];
  let code = null;
  for (const command of example.commands) {
    out.push(`$ ${command.text}`);
    if (command.kind === 'status') {
      if (code === null) throw new Error(`${example.file}:${example.line}: \`echo $?\` before any pgdrift command`);
      out.push(String(code));
      continue;
    }
    const result = await run(command.args, cwd);
    code = result.code;
    const printed = (result.stdout + result.stderr).replace(/\n$/, '');
    if (printed !== '') out.push(printed);
  }
  return out.join('\n');
}

/**
 * What may differ between two runs of the same command, and only that: the temporary folder an
 * example runs in (as `.`), and ISO timestamps (the `written:` line of a script). Both the
 * documented and the real output are compared through it.
 */
export function normalise(text, cwd) {
  let t = text;
  if (cwd) t = t.split(cwd).join('.');
  return t.replace(/\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z\b/g, '<timestamp>');
}

async function main() {
  const write = process.argv.includes('--write');
  let differ = 0;
  for (const file of documentedFiles()) {
    const examples = findExamples(file);
    if (examples.length === 0) continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    // From the last example up, so that rewriting one block keeps the line numbers of those above.
    for (const example of [...examples].reverse()) {
      const cwd = exampleWorkdir();
      let real;
      try {
        real = await renderExample(example, (args, dir) => runCli(args, {}, dir), cwd);
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
      const shown = real.split(cwd).join('.');
      const same = normalise(shown) === normalise(example.documented);
      process.stdout.write(`<!-- example: ${example.label} -->  ${example.file}:${example.line}  ${same ? 'as documented' : write ? 'rewritten' : 'DIFFERS'}\n`);
      if (!same) {
        differ++;
        process.stdout.write('```console\n' + shown + '\n```\n\n');
        lines.splice(example.bodyStart, example.bodyEnd - example.bodyStart, ...shown.split('\n'));
      }
    }
    if (write) writeFileSync(file, lines.join('\n'));
  }
  if (differ > 0 && !write) {
    process.stdout.write(`${differ} example(s) differ from the real output; node scripts/docs-examples.mjs --write rewrites them\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
