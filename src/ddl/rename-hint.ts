import type { Change } from '../compare/change.js';
import { ident, qualified } from './quote.js';

/**
 * The note a drop and a create carry when the comparator thinks they are one object renamed
 * (`Change.renameHint`). A plan never renames on a guess: the reviewer may replace both
 * statements with the RENAME, which keeps the object's data, privileges and dependents.
 *
 * @example
 * renameNote({ objectType: 'column', schema: 'app', table: 't', name: 'b', renameHint: { from: 'a', to: 'b' }, … })
 * // 'looks like b renamed to a: `ALTER TABLE app.t RENAME COLUMN b TO a` would keep its data'
 */
export function renameNote(c: Change): string | null {
  if (!c.renameHint) return null;
  // `from` is the name the target has (missing from the database), `to` the one the database has.
  const newName = c.renameHint.from;
  const oldName = c.renameHint.to;
  const rename = renameSql(c, oldName, newName);
  return rename === null ? null : `looks like ${oldName} renamed to ${newName}: \`${rename}\` would keep its data`;
}

function renameSql(c: Change, oldName: string, newName: string): string | null {
  const schema = c.schema ?? '';
  const table = qualified(schema, c.table ?? '');
  switch (c.objectType) {
    case 'column':
      return `ALTER TABLE ${table} RENAME COLUMN ${ident(oldName)} TO ${ident(newName)}`;
    case 'constraint':
      return `ALTER TABLE ${table} RENAME CONSTRAINT ${ident(oldName)} TO ${ident(newName)}`;
    case 'trigger':
      return `ALTER TRIGGER ${ident(oldName)} ON ${table} RENAME TO ${ident(newName)}`;
    case 'policy':
      return `ALTER POLICY ${ident(oldName)} ON ${table} RENAME TO ${ident(newName)}`;
    case 'index':
      return `ALTER INDEX ${qualified(schema, oldName)} RENAME TO ${ident(newName)}`;
    case 'table':
    case 'sequence':
    case 'view':
    case 'materialized view':
      return `ALTER ${c.objectType === 'table' ? 'TABLE' : c.objectType === 'sequence' ? 'SEQUENCE' : c.objectType === 'view' ? 'VIEW' : 'MATERIALIZED VIEW'} ${qualified(schema, oldName)} RENAME TO ${ident(newName)}`;
    case 'enum':
    case 'composite type':
      return `ALTER TYPE ${qualified(schema, oldName)} RENAME TO ${ident(newName)}`;
    case 'domain':
      return `ALTER DOMAIN ${qualified(schema, oldName)} RENAME TO ${ident(newName)}`;
    case 'schema':
      return `ALTER SCHEMA ${ident(oldName)} RENAME TO ${ident(newName)}`;
    case 'function':
    case 'procedure': {
      // Routine names carry their signature: `f(a integer)`.
      const open = oldName.indexOf('(');
      const newOpen = newName.indexOf('(');
      return `ALTER ${c.objectType === 'function' ? 'FUNCTION' : 'PROCEDURE'} ${qualified(schema, oldName.slice(0, open))}${oldName.slice(open)} RENAME TO ${ident(newName.slice(0, newOpen < 0 ? newName.length : newOpen))}`;
    }
    default:
      return null;
  }
}
