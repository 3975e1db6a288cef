import { InputError } from '../errors.js';

/** What yargs tells a middleware about the options of the command being run. */
export interface OptionTable {
  readonly array: readonly string[];
  readonly boolean: readonly string[];
  readonly alias: Readonly<Record<string, readonly string[]>>;
}

/**
 * Refuses an option given more than once, unless it is declared repeatable (`--schema`,
 * `--exclude-schema`, `--env`…): yargs would otherwise collect two `--format` values into a list (which
 * no command expects: a crash, or a `--fail-on` that fails open), and let the last of
 * `--cache --no-cache` win silently. One rule for every command: give each option once.
 *
 * @param parsed the arguments as yargs parsed them
 * @param raw the command line as typed (booleans leave no trace of repetition in `parsed`)
 * @throws InputError (exit 2) naming the option, never its values (one may be a password)
 * @example
 * checkRepeatedOptions({ format: ['json', 'text'] }, options, ['check', '--format', 'json', '--format', 'text'])
 * // throws: --format is given 2 times; give each option once (only --schema, --exclude-schema repeat)
 */
export function checkRepeatedOptions(parsed: Readonly<Record<string, unknown>>, options: OptionTable, raw: readonly string[]): void {
  // yargs also keys each option by its camelCase spelling, which no alias lists.
  const repeatable = new Set(options.array.flatMap((k) => namesOf(k, options)).map(kebab));
  for (const [key, value] of Object.entries(parsed)) {
    if (key === '_' || key === '$0' || repeatable.has(kebab(key)) || !Array.isArray(value)) continue;
    throw repeated(longName(key, options), value.length, options);
  }
  for (const key of options.boolean) {
    if (repeatable.has(key)) continue;
    const names = namesOf(key, options);
    const count = raw.slice(0, endOfOptions(raw)).filter((token) => names.some((n) => mentions(token, n))).length;
    if (count > 1) throw repeated(longName(key, options), count, options);
  }
}

/**
 * Whether the command line names an option (any of its aliases, `--no-` form included) before `--`.
 *
 * @example givenOnCommandLine('fail-on', options, ['check', '--fail-on=error']) // true
 */
export function givenOnCommandLine(key: string, options: OptionTable, raw: readonly string[]): boolean {
  const names = namesOf(key, options);
  return raw.slice(0, endOfOptions(raw)).some((token) => names.some((n) => mentions(token, n)));
}

function repeated(name: string, times: number, options: OptionTable): InputError {
  const repeatable = options.array.map((k) => longName(k, options));
  const except = repeatable.length === 0 ? '' : ` (only ${repeatable.join(', ')} ${repeatable.length === 1 ? 'repeats' : 'repeat'})`;
  return new InputError(`${name} is given ${times} times; give each option once${except}`);
}

/** `--name`, `--name=…`, `--no-name`, or `-n` (alone or in a cluster such as `-vh`). */
function mentions(token: string, name: string): boolean {
  if (name.length === 1) return /^-[a-zA-Z]+$/.test(token) && token.slice(1).includes(name);
  return [name, kebab(name)].some((n) => token === `--${n}` || token.startsWith(`--${n}=`) || token === `--no-${n}`);
}

function endOfOptions(raw: readonly string[]): number {
  const end = raw.indexOf('--');
  return end < 0 ? raw.length : end;
}

/** The `--long-name` of an option, whatever alias or spelling yargs keyed it by. */
/** An option's key and all its aliases, whichever of them yargs keyed it by. */
function namesOf(key: string, options: OptionTable): string[] {
  const group = Object.entries(options.alias).find(([k, aliases]) => k === key || aliases.includes(key));
  return group ? [group[0], ...group[1]] : [key];
}

function longName(key: string, options: OptionTable): string {
  const names = namesOf(key, options);
  const long = names.find((n) => n.length > 1 && /-/.test(n)) ?? names.find((n) => n.length > 1) ?? key;
  return long.length === 1 ? `-${long}` : `--${kebab(long)}`;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
