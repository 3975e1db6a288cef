// Wall-clock timing of child processes, and their peak memory, the way a user would see them.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GNU_TIME = '/usr/bin/time';
const PROBE = fileURLToPath(new URL('./max-rss-probe.mjs', import.meta.url));

/**
 * Runs a command to completion and times it from spawn to exit (start-up included).
 * With `measureRss`, also reports its peak RSS in KiB and the CPU time it used (user + system,
 * all its threads, ms): through GNU time when installed, else through a preloaded probe (node
 * commands only).
 *
 * @returns {Promise<{ ms: number, code: number | null, stdout: string, stderr: string, maxRssKb: number | null, cpuMs: number | null }>}
 * @example const { ms } = await timed('pg_dump', ['--schema-only', '-f', '/dev/null', url]);
 */
export async function timed(command, args, { measureRss = false, env = process.env } = {}) {
  let dir = null;
  let cmd = command;
  let argv = args;
  let childEnv = env;
  if (measureRss) {
    dir = mkdtempSync(join(tmpdir(), 'pgdrift-bench-'));
    const file = join(dir, 'rss');
    if (existsSync(GNU_TIME)) {
      [cmd, argv] = [GNU_TIME, ['-f', '%M %U %S', '-o', file, command, ...args]];
    } else if (command === process.execPath) {
      [argv, childEnv] = [['--import', PROBE, ...args], { ...env, PGDRIFT_BENCH_RSS_FILE: file }];
    }
  }
  try {
    const started = performance.now();
    const result = await new Promise((resolve, reject) => {
      const child = spawn(cmd, argv, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      const out = [];
      const err = [];
      child.stdout.on('data', (b) => out.push(b));
      child.stderr.on('data', (b) => err.push(b));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    });
    const ms = performance.now() - started;
    let maxRssKb = null;
    let cpuMs = null;
    if (dir) {
      const text = existsSync(join(dir, 'rss')) ? readFileSync(join(dir, 'rss'), 'utf8') : '';
      // GNU time prefixes "Command exited with non-zero status N" lines; the figures are the last line.
      const m = /^(\d+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/.exec(text.trim().split('\n').pop() ?? '');
      if (m) [maxRssKb, cpuMs] = [Number(m[1]), (Number(m[2]) + Number(m[3])) * 1000];
    }
    return { ...result, ms, maxRssKb, cpuMs };
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** Times an in-process async call. */
export async function timedCall(fn) {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

/** The median of a non-empty list of numbers. */
export function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
