import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SyntaxNode } from '@lezer/common';
import { PythonSource } from '../../python/source.js';

/** How `alembic upgrade` commits the revisions of one run, as env.py configures it. */
export interface AlembicRunSettings {
  /**
   * `transaction_per_migration` of env.py's online `context.configure()`: false (Alembic's
   * default) runs every revision of one `alembic upgrade` in a single transaction. Null when
   * env.py is absent or sets it from a value pgdrift cannot read (a variable, `**options`).
   */
  readonly transactionPerMigration: boolean | null;
  /** `env.py:line` of the call that decides it, or why it is unknown. */
  readonly where: string;
}

/**
 * Reads `transaction_per_migration` from the `configure(…)` calls of env.py, without running
 * it (env.py imports the application). Calls with `url=` and no `connection=` configure the
 * offline (`--sql`) mode and are left out. Calls that disagree give null.
 *
 * @example await readRunSettings('backend/app/migrations') // { transactionPerMigration: false, where: '…/env.py:52' }
 * @throws InputError for an env.py that is not valid Python.
 */
export async function readRunSettings(scriptDir: string): Promise<AlembicRunSettings> {
  const file = join(scriptDir, 'env.py');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { transactionPerMigration: null, where: `no env.py in ${scriptDir}` };
  }
  const source = PythonSource.parse(file, text);
  const online: Array<{ value: boolean | null; line: number }> = [];
  source.tree.iterate({
    enter: (n) => {
      if (n.name !== 'CallExpression') return;
      const call = n.node;
      const callee = call.firstChild;
      const args = call.getChild('ArgList');
      if (!callee || !args || !/(^|\.)configure$/.test(text.slice(callee.from, callee.to))) return;
      const kwargs = keywordArguments(args, text);
      if (kwargs.has('url') && !kwargs.has('connection')) return;
      const given = kwargs.get('transaction_per_migration');
      const value = given === undefined ? (kwargs.has('**') ? null : false) : given.name === 'Boolean' ? text.slice(given.from, given.to) === 'True' : null;
      online.push({ value, line: source.position(call.from).line });
    },
  });
  if (online.length === 0) return { transactionPerMigration: null, where: `${file}: no online context.configure(connection=…) call` };
  const first = online[0] as { value: boolean | null; line: number };
  const agree = online.every((c) => c.value === first.value);
  return { transactionPerMigration: agree ? first.value : null, where: `${file}:${first.line}` };
}

/** `name=value` arguments of a call by name; `**` stands for any `**mapping` spread. */
function keywordArguments(args: SyntaxNode, text: string): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  for (let c = args.firstChild; c; c = c.nextSibling) {
    if (c.name === '**' && c.nextSibling) out.set('**', c.nextSibling);
    if (c.name === 'AssignOp' && c.prevSibling?.name === 'VariableName' && c.nextSibling) out.set(text.slice(c.prevSibling.from, c.prevSibling.to), c.nextSibling);
  }
  return out;
}
