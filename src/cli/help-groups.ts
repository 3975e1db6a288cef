import type { Argv } from 'yargs';

/**
 * How `--help` groups a command's options, in this order: what to compare first, then how to
 * report, then the rest. An option a command does not have is left out of its help.
 */
const GROUPS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['Sources:', ['db', 'expected', 'migrations', 'models', 'revision']],
  ['Fleet:', ['db-list', 'db-list-cmd', 'schemas', 'jobs', 'shard']],
  ['Output:', ['format', 'format-file', 'metrics-file', 'fail-on', 'output', 'verbose', 'sql', 'emit-sql', 'remedy', 'unsafe', 'concurrently']],
  ['Lint:', ['since', 'large-table-rows', 'no-autogenerate']],
  ['How the tool runs the files (lint):', ['golang-migrate-multi-statement', 'golang-migrate-multi-statement-max-size', 'flyway-mixed', 'flyway-config']],
  ['Migrations:', ['require-head', 'tool', 'version-table', 'env', 'x', 'cache-dir', 'cache', 'alembic-sql', 'migrate-cmd', 'migrate-timeout']],
  ['Schemas and shadow database:', ['schema', 'exclude-schema', 'shadow-url']],
  ['Timeouts:', ['lock-timeout', 'statement-timeout', 'connect-timeout']],
  ['General:', ['config', 'quiet', 'debug', 'help', 'version']],
];

/** Puts a command's options into the help groups above (yargs lists groups in the order made). */
export function helpGroups<T>(y: Argv<T>): Argv<T> {
  const defined = new Set(Object.keys((y as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key));
  let out = y;
  for (const [title, keys] of GROUPS) {
    const present = keys.filter((k) => defined.has(k));
    if (present.length > 0) out = out.group(present, title);
  }
  return out;
}

/**
 * The width help is wrapped to: the terminal's; else `COLUMNS` (help piped to a pager or a
 * file from a shell that exports it, as `man` and `ls` honour it); at most 120 columns, at
 * least 40, 120 when neither says.
 *
 * @example
 * helpWidth(undefined, '72') // 72
 */
export function helpWidth(terminalColumns: number | undefined, columnsVariable: string | undefined): number {
  const fromVariable = /^\d+$/.test(columnsVariable?.trim() ?? '') ? Number(columnsVariable) : undefined;
  const wanted = terminalColumns || fromVariable || 120;
  return Math.max(40, Math.min(120, wanted));
}
