import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SyntaxNode } from '@lezer/common';
import { InputError } from '../../errors.js';
import { PythonSource, PythonSyntaxError } from '../../python/source.js';
import { moduleAssignments, staticValue, type StaticValue } from '../../python/static-value.js';

/** One `context.configure()` option as env.py sets it for online runs. */
export interface ConfigureOption<T> {
  /**
   * `set`: to `value`; `absent`: not set (Alembic's default applies); `spread`: maybe set by a
   * `**options` spread; `unreadable`: set from an expression pgdrift cannot read without running
   * env.py (a setting, an f-string), or set differently by two online calls; `no-env`: no env.py
   * or no online `configure()` call to read.
   */
  readonly state: 'set' | 'absent' | 'spread' | 'unreadable' | 'no-env';
  readonly value?: T;
  /** `env.py:line` of the call that decides it, or what could not be read. */
  readonly where: string;
}

/** What env.py's online `context.configure()` says about how `alembic upgrade` runs. */
export interface AlembicEnvSettings {
  /** False (Alembic's default): every revision of one `alembic upgrade` in one transaction. */
  readonly transactionPerMigration: ConfigureOption<boolean>;
  readonly versionTable: ConfigureOption<string>;
  readonly versionTableSchema: ConfigureOption<string>;
  /** Any option by name (`op.get_context().opts[name]` in a revision reads these). */
  option(name: string): ConfigureOption<StaticValue>;
}

const NAMES = { transactionPerMigration: 'transaction_per_migration', versionTable: 'version_table', versionTableSchema: 'version_table_schema' } as const;

/**
 * Reads options of the `configure(…)` calls of env.py without running it (env.py imports the
 * application): literals, and module-level names assigned literals. Calls with `url=` and no
 * `connection=` configure the offline (`--sql`) mode and are left out.
 *
 * @example (await readEnvSettings('backend/app/migrations')).transactionPerMigration // { state: 'absent', where: '…/env.py:52' }
 */
export async function readEnvSettings(scriptDir: string): Promise<AlembicEnvSettings> {
  const file = join(scriptDir, 'env.py');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    const none = { state: 'no-env', where: `no env.py in ${scriptDir}` } as const;
    return { transactionPerMigration: none, versionTable: none, versionTableSchema: none, option: () => none };
  }
  let source: PythonSource;
  try {
    source = PythonSource.parse(file, text);
  } catch (err) {
    if (!(err instanceof PythonSyntaxError)) throw err;
    // Syntax the parser does not know must not stop a history whose env.py never mentions
    // these options; one that does is not guessed at.
    const guess = (name: string) => (text.includes(name) ? ({ state: 'unreadable', where: err.where } as const) : ({ state: 'absent', where: file } as const));
    return { transactionPerMigration: guess(NAMES.transactionPerMigration), versionTable: guess(NAMES.versionTable), versionTableSchema: guess(NAMES.versionTableSchema), option: guess };
  }
  const assignments = moduleAssignments(source);
  const calls: Array<{ kwargs: Map<string, SyntaxNode>; where: string }> = [];
  source.tree.iterate({
    enter: (n) => {
      if (n.name !== 'CallExpression') return;
      const callee = n.node.firstChild;
      const args = n.node.getChild('ArgList');
      if (!callee || !args || !/(^|\.)configure$/.test(source.textOf(callee))) return;
      const kwargs = keywordArguments(args, source);
      if (kwargs.has('url') && !kwargs.has('connection')) return;
      calls.push({ kwargs, where: `${file}:${source.position(n.from).line}` });
    },
  });
  const option = <T extends StaticValue>(name: string, accept: (v: StaticValue) => v is T): ConfigureOption<T> => {
    if (calls.length === 0) return { state: 'no-env', where: `${file}: no online context.configure(connection=…) call` };
    const read = calls.map((c): ConfigureOption<T> => {
      const node = c.kwargs.get(name);
      if (!node) return { state: c.kwargs.has('**') ? 'spread' : 'absent', where: c.where };
      const v = staticValue(source, node, assignments);
      return accept(v) ? { state: 'set', value: v, where: c.where } : { state: 'unreadable', where: c.where };
    });
    const first = read[0] as ConfigureOption<T>;
    const other = read.find((r) => r.state !== first.state || r.value !== first.value);
    if (!other) return first;
    return other.state === 'unreadable' ? other : { state: 'unreadable', where: `${first.where} and ${other.where.split(':').pop()} set ${name} differently` };
  };
  return {
    transactionPerMigration: option(NAMES.transactionPerMigration, (v): v is boolean => typeof v === 'boolean'),
    versionTable: option(NAMES.versionTable, (v): v is string => typeof v === 'string'),
    versionTableSchema: option(NAMES.versionTableSchema, (v): v is string => typeof v === 'string'),
    option: (name) => option(name, (v): v is StaticValue => v !== undefined),
  };
}

/** `name=value` arguments of a call by name; `**` stands for any `**mapping` spread. */
function keywordArguments(args: SyntaxNode, source: PythonSource): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  for (let c = args.firstChild; c; c = c.nextSibling) {
    if (c.name === '**' && c.nextSibling) out.set('**', c.nextSibling);
    if (c.name === 'AssignOp' && c.prevSibling?.name === 'VariableName' && c.nextSibling) out.set(source.textOf(c.prevSibling), c.nextSibling);
  }
  return out;
}

/**
 * The version table env.py names (`version_table`, `version_table_schema`), as
 * `[schema.]table`; undefined when it names none (Alembic's `alembic_version` in the search path).
 *
 * @throws InputError naming env.py's line when it sets either from an expression pgdrift cannot
 *   read: looking in the default table instead would read the wrong revision, or none.
 */
export function envVersionTable(settings: AlembicEnvSettings): string | undefined {
  for (const [name, o] of [[NAMES.versionTable, settings.versionTable], [NAMES.versionTableSchema, settings.versionTableSchema]] as const) {
    if (o.state === 'unreadable') throw new InputError(`${o.where}: pgdrift cannot read the ${name} env.py gives context.configure() without running env.py; pass --version-table [schema.]table with the name it has`);
  }
  const table = settings.versionTable.value;
  const schema = settings.versionTableSchema.value;
  if (table === undefined && schema === undefined) return undefined;
  return schema !== undefined ? `${schema}.${table ?? 'alembic_version'}` : table;
}
