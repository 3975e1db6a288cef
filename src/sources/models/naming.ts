import { conventionName } from '../../migrations/alembic/identifiers.js';
import type { ConstraintDef, IndexNamer, TableDef } from '../../migrations/alembic/table-model.js';

const KEY: Readonly<Record<ConstraintDef['kind'], string>> = { 'primary key': 'pk', unique: 'uq', check: 'ck', 'foreign key': 'fk' };

/** Thrown for a convention SQLAlchemy itself rejects, or one pgdrift does not render. */
export class ConventionError extends Error {}

interface Tokens {
  readonly table: string;
  readonly schema: string | null;
  readonly columns: readonly string[];
  readonly referredTable?: string;
  readonly referredColumns?: readonly string[];
  readonly constraintName?: string | null;
}

/**
 * Renders a `naming_convention` template with SQLAlchemy's tokens (`%(table_name)s`,
 * `%(column_0_name)s`, `%(column_0N_name)s`, `%(column_0_N_name)s`, `_key`/`_label` forms,
 * `%(referred_table_name)s`, `%(referred_column_0_name)s`, `%(constraint_name)s`), shortened
 * as SQLAlchemy shortens names over 63 characters.
 *
 * @example renderConvention('fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s', { table: 'chat', schema: null, columns: ['user_id'], referredTable: 'user' }) // 'fk_chat_user_id_user'
 */
export function renderConvention(template: string, t: Tokens): string {
  const label = (c: string) => `${t.schema ? `${t.schema.replace(/\./g, '_')}_` : ''}${t.table}_${c}`;
  const name = template.replace(/%\((\w+)\)s/g, (_m, token: string) => {
    if (token === 'table_name') return t.table;
    if (token === 'referred_table_name') return need(t.referredTable, token);
    if (token === 'constraint_name') {
      if (!t.constraintName) throw new ConventionError(`the naming convention '${template}' needs an explicit constraint name (%(constraint_name)s)`);
      return t.constraintName;
    }
    const m = /^(referred_)?column_0(_N|N)?_(name|key|label)$/.exec(token);
    if (!m) throw new ConventionError(`the naming convention token %(${token})s`);
    const columns = m[1] ? need(t.referredColumns, token) : t.columns;
    if (columns.length === 0) throw new ConventionError(`the naming convention token %(${token})s on a constraint without columns`);
    const render = (c: string) => (m[3] === 'label' && !m[1] ? label(c) : c);
    const all = m[2] ? columns : columns.slice(0, 1);
    return all.map(render).join(m[2] === '_N' ? '_' : '');
  });
  return conventionName(name);
}

function need<T>(value: T | undefined, token: string): T {
  if (value === undefined) throw new ConventionError(`the naming convention token %(${token})s here`);
  return value;
}

/** How a MetaData's convention names an index that has no name. */
export function indexNamer(convention: ReadonlyMap<string, string>): IndexNamer {
  const template = convention.get('ix') ?? 'ix_%(column_0_label)s';
  return (table, schema, column) => renderConvention(template, { table, schema, columns: [column] });
}

/**
 * The table with its constraints named as the MetaData's naming convention names them: an
 * unnamed constraint gets the convention's name; a named one keeps its name unless the
 * convention embeds it (`%(constraint_name)s`).
 */
export function withConventionNames(table: TableDef, convention: ReadonlyMap<string, string>): TableDef {
  if (convention.size === 0) return table;
  const rename = <C extends ConstraintDef>(c: C): C => {
    const template = convention.get(KEY[c.kind]);
    if (template === undefined) return c;
    if (c.name !== null && !template.includes('%(constraint_name)s')) return c;
    if (c.kind === 'check' && /%\((referred_)?column_/.test(template)) throw new ConventionError(`the naming convention '${template}' for a check constraint (its columns come from the SQL expression)`);
    const name = renderConvention(template, {
      table: table.name,
      schema: table.schema,
      columns: c.kind === 'check' ? [] : c.columns,
      ...(c.kind === 'foreign key' ? { referredTable: c.refTable, referredColumns: c.refColumns } : {}),
      constraintName: c.name,
    });
    return { ...c, name };
  };
  const primaryKey = table.primaryKey ? rename(table.primaryKey) : null;
  return {
    ...table,
    columns: table.columns.map((col) => (col.checks.length > 0 ? { ...col, checks: col.checks.map(rename) } : col)),
    primaryKey,
    constraints: table.constraints.map((c) => (c === table.primaryKey && primaryKey ? primaryKey : rename(c))),
    alterForeignKeys: table.alterForeignKeys.map(rename),
  };
}
