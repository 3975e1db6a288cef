#!/usr/bin/env node
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type YargsFactory from 'yargs';
import { hideBin } from 'yargs/helpers';
import { InputError } from '../errors.js';
import { writeErr } from '../report/output.js';
import { exitFailing, exitWithError, onFailingExit, redactForOutput } from './errors.js';
import { checkRepeatedOptions, type OptionTable } from './repeated-options.js';
import { didYouMean, withoutCamelTwins } from './suggest.js';
import { helpGroups, helpWidth } from './help-groups.js';
import type { CommandModule } from 'yargs';
import { version } from './version.js';
import { COMMAND_LIST, type CommandName } from './command-list.js';
import { setActiveConfig } from './active-config.js';
import { applyConfig, type CommandOptions } from './config-flags.js';
import type { Config } from '../config/load.js';

// The PostgreSQL parser and PGlite are large WebAssembly modules. Optimising them (V8's
// TurboFan tier) costs far more CPU than it saves in a process this short-lived: with baseline
// code only, check of two live 2,000-table databases needed ~190 ms less CPU, a .sql shadow
// snapshot took 1.1 s instead of 2.5 s, and even a 6.8 s PGlite run got faster (5.4 s). Set
// before any module is compiled; the library leaves its host process alone.
setFlagsFromString('--liftoff-only');

// yargs' CommonJS build: its help is wrapped between words (wrap-ansi); the ES module build's
// wraps at the column, in the middle of words.
const yargs = createRequire(import.meta.url)('yargs') as typeof YargsFactory;

const argv = hideBin(process.argv);
const debug = argv.includes('--debug');

// --metrics-file: a failed run writes the file too (exit 2 or 3), wherever it fails, even in
// parsing; loaded only when given, so that other runs start as fast as ever.
const metrics = argv.some((a) => a === '--metrics-file' || a.startsWith('--metrics-file=')) ? await import('./metrics-file.js') : null;
if (metrics) {
  metrics.armFromCommandLine(argv, process.env);
  onFailingExit((code) => metrics.writeFailedMetrics(code));
}

/** In the order --help lists them. Each is imported only when it can run: start-up stays short. */
const COMMANDS: Record<CommandName, () => Promise<CommandModule<object, never>>> = {
  check: async () => (await import('./commands/check.js')).checkCommand as never,
  snapshot: async () => (await import('./commands/snapshot.js')).snapshotCommand as never,
  diff: async () => (await import('./commands/diff.js')).diffCommand as never,
  status: async () => (await import('./commands/status.js')).statusCommand as never,
  heads: async () => (await import('./commands/heads.js')).headsCommand as never,
  history: async () => (await import('./commands/history.js')).historyCommand as never,
  current: async () => (await import('./commands/current.js')).currentCommand as never,
  diagnose: async () => (await import('./commands/diagnose.js')).diagnoseCommand as never,
  lint: async () => (await import('./commands/lint.js')).lintCommand as never,
  demo: async () => (await import('./commands/demo.js')).demoCommand as never,
  config: async () => (await import('./commands/config.js')).configCommand as never,
};

/** Commands that read the config file (the demo runs on its own sample schema). */
const CONFIG_READERS = new Set(Object.keys(COMMANDS).filter((c) => c !== 'demo'));
const named = argv.find((a) => !a.startsWith('-'));
const versionOnly = named === undefined && argv.includes('--version');
// Every word that names a command loads that command (an option's value may come first). When
// none does (`pgdrift --help`, a typo), each command is listed from COMMAND_LIST without loading
// it: enough for the list and for yargs to name an unknown one, and a stub never runs.
const mentioned = argv.filter((a): a is CommandName => Object.hasOwn(COMMANDS, a));
/** The command that runs (options may come before it: `pgdrift --config ci.json check`). */
const running = mentioned[0];
const loaded = versionOnly ? [] : await Promise.all([...new Set(mentioned)].map((name) => COMMANDS[name]()));
const commands = (
  mentioned.length > 0 || versionOnly
    ? loaded
    : Object.values(COMMAND_LIST).map(
        (c): CommandModule<object, never> => ({
          ...c,
          handler: () => {
            throw new Error('a command was run without being loaded');
          },
        }),
      )
).map((c): CommandModule<object, never> => ({ ...c, builder: (y) => helpGroups(typeof c.builder === 'function' ? (c.builder(y) as typeof y) : y) as never }));

// Errors thrown while a command runs end here, so every exit path keeps the 0/1/2/3 contract.
process.on('unhandledRejection', (err) => exitWithError(err, debug));

// A reader that stops early (`pgdrift … | head`) closes the pipe: nothing more can be said to
// it, and that is no failure of pgdrift's. Without a listener the write error would crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    exitWithError(err, debug);
  });
}

/** The running command's options, as the middleware saw them before validation (for "did you mean"). */
let seenOptions: OptionTable | null = null;

// Progress only for a command that runs: not for help, the version, or with --quiet/-q.
const asksForText = argv.some((a) => a === '--help' || a === '-h' || a === '--version');
const quiet = argv.some((a) => a === '--quiet' || a === '-q' || a === '--quiet=true');
const progress =
  running !== undefined && !asksForText && !quiet ? await (await import('./progress-line.js')).progressLine(process.stderr, process.env) : null;
const run = (config: Config | null): Promise<unknown> =>
  yargs(argv)
    .scriptName('pgdrift')
    .usage('$0 <command> [options]\n\nCheck that a PostgreSQL database has exactly the schema its codebase declares.')
    .command(commands)
    .option('debug', { type: 'boolean', description: 'Print stack traces of errors' })
    .option('quiet', { alias: 'q', type: 'boolean', description: 'No progress line on stderr (shown only on a terminal, never in CI or a pipe)' })
    .option('config', {
      type: 'string',
      description: 'Read this config file (default: the nearest pgdrift.config.json or .pgdriftrc.json from here up; --no-config for none). Flags win over it',
      requiresArg: true,
    })
    // Before validation: yargs would check each of two --format values and pass a list on.
    // yargs hands a middleware the parser too (its types omit it): the running command's options.
    .middleware(((parsed: Record<string, unknown>, parser: { getOptions(): OptionTable }) => {
      seenOptions = parser.getOptions();
      checkRepeatedOptions(parsed, seenOptions, argv);
      const command = (parsed._ as unknown[])[0];
      if (config !== null && typeof command === 'string' && command !== 'config') applyConfig(parsed, seenOptions as CommandOptions, argv, command, config);
      metrics?.armMetrics(parsed, process.env);
    }) as never, true)
    .demandCommand(1, `Name a command: ${Object.keys(COMMAND_LIST).join(', ').replace(/, (\w+)$/, ' or $1')} (try: pgdrift demo)`)
    .strict()
    .version(version())
    .help()
    .alias('help', 'h')
    .wrap(helpWidth(process.stdout.columns, process.env.COLUMNS))
    .epilogue(
      [
        'Each option is given once: repeating one (two --format, --fail-on error --fail-on info) is a usage error; only those marked "repeatable" repeat.',
        'A database is a postgres:// URL or a libpq "host=… dbname=…" string; PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD, PGPASSFILE (~/.pgpass), PGSSLMODE and the other libpq variables apply as in psql.',
        'Exit codes: 0 consistent · 1 drift (at or above --fail-on) or a migration state needing attention · 2 bad input or usage · 3 cannot connect or the database refused',
      ].join('\n\n'),
    )
    .fail((msg, err) => {
      // yargs reports its own usage errors (a flag without its value) as a YError: usage, not a bug.
      if (err && err.name !== 'YError') throw err;
      const message = withoutCamelTwins((msg ?? err?.message ?? 'invalid usage').replace(/\s*\n\s*/g, ' '));
      // Long names as typed (kebab-case); yargs adds camelCase twins, which nobody types.
      const known = Object.keys((seenOptions as { key?: Record<string, unknown> } | null)?.key ?? {}).filter((k) => k.length > 1 && !/[A-Z]/.test(k));
      // "Unknown argument: postgres://…" quotes what was typed: a password among it.
      const text = redactForOutput(message + didYouMean(message, Object.keys(COMMANDS), known, argv));
      writeErr(`pgdrift: ${text}`);
      writeErr('Run pgdrift --help for usage.');
      exitFailing(new InputError(text).exitCode);
    })
    .parseAsync();

try {
  // Read before yargs parses, so that the file's values meet the flags' checks. Not for --help
  // (nothing runs) nor --version: the validator it needs costs start-up time.
  const config = running !== undefined && CONFIG_READERS.has(running) && !asksForText ? await readConfig(argv) : null;
  setActiveConfig(config);
  if (progress) {
    const { withProgress } = await import('../progress.js');
    await withProgress(progress, () => run(config));
  } else {
    await run(config);
  }
} catch (err) {
  exitWithError(err, debug);
}

/** The config file `--config` names or the nearest one; none with `--no-config`. */
async function readConfig(args: readonly string[]): Promise<Config | null> {
  const options = args.slice(0, args.includes('--') ? args.indexOf('--') : args.length);
  if (options.includes('--no-config')) return null;
  const at = options.findIndex((a) => a === '--config' || a.startsWith('--config='));
  const token = options[at];
  // `--config` without a value: yargs says so (requiresArg).
  const named = token === undefined ? undefined : token.startsWith('--config=') ? token.slice('--config='.length) : options[at + 1];
  if (token !== undefined && (named === undefined || named === '' || (token === '--config' && named.startsWith('-')))) return null;
  // Reading and validating a config loads the JSON Schema validator (~30 ms): only when there is one.
  if (named === undefined && (await import('../config/find.js')).findConfigFile(process.cwd()) === null) return null;
  const { loadConfig } = await import('../config/load.js');
  return loadConfig(named, process.cwd());
}
