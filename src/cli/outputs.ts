import { appendFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../errors.js';
import type { CiPlaces } from '../report/ci-findings.js';
import type { CiResult } from '../report/ci-result.js';
import { writeOut } from '../report/output.js';
import type { CiOutputFlagValues } from './options.js';
import { version } from './version.js';
import { writeTextFile } from './write-text-file.js';

/** What `--format` can print: the report formats, and the CI ones. */
export type OutputFormat = 'text' | 'json' | 'markdown' | 'github' | 'sarif' | 'junit';

/** The formats for machines, printed or written by the renderers in src/report/{github,sarif,junit}.ts. */
export const CI_FORMATS = ['github', 'sarif', 'junit'] as const;

/** A `--format-file FORMAT=PATH`. */
export interface FormatFile {
  readonly format: OutputFormat;
  readonly path: string;
}

/**
 * A command's result, in every form it can take; each is made only when asked for (the CI
 * renderers are loaded then too).
 */
export interface Renderings {
  /** The text report; `color` only for the terminal. */
  readonly text: (color: boolean) => string;
  readonly json: () => string;
  /** Absent for the commands without a markdown report. */
  readonly markdown?: () => string;
  readonly ci: () => CiResult;
}

/**
 * The `--format-file` values, read before anything runs: `FORMAT=PATH` with a format this
 * command writes (github's workflow commands mean something only on a step's output) and a
 * folder that exists. Each path once.
 *
 * @example parseFormatFiles(['sarif=pgdrift.sarif'], ['text', 'json', 'sarif']) // [{ format: 'sarif', path: 'pgdrift.sarif' }]
 * @throws InputError (exit 2) naming the bad value
 */
export function parseFormatFiles(specs: readonly string[] | undefined, formats: readonly OutputFormat[]): FormatFile[] {
  const allowed = formats.filter((f) => f !== 'github');
  const out: FormatFile[] = [];
  for (const spec of specs ?? []) {
    const at = spec.indexOf('=');
    const format = at < 0 ? '' : spec.slice(0, at);
    const path = at < 0 ? '' : spec.slice(at + 1);
    if (at <= 0 || path === '') throw new InputError(`--format-file takes FORMAT=PATH (FORMAT one of ${allowed.join(', ')}), got '${spec}'`);
    if (!(allowed as readonly string[]).includes(format)) {
      const why = format === 'github' ? 'github workflow commands act only on the output of a step: use --format github' : `FORMAT is one of ${allowed.join(', ')}`;
      throw new InputError(`--format-file ${spec}: ${why}`);
    }
    if (out.some((f) => f.path === path)) throw new InputError(`--format-file names ${path} twice; give each file once`);
    requireFolder(path, '--format-file');
    out.push({ format: format as OutputFormat, path });
  }
  return out;
}

/**
 * A file can be written there: its folder exists and it is not itself a folder. Checked before
 * the run (which may take minutes), so that a typo fails at once.
 */
export function requireFolder(path: string, flag: string): void {
  const folder = dirname(path);
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    // Absent: said below.
  }
  if (!isFolder) throw new InputError(`${flag} ${path}: no folder ${folder}`);
  try {
    if (statSync(path).isDirectory()) throw new InputError(`${flag} ${path}: is a folder`);
  } catch (err) {
    if (err instanceof InputError) throw err;
  }
}

/** Where locations are relative to: the checked-out repository on GitHub Actions, else the working folder. */
export function ciPlaces(env: NodeJS.ProcessEnv = process.env): CiPlaces {
  return { root: env.GITHUB_WORKSPACE || process.cwd(), cwd: process.cwd() };
}

async function render(format: OutputFormat, r: Renderings, color: boolean): Promise<string> {
  switch (format) {
    case 'text':
      return r.text(color);
    case 'json':
      return r.json();
    case 'markdown':
      if (!r.markdown) throw new InputError('this command has no markdown report');
      return r.markdown();
    case 'github':
      return (await import('../report/github.js')).renderGithub(r.ci());
    case 'sarif':
      return (await import('../report/sarif.js')).renderSarif(r.ci(), { version: version() });
    case 'junit':
      return (await import('../report/junit.js')).renderJunit(r.ci());
  }
}

/**
 * Delivers a command's result: each `--format-file` written all or nothing, the job summary
 * appended under `--format github` when `$GITHUB_STEP_SUMMARY` names a file, `--metrics-file`
 * written, then `--format` printed — so the printed report comes last, once every file is there.
 *
 * @throws InputError (exit 2) when a file cannot be written
 */
export async function deliver(
  r: Renderings,
  options: {
    readonly format: OutputFormat;
    readonly files: readonly FormatFile[];
    readonly metricsFile: string | undefined;
    readonly color: boolean;
    readonly exitCode: 0 | 1;
  },
): Promise<void> {
  // One CiResult for every CI form of this run.
  let ci: CiResult | undefined;
  const once: Renderings = { ...r, ci: () => (ci ??= r.ci()) };
  for (const file of options.files) {
    const text = await render(file.format, once, false);
    try {
      writeTextFile(file.path, text);
    } catch (err) {
      throw new InputError(`--format-file ${file.path}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  const printed = await render(options.format, once, options.color);
  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  if (options.format === 'github' && summaryFile) {
    try {
      // Appended, as GitHub asks: earlier steps' summaries are in the same file.
      appendFileSync(summaryFile, once.ci().summary);
    } catch (err) {
      throw new InputError(`GITHUB_STEP_SUMMARY ${summaryFile}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  if (options.metricsFile !== undefined) (await import('./metrics-file.js')).writeCompletedMetrics(options.metricsFile, options.exitCode, once.ci());
  writeOut(printed);
}

/**
 * The `--format-file` and `--metrics-file` of a command, checked before it runs.
 *
 * @throws InputError (exit 2) for a bad FORMAT=PATH, a folder that does not exist, or one file named twice
 */
export function outputFiles(argv: CiOutputFlagValues, formats: readonly OutputFormat[]): { readonly files: FormatFile[]; readonly metricsFile: string | undefined } {
  const files = parseFormatFiles(argv['format-file'], formats);
  const metricsFile = argv['metrics-file'];
  if (metricsFile !== undefined) {
    requireFolder(metricsFile, '--metrics-file');
    if (files.some((f) => f.path === metricsFile)) throw new InputError(`--metrics-file ${metricsFile} is also a --format-file; give each file once`);
  }
  return { files, metricsFile };
}
