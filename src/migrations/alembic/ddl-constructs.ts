import { CannotInterpret } from '../../python/errors.js';
import { qualifiedName, quoteIdentifier } from './identifiers.js';
import { SaObject } from './python-value.js';
import { compileType } from './sa-types.js';

/*
 * SQLAlchemy's DDL constructs (`sqlalchemy.schema.CreateSequence`, `DropSchema`, `DDL`…), as
 * its PostgreSQL compiler prints them: what `op.execute(construct)` and
 * `connection.execute(construct)` run, and what `create_all` runs for a `Sequence`.
 */

/** `Sequence('name', start=…, increment=…, metadata=…)` as SQLAlchemy's CREATE SEQUENCE. */
export function renderCreateSequence(seq: SaObject, defaultSchema: string | null, where: () => string): string {
  const name = seq.args[0] ?? seq.kw('name');
  if (typeof name !== 'string') throw new CannotInterpret(where(), 'a Sequence without a name');
  const schema = seq.kw('schema');
  let sql = `CREATE SEQUENCE ${qualifiedName(name, typeof schema === 'string' ? schema : defaultSchema)}`;
  const num = (k: string) => {
    const v = seq.kw(k);
    if (v !== undefined && v !== null && typeof v !== 'number') throw new CannotInterpret(where(), `Sequence(${k}=…) that is not a number`);
    return v;
  };
  for (const key of seq.kwargs.keys()) {
    if (!['name', 'schema', 'metadata', 'start', 'increment', 'minvalue', 'maxvalue', 'nominvalue', 'nomaxvalue', 'cycle', 'cache', 'data_type', 'optional', 'quote', 'comment'].includes(key)) {
      throw new CannotInterpret(where(), `the Sequence option ${key}=`);
    }
  }
  const dataType = seq.kw('data_type');
  if (dataType !== undefined && dataType !== null) sql += ` AS ${compileType(dataType).sql}`;
  if (num('increment') != null) sql += ` INCREMENT BY ${num('increment')}`;
  if (num('start') != null) sql += ` START WITH ${num('start')}`;
  if (num('minvalue') != null) sql += ` MINVALUE ${num('minvalue')}`;
  if (seq.kw('nominvalue') === true) sql += ' NO MINVALUE';
  if (num('maxvalue') != null) sql += ` MAXVALUE ${num('maxvalue')}`;
  if (seq.kw('nomaxvalue') === true) sql += ' NO MAXVALUE';
  if (num('cache') != null) sql += ` CACHE ${num('cache')}`;
  if (seq.kw('cycle') === true) sql += ' CYCLE';
  return sql;
}

const flag = (o: SaObject, name: string): boolean => o.kw(name) === true;

/**
 * The SQL of a DDL construct given to `execute()`: `CreateSequence`, `DropSequence`,
 * `CreateSchema`, `DropSchema` (with their `if_not_exists` / `if_exists` / `cascade`) and
 * `DDL("…")`, whose text goes through Python's `%` with an empty mapping as SQLAlchemy does
 * (`%%` is `%`); undefined for any other object.
 *
 * @throws CannotInterpret for a construct whose arguments are not what SQLAlchemy accepts or
 *   pgdrift reads (a `DDL` with `%(name)s` substitutions, a `Sequence` bound to a MetaData).
 * @example ddlConstructSql(dropSchema, where) // 'DROP SCHEMA IF EXISTS archive CASCADE'
 */
export function ddlConstructSql(o: SaObject, where: () => string): string | undefined {
  const known = (...names: string[]) => {
    for (const k of o.kwargs.keys()) if (!names.includes(k)) throw new CannotInterpret(where(), `${o.name}(${k}=…)`);
  };
  const sequence = (): SaObject => {
    const seq = o.args[0] ?? o.kw('element');
    if (!(seq instanceof SaObject) || seq.name !== 'sa.Sequence') throw new CannotInterpret(where(), `${o.name}() of something other than a Sequence`);
    // A MetaData gives the sequence its schema when it has none: not followed here.
    if (seq.kw('metadata') !== undefined) throw new CannotInterpret(where(), `${o.name}() of a Sequence bound to a MetaData`);
    return seq;
  };
  const schemaName = (): string => {
    const name = o.args[0] ?? o.kw('name');
    if (typeof name !== 'string') throw new CannotInterpret(where(), `${o.name}() without a schema name`);
    return quoteIdentifier(name);
  };
  switch (o.name) {
    case 'sa.CreateSequence': {
      known('element', 'if_not_exists');
      const sql = renderCreateSequence(sequence(), null, where);
      return flag(o, 'if_not_exists') ? sql.replace(/^CREATE SEQUENCE /, 'CREATE SEQUENCE IF NOT EXISTS ') : sql;
    }
    case 'sa.DropSequence': {
      known('element', 'if_exists');
      const seq = sequence();
      const name = seq.args[0] ?? seq.kw('name');
      const schema = seq.kw('schema');
      if (typeof name !== 'string') throw new CannotInterpret(where(), 'a Sequence without a name');
      return `DROP SEQUENCE ${flag(o, 'if_exists') ? 'IF EXISTS ' : ''}${qualifiedName(name, typeof schema === 'string' ? schema : null)}`;
    }
    case 'sa.CreateSchema':
      known('name', 'if_not_exists');
      return `CREATE SCHEMA ${flag(o, 'if_not_exists') ? 'IF NOT EXISTS ' : ''}${schemaName()}`;
    case 'sa.DropSchema':
      known('name', 'cascade', 'if_exists');
      return `DROP SCHEMA ${flag(o, 'if_exists') ? 'IF EXISTS ' : ''}${schemaName()}${flag(o, 'cascade') ? ' CASCADE' : ''}`;
    case 'sa.DDL': {
      known('statement');
      const text = o.args[0] ?? o.kw('statement');
      if (typeof text !== 'string') throw new CannotInterpret(where(), 'DDL() of something other than a string');
      // `statement % {}`: only `%%` survives it unchanged in meaning.
      if (/%(?!%)/.test(text.replace(/%%/g, ''))) throw new CannotInterpret(where(), "DDL() text with % substitutions (only %% is read)");
      return text.replace(/%%/g, '%').trim().replace(/;\s*$/, '');
    }
    default:
      return undefined;
  }
}
