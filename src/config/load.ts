import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { shownPath } from '../diagnose/shown-path.js';
import { InputError } from '../errors.js';
import { syntaxError } from '../model/json.js';
import { jsonValidator } from '../model/schema-validation.js';
import { findConfigFile } from './find.js';
import { IGNORE_PRESETS } from './presets.js';
import { COMMAND_SECTIONS } from './sections.js';
import type { Acceptance, IgnoreRule } from './rules.js';


const NOT_FLAGS = new Set(['$schema', 'ignore', 'ignore-presets', 'accept', ...COMMAND_SECTIONS]);

/** A config file read and validated. */
export interface Config {
  /** The file as shown to the user (relative to the working folder when below it). */
  readonly file: string;
  /** Flag values for every command that has the flag, keyed by flag name (`fail-on`). */
  readonly flags: Readonly<Record<string, unknown>>;
  /** Flag values for one command, by command name. */
  readonly sections: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The `ignore` rules, then those of `ignore-presets`. */
  readonly ignore: readonly IgnoreRule[];
  readonly presets: readonly string[];
  readonly accept: readonly Acceptance[];
}

/**
 * The config that applies: the file `--config` names (it must exist), else the nearest
 * `pgdrift.config.json` / `.pgdriftrc.json` from `cwd` up; null when none.
 *
 * @throws InputError (exit 2) naming the file, and the JSON path for a value that is wrong.
 * @example loadConfig(undefined, process.cwd())?.file // 'pgdrift.config.json'
 */
export function loadConfig(named: string | undefined, cwd: string): Config | null {
  const file = named === undefined ? findConfigFile(cwd) : resolve(cwd, named);
  if (file === null) return null;
  const shown = named ?? shownPath(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`${shown}: cannot read the config file (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (code ?? String(e))})`);
  }
  return parseConfig(text, shown);
}

/**
 * A config file's text, parsed and validated against `schemas/config.schema.json`, with the
 * checks a JSON Schema cannot make (real dates, one acceptance per id).
 *
 * @example parseConfig('{"fail-on": "error"}', 'pgdrift.config.json').flags // { 'fail-on': 'error' }
 */
export function parseConfig(text: string, file: string): Config {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (e) {
    throw syntaxError(text.replace(/^\ufeff/, ''), file, e);
  }
  const problem = jsonValidator('config.schema.json')(data);
  if (problem !== null) throw new InputError(`${file}: ${problem}`);
  const raw = data as Record<string, unknown>;
  const accept = (raw.accept as { id: string; reason: string; until?: string }[] | undefined) ?? [];
  const seen = new Map<string, number>();
  accept.forEach((a, i) => {
    if (a.until !== undefined && !isDate(a.until)) throw new InputError(`${file}: /accept/${i}/until is not a date (YYYY-MM-DD), found "${a.until}"`);
    const first = seen.get(a.id);
    // Two reasons or two dates for one change: which one holds would be a guess.
    if (first !== undefined) throw new InputError(`${file}: /accept/${i}/id accepts ${a.id} again (first at /accept/${first})`);
    seen.set(a.id, i);
  });
  const rules = (raw.ignore as IgnoreRule[] | undefined) ?? [];
  rules.forEach((r, i) => {
    if (r.table !== undefined && r.kind !== undefined && !ON_A_TABLE.has(r.kind)) {
      throw new InputError(`${file}: /ignore/${i}/table cannot match a ${r.kind}: only columns, constraints, indexes, triggers and policies are on a table`);
    }
    // `{ "schema": "*" }` would turn every check green whatever the database holds.
    if (r.kind === undefined && [r.schema, r.table, r.name].every((g) => g === undefined || /^\*+$/.test(g))) {
      throw new InputError(`${file}: /ignore/${i} matches every object, so no drift could ever be found; name a kind, schema, table or name to ignore`);
    }
  });
  const presets = (raw['ignore-presets'] as string[] | undefined) ?? [];
  return {
    file,
    flags: Object.fromEntries(Object.entries(raw).filter(([k]) => !NOT_FLAGS.has(k))),
    sections: Object.fromEntries(COMMAND_SECTIONS.filter((c) => raw[c] !== undefined).map((c) => [c, raw[c] as Record<string, unknown>])),
    ignore: [...rules, ...presets.flatMap((p) => IGNORE_PRESETS[p] ?? [])],
    presets,
    accept: accept.map((a) => ({ id: a.id, reason: a.reason, until: a.until ?? null })),
  };
}

const ON_A_TABLE: ReadonlySet<string> = new Set(['column', 'constraint', 'index', 'trigger', 'policy']);

/** A `YYYY-MM-DD` that is a day of the calendar (not 2026-02-30). */
function isDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
