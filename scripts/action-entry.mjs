#!/usr/bin/env node
// The GitHub Action's entry point (action.yml): turns the action's inputs into a pgdrift
// command line, runs it, and writes the step's outputs. Inputs arrive as INPUT_* environment
// variables (action.yml passes each one explicitly: a composite action's steps get none
// otherwise); never through the shell, so no input can inject a command.
//
// Outputs (to $GITHUB_OUTPUT): drift (true when pgdrift exited 1), exit-code, report-path (the
// JSON report, written with --format-file json=…, when the command writes one).
// Exits with pgdrift's own exit code: 0 ok · 1 drift · 2 bad input · 3 cannot connect.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = process.env.PGDRIFT_ACTION_CLI || join(ROOT, 'dist', 'cli', 'main.js');
const COMMANDS = ['check', 'diff', 'status', 'diagnose'];

const input = (name) => (process.env[`INPUT_${name.toUpperCase().replace(/[- ]/g, '_')}`] ?? '').trim();

/**
 * Splits the `args` input into words as a shell would, without expanding anything: spaces
 * separate, single and double quotes group, a backslash escapes the next character.
 *
 * @example splitWords(`--schema app --ignore "a b"`) // ['--schema', 'app', '--ignore', 'a b']
 */
export function splitWords(text) {
  const words = [];
  let word = null;
  let quote = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text[++i];
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) throw new Error(`the args input has an unclosed ${quote}`);
  if (word !== null) words.push(word);
  return words;
}

function fail(message) {
  process.stderr.write(`::error title=pgdrift action::${message.replace(/[\r\n%]/g, ' ')}\n`);
  writeOutputs({ drift: 'false', 'exit-code': '2' });
  process.exit(2);
}

function writeOutputs(outputs) {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return;
  for (const [name, value] of Object.entries(outputs)) {
    if (/[\r\n]/.test(value)) fail(`output ${name} would span lines`);
    appendFileSync(file, `${name}=${value}\n`);
  }
}

const command = input('command') || 'check';
if (!COMMANDS.includes(command)) fail(`command must be one of ${COMMANDS.join(', ')}, got "${command}"`);
let extra;
try {
  extra = splitWords(input('args'));
} catch (err) {
  fail(err.message);
}
const fleet = input('db-list') !== '' || input('schemas') !== '';
const format = input('format') || (fleet ? 'text' : 'github');
const reportPath = join(process.env.RUNNER_TEMP || tmpdir(), `pgdrift-report-${process.pid}.json`);

const args = [command];
const flag = (name, value) => value !== '' && args.push(`--${name}`, value);
flag('config', input('config'));
flag('expected', input('expected'));
flag('migrations', input('migrations'));
flag('models', input('models'));
flag('db-list', input('db-list'));
flag('schemas', input('schemas'));
flag('fail-on', input('fail-on'));
args.push('--format', format, '--format-file', `json=${reportPath}`, ...extra);

// The database goes to pgdrift as DATABASE_URL, not on its command line (where a process
// listing would show its password); `check`, `status` and `diagnose` read it from there.
const env = { ...process.env };
const db = input('db');
if (db !== '') env.DATABASE_URL = db;

const child = spawn(process.execPath, [CLI, ...args], { stdio: 'inherit', env });
child.on('error', (err) => fail(`cannot run pgdrift: ${err.message}`));
child.on('close', (code, signal) => {
  const exitCode = code ?? (signal ? 2 : 2);
  writeOutputs({
    drift: String(exitCode === 1),
    'exit-code': String(exitCode),
    'report-path': existsSync(reportPath) ? reportPath : '',
  });
  process.exit(exitCode);
});
