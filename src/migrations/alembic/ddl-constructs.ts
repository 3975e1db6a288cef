import { CannotInterpret } from '../../python/errors.js';
import { qualifiedName, quoteIdentifier } from './identifiers.js';
import { SaObject } from './python-value.js';
import { compileType } from './sa-types.js';

/*
 * SQLAlchemy's DDL constructs (`sqlalchemy.schema.CreateSequence`, `DropSchema`, `DDL`…), as
 * its PostgreSQL compiler prints them: what `op.execute(construct)` and
 * `connection.execute(construct)` run, and what `create_all` runs for a `Sequence`.
 */

/** A `Sequence`'s name as SQLAlchemy prints it: its own schema, else `defaultSchema`. */
function sequenceName(seq: SaObject, defaultSchema: string | null, where: () => string): string {
  const name = seq.args[0] ?? seq.kw('name');
  if (typeof name !== 'string') throw new CannotInterpret(where(), 'a Sequence without a name');
  // quote=False prints a name as it is, which PostgreSQL then folds to lower case.
  if (seq.kw('quote') === false && quoteIdentifier(name) !== name) throw new CannotInterpret(where(), 'Sequence(quote=False) of a name that needs quoting');
  const schema = seq.kw('schema');
  return qualifiedName(name, typeof schema === 'string' ? schema : defaultSchema);
}

/** `Sequence('name', start=…, increment=…, metadata=…)` as SQLAlchemy's CREATE SEQUENCE. */
export function renderCreateSequence(seq: SaObject, defaultSchema: string | null, where: () => string): string {
  let sql = `CREATE SEQUENCE ${sequenceName(seq, defaultSchema, where)}`;
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
  // Each construct's parameters in SQLAlchemy's order: given by position or by name.
  let params: readonly string[] = [];
  const known = (...names: string[]) => {
    params = names;
    if (o.args.length > names.length) throw new CannotInterpret(where(), `${o.name}() with ${o.args.length} positional arguments`);
    for (const k of o.kwargs.keys()) if (!names.includes(k)) throw new CannotInterpret(where(), `${o.name}(${k}=…)`);
  };
  const arg = (name: string) => {
    const i = params.indexOf(name);
    return i < o.args.length ? o.args[i] : o.kw(name);
  };
  const flag = (name: string): boolean => arg(name) === true;
  const sequence = (): SaObject => {
    const seq = arg('element');
    if (!(seq instanceof SaObject) || seq.name !== 'sa.Sequence') throw new CannotInterpret(where(), `${o.name}() of something other than a Sequence`);
    // A MetaData gives the sequence its schema when it has none: not followed here.
    if (seq.kw('metadata') !== undefined) throw new CannotInterpret(where(), `${o.name}() of a Sequence bound to a MetaData`);
    return seq;
  };
  const schemaName = (): string => {
    const name = arg('name');
    if (typeof name !== 'string') throw new CannotInterpret(where(), `${o.name}() without a schema name`);
    return quoteIdentifier(name);
  };
  switch (o.name) {
    case 'sa.CreateSequence': {
      known('element', 'if_not_exists');
      const sql = renderCreateSequence(sequence(), null, where);
      return flag('if_not_exists') ? sql.replace(/^CREATE SEQUENCE /, 'CREATE SEQUENCE IF NOT EXISTS ') : sql;
    }
    case 'sa.DropSequence': {
      known('element', 'if_exists');
      return `DROP SEQUENCE ${flag('if_exists') ? 'IF EXISTS ' : ''}${sequenceName(sequence(), null, where)}`;
    }
    case 'sa.CreateSchema':
      known('name', 'if_not_exists');
      return `CREATE SCHEMA ${flag('if_not_exists') ? 'IF NOT EXISTS ' : ''}${schemaName()}`;
    case 'sa.DropSchema':
      known('name', 'cascade', 'if_exists');
      return `DROP SCHEMA ${flag('if_exists') ? 'IF EXISTS ' : ''}${schemaName()}${flag('cascade') ? ' CASCADE' : ''}`;
    case 'sa.DDL': {
      known('statement');
      const text = arg('statement');
      if (typeof text !== 'string') throw new CannotInterpret(where(), 'DDL() of something other than a string');
      // `statement % {}`: only `%%` survives it unchanged in meaning.
      if (/%(?!%)/.test(text.replace(/%%/g, ''))) throw new CannotInterpret(where(), "DDL() text with % substitutions (only %% is read)");
      return text.replace(/%%/g, '%').trim().replace(/;\s*$/, '');
    }
    default:
      return undefined;
  }
}
