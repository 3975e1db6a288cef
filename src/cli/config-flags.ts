import type { Config } from '../config/load.js';
import { InputError } from '../errors.js';
import { givenOnCommandLine, type OptionTable } from './repeated-options.js';

/** The options yargs knows for the running command, with their choices. */
export interface CommandOptions extends OptionTable {
  readonly key: Readonly<Record<string, unknown>>;
  readonly choices: Readonly<Record<string, readonly unknown[]>>;
}

/** Two ways of naming the expected schema: one on the command line sets the file's other aside. */
const ALTERNATIVES: Readonly<Record<string, string>> = { expected: 'migrations', migrations: 'expected' };

/**
 * The values a config file gives one command, each with its JSON path: the top-level keys that
 * are options of the command, then the command's own section over them.
 *
 * @throws InputError for a key of the command's section that is not one of its options.
 */
export function configValues(config: Config, command: string, options: CommandOptions): Map<string, { value: unknown; path: string }> {
  const out = new Map<string, { value: unknown; path: string }>();
  for (const [key, value] of Object.entries(config.flags)) if (key in options.key) out.set(key, { value, path: `/${key}` });
  for (const [key, value] of Object.entries(config.sections[command] ?? {})) {
    if (!(key in options.key)) throw new InputError(`${config.file}: /${command}/${key} is not an option of pgdrift ${command}`);
    out.set(key, { value, path: `/${command}/${key}` });
  }
  return out;
}

/**
 * Puts the config file's values into the parsed arguments where the command line gave none:
 * flags win over the file, the file over the built-in defaults. Runs before yargs validates, so
 * a value from the file meets the same checks as one typed.
 *
 * @example applyConfig(parsed, options, ['check', '--fail-on', 'error'], 'check', config) // the file's fail-on is not used
 */
export function applyConfig(parsed: Record<string, unknown>, options: CommandOptions, raw: readonly string[], command: string, config: Config): void {
  const values = configValues(config, command, options);
  for (const [key, { value, path }] of values) {
    if (givenOnCommandLine(key, options, raw)) continue;
    const other = ALTERNATIVES[key];
    if (other !== undefined && givenOnCommandLine(other, options, raw)) continue;
    const choices = options.choices[key];
    if (choices !== undefined && !choices.includes(value)) {
      throw new InputError(`${config.file}: ${path} must be one of ${choices.map((c) => JSON.stringify(c)).join(', ')} for pgdrift ${command}, found ${JSON.stringify(value)}`);
    }
    parsed[key] = value;
    const camel = key.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
    if (camel !== key) parsed[camel] = value;
  }
}
