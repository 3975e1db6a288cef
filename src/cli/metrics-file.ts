import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { redactConnectionString } from '../redact.js';
import type { CiResult } from '../report/ci-result.js';
import { lastSuccessIn, renderMetrics, type MetricsLabels } from '../report/metrics.js';
import { defaultDatabaseUrl } from '../sources/connection-url.js';
import { writeTextFile } from './write-text-file.js';

/*
 * `--metrics-file PATH`: loaded by main.ts only when the flag is on the command line. A run
 * that fails (exit 2 or 3) must still write the file — that is what a monitoring alert is for —
 * and it fails wherever it fails: in yargs' validation, in a command, in a stream. So the file
 * and its labels are known ("armed") from the start, and the error exit writes them
 * synchronously before the process ends.
 */

let armed: { readonly path: string; readonly labels: MetricsLabels } | null = null;

/** What the parsed command line says about the target, as the metrics label it. */
interface TargetFlags {
  readonly _?: readonly unknown[];
  readonly db?: unknown;
  readonly from?: unknown;
  readonly models?: unknown;
  readonly migrations?: unknown;
}

/**
 * The labels of a run, from its command line alone, so that a failed run and a completed one
 * of the same job label their samples alike: the command, and the database checked (`--db`,
 * else DATABASE_URL or the libpq variables; `diff`'s `<from>`; `check --models` against
 * migrations only: the models), password redacted.
 *
 * @example metricsLabels({ _: ['check'], db: 'postgres://app:pw@db/app' }, {}) // { target: 'postgres://app:***@db/app', command: 'check' }
 */
export function metricsLabels(flags: TargetFlags, env: NodeJS.ProcessEnv): MetricsLabels {
  const command = typeof flags._?.[0] === 'string' ? flags._[0] : '';
  // `check --db` is repeatable (a fleet), so yargs hands it over as a list: one database is its one element.
  const given = (v: unknown): string | undefined => (typeof v === 'string' ? v : Array.isArray(v) && v.length === 1 && typeof v[0] === 'string' ? v[0] : undefined);
  const target =
    command === 'diff'
      ? given(flags.from)
      : (given(flags.db) ?? (command === 'check' && given(flags.models) !== undefined && given(flags.migrations) !== undefined ? given(flags.models) : defaultDatabaseUrl(env)));
  return { command, target: redactConnectionString(target ?? '') };
}

/**
 * Arms from the raw command line, before yargs reads it: a failure in parsing itself still
 * writes the file. Only `--metrics-file PATH` and `--metrics-file=PATH`, given once; the parsed
 * options re-arm it (`armMetrics`) as soon as yargs has them.
 */
export function armFromCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): void {
  const paths = argv.flatMap((a, i) => (a === '--metrics-file' && argv[i + 1] !== undefined ? [argv[i + 1] as string] : a.startsWith('--metrics-file=') ? [a.slice('--metrics-file='.length)] : []));
  if (paths.length !== 1 || paths[0] === '') return;
  const db = argv.findIndex((a) => a === '--db');
  const dbEq = argv.find((a) => a.startsWith('--db='));
  const flags = { _: [argv.find((a) => !a.startsWith('-'))], db: db >= 0 ? argv[db + 1] : dbEq?.slice('--db='.length) };
  armed = { path: paths[0] as string, labels: metricsLabels(flags, env) };
}

/** Arms from the parsed options (a yargs middleware); a repeated `--metrics-file` arms nothing. */
export function armMetrics(parsed: TargetFlags & { readonly 'metrics-file'?: unknown }, env: NodeJS.ProcessEnv): void {
  const path = parsed['metrics-file'];
  armed = typeof path === 'string' && path !== '' ? { path, labels: metricsLabels(parsed, env) } : null;
}

const durationSeconds = (): number => process.uptime();

/**
 * The file of a completed run (exit 0 or 1).
 *
 * @throws InputError (exit 2) when it cannot be written
 */
export function writeCompletedMetrics(path: string, exitCode: 0 | 1, result: CiResult): void {
  const labels = armed?.path === path ? armed.labels : { target: result.target, command: result.command };
  const now = new Date();
  const text = renderMetrics({ ...labels, exitCode, result, finishedAt: now, durationSeconds: durationSeconds(), lastSuccess: now });
  try {
    writeTextFile(path, text);
  } catch (err) {
    throw new InputError(`--metrics-file ${path}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

/**
 * The file of a failed run (exit 2 or 3), keeping the last success the previous file recorded.
 * Best effort and silent: the run is already failing, and its one error line says why.
 */
export function writeFailedMetrics(exitCode: number): void {
  if (armed === null) return;
  let previous = '';
  try {
    previous = readFileSync(armed.path, 'utf8');
  } catch {
    // No previous file: no last success to keep.
  }
  try {
    const text = renderMetrics({
      ...armed.labels,
      exitCode,
      result: null,
      finishedAt: new Date(),
      durationSeconds: durationSeconds(),
      lastSuccess: lastSuccessIn(previous, armed.labels),
    });
    writeTextFile(armed.path, text);
  } catch {
    // Unwritable: nothing more to say than the error already said.
  }
}
