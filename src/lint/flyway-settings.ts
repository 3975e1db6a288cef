import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { shownPath } from '../diagnose/shown-path.js';
import { InputError } from '../errors.js';

/** Where Flyway's `mixed` may be said, strongest first as Flyway ranks them. */
export interface FlywayMixedSources {
  /** The migrations folder: the config files are looked for from it upwards. */
  readonly dir: string;
  /** `--flyway-mixed` / `--no-flyway-mixed` (or the pgdrift config key). */
  readonly flag?: boolean;
  /** `--flyway-config`: these files instead of the ones found, later ones winning, as `flyway -configFiles`. */
  readonly configFiles?: readonly string[];
  /** The value of FLYWAY_MIXED in lint's environment. */
  readonly env?: string;
}

/**
 * Flyway's `mixed` setting as `flyway migrate` would see it: the command line over FLYWAY_MIXED
 * over the config files (Flyway's own precedence). Without `--flyway-config`, the config files
 * are those of the nearest folder, from the migrations folder up, that holds any: `flyway.toml`
 * then `flyway.user.toml` (TOML wins over the legacy format, as in Flyway), else `flyway.conf`.
 *
 * @example flywayMixed({ dir: 'db/migrations' }) // { value: true, from: 'mixed = true in db/flyway.toml' }
 * @throws InputError (exit 2) at `file:line` for a value Flyway would refuse, or for a named file that cannot be read.
 */
export function flywayMixed(sources: FlywayMixedSources): { value: boolean; from: string } {
  if (sources.flag !== undefined) return { value: sources.flag, from: sources.flag ? '--flyway-mixed' : '--no-flyway-mixed' };
  if (sources.env !== undefined && sources.env !== '') {
    // Flyway takes exactly these two spellings, from a variable as from a file.
    if (sources.env !== 'true' && sources.env !== 'false') throw new InputError(`FLYWAY_MIXED must be true or false (as Flyway reads it), found ${JSON.stringify(sources.env)}`);
    return { value: sources.env === 'true', from: `FLYWAY_MIXED=${sources.env}` };
  }
  const files = sources.configFiles !== undefined ? namedFiles(sources.configFiles) : foundFiles(sources.dir);
  let found: { value: boolean; from: string } | null = null;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new InputError(`${shownPath(file)}: cannot read the Flyway config file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    const setting = file.endsWith('.toml') ? tomlMixed(text, shownPath(file)) : confMixed(text, shownPath(file));
    if (setting) found = { value: setting.value, from: `${setting.key} = ${String(setting.value)} in ${shownPath(file)}:${setting.line}` };
  }
  return found ?? { value: false, from: 'Flyway default' };
}

function namedFiles(given: readonly string[]): string[] {
  const files = given.flatMap((g) => g.split(',')).map((f) => f.trim()).filter((f) => f !== '').map((f) => resolve(f));
  // Flyway refuses to mix its two formats in -configFiles.
  if (files.some((f) => f.endsWith('.toml')) && files.some((f) => !f.endsWith('.toml'))) {
    throw new InputError(`--flyway-config: Flyway does not take .toml and .conf config files together (${given.join(', ')})`);
  }
  return files;
}

function foundFiles(dir: string): string[] {
  for (let at = resolve(dir); ; at = dirname(at)) {
    const toml = ['flyway.toml', 'flyway.user.toml'].map((n) => join(at, n)).filter((f) => existsSync(f));
    if (toml.length > 0) return toml;
    if (existsSync(join(at, 'flyway.conf'))) return [join(at, 'flyway.conf')];
    if (dirname(at) === at) return [];
  }
}

interface Setting {
  readonly key: string;
  readonly value: boolean;
  readonly line: number;
}

/**
 * `mixed` in a flyway.toml: the key `mixed` of the `[flyway]` table (or `flyway.mixed` at the top).
 * A TOML boolean; the strings "true" and "false" are taken too, as Flyway's reader coerces them.
 */
export function tomlMixed(text: string, file: string): Setting | null {
  let table = '';
  let found: Setting | null = null;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = withoutTomlComment(raw).trim();
    const header = /^\[\[?([^\]]*)\]\]?$/.exec(line);
    if (header) {
      table = dotted(header[1] as string);
      return;
    }
    const kv = /^([^=]+)=(.*)$/.exec(line);
    if (!kv) return;
    const key = [table, dotted(kv[1] as string)].filter((k) => k !== '').join('.');
    if (key !== 'flyway.mixed') return;
    const value = (kv[2] as string).trim();
    const bool = ['true', '"true"', "'true'"].includes(value) ? true : ['false', '"false"', "'false'"].includes(value) ? false : null;
    if (bool === null) throw new InputError(`${file}:${i + 1}: mixed must be true or false, found ${value}`);
    found = { key: 'mixed', value: bool, line: i + 1 };
  });
  return found;
}

const dotted = (key: string): string =>
  key
    .split('.')
    .map((part) => part.trim().replace(/^"(.*)"$|^'(.*)'$/, '$1$2'))
    .join('.');

function withoutTomlComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote !== null) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

/**
 * `flyway.mixed` in a legacy flyway.conf (Java properties: `=`, `:` or a space between key and
 * value, `#` and `!` comments, `\` continuing a line). Flyway takes exactly `true` or `false`.
 */
export function confMixed(text: string, file: string): Setting | null {
  const lines = text.split(/\r?\n/);
  let found: Setting | null = null;
  for (let i = 0; i < lines.length; i++) {
    const first = i;
    let logical = (lines[i] as string).replace(/^\s+/, '');
    if (logical.startsWith('#') || logical.startsWith('!')) continue;
    while (/(^|[^\\])(\\\\)*\\$/.test(logical) && i + 1 < lines.length) logical = logical.slice(0, -1) + (lines[++i] as string).replace(/^\s+/, '');
    const m = /^((?:\\.|[^=:\s\\])+)\s*[=:]?\s*(.*)$/.exec(logical);
    if (!m || m[1] !== 'flyway.mixed') continue;
    const value = (m[2] as string).trim();
    if (value !== 'true' && value !== 'false') throw new InputError(`${file}:${first + 1}: flyway.mixed must be true or false (Flyway takes no other spelling), found ${JSON.stringify(value)}`);
    found = { key: 'flyway.mixed', value: value === 'true', line: first + 1 };
  }
  return found;
}
