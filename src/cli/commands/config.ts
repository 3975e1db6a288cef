import { createRequire } from 'node:module';
import { COMMAND_LIST } from '../command-list.js';
import type { Argv, CommandModule } from 'yargs';
import type YargsFactory from 'yargs';
import { SEVERITIES, type Severity } from '../../compare/change.js';
import type { Config } from '../../config/load.js';
import { COMMAND_SECTIONS } from '../../config/sections.js';
import { InputError } from '../../errors.js';
import { jsonText } from '../../report/escape.js';
import { terminalText } from '../../report/color.js';
import { writeOut } from '../../report/output.js';
import { activeConfig } from '../active-config.js';
import { configValues, type CommandOptions } from '../config-flags.js';
import { redactForOutput } from '../errors.js';
import { cacheFlags, migrationFlags, replayFlags } from '../migration-options.js';
import { sourceFlags } from '../options.js';
import { givenOnCommandLine } from '../repeated-options.js';
import { hideBin } from 'yargs/helpers';

interface Args {
  command: string;
  format: 'text' | 'json';
}

/** Options every command has that are about the run, not about what it checks. */
const GENERAL = new Set(['help', 'version', 'debug', 'config', '_', '$0']);

/** One value of the effective configuration and where it comes from. */
interface Effective {
  readonly key: string;
  readonly value: unknown;
  readonly from: 'flag' | 'file' | 'default';
  /** The value's JSON path in the file, when it comes from there. */
  readonly path?: string;
}

/** The options (and their defaults) a command has, read from its own builder. */
async function optionsOf(command: string): Promise<CommandOptions & { default: Record<string, unknown> }> {
  const load: Record<string, () => Promise<CommandModule<object, never>>> = {
    check: async () => (await import('./check.js')).checkCommand as never,
    snapshot: async () => (await import('./snapshot.js')).snapshotCommand as never,
    diff: async () => (await import('./diff.js')).diffCommand as never,
    status: async () => (await import('./status.js')).statusCommand as never,
    heads: async () => (await import('./heads.js')).headsCommand as never,
    history: async () => (await import('./history.js')).historyCommand as never,
    current: async () => (await import('./current.js')).currentCommand as never,
    diagnose: async () => (await import('./diagnose.js')).diagnoseCommand as never,
    lint: async () => (await import('./lint.js')).lintCommand as never,
  };
  const module = await (load[command] as () => Promise<CommandModule<object, never>>)();
  const y = (createRequire(import.meta.url)('yargs') as typeof YargsFactory)([]);
  const built = typeof module.builder === 'function' ? (module.builder(y as never) as unknown as Argv) : y;
  return (built as unknown as { getOptions(): CommandOptions & { default: Record<string, unknown> } }).getOptions();
}

/** The value each option of `command` takes: flag, else the file, else the default. */
function effective(config: Config | null, command: string, target: CommandOptions & { default: Record<string, unknown> }, argv: Record<string, unknown>, raw: readonly string[], own: CommandOptions): Effective[] {
  const fromFile = config ? configValues(config, command, target) : new Map<string, { value: unknown; path: string }>();
  const out: Effective[] = [];
  for (const key of Object.keys(target.key).sort()) {
    if (GENERAL.has(key) || /[A-Z]/.test(key) || (key.length === 1 && key !== 'x')) continue;
    // `--format` is this command's own output format, never the target's.
    if (key !== 'format' && key in own.key && givenOnCommandLine(key, own, raw)) out.push({ key, value: argv[key], from: 'flag' });
    else if (fromFile.has(key)) out.push({ key, value: fromFile.get(key)?.value, from: 'file', path: fromFile.get(key)?.path ?? '' });
    else if (target.default[key] !== undefined) out.push({ key, value: target.default[key], from: 'default' });
  }
  return out;
}

/** A value as shown: strings with any password taken out. */
function shown(value: unknown): unknown {
  if (typeof value === 'string') return redactForOutput(value);
  if (Array.isArray(value)) return value.map(shown);
  return value;
}

export const configCommand: CommandModule<object, Args> = {
  ...COMMAND_LIST.config,
  builder: (y) =>
    replayFlags(cacheFlags(migrationFlags(sourceFlags(y), false)))
      .positional('command', { choices: COMMAND_SECTIONS, default: 'check', description: 'The command whose configuration to show' })
      .option('db', { type: 'string', description: 'As the command takes it', requiresArg: true })
      .option('expected', { type: 'string', description: 'As check takes it', requiresArg: true })
      .option('models', { type: 'string', description: 'As check takes it', requiresArg: true })
      .option('fail-on', { choices: SEVERITIES as Severity[], description: 'As the command takes it' })
      .option('require-head', { type: 'boolean', description: 'As the command takes it' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const, description: 'How to show the configuration' })
      .example('$0 config', 'which file check reads, and every value it would use')
      .example('$0 config diagnose --format json', "diagnose's configuration, for tools") as never,
  handler: async (argv) => {
    const config = activeConfig();
    const target = await optionsOf(argv.command);
    const raw = hideBin(process.argv);
    const own = (await ownOptions()) as CommandOptions;
    for (const key of Object.keys(own.key)) {
      if (GENERAL.has(key) || key === 'format' || key === 'command' || /[A-Z]/.test(key) || !givenOnCommandLine(key, own, raw)) continue;
      if (!(key in target.key)) throw new InputError(`pgdrift ${argv.command} has no --${key}`);
    }
    const values = effective(config, argv.command, target, argv as unknown as Record<string, unknown>, raw, own);
    const file = config?.file ?? null;
    if (argv.format === 'json') {
      writeOut(
        jsonText({
          file,
          command: argv.command,
          options: Object.fromEntries(values.map((v) => [v.key, { value: shown(v.value), from: v.from, ...(v.path ? { path: v.path } : {}) }])),
          ignore: config?.ignore ?? [],
          ignorePresets: config?.presets ?? [],
          accept: config?.accept ?? [],
        }),
      );
      return;
    }
    const width = Math.max(0, ...values.map((v) => v.key.length));
    const lines = [
      file === null ? `no config file (none named pgdrift.config.json or .pgdriftrc.json in ${process.cwd()} or above)` : `config file: ${file}`,
      '',
      `pgdrift ${argv.command}:`,
      ...values.map((v) => `  ${v.key.padEnd(width)}  ${JSON.stringify(shown(v.value))}  (${v.from}${v.path ? ` ${v.path}` : ''})`),
    ];
    if (config && config.ignore.length > 0) {
      lines.push('', `ignore${config.presets.length > 0 ? ` (presets: ${config.presets.join(', ')})` : ''}:`);
      for (const r of config.ignore) lines.push(`  ${JSON.stringify(r)}`);
    }
    if (config && config.accept.length > 0) {
      lines.push('', 'accept:');
      for (const a of config.accept) lines.push(`  ${a.id}: ${a.reason}${a.until === null ? '' : ` (until ${a.until})`}`);
    }
    writeOut(terminalText(lines));
  },
};

/** This command's own option table, to tell which flags were typed. */
async function ownOptions(): Promise<unknown> {
  const y = (createRequire(import.meta.url)('yargs') as typeof YargsFactory)([]);
  return ((configCommand.builder as (y: Argv) => Argv)(y) as unknown as { getOptions(): unknown }).getOptions();
}
